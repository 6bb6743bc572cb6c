/**
 * A child process for the crash test: writes records in transactions through the app's own
 * connection settings and acknowledges each one on stdout only after it has committed.
 * Each transaction writes two rows that belong together, so a half-written pair would show.
 */
import { openSqlite } from "#db/connection";

const file = process.argv[2];
if (!file) throw new Error("usage: writer.ts <database>");
const sqlite = openSqlite(file);
const insert = sqlite.prepare(
  "INSERT INTO audit_log (at, actor_kind, action, entity, entity_id, details) VALUES (?, 'system', ?, 'crash_test', ?, '{}')",
);
const writePair = sqlite.transaction((n: number) => {
  const at = new Date().toISOString();
  insert.run(at, "pair.first", n);
  insert.run(at, "pair.second", n);
});

let n = Number(process.argv[3] ?? 0);
for (;;) {
  n += 1;
  writePair.immediate(n);
  process.stdout.write(`${n}\n`);
}
