/** The event form's non-blocking warnings, from the database's view of that day (the rules: app/domain/schedule/warnings.ts). */
import { schedulingWarnings, type ScheduleWarning } from "~/domain/schedule";
import type { Locale } from "~/domain/vocabulary";
import { getDb } from "~/utils/db.server";

import { latestFerryDepartureFrom } from "../geo.server";

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
    event: {
      id: event.id,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      townId: venue.town_id,
      capacity: event.capacity ?? venue.capacity,
      expectedAudience: event.expectedAudience,
    },
    otherEvents: others.map((o) => ({ id: o.id, startsAt: o.starts_at, townId: o.town_id, state: o.state })),
    latestFerryDeparture: await latestFerryDepartureFrom(venue.town_id),
    language,
  });
}
