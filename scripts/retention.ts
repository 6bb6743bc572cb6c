/**
 * `npm run retention [-- --months 24] [--dry-run]`: erases participants who have not been active
 * for the given number of months (default 24, or RETENTION_MONTHS). It first lists what it will
 * do; with --dry-run it only lists.
 */
import { parseArgs } from "node:util";

import { eraseParticipant, inactiveParticipants } from "~/models/erasure.server";
import { getDb } from "~/utils/db.server";

const { values } = parseArgs({
  options: {
    months: { type: "string", default: process.env.RETENTION_MONTHS || "24" },
    "dry-run": { type: "boolean", default: false },
  },
});
const months = Number(values.months);
if (!Number.isInteger(months) || months < 1) {
  console.error("--months must be a whole number of at least 1");
  process.exit(2);
}
const inactive = await inactiveParticipants(months);
console.log(`${inactive.length} participant(s) inactive for more than ${months} months:`);
for (const p of inactive) console.log(`  #${p.id}  last active ${p.last_active_at.slice(0, 10)}`);
if (values["dry-run"]) {
  console.log("Dry run: nothing was changed.");
} else {
  for (const p of inactive) await eraseParticipant(p.id, { kind: "system" });
  console.log(`Erased ${inactive.length} participant(s).`);
}
// PostgreSQL's pool would hold the process open until its idle connections time out.
await getDb().destroy();
