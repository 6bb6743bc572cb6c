import { type Kysely, sql } from "kysely";

import { id, integer, strict, userTable } from "./dialect";

/**
 * The outbox (issue "Messages that reach people"). Every message is a row written in the same
 * transaction as the change that causes it, so a committed change always has its message and a
 * rolled-back one never does; a worker sends pending rows afterwards (app/models/outbox.server.ts).
 *
 * - `state`: pending → sending (claimed by one worker until `claimed_until`) → sent, or kept (no
 *   SMTP in development: shown at /admin/outbox), failed (after `tries` ran out or a permanent
 *   refusal), cancelled (by a coordinator, or its recipient erased themselves), no_address (phone
 *   only: the coordinator tells them).
 * - `body_text`, `body_html` and `ics` may hold a private link: they are emptied once the message
 *   was handed to the SMTP server.
 * - `after_sent`: JSON of what to do once the SMTP server accepted it (revoke the links it
 *   replaces) or once it finally failed (revoke the link it carried).
 * - `dedupe_key`: reminders and digests are queued once per person and occasion.
 *
 * Also: `assignment.sequence` counts the changes a participant's own calendar entry goes through
 * (invited, accepted, declined...), so their feed's SEQUENCE (event's + assignment's) moves when
 * the entry changes; `participant.reminders` lets a participant turn reminders off;
 * `user.daily_digest` turns a coordinator's morning digest on (off by default).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE message (
      id ${id(db)},
      kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
      priority ${integer(db)} NOT NULL DEFAULT 5 CHECK (priority BETWEEN 0 AND 9),
      recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('participant', 'host', 'coordinator')),
      participant_id ${integer(db)} REFERENCES participant(id),
      request_id ${integer(db)} REFERENCES event_request(id),
      user_id ${integer(db)} REFERENCES ${userTable(db)}(id),
      event_id ${integer(db)} REFERENCES event(id) ON DELETE SET NULL,
      assignment_id ${integer(db)} REFERENCES assignment(id) ON DELETE SET NULL,
      to_address TEXT CHECK (to_address IS NULL OR length(to_address) <= 254),
      locale TEXT NOT NULL CHECK (locale IN ('et', 'en', 'ru', 'uk')),
      subject TEXT NOT NULL,
      body_text TEXT,
      body_html TEXT,
      ics TEXT,
      ics_method TEXT CHECK (ics_method IS NULL OR ics_method IN ('REQUEST', 'CANCEL')),
      message_id TEXT NOT NULL UNIQUE,
      state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'kept', 'failed', 'cancelled', 'no_address')),
      tries ${integer(db)} NOT NULL DEFAULT 0 CHECK (tries >= 0),
      next_attempt_at TEXT NOT NULL CHECK (next_attempt_at LIKE '____-__-__T__:__:__%Z'),
      claimed_by TEXT,
      claimed_until TEXT,
      last_error TEXT CHECK (last_error IS NULL OR length(last_error) <= 500),
      after_sent TEXT,
      dedupe_key TEXT UNIQUE,
      created_at TEXT NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__%Z'),
      updated_at TEXT NOT NULL,
      sent_at TEXT
    ) ${strict(db)}`.execute(db);
  // The worker's query: due pending messages, most urgent first.
  await sql`CREATE INDEX message_due ON message (state, priority, next_attempt_at, id)`.execute(db);
  await sql`CREATE INDEX message_event ON message (event_id, recipient_kind)`.execute(db);
  await sql`CREATE INDEX message_participant ON message (participant_id)`.execute(db);
  await sql`ALTER TABLE assignment ADD COLUMN sequence ${integer(db)} NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE participant ADD COLUMN reminders ${integer(db)} NOT NULL DEFAULT 1 CHECK (reminders IN (0, 1))`.execute(db);
  await sql`ALTER TABLE ${userTable(db)} ADD COLUMN daily_digest ${integer(db)} NOT NULL DEFAULT 0 CHECK (daily_digest IN (0, 1))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE ${userTable(db)} DROP COLUMN daily_digest`.execute(db);
  await sql`ALTER TABLE participant DROP COLUMN reminders`.execute(db);
  await sql`ALTER TABLE assignment DROP COLUMN sequence`.execute(db);
  await sql`DROP TABLE message`.execute(db);
}
