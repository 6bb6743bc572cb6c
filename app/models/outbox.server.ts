/**
 * The outbox: messages are rows written in the transaction of the change that causes them, and a
 * worker (app/utils/mailWorker.server.ts, in the server or `npm run worker`) sends them after.
 *
 * Delivery is at least once and almost always exactly once: a worker claims messages (state
 * "sending", `claimed_by`, a lease until `claimed_until`) in one write transaction, so two workers
 * never hold the same message; it records the outcome only while it still holds the claim. A
 * worker that dies mid-send leaves the claim to run out, and the message is sent again by whoever
 * claims it next, with the same Message-ID, so a mail server or client that saw it can drop the
 * copy. Nothing is lost between commit and send: a pending row stays until someone sends it.
 * The worker's part (claiming, recording outcomes) is outbox/claims.server.ts; this file queues
 * messages and shows them to coordinators.
 */
import { randomUUID } from "node:crypto";

import type { Kysely, Transaction } from "kysely";

import type { Database, MessageState, RecipientKind } from "#db/schema";
import type { Locale, TokenPurpose } from "~/domain/vocabulary";
import type { RenderedLetter } from "~/domain/messages/letter";
import { nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";
import { maskAddress } from "~/utils/mailTransport.server";
import { uidHost } from "~/utils/origin.server";
import { hashToken } from "~/utils/token.server";

import { audit } from "./audit.server";

type Executor = Kysely<Database> | Transaction<Database>;

export const MESSAGE_KINDS = [
  "welcome",
  "already_signed_up",
  "link_resent",
  "invitation",
  "confirmation",
  "not_going",
  "event_changed",
  "event_cancelled",
  "reminder",
  "host_link",
  "host_link_resent",
  "request_accepted",
  "request_declined",
  "event_planned",
  "lineup",
  "host_reminder",
  "host_feedback",
  "participant_feedback",
  "digest",
  "claim_approved",
  "claim_rejected",
  "claim_paid",
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const MESSAGE_STATES = ["pending", "sending", "sent", "kept", "failed", "cancelled", "no_address"] as const satisfies readonly MessageState[];

/** Lower is sooner. */
export const PRIORITY = { urgent: 0, link: 2, normal: 5, reminder: 6, digest: 9 } as const;

/** What happens once the mail server accepted the message (or once it finally failed). */
export type AfterSent = {
  /** Revoke a subject's links made before `keepHash`'s: the message carries their replacement. */
  revokeOthers?: { purpose: TokenPurpose; subjectId: number; keepHash: string }[];
  /** Revoke the links the message carried when it could not be delivered. */
  revokeOnFailure?: { purpose: TokenPurpose; subjectId: number; hash: string }[];
};

export type Recipient = { kind: "participant"; participantId: number } | { kind: "host"; requestId: number } | { kind: "coordinator"; userId: number };

export type NewMessage = {
  kind: MessageKind;
  priority?: number;
  recipient: Recipient;
  /** null: no address on file; the row records that the person must be told another way. */
  to: string | null;
  locale: Locale;
  letter: RenderedLetter;
  ics?: { method: "REQUEST" | "CANCEL"; content: string } | null;
  eventId?: number | null;
  assignmentId?: number | null;
  afterSent?: AfterSent;
  /** Queued once: a second message with the same key is dropped (reminders, digests). */
  dedupeKey?: string;
  /** Not before this instant (a line-up message waits for more answers). */
  notBefore?: string;
};

/** Queues a message inside the caller's transaction; returns its id (null when its dedupe key was taken). */
export async function enqueue(db: Executor, message: NewMessage): Promise<number | null> {
  const at = nowIso();
  const to = message.to?.trim() || null;
  const row = await db
    .insertInto("message")
    .values({
      kind: message.kind,
      priority: message.priority ?? PRIORITY.normal,
      recipient_kind: message.recipient.kind,
      participant_id: message.recipient.kind === "participant" ? message.recipient.participantId : null,
      request_id: message.recipient.kind === "host" ? message.recipient.requestId : null,
      user_id: message.recipient.kind === "coordinator" ? message.recipient.userId : null,
      event_id: message.eventId ?? null,
      assignment_id: message.assignmentId ?? null,
      to_address: to,
      locale: message.locale,
      subject: message.letter.subject,
      body_text: message.letter.text,
      body_html: message.letter.html,
      ics: message.ics?.content ?? null,
      ics_method: message.ics?.method ?? null,
      message_id: `<${randomUUID()}@${uidHost()}>`,
      state: to ? "pending" : "no_address",
      next_attempt_at: message.notBefore && message.notBefore > at ? message.notBefore : at,
      after_sent: message.afterSent ? JSON.stringify(message.afterSent) : null,
      dedupe_key: message.dedupeKey ?? null,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (row) notifyQueued();
  return row?.id ?? null;
}

// A worker in this process (the server's) listens, so a new message goes within milliseconds of
// its commit instead of at the next poll. Other processes find it at their next poll.
const listeners = new Set<() => void>();
let notifyScheduled = false;
function notifyQueued() {
  if (notifyScheduled || listeners.size === 0) return;
  notifyScheduled = true;
  // After the current transaction has had its chance to commit.
  setTimeout(() => {
    notifyScheduled = false;
    for (const listener of listeners) listener();
  }, 5);
}
/** Calls `listener` soon after a message is queued in this process; returns the unsubscribe. */
export function onQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The after-sent rule for a message carrying a fresh link `token` that replaces the subject's others. */
export function replacingLinks(purpose: TokenPurpose, subjectId: number, token: string): AfterSent {
  const hash = hashToken(token);
  return { revokeOthers: [{ purpose, subjectId, keepHash: hash }], revokeOnFailure: [{ purpose, subjectId, hash }] };
}

/** Several rules as one (a message carrying several links). */
export function allOf(rules: readonly AfterSent[]): AfterSent {
  return { revokeOthers: rules.flatMap((rule) => rule.revokeOthers ?? []), revokeOnFailure: rules.flatMap((rule) => rule.revokeOnFailure ?? []) };
}

/** The after-sent rule for a message carrying an extra link `token`: dropped if it never arrives. */
export function carryingLink(purpose: TokenPurpose, subjectId: number, token: string): AfterSent {
  return { revokeOnFailure: [{ purpose, subjectId, hash: hashToken(token) }] };
}

// ---------------------------------------------------------------------------------------------
// For coordinators.

export type OutboxFilters = { state?: MessageState | null; kind?: MessageKind | null; eventId?: number | null; id?: number | null; page?: number };
export const OUTBOX_PAGE_SIZE = 50;

/** Messages newest first, recipients masked; bodies only of kept messages (development). */
export async function listMessages(filters: OutboxFilters = {}) {
  let query = getDb().selectFrom("message");
  if (filters.state) query = query.where("state", "=", filters.state);
  if (filters.kind) query = query.where("kind", "=", filters.kind);
  if (filters.eventId) query = query.where("event_id", "=", filters.eventId);
  if (filters.id) query = query.where("id", "=", filters.id);
  const page = Math.max(1, filters.page ?? 1);
  const [rows, total, counts] = await Promise.all([
    query
      .select([
        "id",
        "kind",
        "priority",
        "recipient_kind",
        "to_address",
        "locale",
        "subject",
        "state",
        "tries",
        "last_error",
        "event_id",
        "created_at",
        "sent_at",
        "next_attempt_at",
        "body_text",
        "ics_method",
      ])
      .orderBy("id", "desc")
      .limit(OUTBOX_PAGE_SIZE)
      .offset((page - 1) * OUTBOX_PAGE_SIZE)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    getDb()
      .selectFrom("message")
      .select(["state", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("state")
      .execute(),
  ]);
  return {
    total: Number(total.n),
    page,
    pages: Math.max(1, Math.ceil(Number(total.n) / OUTBOX_PAGE_SIZE)),
    counts: Object.fromEntries(counts.map((c) => [c.state, Number(c.n)])) as Partial<Record<MessageState, number>>,
    messages: rows.map((row) => ({
      id: row.id,
      kind: row.kind as MessageKind,
      urgent: row.priority === PRIORITY.urgent,
      recipientKind: row.recipient_kind as RecipientKind,
      to: row.to_address ? maskAddress(row.to_address) : null,
      locale: row.locale,
      subject: row.subject,
      state: row.state as MessageState,
      tries: row.tries,
      // A mail server's refusal often names the address ("550 <olena@…>: user unknown"): masked like the recipient.
      lastError: maskAddressesIn(row.last_error),
      eventId: row.event_id,
      createdAt: row.created_at,
      sentAt: row.sent_at,
      nextAttemptAt: row.next_attempt_at,
      withCalendar: row.ics_method,
      // Only what development keeps instead of sending: the developer reads it here.
      body: row.state === "kept" ? row.body_text : null,
    })),
  };
}

/** Every e-mail address in a text (a mail server's error) masked as maskAddress does. */
export function maskAddressesIn(text: string | null): string | null {
  return text === null ? null : text.replace(/[^\s<>"'(),;:[\]]+@[^\s<>"'(),;:[\]]+/g, (address) => maskAddress(address));
}

export type OutboxActionResult = { ok: true } | { ok: false; code: "not_found" | "not_retryable" | "not_cancellable" };

/** Sends a failed or cancelled message again (as soon as a worker is free); its body is still there. */
export async function retryMessage(id: number, userId: number): Promise<OutboxActionResult> {
  return writeTransaction(async (db) => {
    const row = await db.selectFrom("message").select(["state", "body_text", "participant_id"]).where("id", "=", id).executeTakeFirst();
    if (!row) return { ok: false, code: "not_found" };
    if ((row.state !== "failed" && row.state !== "cancelled") || row.body_text === null) return { ok: false, code: "not_retryable" };
    if (row.participant_id !== null) {
      const erased = await db.selectFrom("participant").select("erased_at").where("id", "=", row.participant_id).executeTakeFirst();
      if (erased?.erased_at) return { ok: false, code: "not_retryable" };
    }
    const at = nowIso();
    await db.updateTable("message").set({ state: "pending", tries: 0, next_attempt_at: at, last_error: null, updated_at: at }).where("id", "=", id).execute();
    await audit(db, { kind: "user", userId }, "message.retry", "message", id);
    notifyQueued();
    return { ok: true };
  });
}

/** Stops a message that has not gone yet (pending, or failed and waiting for a retry). */
export async function cancelMessage(id: number, userId: number): Promise<OutboxActionResult> {
  return writeTransaction(async (db) => {
    const row = await db.selectFrom("message").select("state").where("id", "=", id).executeTakeFirst();
    if (!row) return { ok: false, code: "not_found" };
    if (row.state !== "pending" && row.state !== "failed") return { ok: false, code: "not_cancellable" };
    const at = nowIso();
    await db.updateTable("message").set({ state: "cancelled", updated_at: at }).where("id", "=", id).where("state", "in", ["pending", "failed"]).execute();
    await audit(db, { kind: "user", userId }, "message.cancel", "message", id);
    return { ok: true };
  });
}

export type ToldResult = { ok: true } | { ok: false; code: "not_found" | "not_phone" | "already_told" };

/**
 * A coordinator passed on by phone a message of this event that nobody could mail (`no_address`):
 * marked with when and who, and audited. Only such a message, and only once.
 */
export async function markToldByPhone(eventId: number, messageId: number, userId: number): Promise<ToldResult> {
  return writeTransaction(async (db) => {
    const row = await db.selectFrom("message").select(["state", "told_at", "participant_id"]).where("id", "=", messageId).where("event_id", "=", eventId).executeTakeFirst();
    if (!row) return { ok: false, code: "not_found" } as const;
    if (row.state !== "no_address") return { ok: false, code: "not_phone" } as const;
    if (row.told_at !== null) return { ok: false, code: "already_told" } as const;
    const at = nowIso();
    const marked = await db
      .updateTable("message")
      .set({ told_at: at, told_by: userId, updated_at: at })
      .where("id", "=", messageId)
      .where("told_at", "is", null)
      .executeTakeFirst();
    if (!Number(marked.numUpdatedRows)) return { ok: false, code: "already_told" } as const;
    await audit(db, { kind: "user", userId }, "message.told", "message", messageId, { eventId, participantId: row.participant_id });
    return { ok: true } as const;
  });
}

/** Per participant of an event, their latest message about it: whether it went. */
export async function deliveriesForEvent(eventId: number) {
  const rows = await getDb()
    .selectFrom("message")
    .leftJoin("user", "user.id", "message.told_by")
    .select([
      "message.id",
      "message.participant_id",
      "message.request_id",
      "message.recipient_kind",
      "message.kind",
      "message.state",
      "message.priority",
      "message.created_at",
      "message.sent_at",
      "message.last_error",
      "message.told_at",
      "user.name as told_by_name",
    ])
    .where("message.event_id", "=", eventId)
    .orderBy("message.id", "desc")
    .execute();
  const byParticipant = new Map<number, (typeof rows)[number]>();
  let host: (typeof rows)[number] | null = null;
  for (const row of rows) {
    if (row.participant_id !== null && !byParticipant.has(row.participant_id)) byParticipant.set(row.participant_id, row);
    if (row.recipient_kind === "host" && host === null) host = row;
  }
  const view = (row: (typeof rows)[number]) => ({
    id: row.id,
    kind: row.kind as MessageKind,
    state: row.state as MessageState,
    urgent: row.priority === PRIORITY.urgent,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    lastError: maskAddressesIn(row.last_error),
    told: row.told_at ? { at: row.told_at, by: row.told_by_name } : null,
  });
  return { participants: Object.fromEntries([...byParticipant].map(([id, row]) => [id, view(row)])) as Record<number, ReturnType<typeof view>>, host: host ? view(host) : null };
}

/**
 * What the coordinator tells each phone-only participant of an event, by participant id: the text
 * of their latest message about it that had no address (kept for this; it carries no link, by
 * design), in the participant's language, with the number to call.
 */
export async function phoneMessagesForEvent(eventId: number) {
  const rows = await getDb()
    .selectFrom("message")
    .innerJoin("participant", "participant.id", "message.participant_id")
    .select(["message.id", "message.participant_id", "message.kind", "message.locale", "message.subject", "message.body_text", "message.created_at", "participant.phone"])
    .where("message.event_id", "=", eventId)
    .where("message.state", "=", "no_address")
    .where("participant.erased_at", "is", null)
    .orderBy("message.id", "desc")
    .execute();
  const byParticipant: Record<number, { id: number; kind: MessageKind; locale: Locale; subject: string; text: string; phone: string | null; createdAt: string }> = {};
  for (const row of rows) {
    if (row.participant_id === null || row.participant_id in byParticipant) continue;
    byParticipant[row.participant_id] = {
      id: row.id,
      kind: row.kind as MessageKind,
      locale: row.locale as Locale,
      subject: row.subject,
      text: row.body_text ?? "",
      phone: row.phone,
      createdAt: row.created_at,
    };
  }
  return byParticipant;
}

/** Cancels what has not gone yet to a participant and empties every body (erasure). */
export async function forgetParticipantMessages(db: Executor, participantId: number): Promise<void> {
  const at = nowIso();
  await db
    .updateTable("message")
    .set({ state: "cancelled", updated_at: at })
    .where("participant_id", "=", participantId)
    .where("state", "in", ["pending", "sending", "failed"])
    .execute();
  await db
    .updateTable("message")
    .set({ to_address: null, subject: "", body_text: null, body_html: null, ics: null, last_error: null, updated_at: at })
    .where("participant_id", "=", participantId)
    .execute();
}
