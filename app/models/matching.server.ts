import type { DB } from "#db/connection";
import { gini, match, type Lock, type MatchEvent, type MatchHistory, type MatchInput, type MatchParticipant } from "~/domain/matching";
import { seasonStart } from "~/domain/participants/season";
import { localDateOf, localMinutesOf, zonedInstant } from "~/domain/schedule";
import type { LanguageLevel, Locale, Offer, TimeOfDay } from "~/domain/vocabulary";
import { now, nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";
import { parseJsonArray } from "~/utils/json";

import { queueInvitations } from "./messages/participant.server";
import { audit, type Actor } from "./audit.server";
import { getTravelPlanner } from "./geo.server";

export type MatchingScope = { from: string; to: string; regionCode: string | null };

/** Statuses that hold a slot while matching: someone already has, or is being offered, it. */
const HOLDING = ["proposed", "invited", "accepted", "attended", "no_show"] as const;

function timeOfDay(minute: number): TimeOfDay {
  if (minute < 12 * 60) return "morning";
  if (minute < 17 * 60) return "afternoon";
  return "evening";
}

/**
 * Builds the matcher's input from the database: planned and confirmed events in the period
 * (and county) with their still-open slots, every active participant, this season's history,
 * travel times, and the coordinators' locks and exclusions. People who already said no to an
 * event are never proposed for it again. `db` is the transaction when the input must not change
 * before what is built from it is written.
 */
export async function loadMatchInput(
  scope: MatchingScope,
  db: DB = getDb(),
): Promise<{ input: MatchInput; titles: Map<number, string>; names: Map<number, string>; seriesConstraints: SeriesConstraintInScope[] }> {
  const fromIso = zonedInstant(scope.from, "00:00").toISOString();
  const toIso = zonedInstant(scope.to, "23:59").toISOString();
  let eventsQuery = db
    .selectFrom("event")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .select(["event.id", "event.title", "event.starts_at", "event.ends_at", "event.languages", "event.series_id", "event.overnight_stay", "event.audience", "town.id as town_id"])
    .where("event.state", "in", ["planned", "confirmed"])
    .where("event.starts_at", ">=", fromIso)
    .where("event.starts_at", "<=", toIso)
    .where("event.starts_at", ">", nowIso())
    .orderBy("event.starts_at");
  if (scope.regionCode) eventsQuery = eventsQuery.where("town.region_code", "=", scope.regionCode);
  const eventRows = await eventsQuery.execute();
  const eventIds = eventRows.map((e) => e.id);

  const openSlots = eventIds.length
    ? await db
        .selectFrom("event_slot")
        .select(["event_slot.id", "event_slot.event_id", "event_slot.offer"])
        .where("event_slot.event_id", "in", eventIds)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom("assignment").select("assignment.id").whereRef("assignment.slot_id", "=", "event_slot.id").where("assignment.status", "in", HOLDING))),
        )
        .orderBy("event_slot.position")
        .execute()
    : [];

  // Events whose places are all taken or offered already have nothing to match.
  const events: MatchEvent[] = eventRows
    .filter((e) => openSlots.some((s) => s.event_id === e.id))
    .map((e) => {
      const localDate = localDateOf(e.starts_at);
      const startMinute = localMinutesOf(e.starts_at, localDate);
      return {
        id: e.id,
        townId: e.town_id,
        localDate,
        startMinute,
        endMinute: localMinutesOf(e.ends_at, localDate),
        timeOfDay: timeOfDay(startMinute),
        languages: parseJsonArray<string>(e.languages),
        seriesId: e.series_id,
        overnightStay: e.overnight_stay === 1,
        audience: e.audience,
        slots: openSlots.filter((s) => s.event_id === e.id).map((s) => ({ id: s.id, offer: s.offer })),
      };
    });

  const people = await db
    .selectFrom("participant")
    .select(["id", "first_name", "home_town_id", "max_travel_minutes", "monthly_cap", "weekdays", "times_of_day", "paused_until", "country_of_origin", "gender", "needs_childcare"])
    .where("erased_at", "is", null)
    .where("home_town_id", "is not", null)
    .execute();
  const ids = people.map((p) => p.id);
  const [languages, offers, unavailable] = ids.length
    ? await Promise.all([
        db.selectFrom("participant_language").select(["participant_id", "code", "level"]).where("participant_id", "in", ids).execute(),
        db.selectFrom("participant_offer").select(["participant_id", "offer"]).where("participant_id", "in", ids).execute(),
        db.selectFrom("participant_unavailable_date").select(["participant_id", "date"]).where("participant_id", "in", ids).execute(),
      ])
    : [[], [], []];
  const participants: MatchParticipant[] = people.map((p) => ({
    id: p.id,
    firstName: p.first_name,
    homeTownId: p.home_town_id!,
    languages: languages.filter((l) => l.participant_id === p.id).map((l) => ({ code: l.code, level: l.level as LanguageLevel })),
    offers: offers.filter((o) => o.participant_id === p.id).map((o) => o.offer as Offer),
    maxTravelMinutes: p.max_travel_minutes,
    monthlyCap: p.monthly_cap,
    weekdays: parseJsonArray<number>(p.weekdays),
    timesOfDay: parseJsonArray<TimeOfDay>(p.times_of_day),
    unavailableDates: unavailable.filter((u) => u.participant_id === p.id).map((u) => u.date),
    pausedUntil: p.paused_until,
    countryOfOrigin: p.country_of_origin,
    gender: p.gender,
    bringsChildren: p.needs_childcare === 1,
  }));

  const season = seasonStart(scope.from);
  const historyRows = await db
    .selectFrom("assignment")
    .innerJoin("event", "event.id", "assignment.event_id")
    .select(["assignment.participant_id", "assignment.event_id", "assignment.status", "event.starts_at", "event.series_id"])
    .where("assignment.status", "in", ["proposed", "invited", "accepted", "attended"])
    .where("event.starts_at", ">=", zonedInstant(season, "00:00").toISOString())
    .execute();
  const history: MatchHistory = historyRows.map((h) => ({
    participantId: h.participant_id,
    eventId: h.event_id,
    localDate: localDateOf(h.starts_at),
    seriesId: h.series_id,
    status: h.status as MatchHistory[number]["status"],
  }));

  const constraints = eventIds.length ? await db.selectFrom("match_constraint").selectAll().where("event_id", "in", eventIds).execute() : [];
  const refused = eventIds.length
    ? await db.selectFrom("assignment").select(["participant_id", "event_id"]).where("event_id", "in", eventIds).where("status", "in", ["declined", "withdrawn"]).execute()
    : [];
  const seriesConstraints = await loadSeriesConstraints(db, eventRows, constraints, new Set(events.map((e) => e.id)));
  const locks: Lock[] = [
    ...constraints.filter((c) => c.kind === "lock").map((c) => ({ participantId: c.participant_id, eventId: c.event_id })),
    ...seriesConstraints.filter((c) => c.kind === "lock").flatMap((c) => c.eventIds.map((eventId) => ({ participantId: c.participantId, eventId }))),
  ];
  const exclusions = [
    ...constraints.filter((c) => c.kind === "exclude").map((c) => ({ participantId: c.participant_id, eventId: c.event_id })),
    ...seriesConstraints.filter((c) => c.kind === "exclude").flatMap((c) => c.eventIds.map((eventId) => ({ participantId: c.participantId, eventId }))),
    ...refused.map((r) => ({ participantId: r.participant_id, eventId: r.event_id })),
  ];

  const planner = await getTravelPlanner();
  const input: MatchInput = {
    events,
    participants,
    history,
    locks,
    exclusions,
    seasonStart: season,
    travel: (fromTownId, toTownId) => {
      const minutes = planner.minutes(fromTownId, toTownId);
      if (minutes === null) return null;
      // The last ferry that matters is the one back home from the event.
      return { minutes, latestDeparture: planner.latestDeparture(toTownId, fromTownId) };
    },
  };
  const titles = new Map(eventRows.map((e) => [e.id, e.title]));
  const names = new Map(people.map((p) => [p.id, p.first_name]));
  return { input, titles, names, seriesConstraints };
}

