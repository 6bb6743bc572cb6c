/** Paying approved travel claims: payment batches, what their CSV and SEPA files hold, and marking a batch paid. */
import { localize } from "~/domain/localizedText";
import { localDateOf } from "~/domain/schedule";
import type { Locale } from "~/domain/vocabulary";
import { nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "../audit.server";
import { queueClaimMessage } from "../messages/participant.server";

/** The organisation as the debtor of a transfer; null fields where settings are missing. */
export async function getPaymentSettings() {
  const row = await getDb().selectFrom("organisation_setting").select(["legal_name", "iban", "bic", "km_rate_cents"]).where("id", "=", 1).executeTakeFirst();
  return { legalName: row?.legal_name ?? null, iban: row?.iban ?? null, bic: row?.bic ?? null, kmRateCents: row?.km_rate_cents ?? 20 };
}

export type BatchRefusal = "settings_missing" | "not_found" | "not_payable" | "no_iban";

export type CreateBatchResult = { ok: true; batchId: number } | { ok: false; code: BatchRefusal };

/** Puts approved claims not yet in a batch into a new payment batch; all or none. Needs the NGO's legal name and IBAN. */
export async function createPaymentBatch(claimIds: readonly number[], message: string, actor: Extract<Actor, { kind: "user" }>): Promise<CreateBatchResult> {
  const ids = [...new Set(claimIds)];
  if (ids.length === 0) return { ok: false, code: "not_found" };
  return writeTransaction(async (db) => {
    const settings = await db.selectFrom("organisation_setting").select(["legal_name", "iban"]).where("id", "=", 1).executeTakeFirst();
    if (!settings?.legal_name || !settings.iban) return { ok: false, code: "settings_missing" } as const;
    const rows = await db
      .selectFrom("travel_claim")
      .innerJoin("assignment", "assignment.id", "travel_claim.assignment_id")
      .innerJoin("participant", "participant.id", "assignment.participant_id")
      .select(["travel_claim.id", "travel_claim.status", "travel_claim.batch_id", "participant.iban", "participant.erased_at"])
      .where("travel_claim.id", "in", ids)
      .execute();
    if (rows.length !== ids.length) return { ok: false, code: "not_found" } as const;
    if (!rows.every((r) => r.status === "approved" && r.batch_id === null)) return { ok: false, code: "not_payable" } as const;
    if (!rows.every((r) => r.iban && !r.erased_at)) return { ok: false, code: "no_iban" } as const;
    const batch = await db.insertInto("payment_batch").values({ message, created_by: actor.userId, created_at: nowIso() }).returning("id").executeTakeFirstOrThrow();
    await db.updateTable("travel_claim").set({ batch_id: batch.id }).where("id", "in", ids).execute();
    await audit(db, actor, "payment_batch.create", "payment_batch", batch.id, { claims: ids.length });
    return { ok: true, batchId: batch.id } as const;
  });
}

/** Payment batches, newest first, with their count and sum. */
export async function listBatches() {
  const rows = await getDb()
    .selectFrom("payment_batch")
    .leftJoin("travel_claim", "travel_claim.batch_id", "payment_batch.id")
    .select([
      "payment_batch.id",
      "payment_batch.message",
      "payment_batch.created_at",
      "payment_batch.paid_at",
      (eb) => eb.fn.count<number>("travel_claim.id").as("n"),
      (eb) => eb.fn.sum<number>("travel_claim.amount_cents").as("cents"),
    ])
    .groupBy("payment_batch.id")
    .orderBy("payment_batch.id", "desc")
    .limit(50)
    .execute();
  return rows.map((r) => ({ id: r.id, message: r.message, createdAt: r.created_at, paidAt: r.paid_at, count: Number(r.n), amountCents: Number(r.cents ?? 0) }));
}

/**
 * What a batch's payment files hold: the debtor from settings (null when not set) and one
 * transfer per claim. Null for an unknown batch.
 */
export async function getBatchForExport(batchId: number, locale: Locale) {
  const db = getDb();
  const batch = await db.selectFrom("payment_batch").selectAll().where("id", "=", batchId).executeTakeFirst();
  if (!batch) return null;
  const settings = await getPaymentSettings();
  const rows = await db
    .selectFrom("travel_claim")
    .innerJoin("assignment", "assignment.id", "travel_claim.assignment_id")
    .innerJoin("participant", "participant.id", "assignment.participant_id")
    .innerJoin("event", "event.id", "assignment.event_id")
    .select([
      "travel_claim.id",
      "travel_claim.amount_cents",
      "participant.iban",
      "participant.account_holder",
      "participant.first_name",
      "participant.last_name",
      "event.title",
      "event.starts_at",
    ])
    .where("travel_claim.batch_id", "=", batchId)
    .orderBy("travel_claim.id")
    .execute();
  return {
    id: batch.id,
    message: batch.message,
    createdAt: batch.created_at,
    paidAt: batch.paid_at,
    executionDate: localDateOf(nowIso()),
    debtor: settings.legalName && settings.iban ? { name: settings.legalName, iban: settings.iban, bic: settings.bic } : null,
    transfers: rows
      .filter((r) => r.iban)
      .map((r) => ({
        claimId: r.id,
        amountCents: r.amount_cents,
        iban: r.iban as string,
        holder: r.account_holder ?? [r.first_name, r.last_name].filter(Boolean).join(" "),
        eventTitle: localize(r.title, locale),
        eventDate: localDateOf(r.starts_at),
      })),
  };
}

/** Marks a batch paid: its claims become "paid" and each participant is told. False if unknown or already paid. */
export async function markBatchPaid(batchId: number, actor: Extract<Actor, { kind: "user" }>): Promise<boolean> {
  return writeTransaction(async (db) => {
    const batch = await db.selectFrom("payment_batch").select(["id", "paid_at"]).where("id", "=", batchId).executeTakeFirst();
    if (!batch || batch.paid_at) return false;
    const at = nowIso();
    await db.updateTable("payment_batch").set({ paid_at: at, paid_by: actor.userId }).where("id", "=", batchId).execute();
    const claims = await db.selectFrom("travel_claim").select("id").where("batch_id", "=", batchId).where("status", "=", "approved").execute();
    for (const claim of claims) {
      await db.updateTable("travel_claim").set({ status: "paid", updated_at: at }).where("id", "=", claim.id).execute();
      await queueClaimMessage(db, claim.id, "claim_paid");
    }
    await audit(db, actor, "payment_batch.paid", "payment_batch", batchId, { claims: claims.length });
    return true;
  });
}
