import type { DB } from "../connection";

import { seedDemoData, type DemoSummary } from "./demo";
import { FERRY_LINKS, REGIONS, TOWNS } from "./geography";

/** Counties, towns and ferries: real reference data, upserted so it can be re-run at any time. */
export async function seedReferenceData(db: DB): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const region of REGIONS) {
      const names = { name_et: region.names.et, name_en: region.names.en, name_ru: region.names.ru, name_uk: region.names.uk };
      await trx
        .insertInto("region")
        .values({ code: region.code, ...names })
        .onConflict((oc) => oc.column("code").doUpdateSet(names))
        .execute();
    }
    for (const town of TOWNS) {
      const values = {
        name: town.name,
        region_code: town.regionCode,
        lat: town.lat,
        lon: town.lon,
        landmass: town.landmass,
        has_local_community: town.hasLocalCommunity ? (1 as const) : (0 as const),
        is_port: town.isPort ? (1 as const) : (0 as const),
      };
      await trx
        .insertInto("town")
        .values({ slug: town.slug, ...values })
        .onConflict((oc) => oc.column("slug").doUpdateSet(values))
        .execute();
    }
    const ids = new Map((await trx.selectFrom("town").select(["id", "slug"]).execute()).map((t) => [t.slug, t.id]));
    for (const link of FERRY_LINKS) {
      const from = ids.get(link.from);
      const to = ids.get(link.to);
      if (!from || !to) throw new Error(`Ferry link names an unknown town: ${link.from}–${link.to}`);
      const values = {
        crossing_minutes: link.crossingMinutes,
        wait_minutes: link.waitMinutes,
        last_departure_from: link.lastDepartureFrom,
        last_departure_to: link.lastDepartureTo,
        seasonal: link.seasonal ? (1 as const) : (0 as const),
      };
      await trx
        .insertInto("ferry_link")
        .values({ from_town_id: from, to_town_id: to, ...values })
        .onConflict((oc) => oc.columns(["from_town_id", "to_town_id"]).doUpdateSet(values))
        .execute();
    }
  });
}

/** True when nobody has used this database yet: no accounts, no events. */
export async function isEmpty(db: DB): Promise<boolean> {
  const users = await db.selectFrom("user").select("id").limit(1).execute();
  const events = await db.selectFrom("event").select("id").limit(1).execute();
  return users.length === 0 && events.length === 0;
}

/**
 * Reference data always; the demo season only into an empty database and never in production.
 * Returns what the demo added, or null when it was not added.
 */
export async function seedDatabase(db: DB, options: { now: Date; demo: boolean }): Promise<DemoSummary | null> {
  await seedReferenceData(db);
  if (!options.demo || !(await isEmpty(db))) return null;
  return seedDemoData(db, { now: options.now });
}
