import { type Kysely, sql } from "kysely";

/**
 * Events not yet over (`ends_at` ≥ now) are what the coordinators' list counts and pages through
 * and what the feeds select: the count is answered from this index alone (issue 18).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX event_ends_at ON event(ends_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS event_ends_at`.execute(db);
}
