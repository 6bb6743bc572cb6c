/**
 * `npm run bench:render -- [--against <git rev>] [--path /admin/events] [--rounds 40] [--batch 50] [--events 1000]`
 *
 * The server CPU time of one page, rendered for the demo coordinator over the demo season plus
 * --events upcoming events, without HTTP: the current code's build and, with --against, the build
 * of an earlier commit, loaded into this one process and asked in alternating batches of --batch
 * requests, --rounds times. A shared machine's speed drifts (twofold within a run was seen), and
 * alternating in one process lets the drift hit both builds alike; the paired median of the
 * rounds' ratios is the figure to read. Both builds run on this checkout's node_modules (its
 * patches included), so this compares the app's code, not dependency versions.
 * Last line JSON: {"path":…,"cpu_ms":…,"against_cpu_ms":…,"paired_ratio":…}.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { createRequestHandler } from "@remix-run/node";

import { createDb, migrateToLatest } from "#db/connection";
import { DEMO_LOGIN } from "#db/seed/demo";
import { seedDatabase } from "#db/seed/index";
import { buildApp, root } from "../lib/server";
import { addUpcomingEvents } from "./lib/season";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 ? process.argv[i + 1] : undefined;
}

const PAGE = arg("path") ?? "/admin/events";
const ROUNDS = Number(arg("rounds") ?? 40);
const BATCH = Number(arg("batch") ?? 50);
const EXTRA_EVENTS = Number(arg("events") ?? 1000);
const against = arg("against");

/** Requests are addressed to the demo's trusted origin, as the browser would. */
const ORIGIN = "http://localhost:3000";
/** What scripts/server.mjs hands Remix as the load context. */
const loadContext = () => ({ cspNonce: "bench", clientIp: "127.0.0.1" });

/** Builds `rev` from a temporary worktree (with this checkout's node_modules) into .cache/. */
function buildRevision(rev: string): { buildDir: string; remove: () => void } {
  const worktree = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-bench-render-"));
  execFileSync("git", ["worktree", "add", "--detach", worktree, rev], { cwd: root, stdio: "ignore" });
  const buildDir = fs.mkdtempSync(path.join(root, ".cache", "render-against-build-"));
  try {
    fs.symlinkSync(path.join(root, "node_modules"), path.join(worktree, "node_modules"));
    execFileSync("npx", ["remix", "build"], { cwd: worktree, env: { ...process.env, BUILD_DIR: buildDir, NODE_ENV: "production" }, stdio: "ignore" });
  } finally {
    execFileSync("git", ["worktree", "remove", "--force", worktree], { cwd: root, stdio: "ignore" });
  }
  return { buildDir, remove: () => fs.rmSync(buildDir, { recursive: true, force: true }) };
}

type Variant = { name: string; handle: ReturnType<typeof createRequestHandler>; cookie: string; cpu: number[] };

async function load(name: string, buildDir: string): Promise<Variant> {
  const build = await import(pathToFileURL(path.join(buildDir, "server", "index.js")).href);
  const handle = createRequestHandler(build, "production");
  const login = await handle(
    new Request(`${ORIGIN}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN, Host: new URL(ORIGIN).host },
      body: new URLSearchParams({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password, redirectTo: "/admin" }),
    }),
    loadContext(),
  );
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (login.status !== 302 || !cookie) throw new Error(`${name}: demo login failed (${login.status})`);
  return { name, handle, cookie, cpu: [] };
}

async function ask(variant: Variant): Promise<void> {
  const response = await variant.handle(new Request(ORIGIN + PAGE, { headers: { Cookie: variant.cookie, Host: new URL(ORIGIN).host } }), loadContext());
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${variant.name}: ${PAGE} answered ${response.status}`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round3 = (x: number) => Math.round(x * 1000) / 1000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-bench-render-db-"));
const builds: { buildDir: string; remove: () => void }[] = [];
try {
  fs.mkdirSync(path.join(root, ".cache"), { recursive: true });
  const current = buildApp("render");
  builds.push({ buildDir: current, remove: () => fs.rmSync(current, { recursive: true, force: true }) });
  if (against) builds.push(buildRevision(against));

  const file = path.join(dir, "render.sqlite");
  const { db, sqlite } = createDb(file);
  await migrateToLatest(db);
  await seedDatabase(db, { now: new Date(), demo: true });
  addUpcomingEvents(sqlite, EXTRA_EVENTS);
  await db.destroy();
  // Both builds read this database through the app's one connection, and render with React's
  // production build, as `npm start` serves them (React picks its build when first imported).
  process.env.NODE_ENV = "production";
  process.env.DATABASE_PATH = file;
  process.env.TUTTAV_DEMO = "1";
  process.env.MAIL_WORKER = "off";

  const variants = [await load("current", builds[0].buildDir)];
  if (against) variants.push(await load(against, builds[1].buildDir));
  // Warm up: JIT, SQLite's page cache, the translators.
  for (const variant of variants) for (let i = 0; i < 300; i++) await ask(variant);
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of variants) {
      const start = process.cpuUsage();
      for (let i = 0; i < BATCH; i++) await ask(variant);
      const used = process.cpuUsage(start);
      variant.cpu.push((used.user + used.system) / 1000 / BATCH);
    }
  }
  const [mine, theirs] = variants;
  for (const variant of variants) console.log(`${variant.name}: ${median(variant.cpu).toFixed(3)} ms CPU per request (median of ${ROUNDS} batches of ${BATCH})`);
  console.log(
    JSON.stringify({
      path: PAGE,
      cpu_ms: round3(median(mine.cpu)),
      ...(theirs ? { against, against_cpu_ms: round3(median(theirs.cpu)), paired_ratio: round3(median(mine.cpu.map((ms, i) => ms / theirs.cpu[i]))) } : {}),
    }),
  );
} finally {
  for (const build of builds) build.remove();
  fs.rmSync(dir, { recursive: true, force: true });
}
