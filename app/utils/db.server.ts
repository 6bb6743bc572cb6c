import { sql, type RawBuilder } from "kysely";

import { connect, dialectOf, type DB } from "#db/connection";

declare global {
  var __tuttavDb: DB | undefined;
}

/** The app's one database handle (kept across dev rebuilds). The schema is migrated by `npm start`. */
export function getDb(): DB {
  globalThis.__tuttavDb ??= connect();
  return globalThis.__tuttavDb;
}

/** How often a PostgreSQL transaction that lost a serialisation race is run again before giving up. */
const SERIALIZATION_RETRIES = 8;

/**
 * The PostgreSQL advisory lock (a session lock, any number) that a transaction takes before it
 * runs again: transactions that collided, run again side by side, collide again (twenty sign-ups
 * at once touch the same index pages; a quarter of them ran out of tries), so the second and
 * later tries queue, one at a time across every process, as SQLite's writers always do.
 */
const RETRY_LOCK = 2_021_021;

/** PostgreSQL's "could not serialize access" and "deadlock detected": the transaction may simply run again. */
function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "40001" || code === "40P01";
}

/**
 * Runs `work` in a transaction in which a read and the write that depends on it cannot interleave
 * with another writer, even one in another process (a script, a second server):
 * - SQLite: BEGIN IMMEDIATE takes the write lock at the start (Kysely's own transactions begin
 *   deferred);
 * - PostgreSQL: SERIALIZABLE, run again (up to SERIALIZATION_RETRIES times) when PostgreSQL
 *   reports that it lost a race (the second and later tries one at a time, see RETRY_LOCK), so
 *   `work` must do nothing outside the database that cannot be done twice.
 * Rolls back on any error, including a thrown Response.
 */
export async function writeTransaction<T>(work: (db: DB) => Promise<T>): Promise<T> {
  const db = getDb();
  const postgres = dialectOf(db) === "postgres";
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.connection().execute(async (connection) => {
        // Taken before BEGIN, so the transaction's snapshot is taken once the queue let it in.
        const queued = postgres && attempt > 0;
        if (queued) await sql`SELECT pg_advisory_lock(${RETRY_LOCK})`.execute(connection);
        try {
          await (postgres ? sql`BEGIN ISOLATION LEVEL SERIALIZABLE` : sql`BEGIN IMMEDIATE`).execute(connection);
          try {
            const result = await work(connection);
            await sql`COMMIT`.execute(connection);
            return result;
          } catch (error) {
            await sql`ROLLBACK`.execute(connection);
            throw error;
          }
        } finally {
          // A broken connection has lost the lock with its session.
          if (queued) await sql`SELECT pg_advisory_unlock(${RETRY_LOCK})`.execute(connection).catch(() => undefined);
        }
      });
    } catch (error) {
      if (!postgres || !isRetryable(error) || attempt >= SERIALIZATION_RETRIES) throw error;
    }
  }
}

/**
 * An expression that moves whenever any committed row changes, through this process or another:
 * - SQLite: total_changes() counts every row the app's one connection has inserted, updated or
 *   deleted, and data_version moves when another connection commits;
 * - PostgreSQL: the current snapshot (oldest running, next and running transaction ids) moves
 *   whenever any transaction that wrote commits or starts, in any process.
 * While it stands still, anything computed from the data earlier still holds.
 */
export function changeStampSql(db: DB): RawBuilder<string> {
  return dialectOf(db) === "postgres" ? sql<string>`pg_current_snapshot()::text` : sql<string>`total_changes() || ':' || (SELECT data_version FROM pragma_data_version)`;
}
