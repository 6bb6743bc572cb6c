import type { RegionWithTowns } from "~/domain/geo/towns";
import type { Locale } from "~/domain/vocabulary";
import { getDb } from "~/utils/db.server";

import { getTravelPlanner } from "./geo.server";

export type { RegionWithTowns, TownOption } from "~/domain/geo/towns";

/** Every town grouped by county, counties named and sorted in the reader's language, towns by name. */
export async function listTownsByRegion(locale: Locale): Promise<RegionWithTowns[]> {
  const column = `name_${locale}` as const;
  const [regions, towns] = await Promise.all([
    getDb().selectFrom("region").select(["code", column]).execute(),
    getDb().selectFrom("town").select(["id", "name", "region_code", "on_island", "has_local_community"]).execute(),
  ]);
  const collator = new Intl.Collator(locale);
  const byCode = new Map<string, RegionWithTowns>(regions.map((r) => [r.code, { code: r.code, name: (r as Record<string, string>)[column], towns: [] }]));
  for (const town of [...towns].sort((a, b) => collator.compare(a.name, b.name))) {
    byCode.get(town.region_code)?.towns.push({
      id: town.id,
      name: town.name,
      onIsland: town.on_island === 1,
      hasLocalCommunity: town.has_local_community === 1,
    });
  }
  return [...byCode.values()].filter((r) => r.towns.length > 0).sort((a, b) => collator.compare(a.name, b.name));
}

export type VenueOption = { id: number; townId: number; name: string; address: string | null };

/** Venues to choose from: of one town, or of every town (ordered by town, then name). */
export async function listVenues(options: { townId?: number } = {}): Promise<VenueOption[]> {
  let query = getDb()
    .selectFrom("venue")
    .innerJoin("town", "town.id", "venue.town_id")
    .select(["venue.id", "venue.town_id", "venue.name", "venue.address"])
    .orderBy("town.name")
    .orderBy("venue.name");
  if (options.townId !== undefined) query = query.where("venue.town_id", "=", options.townId);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, townId: r.town_id, name: r.name, address: r.address }));
}

/** Ids of every town, to validate a choice. */
export async function listTownIds(): Promise<Set<number>> {
  const rows = await getDb().selectFrom("town").select("id").execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * For each town, the travel time to the nearest *other* town with a local refugee/migrant
 * community (where travelling participants come from); null when unreachable.
 */
export async function nearestCommunityMinutes(townIds: number[]): Promise<Map<number, { townName: string; minutes: number } | null>> {
  const result = new Map<number, { townName: string; minutes: number } | null>();
  if (townIds.length === 0) return result;
  const [planner, communities] = await Promise.all([getTravelPlanner(), getDb().selectFrom("town").select(["id", "name"]).where("has_local_community", "=", 1).execute()]);
  for (const townId of new Set(townIds)) {
    let nearest: { townName: string; minutes: number } | null = null;
    for (const community of communities) {
      if (community.id === townId) continue;
      const minutes = planner.minutes(townId, community.id);
      if (minutes !== null && (!nearest || minutes < nearest.minutes)) nearest = { townName: community.name, minutes };
    }
    result.set(townId, nearest);
  }
  return result;
}
