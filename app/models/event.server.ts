import type { Kysely, Transaction } from "kysely";

import type { Database } from "#db/schema";
import type { LocalizedText } from "~/domain/localizedText";
import { checkTransition, type TransitionCheck } from "~/domain/schedule";
import type { EventKind, EventState, Offer } from "~/domain/vocabulary";
import { now, nowIso } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

import { audit, type Actor } from "./audit.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** What a coordinator (or an accepted request) gives to create an event. */
export type EventInput = {
  kind: EventKind;
  title: LocalizedText;
  description: LocalizedText;
  venueId: number;
  startsAt: string;
  endsAt: string;
  capacity: number | null;
  expectedAudience: number | null;
  languages: string[];
  isPublic: boolean;
  overnightStay: boolean;
  /** One entry per slot: the offer it asks for, or null for any. */
  slots: (Offer | null)[];
  topic?: string | null;
  requestId?: number | null;
  seriesId?: number | null;
  occurrenceDate?: string | null;
  state?: EventState;
};

/** Inserts an event (a draft unless said otherwise) with its slots; run it inside the caller's transaction. */
export async function insertEvent(db: Executor, input: EventInput, actor: Actor): Promise<number> {
  const at = nowIso();
  const row = await db
    .insertInto("event")
    .values({
      kind: input.kind,
      state: input.state ?? "draft",
      title: JSON.stringify(input.title),
      description: JSON.stringify(input.description),
      venue_id: input.venueId,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      capacity: input.capacity,
      expected_audience: input.expectedAudience,
      languages: JSON.stringify(input.languages),
      is_public: input.isPublic ? 1 : 0,
      overnight_stay: input.overnightStay ? 1 : 0,
      series_id: input.seriesId ?? null,
      occurrence_date: input.occurrenceDate ?? null,
      edited: 0,
      request_id: input.requestId ?? null,
      topic: input.topic ?? null,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await insertSlots(db, row.id, input.slots);
  await audit(db, actor, "event.create", "event", row.id, { state: input.state ?? "draft", requestId: input.requestId ?? null });
  return row.id;
}

async function insertSlots(db: Executor, eventId: number, slots: (Offer | null)[]) {
  if (slots.length === 0) return;
  await db
    .insertInto("event_slot")
    .values(slots.map((offer, position) => ({ event_id: eventId, offer, position })))
    .execute();
}

export type TransitionResult = TransitionCheck | { ok: false; code: "not_found" };

/**
 * Moves an event along its lifecycle (draft → planned → confirmed → completed, or cancelled),
 * refusing illegal moves with a code the UI translates. Audited with who, when, from and to.
 */
export async function transitionEvent(
  eventId: number,
  to: EventState,
  actor: Actor,
  options: { reason?: string | null } = {},
): Promise<TransitionResult> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const event = await trx.selectFrom("event").select(["id", "state", "starts_at"]).where("id", "=", eventId).executeTakeFirst();
      if (!event) return { ok: false, code: "not_found" } as const;
      const check = checkTransition(event.state, to, { now: now(), startsAt: event.starts_at, reason: options.reason ?? null });
      if (!check.ok) return check;
      const reason = options.reason?.trim() || null;
      await trx
        .updateTable("event")
        .set((eb) => ({
          state: to,
          cancel_reason: to === "cancelled" ? reason : null,
          updated_at: nowIso(),
          // Calendar clients only replace an entry whose SEQUENCE went up.
          sequence: eb("sequence", "+", 1),
        }))
        .where("id", "=", eventId)
        .execute();
      await audit(trx, actor, "event.transition", "event", eventId, { from: event.state, to, reason });
      return { ok: true } as const;
    });
}
