/**
 * The cache of rendered anonymous public pages (app/utils/pageCache.server.ts), over real HTTP
 * against the built app started the way `npm start` starts it (NODE_ENV=production with
 * TUTTAV_DEMO=1): a second anonymous visit is answered from the cache with the same bytes (compressed
 * once, when stored), its CSP allowing exactly its inline scripts by hash, an edit (through the
 * app, or by another process) is seen at once, and nothing behind a login or a private link is
 * ever cached. On SQLite or, with TEST_DATABASE_URL, on PostgreSQL.
 */
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import http from "node:http";
import zlib from "node:zlib";

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { DEMO_LOGIN, DEMO_TOKENS } from "#db/seed/demo";

import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { freePort, startServer } from "../helpers/server";

let server: ChildProcess | undefined;
let base: string;
let test: TestDatabase;

type Page = { status: number; cache: string | null; csp: string; setCookies: string[]; hsts: string | null; text: string };

async function get(pagePath: string, headers: Record<string, string> = {}): Promise<Page> {
  const response = await fetch(base + pagePath, { headers, redirect: "manual" });
  return {
    status: response.status,
    cache: response.headers.get("X-Tuttav-Cache"),
    csp: response.headers.get("Content-Security-Policy") ?? "",
    setCookies: response.headers.getSetCookie(),
    hsts: response.headers.get("Strict-Transport-Security"),
    text: await response.text(),
  };
}

/** The nonce of the CSP header, and every nonce attribute in the page. */
function nonces(page: Page): { header: string; inPage: string[] } {
  return { header: /'nonce-([^']+)'/.exec(page.csp)?.[1] ?? "", inPage: [...page.text.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]) };
}

