import type { Kysely } from "kysely";

import type { Database } from "#db/schema";
import { localDateOf } from "~/domain/schedule";
import { nowIso } from "~/utils/clock.server";
import { writeTransaction } from "~/utils/db.server";

import { audit } from "./audit.server";
import { queueLineup } from "./messages/host.server";
import { queueConfirmation, queueNotGoing } from "./messages/participant.server";
import { TAKEN_STATUSES } from "./participant/assignments.server";
import { isUniqueViolation } from "./sqlDialect.server";

/** Why an answer was refused; the UI translates participantInvitation.refused.<code>. */
export type InvitationRefusal = "not_found" | "not_invited" | "not_accepted" | "event_past" | "event_cancelled" | "taken" | "day_taken";
export type InvitationResult = { ok: true } | { ok: false; code: InvitationRefusal };

async function loadInvitation(db: Kysely<Database>, participantId: number, assignmentId: number) {
  return (
    db
      .selectFrom("assignment")
      .innerJoin("event", "event.id", "assignment.event_id")
      .select(["assignment.id", "assignment.event_id", "assignment.slot_id", "assignment.status", "event.state", "event.starts_at"])
      .where("assignment.id", "=", assignmentId)
      // Someone else's assignment id is simply unknown here.
      .where("assignment.participant_id", "=", participantId)
      .executeTakeFirst()
  );
}

/**
 * A participant says yes. In one write transaction: the invitation must still be open and the
 * event ahead and not cancelled; the place must be free (no one else accepted it); the
 * participant must not have another event that day. Then the status changes only if it is still
 * "invited". Of several people racing for one place exactly one wins; the rest get "taken".
 */
export async function acceptInvitation(participantId: number, assignmentId: number): Promise<InvitationResult> {
  try {
    return await writeTransaction(async (db): Promise<InvitationResult> => {
      const invitation = await loadInvitation(db, participantId, assignmentId);
      if (!invitation) return { ok: false, code: "not_found" };
      if (invitation.status !== "invited") return { ok: false, code: "not_invited" };
      if (invitation.state === "cancelled") return { ok: false, code: "event_cancelled" };
      const at = nowIso();
      if (invitation.starts_at <= at) return { ok: false, code: "event_past" };

      const slotId = await claimableSlot(db, participantId, invitation.event_id, invitation.slot_id);
      if (slotId === null) return { ok: false, code: "taken" };

      const day = localDateOf(invitation.starts_at);
      const sameDay = await db
        .selectFrom("assignment")
        .innerJoin("event", "event.id", "assignment.event_id")
        .select(["event.starts_at"])
        .where("assignment.participant_id", "=", participantId)
        .where("assignment.id", "<>", assignmentId)
        .where("assignment.status", "in", TAKEN_STATUSES)
        .where("event.state", "<>", "cancelled")
        // A day's events start within ±14 h of any UTC instant of that Tallinn day; compare exactly below.
        .where("event.starts_at", ">", new Date(Date.parse(invitation.starts_at) - 86_400_000).toISOString())
        .where("event.starts_at", "<", new Date(Date.parse(invitation.starts_at) + 86_400_000).toISOString())
        .execute();
      if (sameDay.some((e) => localDateOf(e.starts_at) === day)) return { ok: false, code: "day_taken" };

      const updated = await db
        .updateTable("assignment")
        .set((eb) => ({ status: "accepted", slot_id: slotId, responded_at: at, updated_at: at, response_reason: null, sequence: eb("sequence", "+", 1) }))
        .where("id", "=", assignmentId)
        .where("status", "=", "invited")
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return { ok: false, code: "taken" };
      await audit(db, { kind: "participant", participantId }, "invitation.accept", "assignment", assignmentId, { eventId: invitation.event_id, slotId });
      // "You are coming", with the calendar entry; the host's line-up follows (see messages/host.server.ts).
      await queueConfirmation(db, assignmentId);
      return { ok: true };
    });
  } catch (error) {
    // The unique index on taken slots is the last line of defence; losing to it is losing the race.
    if (isUniqueViolation(error)) return { ok: false, code: "taken" };
    throw error;
  }
}

