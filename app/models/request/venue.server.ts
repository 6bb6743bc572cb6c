/** The venue an accepted request takes place in: the chosen one, a known one of the same name, or a new one. */
import { type Kysely, sql } from "kysely";

import type { Database } from "#db/schema";

import { nowIso } from "~/utils/clock.server";

import { audit, type Actor } from "../audit.server";
import type { RequestRow } from "./query.server";

/**
 * The venue an accepted request's events take place in: the one the host chose, a known venue in
 * the town with the name the host typed, or a new one made from the host's description (audited).
 * The request is pointed at it. Runs inside the caller's transaction.
 */
export async function venueForRequest(trx: Kysely<Database>, request: RequestRow, actor: Extract<Actor, { kind: "user" }>): Promise<{ venueId: number; capacity: number | null }> {
  if (request.venue_id !== null) return { venueId: request.venue_id, capacity: request.existing_venue_capacity };
  const at = nowIso();
  if (request.venue_name) {
    // Hosts often describe a place we already know; reuse it rather than list it twice.
    const known = await knownVenue(trx, request.town_id, request.venue_name);
    if (known) {
      await trx.updateTable("event_request").set({ venue_id: known.id }).where("id", "=", request.id).execute();
      return { venueId: known.id, capacity: known.capacity };
    }
  }
  const venue = await trx
    .insertInto("venue")
    .values({
      town_id: request.town_id,
      name: request.venue_name ?? request.organisation,
      // The form does not ask what kind of place it is; the coordinator can say so later.
      venue_type: "other",
      address: request.venue_address,
      capacity: request.venue_capacity,
      step_free: request.venue_step_free === 1 ? 1 : 0,
      child_friendly: request.venue_child_friendly === 1 ? 1 : 0,
      created_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx.updateTable("event_request").set({ venue_id: venue.id }).where("id", "=", request.id).execute();
  await audit(trx, actor, "venue.create", "venue", venue.id, { requestId: request.id });
  return { venueId: venue.id, capacity: request.venue_capacity };
}

export function knownVenue(db: Kysely<Database>, townId: number, name: string) {
  return db
    .selectFrom("venue")
    .select(["id", "capacity"])
    .where("town_id", "=", townId)
    .where(sql<string>`lower(trim(name))`, "=", name.trim().toLowerCase())
    .executeTakeFirst();
}
