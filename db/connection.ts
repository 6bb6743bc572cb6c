import fs from "node:fs";
import path from "node:path";

import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";

import { migrationProvider } from "./migrations/index";
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
