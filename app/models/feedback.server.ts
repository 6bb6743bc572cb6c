import type { FeedbackAuthor } from "~/domain/vocabulary";
import { nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "./audit.server";

/** A public event that has started can be given feedback; returns its id and title, or null. */
export async function eventOpenForFeedback(eventId: number) {
  return getDb()
    .selectFrom("event")
    .select(["id", "title", "starts_at", "state"])
    .where("id", "=", eventId)
    .where("is_public", "=", 1)
    .where("state", "in", ["planned", "confirmed", "completed"])
    .where("starts_at", "<=", nowIso())
    .executeTakeFirst();
}

/** Stores one piece of feedback (anonymous for locals). */
export async function addFeedback(input: { eventId: number; author: FeedbackAuthor; participantId?: number | null; rating: number | null; text: string | null }) {
  await getDb()
    .insertInto("feedback")
    .values({
      event_id: input.eventId,
      author_kind: input.author,
      participant_id: input.participantId ?? null,
      rating: input.rating,
      text: input.text,
      created_at: nowIso(),
    })
    .execute();
}

/** Feedback on one event, newest first, for coordinators. */
export async function listFeedback(eventId: number) {
  return getDb()
    .selectFrom("feedback")
    .leftJoin("user", "user.id", "feedback.responded_by")
    .select(["feedback.id", "feedback.author_kind", "feedback.rating", "feedback.text", "feedback.response", "feedback.responded_at", "feedback.created_at", "user.name as responder"])
    .where("feedback.event_id", "=", eventId)
    .orderBy("feedback.id", "desc")
    .execute();
}

/** A coordinator records "what we did with it". */
export async function respondToFeedback(feedbackId: number, eventId: number, response: string, actor: Actor & { kind: "user" }) {
  return writeTransaction(async (trx) => {
      const result = await trx
        .updateTable("feedback")
        .set({ response, responded_by: actor.userId, responded_at: nowIso() })
        .where("id", "=", feedbackId)
        .where("event_id", "=", eventId)
        .executeTakeFirst();
      if (!result.numUpdatedRows) return false;
      await audit(trx, actor, "feedback.respond", "event", eventId, { feedbackId });
      return true;
    });
}
