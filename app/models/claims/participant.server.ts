/**
 * Travel claims (issue 17), the participant's side: the events they can claim for, the claim form, and
 * saving a claim with its receipt. A coordinator then decides (coordinator.server.ts) and approved
 * claims are paid in batches (payments.server.ts). Each change and its message to the participant
 * commit together; receipt files are written before and removed after (see
 * app/utils/receipts.server.ts).
 */
import type { Kysely } from "kysely";

import type { Database } from "#db/schema";
import { claimTotalCents, lineAmountCents, type ClaimLineInput } from "~/domain/payments/amounts";
import type { ReceiptType } from "~/domain/payments/lineKinds";
import { localize } from "~/domain/localizedText";
import type { ClaimState, Locale } from "~/domain/vocabulary";
import { nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";
import { deleteReceipts, writeReceipt } from "~/utils/receipts.server";

import { audit } from "../audit.server";

type Db = Kysely<Database>;

/** The largest claim (the column's CHECK): anything more is surely a typing mistake. */
const MAX_CLAIM_CENTS = 100_000;

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
    claim:
      r.claim_id !== null && r.claim_status !== null ? { id: r.claim_id, status: r.claim_status, amountCents: r.amount_cents ?? 0, rejectionReason: r.rejection_reason } : null,
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
      const receipt =
        newFile && input.receipt
          ? { receipt_file: newFile, receipt_type: input.receipt.type, receipt_size: input.receipt.bytes.byteLength }
          : input.removeReceipt
            ? { receipt_file: null, receipt_type: null, receipt_size: null }
            : {};
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
        claimId = (
          await db
            .insertInto("travel_claim")
            .values({ assignment_id: assignmentId, amount_cents: amount, status: "submitted", created_at: at, updated_at: at, ...receipt })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id;
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
      await audit(db, { kind: "participant", participantId }, existing ? "claim.update" : "claim.submit", "travel_claim", claimId, {
        amountCents: amount,
        receipt: Boolean(newFile),
      });
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
