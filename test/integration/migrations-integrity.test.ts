import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { Migrator, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";

import { createDb, dialectOf, migrateToLatest, type DB } from "#db/connection";
import { migrationProvider } from "#db/migrations/index";
import { RECEIPT_TYPES, TRAVEL_LINE_KINDS } from "~/domain/payments/lineKinds";
import * as vocabulary from "~/domain/vocabulary";
import { MESSAGE_STATES } from "~/models/outbox.server";

import { createTestDatabase, type TestDatabase } from "../helpers/db";

const MIGRATIONS_DIR = path.resolve(__dirname, "../../db/migrations");

let test: TestDatabase | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await test?.close();
  test = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Every `column IN ('a', 'b')` list in the CHECK constraints of the database's tables. */
async function checkLists(db: DB): Promise<Map<string, string[]>> {
  // SQLite keeps each table's CREATE text; PostgreSQL each CHECK, where `x IN ('a', 'b')` reads `x = ANY (ARRAY['a'::text, 'b'::text])`.
  const postgres = dialectOf(db) === "postgres";
  const tables = await (
    postgres
      ? sql<{
          name: string;
          sql: string;
        }>`SELECT conrelid::regclass::text AS name, pg_get_constraintdef(oid) AS sql FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace`
      : sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL`
  ).execute(db);
  const lists = new Map<string, string[]>();
  for (const table of tables.rows) {
    for (const found of table.sql.matchAll(postgres ? /(\w+) = ANY \(ARRAY\[('[^\]]*)\]\)/g : /(\w+) IN \(('[^)]*')\)/g)) {
      const values = [...found[2].matchAll(/'([^']*)'/g)].map((v) => v[1]);
      const key = `${table.name.replace(/"/g, "")}.${found[1]}`;
      // A column may be checked twice (e.g. "x IS NULL OR x IN (…)"); both must say the same.
      if (lists.has(key)) expect(values, key).toEqual(lists.get(key));
      lists.set(key, values);
    }
  }
  return lists;
}

/** Columns whose CHECK is a closed vocabulary of the domain, and the list it must equal. */
const VOCABULARY_COLUMNS: Record<string, readonly string[]> = {
  "town.landmass": vocabulary.LANDMASSES,
  "venue.venue_type": vocabulary.VENUE_TYPES,
  "user.role": vocabulary.USER_ROLES,
  "event_request.kind": vocabulary.EVENT_KINDS,
  "event_request.time_of_day": vocabulary.TIMES_OF_DAY,
  "event_request.state": vocabulary.REQUEST_STATES,
  "series.frequency": vocabulary.SERIES_FREQUENCIES,
  "event.kind": vocabulary.EVENT_KINDS,
  "event.state": vocabulary.EVENT_STATES,
  "event.audience": vocabulary.AUDIENCES,
  "series.audience": vocabulary.AUDIENCES,
  "event_slot.offer": vocabulary.OFFERS,
  "participant_language.level": vocabulary.LANGUAGE_LEVELS,
  "participant_offer.offer": vocabulary.OFFERS,
  "assignment.status": vocabulary.ASSIGNMENT_STATES,
  "feedback.author_kind": vocabulary.FEEDBACK_AUTHORS,
  "travel_claim.status": vocabulary.CLAIM_STATES,
  "access_token.purpose": vocabulary.TOKEN_PURPOSES,
  "message.locale": vocabulary.LOCALES,
  "message.state": MESSAGE_STATES,
  "travel_claim_line.kind": TRAVEL_LINE_KINDS,
  "travel_claim.receipt_type": RECEIPT_TYPES,
};
/** CHECK lists that belong to the database alone (no vocabulary list in app/domain). */
const DATABASE_ONLY_COLUMNS = ["match_constraint.kind", "series_constraint.kind", "audit_log.actor_kind", "message.recipient_kind", "message.ics_method"];

describe("landed migrations are frozen text", () => {
  it("import nothing from the app, so a later change of the app cannot change the schema they build", () => {
    const importers = fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((file) => file.endsWith(".ts") && file !== "index.ts")
      .filter((file) => /from\s+["'](~\/|\.\.\/\.\.\/app\/|#app)/.test(fs.readFileSync(path.join(MIGRATIONS_DIR, file), "utf8")));
    expect(importers).toEqual([]);
  });

  it("build CHECK lists equal to the vocabulary: changing the vocabulary needs a new migration", async () => {
    test = await createTestDatabase();
    const lists = await checkLists(test.db);
    for (const [column, values] of Object.entries(VOCABULARY_COLUMNS)) {
      expect(lists.get(column), `${column}: its CHECK list and app/domain/vocabulary.ts differ; add a migration that rebuilds the CHECK`).toEqual([...values]);
    }
    const unknown = [...lists.keys()].filter((column) => !(column in VOCABULARY_COLUMNS) && !DATABASE_ONLY_COLUMNS.includes(column));
    expect(unknown, "CHECK lists this test does not know: map them to their vocabulary above, or list them as database-only").toEqual([]);
  });
});

describe("one proposal per place (migration 0005)", () => {
  /** An event with one place, and `count` participants who could take it. */
  async function eventWithPeople(db: DB, count: number) {
    const at = "2026-09-01T00:00:00.000Z";
    const town = await db.selectFrom("town").select("id").executeTakeFirstOrThrow();
    const venue = await db.insertInto("venue").values({ town_id: town.id, name: "Kohvik", venue_type: "cafe", created_at: at }).returning("id").executeTakeFirstOrThrow();
    const event = await db
      .insertInto("event")
      .values({
        kind: "community_event",
        state: "planned",
        title: JSON.stringify({ et: "Üks koht" }),
        venue_id: venue.id,
        starts_at: "2026-12-12T10:00:00.000Z",
        ends_at: "2026-12-12T14:00:00.000Z",
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const slot = await db.insertInto("event_slot").values({ event_id: event.id, position: 0 }).returning("id").executeTakeFirstOrThrow();
    const people: number[] = [];
    for (let i = 0; i < count; i++) {
      const p = await db
        .insertInto("participant")
        .values({ first_name: `Osaleja ${i}`, consent_at: at, created_at: at, updated_at: at, last_active_at: at })
        .returning("id")
        .executeTakeFirstOrThrow();
      people.push(p.id);
    }
    const assign = (participantId: number, status: "proposed" | "invited" | "accepted" | "declined") =>
      db
        .insertInto("assignment")
        .values({ event_id: event.id, slot_id: slot.id, participant_id: participantId, status, created_at: at, updated_at: at })
        .returning("id")
        .executeTakeFirstOrThrow();
    return { slotId: slot.id, people, assign };
  }

  it("refuses a second proposed assignment for a place, while invitations may still compete for it", async () => {
    test = await createTestDatabase();
    const { people, assign } = await eventWithPeople(test.db, 5);
    await assign(people[0], "proposed");
    await expect(assign(people[1], "proposed")).rejects.toThrow(
      /UNIQUE constraint failed: assignment\.slot_id|duplicate key value violates unique constraint "assignment_proposed_slot"/,
    );
    // 0002's rule stands: several invitations for one place, first yes wins; a no frees nothing here.
    await assign(people[1], "invited");
    await assign(people[2], "invited");
    await assign(people[3], "declined");
    await expect(test.db.updateTable("assignment").set({ status: "proposed" }).where("participant_id", "=", people[2]).execute()).rejects.toThrow(/UNIQUE|duplicate key/);
    const rows = await test.db.selectFrom("assignment").select(["participant_id", "status"]).orderBy("participant_id").execute();
    expect(rows).toEqual([
      { participant_id: people[0], status: "proposed" },
      { participant_id: people[1], status: "invited" },
      { participant_id: people[2], status: "invited" },
      { participant_id: people[3], status: "declined" },
    ]);
  });

  it("stops, naming them, on an old database that already has two proposals for a place, and changes nothing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-0005-"));
    const { db } = createDb(path.join(dir, "old.sqlite"));
    cleanups.push(async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const names = Object.keys(await migrationProvider.getMigrations()).sort();
    const before = names[names.indexOf("0005_assignment_unique") - 1];
    expect(before, "0005_assignment_unique is registered").toBeDefined();
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    await sql`INSERT INTO region (code, name_et, name_en, name_ru, name_uk) VALUES ('EE-37', 'Harjumaa', 'Harju County', 'Харьюмаа', 'Гар’юмаа')`.execute(db);
    await sql`INSERT INTO town (id, slug, name, region_code, lat, lon, landmass) VALUES (1, 'tallinn', 'Tallinn', 'EE-37', 59.437, 24.754, 'mainland')`.execute(db);
    const { slotId, people, assign } = await eventWithPeople(db, 3);
    const first = await assign(people[0], "proposed");
    const second = await assign(people[1], "proposed");
    await assign(people[2], "invited");
    const rowsBefore = await db.selectFrom("assignment").selectAll().orderBy("id").execute();

    const failure = migrateToLatest(db);
    await expect(failure).rejects.toThrow(/0005_assignment_unique/);
    await expect(failure).rejects.toThrow(new RegExp(`slot ${slotId}: assignments ${first.id}, ${second.id}`));

    expect(await db.selectFrom("assignment").selectAll().orderBy("id").execute()).toEqual(rowsBefore);
    const index = await sql`SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'assignment_proposed_slot'`.execute(db);
    expect(index.rows).toEqual([]);
    const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
    expect(applied.rows.map((r) => r.name)).not.toContain("0005_assignment_unique");

    // Once the coordinator keeps one of the two, the migration goes through.
    await db.deleteFrom("assignment").where("id", "=", second.id).execute();
    expect(await migrateToLatest(db)).toContain("0005_assignment_unique");
  });
});
