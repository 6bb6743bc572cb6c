import { type Kysely, sql } from "kysely";

import { integer } from "./dialect";

/**
 * How many local residents came to an event, recorded by a coordinator after it started (issue 16,
 * "Attendance"). NULL until someone counts; the upper bound only keeps typing mistakes out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE event ADD COLUMN locals_count ${integer(db)} NULL CHECK (locals_count BETWEEN 0 AND 100000)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE event DROP COLUMN locals_count`.execute(db);
}
