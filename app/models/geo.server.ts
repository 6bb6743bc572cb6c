import type { Kysely, Transaction } from "kysely";

import type { Database } from "#db/schema";
import { createTravelPlanner, type TravelPlanner } from "~/domain/geo";
import { getDb } from "~/utils/db.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** Builds the travel planner from the towns and ferry links in the database. */
export async function loadTravelPlanner(db: Executor): Promise<TravelPlanner> {
  const [towns, ferries] = await Promise.all([db.selectFrom("town").select(["id", "lat", "lon", "landmass"]).execute(), db.selectFrom("ferry_link").selectAll().execute()]);
  return createTravelPlanner(
    towns,
    ferries.map((f) => ({
      fromTownId: f.from_town_id,
      toTownId: f.to_town_id,
      crossingMinutes: f.crossing_minutes,
      waitMinutes: f.wait_minutes,
      lastDepartureFrom: f.last_departure_from,
      lastDepartureTo: f.last_departure_to,
    })),
  );
}

let cached: Promise<TravelPlanner> | undefined;

/**
 * The app's planner; towns and ferries are reference data that only change with a re-seed and restart.
 * Inside a write transaction pass its executor: the app has one connection, which the transaction
 * holds, so a first load through getDb() would wait for it for ever.
 */
export function getTravelPlanner(db: Executor = getDb()): Promise<TravelPlanner> {
  cached ??= loadTravelPlanner(db).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/**
 * The latest local minute one can leave `townId` and still make the last ferry back towards the
 * nearest town with a migrant community (where travelling participants come from); null when no
 * ferry is involved.
 */
export async function latestFerryDepartureFrom(townId: number): Promise<number | null> {
  const planner = await getTravelPlanner();
  const communities = await getDb().selectFrom("town").select("id").where("has_local_community", "=", 1).execute();
  let nearest: { id: number; minutes: number } | null = null;
  for (const { id } of communities) {
    const minutes = planner.minutes(townId, id);
    if (minutes !== null && (!nearest || minutes < nearest.minutes)) nearest = { id, minutes };
  }
  return nearest ? planner.latestDeparture(townId, nearest.id) : null;
}
