/** A coordinator's edit of an event: its fields, its slots, the travel that follows a new place, and a forum's outcome. */
import type { Selectable } from "kysely";

import type { EventTable } from "#db/schema";
import { needsSequenceBump } from "~/domain/calendar";
import { OFFERS, type AssignmentState, type Offer } from "~/domain/vocabulary";
import { nowIso } from "~/utils/clock.server";
import { writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "../audit.server";
import { getTravelPlanner } from "../geo.server";
import { queueEventChanged } from "../messages/eventChanges.server";
import { keepHostLinksPast } from "../request/linkExpiry.server";
import { editableColumns, type EventInput, type Executor } from "./create.server";

const LIVE_ASSIGNMENT: AssignmentState[] = ["proposed", "invited", "accepted", "attended", "no_show"];

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
    if (before.request_id !== null && input.startsAt !== before.starts_at) await keepHostLinksPast(trx, before.request_id, input.startsAt);
    if (bump && before.state !== "draft") await queueEventChanged(trx, eventId, before.starts_at);
    return { ok: true } as const;
  }).catch((error: unknown) => {
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
    await trx
      .updateTable("assignment")
      .set({ travel_minutes: minutes === null ? null : Math.round(minutes) })
      .where("id", "=", row.id)
      .execute();
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
    for (let i = 0; i < missing; i++)
      await trx
        .insertInto("event_slot")
        .values({ event_id: eventId, offer, position: existing.length + i })
        .execute();
  }
  if (toDelete.length) await trx.deleteFrom("event_slot").where("id", "in", toDelete).execute();
  // Positions follow the offer order of the form.
  const slots = await trx.selectFrom("event_slot").select(["id", "offer"]).where("event_id", "=", eventId).orderBy("position").orderBy("id").execute();
  const order = (offer: Offer | null) => (offer === null ? OFFERS.length : OFFERS.indexOf(offer));
  const sorted = [...slots].sort((a, b) => order(a.offer) - order(b.offer) || a.id - b.id);
  for (const [position, slot] of sorted.entries()) await trx.updateTable("event_slot").set({ position }).where("id", "=", slot.id).execute();
  return true;
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
