import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { createDb, migrateToLatest, type DB } from "#db/connection";
import { seedDatabase } from "#db/seed/index";
import "~/utils/db.server"; // declares the app-wide connection slot set below

export type TestDatabase = { db: DB; file: string; close: () => Promise<void> };

/**
 * A fresh SQLite file in a temporary folder, migrated and seeded, installed as the app's
 * database connection for the models under test.
 */
export async function createTestDatabase(options: { demo?: boolean; now?: Date } = {}): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-test-"));
  const file = path.join(dir, "tuttav.sqlite");
  const { db } = createDb(file);
  await migrateToLatest(db);
  await seedDatabase(db, { now: options.now ?? new Date(), demo: options.demo ?? false });
  globalThis.__tuttavDb = db;
  return {
    db,
    file,
    async close() {
      await db.destroy();
      globalThis.__tuttavDb = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Row counts of every table, to prove that a rejected input changed nothing. */
export async function rowCounts(db: DB): Promise<Record<string, number>> {
  const tables = ["event_request", "venue", "event", "event_slot", "series", "participant", "participant_language", "participant_offer", "assignment", "access_token", "audit_log", "feedback", "travel_claim"] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}
