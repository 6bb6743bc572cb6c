import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import pg from "pg";

import { createDb, createPostgresDb, migrateToLatest, type DB } from "#db/connection";
import { seedDatabase, seedReferenceData } from "#db/seed/index";
import { seedDemoData } from "#db/seed/demo";
import "~/utils/db.server"; // declares the app-wide connection slot set below

/**
 * A database for one test. `env` points a child process (a script, a server) at the same database.
 * `file` exists only on SQLite: tests that copy or open the file are SQLite by nature.
 */
export type TestDatabase = { db: DB; env: { DATABASE_PATH: string } | { DATABASE_URL: string }; close: () => Promise<void> } & (
  { dialect: "sqlite"; file: string } | { dialect: "postgres"; file?: undefined; url: string }
);

/** The SQLite file of a test database; throws on PostgreSQL (such a test belongs to the SQLite run only). */
export function sqliteFileOf(test: TestDatabase): string {
  if (test.dialect !== "sqlite") throw new Error("This test works on the SQLite file and runs on SQLite only");
  return test.file;
}

/** The PostgreSQL server the tests use (its maintenance database), or undefined for SQLite. */
export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL?.trim() || undefined;
}

/**
 * A fresh database, migrated and seeded, installed as the app's database connection for the
 * models under test: a SQLite file in a temporary folder, or, when TEST_DATABASE_URL is set, a new
 * PostgreSQL database on that server (copied from a migrated template, see postgresTemplate).
 */
export async function createTestDatabase(options: { demo?: boolean; now?: Date } = {}): Promise<TestDatabase> {
  const now = options.now ?? new Date();
  const demo = options.demo ?? false;
  const serverUrl = testDatabaseUrl();
  if (serverUrl) return createPostgresTestDatabase(serverUrl, { now, demo });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-test-"));
  const file = path.join(dir, "tuttav.sqlite");
  const { db } = createDb(file);
  await migrateToLatest(db);
  await seedDatabase(db, { now, demo });
  globalThis.__tuttavDb = db;
  return {
    dialect: "sqlite",
    db,
    file,
    env: { DATABASE_PATH: file },
    async close() {
      await db.destroy();
      globalThis.__tuttavDb = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `url` with its database name replaced. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement on the server's maintenance database (CREATE/DROP DATABASE cannot run in a pool's transaction). */
export async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Database names start with TEST_DATABASE_PREFIX (default `tuttav_test`), so a shared server's owners can tell them apart. */
function databasePrefix(): string {
  const prefix = process.env.TEST_DATABASE_PREFIX || "tuttav_test";
  if (!/^[a-z_][a-z0-9_]{0,30}$/.test(prefix)) throw new Error("TEST_DATABASE_PREFIX: lower-case letters, digits and _ only");
  return prefix;
}

let counter = 0;
/** A name no other test process picks: prefix, process id, a counter and random digits. */
export function uniqueDatabaseName(kind: string): string {
  counter += 1;
  return `${databasePrefix()}_${kind}_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * A migrated database with the reference data (counties, towns, ferries), which every test database
 * is copied from: copying takes a few tens of milliseconds, migrating a few hundred. The PostgreSQL
 * vitest config makes one for the whole run (test/postgres/global-setup.ts, TEST_DATABASE_TEMPLATE);
 * without it each test database is migrated itself.
 */
export async function createTemplateDatabase(serverUrl: string): Promise<string> {
  const name = uniqueDatabaseName("template");
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const { db } = createPostgresDb(databaseUrl(serverUrl, name), 1);
  try {
    await migrateToLatest(db);
    await seedReferenceData(db);
  } finally {
    await db.destroy();
  }
  return name;
}

async function createPostgresTestDatabase(serverUrl: string, options: { now: Date; demo: boolean }): Promise<TestDatabase> {
  const name = uniqueDatabaseName("db");
  const template = process.env.TEST_DATABASE_TEMPLATE;
  await adminQuery(serverUrl, template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  const url = databaseUrl(serverUrl, name);
  const { db, pool } = createPostgresDb(url, 4);
  // A connection the pool is still closing when DROP DATABASE … WITH (FORCE) ends it reports 57P01
  // ("terminating connection due to administrator command"): expected then, so not an error.
  pool.on("error", (error: Error & { code?: string }) => {
    if (error.code !== "57P01") throw error;
  });
  try {
    if (template) {
      if (options.demo) await seedDemoData(db, { now: options.now });
    } else {
      await migrateToLatest(db);
      await seedDatabase(db, options);
    }
  } catch (error) {
    await db.destroy();
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw error;
  }
  globalThis.__tuttavDb = db;
  return {
    dialect: "postgres",
    db,
    url,
    env: { DATABASE_URL: url },
    async close() {
      await db.destroy();
      if (globalThis.__tuttavDb === db) globalThis.__tuttavDb = undefined;
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** How many audit entries of one action there are. */
export async function auditCount(db: DB, action: string): Promise<number> {
  const row = await db
    .selectFrom("audit_log")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("action", "=", action)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Row counts of every table, to prove that a rejected input changed nothing. */
export async function rowCounts(db: DB): Promise<Record<string, number>> {
  const tables = [
    "event_request",
    "venue",
    "event",
    "event_slot",
    "series",
    "participant",
    "participant_language",
    "participant_offer",
    "assignment",
    "access_token",
    "audit_log",
    "feedback",
    "travel_claim",
  ] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}