/**
 * The slot an acceptance takes: the invitation's own slot if nobody holds it; for an invitation
 * without a slot, a free slot of the event that fits what the participant offers (or asks for
 * nothing in particular). null when the place is gone.
 */
async function claimableSlot(db: Kysely<Database>, participantId: number, eventId: number, slotId: number | null): Promise<number | null> {
  const taken = await db
    .selectFrom("assignment")
    .select("slot_id")
    .where("event_id", "=", eventId)
    .where("status", "in", TAKEN_STATUSES)
    .where("slot_id", "is not", null)
    .execute();
  const takenIds = new Set(taken.map((t) => t.slot_id));
  if (slotId !== null) return takenIds.has(slotId) ? null : slotId;
  const [slots, offers] = await Promise.all([
    db.selectFrom("event_slot").select(["id", "offer"]).where("event_id", "=", eventId).orderBy("position").execute(),
    db.selectFrom("participant_offer").select("offer").where("participant_id", "=", participantId).execute(),
  ]);
  const mine = new Set(offers.map((o) => o.offer));
  const free = slots.filter((s) => !takenIds.has(s.id));
  // A typed slot the participant fills before an open one, so open places stay for others.
  return (free.find((s) => s.offer !== null && mine.has(s.offer)) ?? free.find((s) => s.offer === null))?.id ?? null;
}

/** A participant says no to an open invitation, optionally saying why. */
export async function declineInvitation(participantId: number, assignmentId: number, reason: string | null): Promise<InvitationResult> {
  return writeTransaction(async (db): Promise<InvitationResult> => {
    const invitation = await loadInvitation(db, participantId, assignmentId);
    if (!invitation) return { ok: false, code: "not_found" };
    if (invitation.status !== "invited") return { ok: false, code: "not_invited" };
    const at = nowIso();
    const updated = await db
      .updateTable("assignment")
      .set((eb) => ({ status: "declined", response_reason: reason, responded_at: at, updated_at: at, sequence: eb("sequence", "+", 1) }))
      .where("id", "=", assignmentId)
      .where("status", "=", "invited")
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { ok: false, code: "not_invited" };
    // That they gave a reason, not what it says: their words may name people, places or numbers.
    await audit(db, { kind: "participant", participantId }, "invitation.decline", "assignment", assignmentId, { eventId: invitation.event_id, withReason: reason !== null });
    // Thanks, and the tentative entry the invitation put in their calendar goes.
    await queueNotGoing(db, assignmentId);
    return { ok: true };
  });
}

/** A participant who said yes can step back before the event starts; the place becomes free again. */
export async function withdrawFromEvent(participantId: number, assignmentId: number, reason: string | null): Promise<InvitationResult> {
  return writeTransaction(async (db): Promise<InvitationResult> => {
    const assignment = await loadInvitation(db, participantId, assignmentId);
    if (!assignment) return { ok: false, code: "not_found" };
    if (assignment.status !== "accepted") return { ok: false, code: "not_accepted" };
    const at = nowIso();
    if (assignment.starts_at <= at) return { ok: false, code: "event_past" };
    const updated = await db
      .updateTable("assignment")
      .set((eb) => ({ status: "withdrawn", response_reason: reason, responded_at: at, updated_at: at, sequence: eb("sequence", "+", 1) }))
      .where("id", "=", assignmentId)
      .where("status", "=", "accepted")
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { ok: false, code: "not_accepted" };
    await audit(db, { kind: "participant", participantId }, "invitation.withdraw", "assignment", assignmentId, { eventId: assignment.event_id, withReason: reason !== null });
    await queueNotGoing(db, assignmentId);
    await queueLineup(db, assignment.event_id);
    return { ok: true };
  });
}