/** A series-level lock or exclusion, with the sessions in this matching it applies to. */
export type SeriesConstraintInScope = { participantId: number; seriesId: number; kind: "lock" | "exclude"; seriesTitle: string; eventIds: number[] };

/**
 * The series-level constraints of the series in scope. One holds for every session of its series
 * that has no constraint of its own for that person (a one-session choice overrides the series'),
 * so sessions added to the series later are covered too. A series lock only asks for sessions
 * that still have an open place: a session already full is not a broken lock.
 */
async function loadSeriesConstraints(
  db: DB,
  eventRows: { id: number; series_id: number | null }[],
  own: { participant_id: number; event_id: number }[],
  withOpenPlaces: ReadonlySet<number>,
): Promise<SeriesConstraintInScope[]> {
  const seriesIds = [...new Set(eventRows.flatMap((e) => (e.series_id === null ? [] : [e.series_id])))];
  if (seriesIds.length === 0) return [];
  const rows = await db
    .selectFrom("series_constraint")
    .innerJoin("series", "series.id", "series_constraint.series_id")
    .select(["series_constraint.participant_id", "series_constraint.series_id", "series_constraint.kind", "series.title"])
    .where("series_constraint.series_id", "in", seriesIds)
    .orderBy("series_constraint.series_id")
    .orderBy("series_constraint.participant_id")
    .execute();
  const ownEvents = new Map<number, Set<number>>();
  for (const c of own) ownEvents.set(c.participant_id, (ownEvents.get(c.participant_id) ?? new Set()).add(c.event_id));
  return rows.map((c) => ({
    participantId: c.participant_id,
    seriesId: c.series_id,
    kind: c.kind,
    seriesTitle: c.title,
    eventIds: eventRows
      .filter((e) => e.series_id === c.series_id && !ownEvents.get(c.participant_id)?.has(e.id) && (c.kind === "exclude" || withOpenPlaces.has(e.id)))
      .map((e) => e.id),
  }));
}

