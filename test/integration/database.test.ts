import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";

import { migrateToLatest } from "#db/connection";
import { seedDatabase } from "#db/seed/index";
import { FERRY_LINKS, REGIONS, TOWNS } from "#db/seed/geography";

import { createTestDatabase, rowCounts, type TestDatabase } from "../helpers/db";

let test: TestDatabase | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

describe("migrations", () => {
  it("build every table from an empty file, and a second run applies nothing", async () => {
    test = await createTestDatabase();
    const tables = await (
      test.dialect === "sqlite"
        ? sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely_%' AND name NOT LIKE 'sqlite_%' ORDER BY name`
        : sql<{
            name: string;
          }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_%' ORDER BY table_name`
    ).execute(test.db);
    expect(tables.rows.map((r) => r.name)).toEqual(
      [
        "access_token",
        "assignment",
        "audit_log",
        "event",
        "event_request",
        "event_slot",
        "feedback",
        "ferry_link",
        "match_constraint",
        "message",
        "organisation_setting",
        "participant",
        "payment_batch",
        "travel_claim_line",
        "participant_language",
        "participant_offer",
        "participant_unavailable_date",
        "rate_counter",
        "region",
        "series",
        "session",
        "town",
        "travel_claim",
        "user",
        "venue",
        "series_constraint",
      ].sort(),
    );
    expect(await migrateToLatest(test.db)).toEqual([]);
  });

  it("turn on foreign keys, WAL and a busy timeout (PostgreSQL: sort text by code point, as SQLite does)", async () => {
    test = await createTestDatabase();
    if (test.dialect === "postgres") {
      // Lists are ordered by text columns; a server whose collation is not C / C.UTF-8 would order them differently.
      const { rows } = await sql<{
        binary: boolean;
        encoding: string;
      }>`SELECT 'B' < 'a' AS binary, pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database()`.execute(test.db);
      expect(rows).toEqual([{ binary: true, encoding: "UTF8" }]);
      return;
    }
    const pragma = async (name: string) => (await sql.raw<Record<string, unknown>>(`PRAGMA ${name}`).execute(test!.db)).rows[0];
    expect(Object.values((await pragma("foreign_keys"))!)[0]).toBe(1);
    expect(Object.values((await pragma("journal_mode"))!)[0]).toBe("wal");
    expect(Number(Object.values((await pragma("busy_timeout"))!)[0])).toBeGreaterThan(0);
  });

  it("refuse values outside the vocabulary and dangling references", async () => {
    test = await createTestDatabase();
    const db = test.db;
    const town = await db.selectFrom("town").select("id").executeTakeFirstOrThrow();
    const base = { town_id: town.id, name: "Test", venue_type: "cafe" as const, step_free: 0 as const, child_friendly: 0 as const, created_at: new Date().toISOString() };
    await expect(
      db
        .insertInto("venue")
        .values({ ...base, venue_type: "nightclub" as never })
        .execute(),
    ).rejects.toThrow(/CHECK|check constraint/);
    await expect(
      db
        .insertInto("venue")
        .values({ ...base, town_id: 999_999 })
        .execute(),
    ).rejects.toThrow(/FOREIGN KEY|foreign key constraint/);
    await expect(
      db
        .insertInto("venue")
        .values({ ...base, created_at: "yesterday" })
        .execute(),
    ).rejects.toThrow(/CHECK|check constraint/);
  });
});

describe("seed", () => {
  it("loads the real geography", async () => {
    test = await createTestDatabase();
    const counts = {
      regions: (await test.db.selectFrom("region").selectAll().execute()).length,
      towns: (await test.db.selectFrom("town").selectAll().execute()).length,
      ferries: (await test.db.selectFrom("ferry_link").selectAll().execute()).length,
    };
    expect(counts).toEqual({ regions: REGIONS.length, towns: TOWNS.length, ferries: FERRY_LINKS.length });
    expect(counts.regions).toBe(15);
    expect(counts.towns).toBeGreaterThanOrEqual(80);
  });

  it("is idempotent: a second run adds nothing and the demo goes only into an empty database", async () => {
    const now = new Date("2026-11-23T10:00:00Z");
    test = await createTestDatabase({ demo: true, now });
    const first = await rowCounts(test.db);
    expect(await seedDatabase(test.db, { now, demo: true })).toBeNull();
    expect(await rowCounts(test.db)).toEqual(first);
  });

  it("makes a demo that makes every screen look alive", async () => {
    const now = new Date("2026-11-23T10:00:00Z");
    test = await createTestDatabase({ demo: true, now });
    const db = test.db;
    const venueTowns = await db
      .selectFrom("venue")
      .innerJoin("town", "town.id", "venue.town_id")
      .select("town.slug")
      .distinct()
      .where("town.has_local_community", "=", 0)
      .execute();
    expect(venueTowns.length).toBeGreaterThanOrEqual(10);
    const participants = await db.selectFrom("participant").select(["country_of_origin"]).execute();
    expect(participants.length).toBeGreaterThanOrEqual(40);
    expect(new Set(participants.map((p) => p.country_of_origin)).size).toBeGreaterThanOrEqual(12);
    const pending = await db.selectFrom("event_request").select("id").where("state", "=", "new").execute();
    expect(pending.length).toBeGreaterThanOrEqual(2);
    const upcoming = await db.selectFrom("event").select("id").where("starts_at", ">", now.toISOString()).where("state", "in", ["planned", "confirmed"]).execute();
    expect(upcoming.length).toBeGreaterThan(10);
    // A weekly cosy-corner series at 17:00 Tallinn on both sides of the October DST change.
    const sessions = await db
      .selectFrom("event")
      .innerJoin("series", "series.id", "event.series_id")
      .select(["event.starts_at", "event.occurrence_date"])
      .where("series.frequency", "=", "weekly")
      .orderBy("event.starts_at")
      .execute();
    const utcHours = new Set(sessions.map((s) => s.starts_at.slice(11, 13)));
    expect(utcHours).toEqual(new Set(["14", "15"]));
  });
});
