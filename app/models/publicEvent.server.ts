import { localDateOf, zonedInstant } from "~/domain/schedule";
import { OFFERS, type EventKind, type EventState, type Offer } from "~/domain/vocabulary";
import { getDb } from "~/utils/db.server";
import { parseStringArray } from "~/utils/json";

/** What a resident may narrow the public list by; null means "any". */
export type PublicEventFilter = {
  regionCode?: string | null;
  townId?: number | null;
  kind?: EventKind | null;
  /** "YYYY-MM", a month in Tallinn time. */
  month?: string | null;
};

/** The states a public event is listed in: announced and not (yet) over or called off. */
const LISTED_STATES: EventState[] = ["planned", "confirmed"];
/** The states whose event page the public may open; drafts stay private. */
const VISIBLE_STATES: EventState[] = ["planned", "confirmed", "completed", "cancelled"];
/** Assignments that put a participant in the public line-up. */
const LINE_UP_STATES = ["accepted", "attended"] as const;

/** "YYYY-MM" of this month and the following ones in Tallinn, e.g. for a month filter. */
export function comingMonths(now: Date, count = 12): string[] {
  const [year, month] = localDateOf(now).split("-").map(Number);
  return Array.from({ length: count }, (_, i) => {
    const index = year * 12 + (month - 1) + i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  });
}

