import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { HOST_LINK_DAYS_AFTER_WINDOW, hostLinkExpiry } from "~/domain/schedule/hostLink";
import { revokeTokens } from "~/models/token.server";
import { action as statusAction, loader as statusLoader } from "~/routes/_public.request_.status.$token";
import { hashToken } from "~/utils/token.server";

import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { fileHostRequest } from "../helpers/hostRequest";
import { formRequest, getRequest, settle } from "../helpers/requests";

// Tuesday 5 May 2026, noon in Tallinn (summer time, UTC+3).
const FILED = "2026-05-05T09:00:00.000Z";
// The host asks for any day up to 30 June 2026; the link works through the 180th day after
// (27 December 2026, winter time) and stops at the Tallinn midnight that ends it.
const WINDOW_TO = "2026-06-30";
const EXPIRES = "2026-12-27T22:00:00.000Z";

let test: TestDatabase;
beforeAll(async () => {
  process.env.TUTTAV_NOW = FILED;
  test = await createTestDatabase({ now: new Date(FILED) });
});
afterEach(() => {
  process.env.TUTTAV_NOW = FILED;
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

const fileRequest = (organisation: string) => fileHostRequest(test.db, { organisation, windowTo: WINDOW_TO });

const status = (token: string, lng = "en") => settle(() => statusLoader({ request: getRequest(`/request/status/${token}?lng=${lng}`), params: { token }, context: {} }));
const withdraw = (token: string) => settle(() => statusAction({ request: formRequest(`/request/status/${token}?lng=en`, { intent: "withdraw" }), params: { token }, context: {} }));

describe("a host's status link", () => {
  it(`expires ${HOST_LINK_DAYS_AFTER_WINDOW} days after the last wished date, at Tallinn midnight`, () => {
    expect(hostLinkExpiry(WINDOW_TO)).toBe(EXPIRES);
    // Clocks go forward on 28 March 2027: Tallinn midnight is 22:00 UTC before it and 21:00 UTC after.
    expect(hostLinkExpiry("2026-09-28")).toBe("2027-03-27T22:00:00.000Z");
    expect(hostLinkExpiry("2026-09-29")).toBe("2027-03-28T21:00:00.000Z");
  });

  it("is stored with that expiry and works until the last moment before it", async () => {
    const { id, token } = await fileRequest("Kärdla Kohvik");
    const row = await test.db.selectFrom("access_token").select(["expires_at", "purpose"]).where("token_hash", "=", hashToken(token)).executeTakeFirstOrThrow();
    expect(row).toEqual({ expires_at: EXPIRES, purpose: "host_request" });

    expect((await status(token)).status).toBe(200);
    process.env.TUTTAV_NOW = new Date(Date.parse(EXPIRES) - 1000).toISOString();
    const lastDay = await status(token);
    expect(lastDay.status).toBe(200);
    expect((await lastDay.json()).request.id).toBe(id);
  });

  it("past its expiry shows a calm 'expired' page in the reader's language, and nothing of the request", async () => {
    const { token } = await fileRequest("Hiiu Raamatukogu");
    process.env.TUTTAV_NOW = EXPIRES;
    for (const [lng, title] of [
      ["en", "This link has expired — Tuttav"],
      ["uk", "Термін дії посилання минув — Tuttav"],
    ]) {
      const response = await status(token, lng);
      expect(response.status).toBe(404);
      expect(response.headers.get("X-Robots-Tag")).toBe("noindex, nofollow");
      expect(response.headers.get("Cache-Control")).toBe("private, no-store");
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ expired: true, title });
      expect(text).not.toMatch(/Hiiu|piret|Kärdla|5333/);
    }
  });

  it("past its expiry cannot withdraw the request", async () => {
    const { id, token } = await fileRequest("Emmaste Selts");
    process.env.TUTTAV_NOW = "2027-06-01T09:00:00.000Z";
    const before = await rowCounts(test.db);
    const response = await withdraw(token);
    expect(response.status).toBe(404);
    expect((await response.json()).expired).toBe(true);
    expect(await rowCounts(test.db)).toEqual(before);
    expect((await test.db.selectFrom("event_request").select("state").where("id", "=", id).executeTakeFirstOrThrow()).state).toBe("new");
    // The same link, still in time, could.
    process.env.TUTTAV_NOW = FILED;
    expect((await withdraw(token)).status).toBe(200);
  });

  it("an unknown or revoked link stays a plain 'not found', whether or not its time is up", async () => {
    const { id, token } = await fileRequest("Käina Noortekeskus");
    await revokeTokens(test.db, "host_request", id);
    const unknown = "u".repeat(43);
    for (const now of [FILED, "2027-06-01T09:00:00.000Z"]) {
      process.env.TUTTAV_NOW = now;
      for (const link of [token, unknown]) {
        const response = await status(link);
        expect(response.status).toBe(404);
        expect(await response.text()).toBe("Not found");
      }
    }
  });
});
