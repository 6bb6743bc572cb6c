/**
 * Cluster benchmark: `tsx scripts/bench/cluster.ts [--build DIR] [--duration 10] [--connections 20] [--events 300] [--writes 400] [--port-base N]`.
 *
 * Builds the app (unless --build names a `remix build` output), seeds the demo season plus
 * --events upcoming public events and, for the write mix, events of one place with two people
 * invited to each, into a SQLite file and into a PostgreSQL database: on the server
 * BENCH_DATABASE_URL names (a database is created and dropped there), else on a throwaway cluster
 * started here (initdb in a temporary folder, as the `postgres` user when run as root). Then serves
 * it as `npm start` does (production build, demo data, mail kept) and measures with autocannon
 * (--connections connections for --duration seconds):
 *   1. one process on SQLite, 2. one process on PostgreSQL, 3. two processes on PostgreSQL, the
 *   connections split between two autocannon instances, one per process (a proxy in this process
 *   would take CPU from the two cores the processes share);
 * each against `/events` rendered every time (a cookie keeps the page cache out: the work that
 * more processes can share) and, for reference, served from the page cache. `*_rps` in the last
 * line are the rendered ones. Then, on the two PostgreSQL processes, a write mix: --writes posts,
 * sign-ups and acceptances interleaved and alternating between the processes, 20 at a time;
 * `accept_p99_ms` is the 99th percentile of the acceptances. Rows are counted afterwards: every
 * acknowledged sign-up once, no place taken twice, every acceptance with its one audit entry.
 *
 * Not a test: figures depend on the machine and whatever else runs on it (on 2 cores, the
 * database, the app processes and autocannon all share them).
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import autocannon from "autocannon";
import pg from "pg";

import { createDb, createPostgresDb, migrateToLatest, type DB } from "#db/connection";
import { seedDatabase } from "#db/seed/index";
import { generateToken, hashToken } from "~/utils/token.server";

import { buildApp, freePort, startServer } from "../lib/server";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 ? process.argv[i + 1] : undefined;
}
const DURATION = Number(arg("duration") ?? 10);
const CONNECTIONS = Number(arg("connections") ?? 20);
const EXTRA_EVENTS = Number(arg("events") ?? 300);
const WRITES = Number(arg("writes") ?? 400);
const PORT_BASE = arg("port-base") ? Number(arg("port-base")) : null;
const START_ENV = { NODE_ENV: "production", TUTTAV_DEMO: "1", MAIL_WORKER: "off", TRUST_PROXY: "1" };
const DAY = 86_400_000;

let nextPort = PORT_BASE;
const port = async () => (nextPort === null ? freePort() : nextPort++);

/** A PostgreSQL cluster in a temporary folder, for as long as the benchmark runs. */
function startThrowawayCluster(dir: string, portNumber: number): { url: string; stop: () => void } {
  const bin = path.join("/usr/lib/postgresql", fs.readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a))[0], "bin");
  const asRoot = process.getuid?.() === 0;
  // initdb refuses to run as root: then the cluster belongs to the postgres user.
  const run = (tool: string, args: string[]) =>
    execFileSync(asRoot ? "runuser" : path.join(bin, tool), asRoot ? ["-u", "postgres", "--", path.join(bin, tool), ...args] : args, { stdio: "ignore" });
  if (asRoot) execFileSync("chown", ["postgres:", dir]);
  const data = path.join(dir, "data");
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  run("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-w", "-o", `-p ${portNumber} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60`, "start"]);
  return { url: `postgres://postgres@127.0.0.1:${portNumber}/postgres`, stop: () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]) };
}

