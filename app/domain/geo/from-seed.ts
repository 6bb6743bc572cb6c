/**
 * Turns seed-shaped rows (towns by slug, ferry links by slug) into planner input.
 *
 * The shapes are declared here, structurally, so the domain never imports db/: the seed in
 * db/seed/geography.ts and rows read back from the database both fit them.
 */
import type { Landmass } from "../vocabulary";
import type { GeoFerry, GeoTown } from "./planner";

export type SeedTownLike = { slug: string; lat: number; lon: number; landmass: Landmass };

export type SeedFerryLike = {
  from: string;
  to: string;
  crossingMinutes: number;
  waitMinutes: number;
  lastDepartureFrom: string | null;
  lastDepartureTo: string | null;
  seasonal: boolean;
};

export type GeoFromSeedOptions = {
  /** Keep summer-only links (Pärnu–Kihnu, the Ruhnu lines). Default true; pass false for winter plans. */
  includeSeasonal?: boolean;
};

/** Planner towns and ferries from slug-keyed rows and the database ids of those slugs. */
export function geoFromSeed(
  towns: readonly SeedTownLike[],
  ferries: readonly SeedFerryLike[],
  idBySlug: ReadonlyMap<string, number> | Readonly<Record<string, number>>,
  options: GeoFromSeedOptions = {},
): { towns: GeoTown[]; ferries: GeoFerry[] } {
  const includeSeasonal = options.includeSeasonal ?? true;
  const lookup = idBySlug instanceof Map ? (slug: string) => idBySlug.get(slug) : (slug: string) => (idBySlug as Readonly<Record<string, number>>)[slug];
  const idOf = (slug: string): number => {
    const id = lookup(slug);
    if (id === undefined) throw new Error(`No town id for slug "${slug}"`);
    return id;
  };

  return {
    towns: towns.map((town) => ({ id: idOf(town.slug), lat: town.lat, lon: town.lon, landmass: town.landmass })),
    ferries: ferries
      .filter((ferry) => includeSeasonal || !ferry.seasonal)
      .map((ferry) => ({
        fromTownId: idOf(ferry.from),
        toTownId: idOf(ferry.to),
        crossingMinutes: ferry.crossingMinutes,
        waitMinutes: ferry.waitMinutes,
        lastDepartureFrom: ferry.lastDepartureFrom,
        lastDepartureTo: ferry.lastDepartureTo,
      })),
  };
}
