/**
 * `npm run backup [-- --dir backups --keep 14]`: an online backup of the database at
 * DATABASE_PATH into a timestamped file, keeping the newest N. Safe while the app is running.
 */
import { parseArgs } from "node:util";

import { backupDatabase } from "#db/backup";
import { databasePath } from "#db/connection";

const { values } = parseArgs({
  options: {
    dir: { type: "string", default: process.env.BACKUP_DIR || "backups" },
    keep: { type: "string", default: "14" },
  },
});
const keep = Number(values.keep);
if (!Number.isInteger(keep) || keep < 1) {
  console.error("--keep must be a whole number of at least 1");
  process.exit(2);
}
const { file, removed } = await backupDatabase({ source: databasePath(), dir: values.dir!, keep });
console.log(`Backup written: ${file}`);
for (const old of removed) console.log(`Removed old backup: ${old}`);
