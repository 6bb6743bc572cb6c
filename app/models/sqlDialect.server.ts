/**
 * The few SQL expressions our models need that SQLite and PostgreSQL spell differently. Each gives
 * SQLite the text the models used before (so its results stay the same) and PostgreSQL the
 * equivalent. Queries call these instead of branching on the dialect themselves.
 */
import { type Expression, type Kysely, type RawBuilder, sql } from "kysely";

import { dialectOf } from "#db/connection";
import type { Database } from "#db/schema";

type AnyDb = Kysely<Database>;

const postgres = (db: AnyDb) => dialectOf(db) === "postgres";

/**
 * The values of `expression` joined by `separator` (NULL when there are none), in `orderBy` order.
 * `orderBy` with `sqliteOrder: false` orders on PostgreSQL only: where SQLite's order of the plan
 * is kept as it was (a fingerprint only needs the same order for the same data), PostgreSQL, which
 * may scan in parallel, is told.
 */
export function groupConcat(
  db: AnyDb,
  expression: Expression<unknown>,
  separator: string,
  orderBy?: Expression<unknown>,
  options: { sqliteOrder?: boolean } = {},
): RawBuilder<string | null> {
  const order = orderBy && (postgres(db) || options.sqliteOrder !== false) ? sql` ORDER BY ${orderBy}` : sql``;
  return postgres(db)
    ? sql<string | null>`string_agg((${expression})::text, ${sql.lit(separator)}${order})`
    : sql<string | null>`group_concat(${expression}, ${sql.lit(separator)}${order})`;
}

/** The larger of two values of one row (SQLite's two-argument max(); PostgreSQL's greatest()). */
export function greatest<T>(db: AnyDb, a: Expression<T>, b: Expression<T>): RawBuilder<T> {
  return postgres(db) ? sql<T>`greatest(${a}, ${b})` : sql<T>`max(${a}, ${b})`;
}

/** `expression` as text, '' when NULL (for digests: PostgreSQL will not join a number to '' without a cast). */
export function textOrEmpty(db: AnyDb, expression: Expression<unknown>): RawBuilder<string> {
  return postgres(db) ? sql<string>`coalesce((${expression})::text, '')` : sql<string>`ifnull(${expression}, '')`;
}

/** The character with this code (SQLite's char(), PostgreSQL's chr()). */
export function charCode(db: AnyDb, code: number): RawBuilder<string> {
  if (!Number.isInteger(code) || code < 1 || code > 127) throw new Error(`charCode: ${code} is not an ASCII code`);
  return postgres(db) ? sql<string>`chr(${sql.lit(code)})` : sql<string>`char(${sql.lit(code)})`;
}

/** A top-level number in a JSON text column (NULL when missing or not a number there), comparable with a number. */
export function jsonNumber(db: AnyDb, column: string, key: string): RawBuilder<number | null> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`jsonNumber: ${key} is not a plain key`);
  const ref = sql.ref(column);
  return postgres(db)
    ? sql<number | null>`(CASE WHEN jsonb_typeof(${ref}::jsonb -> ${sql.lit(key)}) = 'number' THEN (${ref}::jsonb ->> ${sql.lit(key)})::numeric END)`
    : sql<number | null>`json_extract(${ref}, ${sql.lit(`$.${key}`)})`;
}

/** Whether a database error is a unique constraint's refusal (SQLite's code, or PostgreSQL's SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505";
}
