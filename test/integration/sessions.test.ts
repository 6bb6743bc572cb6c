import { createHash } from "node:crypto";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { createUser } from "~/models/user.server";
import { loader as adminLoader } from "~/routes/admin";
import { action as accountAction, loader as accountLoader } from "~/routes/admin.account";
import { action as usersAction } from "~/routes/admin.users";
import { action as loginAction } from "~/routes/_public.login";
import { action as logoutAction } from "~/routes/logout";
import { sessionStorage } from "~/utils/session.server";

import { loginAsNewCoordinator } from "../helpers/auth";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { formRequest, getRequest, settle } from "../helpers/requests";

const PASSWORD = "a long test password";
const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

let test: TestDatabase;
let admin: { cookie: string; userId: number };
beforeAll(async () => {
  test = await createTestDatabase();
  admin = await loginAsNewCoordinator("admin");
});
afterAll(() => test.close());
afterEach(() => {
  delete process.env.TUTTAV_NOW;
});

const at = (iso: string) => {
  process.env.TUTTAV_NOW = iso;
};
const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

let people = 0;
async function newCoordinator() {
  const email = `session${++people}@example.org`;
  const { id } = await createUser({ email, name: `Kai ${people}`, password: PASSWORD, role: "coordinator" });
  return { email, id };
}

/** Logs in as a browser with this User-Agent would; returns the session cookie. */
async function login(email: string, userAgent?: string): Promise<string> {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (userAgent) headers.set("User-Agent", userAgent);
  const request = new Request("http://localhost/login", { method: "POST", body: new URLSearchParams({ email, password: PASSWORD, redirectTo: "/admin" }), headers });
  const response = await settle(() => loginAction({ request, params: {}, context: {} }));
  expect(response.status).toBe(302);
  const session = response.headers.getSetCookie().find((c) => c.startsWith("__session="));
  expect(session).toBeDefined();
  return session!.split(";")[0];
}

/** Whether the cookie opens the coordinator pages. */
async function opens(cookie: string): Promise<boolean> {
  const response = await settle(() => adminLoader({ request: getRequest("/admin", { cookie }), params: {}, context: {} }));
  if (response.status === 302) return false;
  expect(response.status).toBe(200);
  return true;
}

const account = (cookie: string, fields: Record<string, string>) =>
  settle(() => accountAction({ request: formRequest("/admin/account", fields, { cookie }), params: {}, context: {} }));
const sessionRows = (userId: number) => test.db.selectFrom("session").selectAll().where("user_id", "=", userId).orderBy("id").execute();

