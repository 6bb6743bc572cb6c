/**
 * Page benchmark: `tsx scripts/bench/pages.ts [--build DIR] [--server FILE] [--duration 10] [--connections 50] [--runs 5] [--events 1000]`.
 *
 * Builds the app (unless --build names an existing `remix build` output), seeds a temporary
 * database with the demo season plus --events upcoming public events, and starts the server the
 * way `npm start` does (the same environment: see START_ENV). Then, with autocannon (--connections
 * connections for --duration seconds each, one path after another, `Accept-Encoding: gzip` as a
 * browser sends it), measures:
 *   - a static asset (the app's fingerprinted CSS: the ceiling for this machine);
 *   - anonymous `/`, `/events`, `/events?region=EE-74&lng=ru`, `/events/<id>`, `/join`, `/login`;
 *   - `/admin/events` logged in as the demo coordinator.
 * Per page: req/s, p50/p99 latency, timeouts and non-2xx answers, the HTML's bytes and its gzip size,
 * and its req/s and p99 as ratios to the static asset measured just before it (`static_rps`:
 * the median of those measurements).
 * Then, in this process on copies of the demo database without the extra events, times the
 * coordinator's "accept proposal" and "send invitations" use-cases (the models the matching page's
 * actions call; the proposal is computed and kept first, as the page does before the coordinator clicks):
 * median of --runs, each on a fresh copy. Prints one JSON line last.
 *
 * Not a test: figures depend on the machine and whatever else runs on it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

import autocannon from "autocannon";

import { createDb, migrateToLatest, type DB } from "#db/connection";
import { DEMO_LOGIN } from "#db/seed/demo";
import { seedDatabase } from "#db/seed/index";
import { buildApp, freePort, startServer } from "../lib/server";
import { addUpcomingEvents } from "./lib/season";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 ? process.argv[i + 1] : undefined;
}

const DURATION = Number(arg("duration") ?? 10);
const CONNECTIONS = Number(arg("connections") ?? 50);
const RUNS = Number(arg("runs") ?? 5);
const EXTRA_EVENTS = Number(arg("events") ?? 1000);
const serverScript = arg("server");

/** What `npm start` (scripts/start.mjs) gives the server: React's production build, with demo data. */
const START_ENV = { NODE_ENV: "production", TUTTAV_DEMO: "1" };

type PageResult = {
  path: string;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  timeouts: number;
  non2xx: number;
  errors: number;
  bytes: number;
  gzip_bytes: number;
  status: number;
};

const round3 = (x: number) => Math.round(x * 1000) / 1000;

async function fetchPage(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer }> {
  const response = await fetch(url, { headers: { ...headers, "Accept-Encoding": "identity" }, redirect: "manual" });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

function cannon(url: string, headers: Record<string, string>): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers: { "Accept-Encoding": "gzip", ...headers } }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

async function measure(base: string, pagePath: string, headers: Record<string, string> = {}): Promise<PageResult> {
  const page = await fetchPage(base + pagePath, headers);
  const result = await cannon(base + pagePath, headers);
  const row: PageResult = {
    path: pagePath,
    rps: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    errors: result.errors,
    bytes: page.body.length,
    gzip_bytes: zlib.gzipSync(page.body).length,
    status: page.status,
  };
  console.log(JSON.stringify(row));
  return row;
}

