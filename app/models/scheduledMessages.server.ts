/**
 * Messages due by the clock rather than by a change: reminders before events, the host's feedback
 * request and the participants' thank-you the day after, and the coordinators' morning digest. The mail worker calls
 * queueScheduledMessages once a minute; each message has a dedupe key, so running it again (or in
 * two workers at once) never queues one twice.
 */
import { localDateOf, localMinutesOf } from "~/domain/schedule";
import { now } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";

import { queueDigest } from "./messages/coordinator.server";
import { queueHostFeedback, queueHostReminder } from "./messages/host.server";
import { queueParticipantFeedback, queueReminder } from "./messages/participant.server";

/** Hours before the start: participants (REMINDER_HOURS, default 48), hosts (HOST_REMINDER_HOURS, default 72). */
export function reminderHours() {
  const read = (name: string, fallback: number) => {
    const value = Number(process.env[name]);
    return Number.isFinite(value) && value > 0 && value <= 24 * 14 ? value : fallback;
  };
  return { participant: read("REMINDER_HOURS", 48), host: read("HOST_REMINDER_HOURS", 72), digestHour: read("DIGEST_HOUR", 7) };
}

/** Someone who said yes this recently has the journey in their confirmation: no reminder on top. */
const FRESH_ACCEPTANCE_HOURS = 12;

export async function queueScheduledMessages(): Promise<number> {
  const hours = reminderHours();
  const at = now();
  const iso = (offsetHours: number) => new Date(at.getTime() + offsetHours * 3_600_000).toISOString();
  const db = getDb();
  let queued = 0;

  const reminders = await db
    .selectFrom("assignment")
    .innerJoin("event", "event.id", "assignment.event_id")
    .innerJoin("participant", "participant.id", "assignment.participant_id")
    .select(["assignment.id", "event.starts_at"])
    .where("assignment.status", "=", "accepted")
    .where("event.state", "in", ["planned", "confirmed"])
    .where("event.starts_at", ">", iso(0))
    .where("event.starts_at", "<=", iso(hours.participant))
    .where("assignment.responded_at", "<", iso(-FRESH_ACCEPTANCE_HOURS))
    .where("participant.reminders", "=", 1)
    .where("participant.erased_at", "is", null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("message").select("message.id").whereRef("message.assignment_id", "=", "assignment.id").where("message.kind", "=", "reminder"))),
    )
    .execute();
  for (const row of reminders) {
    await writeTransaction((trx) => queueReminder(trx, row.id, row.starts_at));
    queued++;
  }

  const hostEvents = await db
    .selectFrom("event")
    .select(["id", "starts_at"])
    .where("request_id", "is not", null)
    .where("state", "in", ["planned", "confirmed"])
    .where("starts_at", ">", iso(0))
    .where("starts_at", "<=", iso(hours.host))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("message").select("message.id").whereRef("message.event_id", "=", "event.id").where("message.kind", "=", "host_reminder"))),
    )
    .execute();
  for (const row of hostEvents) {
    await writeTransaction((trx) => queueHostReminder(trx, row.id, row.starts_at));
    queued++;
  }

  // The day after: ended between 2 days and 12 hours ago.
  const feedback = await db
    .selectFrom("event")
    .select("id")
    .where("request_id", "is not", null)
    .where("state", "in", ["planned", "confirmed", "completed"])
    .where("ends_at", "<=", iso(-12))
    .where("ends_at", ">", iso(-48))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("message").select("message.id").whereRef("message.event_id", "=", "event.id").where("message.kind", "=", "host_feedback"))),
    )
    .execute();
  for (const row of feedback) {
    await writeTransaction((trx) => queueHostFeedback(trx, row.id));
    queued++;
  }

  // The same day after, a thank-you to each participant who came or said yes and was not marked a
  // no-show, with a link to give feedback (issue 16). Not a reminder: it goes whatever their
  // reminder setting. Once per assignment (the NOT EXISTS here, the dedupe key in the queue).
  const thanks = await db
    .selectFrom("assignment")
    .innerJoin("event", "event.id", "assignment.event_id")
    .innerJoin("participant", "participant.id", "assignment.participant_id")
    .select("assignment.id")
    .where("assignment.status", "in", ["accepted", "attended"])
    .where("event.state", "in", ["planned", "confirmed", "completed"])
    .where("event.ends_at", "<=", iso(-12))
    .where("event.ends_at", ">", iso(-48))
    .where("participant.erased_at", "is", null)
    .where("participant.email", "is not", null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("message").select("message.id").whereRef("message.assignment_id", "=", "assignment.id").where("message.kind", "=", "participant_feedback"))),
    )
    .execute();
  for (const row of thanks) {
    await writeTransaction((trx) => queueParticipantFeedback(trx, row.id));
    queued++;
  }

  // The digest from DIGEST_HOUR Tallinn time, once a day, for those who turned it on.
  const today = localDateOf(at);
  if (localMinutesOf(at) >= hours.digestHour * 60) {
    const users = await db
      .selectFrom("user")
      .select("id")
      .where("daily_digest", "=", 1)
      .where("disabled_at", "is", null)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom("message").select("message.id").whereRef("message.user_id", "=", "user.id").where("message.dedupe_key", "like", `digest:%:${today}`))),
      )
      .execute();
    for (const user of users) {
      const id = await writeTransaction((trx) => queueDigest(trx, user.id, today));
      if (id) queued++;
    }
  }
  return queued;
}
