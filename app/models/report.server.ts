import { sql } from "kysely";

import { zonedInstant } from "~/domain/schedule";
import type { Locale } from "~/domain/vocabulary";
import { getDb } from "~/utils/db.server";

export type ReportPeriod = { from: string; to: string };

/**
 * What happened in a period, for coordinators and funders: events by state, kind and county,
 * who travelled (counts only: reports never name people), feedback, travel claims, forums.
 */
export async function periodReport(period: ReportPeriod, locale: Locale) {
  const db = getDb();
  const fromIso = zonedInstant(period.from, "00:00").toISOString();
  const toIso = zonedInstant(period.to, "23:59").toISOString();
  const inPeriod = db.selectFrom("event").select("event.id").where("event.starts_at", ">=", fromIso).where("event.starts_at", "<=", toIso);
  const regionName = `region.name_${locale}` as const;

  const [byState, byKind, byRegion, travel, countries, feedback, claims, forums] = await Promise.all([
    db
      .selectFrom("event")
      .select(["state", (eb) => eb.fn.countAll<number>().as("n")])
      .where("id", "in", inPeriod)
      .groupBy("state")
      .execute(),
    db
      .selectFrom("event")
      .select(["kind", (eb) => eb.fn.countAll<number>().as("n")])
      .where("id", "in", inPeriod)
      .where("state", "=", "completed")
      .groupBy("kind")
      .execute(),
    db
      .selectFrom("event")
      .innerJoin("venue", "venue.id", "event.venue_id")
      .innerJoin("town", "town.id", "venue.town_id")
      .innerJoin("region", "region.code", "town.region_code")
      .select(["region.code", `${regionName} as name`, (eb) => eb.fn.countAll<number>().as("events"), sql<number>`sum(case when town.on_island then 1 else 0 end)`.as("island_events")])
      .where("event.id", "in", inPeriod)
      .where("event.state", "=", "completed")
      .groupBy("region.code")
      .orderBy("events", "desc")
      .execute(),
    db
      .selectFrom("assignment")
      .select((eb) => [
        eb.fn.count<number>("assignment.participant_id").distinct().as("travellers"),
        sql<number>`sum(case when assignment.status = 'attended' then 1 else 0 end)`.as("attended"),
        sql<number>`sum(case when assignment.status = 'no_show' then 1 else 0 end)`.as("no_show"),
        sql<number>`coalesce(sum(case when assignment.status = 'attended' then assignment.travel_minutes else 0 end), 0)`.as("minutes"),
      ])
      .where("assignment.event_id", "in", inPeriod)
      .where("assignment.status", "in", ["attended", "no_show"])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("assignment")
      .innerJoin("participant", "participant.id", "assignment.participant_id")
      .select((eb) => eb.fn.count<number>("participant.country_of_origin").distinct().as("n"))
      .where("assignment.event_id", "in", inPeriod)
      .where("assignment.status", "=", "attended")
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("feedback")
      .select(["author_kind", (eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.avg<number>("rating").as("rating"), sql<number>`sum(case when response is not null then 1 else 0 end)`.as("answered")])
      .where("event_id", "in", inPeriod)
      .groupBy("author_kind")
      .execute(),
    db
      .selectFrom("travel_claim")
      .innerJoin("assignment", "assignment.id", "travel_claim.assignment_id")
      .select(["travel_claim.status", (eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.sum<number>("travel_claim.amount_cents").as("cents")])
      .where("assignment.event_id", "in", inPeriod)
      .groupBy("travel_claim.status")
      .execute(),
    db
      .selectFrom("event")
      .select(["id", "title", "starts_at", "topic", "outcome_said", "outcome_done"])
      .where("id", "in", inPeriod)
      .where("kind", "=", "forum")
      .where("state", "=", "completed")
      .orderBy("starts_at")
      .execute(),
  ]);

  return {
    byState: Object.fromEntries(byState.map((r) => [r.state, Number(r.n)])) as Record<string, number>,
    byKind: Object.fromEntries(byKind.map((r) => [r.kind, Number(r.n)])) as Record<string, number>,
    byRegion: byRegion.map((r) => ({ code: r.code, name: r.name as string, events: Number(r.events), islandEvents: Number(r.island_events) })),
    travel: { travellers: Number(travel.travellers), attended: Number(travel.attended ?? 0), noShow: Number(travel.no_show ?? 0), minutes: Number(travel.minutes ?? 0), countries: Number(countries.n) },
    feedback: feedback.map((f) => ({ author: f.author_kind, count: Number(f.n), rating: f.rating === null ? null : Number(f.rating), answered: Number(f.answered) })),
    claims: claims.map((c) => ({ status: c.status, count: Number(c.n), cents: Number(c.cents ?? 0) })),
    forums,
  };
}
