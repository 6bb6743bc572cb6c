import { type Kysely, sql } from "kysely";

import { integer, strict, userTable } from "./dialect";

/**
 * A coordinator's lock or exclusion for a whole cosy-corner series (issue 16): it holds for every
 * session of the series that has no constraint of its own, including sessions added to the
 * series after the click, so "exclude from the series" keeps holding when the series is extended.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE series_constraint (
      participant_id ${integer(db)} NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
      series_id ${integer(db)} NOT NULL REFERENCES series(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('lock', 'exclude')),
      created_by ${integer(db)} REFERENCES ${userTable(db)}(id),
      created_at TEXT NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__%Z'),
      PRIMARY KEY (participant_id, series_id)
    ) ${strict(db)}`.execute(db);
  await sql`CREATE INDEX series_constraint_series ON series_constraint (series_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE series_constraint`.execute(db);
}
