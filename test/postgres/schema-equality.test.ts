import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, createPostgresDb, migrateToLatest, type DB } from "#db/connection";

import { adminQuery, databaseUrl, testDatabaseUrl, uniqueDatabaseName } from "../helpers/db";

// One set of migrations builds both schemas (db/migrations/dialect.ts spells the differences):
// this migrates a fresh SQLite file and a fresh PostgreSQL database and compares what they hold,
// read from each one's catalogue, in one normalised shape. Runs in the PostgreSQL run only
// (test/postgres/vitest.config.ts), which sets TEST_DATABASE_URL.

type Column = { type: string; notNull: boolean; primaryKey: boolean; hasDefault: boolean; generated: boolean };
type ForeignKey = { columns: string[]; table: string; references: string[]; onDelete: string };
type Index = { columns: string[]; unique: boolean; where: string | null };
type TableShape = {
  columns: Record<string, Column>;
  foreignKeys: ForeignKey[];
  /** UNIQUE constraints (SQLite names them sqlite_autoindex_…, PostgreSQL …_key): by their columns. */
  uniqueConstraints: string[][];
  /** CREATE INDEX indexes, by name. */
  indexes: Record<string, Index>;
  /** Columns that some CHECK constraint reads, and how many CHECK constraints the table has. */
  checkedColumns: string[];
  checks: number;
};
type SchemaShape = Record<string, TableShape>;

/** integer / text / real, whatever each database calls them. */
function normaliseType(type: string): string {
  const t = type.toLowerCase();
  if (/^(integer|int|int4|int8|bigint|smallint)$/.test(t)) return "integer";
  if (/^(text|character varying|varchar)$/.test(t)) return "text";
  if (/^(real|double precision|float8|float4)$/.test(t)) return "real";
  return t;
}

