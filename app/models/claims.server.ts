/**
 * Travel claims (issue 17): a participant claims the travel costs of an event they went to, a
 * coordinator approves or rejects them, approved ones are paid together in a payment batch that
 * exports as CSV and as a SEPA credit transfer file. Each change and its message to the
 * participant commit together; receipt files are written before and removed after (see
 * app/utils/receipts.server.ts).
 */
import type { Kysely } from "kysely";

import type { Database } from "#db/schema";
import { claimTotalCents, lineAmountCents, type ClaimLineInput } from "~/domain/payments/amounts";
import type { ReceiptType } from "~/domain/payments/lineKinds";
import { localize } from "~/domain/localizedText";
import { localDateOf } from "~/domain/schedule";
import type { ClaimState, Locale } from "~/domain/vocabulary";
import { nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";
import { deleteReceipts, writeReceipt } from "~/utils/receipts.server";

import { audit, type Actor } from "./audit.server";
import { queueClaimMessage } from "./messages/participant.server";

type Db = Kysely<Database>;

/** The largest claim (the column's CHECK): anything more is surely a typing mistake. */
export const MAX_CLAIM_CENTS = 100_000;

/** Who can claim: those who came, and those who said yes to an event that is over (not a no-show). */
const CLAIMABLE_STATUSES = ["attended", "accepted"] as const;

async function claimableAssignment(db: Db, participantId: number, assignmentId: number) {
  const row = await db
    .selectFrom("assignment")
    .innerJoin("event", "event.id", "assignment.event_id")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .select(["assignment.id", "assignment.status", "event.title", "event.kind", "event.state", "event.starts_at", "event.ends_at", "town.name as town_name"])
    .where("assignment.id", "=", assignmentId)
    .where("assignment.participant_id", "=", participantId)
    .executeTakeFirst();
  if (!row) return null;
  const over = row.ends_at <= nowIso();
  const ok = row.state !== "cancelled" && (row.status === "attended" || (row.status === "accepted" && over));
  return ok ? row : null;
}

export type ClaimSummary = {
  assignmentId: number;
  title: string;
  startsAt: string;
  townName: string;
  claim: { id: number; status: ClaimState; amountCents: number; rejectionReason: string | null } | null;
};

/** A participant's events they can claim for, newest first, each with its claim if there is one. */
export async function listClaimable(participantId: number, locale: Locale): Promise<ClaimSummary[]> {
  const rows = await getDb()
    .selectFrom("assignment")
    .innerJoin("event", "event.id", "assignment.event_id")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .leftJoin("travel_claim", "travel_claim.assignment_id", "assignment.id")
    .select([
      "assignment.id",
      "assignment.status",
      "event.title",
      "event.kind",
      "event.starts_at",
      "event.ends_at",
      "town.name as town_name",
      "travel_claim.id as claim_id",
      "travel_claim.status as claim_status",
      "travel_claim.amount_cents",
      "travel_claim.rejection_reason",
    ])
    .where("assignment.participant_id", "=", participantId)
    .where("assignment.status", "in", CLAIMABLE_STATUSES)
    .where("event.state", "<>", "cancelled")
    .where((eb) => eb.or([eb("assignment.status", "=", "attended"), eb("event.ends_at", "<=", nowIso())]))
    .orderBy("event.starts_at", "desc")
    .execute();
  return rows.map((r) => ({
    assignmentId: r.id,
    title: localize(r.title, locale),
    startsAt: r.starts_at,
    townName: r.town_name,
    claim: r.claim_id !== null && r.claim_status !== null ? { id: r.claim_id, status: r.claim_status, amountCents: r.amount_cents ?? 0, rejectionReason: r.rejection_reason } : null,
  }));
}

/** What the claim form shows for one assignment; null when it cannot be claimed (not theirs, not over, no-show, cancelled). */
export async function getClaimForm(participantId: number, assignmentId: number, locale: Locale) {
  const db = getDb();
  const assignment = await claimableAssignment(db, participantId, assignmentId);
  if (!assignment) return null;
  const [claim, participant, settings] = await Promise.all([
    db
      .selectFrom("travel_claim")
      .select(["id", "status", "amount_cents", "rejection_reason", "receipt_file", "receipt_type", "receipt_size", "decided_at"])
      .where("assignment_id", "=", assignmentId)
      .executeTakeFirst(),
    db.selectFrom("participant").select(["iban", "account_holder", "first_name", "last_name"]).where("id", "=", participantId).executeTakeFirstOrThrow(),
    getKmRate(db),
  ]);
  const lines = claim ? await db.selectFrom("travel_claim_line").select(["kind", "km", "amount_cents"]).where("claim_id", "=", claim.id).orderBy("position").execute() : [];
  return {
    assignmentId,
    title: localize(assignment.title, locale),
    startsAt: assignment.starts_at,
    endsAt: assignment.ends_at,
    townName: assignment.town_name,
    kmRateCents: settings,
    iban: participant.iban,
    accountHolder: participant.account_holder ?? [participant.first_name, participant.last_name].filter(Boolean).join(" "),
    claim: claim
      ? {
          id: claim.id,
          status: claim.status,
          amountCents: claim.amount_cents,
          rejectionReason: claim.rejection_reason,
          receipt: claim.receipt_file ? { type: claim.receipt_type, size: claim.receipt_size } : null,
          lines: lines.map((l) => ({ kind: l.kind, km: l.km, amountCents: l.amount_cents })),
        }
      : null,
  };
}

async function getKmRate(db: Db): Promise<number> {
  const row = await db.selectFrom("organisation_setting").select("km_rate_cents").where("id", "=", 1).executeTakeFirst();
  return row?.km_rate_cents ?? 20;
}

/** `iban` null keeps the one on file (refused when there is none). */
export type ClaimInput = { lines: ClaimLineInput[]; iban: string | null; accountHolder: string; receipt: { bytes: Uint8Array; type: ReceiptType } | null; removeReceipt: boolean };
export type ClaimRefusal = "not_found" | "locked" | "too_much" | "no_iban";
export type SaveClaimResult = { ok: true; claimId: number; amountCents: number } | { ok: false; code: ClaimRefusal };

/**
 * Stores a participant's claim for one assignment (new, or changed while not yet approved; a
 * rejected claim sent again goes back to "submitted"), with their IBAN and account holder.
 * A new receipt is written before the transaction and removed if it fails; the one it replaces
 * is deleted after the commit. Audited with the amount.
 */
export async function saveClaim(participantId: number, assignmentId: number, input: ClaimInput): Promise<SaveClaimResult> {
  const newFile = input.receipt ? writeReceipt(input.receipt.bytes, input.receipt.type) : null;
  let outcome: SaveClaimResult & { oldFile?: string | null };
  try {
    outcome = await writeTransaction(async (db) => {
      if (!(await claimableAssignment(db, participantId, assignmentId))) return { ok: false, code: "not_found" } as const;
      const rate = await getKmRate(db);
      const amount = claimTotalCents(input.lines, rate);
      if (amount > MAX_CLAIM_CENTS) return { ok: false, code: "too_much" } as const;
      const existing = await db.selectFrom("travel_claim").select(["id", "status", "receipt_file"]).where("assignment_id", "=", assignmentId).executeTakeFirst();
      if (existing && existing.status !== "submitted" && existing.status !== "rejected") return { ok: false, code: "locked" } as const;
      if (input.iban === null) {
        const onFile = await db.selectFrom("participant").select("iban").where("id", "=", participantId).executeTakeFirst();
        if (!onFile?.iban) return { ok: false, code: "no_iban" } as const;
      }
      const at = nowIso();
      const receipt = newFile && input.receipt ? { receipt_file: newFile, receipt_type: input.receipt.type, receipt_size: input.receipt.bytes.byteLength } : input.removeReceipt ? { receipt_file: null, receipt_type: null, receipt_size: null } : {};
      let claimId: number;
      if (existing) {
        claimId = existing.id;
        await db
          .updateTable("travel_claim")
          .set({ amount_cents: amount, status: "submitted", rejection_reason: null, decided_by: null, decided_at: null, updated_at: at, ...receipt })
          .where("id", "=", claimId)
          .execute();
        await db.deleteFrom("travel_claim_line").where("claim_id", "=", claimId).execute();
      } else {
        claimId = (await db.insertInto("travel_claim").values({ assignment_id: assignmentId, amount_cents: amount, status: "submitted", created_at: at, updated_at: at, ...receipt }).returning("id").executeTakeFirstOrThrow()).id;
      }
      for (const [position, line] of input.lines.entries()) {
        await db
          .insertInto("travel_claim_line")
          .values({ claim_id: claimId, position, kind: line.kind, km: line.kind === "car" ? line.km : null, amount_cents: lineAmountCents(line, rate) })
          .execute();
      }
      await db
        .updateTable("participant")
        .set(input.iban ? { iban: input.iban, account_holder: input.accountHolder } : { account_holder: input.accountHolder })
        .where("id", "=", participantId)
        .execute();
      await audit(db, { kind: "participant", participantId }, existing ? "claim.update" : "claim.submit", "travel_claim", claimId, { amountCents: amount, receipt: Boolean(newFile) });
      const replaced = existing && (newFile || input.removeReceipt) ? existing.receipt_file : null;
      return { ok: true, claimId, amountCents: amount, oldFile: replaced };
    });
  } catch (error) {
    deleteReceipts([newFile]);
    throw error;
  }
  if (!outcome.ok) {
    deleteReceipts([newFile]);
    return outcome;
  }
  deleteReceipts([outcome.oldFile ?? null]);
  return { ok: true, claimId: outcome.claimId, amountCents: outcome.amountCents };
}

/** A receipt's file and type, if this claim has one and the asker may see it (a coordinator, or the claim's own participant). */
export async function findReceipt(claimId: number, asker: { participantId: number } | { coordinator: true }) {
  let query = getDb()
    .selectFrom("travel_claim")
    .innerJoin("assignment", "assignment.id", "travel_claim.assignment_id")
    .select(["travel_claim.receipt_file", "travel_claim.receipt_type", "travel_claim.assignment_id"])
    .where("travel_claim.id", "=", claimId);
  if ("participantId" in asker) query = query.where("assignment.participant_id", "=", asker.participantId);
  const row = await query.executeTakeFirst();
  if (!row?.receipt_file || !row.receipt_type) return null;
  return { file: row.receipt_file, type: row.receipt_type };
}

// ---------------------------------------------------------------------------------------------
// Coordinators.

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
  const lines = ids.length ? await db.selectFrom("travel_claim_line").select(["claim_id", "kind", "km", "amount_cents"]).where("claim_id", "in", ids).orderBy("claim_id").orderBy("position").execute() : [];
  const byClaim = new Map<number, { kind: string; km: number | null; amountCents: number }[]>();
  for (const line of lines) {
    const list = byClaim.get(line.claim_id) ?? [];
    list.push({ kind: line.kind, km: line.km, amountCents: line.amount_cents });
    byClaim.set(line.claim_id, list);
  }
  const counts = await db.selectFrom("travel_claim").select(["status", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("status").execute();
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
        .set(decision.approve ? { status: "approved", decided_by: actor.userId, decided_at: at, rejection_reason: null, updated_at: at } : { status: "rejected", decided_by: actor.userId, decided_at: at, rejection_reason: decision.reason, updated_at: at })
        .where("id", "=", row.id)
        .execute();
      await queueClaimMessage(db, row.id, decision.approve ? "claim_approved" : "claim_rejected");
      await audit(db, actor, decision.approve ? "claim.approve" : "claim.reject", "travel_claim", row.id);
    }
    return { ok: true, changed: rows.length } as const;
  });
}

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
    .select(["payment_batch.id", "payment_batch.message", "payment_batch.created_at", "payment_batch.paid_at", (eb) => eb.fn.count<number>("travel_claim.id").as("n"), (eb) => eb.fn.sum<number>("travel_claim.amount_cents").as("cents")])
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
    .select(["travel_claim.id", "travel_claim.amount_cents", "participant.iban", "participant.account_holder", "participant.first_name", "participant.last_name", "event.title", "event.starts_at"])
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

/** Receipt files of a participant's claims (for erasure, which deletes them after its commit). */
export async function receiptFilesOf(db: Db, participantId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("travel_claim")
    .innerJoin("assignment", "assignment.id", "travel_claim.assignment_id")
    .select("travel_claim.receipt_file")
    .where("assignment.participant_id", "=", participantId)
    .where("travel_claim.receipt_file", "is not", null)
    .execute();
  return rows.map((r) => r.receipt_file as string);
}
