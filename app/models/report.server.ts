import { haversineKm, roadKm } from "~/domain/geo";
import { localize } from "~/domain/localizedText";
import { monthlyGini, type LoadEntry } from "~/domain/reports/gini";
import { monthsOf } from "~/domain/reports/period";
import type { ClaimsMonth, CountyEvents, FeedbackSummary, FunderReport, MapTownCount, ReportFilters, TravelMonth } from "~/domain/reports/types";
import { localDateOf, zonedInstant } from "~/domain/schedule";
import { EVENT_KINDS, FEEDBACK_AUTHORS, type EventKind, type Locale } from "~/domain/vocabulary";
import { getDb } from "~/utils/db.server";

export type { FunderReport, ReportFilters } from "~/domain/reports/types";

/**
 * What a funder asks about a period (and optionally one county): events held, who travelled
 * (counts only, never a name), locals reached, travel, claims paid, feedback, "you said, we
 * did" and fairness over time. "Held" means completed; an event belongs to the period by its
 * start in Tallinn time, a paid claim by the day it was decided.
 */
export async function funderReport(filters: ReportFilters, locale: Locale): Promise<FunderReport> {
  const db = getDb();
  const fromIso = zonedInstant(filters.from, "00:00").toISOString();
  const toIso = zonedInstant(filters.to, "23:59").toISOString();
  const regionName = `region.name_${locale}` as const;

  // Events of the period in the chosen county (with their place), the base of every section.
  const inScope = db
    .selectFrom("event")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .innerJoin("region", "region.code", "town.region_code")
    .where("event.starts_at", ">=", fromIso)
    .where("event.starts_at", "<=", toIso)
    .$if(filters.region !== null, (qb) => qb.where("town.region_code", "=", filters.region!));
  const heldIds = inScope.select("event.id").where("event.state", "=", "completed");

  const [held, travellers, journeys, loads, claims, feedback, answered, forums] = await Promise.all([
    inScope
      .select([
        "event.id",
        "event.kind",
        "event.locals_count",
        "event.expected_audience",
        "town.id as town_id",
        "town.name as town",
        "town.lat",
        "town.lon",
        "town.on_island",
        "region.code",
        `${regionName} as region_name`,
      ])
      .where("event.state", "=", "completed")
      .execute(),
    db
      .selectFrom("participant")
      .select(["participant.country_of_origin", "participant.gender"])
      .where(
        "participant.id",
        "in",
        db.selectFrom("assignment").select("assignment.participant_id").where("assignment.status", "=", "attended").where("assignment.event_id", "in", heldIds),
      )
      .execute(),
    db
      .selectFrom("assignment")
      .innerJoin("event", "event.id", "assignment.event_id")
      .innerJoin("venue", "venue.id", "event.venue_id")
      .innerJoin("town as event_town", "event_town.id", "venue.town_id")
      .innerJoin("participant", "participant.id", "assignment.participant_id")
      .leftJoin("town as home", "home.id", "participant.home_town_id")
      .select(["event.starts_at", "assignment.travel_minutes", "event_town.lat as to_lat", "event_town.lon as to_lon", "home.lat as from_lat", "home.lon as from_lon"])
      .where("assignment.status", "=", "attended")
      .where("assignment.event_id", "in", heldIds)
      .execute(),
    // Load as the rotation counts it: said yes (and perhaps went), at an event not cancelled.
    db
      .selectFrom("assignment")
      .innerJoin("event", "event.id", "assignment.event_id")
      .select(["assignment.participant_id", "event.starts_at"])
      .where("assignment.status", "in", ["accepted", "attended"])
      .where("assignment.event_id", "in", inScope.select("event.id").where("event.state", "!=", "cancelled"))
      .execute(),
    db
      .selectFrom("travel_claim")
      .innerJoin("assignment", "assignment.id", "travel_claim.assignment_id")
      .innerJoin("event", "event.id", "assignment.event_id")
      .innerJoin("venue", "venue.id", "event.venue_id")
      .innerJoin("town", "town.id", "venue.town_id")
      // Paid when its payment batch was marked paid; claims paid before batches existed (no batch) by their decision.
      .leftJoin("payment_batch", "payment_batch.id", "travel_claim.batch_id")
      .select(["travel_claim.amount_cents", (eb) => eb.fn.coalesce("payment_batch.paid_at", "travel_claim.decided_at").as("decided_at")])
      .where("travel_claim.status", "=", "paid")
      .where((eb) => eb(eb.fn.coalesce("payment_batch.paid_at", "travel_claim.decided_at"), ">=", fromIso))
      .where((eb) => eb(eb.fn.coalesce("payment_batch.paid_at", "travel_claim.decided_at"), "<=", toIso))
      .$if(filters.region !== null, (qb) => qb.where("town.region_code", "=", filters.region!))
      .execute(),
    db
      .selectFrom("feedback")
      .select(["feedback.author_kind", "feedback.rating", (eb) => eb.fn.countAll<number>().as("n")])
      .where("feedback.event_id", "in", inScope.select("event.id"))
      .groupBy(["feedback.author_kind", "feedback.rating"])
      .execute(),
    db
      .selectFrom("feedback")
      .innerJoin("event", "event.id", "feedback.event_id")
      .select(["feedback.id", "feedback.event_id", "event.title", "event.starts_at", "feedback.author_kind", "feedback.text", "feedback.response"])
      .where("feedback.event_id", "in", inScope.select("event.id"))
      .where("feedback.response", "is not", null)
      .orderBy("event.starts_at")
      .orderBy("feedback.id")
      .execute(),
    inScope
      .select(["event.id", "event.title", "event.starts_at", "town.name as town", "event.outcome_said", "event.outcome_done"])
      .where("event.kind", "=", "forum")
      .where("event.state", "!=", "cancelled")
      .where((eb) => eb.or([eb("event.outcome_said", "is not", null), eb("event.outcome_done", "is not", null)]))
      .orderBy("event.starts_at")
      .execute(),
  ]);

  const months = monthsOf(filters);
  const monthOf = (iso: string) => localDateOf(iso).slice(0, 7);

  const eventsByKind = Object.fromEntries(EVENT_KINDS.map((k) => [k, 0])) as Record<EventKind, number>;
  const counties = new Map<string, CountyEvents>();
  const towns = new Map<number, MapTownCount>();
  const locals = { counted: { events: 0, people: 0 }, expected: { events: 0, people: 0 }, unknown: { events: 0 } };
  let eventsOnIslands = 0;
  for (const e of held) {
    eventsByKind[e.kind] += 1;
    const county = counties.get(e.code) ?? {
      code: e.code,
      name: e.region_name as string,
      byKind: Object.fromEntries(EVENT_KINDS.map((k) => [k, 0])) as Record<EventKind, number>,
      total: 0,
      onIslands: 0,
    };
    county.byKind[e.kind] += 1;
    county.total += 1;
    if (e.on_island) {
      county.onIslands += 1;
      eventsOnIslands += 1;
    }
    counties.set(e.code, county);
    const town = towns.get(e.town_id) ?? { id: e.town_id, name: e.town, regionCode: e.code, lat: e.lat, lon: e.lon, count: 0 };
    town.count += 1;
    towns.set(e.town_id, town);
    if (e.locals_count !== null) {
      locals.counted.events += 1;
      locals.counted.people += e.locals_count;
    } else if (e.expected_audience !== null) {
      locals.expected.events += 1;
      locals.expected.people += e.expected_audience;
    } else locals.unknown.events += 1;
  }

  const tally = <K>(keys: K[]) => {
    const counts = new Map<K, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || String(a.key ?? "~").localeCompare(String(b.key ?? "~")));
  };

  // Travel: twice (there and back) the planned one-way minutes; kilometres from the towns'
  // coordinates, great-circle distance × the road factor (app/domain/geo), also twice.
  const travel = new Map<string, TravelMonth>(months.map((m) => [m, { month: m, journeys: 0, minutes: 0, km: 0, withoutKm: 0 }]));
  for (const j of journeys) {
    const row = travel.get(monthOf(j.starts_at));
    if (!row) continue;
    row.journeys += 1;
    row.minutes += 2 * (j.travel_minutes ?? 0);
    if (j.from_lat !== null && j.from_lon !== null) row.km += 2 * roadKm(haversineKm({ lat: j.from_lat, lon: j.from_lon }, { lat: j.to_lat, lon: j.to_lon }));
    else row.withoutKm += 1;
  }

  const claimsByMonth = new Map<string, ClaimsMonth>(months.map((m) => [m, { month: m, count: 0, cents: 0 }]));
  for (const c of claims) {
    const row = claimsByMonth.get(monthOf(c.decided_at!));
    if (!row) continue;
    row.count += 1;
    row.cents += c.amount_cents;
  }

  const feedbackSummary = FEEDBACK_AUTHORS.map((author): FeedbackSummary => {
    const rows = feedback.filter((f) => f.author_kind === author);
    const distribution: FeedbackSummary["distribution"] = [0, 0, 0, 0, 0];
    let count = 0;
    let rated = 0;
    let sum = 0;
    for (const r of rows) {
      const n = Number(r.n);
      count += n;
      if (r.rating !== null && r.rating >= 1 && r.rating <= 5) {
        distribution[r.rating - 1] += n;
        rated += n;
        sum += r.rating * n;
      }
    }
    return { author, count, rated, average: rated ? Math.round((sum / rated) * 10) / 10 : null, distribution };
  });

  const loadEntries: LoadEntry[] = loads.map((l) => ({ participantId: l.participant_id, month: monthOf(l.starts_at) }));

  return {
    filters,
    eventsByCounty: [...counties.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, locale)),
    eventsByKind,
    eventsHeld: held.length,
    eventsOnIslands,
    mapTowns: [...towns.values()],
    travellersByCountry: tally(travellers.map((p) => p.country_of_origin)),
    travellersByGender: tally(travellers.map((p) => p.gender)),
    locals,
    travelByMonth: [...travel.values()].map((r) => ({ ...r, km: Math.round(r.km) })),
    claimsPaid: [...claimsByMonth.values()],
    feedback: feedbackSummary,
    answeredFeedback: answered.map((f) => ({
      id: f.id,
      eventId: f.event_id,
      event: localize(f.title, locale),
      date: localDateOf(f.starts_at),
      author: f.author_kind,
      text: f.text,
      response: f.response!,
    })),
    forums: forums.map((f) => ({ id: f.id, title: localize(f.title, locale), date: localDateOf(f.starts_at), town: f.town, said: f.outcome_said, done: f.outcome_done })),
    fairness: monthlyGini(loadEntries, months),
  };
}
