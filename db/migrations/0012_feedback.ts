import { type Kysely, sql } from "kysely";

/**
 * Feedback from hosts and participants through their private links (issue 16, "Feedback from
 * everyone"): one host answer per event and one answer per participant per event, which they may
 * change until a coordinator has answered it. Anonymous locals may still write as often as they like.
 * An erased participant's feedback no longer points to them (participant_id NULL), so it leaves
 * the second index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE UNIQUE INDEX feedback_host_once ON feedback (event_id) WHERE author_kind = 'host'`.execute(db);
  await sql`CREATE UNIQUE INDEX feedback_participant_once ON feedback (event_id, participant_id) WHERE author_kind = 'participant' AND participant_id IS NOT NULL`.execute(db);
  // When the author last changed it (NULL: never changed since it was given).
  await sql`ALTER TABLE feedback ADD COLUMN updated_at TEXT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE feedback DROP COLUMN updated_at`.execute(db);
  await sql`DROP INDEX feedback_participant_once`.execute(db);
  await sql`DROP INDEX feedback_host_once`.execute(db);
}
