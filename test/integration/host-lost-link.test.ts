import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { MAX_TRIES } from "~/models/outbox/claims.server";
import { action as lostAction } from "~/routes/_public.request_.lost";
import { loader as statusLoader } from "~/routes/_public.request_.status.$token";

import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { fileHostRequest } from "../helpers/hostRequest";
import { deliverOutbox, useOutbox, withMailDown } from "../helpers/mail";
import { formRequest, getRequest, settle } from "../helpers/requests";

// Tuesday 5 May 2026, noon in Tallinn.
const FILED = "2026-05-05T09:00:00.000Z";

const outbox = useOutbox();
let test: TestDatabase;

beforeAll(async () => {
  process.env.TUTTAV_NOW = FILED;
  test = await createTestDatabase({ now: new Date(FILED) });
});
afterAll(async () => {
  delete process.env.TUTTAV_NOW;
  await test.close();
});

let posts = 0;
const askAgain = (email: string) =>
  settle(() => lostAction({ request: formRequest("/request/lost?lng=en", { email }), params: {}, context: { clientIp: `198.51.100.${++posts}` } }));
const statusOf = async (token: string) => (await settle(() => statusLoader({ request: getRequest(`/request/status/${token}?lng=en`), params: { token }, context: {} }))).status;
const tokensIn = (text: string) => [...text.matchAll(/http:\/\/localhost:3000\/request\/status\/([A-Za-z0-9_-]{43})/g)].map((m) => m[1]);

describe("a host who lost their status link", () => {
  it("gets new links to every open request made with their address, in one message in their language; the old links stop working", async () => {
    const email = "piret@kassari.example";
    const first = await fileHostRequest(test.db, { organisation: "Kassari Kohvik", windowTo: "2026-07-31", email, lng: "uk" });
    const second = await fileHostRequest(test.db, { organisation: "Kassari Raamatukogu", windowTo: "2026-08-31", email, lng: "uk" });
    const answer = await askAgain("  Piret@Kassari.example ");
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ errors: {}, sent: true });

    const [mail] = await outbox.messages();
    expect(mail.to).toBe(email);
    expect(mail.subject).toBe("Ваші нові посилання Tuttav на статус заявок");
    const fresh = tokensIn(mail.text);
    expect(fresh).toHaveLength(2);
    expect(mail.text).toContain("Kassari Kohvik");
    for (const token of fresh) expect(await statusOf(token)).toBe(200);
    expect(await statusOf(first.token)).toBe(404);
    expect(await statusOf(second.token)).toBe(404);
  });

  it("answers the same for an unknown address, and sends and changes nothing", async () => {
    const before = await rowCounts(test.db);
    const answer = await askAgain("nobody@nowhere.example");
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ errors: {}, sent: true });
    expect(await outbox.messages()).toEqual([]);
    expect(await rowCounts(test.db)).toEqual(before);
  });

  it("keeps the old link working when the message cannot go", async () => {
    const host = await fileHostRequest(test.db, { organisation: "Emmaste Kool", windowTo: "2026-07-31", email: "mari@emmaste.example" });
    const answer = await askAgain("mari@emmaste.example");
    expect(answer.status).toBe(200);
    const live = () =>
      test.db.selectFrom("access_token").select("id").where("purpose", "=", "host_request").where("subject_id", "=", host.id).where("revoked_at", "is", null).execute();
    // A failed try: both links work while the message waits for the next one.
    await withMailDown(deliverOutbox);
    expect(await statusOf(host.token)).toBe(200);
    expect(await live()).toHaveLength(2);
    // The last try fails too: the new link is revoked, the old one still works.
    await test.db.updateTable("message").set({ tries: MAX_TRIES, next_attempt_at: FILED }).where("request_id", "=", host.id).where("state", "=", "pending").execute();
    await withMailDown(deliverOutbox);
    expect(await statusOf(host.token)).toBe(200);
    expect(await live()).toHaveLength(1);
    expect(await test.db.selectFrom("message").select("state").where("request_id", "=", host.id).where("kind", "=", "host_link_resent").execute()).toEqual([{ state: "failed" }]);
  });

  it("sends nothing for a request whose link has run out (the event window long over)", async () => {
    await fileHostRequest(test.db, { organisation: "Sõru Sadam", windowTo: "2026-06-30", email: "ago@soru.example" });
    process.env.TUTTAV_NOW = "2027-06-01T09:00:00.000Z";
    try {
      expect((await askAgain("ago@soru.example")).status).toBe(200);
      expect(await outbox.messages()).toEqual([]);
    } finally {
      process.env.TUTTAV_NOW = FILED;
    }
  });

  it("refuses a malformed address with a message next to the field", async () => {
    const answer = await askAgain("not an address");
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ errors: { email: "validation.email" }, sent: false });
  });
});
