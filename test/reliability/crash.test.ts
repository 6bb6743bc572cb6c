import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, migrateToLatest } from "#db/connection";

const KILLS = 25;
const root = path.resolve(__dirname, "../..");
let dir: string;
let file: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tuttav-crash-"));
  file = path.join(dir, "tuttav.sqlite");
  const { db } = createDb(file);
  await migrateToLatest(db);
  await db.destroy();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the writer, lets it acknowledge some writes, then kills it with SIGKILL at a random moment. */
function runAndKill(startAt: number, killAfterMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/reliability/writer.ts", file, String(startAt)], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    const acked: number[] = [];
    let buffer = "";
    let stderr = "";
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) acked.push(Number(line));
      // The clock starts at the first acknowledged write, so every run is killed mid-stream.
      timer ??= setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (_code, signal) => {
      clearTimeout(timer);
      if (signal !== "SIGKILL") reject(new Error(`writer ended without being killed: ${stderr}`));
      else resolve(acked);
    });
  });
}

describe("crash safety", () => {
  it(`keeps every acknowledged write and never half a transaction across ${KILLS} SIGKILLs`, async () => {
    const acknowledged = new Set<number>();
    let next = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const acked = await runAndKill(next, 20 + Math.floor(Math.random() * 300));
      for (const n of acked) acknowledged.add(n);
      const db = new SQLite(file);
      try {
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
        const rows = db.prepare("SELECT entity_id AS n, count(*) AS c FROM audit_log WHERE entity = 'crash_test' GROUP BY entity_id").all() as { n: number; c: number }[];
        const present = new Map(rows.map((r) => [r.n, r.c]));
        for (const n of acknowledged) expect(present.get(n), `acknowledged write ${n}`).toBe(2);
        expect(rows.filter((r) => r.c !== 2), "half-written transactions").toEqual([]);
        next = Math.max(0, ...rows.map((r) => r.n));
      } finally {
        db.close();
      }
    }
    expect(acknowledged.size).toBeGreaterThan(KILLS);
  });
});