async function adminQuery(serverUrl: string, text: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

type Invitation = { token: string; assignmentId: number; slotId: number };

/** The demo season, EXTRA_EVENTS more public events, and WRITES/4 one-place events with two people invited to each. */
async function seed(db: DB): Promise<Invitation[]> {
  const now = new Date();
  const iso = now.toISOString();
  await migrateToLatest(db);
  await seedDatabase(db, { now, demo: true });
  const venues = (await db.selectFrom("venue").select("id").orderBy("id").execute()).map((v) => v.id);
  const kinds = ["community_event", "cosy_corner", "forum"] as const;
  const rows = Array.from({ length: EXTRA_EVENTS }, (_, n) => {
    const startsAt = Date.parse(iso) + DAY + Math.floor((n * 183) / EXTRA_EVENTS) * DAY + (n % 4) * 2 * 3_600_000;
    return {
      kind: kinds[n % 3],
      state: n % 2 ? ("confirmed" as const) : ("planned" as const),
      title: JSON.stringify({ et: `Saame tuttavaks! Kohtumine nr ${n + 1}`, en: `Let's get to know each other! Meeting ${n + 1}` }),
      description: JSON.stringify({ et: "Käsitöö- ja toiduturg, lood ja muusika.", en: "A market of crafts and food, stories and music." }),
      venue_id: venues[n % venues.length],
      starts_at: new Date(startsAt).toISOString(),
      ends_at: new Date(startsAt + 2 * 3_600_000).toISOString(),
      is_public: 1 as const,
      languages: JSON.stringify(["et", "ru"]),
      created_at: iso,
      updated_at: iso,
    };
  });
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto("event")
      .values(rows.slice(i, i + 100))
      .execute();
  const invitations: Invitation[] = [];
  await db.transaction().execute(async (trx) => {
    for (let e = 0; e < Math.ceil(WRITES / 4); e++) {
      const startsAt = Date.parse(iso) + 200 * DAY + e * 3_600_000;
      const event = await trx
        .insertInto("event")
        .values({
          kind: "community_event",
          state: "planned",
          title: JSON.stringify({ et: `Koormus ${e}` }),
          venue_id: venues[0],
          starts_at: new Date(startsAt).toISOString(),
          ends_at: new Date(startsAt + 3_600_000).toISOString(),
          created_at: iso,
          updated_at: iso,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const slot = await trx.insertInto("event_slot").values({ event_id: event.id, offer: null, position: 0 }).returning("id").executeTakeFirstOrThrow();
      for (let i = 0; i < 2; i++) {
        const person = await trx
          .insertInto("participant")
          .values({ first_name: `Koormus ${e}-${i}`, preferred_locale: "et", consent_at: iso, consent_version: "2026-1", created_at: iso, updated_at: iso, last_active_at: iso })
          .returning("id")
          .executeTakeFirstOrThrow();
        const token = generateToken();
        await trx
          .insertInto("access_token")
          .values({ token_hash: hashToken(token), purpose: "participant", subject_id: person.id, created_at: iso })
          .execute();
        const assignment = await trx
          .insertInto("assignment")
          .values({ event_id: event.id, slot_id: slot.id, participant_id: person.id, status: "invited", invited_at: iso, created_at: iso, updated_at: iso })
          .returning("id")
          .executeTakeFirstOrThrow();
        invitations.push({ token, assignmentId: assignment.id, slotId: slot.id });
      }
    }
  });
  return invitations;
}

function cannon(url: string, connections: number, headers: Record<string, string>): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: DURATION, headers: { "Accept-Encoding": "gzip", ...headers } }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** req/s against `/events` on the given processes together, the connections split between them. */
async function readRps(bases: string[], cached: boolean): Promise<{ rps: number; p99_ms: number; non2xx: number }> {
  // Any cookie but the language one keeps the page cache out (app/utils/pageCache.server.ts).
  const headers: Record<string, string> = cached ? {} : { Cookie: "bench=1" };
  for (const base of bases) for (let i = 0; i < 5; i++) await (await fetch(`${base}/events`, { headers })).arrayBuffer();
  const results = await Promise.all(bases.map((base) => cannon(`${base}/events`, Math.max(1, Math.round(CONNECTIONS / bases.length)), headers)));
  return {
    rps: Math.round(results.reduce((sum, r) => sum + r.requests.average, 0)),
    p99_ms: Math.max(...results.map((r) => r.latency.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0),
  };
}

/** Sign-ups and acceptances, interleaved and alternating between the processes, `parallel` at a time. */
async function writeMix(bases: string[], invitations: Invitation[], parallel = 20) {
  type Post = { kind: "signup"; email: string } | { kind: "accept"; invitation: Invitation };
  const posts: Post[] = [];
  for (let i = 0; posts.length < WRITES; i++) {
    posts.push({ kind: "signup", email: `koormus-${i}@example.org` });
    if (i < invitations.length) posts.push({ kind: "accept", invitation: invitations[i] });
  }
  const answers: { post: Post; status: number; ms: number }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < posts.length) {
        const i = next++;
        const p = posts[i];
        const body = new URLSearchParams(
          p.kind === "signup"
            ? [
                ...Object.entries({
                  intent: "join",
                  first_name: "Koormus",
                  last_name: String(i),
                  email: p.email,
                  phone: "",
                  home_town: "tartu",
                  preferred_locale: "et",
                  max_travel_minutes: "120",
                  monthly_cap: "2",
                  consent: "yes",
                }),
                ["lang_code", "et"],
                ["lang_level", "native"],
                ["offers", "story"],
                ["weekdays", "6"],
                ["times_of_day", "afternoon"],
              ]
            : { intent: "accept", assignment_id: String(p.invitation.assignmentId) },
        );
        const t0 = performance.now();
        const response = await fetch(`${bases[i % bases.length]}${p.kind === "signup" ? "/join" : `/me/${p.invitation.token}`}`, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": `10.77.${(i >> 8) & 255}.${i & 255}` },
          body,
        });
        await response.arrayBuffer();
        answers.push({ post: p, status: response.status, ms: performance.now() - t0 });
      }
    }),
  );
  return answers;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-bench-cluster-"));
