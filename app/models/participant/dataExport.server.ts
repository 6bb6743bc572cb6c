import { localize } from "~/domain/localizedText";
import { nowIso } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

import { listAssignments } from "./assignments.server";
import { getParticipantProfile } from "./profile.server";

/** Everything stored about one participant, for their own download (GDPR art. 15 and 20). */
export async function exportParticipantData(id: number) {
  const profile = await getParticipantProfile(id);
  if (!profile) return null;
  const db = getDb();
  const [assignments, feedback, claims, bank] = await Promise.all([
    listAssignments(id, { includeProposed: true }),
    db.selectFrom("feedback").select(["event_id", "rating", "text", "response", "created_at"]).where("participant_id", "=", id).orderBy("created_at").execute(),
    db
      .selectFrom("travel_claim")
      .innerJoin("assignment", "assignment.id", "travel_claim.assignment_id")
      .leftJoin("payment_batch", "payment_batch.id", "travel_claim.batch_id")
      .select([
        "travel_claim.id",
        "travel_claim.assignment_id",
        "travel_claim.amount_cents",
        "travel_claim.description",
        "travel_claim.status",
        "travel_claim.rejection_reason",
        "travel_claim.receipt_type",
        "travel_claim.receipt_size",
        "travel_claim.created_at",
        "travel_claim.updated_at",
        "travel_claim.decided_at",
        "payment_batch.paid_at",
      ])
      .where("assignment.participant_id", "=", id)
      .orderBy("travel_claim.created_at")
      .execute(),
    // Their bank account, whole: it is theirs to see (pages show it masked).
    db.selectFrom("participant").select(["iban", "account_holder"]).where("id", "=", id).executeTakeFirst(),
  ]);
  const lines = claims.length
    ? await db
        .selectFrom("travel_claim_line")
        .select(["claim_id", "kind", "km", "amount_cents"])
        .where(
          "claim_id",
          "in",
          claims.map((c) => c.id),
        )
        .orderBy("claim_id")
        .orderBy("position")
        .execute()
    : [];
  const locale = profile.preferredLocale;
  return {
    exportedAt: nowIso(),
    profile,
    assignments: assignments.map(({ titleJson, placeTaken: _placeTaken, ...a }) => ({ ...a, eventTitle: localize(titleJson, locale) })),
    feedback: feedback.map((f) => ({ eventId: f.event_id, rating: f.rating, text: f.text, response: f.response, createdAt: f.created_at })),
    travelClaims: claims.map((c) => ({
      id: c.id,
      assignmentId: c.assignment_id,
      amountCents: c.amount_cents,
      description: c.description,
      status: c.status,
      rejectionReason: c.rejection_reason,
      lines: lines.filter((l) => l.claim_id === c.id).map((l) => ({ kind: l.kind, km: l.km, amountCents: l.amount_cents })),
      receipt: c.receipt_type ? { type: c.receipt_type, size: c.receipt_size } : null,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
      decidedAt: c.decided_at,
      paidAt: c.paid_at,
    })),
    bankAccount: { iban: bank?.iban ?? null, accountHolder: bank?.account_holder ?? null },
  };
}
