import { sql, type Kysely } from "kysely";

import type { Database } from "#db/schema";
import { now, nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";
import { removeFromOutbox } from "~/utils/mailTransport.server";
import { deleteReceipts } from "~/utils/receipts.server";
import { hashToken } from "~/utils/token.server";

import { receiptFilesOf } from "./claims/receipts.server";
import { queueLineup } from "./messages/host.server";
import { forgetParticipantMessages } from "./outbox.server";
import { audit, type Actor } from "./audit.server";
import { jsonNumber } from "./sqlDialect.server";
import { revokeTokens } from "./token.server";

/** What is left of an erased participant: a placeholder name and the anonymous counts. */
export const ERASED_NAME = "—";

/**
 * What an audit entry about an erased participant keeps: which records it concerned and that
 * something happened. Anything else (a reason in their words, a date they gave) is dropped.
 */
const AUDIT_KEYS_KEPT = new Set(["eventId", "slotId", "participantId", "requestId", "consentVersion", "withReason"]);

/**
 * Erases a participant's personal data (right to erasure). Name, contacts, home town, languages,
 * offers, needs, origin, gender and dates are removed; past assignments stay without a name so
 * that reports still count them; open invitations and future places are withdrawn; every link
 * stops working; their words (reasons, feedback text, claim descriptions) and the details of
 * audit entries about them go, the entries stay. One transaction, audited; after it, the messages
 * to them are taken out of the development outbox. The file keeps nothing of it once the WAL is
 * checkpointed (secure_delete, see db/connection.ts). Returns false when there is no such participant.
 */
export async function eraseParticipant(participantId: number, actor: Actor): Promise<boolean> {
  const erased = await writeTransaction(async (trx) => {
    const participant = await trx.selectFrom("participant").select(["id", "erased_at", "email"]).where("id", "=", participantId).executeTakeFirst();
    if (!participant) return null;
    // Their links, revoked or not, to find the messages that carried one (also to an old address).
    const tokens = await trx.selectFrom("access_token").select("token_hash").where("purpose", "=", "participant").where("subject_id", "=", participantId).execute();
    // Their receipts go too (the files after the commit); the claims' amounts stay for the totals.
    const receipts = await receiptFilesOf(trx, participantId);
    const mail = { email: participant.email, tokenHashes: new Set(tokens.map((t) => t.token_hash)), receipts };
    if (participant.erased_at) return mail;
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
        iban: null,
        account_holder: null,
        erased_at: at,
        updated_at: at,
      })
      .where("id", "=", participantId)
      .execute();
    await trx.deleteFrom("participant_language").where("participant_id", "=", participantId).execute();
    await trx.deleteFrom("participant_offer").where("participant_id", "=", participantId).execute();
    await trx.deleteFrom("participant_unavailable_date").where("participant_id", "=", participantId).execute();
    await trx.deleteFrom("match_constraint").where("participant_id", "=", participantId).execute();
    await trx.deleteFrom("series_constraint").where("participant_id", "=", participantId).execute();
    // Anything not yet happened is given up, so the place can go to someone else.
    const future = trx.selectFrom("event").select("id").where("starts_at", ">", at);
    const going = await trx
      .selectFrom("assignment")
      .select("event_id")
      .where("participant_id", "=", participantId)
      .where("status", "=", "accepted")
      .where("event_id", "in", future)
      .execute();
    await trx
      .updateTable("assignment")
      .set({ status: "withdrawn", response_reason: null, explanation: "[]", updated_at: at })
      .where("participant_id", "=", participantId)
      .where("status", "in", ["proposed", "invited", "accepted"])
      .where("event_id", "in", future)
      .execute();
    await trx.updateTable("assignment").set({ response_reason: null, explanation: "[]" }).where("participant_id", "=", participantId).execute();
    // Their words stay only if they said them anonymously: feedback given as them keeps its
    // rating (and the coordinators' answer), not their text, and no longer points to them.
    await trx.updateTable("feedback").set({ participant_id: null, text: null }).where("participant_id", "=", participantId).execute();
    await trx
      .updateTable("travel_claim")
      .set({ description: null, rejection_reason: null, receipt_file: null, receipt_type: null, receipt_size: null })
      .where("assignment_id", "in", trx.selectFrom("assignment").select("id").where("participant_id", "=", participantId))
      .execute();
    await scrubAuditLog(trx, participantId);
    await revokeTokens(trx, "participant", participantId);
    // Nothing more goes to them, and what went keeps no address, name or link.
    await forgetParticipantMessages(trx, participantId);
    // A host's line-up still waiting to go names them: it is written again without them.
    for (const { event_id } of going) await queueLineup(trx, event_id);
    await audit(trx, actor, "participant.erase", "participant", participantId);
    return mail;
  });
  if (!erased) return false;
  deleteReceipts(erased.receipts);
  // After the commit: the development outbox keeps every message; those to them go too.
  const address = erased.email?.toLowerCase() ?? null;
  removeFromOutbox(
    (m) => m.to.trim().toLowerCase() === address || [...m.text.matchAll(/\/me\/([A-Za-z0-9_-]{20,100})/g)].some((link) => erased.tokenHashes.has(hashToken(link[1]))),
  );
  return true;
}

/**
 * Audit entries about a participant (their record, their assignments, or naming them) keep the
 * row (who did what, when) and drop every detail but the ids (AUDIT_KEYS_KEPT).
 */
async function scrubAuditLog(trx: Kysely<Database>, participantId: number): Promise<void> {
  const rows = await trx
    .selectFrom("audit_log")
    .select(["id", "details"])
    .where((eb) =>
      eb.or([
        eb.and([eb("entity", "=", "participant"), eb("entity_id", "=", participantId)]),
        eb.and([eb("entity", "=", "assignment"), eb("entity_id", "in", eb.selectFrom("assignment").select("id").where("participant_id", "=", participantId))]),
        eb(jsonNumber(trx, "details", "participantId"), "=", participantId),
      ]),
    )
    .execute();
  for (const row of rows) {
    const details = JSON.parse(row.details) as Record<string, unknown>;
    const kept = Object.fromEntries(Object.entries(details).filter(([key]) => AUDIT_KEYS_KEPT.has(key)));
    if (Object.keys(kept).length === Object.keys(details).length) continue;
    await trx
      .updateTable("audit_log")
      .set({ details: JSON.stringify(kept) })
      .where("id", "=", row.id)
      .execute();
  }
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
