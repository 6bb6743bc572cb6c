import { createHmac } from "node:crypto";

import { sql } from "kysely";

import { dialectOf, type DB } from "#db/connection";

import { now } from "./clock.server";
import { getDb, writeTransaction } from "./db.server";

/**
 * Counters every app process sees (table `rate_counter`, migration 0014): where login throttles
 * and form rate limits count when the app runs on PostgreSQL, possibly as several processes
 * behind a proxy. On SQLite (one process) they count in memory as before; the functions here
 * work there too (tests use them on SQLite).
 */

/** Whether counters must be shared: the app is on PostgreSQL, where several processes may serve it. */
export function sharedCountersInUse(): boolean {
  return dialectOf(getDb()) === "postgres";
}

// Every process of one installation has the same SESSION_SECRET (its cookies must verify
// everywhere), so keys agree between processes; rotating the secret starts the counts again.
function keySecret(): string {
  return process.env.SESSION_SECRET?.split(",")[0] || "tuttav-development-only-secret";
}

/**
 * The key of what is counted: a scope and a keyed hash of the value, so the table never holds an
 * address or an e-mail (and an IPv4 address cannot be found again by trying all of them).
 */
export function counterKey(scope: string, value: string): string {
  return `${scope}:${createHmac("sha256", keySecret()).update(value, "utf8").digest("base64url")}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** How often a process deletes counters that have run out (they are also ignored once expired). */
const SWEEP_EVERY_MS = 60_000;
let lastSweep = Number.NEGATIVE_INFINITY;

async function sweepExpired(db: DB, at: number): Promise<void> {
  if (at - lastSweep < SWEEP_EVERY_MS && at >= lastSweep) return;
  lastSweep = at;
  await db.deleteFrom("rate_counter").where("expires_at", "<=", iso(at)).execute();
}

/**
 * Counts one hit for `key` in a fixed window of `windowMs`, in one atomic statement (an upsert), so
 * hits made at once by several processes are all counted. Returns the hits in the current window,
 * this one included, and when the window began.
 */
export async function countHit(key: string, windowMs: number, at: number = now().getTime()): Promise<{ hits: number; windowStart: number }> {
  const db = getDb();
  const stale = iso(at - windowMs);
  const startsAgain = sql<boolean>`rate_counter.window_start <= ${stale}`;
  const row = await db
    .insertInto("rate_counter")
    .values({ key, window_start: iso(at), hits: 1, expires_at: iso(at + windowMs) })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        hits: sql<number>`CASE WHEN ${startsAgain} THEN 1 ELSE rate_counter.hits + 1 END`,
        window_start: sql<string>`CASE WHEN ${startsAgain} THEN excluded.window_start ELSE rate_counter.window_start END`,
        expires_at: sql<string>`CASE WHEN ${startsAgain} THEN excluded.expires_at ELSE rate_counter.expires_at END`,
      }),
    )
    .returning(["hits", "window_start"])
    .executeTakeFirstOrThrow();
  await sweepExpired(db, at);
  return { hits: row.hits, windowStart: Date.parse(row.window_start) };
}

/** A counter as stored: `windowStart` in milliseconds. */
export type CounterRow = { windowStart: number; hits: number };
/** What to store for a key: a row (kept until `expiresAt`), or null to delete it. */
export type CounterChange = { key: string; row: CounterRow; expiresAt: number } | { key: string; row: null };

/** PostgreSQL's "could not serialize" and "deadlock detected": the transaction may run again. */
const isRetryable = (error: unknown) => ["40001", "40P01"].includes(String((error as { code?: unknown } | null)?.code));
const RETRIES = 8;

/**
 * Reads the counters of `keys`, lets `decide` say what they become, and stores that, with no other
 * process able to change those counters in between (several counters that must agree, such as a
 * login's address and account). PostgreSQL: advisory locks on the keys, taken in one order (so two
 * callers never wait on each other in a circle), in a READ COMMITTED transaction, so callers queue
 * instead of failing a serialisable check; SQLite: BEGIN IMMEDIATE. `decide` must be pure: it may
 * run again.
 */
export async function updateCounters<T>(keys: readonly string[], decide: (rows: ReadonlyMap<string, CounterRow>) => { result: T; changes: CounterChange[] }): Promise<T> {
  const sorted = [...new Set(keys)].sort();
  const at = now().getTime();
  const work = async (db: DB): Promise<T> => {
    if (dialectOf(db) === "postgres") for (const key of sorted) await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db);
    const rows = await db.selectFrom("rate_counter").select(["key", "window_start", "hits"]).where("key", "in", sorted).execute();
    const { result, changes } = decide(new Map(rows.map((row) => [row.key, { windowStart: Date.parse(row.window_start), hits: row.hits }])));
    for (const change of changes) {
      if (change.row === null) {
        await db.deleteFrom("rate_counter").where("key", "=", change.key).execute();
        continue;
      }
      const values = { window_start: iso(change.row.windowStart), hits: change.row.hits, expires_at: iso(change.expiresAt) };
      await db
        .insertInto("rate_counter")
        .values({ key: change.key, ...values })
        .onConflict((oc) => oc.column("key").doUpdateSet(values))
        .execute();
    }
    return result;
  };
  const db = getDb();
  let result: T;
  if (dialectOf(db) !== "postgres") result = await writeTransaction(work);
  else {
    for (let attempt = 0; ; attempt++) {
      try {
        result = await db.transaction().setIsolationLevel("read committed").execute(work);
        break;
      } catch (error) {
        if (!isRetryable(error) || attempt >= RETRIES) throw error;
      }
    }
  }
  await sweepExpired(db, at);
  return result;
}