describe("server-side sessions", () => {
  it("the cookie carries only a random id; the database keeps its SHA-256, the user, the times and a short device name", async () => {
    const me = await newCoordinator();
    const t0 = "2026-03-02T08:00:00.000Z";
    at(t0);
    const cookie = await login(me.email, FIREFOX_WINDOWS);
    const session = await sessionStorage.getSession(cookie);
    expect(Object.keys(session.data)).toEqual(["token"]);
    const token = session.get("token") as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await sessionRows(me.id);
    expect(rows).toEqual([
      { id: expect.any(Number), token_hash: sha256(token), user_id: me.id, created_at: t0, last_seen_at: t0, expires_at: later(t0, 12 * HOUR), user_agent: "Firefox · Windows" },
    ]);
    expect(JSON.stringify(await test.db.selectFrom("session").selectAll().execute())).not.toContain(token);
  });

  it("logging out deletes the session: the same cookie, replayed, opens nothing", async () => {
    const me = await newCoordinator();
    const cookie = await login(me.email);
    expect(await opens(cookie)).toBe(true);
    const out = await settle(() => logoutAction({ request: formRequest("/logout", {}, { cookie }), params: {}, context: {} }));
    expect(out.status).toBe(302);
    expect(await sessionRows(me.id)).toEqual([]);
    expect(await opens(cookie)).toBe(false);
  });

  it("a session unused for 12 hours ends; one in use ends 7 days after login", async () => {
    const me = await newCoordinator();
    const t0 = "2026-03-02T08:00:00.000Z";
    at(t0);
    const idle = await login(me.email);
    const busy = await login(me.email);
    at(later(t0, 11 * HOUR + 59 * MINUTE));
    expect(await opens(idle)).toBe(true);
    // Using it moved the idle limit on.
    at(later(t0, 23 * HOUR + 58 * MINUTE));
    expect(await opens(idle)).toBe(true);
    at(later(t0, 23 * HOUR + 58 * MINUTE + 12 * HOUR + MINUTE));
    expect(await opens(idle)).toBe(false);

    for (let hours = 11; hours < 7 * 24; hours += 11) {
      at(later(t0, hours * HOUR));
      expect(await opens(busy), `after ${hours} h`).toBe(true);
    }
    at(later(t0, 7 * DAY - MINUTE));
    expect(await opens(busy)).toBe(true);
    at(later(t0, 7 * DAY + 1000));
    expect(await opens(busy)).toBe(false);
  });

  it("the account page lists one's own sessions, marks this device, and ends another or all others, audited", async () => {
    const me = await newCoordinator();
    const here = await login(me.email, FIREFOX_WINDOWS);
    const phone = await login(me.email, SAFARI_IPHONE);
    const unknown = await login(me.email);
    const someoneElse = await newCoordinator();
    const theirs = await login(someoneElse.email);

    const page = await (await settle(() => accountLoader({ request: getRequest("/admin/account", { cookie: here }), params: {}, context: {} }))).json();
    expect(page.sessions).toHaveLength(3);
    expect(page.sessions.map((s: { device: string | null; current: boolean }) => [s.device, s.current]).sort()).toEqual(
      [
        ["Firefox · Windows", true],
        ["Safari · iOS", false],
        [null, false],
      ].sort(),
    );
    for (const s of page.sessions) expect(Object.keys(s).sort()).toEqual(["createdAt", "current", "device", "id", "lastSeenAt"]);
    const [phoneRow, unknownRow] = (await sessionRows(me.id)).slice(1);
    const [theirRow] = await sessionRows(someoneElse.id);

    const ended = await account(here, { intent: "end-session", sessionId: String(phoneRow.id) });
    expect(ended.status).toBe(200);
    expect(await ended.json()).toMatchObject({ ok: true, message: "sessions.ended" });
    expect(await opens(phone)).toBe(false);
    expect(await opens(here)).toBe(true);
    expect(await opens(unknown)).toBe(true);

    // Another person's session is not one's own to end.
    expect((await account(here, { intent: "end-session", sessionId: String(theirRow.id) })).status).toBe(404);
    expect(await opens(theirs)).toBe(true);

    const others = await account(here, { intent: "end-other-sessions" });
    expect(await others.json()).toMatchObject({ ok: true, message: "sessions.othersEnded" });
    expect(await opens(unknown)).toBe(false);
    expect(await opens(here)).toBe(true);
    expect(await opens(theirs)).toBe(true);

    const log = await test.db
      .selectFrom("audit_log")
      .select(["action", "actor_user_id", "entity", "entity_id", "details"])
      .where("actor_user_id", "=", me.id)
      .orderBy("id")
      .execute();
    expect(log).toEqual([
      { action: "session.end", actor_user_id: me.id, entity: "session", entity_id: phoneRow.id, details: "{}" },
      { action: "session.end_others", actor_user_id: me.id, entity: "user", entity_id: me.id, details: JSON.stringify({ sessions: 1 }) },
    ]);
    expect(unknownRow.user_id).toBe(me.id);
  });

  it("refuses a malformed session id with a message and ends nothing", async () => {
    const me = await newCoordinator();
    const here = await login(me.email);
    await login(me.email);
    for (const sessionId of ["", "abc", "-1", "0", "1.5", "99999999999999999999", "1; DROP TABLE session"]) {
      const response = await account(here, { intent: "end-session", sessionId });
      expect(response.status, sessionId).toBe(400);
      expect((await response.json()).message, sessionId).toBe("validation.invalid");
    }
    expect(await sessionRows(me.id)).toHaveLength(2);
  });

  it("log out everywhere, a new password and disabling the account delete the sessions", async () => {
    const me = await newCoordinator();
    const a = await login(me.email);
    await login(me.email);
    const everywhere = await account(a, { intent: "logout-everywhere" });
    expect(everywhere.status).toBe(302);
    expect(await sessionRows(me.id)).toEqual([]);
    expect(await opens(a)).toBe(false);
    expect(await test.db.selectFrom("audit_log").select(["action", "details"]).where("actor_user_id", "=", me.id).execute()).toEqual([
      { action: "session.end_all", details: JSON.stringify({ sessions: 2 }) },
    ]);

    const b = await login(me.email);
    const c = await login(me.email);
    const changed = await account(b, { intent: "password", current: PASSWORD, password: "lumi sajab vaikselt maha", passwordAgain: "lumi sajab vaikselt maha" });
    expect(changed.status).toBe(200);
    const renewed = changed.headers.get("Set-Cookie")!.split(";")[0];
    expect(await sessionRows(me.id)).toHaveLength(1);
    // This device goes on with a new id; the old one and the other device are out.
    expect(await opens(renewed)).toBe(true);
    expect(await opens(b)).toBe(false);
    expect(await opens(c)).toBe(false);

    const disabled = await settle(() =>
      usersAction({ request: formRequest("/admin/users", { intent: "toggle", userId: String(me.id), disabled: "1" }, { cookie: admin.cookie }), params: {}, context: {} }),
    );
    expect(disabled.status).toBe(200);
    expect(await sessionRows(me.id)).toEqual([]);
    expect(await opens(renewed)).toBe(false);
  });
});
