import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { backupDatabase, integrityProblem, listBackups, restoreDatabase } from "#db/backup";

import { createTestDatabase, rowCounts, sqliteFileOf, type TestDatabase } from "../helpers/db";

let test: TestDatabase;
/** The database file: these copy it, so they run on SQLite only (test/postgres/vitest.config.ts). */
let source: string;
let dir: string;

beforeAll(async () => {
  test = await createTestDatabase({ demo: true, now: new Date("2026-11-23T10:00:00Z") });
  source = sqliteFileOf(test);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-backups-"));
});
afterAll(async () => {
  await test.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("backup and restore", () => {
  it("backs up a live database, restores it over later changes, and finds the data", async () => {
    const before = await rowCounts(test.db);
    const { file } = await backupDatabase({ source, dir, keep: 5, now: new Date("2026-11-23T10:00:00Z") });
    expect(integrityProblem(file)).toBeNull();

    // Damage after the backup: participants gone.
    await test.db.deleteFrom("participant_language").execute();
    expect((await rowCounts(test.db)).participant_language).toBe(0);

    // Restore needs the app stopped: close the connection, restore, reopen.
    await test.db.destroy();
    restoreDatabase({ backup: file, target: source });
    const reopened = new SQLite(source, { readonly: true });
    const languages = reopened.prepare("SELECT count(*) AS n FROM participant_language").get() as { n: number };
    const olena = reopened.prepare("SELECT first_name FROM participant WHERE last_name = 'Kovalenko'").get() as { first_name: string };
    reopened.close();
    expect(languages.n).toBe(before.participant_language);
    expect(olena.first_name).toBe("Olena");
  });

  it("keeps only the newest N backups", async () => {
    for (let i = 1; i <= 4; i++) await backupDatabase({ source, dir, keep: 3, now: new Date(Date.UTC(2026, 10, 24, i)) });
    const names = listBackups(dir).map((f) => path.basename(f));
    // The first test's backup and the 01:00 one were the oldest; they are gone.
    expect(names).toEqual(["tuttav-20261124T020000000Z.sqlite", "tuttav-20261124T030000000Z.sqlite", "tuttav-20261124T040000000Z.sqlite"]);
  });

  it("refuses to restore a damaged file or something that is not a Tuttav database", () => {
    const garbage = path.join(dir, "garbage.sqlite");
    fs.writeFileSync(garbage, "this is not a database");
    expect(() => restoreDatabase({ backup: garbage, target: source })).toThrow(/Refusing to restore/);
    const empty = path.join(dir, "empty.sqlite");
    new SQLite(empty).close();
    expect(() => restoreDatabase({ backup: empty, target: source })).toThrow(/not a Tuttav database/);
    // The target is untouched.
    expect(integrityProblem(source)).toBeNull();
  });

  it("works from the command line as README says", () => {
    const env = { ...process.env, DATABASE_PATH: source };
    const out = execFileSync("npx", ["tsx", "scripts/backup.ts", "--dir", dir, "--keep", "2"], { env, encoding: "utf8" });
    expect(out).toMatch(/Backup written: .*tuttav-\d{8}T\d{9}Z\.sqlite/);
    expect(listBackups(dir)).toHaveLength(2);
    const latest = listBackups(dir).at(-1)!;
    const restored = execFileSync("npx", ["tsx", "scripts/restore.ts", latest], { env, encoding: "utf8" });
    expect(restored).toMatch(/^Restored /);
  });
});
