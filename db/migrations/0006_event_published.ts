import { type Kysely, sql } from "kysely";

/**
 * When an event was first published (moved out of draft), so that unpublishing it (planned →
 * draft) reaches calendar subscribers as a cancellation instead of the event silently dropping
 * out of their feed. Events already past draft count as published since they were created.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE event ADD COLUMN published_at TEXT`.execute(db);
  await sql`UPDATE event SET published_at = created_at WHERE state <> 'draft'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE event DROP COLUMN published_at`.execute(db);
}
