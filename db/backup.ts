import fs from "node:fs";
import path from "node:path";

import SQLite from "better-sqlite3";

const BACKUP_NAME = /^tuttav-\d{8}T\d{6}(\d{3})?Z\.sqlite$/;

/** "tuttav-20261123T101500123Z.sqlite": sorts by time, safe in any file system. */
export function backupFileName(at: Date): string {
  return `tuttav-${at.toISOString().replace(/[-:.]/g, "")}.sqlite`;
}

/**
 * Copies a live database with SQLite's online backup API (consistent even while the app writes),
 * checks the copy, and keeps only the newest `keep` backups in `dir`.
 */
export async function backupDatabase(options: { source: string; dir: string; keep: number; now?: Date }): Promise<{ file: string; removed: string[] }> {
  fs.mkdirSync(options.dir, { recursive: true });
  const file = path.join(options.dir, backupFileName(options.now ?? new Date()));
  const source = new SQLite(options.source, { fileMustExist: true });
  try {
    await source.backup(file);
  } finally {
    source.close();
  }
  const problem = integrityProblem(file);
  if (problem) {
    fs.rmSync(file, { force: true });
    throw new Error(`The backup failed its integrity check: ${problem}`);
  }
  const backups = listBackups(options.dir);
  const removed = backups.slice(0, Math.max(0, backups.length - Math.max(1, options.keep)));
  for (const old of removed) fs.rmSync(old);
  return { file, removed };
}

/** Backups in a folder, oldest first. */
export function listBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

/** What `PRAGMA integrity_check` finds wrong with a database file, or null when it is sound. */
export function integrityProblem(file: string): string | null {
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    const result = rows.map((r) => r.integrity_check).join("; ");
    if (result !== "ok") return result;
    // A file that is not a Tuttav database at all is no backup of one.
    const migrated = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'kysely_migration'").get() as { n: number };
    return migrated.n === 1 ? null : "not a Tuttav database";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    db?.close();
  }
}

/**
 * Replaces the database with a backup, after checking the backup. The app must be stopped: the
 * copy goes to a temporary file next to the target and is renamed over it, so a crash midway
 * leaves either the old or the new database, never half of one.
 */
export function restoreDatabase(options: { backup: string; target: string }): void {
  const problem = integrityProblem(options.backup);
  if (problem) throw new Error(`Refusing to restore ${options.backup}: ${problem}`);
  fs.mkdirSync(path.dirname(options.target), { recursive: true });
  const temporary = `${options.target}.restoring-${process.pid}`;
  fs.copyFileSync(options.backup, temporary);
  // The old write-ahead log belongs to the old database; applied to the new one it would corrupt it.
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${options.target}${suffix}`, { force: true });
  fs.renameSync(temporary, options.target);
}
