import { type Kysely, sql } from "kysely";

import { integer, userTable } from "./dialect";

/**
 * A message nobody could mail (state `no_address`: the person gave a phone number only) is passed
 * on by a coordinator's call. `told_at` and `told_by` say that someone did, and who, so the event
 * page stops asking for the call and its last-minute summary counts the person as reached.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE message ADD COLUMN told_at TEXT CHECK (told_at IS NULL OR told_at LIKE '____-__-__T__:__:__%Z')`.execute(db);
  await sql`ALTER TABLE message ADD COLUMN told_by ${integer(db)} REFERENCES ${userTable(db)}(id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE message DROP COLUMN told_by`.execute(db);
  await sql`ALTER TABLE message DROP COLUMN told_at`.execute(db);
}
