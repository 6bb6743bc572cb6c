import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";

import { withStatementCache } from "../../db/connection";
import { i18next } from "~/i18n/i18next.server";

const opened: SQLite.Database[] = [];
function tempSqlite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-stmt-"));
  const sqlite = new SQLite(path.join(dir, "db.sqlite"));
  opened.push(sqlite);
  return sqlite;
}
afterEach(() => {
  for (const sqlite of opened.splice(0)) if (sqlite.open) sqlite.close();
});

describe("prepared statements kept per connection", () => {
  it("reuses a statement for the same SQL and prepares new SQL", () => {
    const cached = withStatementCache(tempSqlite());
    const a = cached.prepare("SELECT 1 AS one");
    expect(cached.prepare("SELECT 1 AS one")).toBe(a);
    expect(cached.prepare("SELECT 2 AS two")).not.toBe(a);
    expect(a.get()).toEqual({ one: 1 });
  });

  it("drops the least recently used beyond its size", () => {
    const cached = withStatementCache(tempSqlite(), 2);
    const one = cached.prepare("SELECT 1");
    const two = cached.prepare("SELECT 2");
    expect(cached.prepare("SELECT 1")).toBe(one); // now the most recent
    cached.prepare("SELECT 3"); // evicts "SELECT 2"
    expect(cached.prepare("SELECT 1")).toBe(one);
    expect(cached.prepare("SELECT 2")).not.toBe(two);
  });

  it("keeps working when the schema changes under a kept statement", () => {
    const sqlite = tempSqlite();
    const cached = withStatementCache(sqlite);
    sqlite.exec("CREATE TABLE t (a INTEGER)");
    cached.prepare("INSERT INTO t (a) VALUES (?)").run(1);
    const select = cached.prepare("SELECT * FROM t");
    expect(select.all()).toEqual([{ a: 1 }]);
    sqlite.exec("ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x'");
    expect(cached.prepare("SELECT * FROM t").all()).toEqual([{ a: 1, b: "x" }]);
  });
});

describe("translators kept per language", () => {
  it("gives the same translator for the same language, and the right language for each", async () => {
    const et = await i18next.getFixedT("et");
    expect(await i18next.getFixedT("et")).toBe(et);
    const ru = await i18next.getFixedT("ru");
    expect(ru).not.toBe(et);
    expect(et("nav.events")).not.toBe(ru("nav.events"));
    expect(et("nav.events")).not.toBe("nav.events");
  });
});
