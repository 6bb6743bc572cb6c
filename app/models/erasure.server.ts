import { sql } from "kysely";

import { now, nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "./audit.server";
import { revokeTokens } from "./token.server";

/** What is left of an erased participant: a placeholder name and the anonymous counts. */
export const ERASED_NAME = "—";

/**
 * Erases a participant's personal data (right to erasure). Name, contacts, home town, languages,
 * offers, needs, origin, gender and dates are removed; past assignments stay without a name so
 * that reports still count them; open invitations and future places are withdrawn; every link
 * stops working. One transaction, audited. Returns false when there is no such participant.
 */
export async function eraseParticipant(participantId: number, actor: Actor): Promise<boolean> {
  return writeTransaction(async (trx) => {
      const participant = await trx.selectFrom("participant").select(["id", "erased_at"]).where("id", "=", participantId).executeTakeFirst();
      if (!participant) return false;
      if (participant.erased_at) return true;
      const at = nowIso();
      await trx
        .updateTable("participant")
        .set({
          first_name: ERASED_NAME,
          last_name: null,
          email: null,
          phone: null,
          home_town_id: null,
          weekdays: "[]",
          times_of_day: "[]",
          paused_until: null,
          needs_childcare: 0,
          needs_step_free: 0,
          dietary: null,
          country_of_origin: null,
          gender: null,
          erased_at: at,
          updated_at: at,
        })
        .where("id", "=", participantId)
        .execute();
      await trx.deleteFrom("participant_language").where("participant_id", "=", participantId).execute();
      await trx.deleteFrom("participant_offer").where("participant_id", "=", participantId).execute();
      await trx.deleteFrom("participant_unavailable_date").where("participant_id", "=", participantId).execute();
      await trx.deleteFrom("match_constraint").where("participant_id", "=", participantId).execute();
      // Anything not yet happened is given up, so the place can go to someone else.
      const future = trx.selectFrom("event").select("id").where("starts_at", ">", at);
      await trx
        .updateTable("assignment")
        .set({ status: "withdrawn", response_reason: null, explanation: "[]", updated_at: at })
        .where("participant_id", "=", participantId)
        .where("status", "in", ["proposed", "invited", "accepted"])
        .where("event_id", "in", future)
        .execute();
      await trx.updateTable("assignment").set({ response_reason: null, explanation: "[]" }).where("participant_id", "=", participantId).execute();
      // Their words stay only if they said them anonymously; the link to them goes.
      await trx.updateTable("feedback").set({ participant_id: null }).where("participant_id", "=", participantId).execute();
      await trx.updateTable("travel_claim").set({ description: null }).where("assignment_id", "in", trx.selectFrom("assignment").select("id").where("participant_id", "=", participantId)).execute();
      await revokeTokens(trx, "participant", participantId);
      await audit(trx, actor, "participant.erase", "participant", participantId);
      return true;
    });
}

/**
 * Participants with no activity for `months` months: not active, nothing upcoming, not erased.
 * "Activity" is their last sign-in through their link or change, and their latest event.
 */
export async function inactiveParticipants(months: number) {
  const cutoff = new Date(now());
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  const cutoffIso = cutoff.toISOString();
  return getDb()
    .selectFrom("participant")
    .select(["participant.id", "participant.first_name", "participant.last_active_at"])
    .where("participant.erased_at", "is", null)
    .where("participant.last_active_at", "<", cutoffIso)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("assignment")
            .innerJoin("event", "event.id", "assignment.event_id")
            .select(sql`1`.as("one"))
            .whereRef("assignment.participant_id", "=", "participant.id")
            .where("event.ends_at", ">=", cutoffIso),
        ),
      ),
    )
    .orderBy("participant.last_active_at")
    .execute();
}