/** The script-src sources of a CSP header. */
const scriptSources = (csp: string) => (/(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? "").trim().split(/\s+/);

/** The SHA-256 source of every inline script in a page, as a browser computes it. */
function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter(([, attributes]) => !/\ssrc=/.test(attributes))
    .map(([, , text]) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`);
}

/** The bytes on the wire (fetch would decode them), with the encoding they are in. */
function raw(pagePath: string, acceptEncoding: string, userAgent: string): Promise<{ encoding: string | undefined; csp: string; cache: string | undefined; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(base + pagePath, { headers: { "Accept-Encoding": acceptEncoding, "User-Agent": userAgent } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            encoding: response.headers["content-encoding"],
            csp: String(response.headers["content-security-policy"] ?? ""),
            cache: response.headers["x-tuttav-cache"] as string | undefined,
            bytes: Buffer.concat(chunks),
          }),
        );
      })
      .on("error", reject);
  });
}

async function login(): Promise<string> {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password, redirectTo: "/admin" }),
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  const cookies = response.headers.getSetCookie();
  // The demo runs on plain HTTP: its session cookie must not be Secure.
  expect(cookies.join("\n")).not.toMatch(/;\s*Secure/i);
  return cookies.map((c) => c.split(";")[0]).join("; ");
}

/**
 * The demo organisation's settings, changed by another process (this test's own connection, as a
 * script or a second server would): the server's own counter does not see it, so everything
 * stored before is stale.
 */
async function touchSettingsElsewhere() {
  const { numUpdatedRows } = await test.db.updateTable("organisation_setting").set({ updated_at: new Date().toISOString() }).where("id", "=", 1).executeTakeFirst();
  expect(Number(numUpdatedRows)).toBe(1);
}

beforeAll(async () => {
  test = await createTestDatabase({ demo: true });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // As `npm start` runs it (scripts/start.mjs): React's production build, the demo's settings.
  server = await startServer({ buildDir: inject("buildDir"), database: test.env, port, env: { NODE_ENV: "production", TUTTAV_DEMO: "1", MAIL_WORKER: "off" } });
});

afterAll(async () => {
  server?.kill();
  await test?.close();
});

describe("rendered public pages", () => {
  it("answer every anonymous visitor with the same bytes, whose CSP allows exactly their inline scripts by hash", async () => {
    const first = await get("/events?region=EE-74");
    const second = await get("/events?region=EE-74", { "User-Agent": "another visitor" });
    const third = await get("/events?region=EE-74");
    expect(first.status).toBe(200);
    expect([first.cache, second.cache, third.cache]).toEqual(["miss", "hit", "hit"]);
    expect(second.text).toBe(first.text);
    expect(third.text).toBe(first.text);
    for (const page of [first, second, third]) {
      // No nonce anywhere: the page is everyone's, so its scripts are allowed by their hashes.
      expect(page.text).not.toContain("nonce=");
      expect(page.csp).not.toContain("'nonce-");
      const hashes = inlineScriptHashes(page.text);
      expect(hashes.length).toBeGreaterThan(1);
      expect(scriptSources(page.csp).sort()).toEqual(["'self'", ...new Set(hashes)].sort());
    }
    // A page that is not stored keeps its own nonce.
    const request = await get("/request");
    expect([request.status, request.cache]).toEqual([200, null]);
    const { header, inPage } = nonces(request);
    expect(header).not.toBe("");
    expect(inPage.length).toBeGreaterThan(0);
    for (const nonce of inPage) expect(nonce).toBe(header);
  });

  it("send the stored page compressed once: the same gzip and brotli bytes to every visitor", async () => {
    const identity = (await get("/events?kind=forum")).text;
    for (const [encoding, decode] of [
      ["gzip", zlib.gunzipSync],
      ["br", zlib.brotliDecompressSync],
    ] as const) {
      const [one, two] = [await raw("/events?kind=forum", encoding, "one"), await raw("/events?kind=forum", `${encoding}, deflate`, "two")];
      expect([one.cache, two.cache]).toEqual(["hit", "hit"]);
      expect([one.encoding, two.encoding]).toEqual([encoding, encoding]);
      expect(one.bytes.equals(two.bytes)).toBe(true);
      expect(decode(one.bytes).toString("utf8")).toBe(identity);
      expect(one.csp).toBe(two.csp);
    }
    const both = await raw("/events?kind=forum", "gzip, deflate, br", "three");
    expect(both.encoding).toBe("br");
  });

  it("keeps one page per language, and sets the ?lng= cookie afresh on a hit", async () => {
    const ru1 = await get("/?lng=ru");
    const ru2 = await get("/?lng=ru");
    expect(ru2.cache).toBe("hit");
    expect(ru2.text).toContain('lang="ru"');
    expect(ru1.setCookies).toHaveLength(1);
    expect(ru2.setCookies).toEqual(ru1.setCookies);
    const uk1 = await get("/", { Cookie: "lng=" + encodeURIComponent(Buffer.from('"uk"').toString("base64")) });
    const uk2 = await get("/", { Cookie: "lng=" + encodeURIComponent(Buffer.from('"uk"').toString("base64")) });
    expect(uk1.text).toContain('lang="uk"');
    expect(uk2.cache).toBe("hit");
    expect(uk2.text).toContain('lang="uk"');
    expect(uk2.setCookies).toEqual([]);
    const et = await get("/");
    expect(et.text).toContain('lang="et"');
  });

  it("shows an event published through the app at once", async () => {
    const draft = await test.db
      .selectFrom("event")
      .select(["id", "starts_at"])
      .where("state", "=", "draft")
      .where("is_public", "=", 1)
      .orderBy("starts_at")
      .limit(1)
      .executeTakeFirstOrThrow();
    const listPath = `/events?month=${draft.starts_at.slice(0, 7)}`;
    const cookie = await login();
    await get(listPath);
    const before = await get(listPath);
    expect(before.cache).toBe("hit");
    expect(before.text).not.toContain(`href="/events/${draft.id}"`);
    const publish = await fetch(`${base}/admin/events/${draft.id}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, Cookie: cookie },
      body: new URLSearchParams({ intent: "transition", to: "planned" }),
      redirect: "manual",
    });
    expect(publish.status).toBe(200);
    const after = await get(listPath);
    expect(after.cache).toBe("miss");
    expect(after.text).toContain(`href="/events/${draft.id}"`);
  });

  it("shows a title changed by another process at once", async () => {
    const event = await test.db
      .selectFrom("event")
      .select("id")
      .where("state", "in", ["planned", "confirmed"])
      .where("is_public", "=", 1)
      .where("starts_at", ">", new Date().toISOString())
      .orderBy("starts_at")
      .limit(1)
      .executeTakeFirstOrThrow();
    await get(`/events/${event.id}`);
    expect((await get(`/events/${event.id}`)).cache).toBe("hit");
    // Changed by another process (this test's own connection, as a script or a second server would).
    await test.db
      .updateTable("event")
      .set({ title: JSON.stringify({ et: "Uus pealkiri vahemälu testiks" }), updated_at: new Date().toISOString() })
      .where("id", "=", event.id)
      .execute();
    const after = await get(`/events/${event.id}`);
    expect(after.cache).toBe("miss");
    expect(after.text).toContain("Uus pealkiri vahemälu testiks");
  });

  it("never stores what a logged-in visitor was shown", async () => {
    const cookie = await login();
    // The data changes, so nothing stored before counts; the logged-in visit comes first.
    await touchSettingsElsewhere();
    const personal = await get("/?lng=en", { Cookie: cookie });
    expect(personal.cache).toBeNull();
    // Public pages read no session, so that visit wrote nothing: had it been stored, this would be a hit.
    const anonymous = await get("/?lng=en");
    expect(anonymous.cache).toBe("miss");
    expect((await get("/?lng=en")).cache).toBe("hit");
    expect(anonymous.setCookies.join("\n")).not.toContain("__session");
  });

  it("never caches a page for a logged-in coordinator, a private link or any other cookie", async () => {
    const cookie = await login();
    for (const [pagePath, headers] of [
      ["/", { Cookie: cookie }],
      ["/events", { Cookie: cookie }],
      [`/me/${DEMO_TOKENS.participant}`, {}],
      [`/request/status/${DEMO_TOKENS.host}`, {}],
      ["/admin/events", { Cookie: cookie }],
      ["/events", { Cookie: "something=else" }],
    ] as const) {
      const first = await get(pagePath, headers);
      const second = await get(pagePath, headers);
      expect(first.status, pagePath).toBe(200);
      expect([first.cache, second.cache], pagePath).toEqual([null, null]);
    }
  });

  it("answers the empty /join and /login forms from the cache, but never a posted answer, nor a known or logged-in browser", async () => {
    // Whatever earlier tests stored is stale after this.
    await touchSettingsElsewhere();
    for (const pagePath of ["/join?lng=uk", "/login?lng=en", "/login?redirectTo=%2Fadmin%2Fevents"]) {
      const first = await get(pagePath);
      const second = await get(pagePath);
      expect([first.status, second.status], pagePath).toEqual([200, 200]);
      expect([first.cache, second.cache], pagePath).toEqual(["miss", "hit"]);
      expect(second.text, pagePath).toBe(first.text);
    }
    expect((await get("/login?redirectTo=%2Fadmin%2Fevents")).text).toContain('name="redirectTo" value="/admin/events"');
    // A wrong password: the answer names the error, is not stored, and the next visitor gets the empty form.
    const blank = await get("/login?lng=en");
    const posted = await fetch(`${base}/login?lng=en`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
      body: new URLSearchParams({ email: "nobody@tuttav.test", password: "wrong", redirectTo: "/admin" }),
      redirect: "manual",
    });
    expect(posted.status).toBe(400);
    expect(posted.headers.get("X-Tuttav-Cache")).toBeNull();
    const postedText = await posted.text();
    expect(postedText).toContain('role="alert"');
    const after = await get("/login?lng=en");
    // On PostgreSQL the failed attempt is a row of rate_counter (the login throttle every process
    // shares), a change to the database, so the stored form was dropped and is rendered afresh; on
    // SQLite the throttle is in memory and the stored form is still there.
    expect(after.cache).toBe(test.dialect === "postgres" ? "miss" : "hit");
    expect(after.text).toBe(blank.text);
    expect(after.text).not.toContain('role="alert"');
    const again = await get("/login?lng=en");
    expect([again.cache, again.text === blank.text]).toEqual(["hit", true]);
    // Logged in: sent on to the coordinators' pages, never from the cache; a known browser gets its own render.
    const cookie = await login();
    const loggedIn = await get("/login?lng=en", { Cookie: cookie });
    expect([loggedIn.status, loggedIn.cache]).toEqual([302, null]);
    const known = cookie.split("; ").find((c) => c.startsWith("__known="))!;
    for (let visit = 0; visit < 2; visit++) expect((await get("/login?lng=en", { Cookie: known })).cache).toBeNull();
  });

  it("runs as the demo: no HSTS on plain HTTP", async () => {
    expect((await get("/")).hsts).toBeNull();
  });
});