const servers: ChildProcess[] = [];
let buildDir: string | null = null;
let ownBuild: string | null = null;
let clusterDir: string | null = null;
let cluster: { url: string; stop: () => void } | null = null;
let pgDb: DB | null = null;
let serverUrl: string | null = null;
const dbName = `tuttav_bench_${process.pid}`;
async function serve(env: Record<string, string>): Promise<string> {
  const portNumber = await port();
  servers.push(await startServer({ buildDir: buildDir!, database: { DATABASE_PATH: path.join(dir, "tuttav.sqlite") }, port: portNumber, env: { ...START_ENV, ...env } }));
  return `http://127.0.0.1:${portNumber}`;
}
const stopServers = () => {
  for (const server of servers.splice(0)) server.kill();
};
try {
  buildDir = arg("build") ?? (ownBuild = buildApp("cluster"));
  // SQLite: the demo season in a file.
  {
    const { db } = createDb(path.join(dir, "tuttav.sqlite"));
    await seed(db);
    await db.destroy();
  }
  // PostgreSQL: a database of our own, on BENCH_DATABASE_URL's server or a throwaway cluster.
  serverUrl = process.env.BENCH_DATABASE_URL?.trim() || null;
  if (!serverUrl) {
    clusterDir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-bench-pg-"));
    cluster = startThrowawayCluster(clusterDir, await port());
    serverUrl = cluster.url;
  }
  await adminQuery(serverUrl, `CREATE DATABASE ${dbName}`);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  pgDb = createPostgresDb(databaseUrl, 4).db;
  const invitations = await seed(pgDb);

  console.log(`SQLite, one process (${CONNECTIONS} connections, ${DURATION} s each)`);
  let base = await serve({});
  const sqliteRendered = await readRps([base], false);
  const sqliteCached = await readRps([base], true);
  console.log(JSON.stringify({ sqlite: { rendered: sqliteRendered, cached: sqliteCached } }));
  stopServers();

  console.log("PostgreSQL, one process");
  base = await serve({ DATABASE_URL: databaseUrl });
  const pgOneRendered = await readRps([base], false);
  const pgOneCached = await readRps([base], true);
  console.log(JSON.stringify({ pg_one: { rendered: pgOneRendered, cached: pgOneCached } }));
  stopServers();

  console.log("PostgreSQL, two processes");
  const bases = [await serve({ DATABASE_URL: databaseUrl }), await serve({ DATABASE_URL: databaseUrl })];
  const pgTwoRendered = await readRps(bases, false);
  const pgTwoCached = await readRps(bases, true);
  console.log(JSON.stringify({ pg_two: { rendered: pgTwoRendered, cached: pgTwoCached } }));

  console.log(`Write mix on the two PostgreSQL processes: ${WRITES} posts, 20 at a time`);
  const answers = await writeMix(bases, invitations);
  stopServers();
  const unexpected = answers.filter((a) => a.status !== 302 && !(a.post.kind === "accept" && a.status === 409));
  const acceptMs = answers.filter((a) => a.post.kind === "accept").map((a) => a.ms);
  const signupMs = answers.filter((a) => a.post.kind === "signup").map((a) => a.ms);
  // Count rows: every acknowledged sign-up once; each place accepted at most once; every
  // acknowledged acceptance there, with exactly one audit entry each.
  const signedUp = answers.filter((a) => a.post.kind === "signup" && a.status === 302).map((a) => (a.post as { email: string }).email);
  const participants = signedUp.length
    ? await pgDb
        .selectFrom("participant")
        .select(["email", (eb) => eb.fn.countAll<number>().as("n")])
        .where("email", "in", signedUp)
        .groupBy("email")
        .execute()
    : [];
  const acceptedIds = answers.flatMap((a) => (a.post.kind === "accept" && a.status === 302 ? [a.post.invitation.assignmentId] : []));
  const slots = [...new Set(invitations.map((i) => i.slotId))];
  const accepted = await pgDb.selectFrom("assignment").select(["id", "slot_id"]).where("status", "=", "accepted").where("slot_id", "in", slots).execute();
  const audits = await pgDb
    .selectFrom("audit_log")
    .select(["entity_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("action", "=", "invitation.accept")
    .where("entity_id", "in", accepted.length ? accepted.map((a) => a.id) : [0])
    .groupBy("entity_id")
    .execute();
  const check = {
    signups_acknowledged: signedUp.length,
    signups_stored_once: participants.filter((p) => p.n === 1).length,
    accepts_acknowledged: acceptedIds.length,
    accepts_stored: accepted.filter((a) => acceptedIds.includes(a.id)).length,
    accepted_rows: accepted.length,
    places_taken_twice: accepted.length - new Set(accepted.map((a) => a.slot_id)).size,
    accepts_without_one_audit: accepted.length - audits.filter((a) => a.n === 1).length,
    unexpected_answers: unexpected.length,
  };
  console.log(JSON.stringify({ write_mix: check, signup_p99_ms: Math.round(percentile(signupMs, 99)), accept_p50_ms: Math.round(percentile(acceptMs, 50)) }));
  const lostOrDuplicated =
    check.signups_stored_once !== check.signups_acknowledged ||
    check.accepts_stored !== check.accepts_acknowledged ||
    check.accepted_rows !== check.accepts_acknowledged ||
    check.places_taken_twice > 0 ||
    check.accepts_without_one_audit > 0;
  console.log(
    `two/one on PostgreSQL (rendered /events): ${(pgTwoRendered.rps / Math.max(1, pgOneRendered.rps)).toFixed(2)}; cached: ${(pgTwoCached.rps / Math.max(1, pgOneCached.rps)).toFixed(2)}`,
  );
  console.log(
    `(${os.cpus().length} cores, shared by the database, the app processes, autocannon and whatever else runs on this machine; load average ${os.loadavg()[0].toFixed(1)})`,
  );
  console.log(
    JSON.stringify({
      sqlite_rps: sqliteRendered.rps,
      pg_one_rps: pgOneRendered.rps,
      pg_two_rps: pgTwoRendered.rps,
      accept_p99_ms: Math.round(percentile(acceptMs, 99)),
      cached: { sqlite_rps: sqliteCached.rps, pg_one_rps: pgOneCached.rps, pg_two_rps: pgTwoCached.rps },
      lost_or_duplicated: lostOrDuplicated,
    }),
  );
  if (lostOrDuplicated || unexpected.length > 0) process.exitCode = 1;
} finally {
  stopServers();
  await pgDb?.destroy();
  if (serverUrl) await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  cluster?.stop();
  if (clusterDir) fs.rmSync(clusterDir, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
  if (ownBuild) fs.rmSync(ownBuild, { recursive: true, force: true });
}
