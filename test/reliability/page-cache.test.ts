/**
 * The cache of rendered anonymous public pages (app/utils/pageCache.server.ts), over real HTTP
 * against the built app started the way `npm start` starts it (NODE_ENV=production with
 * TUTTAV_DEMO=1): a second anonymous visit is answered from the cache with its own CSP nonce, an
 * edit (through the app, or by another process) is seen at once, and nothing behind a login or a
 * private link is ever cached.
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, migrateToLatest } from "#db/connection";
import { DEMO_LOGIN, DEMO_TOKENS } from "#db/seed/demo";
import { seedDatabase } from "#db/seed/index";

import { buildApp, freePort, startServer } from "../helpers/server";

let dir: string;
let buildDir: string;
let server: ChildProcess | undefined;
let base: string;
let databaseFile: string;

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

/** An edit made by another process (a script, a second server): the server's own counter does not see it. */
function editElsewhere(statement: string, ...params: unknown[]) {
  const sqlite = new SQLite(databaseFile);
  try {
    sqlite.prepare(statement).run(...params);
  } finally {
    sqlite.close();
  }
}

beforeAll(async () => {
  buildDir = buildApp("page-cache");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-page-cache-"));
  databaseFile = path.join(dir, "demo.sqlite");
  const { db } = createDb(databaseFile);
  await migrateToLatest(db);
  await seedDatabase(db, { now: new Date(), demo: true });
  await db.destroy();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // As `npm start` runs it (scripts/start.mjs): React's production build, the demo's settings.
  server = await startServer({ buildDir, databasePath: databaseFile, port, env: { NODE_ENV: "production", TUTTAV_DEMO: "1", MAIL_WORKER: "off" } });
});

afterAll(() => {
  server?.kill();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  if (buildDir) fs.rmSync(buildDir, { recursive: true, force: true });
});

describe("rendered public pages", () => {
  it("answer a second anonymous visit from the cache, each with its own nonce matching its CSP header", async () => {
    const first = await get("/events?region=EE-74");
    const second = await get("/events?region=EE-74");
    const third = await get("/events?region=EE-74");
    expect(first.status).toBe(200);
    expect(first.cache).toBe("miss");
    expect(second.cache).toBe("hit");
    expect(third.cache).toBe("hit");
    const seen = new Set<string>();
    for (const page of [first, second, third]) {
      const { header, inPage } = nonces(page);
      expect(header).not.toBe("");
      expect(inPage.length).toBeGreaterThan(0);
      for (const nonce of inPage) expect(nonce).toBe(header);
      seen.add(header);
    }
    expect(seen.size).toBe(3);
    // The same page otherwise.
    expect(second.text.replaceAll(nonces(second).header, "N")).toBe(first.text.replaceAll(nonces(first).header, "N"));
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
    const draft = await (async () => {
      const sqlite = new SQLite(databaseFile, { readonly: true });
      try {
        return sqlite.prepare("SELECT id, starts_at FROM event WHERE state = 'draft' AND is_public = 1 ORDER BY starts_at LIMIT 1").get() as { id: number; starts_at: string };
      } finally {
        sqlite.close();
      }
    })();
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
    const sqlite = new SQLite(databaseFile, { readonly: true });
    const event = sqlite.prepare("SELECT id FROM event WHERE state IN ('planned', 'confirmed') AND is_public = 1 AND starts_at > ? ORDER BY starts_at LIMIT 1").get(new Date().toISOString()) as { id: number };
    sqlite.close();
    await get(`/events/${event.id}`);
    expect((await get(`/events/${event.id}`)).cache).toBe("hit");
    editElsewhere("UPDATE event SET title = ?, updated_at = ? WHERE id = ?", JSON.stringify({ et: "Uus pealkiri vahemälu testiks" }), new Date().toISOString(), event.id);
    const after = await get(`/events/${event.id}`);
    expect(after.cache).toBe("miss");
    expect(after.text).toContain("Uus pealkiri vahemälu testiks");
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

  it("runs as the demo: no HSTS on plain HTTP", async () => {
    expect((await get("/")).hsts).toBeNull();
  });
});
