import { nowIso } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

/** A venue as the public page shows it, with its upcoming public events; null when unknown. */
export async function getPublicVenue(venueId: number | null) {
  if (venueId === null) return null;
  const db = getDb();
  const venue = await db
    .selectFrom("venue")
    .innerJoin("town", "town.id", "venue.town_id")
    .select([
      "venue.id",
      "venue.name",
      "venue.venue_type",
      "venue.address",
      "venue.capacity",
      "venue.step_free",
      "venue.child_friendly",
      "town.name as town_name",
      "town.region_code",
    ])
    .where("venue.id", "=", venueId)
    .executeTakeFirst();
  if (!venue) return null;
  const events = await db
    .selectFrom("event")
    .select(["id", "kind", "state", "title", "starts_at", "ends_at", "audience"])
    .where("venue_id", "=", venueId)
    .where("is_public", "=", 1)
    .where("state", "in", ["planned", "confirmed", "cancelled"])
    .where("ends_at", ">", nowIso())
    .orderBy("starts_at")
    .orderBy("id")
    .limit(50)
    .execute();
  return {
    id: venue.id,
    name: venue.name,
    type: venue.venue_type,
    address: venue.address,
    capacity: venue.capacity,
    stepFree: venue.step_free === 1,
    childFriendly: venue.child_friendly === 1,
    townName: venue.town_name,
    regionCode: venue.region_code,
    events: events.map((e) => ({ id: e.id, kind: e.kind, state: e.state, audience: e.audience, titleJson: e.title, startsAt: e.starts_at, endsAt: e.ends_at })),
  };
}
