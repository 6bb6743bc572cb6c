/**
 * `npm run restore -- <backup-file>`: checks the backup's integrity, then replaces the database at
 * DATABASE_PATH with it. Stop the app first; start it again afterwards. With DATABASE_URL
 * (PostgreSQL) it prints the pg_restore command to use instead and exits with 2.
 */
import { parseArgs } from "node:util";

import { restoreDatabase } from "#db/backup";
import { databasePath, databaseTarget } from "#db/connection";

const { positionals } = parseArgs({ allowPositionals: true });
const [backup] = positionals;
// On PostgreSQL, pg_restore does this; nothing here may touch the database.
if (databaseTarget().kind === "postgres") {
  console.error(`DATABASE_URL is set: the database is PostgreSQL, which npm run restore does not replace. Stop every app process and worker, then:

  pg_restore --list "${backup ?? "<backup.dump>"}" > /dev/null    # the dump is readable
  pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error --dbname="$DATABASE_URL" "${backup ?? "<backup.dump>"}"

(--single-transaction: a failed restore changes nothing), restore the receipts (RECEIPTS_DIR) of the same time, and start the app again.`);
  process.exit(2);
}
if (!backup) {
  console.error("Usage: npm run restore -- <backup-file>   (stop the app first)");
  process.exit(2);
}
try {
  restoreDatabase({ backup, target: databasePath() });
  console.log(`Restored ${databasePath()} from ${backup}. Start the app again.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
