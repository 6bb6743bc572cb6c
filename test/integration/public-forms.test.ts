import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { action as joinAction } from "~/routes/_public.join";
import { action as lostAction } from "~/routes/_public.me.lost";
import { HONEYPOT_FIELD } from "~/utils/publicForm.server";

import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";
import { useOutbox } from "../helpers/mail";
import { formRequest, settle } from "../helpers/requests";

let test: TestDatabase;
const outbox = useOutbox();
beforeAll(async () => {
  test = await createTestDatabase();
  vi.spyOn(console, "log").mockImplementation(() => {});
});
afterAll(async () => {
  vi.restoreAllMocks();
  await test.close();
});

const mails = outbox.lines;

const SIGN_UP: Record<string, string | string[]> = {
  intent: "join",
  first_name: "Mariam",
  email: "mariam@example.org",
  home_town: "tartu",
  preferred_locale: "en",
  lang_code: ["ar", "en"],
  lang_level: ["native", "fluent"],
  offers: ["food"],
  max_travel_minutes: "120",
  monthly_cap: "2",
  weekdays: ["6"],
  times_of_day: ["afternoon"],
  consent: "yes",
};

let ips = 0;
const join = (fields: Record<string, string | string[]>, clientIp = `192.0.2.${++ips}`) =>
  settle(() => joinAction({ request: formRequest("/join", fields), params: {}, context: { clientIp } }));
const lost = (fields: Record<string, string | string[]>, clientIp = `192.0.2.${++ips}`) =>
  settle(() => lostAction({ request: formRequest("/me/lost", fields), params: {}, context: { clientIp } }));

describe("the honeypot on /join and /me/lost", () => {
  it("a filled one on /join stores nothing and mails nothing, and looks like a sign-up that went through", async () => {
    const before = await rowCounts(test.db);
    const response = await join({ ...SIGN_UP, [HONEYPOT_FIELD]: "https://spam.example" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/join?sent=1");
    expect(await rowCounts(test.db)).toEqual(before);
    expect(await mails()).toEqual([]);
    // Only whitespace in it is a person's browser, not a bot: the same form goes through.
    const person = await join({ ...SIGN_UP, [HONEYPOT_FIELD]: "  " });
    expect(person.status).toBe(302);
    expect(person.headers.get("Location")).toBe("/join?sent=1");
    expect((await rowCounts(test.db)).participant).toBe(before.participant + 1);
    expect(await mails()).toHaveLength(1);
  });

  it("a filled one on /me/lost gives the usual answer but revokes, issues and mails nothing", async () => {
    // Mariam signed up above: without the honeypot her old link would be replaced and a new one mailed.
    const before = await rowCounts(test.db);
    const tokensBefore = await test.db.selectFrom("access_token").select(["id", "revoked_at"]).execute();
    const response = await lost({ email: "mariam@example.org", [HONEYPOT_FIELD]: "x" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ errors: {}, sent: true });
    expect(await rowCounts(test.db)).toEqual(before);
    expect(await test.db.selectFrom("access_token").select(["id", "revoked_at"]).execute()).toEqual(tokensBefore);
    expect(await mails()).toEqual([]);

    const person = await lost({ email: "mariam@example.org" });
    expect(await person.json()).toEqual({ errors: {}, sent: true });
    expect((await rowCounts(test.db)).access_token).toBe(before.access_token + 1);
    expect(await mails()).toHaveLength(1);
  });
});

describe("the per-address limit on /join and /me/lost", () => {
  it.each([
    ["/join", join, {}, { ...SIGN_UP, email: "late@example.org" }],
    ["/me/lost", lost, { email: "not an address" }, { email: "mariam@example.org" }],
  ] as const)("%s answers 429 to the 31st post in an hour from one address; other addresses go on", async (_form, post, bad, good) => {
    const before = await rowCounts(test.db);
    for (let i = 0; i < 30; i++) expect((await post(bad, "198.51.100.77")).status).toBe(400);
    const limited = await post(bad, "198.51.100.77");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    // The page tells how long to wait: the minutes, rounded up, agree with Retry-After.
    const { retryAfterMinutes } = (await limited.json()) as { retryAfterMinutes: number };
    expect(retryAfterMinutes).toBe(Math.ceil(Number(limited.headers.get("Retry-After")) / 60));
    // Over the limit even a valid post is turned away, before anything is stored or mailed.
    expect((await post(good, "198.51.100.77")).status).toBe(429);
    expect(await rowCounts(test.db)).toEqual(before);
    expect(await mails()).toEqual([]);

    expect((await post(bad, "198.51.100.78")).status).toBe(400);
  });

  it("counts each form on its own: a flood of /me/lost does not block a sign-up from the same address", async () => {
    for (let i = 0; i < 31; i++) await lost({ email: "" }, "198.51.100.90");
    expect((await lost({ email: "" }, "198.51.100.90")).status).toBe(429);
    const response = await join({ ...SIGN_UP, email: "same.address@example.org" }, "198.51.100.90");
    expect(response.status).toBe(302);
  });
});
