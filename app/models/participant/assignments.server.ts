/** A participant's assignments as their page and the coordinators' page show them. */
import type { AssignmentState, Offer } from "~/domain/vocabulary";
import { getDb } from "~/utils/db.server";

/** Statuses in which an assignment holds its slot (the unique index in migration 0002 agrees). */
export const TAKEN_STATUSES = ["accepted", "attended", "no_show"] as const satisfies readonly AssignmentState[];

export type AssignmentView = {
  id: number;
  eventId: number;
  status: AssignmentState;
  titleJson: string;
  eventState: string;
  startsAt: string;
  endsAt: string;
  venueName: string;
  townName: string;
  slotOffer: Offer | null;
  travelMinutes: number | null;
  responseReason: string | null;
  respondedAt: string | null;
  /** For an invitation: someone else has already taken the place. */
  placeTaken: boolean;
};

/** A participant's assignments with their events, soonest first; proposals are the coordinators' and left out unless asked for. */
export async function listAssignments(participantId: number, options: { includeProposed?: boolean } = {}): Promise<AssignmentView[]> {
  const db = getDb();
  let query = db
    .selectFrom("assignment")
    .innerJoin("event", "event.id", "assignment.event_id")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .leftJoin("event_slot", "event_slot.id", "assignment.slot_id")
    .select([
      "assignment.id",
      "assignment.event_id",
      "assignment.slot_id",
      "assignment.status",
      "assignment.travel_minutes",
      "assignment.response_reason",
      "assignment.responded_at",
      "event.title",
      "event.state",
      "event.starts_at",
      "event.ends_at",
      "venue.name as venue_name",
      "town.name as town_name",
      "event_slot.offer as slot_offer",
    ])
    .where("assignment.participant_id", "=", participantId)
    .orderBy("event.starts_at");
  if (!options.includeProposed) query = query.where("assignment.status", "<>", "proposed");
  const rows = await query.execute();

  // Which places are already taken, for the invitations among these.
  const invitedEvents = [...new Set(rows.filter((r) => r.status === "invited").map((r) => r.event_id))];
  const taken = invitedEvents.length
    ? await db.selectFrom("assignment").select(["event_id", "slot_id"]).where("event_id", "in", invitedEvents).where("status", "in", TAKEN_STATUSES).execute()
    : [];
  const slotCounts = invitedEvents.length
    ? await db
        .selectFrom("event_slot")
        .select(["event_id", (eb) => eb.fn.countAll<number>().as("n")])
        .where("event_id", "in", invitedEvents)
        .groupBy("event_id")
        .execute()
    : [];
  const takenSlots = new Set(taken.map((t) => t.slot_id));
  const takenPerEvent = new Map<number, number>();
  for (const t of taken) takenPerEvent.set(t.event_id, (takenPerEvent.get(t.event_id) ?? 0) + 1);
  const slotsPerEvent = new Map(slotCounts.map((s) => [s.event_id, Number(s.n)]));

  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    status: r.status,
    titleJson: r.title,
    eventState: r.state,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    venueName: r.venue_name,
    townName: r.town_name,
    slotOffer: r.slot_offer,
    travelMinutes: r.travel_minutes,
    responseReason: r.response_reason,
    respondedAt: r.responded_at,
    placeTaken: r.status === "invited" && (r.slot_id !== null ? takenSlots.has(r.slot_id) : (takenPerEvent.get(r.event_id) ?? 0) >= (slotsPerEvent.get(r.event_id) ?? 0)),
  }));
}

/** What a participant's card for one of their events says beyond the event itself. */
export type AssignmentCard = {
  /** The event has a public page (public and out of draft), so its title can link there. */
  publicPage: boolean;
  venueAddress: string | null;
  /** Their own words about what they bring to this place (a typed place they offer). */
  offerDescription: string | null;
  /** First names of the others going who chose to show them (migration 0004); the rest are only counted. */
  othersNamed: string[];
  othersUnnamed: number;
};

/**
 * The card details of some of a participant's assignments, by assignment id. Kept apart from
 * `listAssignments` so that other people's names never reach the participant's data download.
 */
export async function listAssignmentCards(participantId: number, assignmentIds: number[]): Promise<Map<number, AssignmentCard>> {
  if (assignmentIds.length === 0) return new Map();
  const db = getDb();
  const rows = await db
    .selectFrom("assignment")
    .innerJoin("event", "event.id", "assignment.event_id")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .leftJoin("event_slot", "event_slot.id", "assignment.slot_id")
    .leftJoin("participant_offer", (join) =>
      join.onRef("participant_offer.participant_id", "=", "assignment.participant_id").onRef("participant_offer.offer", "=", "event_slot.offer"),
    )
    .select(["assignment.id", "assignment.event_id", "event.is_public", "event.state", "venue.address", "participant_offer.description"])
    .where("assignment.participant_id", "=", participantId)
    .where("assignment.id", "in", assignmentIds)
    .execute();
  const eventIds = [...new Set(rows.map((r) => r.event_id))];
  const others = eventIds.length
    ? await db
        .selectFrom("assignment")
        .innerJoin("participant", "participant.id", "assignment.participant_id")
        .leftJoin("event_slot", "event_slot.id", "assignment.slot_id")
        .select(["assignment.event_id", "participant.first_name", "participant.show_first_name"])
        .where("assignment.event_id", "in", eventIds)
        .where("assignment.status", "in", ["accepted", "attended"])
        .where("assignment.participant_id", "<>", participantId)
        .where("participant.erased_at", "is", null)
        .orderBy("event_slot.position")
        .orderBy("assignment.id")
        .execute()
    : [];
  const cards = new Map<number, AssignmentCard>();
  for (const r of rows) {
    const going = others.filter((o) => o.event_id === r.event_id);
    cards.set(r.id, {
      publicPage: r.is_public === 1 && r.state !== "draft",
      venueAddress: r.address?.trim() || null,
      offerDescription: r.description?.trim() || null,
      othersNamed: going.filter((o) => o.show_first_name === 1).map((o) => o.first_name),
      othersUnnamed: going.filter((o) => o.show_first_name !== 1).length,
    });
  }
  return cards;
}