/**
 * How far the exact search may go while a coordinator waits; past it the best matching found is
 * shown, marked as not proven best.
 */
export const INTERACTIVE_MAX_BRANCHES = 300;

/** Runs the matcher for a period and county (on `db`'s view of the data). */
export async function runMatching(scope: MatchingScope, db: DB = getDb()) {
  const { input, titles, names, seriesConstraints } = await loadMatchInput(scope, db);
  const started = performance.now();
  const result = match(input, { maxBranches: INTERACTIVE_MAX_BRANCHES });
  return { input, result, titles, names, seriesConstraints, ms: Math.round(performance.now() - started) };
}

/** Turns the period's proposed assignments into invitations the participants see on their page. */
export async function sendInvitations(scope: MatchingScope, actor: Actor): Promise<number> {
  const fromIso = zonedInstant(scope.from, "00:00").toISOString();
  const toIso = zonedInstant(scope.to, "23:59").toISOString();
  return writeTransaction(async (trx) => {
    let events = trx
      .selectFrom("event")
      .innerJoin("venue", "venue.id", "event.venue_id")
      .innerJoin("town", "town.id", "venue.town_id")
      .select("event.id")
      .where("event.starts_at", ">=", fromIso)
      .where("event.starts_at", "<=", toIso);
    if (scope.regionCode) events = events.where("town.region_code", "=", scope.regionCode);
    const at = nowIso();
    const invited = await trx
      .updateTable("assignment")
      .set((eb) => ({ status: "invited", invited_at: at, updated_at: at, sequence: eb("sequence", "+", 1) }))
      .where("status", "=", "proposed")
      .where("event_id", "in", events)
      .returning("id")
      .execute();
    const count = invited.length;
    await audit(trx, actor, "matching.invite", "matching", null, { ...scope, invitations: count });
    // Each invitation goes out as a message, committed with it (see outbox.server.ts).
    await queueInvitations(
      trx,
      invited.map((row) => row.id).sort((a, b) => a - b),
    );
    return count;
  });
}

