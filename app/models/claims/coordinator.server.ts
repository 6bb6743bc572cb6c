/** Travel claims, the coordinators' side: the list, and approving or rejecting (each participant is told). */
import { localize } from "~/domain/localizedText";
import type { ClaimState, Locale } from "~/domain/vocabulary";
import { nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "../audit.server";
import { queueClaimMessage } from "../messages/participant.server";

export type ClaimFilter = ClaimState | "all";

/** Claims for the coordinators' list: newest first, with person, event, lines and batch. */
export async function listClaims(filter: ClaimFilter, locale: Locale) {
  const db = getDb();
  let query = db
    .selectFrom("travel_claim")
    .innerJoin("assignment", "assignment.id", "travel_claim.assignment_id")
    .innerJoin("participant", "participant.id", "assignment.participant_id")
    .innerJoin("event", "event.id", "assignment.event_id")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .select([
      "travel_claim.id",
      "travel_claim.status",
      "travel_claim.amount_cents",
      "travel_claim.rejection_reason",
      "travel_claim.receipt_file",
      "travel_claim.receipt_type",
      "travel_claim.batch_id",
      "travel_claim.created_at",
      "participant.id as participant_id",
      "participant.first_name",
      "participant.last_name",
      "participant.iban",
      "participant.erased_at",
      "event.id as event_id",
      "event.title",
      "event.starts_at",
      "town.name as town_name",
    ])
    .orderBy("travel_claim.created_at", "desc")
    .orderBy("travel_claim.id", "desc")
    .limit(500);
  if (filter !== "all") query = query.where("travel_claim.status", "=", filter);
  const rows = await query.execute();
  const ids = rows.map((r) => r.id);
  const lines = ids.length
    ? await db.selectFrom("travel_claim_line").select(["claim_id", "kind", "km", "amount_cents"]).where("claim_id", "in", ids).orderBy("claim_id").orderBy("position").execute()
    : [];
  const byClaim = new Map<number, { kind: string; km: number | null; amountCents: number }[]>();
  for (const line of lines) {
    const list = byClaim.get(line.claim_id) ?? [];
    list.push({ kind: line.kind, km: line.km, amountCents: line.amount_cents });
    byClaim.set(line.claim_id, list);
  }
  const counts = await db
    .selectFrom("travel_claim")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("status")
    .execute();
  return {
    counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])) as Partial<Record<ClaimState, number>>,
    claims: rows.map((r) => ({
      id: r.id,
      status: r.status,
      amountCents: r.amount_cents,
      rejectionReason: r.rejection_reason,
      hasReceipt: r.receipt_file !== null,
      receiptType: r.receipt_type,
      batchId: r.batch_id,
      createdAt: r.created_at,
      participantId: r.participant_id,
      name: r.erased_at ? null : [r.first_name, r.last_name].filter(Boolean).join(" "),
      hasIban: r.iban !== null,
      eventId: r.event_id,
      eventTitle: localize(r.title, locale),
      startsAt: r.starts_at,
      townName: r.town_name,
      lines: byClaim.get(r.id) ?? [],
    })),
  };
}

export type Decision = { approve: true } | { approve: false; reason: string };

export type DecideResult = { ok: true; changed: number } | { ok: false; code: "not_found" | "not_open" };

/**
 * Approves or rejects claims, all or none: approving takes submitted ones; rejecting takes
 * submitted or approved ones not yet in a batch. Each participant is told in their language.
 */
export async function decideClaims(claimIds: readonly number[], decision: Decision, actor: Extract<Actor, { kind: "user" }>): Promise<DecideResult> {
  const ids = [...new Set(claimIds)];
  if (ids.length === 0) return { ok: false, code: "not_found" };
  return writeTransaction(async (db) => {
    const rows = await db.selectFrom("travel_claim").select(["id", "status", "batch_id"]).where("id", "in", ids).execute();
    if (rows.length !== ids.length) return { ok: false, code: "not_found" } as const;
    const open = (r: (typeof rows)[number]) => (decision.approve ? r.status === "submitted" : (r.status === "submitted" || r.status === "approved") && r.batch_id === null);
    if (!rows.every(open)) return { ok: false, code: "not_open" } as const;
    const at = nowIso();
    for (const row of rows) {
      await db
        .updateTable("travel_claim")
        .set(
          decision.approve
            ? { status: "approved", decided_by: actor.userId, decided_at: at, rejection_reason: null, updated_at: at }
            : { status: "rejected", decided_by: actor.userId, decided_at: at, rejection_reason: decision.reason, updated_at: at },
        )
        .where("id", "=", row.id)
        .execute();
      await queueClaimMessage(db, row.id, decision.approve ? "claim_approved" : "claim_rejected");
      await audit(db, actor, decision.approve ? "claim.approve" : "claim.reject", "travel_claim", row.id);
    }
    return { ok: true, changed: rows.length } as const;
  });
}
