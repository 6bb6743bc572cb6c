import { type Kysely, sql } from "kysely";

/**
 * Invitations may now compete for a slot; only a yes takes it.
 *
 * 0001 allowed one *live* assignment per slot (proposed, invited, accepted, attended, no_show), so
 * a slot could be offered to one person at a time, and a slow answer kept everyone else waiting.
 * Coordinators invite several people for one place (first yes wins), so the unique index now
 * covers only the statuses that occupy the place: accepted, attended, no_show. Accepting still
 * re-checks the slot inside a write transaction; the index remains the last line of defence
 * against two people holding the same place.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS assignment_live_slot`.execute(db);
  await sql`CREATE UNIQUE INDEX assignment_taken_slot ON assignment(slot_id)
    WHERE status IN ('accepted', 'attended', 'no_show')`.execute(db);
  // Invitations of an event are read when answering one (is the place still free?).
  await sql`CREATE INDEX assignment_event_status ON assignment(event_id, status)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS assignment_event_status`.execute(db);
  await sql`DROP INDEX IF EXISTS assignment_taken_slot`.execute(db);
  await sql`CREATE UNIQUE INDEX assignment_live_slot ON assignment(slot_id)
    WHERE status IN ('proposed', 'invited', 'accepted', 'attended', 'no_show')`.execute(db);
}
