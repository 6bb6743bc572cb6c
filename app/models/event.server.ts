import type { Kysely, Selectable, Transaction } from "kysely";

import type { Database, EventTable } from "#db/schema";
import { needsSequenceBump } from "~/domain/calendar";
import type { LocalizedText } from "~/domain/localizedText";
import { checkTransition, schedulingWarnings, type ScheduleWarning, type TransitionCheck } from "~/domain/schedule";
import { OFFERS, type AssignmentState, type Audience, type EventKind, type EventState, type Locale, type Offer } from "~/domain/vocabulary";
import { now, nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "./audit.server";
import { getTravelPlanner, latestFerryDepartureFrom } from "./geo.server";
import { queueEventCancelled, queueEventChanged } from "./messages/eventChanges.server";

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
      audience: input.audience ?? "everyone",
      series_id: input.seriesId ?? null,
      occurrence_date: input.occurrenceDate ?? null,
      edited: 0,
      request_id: input.requestId ?? null,
      topic: input.topic ?? null,
      published_at: (input.state ?? "draft") === "draft" ? null : at,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await insertSlots(db, row.id, input.slots);
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
  return writeTransaction(async (trx) => {
      const event = await trx.selectFrom("event").select(["id", "state", "starts_at"]).where("id", "=", eventId).executeTakeFirst();
      if (!event) return { ok: false, code: "not_found" } as const;
      const check = checkTransition(event.state, to, { now: now(), startsAt: event.starts_at, reason: options.reason ?? null });
      if (!check.ok) return check;
      const reason = options.reason?.trim() || null;
      const at = nowIso();
      await trx
        .updateTable("event")
        .set((eb) => ({
          state: to,
          cancel_reason: to === "cancelled" ? reason : null,
          updated_at: at,
          // Calendar clients only replace an entry whose SEQUENCE went up.
          sequence: eb("sequence", "+", 1),
          // Once out of draft, subscribers have seen it: unpublishing it later is a cancellation to them.
          published_at: to === "draft" || to === "cancelled" ? eb.ref("published_at") : eb.fn.coalesce("published_at", eb.val(at)),
        }))
        .where("id", "=", eventId)
        .execute();
      await audit(trx, actor, "event.transition", "event", eventId, { from: event.state, to, reason });
      // Everyone invited or coming, and the host, hear of it now (first, if it is close).
      if (to === "cancelled") await queueEventCancelled(trx, eventId);
      return { ok: true } as const;
    });
}

const LIVE_ASSIGNMENT: AssignmentState[] = ["proposed", "invited", "accepted", "attended", "no_show"];

/** Whether a venue exists (forms check a posted venue id before saving). */
export async function venueExists(venueId: number): Promise<boolean> {
  return Boolean(await getDb().selectFrom("venue").select("id").where("id", "=", venueId).executeTakeFirst());
}

/**
 * Why this audience cannot meet at this venue, as an i18n key for the audience field, or null: a
 * families event needs a child-friendly venue, since childcare must be offered.
 */
export async function audienceVenueError(venueId: number, audience: Audience | undefined): Promise<string | null> {
  if (audience !== "families") return null;
  const venue = await getDb().selectFrom("venue").select("child_friendly").where("id", "=", venueId).executeTakeFirst();
  return venue && venue.child_friendly !== 1 ? "audience.error.venueNotChildFriendly" : null;
}

/** Venues to choose from, grouped by town, towns grouped by county. */
export async function listVenueOptions() {
  const venues = await getDb()
    .selectFrom("venue")
    .innerJoin("town", "town.id", "venue.town_id")
    .select(["venue.id", "venue.name", "venue.capacity", "town.id as town_id", "town.name as town_name", "town.region_code"])
    .execute();
  // By town, then name, in Estonian alphabetical order (SQLite's would put "Ääsmäe" after "Z" and "kohvik" after "Tartu").
  const estonian = new Intl.Collator("et");
  return venues.sort((a, b) => estonian.compare(a.town_name, b.town_name) || estonian.compare(a.name, b.name) || a.id - b.id);
}

export type AdminEventFilters = { regionCode?: string | null; kind?: EventKind | null; state?: EventState | null; from?: string | null; to?: string | null };

/** The events the coordinators' filters select (joined with venue and town), not yet ordered. */
function adminEvents(filters: AdminEventFilters) {
  let query = getDb().selectFrom("event").innerJoin("venue", "venue.id", "event.venue_id").innerJoin("town", "town.id", "venue.town_id");
  if (filters.regionCode) query = query.where("town.region_code", "=", filters.regionCode);
  if (filters.kind) query = query.where("event.kind", "=", filters.kind);
  if (filters.state) query = query.where("event.state", "=", filters.state);
  if (filters.from) query = query.where("event.ends_at", ">=", filters.from);
  if (filters.to) query = query.where("event.starts_at", "<", filters.to);
  return query;
}

/**
 * Events for the coordinators' list and calendar, with how many slots are filled: soonest first,
 * or newest first with `newestFirst`; `limit`/`offset` give one page of the list (the calendar
 * reads a month, at most 1 000).
 */
