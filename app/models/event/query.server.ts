/** Events as the coordinators' pages read them: the filtered list and calendar, their count, and one event with its line-up. */
import type { EventKind, EventState } from "~/domain/vocabulary";
import type { Expression, ExpressionBuilder, SqlBool } from "kysely";

import type { Database } from "#db/schema";
import { getDb } from "~/utils/db.server";

export type AdminEventFilters = { regionCode?: string | null; kind?: EventKind | null; state?: EventState | null; from?: string | null; to?: string | null };

/** The coordinators' filters but the region, on the event itself. */
function eventConditions(filters: AdminEventFilters) {
  return (eb: ExpressionBuilder<Database, "event">) => {
    const conditions: Expression<SqlBool>[] = [];
    if (filters.kind) conditions.push(eb("event.kind", "=", filters.kind));
    if (filters.state) conditions.push(eb("event.state", "=", filters.state));
    if (filters.from) conditions.push(eb("event.ends_at", ">=", filters.from));
    if (filters.to) conditions.push(eb("event.starts_at", "<", filters.to));
    return eb.and(conditions);
  };
}

/** The events the coordinators' filters select (joined with venue and town), not yet ordered. */
function adminEvents(filters: AdminEventFilters) {
  let query = getDb().selectFrom("event").innerJoin("venue", "venue.id", "event.venue_id").innerJoin("town", "town.id", "venue.town_id").where(eventConditions(filters));
  if (filters.regionCode) query = query.where("town.region_code", "=", filters.regionCode);
  return query;
}

/**
 * Events for the coordinators' list and calendar, with how many slots are filled: soonest first,
 * or newest first with `newestFirst`; `limit`/`offset` give one page of the list (the calendar
 * reads a month, at most 1 000).
 */
export async function listEventsForAdmin(filters: AdminEventFilters & { newestFirst?: boolean; limit?: number; offset?: number }) {
  const direction = filters.newestFirst ? "desc" : "asc";
  return adminEvents(filters)
    .select((eb) => [
      "event.id",
      "event.kind",
      "event.state",
      "event.title",
      "event.starts_at",
      "event.ends_at",
      "event.is_public",
      "venue.name as venue_name",
      "town.name as town_name",
      eb
        .selectFrom("event_slot")
        .whereRef("event_slot.event_id", "=", "event.id")
        .select((s) => s.fn.countAll<number>().as("n"))
        .as("slot_count"),
      eb
        .selectFrom("assignment")
        .whereRef("assignment.event_id", "=", "event.id")
        .where("assignment.status", "in", ["accepted", "attended"])
        .select((s) => s.fn.countAll<number>().as("n"))
        .as("accepted_count"),
    ])
    .orderBy("event.starts_at", direction)
    .orderBy("event.id", direction)
    .limit(filters.limit ?? 1000)
    .offset(filters.offset ?? 0)
    .execute();
}

/** How many events the coordinators' filters select (for the list's pages). */
export async function countEventsForAdmin(filters: AdminEventFilters): Promise<number> {
  // Every event has its venue and town, so only the region filter needs them; without it the
  // count of a season's upcoming events is read from the index on ends_at alone.
  const events = filters.regionCode ? adminEvents(filters) : getDb().selectFrom("event").where(eventConditions(filters));
  const row = await events.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One event with its venue, slots and line-up, for the coordinator's event page. */
export async function getEventForAdmin(eventId: number) {
  const db = getDb();
  const event = await db
    .selectFrom("event")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .selectAll("event")
    .leftJoin("series", "series.id", "event.series_id")
    .select(["venue.name as venue_name", "venue.capacity as venue_capacity", "town.id as town_id", "town.name as town_name", "town.region_code", "series.title as series_title"])
    .where("event.id", "=", eventId)
    .executeTakeFirst();
  if (!event) return null;
  const [slots, assignments] = await Promise.all([
    db.selectFrom("event_slot").select(["id", "offer", "position"]).where("event_id", "=", eventId).orderBy("position").execute(),
    db
      .selectFrom("assignment")
      .innerJoin("participant", "participant.id", "assignment.participant_id")
      .select([
        "assignment.id",
        "assignment.slot_id",
        "assignment.status",
        "assignment.travel_minutes",
        "participant.id as participant_id",
        "participant.first_name",
        "participant.last_name",
      ])
      .where("assignment.event_id", "=", eventId)
      .orderBy("assignment.id")
      .execute(),
  ]);
  return { event, slots, assignments };
}
