import { type Kysely, sql } from "kysely";

import { integer } from "./dialect";

/**
 * Whether a participant's first name may appear on public event pages. For people who fled,
 * being findable by name, town and date is a risk, so it is an opt-in: off for everyone until
 * they tick it at sign-up or on their own page. Hosts still see their line-up by first name.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE participant ADD COLUMN show_first_name ${integer(db)} NOT NULL DEFAULT 0 CHECK (show_first_name IN (0, 1))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE participant DROP COLUMN show_first_name`.execute(db);
}
