/**
 * Abusive-request benchmark: `tsx scripts/bench/abuse.ts [--build DIR] [--server FILE] [--timeout-ms 60000]`.
 *
 * Builds the app (unless --build names an existing `remix build` output), and for each case starts
 * a fresh server (`scripts/server.mjs`, or --server FILE, e.g. an old copy for a before/after
 * comparison) on a temporary demo database, sends one abusive request and, at the same moment
 * and then one after another until it is answered, `GET /`:
 *   - login_fields_32000:  POST /login with 32 000 distinct fields (a form-parsing attack);
 *   - login_fields_5000:   POST /login with 5 000 distinct fields (under the size limit, over the field limit);
 *   - me_offers_32000:     POST /me/<token> (profile) with 32 000 × `offers`;
 *   - join_8mb:            8 MB to /join, chunked (no Content-Length);
 *   - import_3mb:          a 3 MB multipart upload to /admin/participants/import (over the upload limit).
 * The abusive bodies go out through node:http (fetch streams a chunked body slowly enough to
 * dominate the timing); the GETs through fetch.
 * Per case: the abusive request's status and ms; `parallel_get_ms`, the slowest `GET /` started
 * while it was in flight (the first one starts with it); and the server's peak resident memory.
 * A request not answered within --timeout-ms is reported as status "timeout" (the server is then
 * stopped, so the next case starts clean). Prints one JSON line last.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createDb, migrateToLatest } from "#db/connection";
import { freePort, startServer } from "../lib/server";
import { DEMO_TOKENS } from "#db/seed/demo";
import { seedDatabase } from "#db/seed/index";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 ? process.argv[i + 1] : undefined;
}

const TIMEOUT_MS = Number(arg("timeout-ms") ?? 60_000);
const serverScript = path.resolve(arg("server") ?? path.join(root, "scripts/server.mjs"));

/** A body: sent with Content-Length, or chunked (`chunks` times `chunk`, no Content-Length). */
type Payload = { contentType: string; bytes: number } & ({ body: Buffer } | { chunk: Buffer; chunks: number });
type Case = { name: string; path: string; body: () => Payload };

const urlencoded = (text: string): Payload => ({ body: Buffer.from(text), contentType: "application/x-www-form-urlencoded", bytes: Buffer.byteLength(text) });
const manyFields = (n: number) => {
  const parts = ["email=someone%40example.org", "password=x"];
  for (let i = 0; i < n; i++) parts.push(`f${i}=${i}`);
  return urlencoded(parts.join("&"));
};

const CASES: Case[] = [
  { name: "login_fields_32000", path: "/login", body: () => manyFields(32_000) },
  { name: "login_fields_5000", path: "/login", body: () => manyFields(5_000) },
  {
    name: "me_offers_32000",
    path: `/me/${DEMO_TOKENS.participant}`,
    body: () => urlencoded(["intent=profile", "first_name=Olena", ...Array.from({ length: 32_000 }, () => "offers=crafts")].join("&")),
  },
  {
    name: "join_8mb",
    path: "/join",
    body: () => {
      const chunk = Buffer.from("offers=crafts&".repeat(4681)); // ~64 KB
      const chunks = Math.ceil((8 * 1024 * 1024) / chunk.length);
      return { chunk, chunks, contentType: "application/x-www-form-urlencoded", bytes: chunks * chunk.length };
    },
  },
  {
    name: "import_3mb",
    path: "/admin/participants/import",
    body: () => {
      const boundary = "----tuttavbench";
      const csv = "first_name,email\n" + "Mari,mari@example.org\n".repeat(Math.ceil((3 * 1024 * 1024) / 22));
      const text = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
      return { body: Buffer.from(text), contentType: `multipart/form-data; boundary=${boundary}`, bytes: Buffer.byteLength(text) };
    },
  },
];