async function login(base: string): Promise<string> {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password, redirectTo: "/admin" }),
    redirect: "manual",
  });
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]);
  if (response.status !== 302 || !cookies.length) throw new Error(`Demo login failed: ${response.status}`);
  return cookies.join("; ");
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Accept and send-invitations on fresh copies of the demo database, in this process. */
async function timeCoordinatorActions(demoFile: string, dir: string): Promise<{ accept_ms: number; invite_ms: number; accepted: number; invited: number }> {
  // Imported here: the models read the app's one connection, set per copy below.
  const { sendInvitations } = await import("~/models/matching.server");
  const { acceptProposal, proposeMatching } = await import("~/models/matchingProposal.server");
  const { defaultMatchingPeriod } = await import("~/domain/matching/view");
  const { localDateOf } = await import("~/domain/schedule");
  await import("~/utils/db.server");
  const scope = { ...defaultMatchingPeriod(localDateOf(new Date())), regionCode: null };
  const accept: number[] = [];
  const invite: number[] = [];
  let accepted = 0;
  let invited = 0;
  for (let run = 0; run < RUNS; run++) {
    const copy = path.join(dir, `actions-${run}.sqlite`);
    fs.copyFileSync(demoFile, copy);
    const { db } = createDb(copy);
    globalThis.__tuttavDb = db;
    try {
      const user = await db.selectFrom("user").select("id").where("email", "=", DEMO_LOGIN.email).executeTakeFirstOrThrow();
      const actor = { kind: "user", userId: user.id } as const;
      const shown = await proposeMatching(scope);
      let t0 = performance.now();
      const outcome = await acceptProposal(scope, shown.fingerprint, actor);
      accept.push(performance.now() - t0);
      if (!outcome.ok) throw new Error(`accept: ${outcome.code}`);
      accepted = outcome.created;
      t0 = performance.now();
      invited = await sendInvitations(scope, actor);
      invite.push(performance.now() - t0);
    } finally {
      globalThis.__tuttavDb = undefined;
      await db.destroy();
    }
  }
  return { accept_ms: Math.round(median(accept)), invite_ms: Math.round(median(invite)), accepted, invited };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-bench-pages-"));
let ownBuild: string | null = null;
let server: import("node:child_process").ChildProcess | null = null;
try {
  const buildDir = arg("build") ?? (ownBuild = buildApp("pages"));

  // The demo season, kept as a file for the coordinator actions; the server gets a copy with the extra events.
  const demoFile = path.join(dir, "demo.sqlite");
  {
    const { db, sqlite } = createDb(demoFile);
    await migrateToLatest(db);
    await seedDatabase(db, { now: new Date(), demo: true });
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    await db.destroy();
  }
  const serverFile = path.join(dir, "server.sqlite");
  fs.copyFileSync(demoFile, serverFile);
  let eventId: number;
  {
    const { db, sqlite } = createDb(serverFile);
    addUpcomingEvents(sqlite, EXTRA_EVENTS);
    // An upcoming demo event with its line-up, as a visitor would open from the list.
    const event = await (db as DB)
      .selectFrom("event")
      .select("id")
      .where("is_public", "=", 1)
      .where("state", "in", ["planned", "confirmed"])
      .where("starts_at", ">", new Date().toISOString())
      .orderBy("starts_at")
      .executeTakeFirstOrThrow();
    eventId = event.id;
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    await db.destroy();
  }

  const port = await freePort();
  server = await startServer({ buildDir, database: { DATABASE_PATH: serverFile }, port, env: { ...START_ENV, MAIL_WORKER: "off" }, script: serverScript });
  const base = `http://127.0.0.1:${port}`;
  // Warm up: JIT, SQLite's page cache, i18next, the feed built at start.
  for (const p of ["/", "/events", `/events/${eventId}`, "/join", "/login"]) for (let i = 0; i < 5; i++) await fetchPage(base + p);

  const home = await fetchPage(base + "/");
  const css = /href="(\/build\/[^"]+\.css)"/.exec(home.body.toString("utf8"))?.[1];
  if (!css) throw new Error("No stylesheet link on /");
  // The static asset is measured again right before each page, and each page is compared with
  // that measurement: a shared machine's speed drifts over a run (twofold was seen), which a
  // single ceiling measured at the start would book to the pages measured late.
  const statics: PageResult[] = [];
  const pages: (PageResult & { static_rps: number; ratio: number; p99_ratio: number })[] = [];
  const cookie = await login(base);
  const paths: [string, Record<string, string>][] = [
    ...["/", "/events", "/events?region=EE-74&lng=ru", `/events/${eventId}`, "/join", "/login"].map((p): [string, Record<string, string>] => [p, {}]),
    ["/admin/events", { Cookie: cookie }],
  ];
  for (const [p, headers] of paths) {
    const ceiling = await measure(base, css);
    statics.push(ceiling);
    const row = await measure(base, p, headers);
    pages.push({ ...row, static_rps: ceiling.rps, ratio: round3(row.rps / ceiling.rps), p99_ratio: round3(row.p99_ms / Math.max(1, ceiling.p99_ms)) });
  }

  server.kill();
  server = null;

  const actions = await timeCoordinatorActions(demoFile, dir);
  console.log(`accept: ${actions.accepted} proposed places; send: ${actions.invited} invitations`);
  console.log(`(${os.cpus().length} cores, shared with whatever else runs on this machine)`);
  console.log(
    JSON.stringify({
      static_rps: median(statics.map((r) => r.rps)),
      static_p99_ms: median(statics.map((r) => r.p99_ms)),
      pages: pages.map(({ path: p, rps, p50_ms, p99_ms, bytes, gzip_bytes, timeouts, non2xx, static_rps, ratio, p99_ratio }) => ({
        path: p,
        rps,
        p50_ms,
        p99_ms,
        bytes,
        gzip_bytes,
        timeouts,
        non2xx,
        static_rps,
        ratio,
        p99_ratio,
      })),
      accept_ms: actions.accept_ms,
      invite_ms: actions.invite_ms,
    }),
  );
} finally {
  server?.kill();
  fs.rmSync(dir, { recursive: true, force: true });
  if (ownBuild) fs.rmSync(ownBuild, { recursive: true, force: true });
}
