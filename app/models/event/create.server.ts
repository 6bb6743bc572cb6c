/** Creating an event: what a coordinator (or an accepted request, or a series) gives, and the event with its slots. */
import type { Kysely, Transaction } from "kysely";

import type { Database } from "#db/schema";
import type { LocalizedText } from "~/domain/localizedText";
import type { Audience, EventKind, EventState, Offer } from "~/domain/vocabulary";
import { nowIso } from "~/utils/clock.server";
import { writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "../audit.server";
import { keepHostLinksPast } from "../request/linkExpiry.server";

export type Executor = Kysely<Database> | Transaction<Database>;

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
  /** Who it is for (a hard rule for matching); everyone when not given. */
  audience?: Audience;
  /** One entry per slot: the offer it asks for, or null for any. */
  slots: (Offer | null)[];
  topic?: string | null;
  requestId?: number | null;
  seriesId?: number | null;
  occurrenceDate?: string | null;
  state?: EventState;
};

/** The columns a coordinator's form sets, as stored (the audience only when given). */
export function editableColumns(input: EventInput) {
  return {
    kind: input.kind,
    title: JSON.stringify(input.title),
    description: JSON.stringify(input.description),
    venue_id: input.venueId,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    capacity: input.capacity,
    expected_audience: input.expectedAudience,
    languages: JSON.stringify(input.languages),
    is_public: input.isPublic ? (1 as const) : (0 as const),
    overnight_stay: input.overnightStay ? (1 as const) : (0 as const),
    topic: input.topic ?? null,
    // Left as it is when the caller does not say.
    ...(input.audience ? { audience: input.audience } : {}),
  };
}

/** Inserts an event (a draft unless said otherwise) with its slots; run it inside the caller's transaction. */
export async function insertEvent(db: Executor, input: EventInput, actor: Actor): Promise<number> {
  const at = nowIso();
  const row = await db
    .insertInto("event")
    .values({
      ...editableColumns(input),
      state: input.state ?? "draft",
      audience: input.audience ?? "everyone",
      series_id: input.seriesId ?? null,
      occurrence_date: input.occurrenceDate ?? null,
      edited: 0,
      request_id: input.requestId ?? null,
      published_at: (input.state ?? "draft") === "draft" ? null : at,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await insertSlots(db, row.id, input.slots);
  if (input.requestId) await keepHostLinksPast(db, input.requestId, input.startsAt);
  await audit(db, actor, "event.create", "event", row.id, { state: input.state ?? "draft", requestId: input.requestId ?? null });
  return row.id;
}

/** Creates an event (a coordinator's new-event form) in its own transaction; returns its id. */
export async function createEvent(input: EventInput, actor: Actor): Promise<number> {
  return writeTransaction((trx) => insertEvent(trx, input, actor));
}

async function insertSlots(db: Executor, eventId: number, slots: (Offer | null)[]) {
  if (slots.length === 0) return;
  await db
    .insertInto("event_slot")
    .values(slots.map((offer, position) => ({ event_id: eventId, offer, position })))
    .execute();
}
