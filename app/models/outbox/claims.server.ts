/**
 * The worker's side of the outbox (see ../outbox.server.ts): claiming due messages and recording
 * what became of them. A claim is one write transaction; on PostgreSQL, where several processes
 * may run workers against one database, the due rows are also locked `FOR UPDATE SKIP LOCKED`, so
 * a second worker passes over messages another is claiming instead of waiting for (or, after a
 * retry, taking) them.
 */
import type { Kysely, SelectQueryBuilder, Transaction } from "kysely";

import { dialectOf } from "#db/connection";
import type { Database } from "#db/schema";
import { now, nowIso } from "~/utils/clock.server";
import { writeTransaction } from "~/utils/db.server";
import type { SendOutcome } from "~/utils/mailTransport.server";

import type { AfterSent } from "../outbox.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** Tries before a message counts as failed; with the back-off below that spans about a day. */
export const MAX_TRIES = 8;
/** Back-off after the n-th failed try: 1, 2, 4 … minutes, at most 6 hours. */
export function retryDelayMs(tries: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, tries - 1), 6 * 3_600_000);
}
/** How long a claim lasts: longer than any send (timeouts are 60 s), short enough to recover soon. */
export const LEASE_MS = 3 * 60_000;
/** The claim's length: LEASE_MS, or MAIL_LEASE_SECONDS (5–3600) where a test of a killed process cannot wait three minutes. */
function leaseMs(): number {
  const seconds = Number(process.env.MAIL_LEASE_SECONDS);
  return Number.isInteger(seconds) && seconds >= 5 && seconds <= 3600 ? seconds * 1000 : LEASE_MS;
}

export type ClaimedMessage = {
  id: number;
  kind: string;
  to: string;
  locale: string;
  subject: string;
  text: string;
  html: string | null;
  ics: { method: "REQUEST" | "CANCEL"; content: string } | null;
  messageId: string;
  tries: number;
};

type DueMessage = { id: number; participant_id: number | null; priority: number; next_attempt_at: string };

/**
 * The `limit` most urgent due messages: pending ones whose time has come and ones whose claim ran
 * out. Two searches of the message_due index, each stopping after `limit` rows in index order;
 * one query with OR made SQLite sort every pending row on each claim.
 */
async function dueMessages(db: Executor, at: string, limit: number): Promise<DueMessage[]> {
  const columns = ["id", "participant_id", "priority", "next_attempt_at"] as const;
  // PostgreSQL: lock what is read, skipping rows another worker's claim has locked (SQLite has one
  // writer at a time and no FOR UPDATE).
  const skipLocked = dialectOf(db) === "postgres";
  const locked = <O>(query: SelectQueryBuilder<Database, "message", O>) => (skipLocked ? query.forUpdate().skipLocked() : query);
  const due = (state: "pending" | "sending", since: "next_attempt_at" | "claimed_until") =>
    locked(
      db.selectFrom("message").select(columns).where("state", "=", state).where(since, "<=", at).orderBy("priority").orderBy("next_attempt_at").orderBy("id").limit(limit),
    ).execute();
  const pending = await due("pending", "next_attempt_at");
  const abandoned = await due("sending", "claimed_until");
  return [...pending, ...abandoned].sort(byUrgency).slice(0, limit);
}

function byUrgency(a: { priority: number; next_attempt_at: string; id: number }, b: { priority: number; next_attempt_at: string; id: number }): number {
  return a.priority - b.priority || a.next_attempt_at.localeCompare(b.next_attempt_at) || a.id - b.id;
}

/**
 * Claims up to `limit` due messages for `workerId`, most urgent first, in one write transaction:
 * pending ones whose time has come, and ones whose previous claim ran out (a worker died). A
 * message to a participant who has since erased themselves is cancelled here, never sent.
 */
