import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// Count password checks: every scrypt verification goes through verifyPassword.
vi.mock("~/utils/password.server", async (importOriginal) => {
  const actual = await importOriginal<typeof import("~/utils/password.server")>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

import { createUser } from "~/models/user.server";
import { i18next } from "~/i18n/i18next.server";
import { action as loginAction } from "~/routes/_public.login";
import { action as logoutAction } from "~/routes/logout";
import { verifyPassword } from "~/utils/password.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { formRequest, settle } from "../helpers/requests";

const checks = vi.mocked(verifyPassword);
const PASSWORD = "correct horse battery";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.close());
afterEach(() => {
  delete process.env.TUTTAV_NOW;
});

let accounts = 0;
async function newAccount(): Promise<string> {
  const email = `throttled${++accounts}@example.org`;
  await createUser({ email, name: "Kai", password: PASSWORD, role: "coordinator" });
  return email;
}

const attempt = (email: string, password: string, ip: string, cookie?: string) =>
  settle(() => loginAction({ request: formRequest("/login", { email, password, redirectTo: "/admin" }, { cookie }), params: {}, context: { clientIp: ip } }));

/** A browser's cookies: what responses set, minus what they delete; `header()` is what it sends back. */
function cookieJar() {
  const cookies = new Map<string, string>();
  return {
    take(response: Response) {
      for (const line of response.headers.getSetCookie()) {
        const [pair, ...attributes] = line.split(";");
        const name = pair.slice(0, pair.indexOf("="));
        const deleted = pair.endsWith("=") || attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
        if (deleted) cookies.delete(name);
        else cookies.set(name, pair);
      }
      return this;
    },
    header: () => [...cookies.values()].join("; "),
  };
}
const cookiesOf = (response: Response) => cookieJar().take(response).header();

let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter % 250}-${ipCounter}`;

const at = (iso: string) => {
  process.env.TUTTAV_NOW = iso;
};
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

describe("login throttle", () => {
  it("30 parallel wrong passwords for one account, from 30 addresses: only 5 passwords are checked", async () => {
    const email = await newAccount();
    checks.mockClear();
    const responses = await Promise.all(Array.from({ length: 30 }, () => attempt(email, "wrong password", freshIp())));
    expect(checks).toHaveBeenCalledTimes(5);
    expect(responses.filter((r) => r.status === 400)).toHaveLength(5);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(25);
  });

  it("30 parallel wrong passwords from one address, each for another account: only 10 are checked", async () => {
    checks.mockClear();
    const ip = freshIp();
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(`nobody-parallel-${i}@example.org`, "wrong password", ip)));
    expect(checks).toHaveBeenCalledTimes(10);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(20);
    // The right password from that address waits too: the address limit holds for everyone.
    const email = await newAccount();
    expect((await attempt(email, PASSWORD, ip)).status).toBe(429);
  });

  it("an attacker's failures do not keep the coordinator out of a browser they logged in from before", async () => {
    // Time stands still, so the attacker's delay cannot run out while the test runs.
    at("2026-03-02T08:00:00.000Z");
    const email = await newAccount();
    const first = await attempt(email, PASSWORD, freshIp());
    expect(first.status).toBe(302);
    const browser = cookieJar().take(first);
    browser.take(await settle(() => logoutAction({ request: formRequest("/logout", {}, { cookie: browser.header() }), params: {}, context: {} })));
    const afterLogout = browser.header();

    for (let i = 0; i < 5; i++) expect((await attempt(email, "guess " + i, freshIp())).status).toBe(400);
    checks.mockClear();
    expect((await attempt(email, "guess 6", freshIp())).status).toBe(429);
    expect((await attempt(email, PASSWORD, freshIp())).status).toBe(429);
    expect(checks).not.toHaveBeenCalled();

    const back = await attempt(email, PASSWORD, freshIp(), afterLogout);
    expect(back.status).toBe(302);
    expect(back.headers.get("Location")).toBe("/admin");
    // And the attacker is still held back.
    expect((await attempt(email, "guess 7", freshIp())).status).toBe(429);
  });

  it("a browser holding a session of the account gets past the delay too", async () => {
    at("2026-03-02T08:00:00.000Z");
    const email = await newAccount();
    const first = await attempt(email, PASSWORD, freshIp());
    const sessionOnly = first.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .filter((c) => c.startsWith("__session="))
      .join("; ");
    expect(sessionOnly).not.toBe("");
    for (let i = 0; i < 5; i++) await attempt(email, "guess " + i, freshIp());
    expect((await attempt(email, PASSWORD, freshIp())).status).toBe(429);
    expect((await attempt(email, PASSWORD, freshIp(), sessionOnly)).status).toBe(302);
  });

  it("a browser known for another account does not skip this account's delay", async () => {
    at("2026-03-02T08:00:00.000Z");
    const other = await newAccount();
    const knownForOther = cookiesOf(await attempt(other, PASSWORD, freshIp()));
    const email = await newAccount();
    for (let i = 0; i < 5; i++) await attempt(email, "guess " + i, freshIp());
    expect((await attempt(email, PASSWORD, freshIp(), knownForOther)).status).toBe(429);
  });

  it("after 5 failures each further attempt waits longer: 1 s, 2 s, 4 s … at most 15 minutes, and says so", async () => {
    const email = await newAccount();
    let now = "2026-03-02T08:00:00.000Z";
    at(now);
    for (let i = 0; i < 5; i++) expect((await attempt(email, "guess " + i, freshIp())).status).toBe(400);
    const waits: number[] = [];
    checks.mockClear();
    for (let round = 0; round < 12; round++) {
      const refused = await attempt(email, "guess", freshIp());
      expect(refused.status).toBe(429);
      const wait = Number(refused.headers.get("Retry-After"));
      waits.push(wait);
      // One second early is still too early.
      if (wait > 1) {
        at(plus(now, wait - 1));
        expect((await attempt(email, "guess", freshIp())).status).toBe(429);
      }
      now = plus(now, wait);
      at(now);
      expect((await attempt(email, "guess", freshIp())).status).toBe(400);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    expect(checks).toHaveBeenCalledTimes(12);

    const refused = await attempt(email, PASSWORD, freshIp());
    const body = await refused.json();
    expect(body).toEqual({ errors: {}, formError: "loginWait.minutes", count: 15 });
    const texts = await Promise.all(["et", "en", "ru", "uk"].map(async (lng) => (await i18next.getFixedT(lng))(body.formError, { count: body.count })));
    expect(new Set(texts).size).toBe(4);
    for (const text of texts) expect(text).toContain("15");

    // After the wait, the right password gets in, and the count starts again.
    now = plus(now, 900);
    at(now);
    expect((await attempt(email, PASSWORD, freshIp())).status).toBe(302);
    for (let i = 0; i < 5; i++) expect((await attempt(email, "guess " + i, freshIp())).status).toBe(400);
    const short = await attempt(email, "guess", freshIp());
    expect(await short.json()).toEqual({ errors: {}, formError: "loginWait.seconds", count: 1 });
  });

  it("a coordinator who types the password right is never slowed down, however often", async () => {
    const email = await newAccount();
    const ip = freshIp();
    // More than the address allows (10) and the account lets through free (5).
    for (let i = 0; i < 12; i++) expect((await attempt(email, PASSWORD, ip)).status).toBe(302);
  });
});
