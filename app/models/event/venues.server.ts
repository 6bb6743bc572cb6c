/** Venues as the event and series forms use them: the choices, and the checks of a posted venue. */
import type { Audience } from "~/domain/vocabulary";
import { getDb } from "~/utils/db.server";

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