/** The server's peak resident memory so far, in MB (Linux /proc). */
function peakRssMb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Sends an abusive body with node:http (a native-speed upload, chunked when asked); resolves with the answer's status once it has fully arrived. */
function post(port: number, requestPath: string, payload: Payload, signal: AbortSignal): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "Content-Type": payload.contentType };
    if ("body" in payload) headers["Content-Length"] = String(payload.body.length);
    const request = http.request({ host: "127.0.0.1", port, method: "POST", path: requestPath, headers, signal });
    let answered = false;
    request.on("response", (response) => {
      answered = true;
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode! }));
      response.on("error", reject);
    });
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    if ("body" in payload) return void request.end(payload.body);
    let written = 0;
    const pump = () => {
      while (!answered && written < payload.chunks) {
        written += 1;
        if (!request.write(payload.chunk)) return void request.once("drain", pump);
      }
      if (!answered) request.end();
    };
    pump();
  });
}

/** A page fetched whole. */
async function get(url: string, signal: AbortSignal): Promise<{ status: number }> {
  const response = await fetch(url, { signal });
  await response.arrayBuffer();
  return response;
}

async function timed(run: (signal: AbortSignal) => Promise<{ status: number }>): Promise<{ status: number | "timeout" | "error"; ms: number }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  const t0 = performance.now();
  try {
    const { status } = await run(controller.signal);
    return { status, ms: Math.round(performance.now() - t0) };
  } catch {
    return { status: controller.signal.aborted ? "timeout" : "error", ms: Math.round(performance.now() - t0) };
  } finally {
    clearTimeout(timer);
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-bench-abuse-"));
const results: Record<string, unknown> = {};
let ownBuild: string | null = null;
try {
  let buildDir = arg("build");
  if (!buildDir) {
    // Inside the repository (git-ignored .cache), so the server build finds node_modules.
    fs.mkdirSync(path.join(root, ".cache"), { recursive: true });
    buildDir = ownBuild = fs.mkdtempSync(path.join(root, ".cache", "abuse-build-"));
    console.error("Building…");
    execFileSync("npx", ["remix", "build"], { cwd: root, env: { ...process.env, BUILD_DIR: buildDir, NODE_ENV: "production" }, stdio: "ignore" });
  }
  const template = path.join(dir, "template.sqlite");
  const { db } = createDb(template);
  await migrateToLatest(db);
  await seedDatabase(db, { now: new Date(), demo: true });
  await db.destroy();

  for (const abuse of CASES) {
    const databasePath = path.join(dir, `${abuse.name}.sqlite`);
    fs.copyFileSync(template, databasePath);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer({ buildDir: path.resolve(buildDir), database: { DATABASE_PATH: databasePath }, port, script: serverScript });
    try {
      // Warm up: the home page once, so the measured GETs are not the first.
      await timed((signal) => get(`${base}/`, signal));
      const idle = await timed((signal) => get(`${base}/`, signal));
      const payload = abuse.body();
      let done = false;
      const attack = timed((signal) => post(port, abuse.path, payload, signal)).finally(() => (done = true));
      const gets: { status: number | "timeout" | "error"; ms: number }[] = [];
      do gets.push(await timed((signal) => get(`${base}/`, signal)));
      while (!done);
      const result = await attack;
      const slowest = gets.reduce((a, b) => (b.ms > a.ms ? b : a));
      results[abuse.name] = {
        ...result,
        bytes: payload.bytes,
        parallel_get_ms: slowest.ms,
        parallel_get_status: slowest.status,
        parallel_gets: gets.length,
        idle_get_ms: idle.ms,
        peak_rss_mb: peakRssMb(server.pid!),
      };
      console.error(`${abuse.name}: ${JSON.stringify(results[abuse.name])}`);
    } finally {
      server.kill("SIGKILL");
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  if (ownBuild) fs.rmSync(ownBuild, { recursive: true, force: true });
}
console.log(JSON.stringify(results));
