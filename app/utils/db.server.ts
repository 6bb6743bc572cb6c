import { sql } from "kysely";

import { connect, type DB } from "#db/connection";

declare global {
  var __tuttavDb: DB | undefined;
}

/** The app's one database connection (kept across dev rebuilds). The schema is migrated by `npm start`. */
export function getDb(): DB {
  globalThis.__tuttavDb ??= connect();
  return globalThis.__tuttavDb;
}

/**
 * Runs `work` in a transaction that takes SQLite's write lock at BEGIN (BEGIN IMMEDIATE), so a
 * read and the write that depends on it cannot interleave with another writer, even one in
 * another process (a script, a second server). Kysely's own transactions begin deferred.
 * Rolls back on any error, including a thrown Response.
 */
export async function writeTransaction<T>(work: (db: DB) => Promise<T>): Promise<T> {
  return getDb()
    .connection()
    .execute(async (db) => {
      await sql`BEGIN IMMEDIATE`.execute(db);
      try {
        const result = await work(db);
        await sql`COMMIT`.execute(db);
        return result;
      } catch (error) {
        await sql`ROLLBACK`.execute(db);
        throw error;
      }
    });
}
