/**
 * `npm run backup [-- --dir backups --keep 14]`: an online backup of the database at
 * DATABASE_PATH into a timestamped file, keeping the newest N. Safe while the app is running.
 * With DATABASE_URL (PostgreSQL) it prints the pg_dump command to use instead and exits with 2.
 */
import { parseArgs } from "node:util";

import { backupDatabase } from "#db/backup";
import { databasePath, databaseTarget } from "#db/connection";

const { values } = parseArgs({
  options: {
    dir: { type: "string", default: process.env.BACKUP_DIR || "backups" },
    keep: { type: "string", default: "14" },
  },
});
// On PostgreSQL this script has nothing to copy: the server's own tools make a consistent dump
// while the app runs. Say which, and touch nothing.
if (databaseTarget().kind === "postgres") {
  console.error(`DATABASE_URL is set: the database is PostgreSQL, which npm run backup does not copy. Use pg_dump (custom format, consistent while the app runs):

  mkdir -p ${values.dir} && pg_dump --format=custom --file="${values.dir}/tuttav-$(date -u +%Y%m%dT%H%M%SZ).dump" "$DATABASE_URL"

and keep receipts (RECEIPTS_DIR) with it. Restore with npm run restore's advice (pg_restore).`);
  process.exit(2);
}
const keep = Number(values.keep);
if (!Number.isInteger(keep) || keep < 1) {
  console.error("--keep must be a whole number of at least 1");
  process.exit(2);
}
const { file, removed } = await backupDatabase({ source: databasePath(), dir: values.dir!, keep });
console.log(`Backup written: ${file}`);
for (const old of removed) console.log(`Removed old backup: ${old}`);