/** The UTC instants at which a Tallinn calendar month begins and ends. */
export function monthBounds(month: string): { from: string; to: string } {
  const [year, m] = month.split("-").map(Number);
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, "0")}`;
  return { from: zonedInstant(`${month}-01`, "00:00").toISOString(), to: zonedInstant(`${next}-01`, "00:00").toISOString() };
}

function upcomingQuery(after: string, filter: PublicEventFilter) {
  let query = getDb()
    .selectFrom("event")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .where("event.is_public", "=", 1)
    .where("event.state", "in", LISTED_STATES)
    .where("event.ends_at", ">", after);
  if (filter.regionCode) query = query.where("town.region_code", "=", filter.regionCode);
  if (filter.townId) query = query.where("town.id", "=", filter.townId);
  if (filter.kind) query = query.where("event.kind", "=", filter.kind);
  if (filter.month) {
    const { from, to } = monthBounds(filter.month);
    query = query.where("event.starts_at", ">=", from).where("event.starts_at", "<", to);
  }
  return query;
}

/** How many public events (planned or confirmed) match the filter and have not ended. */
export async function countUpcomingPublicEvents(options: { after: string } & PublicEventFilter): Promise<number> {
  const row = await upcomingQuery(options.after, options)
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Public events (planned or confirmed) that have not ended, soonest first; `offset` skips that many (a later page). */
export async function listUpcomingPublicEvents(options: { after: string; limit?: number; offset?: number } & PublicEventFilter) {
  let query = upcomingQuery(options.after, options)
    .select([
      "event.id",
      "event.kind",
      "event.state",
      "event.title",
      "event.starts_at",
      "event.ends_at",
      "event.series_id",
      "event.audience",
      "venue.name as venue_name",
      "town.id as town_id",
      "town.name as town_name",
      "town.region_code",
    ])
    .orderBy("event.starts_at")
    .orderBy("event.id");
  if (options.limit) query = query.limit(options.limit);
  if (options.limit && options.offset) query = query.offset(options.offset);
  const rows = await query.execute();
  const offers = await slotOffersByEvent(rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    state: r.state,
    titleJson: r.title,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    seriesId: r.series_id,
    audience: r.audience,
    venueName: r.venue_name,
    townId: r.town_id,
    townName: r.town_name,
    regionCode: r.region_code,
    offers: offers.get(r.id) ?? [],
  }));
}

export type TownWithEvents = { id: number; name: string; regionCode: string; lat: number; lon: number; onIsland: boolean; count: number };

/** Towns that have upcoming public events matching the filter, with how many, by name. */
export async function listTownsWithUpcomingEvents(options: { after: string } & PublicEventFilter): Promise<TownWithEvents[]> {
  const rows = await upcomingQuery(options.after, options)
    .select((eb) => ["town.id", "town.name", "town.region_code", "town.lat", "town.lon", "town.on_island", eb.fn.countAll<number>().as("count")])
    .groupBy("town.id")
    .orderBy("town.name")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    regionCode: r.region_code,
    lat: r.lat,
    lon: r.lon,
    onIsland: r.on_island === 1,
    count: Number(r.count),
  }));
}

/** A town by id, for a town filter; null when there is none. */
export async function findTown(id: number) {
  const town = await getDb().selectFrom("town").select(["id", "name", "region_code"]).where("id", "=", id).executeTakeFirst();
  return town ? { id: town.id, name: town.name, regionCode: town.region_code } : null;
}

export type PublicLineUpEntry = { firstName: string; offer: Offer | null };

/**
 * Who is coming, as the public may see it: by first name only those who chose to be shown (with
 * their place's offer); of everyone else just how many and what they bring, each offer once, so
 * that no line stands for one unnamed person.
 */
export type PublicLineUp = { named: PublicLineUpEntry[]; others: number; otherOffers: Offer[] };

/**
 * One event as the public sees it, or null when it does not exist, is a draft or is not public.
 * The line-up never holds last names, contacts, origin or needs, and first names only by opt-in.
 */
export async function getPublicEvent(id: number) {
  const row = await getDb()
    .selectFrom("event")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .select([
      "event.id",
      "event.kind",
      "event.state",
      "event.title",
      "event.description",
      "event.starts_at",
      "event.ends_at",
      "event.languages",
      "event.series_id",
      "event.outcome_said",
      "event.outcome_done",
      "event.cancel_reason",
      "event.audience",
      "venue.name as venue_name",
      "venue.address as venue_address",
      "venue.step_free",
      "venue.child_friendly",
      "town.id as town_id",
      "town.name as town_name",
      "town.region_code",
      "town.lat",
      "town.lon",
      "town.on_island",
    ])
    .where("event.id", "=", id)
    .where("event.is_public", "=", 1)
    .where("event.state", "in", VISIBLE_STATES)
    .executeTakeFirst();
  if (!row) return null;

  const [offers, lineUp] = await Promise.all([
    slotOffersByEvent([row.id]),
    getDb()
      .selectFrom("assignment")
      .innerJoin("participant", "participant.id", "assignment.participant_id")
      .leftJoin("event_slot", "event_slot.id", "assignment.slot_id")
      .select(["participant.first_name", "participant.show_first_name", "event_slot.offer"])
      .where("assignment.event_id", "=", row.id)
      .where("assignment.status", "in", LINE_UP_STATES)
      .where("participant.erased_at", "is", null)
      .orderBy("event_slot.position")
      .orderBy("assignment.id")
      .execute(),
  ]);

  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    titleJson: row.title,
    descriptionJson: row.description,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    languages: parseStringArray(row.languages),
    seriesId: row.series_id,
    audience: row.audience,
    // The outcome is a forum's "you said, we did"; other kinds have none to show.
    outcomeSaid: row.kind === "forum" ? row.outcome_said : null,
    outcomeDone: row.kind === "forum" ? row.outcome_done : null,
    cancelReason: row.state === "cancelled" ? row.cancel_reason : null,
    venue: { name: row.venue_name, address: row.venue_address, stepFree: row.step_free === 1, childFriendly: row.child_friendly === 1 },
    town: { id: row.town_id, name: row.town_name, regionCode: row.region_code, lat: row.lat, lon: row.lon, onIsland: row.on_island === 1 },
    offers: offers.get(row.id) ?? [],
    lineUp: publicLineUp(lineUp),
  };
}

function publicLineUp(rows: { first_name: string; show_first_name: 0 | 1; offer: Offer | null }[]): PublicLineUp {
  const named = rows.filter((r) => r.show_first_name === 1).map((r): PublicLineUpEntry => ({ firstName: r.first_name, offer: r.offer }));
  const others = rows.filter((r) => r.show_first_name !== 1);
  const offered = new Set(others.map((r) => r.offer));
  return { named, others: others.length, otherOffers: OFFERS.filter((o) => offered.has(o)) };
}

/** The typed slots of each event, e.g. { 12: ["crafts", "crafts", "food"] }. */
async function slotOffersByEvent(eventIds: number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  if (eventIds.length === 0) return map;
  const slots = await getDb().selectFrom("event_slot").select(["event_id", "offer"]).where("event_id", "in", eventIds).where("offer", "is not", null).orderBy("position").execute();
  for (const slot of slots) {
    const list = map.get(slot.event_id) ?? [];
    list.push(slot.offer as string);
    map.set(slot.event_id, list);
  }
  return map;
}
