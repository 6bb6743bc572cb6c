/**
 * `npm run restore -- <backup-file>`: checks the backup's integrity, then replaces the database at
 * DATABASE_PATH with it. Stop the app first; start it again afterwards.
 */
import { parseArgs } from "node:util";

import { restoreDatabase } from "#db/backup";
import { databasePath } from "#db/connection";

const { positionals } = parseArgs({ allowPositionals: true });
const [backup] = positionals;
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
