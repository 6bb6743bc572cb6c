/** Requests as pages read them: the one query and view every request page shares, and the coordinators' inbox. */
import { type Kysely, sql } from "kysely";

import type { Database } from "#db/schema";

import { localize } from "~/domain/localizedText";
import type { Locale, Offer, RequestState } from "~/domain/vocabulary";
import { getDb } from "~/utils/db.server";
import { parseJsonArray } from "~/utils/json";

export function baseRequestQuery(db: Kysely<Database> = getDb()) {
  return db
    .selectFrom("event_request as r")
    .innerJoin("town", "town.id", "r.town_id")
    .innerJoin("region", "region.code", "town.region_code")
    .leftJoin("venue", "venue.id", "r.venue_id")
    .select([
      "r.id",
      "r.organisation",
      "r.contact_name",
      "r.email",
      "r.phone",
      "r.town_id",
      "r.venue_id",
      "r.venue_name",
      "r.venue_address",
      "r.venue_capacity",
      "r.venue_step_free",
      "r.venue_child_friendly",
      "r.kind",
      "r.window_from",
      "r.window_to",
      "r.weekdays",
      "r.time_of_day",
      "r.expected_audience",
      "r.local_languages",
      "r.wishes",
      "r.message",
      "r.locale",
      "r.state",
      "r.decision_reason",
      "r.decided_at",
      "r.created_at",
      "town.name as town_name",
      "town.region_code",
      "town.on_island",
      "town.has_local_community",
      "region.name_et",
      "region.name_en",
      "region.name_ru",
      "region.name_uk",
      "venue.name as existing_venue_name",
      "venue.address as existing_venue_address",
      "venue.capacity as existing_venue_capacity",
      "venue.step_free as existing_venue_step_free",
      "venue.child_friendly as existing_venue_child_friendly",
    ]);
}

export type RequestRow = Awaited<ReturnType<ReturnType<typeof baseRequestQuery>["executeTakeFirstOrThrow"]>>;

/** A request as pages show it, with the place resolved and the county named in the reader's language. */
export function toRequestView(row: RequestRow, locale: Locale) {
  const existing = row.venue_id !== null && row.existing_venue_name !== null;
  return {
    id: row.id,
    organisation: row.organisation,
    contactName: row.contact_name,
    email: row.email,
    phone: row.phone,
    townId: row.town_id,
    townName: row.town_name,
    regionCode: row.region_code,
    regionName: row[`name_${locale}`],
    onIsland: row.on_island === 1,
    hasLocalCommunity: row.has_local_community === 1,
    venue: {
      id: row.venue_id,
      name: existing ? row.existing_venue_name! : (row.venue_name ?? ""),
      address: existing ? row.existing_venue_address : row.venue_address,
      capacity: existing ? row.existing_venue_capacity : row.venue_capacity,
      stepFree: (existing ? row.existing_venue_step_free : row.venue_step_free) === 1,
      childFriendly: (existing ? row.existing_venue_child_friendly : row.venue_child_friendly) === 1,
      isNew: row.venue_id === null,
    },
    kind: row.kind,
    windowFrom: row.window_from,
    windowTo: row.window_to,
    weekdays: parseJsonArray<number>(row.weekdays),
    timeOfDay: row.time_of_day,
    expectedAudience: row.expected_audience,
    localLanguages: parseJsonArray<string>(row.local_languages),
    wishes: parseJsonArray<Offer>(row.wishes),
    message: row.message,
    state: row.state,
    decisionReason: row.decision_reason,
    decidedAt: row.decided_at,
    createdAt: row.created_at,
  };
}

export type RequestView = ReturnType<typeof toRequestView>;

/** The coordinators' inbox: new requests first, then the most recent; optionally one county or state. */
export async function listRequests(options: { locale: Locale; regionCode?: string | null; state?: RequestState | null }) {
  let query = baseRequestQuery()
    .orderBy(sql`CASE WHEN r.state = 'new' THEN 0 ELSE 1 END`)
    .orderBy("r.created_at", "desc")
    .orderBy("r.id", "desc");
  if (options.regionCode) query = query.where("town.region_code", "=", options.regionCode);
  if (options.state) query = query.where("r.state", "=", options.state);
  const rows = await query.execute();
  const events = rows.length
    ? await getDb()
        .selectFrom("event")
        .leftJoin("series", "series.id", "event.series_id")
        .select(["event.id", "event.request_id", "event.series_id", "series.title as series_title"])
        .where(
          "event.request_id",
          "in",
          rows.map((r) => r.id),
        )
        .orderBy("event.id")
        .execute()
    : [];
  return rows.map((row) => ({
    ...toRequestView(row, options.locale),
    ...madeOf(
      events.filter((e) => e.request_id === row.id),
      options.locale,
    ),
  }));
}

/** What a request became: its events, and a series as one entry (with how many sessions), not one per session. */
function madeOf(events: readonly { id: number; series_id: number | null; series_title: string | null }[], locale: Locale) {
  const series = new Map<number, { id: number; title: string; sessions: number }>();
  const eventIds: number[] = [];
  for (const event of events) {
    if (event.series_id === null) {
      eventIds.push(event.id);
      continue;
    }
    const entry = series.get(event.series_id) ?? { id: event.series_id, title: localize(event.series_title, locale), sessions: 0 };
    entry.sessions += 1;
    series.set(event.series_id, entry);
  }
  return { eventIds, series: [...series.values()] };
}