/** A partial index's condition with casts, brackets, ANY(ARRAY[…]) and spacing normalised away. */
export function normaliseWhere(where: string | null): string | null {
  if (where === null) return null;
  return where
    .replace(/::[a-z ]+/gi, "")
    .replace(/=\s*ANY\s*\(\s*ARRAY\s*\[/gi, " IN (")
    .replace(/[[\]()\s]/g, "")
    .toLowerCase();
}

const FK_ACTIONS: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

const sortedKeys = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
const byJson = <T>(items: T[]) => [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** The top-level, comma-separated items of a CREATE TABLE's parentheses. */
function tableItems(createSql: string): string[] {
  const body = createSql.slice(createSql.indexOf("(") + 1, createSql.lastIndexOf(")"));
  const items: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (const c of body) {
    if (c === "'") quoted = !quoted;
    if (!quoted && c === "(") depth++;
    if (!quoted && c === ")") depth--;
    if (!quoted && depth === 0 && c === ",") {
      items.push(current.trim());
      current = "";
    } else current += c;
  }
  if (current.trim()) items.push(current.trim());
  return items;
}

async function describeSqlite(db: DB): Promise<SchemaShape> {
  const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;
  const tables = await rows<{ name: string; sql: string }>(
    sql`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name`,
  );
  const shape: SchemaShape = {};
  for (const table of tables) {
    const columns: Record<string, Column> = {};
    for (const c of await rows<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden: number }>(
      sql`SELECT * FROM pragma_table_xinfo(${table.name})`,
    )) {
      const generated = c.hidden === 2 || c.hidden === 3;
      const type = generated ? c.type.replace(/\s+GENERATED ALWAYS$/i, "") : c.type;
      columns[c.name] = { type: normaliseType(type), notNull: c.notnull === 1 || c.pk > 0, primaryKey: c.pk > 0, hasDefault: c.dflt_value !== null, generated };
    }
    const fkRows = await rows<{ id: number; seq: number; table: string; from: string; to: string; on_delete: string }>(
      sql`SELECT * FROM pragma_foreign_key_list(${table.name}) ORDER BY id, seq`,
    );
    const foreignKeys = new Map<number, ForeignKey>();
    for (const fk of fkRows) {
      const entry = foreignKeys.get(fk.id) ?? { columns: [], table: fk.table.replace(/"/g, ""), references: [], onDelete: fk.on_delete };
      entry.columns.push(fk.from);
      entry.references.push(fk.to);
      foreignKeys.set(fk.id, entry);
    }
    const uniqueConstraints: string[][] = [];
    const indexes: Record<string, Index> = {};
    for (const index of await rows<{ name: string; unique: number; origin: string; partial: number }>(sql`SELECT * FROM pragma_index_list(${table.name})`)) {
      const indexColumns = (await rows<{ name: string }>(sql`SELECT name FROM pragma_index_info(${index.name}) ORDER BY seqno`)).map((c) => c.name);
      if (index.origin === "pk") continue;
      if (index.origin === "u") uniqueConstraints.push(indexColumns);
      else {
        const [{ sql: indexSql }] = await rows<{ sql: string }>(sql`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ${index.name}`);
        const where = index.partial ? indexSql.slice(indexSql.search(/\bWHERE\b/i) + 5).trim() : null;
        indexes[index.name] = { columns: indexColumns, unique: index.unique === 1, where: normaliseWhere(where) };
      }
    }
    const names = Object.keys(columns);
    const checked = new Set<string>();
    let checks = 0;
    for (const item of tableItems(table.sql)) {
      const count = item.match(/\bCHECK\s*\(/gi)?.length ?? 0;
      if (count === 0) continue;
      checks += count;
      const first = item.split(/\s+/)[0];
      if (names.includes(first)) checked.add(first);
      else for (const word of item.match(/[a-z_][a-z0-9_]*/gi) ?? []) if (names.includes(word)) checked.add(word);
    }
    shape[table.name] = {
      columns: sortedKeys(columns),
      foreignKeys: byJson([...foreignKeys.values()]),
      uniqueConstraints: byJson(uniqueConstraints),
      indexes: sortedKeys(indexes),
      checkedColumns: [...checked].sort(),
      checks,
    };
  }
  return shape;
}

async function describePostgres(db: DB): Promise<SchemaShape> {
  const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;
  const tables = await rows<{ name: string }>(
    sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_%' ORDER BY table_name`,
  );
  const shape: SchemaShape = {};
  for (const { name: table } of tables) {
    const primary = new Set(
      (
        await rows<{ column: string }>(
          sql`SELECT a.attname AS column FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = ${table}::regclass AND i.indisprimary`,
        )
      ).map((r) => r.column),
    );
    const columns: Record<string, Column> = {};
    for (const c of await rows<{ column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_generated: string }>(
      sql`SELECT column_name, data_type, is_nullable, column_default, is_generated FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table}`,
    )) {
      columns[c.column_name] = {
        type: normaliseType(c.data_type),
        notNull: c.is_nullable === "NO",
        primaryKey: primary.has(c.column_name),
        hasDefault: c.column_default !== null,
        generated: c.is_generated === "ALWAYS",
      };
    }
    const constraints = await rows<{ contype: string; columns: string[]; ref_table: string | null; ref_columns: string[] | null; confdeltype: string }>(sql`
      SELECT c.contype,
        ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS columns,
        c.confrelid::regclass::text AS ref_table,
        ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS ref_columns,
        c.confdeltype
      FROM pg_constraint c WHERE c.conrelid = ${table}::regclass`);
    const foreignKeys = constraints
      .filter((c) => c.contype === "f")
      .map((c) => ({ columns: c.columns, table: (c.ref_table ?? "").replace(/"/g, ""), references: c.ref_columns ?? [], onDelete: FK_ACTIONS[c.confdeltype] }));
    const uniqueConstraints = constraints.filter((c) => c.contype === "u").map((c) => c.columns);
    const checkConstraints = constraints.filter((c) => c.contype === "c");
    const indexes: Record<string, Index> = {};
    for (const index of await rows<{ name: string; unique: boolean; columns: string[]; where: string | null }>(sql`
      SELECT ci.relname AS name, i.indisunique AS unique,
        ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS columns,
        pg_get_expr(i.indpred, i.indrelid) AS where
      FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
      WHERE i.indrelid = ${table}::regclass AND NOT i.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype = 'u')`)) {
      indexes[index.name] = { columns: index.columns, unique: index.unique, where: normaliseWhere(index.where) };
    }
    shape[table] = {
      columns: sortedKeys(columns),
      foreignKeys: byJson(foreignKeys),
      uniqueConstraints: byJson(uniqueConstraints),
      indexes: sortedKeys(indexes),
      checkedColumns: [...new Set(checkConstraints.flatMap((c) => c.columns))].sort(),
      checks: checkConstraints.length,
    };
  }
  return shape;
}

const serverUrl = testDatabaseUrl();
let dir: string;
let sqliteDb: DB;
let postgresDb: DB;
let postgresName: string;

beforeAll(async () => {
  if (!serverUrl) throw new Error("The schema comparison needs TEST_DATABASE_URL (npm run test:postgres)");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-schema-"));
  sqliteDb = createDb(path.join(dir, "schema.sqlite")).db;
  await migrateToLatest(sqliteDb);
  postgresName = uniqueDatabaseName("schema");
  await adminQuery(serverUrl, `CREATE DATABASE ${postgresName}`);
  postgresDb = createPostgresDb(databaseUrl(serverUrl, postgresName), 1).db;
  await migrateToLatest(postgresDb);
});

afterAll(async () => {
  await sqliteDb?.destroy();
  await postgresDb?.destroy();
  if (serverUrl && postgresName) await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${postgresName} WITH (FORCE)`);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("one set of migrations, the same schema on SQLite and PostgreSQL", () => {
  it("has the same tables, columns, keys, unique constraints, indexes and checked columns on both", async () => {
    const sqlite = await describeSqlite(sqliteDb);
    const postgres = await describePostgres(postgresDb);
    expect(Object.keys(postgres)).toEqual(Object.keys(sqlite));
    for (const table of Object.keys(sqlite)) expect(postgres[table], table).toEqual(sqlite[table]);
    // The comparison reads something: the tables the app is built on are there, with their parts.
    expect(sqlite.assignment.indexes.assignment_taken_slot).toEqual({ columns: ["slot_id"], unique: true, where: "statusin'accepted','attended','no_show'" });
    expect(sqlite.town.columns.on_island).toMatchObject({ type: "integer", generated: true });
    expect(sqlite.event.checkedColumns.length).toBeGreaterThan(10);
    expect(sqlite.ferry_link.uniqueConstraints).toEqual([["from_town_id", "to_town_id"]]);
    expect(sqlite.session.foreignKeys).toEqual([{ columns: ["user_id"], table: "user", references: ["id"], onDelete: "CASCADE" }]);
    expect(sqlite.feedback.indexes.feedback_participant_once.where).toBe("author_kind='participant'andparticipant_idisnotnull");
    expect(sqlite.series.checkedColumns).toContain("session_count");
  });

  it("tells when a migration built something on one side only", async () => {
    await sql`ALTER TABLE venue ADD COLUMN website TEXT CHECK (length(website) < 200)`.execute(postgresDb);
    await sql`CREATE INDEX venue_name ON venue (name) WHERE name <> ''`.execute(postgresDb);
    try {
      const sqlite = await describeSqlite(sqliteDb);
      const postgres = await describePostgres(postgresDb);
      expect(postgres.venue).not.toEqual(sqlite.venue);
      expect(Object.keys(postgres.venue.columns).filter((c) => !(c in sqlite.venue.columns))).toEqual(["website"]);
      expect(Object.keys(postgres.venue.indexes).filter((i) => !(i in sqlite.venue.indexes))).toEqual(["venue_name"]);
      expect(postgres.venue.checks).toBe(sqlite.venue.checks + 1);
    } finally {
      await sql`DROP INDEX venue_name`.execute(postgresDb);
      await sql`ALTER TABLE venue DROP COLUMN website`.execute(postgresDb);
    }
    expect(await describePostgres(postgresDb)).toEqual(await describeSqlite(sqliteDb));
  });
});
