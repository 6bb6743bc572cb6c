import fs from "node:fs";
import path from "node:path";

import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";

import { migrationProvider } from "./migrations/index";
import { DropNulPlugin } from "./postgresText";
import type { Database } from "./schema";

export type DB = Kysely<Database>;

export const DEFAULT_DATABASE_PATH = "data/tuttav.sqlite";

/** Where the database lives: DATABASE_PATH, else a git-ignored file in the repo. */
export function databasePath(): string {
  return path.resolve(process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH);
}

/** Opens (creating if missing) the SQLite file with the pragmas every connection needs. */
export function openSqlite(file: string): SQLite.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // WAL + NORMAL survives process crashes (only an OS crash can lose the last commits).
  sqlite.pragma("synchronous = NORMAL");
  // Deleted and overwritten content is zeroed in the file, so an erased participant's name or
  // e-mail is not left behind in free space once the WAL is checkpointed.
  sqlite.pragma("secure_delete = ON");
  return sqlite;
}

/** Prepared statements kept per connection (least recently used beyond this many are dropped). */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as Kysely's dialect sees it, with prepared statements reused by their SQL:
 * Kysely prepares every query it runs, and preparing was a fifth of the time of queueing a
 * message (profiled: `npm run bench:pages`, send invitations). Safe because the one connection
 * runs one statement at a time, and SQLite prepares a statement again itself when the schema
 * changed under it.
 */
export function withStatementCache(sqlite: SQLite.Database, size = STATEMENT_CACHE_SIZE) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      statements.clear();
      sqlite.close();
    },
    prepare: (query: string): SQLite.Statement => {
      let statement = statements.get(query);
      if (statement) statements.delete(query);
      else {
        statement = sqlite.prepare(query);
        if (statements.size >= size) statements.delete(statements.keys().next().value!);
      }
      statements.set(query, statement);
      return statement;
    },
  };
}

/** Which database the app uses: PostgreSQL when DATABASE_URL is set, else the SQLite file at DATABASE_PATH. */
export type DatabaseTarget = { kind: "sqlite"; file: string } | { kind: "postgres"; url: string; poolMax: number };

const DEFAULT_POOL_MAX = 10;

export function databaseTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (!url) return { kind: "sqlite", file: path.resolve(env.DATABASE_PATH || DEFAULT_DATABASE_PATH) };
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error("DATABASE_URL must be a postgres:// URL (leave it unset for SQLite at DATABASE_PATH)");
  const poolMax = Number(env.DATABASE_POOL_MAX || DEFAULT_POOL_MAX);
  if (!Number.isInteger(poolMax) || poolMax < 1 || poolMax > 200) throw new Error("DATABASE_POOL_MAX must be a whole number from 1 to 200");
  return { kind: "postgres", url, poolMax };
}

/**
 * PostgreSQL hands 64-bit integers (count(*), sum of integers) and numerics back as strings, since
 * they may not fit a JavaScript number; ours always fit (counts, cents), and SQLite gives numbers,
 * so models see the same types on both.
 */
const PG_TYPES = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** A Kysely instance over a pool of PostgreSQL connections. */
export function createPostgresDb(url: string, poolMax = DEFAULT_POOL_MAX): { db: DB; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: poolMax, types: PG_TYPES });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new DropNulPlugin()] });
  return { db, pool };
}

/** The app's database as DATABASE_URL / DATABASE_PATH say (see databaseTarget). */
export function connect(target: DatabaseTarget = databaseTarget()): DB {
  return target.kind === "postgres" ? createPostgresDb(target.url, target.poolMax).db : createDb(target.file).db;
}

export type Dialect = "sqlite" | "postgres";

/** Which SQL dialect a Kysely instance (or a transaction of one) speaks. */
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/** A Kysely instance over one better-sqlite3 connection. */
export function createDb(file: string = databasePath()): { db: DB; sqlite: SQLite.Database } {
  const sqlite = openSqlite(file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, sqlite };
}

/** Brings the schema to the newest migration; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
