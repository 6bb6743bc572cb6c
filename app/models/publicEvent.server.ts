import type { EventKind } from "~/domain/vocabulary";
import { getDb } from "~/utils/db.server";

/** Public events (planned or confirmed) that have not ended, soonest first. */
export async function listUpcomingPublicEvents(options: { after: string; regionCode?: string | null; kind?: EventKind | null; limit?: number }) {
  let query = getDb()
    .selectFrom("event")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .select([
      "event.id",
      "event.kind",
      "event.state",
      "event.title",
      "event.starts_at",
      "event.ends_at",
      "event.series_id",
      "venue.name as venue_name",
      "town.id as town_id",
      "town.name as town_name",
      "town.region_code",
    ])
    .where("event.is_public", "=", 1)
    .where("event.state", "in", ["planned", "confirmed"])
    .where("event.ends_at", ">", options.after)
    .orderBy("event.starts_at")
    .orderBy("event.id");
  if (options.regionCode) query = query.where("town.region_code", "=", options.regionCode);
  if (options.kind) query = query.where("event.kind", "=", options.kind);
  if (options.limit) query = query.limit(options.limit);
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
    venueName: r.venue_name,
    townId: r.town_id,
    townName: r.town_name,
    regionCode: r.region_code,
    offers: offers.get(r.id) ?? [],
  }));
}

/** The typed slots of each event, e.g. { 12: ["crafts", "crafts", "food"] }. */
async function slotOffersByEvent(eventIds: number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  if (eventIds.length === 0) return map;
  const slots = await getDb()
    .selectFrom("event_slot")
    .select(["event_id", "offer"])
    .where("event_id", "in", eventIds)
    .where("offer", "is not", null)
    .orderBy("position")
    .execute();
  for (const slot of slots) {
    const list = map.get(slot.event_id) ?? [];
    list.push(slot.offer as string);
    map.set(slot.event_id, list);
  }
  return map;
}