/** Locks (must go) and exclusions (never) a coordinator sets before re-running. */
export async function setConstraint(participantId: number, eventId: number, kind: "lock" | "exclude" | "none", actor: Actor & { kind: "user" }) {
  await writeTransaction(async (trx) => {
    await trx.deleteFrom("match_constraint").where("participant_id", "=", participantId).where("event_id", "=", eventId).execute();
    if (kind !== "none") {
      await trx.insertInto("match_constraint").values({ participant_id: participantId, event_id: eventId, kind, created_by: actor.userId, created_at: nowIso() }).execute();
    }
    await audit(trx, actor, `matching.${kind === "none" ? "clear" : kind}`, "event", eventId, { participantId });
  });
}

export type SeriesConstraintOutcome = { ok: true; sessions: number } | { ok: false; code: "not_found" };

/**
 * Locks, excludes or clears a participant for a whole series in one transaction: the series-level
 * choice is stored (so sessions added later follow it) and replaces the person's one-session
 * choices on every session that has not started and is not cancelled; past sessions keep theirs.
 * Audited once, with how many sessions it touched.
 */
export async function setSeriesConstraint(
  participantId: number,
  seriesId: number,
  kind: "lock" | "exclude" | "none",
  actor: Actor & { kind: "user" },
): Promise<SeriesConstraintOutcome> {
  return writeTransaction(async (trx) => {
    const series = await trx.selectFrom("series").select("id").where("id", "=", seriesId).executeTakeFirst();
    const person = await trx.selectFrom("participant").select("id").where("id", "=", participantId).where("erased_at", "is", null).executeTakeFirst();
    if (!series || !person) return { ok: false, code: "not_found" } as const;
    const at = nowIso();
    const upcoming = (await trx.selectFrom("event").select("id").where("series_id", "=", seriesId).where("starts_at", ">", at).where("state", "!=", "cancelled").execute()).map(
      (e) => e.id,
    );
    if (upcoming.length) await trx.deleteFrom("match_constraint").where("participant_id", "=", participantId).where("event_id", "in", upcoming).execute();
    await trx.deleteFrom("series_constraint").where("participant_id", "=", participantId).where("series_id", "=", seriesId).execute();
    if (kind !== "none") {
      await trx.insertInto("series_constraint").values({ participant_id: participantId, series_id: seriesId, kind, created_by: actor.userId, created_at: at }).execute();
    }
    await audit(trx, actor, `matching.series_${kind === "none" ? "clear" : kind}`, "series", seriesId, { participantId, sessions: upcoming.length });
    return { ok: true, sessions: upcoming.length } as const;
  });
}

/** Rotation this season: events and travel minutes per participant, with Gini and max load. */
export async function rotationThisSeason(locale: Locale) {
  const season = seasonStart(localDateOf(now().toISOString()));
  const rows = await getDb()
    .selectFrom("participant")
    .leftJoin(
      (eb) =>
        eb
          .selectFrom("assignment")
          .innerJoin("event", "event.id", "assignment.event_id")
          .select((s) => [
            "assignment.participant_id",
            s.fn.countAll<number>().as("events"),
            s.fn.sum<number>("assignment.travel_minutes").as("minutes"),
            s.fn.max("event.starts_at").as("last_at"),
          ])
          .where("assignment.status", "in", ["accepted", "attended"])
          .where("event.starts_at", ">=", zonedInstant(season, "00:00").toISOString())
          .groupBy("assignment.participant_id")
          .as("load"),
      (join) => join.onRef("load.participant_id", "=", "participant.id"),
    )
    .select(["participant.id", "participant.first_name", "participant.last_name", "participant.monthly_cap", "load.events", "load.minutes", "load.last_at"])
    .where("participant.erased_at", "is", null)
    .execute();
  const people = rows
    .map((r) => ({
      id: r.id,
      name: `${r.first_name}${r.last_name ? ` ${r.last_name}` : ""}`,
      events: Number(r.events ?? 0),
      minutes: Number(r.minutes ?? 0),
      lastAt: r.last_at as string | null,
      monthlyCap: r.monthly_cap,
    }))
    .sort((a, b) => b.events - a.events || b.minutes - a.minutes || a.name.localeCompare(b.name, locale));
  const loads = people.map((p) => p.events);
  const mean = loads.length ? loads.reduce((a, b) => a + b, 0) / loads.length : 0;
  return {
    season,
    people,
    gini: gini(loads),
    maxLoad: Math.max(0, ...loads),
    mean,
  };
}