export async function listEventsForAdmin(filters: AdminEventFilters & { newestFirst?: boolean; limit?: number; offset?: number }) {
  const direction = filters.newestFirst ? "desc" : "asc";
  return adminEvents(filters)
    .select((eb) => [
      "event.id",
      "event.kind",
      "event.state",
      "event.title",
      "event.starts_at",
      "event.ends_at",
      "event.series_id",
      "event.is_public",
      "venue.name as venue_name",
      "town.name as town_name",
      "town.region_code",
      eb.selectFrom("event_slot").whereRef("event_slot.event_id", "=", "event.id").select((s) => s.fn.countAll<number>().as("n")).as("slot_count"),
      eb
        .selectFrom("assignment")
        .whereRef("assignment.event_id", "=", "event.id")
        .where("assignment.status", "in", ["accepted", "attended"])
        .select((s) => s.fn.countAll<number>().as("n"))
        .as("accepted_count"),
    ])
    .orderBy("event.starts_at", direction)
    .orderBy("event.id", direction)
    .limit(filters.limit ?? 1000)
    .offset(filters.offset ?? 0)
    .execute();
}

/** How many events the coordinators' filters select (for the list's pages). */
export async function countEventsForAdmin(filters: AdminEventFilters): Promise<number> {
  const row = await adminEvents(filters)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One event with its venue, slots and line-up, for the coordinator's event page. */
export async function getEventForAdmin(eventId: number) {
  const db = getDb();
  const event = await db
    .selectFrom("event")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .selectAll("event")
    .leftJoin("series", "series.id", "event.series_id")
    .select(["venue.name as venue_name", "venue.capacity as venue_capacity", "town.id as town_id", "town.name as town_name", "town.region_code", "series.title as series_title"])
    .where("event.id", "=", eventId)
    .executeTakeFirst();
  if (!event) return null;
  const [slots, assignments] = await Promise.all([
    db.selectFrom("event_slot").select(["id", "offer", "position"]).where("event_id", "=", eventId).orderBy("position").execute(),
    db
      .selectFrom("assignment")
      .innerJoin("participant", "participant.id", "assignment.participant_id")
      .select(["assignment.id", "assignment.slot_id", "assignment.status", "assignment.travel_minutes", "participant.id as participant_id", "participant.first_name", "participant.last_name"])
      .where("assignment.event_id", "=", eventId)
      .orderBy("assignment.id")
      .execute(),
  ]);
  return { event, slots, assignments };
}

export type UpdateEventResult = { ok: true } | { ok: false; code: "not_found" | "event_closed" | "slot_in_use" };

/**
 * Saves a coordinator's edit. SEQUENCE goes up when time or place change (so calendar clients
 * update); a session of a series becomes `edited` so regenerating the series leaves it alone.
 * Slots with someone on them are never removed.
 */
export async function updateEvent(eventId: number, input: EventInput, actor: Actor): Promise<UpdateEventResult> {
  return writeTransaction(async (trx) => {
      const before = await trx.selectFrom("event").selectAll().where("id", "=", eventId).executeTakeFirst();
      if (!before) return { ok: false, code: "not_found" } as const;
      if (before.state === "completed" || before.state === "cancelled") return { ok: false, code: "event_closed" } as const;
      const slotsOk = await reconcileSlots(trx, eventId, input.slots);
      if (!slotsOk) {
        // Roll back anything reconcileSlots did before it found the busy slot.
        throw new SlotInUse();
      }
      const bump = needsSequenceBump(
        { startsAt: before.starts_at, endsAt: before.ends_at, venueId: before.venue_id, state: before.state },
        { startsAt: input.startsAt, endsAt: input.endsAt, venueId: input.venueId, state: before.state },
      );
      await trx
        .updateTable("event")
        .set({
          ...editableColumns(input),
          edited: before.series_id !== null ? 1 : before.edited,
          sequence: before.sequence + (bump ? 1 : 0),
          updated_at: nowIso(),
        })
        .where("id", "=", eventId)
        .execute();
      await audit(trx, actor, "event.update", "event", eventId, {
        changed: changedFields(before, input),
        sequenceBumped: bump,
      });
      // A new place means new journeys: what pages, feeds and messages say about travel follows it.
      if (input.venueId !== before.venue_id) await recomputeTravel(trx, eventId);
      if (bump && before.state !== "draft") await queueEventChanged(trx, eventId, before.starts_at);
      return { ok: true } as const;
    })
    .catch((error: unknown) => {
      if (error instanceof SlotInUse) return { ok: false, code: "slot_in_use" } as const;
      throw error;
    });
}

class SlotInUse extends Error {}

/** Travel minutes of everyone on the event, from their home town to its (new) place. */
async function recomputeTravel(trx: Executor, eventId: number) {
  const planner = await getTravelPlanner(trx);
  const rows = await trx
    .selectFrom("assignment")
    .innerJoin("participant", "participant.id", "assignment.participant_id")
    .innerJoin("event", "event.id", "assignment.event_id")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .select(["assignment.id", "participant.home_town_id", "venue.town_id"])
    .where("assignment.event_id", "=", eventId)
    .where("assignment.status", "in", LIVE_ASSIGNMENT)
    .execute();
  for (const row of rows) {
    const minutes = row.home_town_id === null ? null : planner.minutes(row.home_town_id, row.town_id);
    await trx.updateTable("assignment").set({ travel_minutes: minutes === null ? null : Math.round(minutes) }).where("id", "=", row.id).execute();
  }
}

/** Makes the event's slots match `desired` (a multiset of offers); false if that would drop a slot someone is on. */
async function reconcileSlots(trx: Executor, eventId: number, desired: (Offer | null)[]): Promise<boolean> {
  const existing = await trx
    .selectFrom("event_slot")
    .select((eb) => [
      "event_slot.id",
      "event_slot.offer",
      eb
        .exists(eb.selectFrom("assignment").whereRef("assignment.slot_id", "=", "event_slot.id").where("assignment.status", "in", LIVE_ASSIGNMENT).select("assignment.id"))
        .as("in_use"),
    ])
    .where("event_slot.event_id", "=", eventId)
    .orderBy("event_slot.position")
    .execute();
  const wanted = new Map<Offer | null, number>();
  for (const offer of desired) wanted.set(offer, (wanted.get(offer) ?? 0) + 1);
  const toDelete: number[] = [];
  for (const offer of new Set([...existing.map((s) => s.offer), ...wanted.keys()])) {
    // Keep busy slots first, so only free ones are dropped.
    const ofOffer = existing.filter((s) => s.offer === offer).sort((a, b) => Number(b.in_use) - Number(a.in_use));
    const keep = wanted.get(offer) ?? 0;
    const surplus = ofOffer.slice(keep);
    if (surplus.some((s) => s.in_use)) return false;
    toDelete.push(...surplus.map((s) => s.id));
    const missing = keep - ofOffer.length;
    for (let i = 0; i < missing; i++) await trx.insertInto("event_slot").values({ event_id: eventId, offer, position: existing.length + i }).execute();
  }
  if (toDelete.length) await trx.deleteFrom("event_slot").where("id", "in", toDelete).execute();
  // Positions follow the offer order of the form.
  const slots = await trx.selectFrom("event_slot").select(["id", "offer"]).where("event_id", "=", eventId).orderBy("position").orderBy("id").execute();
  const order = (offer: Offer | null) => (offer === null ? OFFERS.length : OFFERS.indexOf(offer));
  const sorted = [...slots].sort((a, b) => order(a.offer) - order(b.offer) || a.id - b.id);
  for (const [position, slot] of sorted.entries()) await trx.updateTable("event_slot").set({ position }).where("id", "=", slot.id).execute();
  return true;
}

/** The columns a coordinator's form sets, as stored. */
function editableColumns(input: EventInput) {
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

function changedFields(before: Selectable<EventTable>, input: EventInput): string[] {
  const after: Record<string, unknown> = editableColumns(input);
  return Object.keys(after).filter((key) => (before as Record<string, unknown>)[key] !== after[key]);
}

/** Records what was said at a forum and, later, what was done about it ("you said, we did"). */
export async function saveForumOutcome(eventId: number, outcome: { said: string | null; done: string | null }, actor: Actor) {
  return writeTransaction(async (trx) => {
      const event = await trx.selectFrom("event").select(["id", "kind"]).where("id", "=", eventId).executeTakeFirst();
      if (!event || event.kind !== "forum") return false;
      await trx.updateTable("event").set({ outcome_said: outcome.said, outcome_done: outcome.done, updated_at: nowIso() }).where("id", "=", eventId).execute();
      await audit(trx, actor, "event.outcome", "event", eventId, {});
      return true;
    });
}

/** Non-blocking warnings for an event as it would be scheduled. */
export async function warningsFor(
  event: { id?: number; startsAt: string; endsAt: string; venueId: number; capacity: number | null; expectedAudience: number | null },
  language: Locale,
): Promise<ScheduleWarning[]> {
  const venue = await getDb().selectFrom("venue").select(["town_id", "capacity"]).where("id", "=", event.venueId).executeTakeFirst();
  if (!venue) return [];
  // Events starting within a day either side cover every Tallinn "same day".
  const from = new Date(Date.parse(event.startsAt) - 86_400_000).toISOString();
  const to = new Date(Date.parse(event.startsAt) + 86_400_000).toISOString();
  const others = await getDb()
    .selectFrom("event")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .select(["event.id", "event.starts_at", "event.state", "venue.town_id"])
    .where("event.starts_at", ">", from)
    .where("event.starts_at", "<", to)
    .execute();
  return schedulingWarnings({
    // The event's own limit if it has one, else what the room holds.
    event: { id: event.id, startsAt: event.startsAt, endsAt: event.endsAt, townId: venue.town_id, capacity: event.capacity ?? venue.capacity, expectedAudience: event.expectedAudience },
    otherEvents: others.map((o) => ({ id: o.id, startsAt: o.starts_at, townId: o.town_id, state: o.state })),
    latestFerryDeparture: await latestFerryDepartureFrom(venue.town_id),
    language,
  });
}