export async function claimDue(workerId: string, limit: number): Promise<ClaimedMessage[]> {
  return writeTransaction(async (db) => {
    const at = nowIso();
    let due: DueMessage[] = [];
    // Only the messages about to be claimed are checked for erased recipients (erasure itself
    // cancels what is queued; this catches anything that slipped past it). A sweep over every
    // pending message cost ~15 ms per claim with 10 000 queued (npm run bench:mail).
    while (due.length === 0) {
      const candidates = await dueMessages(db, at, limit);
      if (candidates.length === 0) return [];
      const participantIds = [...new Set(candidates.flatMap((m) => (m.participant_id === null ? [] : [m.participant_id])))];
      const erased = new Set(
        participantIds.length === 0
          ? []
          : (await db.selectFrom("participant").select("id").where("id", "in", participantIds).where("erased_at", "is not", null).execute()).map((p) => p.id),
      );
      const toErased = candidates.filter((m) => m.participant_id !== null && erased.has(m.participant_id)).map((m) => m.id);
      if (toErased.length > 0) {
        await db
          .updateTable("message")
          .set({
            state: "cancelled",
            body_text: null,
            body_html: null,
            ics: null,
            to_address: null,
            last_error: "recipient erased",
            claimed_by: null,
            claimed_until: null,
            updated_at: at,
          })
          .where("id", "in", toErased)
          .execute();
      }
      due = candidates.filter((m) => !toErased.includes(m.id));
    }
    const claimedUntil = new Date(now().getTime() + leaseMs()).toISOString();
    const rows = await db
      .updateTable("message")
      .set((eb) => ({ state: "sending", claimed_by: workerId, claimed_until: claimedUntil, tries: eb("tries", "+", 1), updated_at: at }))
      .where(
        "id",
        "in",
        due.map((d) => d.id),
      )
      .returning(["id", "kind", "to_address", "locale", "subject", "body_text", "body_html", "ics", "ics_method", "message_id", "tries", "priority", "next_attempt_at"])
      .execute();
    rows.sort(byUrgency);
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      to: row.to_address ?? "",
      locale: row.locale,
      subject: row.subject,
      text: row.body_text ?? "",
      html: row.body_html,
      ics: row.ics && row.ics_method ? { method: row.ics_method, content: row.ics } : null,
      messageId: row.message_id,
      tries: row.tries,
    }));
  });
}

/** What a worker learnt about the messages it claimed. */
export type DeliveryResult = { id: number; outcome: SendOutcome; kept?: boolean };

/**
 * Records the outcome of the claimed messages in one transaction, each only while `workerId` still
 * holds its claim. Sent: the body (which may hold a private link) is emptied, and the links it
 * replaces are revoked. A temporary failure is tried again after a growing pause, until MAX_TRIES;
 * then, as after a permanent refusal, the message is failed and the link it carried revoked.
 */
export async function recordDeliveries(workerId: string, results: readonly DeliveryResult[]): Promise<void> {
  if (results.length === 0) return;
  await writeTransaction(async (db) => {
    const at = nowIso();
    // Accepted ones in one statement (per kind: kept or sent). Only those this worker still holds
    // come back: where the claim ran out and another worker took the message over, its outcome counts.
    for (const kept of [false, true]) {
      const ids = results.filter((r) => r.outcome.ok && Boolean(r.kept) === kept).map((r) => r.id);
      if (ids.length === 0) continue;
      const done = await db
        .updateTable("message")
        .set({
          state: kept ? "kept" : "sent",
          sent_at: at,
          updated_at: at,
          last_error: null,
          claimed_by: null,
          claimed_until: null,
          // Kept messages are what a developer reads at /admin/outbox; sent ones hold nothing secret any more.
          ...(kept ? {} : { body_text: null, body_html: null, ics: null }),
        })
        .where("id", "in", ids)
        .where("state", "=", "sending")
        .where("claimed_by", "=", workerId)
        .returning(["id", "after_sent"])
        .execute();
      done.sort((x, y) => x.id - y.id);
      for (const row of done) {
        const after: AfterSent = row.after_sent ? JSON.parse(row.after_sent) : {};
        for (const { purpose, subjectId, keepHash } of after.revokeOthers ?? []) {
          // Only the links made before this one: a newer link (a second "I lost my link") replaces
          // this one, not the other way round, whichever message goes first.
          await db
            .updateTable("access_token")
            .set({ revoked_at: at })
            .where("purpose", "=", purpose)
            .where("subject_id", "=", subjectId)
            .where("revoked_at", "is", null)
            .where("id", "<", (eb) => eb.selectFrom("access_token").select("id").where("token_hash", "=", keepHash))
            .execute();
        }
      }
    }
    for (const { id, outcome } of results) {
      if (outcome.ok) continue;
      const row = await db
        .selectFrom("message")
        .select(["tries", "after_sent"])
        .where("id", "=", id)
        .where("state", "=", "sending")
        .where("claimed_by", "=", workerId)
        .executeTakeFirst();
      if (!row) continue;
      const after: AfterSent = row.after_sent ? JSON.parse(row.after_sent) : {};
      const giveUp = !outcome.temporary || row.tries >= MAX_TRIES;
      await db
        .updateTable("message")
        .set({
          state: giveUp ? "failed" : "pending",
          next_attempt_at: giveUp ? at : new Date(now().getTime() + retryDelayMs(row.tries)).toISOString(),
          last_error: outcome.error.slice(0, 500),
          claimed_by: null,
          claimed_until: null,
          updated_at: at,
        })
        .where("id", "=", id)
        .execute();
      if (giveUp) for (const link of after.revokeOnFailure ?? []) await revokeHash(db, link, at);
    }
  });
}

async function revokeHash(db: Executor, which: NonNullable<AfterSent["revokeOnFailure"]>[number], at: string) {
  await db
    .updateTable("access_token")
    .set({ revoked_at: at })
    .where("purpose", "=", which.purpose)
    .where("subject_id", "=", which.subjectId)
    .where("token_hash", "=", which.hash)
    .where("revoked_at", "is", null)
    .execute();
}
