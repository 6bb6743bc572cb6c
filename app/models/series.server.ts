import type { Kysely, Selectable } from "kysely";

import type { Database, SeriesTable } from "#db/schema";
import { localize, parseLocalizedText } from "~/domain/localizedText";
import { describeRule, isPlannableDraft, occurrences, planSeriesRegeneration, type Occurrence, type SeriesRule } from "~/domain/schedule";
import type { Locale, Offer } from "~/domain/vocabulary";
import type { SeriesFormData } from "~/schemas/series";
import { now, nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "./audit.server";
import { insertEvent, type EventInput } from "./event/create.server";

/** The rule of a stored series. */
export function ruleOf(series: Selectable<SeriesTable>): SeriesRule {
  return {
    frequency: series.frequency,
    startDate: series.start_date,
    monthlyWeek: (series.monthly_week ?? undefined) as SeriesRule["monthlyWeek"],
    monthlyWeekday: series.monthly_weekday ?? undefined,
    startTime: series.start_time,
    durationMinutes: series.duration_minutes,
    until: series.until_date,
    count: series.session_count,
  };
}

function seriesColumns(data: SeriesFormData) {
  return {
    venue_id: data.venueId,
    title: JSON.stringify(data.title),
    description: JSON.stringify(data.description),
    frequency: data.rule.frequency,
    start_date: data.rule.startDate,
    monthly_week: data.rule.monthlyWeek ?? null,
    monthly_weekday: data.rule.monthlyWeekday ?? null,
    start_time: data.rule.startTime,
    duration_minutes: data.rule.durationMinutes,
    until_date: data.rule.until ?? null,
    session_count: data.rule.count ?? null,
    capacity: data.capacity,
    languages: JSON.stringify(data.languages),
    slot_offers: JSON.stringify(data.slots),
    is_public: data.isPublic ? (1 as const) : (0 as const),
    audience: data.audience,
  };
}

/** One session of the series as an event. */
function sessionEvent(data: SeriesFormData, occurrence: Occurrence, seriesId: number, requestId: number | null = null): EventInput {
  return {
    kind: "cosy_corner",
    title: data.title,
    description: data.description,
    venueId: data.venueId,
    startsAt: occurrence.startsAt,
    endsAt: occurrence.endsAt,
    capacity: data.capacity,
    expectedAudience: null,
    languages: data.languages,
    isPublic: data.isPublic,
    overnightStay: false,
    audience: data.audience,
    slots: data.slots,
    seriesId,
    requestId,
    occurrenceDate: occurrence.localDate,
    state: data.sessionState,
  };
}

/** Creates a cosy-corner series and one event per session of its rule, in one transaction. */
export async function createSeries(data: SeriesFormData, actor: Actor): Promise<{ id: number; sessions: number }> {
  return writeTransaction(async (trx) => insertSeries(trx, data, actor));
}

/**
 * Inserts a series and its sessions inside the caller's transaction; with `requestId` the series
 * and every session are linked to the host's request they answer.
 */
export async function insertSeries(
  trx: Kysely<Database>,
  data: SeriesFormData,
  actor: Actor,
  requestId: number | null = null,
): Promise<{ id: number; sessions: number; firstEventId: number | null }> {
  const at = nowIso();
  const series = await trx
    .insertInto("series")
    .values({ ...seriesColumns(data), request_id: requestId, created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  const sessions = occurrences(data.rule);
  let firstEventId: number | null = null;
  for (const occurrence of sessions) {
    const eventId = await insertEvent(trx, sessionEvent(data, occurrence, series.id, requestId), actor);
    firstEventId ??= eventId;
  }
  await audit(trx, actor, "series.create", "series", series.id, requestId === null ? { sessions: sessions.length } : { sessions: sessions.length, requestId });
  return { id: series.id, sessions: sessions.length, firstEventId };
}

export type SeriesUpdateSummary = { updated: number; created: number; removed: number; kept: number };

/**
 * Saves an edited series. Future sessions that nobody edited, cancelled or booked follow the new
 * rule (moved, added or removed); past, edited, cancelled and booked sessions stay as they are.
 */
export async function updateSeries(seriesId: number, data: SeriesFormData, actor: Actor): Promise<SeriesUpdateSummary | null> {
  return writeTransaction(async (trx) => {
    const existingSeries = await trx.selectFrom("series").select(["id", "request_id"]).where("id", "=", seriesId).executeTakeFirst();
    if (!existingSeries) return null;
    const sessions = await trx
      .selectFrom("event")
      .select((eb) => [
        "event.id",
        "event.starts_at",
        "event.ends_at",
        "event.occurrence_date",
        "event.edited",
        "event.state",
        eb.exists(eb.selectFrom("assignment").whereRef("assignment.event_id", "=", "event.id").select("assignment.id")).as("booked"),
      ])
      .where("event.series_id", "=", seriesId)
      .execute();
    const plan = planSeriesRegeneration(
      sessions.map((s) => ({
        id: s.id,
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        occurrenceDate: s.occurrence_date!,
        // A session someone is already booked on is as good as edited: its people planned around it.
        edited: s.edited === 1 || Boolean(s.booked),
        state: s.state,
      })),
      data.rule,
      now(),
    );
    const at = nowIso();
    await trx
      .updateTable("series")
      .set({ ...seriesColumns(data), updated_at: at })
      .where("id", "=", seriesId)
      .execute();
    for (const update of plan.update) {
      await trx
        .updateTable("event")
        .set((eb) => ({ starts_at: update.startsAt, ends_at: update.endsAt, occurrence_date: update.occurrenceDate, updated_at: at, sequence: eb("sequence", "+", 1) }))
        .where("id", "=", update.id)
        .execute();
    }
    // Unedited sessions also take the series' new texts, place and size.
    const followers = sessions.filter((s) => !plan.remove.includes(s.id) && s.edited === 0 && !s.booked && s.starts_at > at && s.state !== "cancelled").map((s) => s.id);
    if (followers.length) {
      const before = await trx.selectFrom("event").select(["id", "venue_id"]).where("id", "in", followers).execute();
      for (const session of before) {
        await trx
          .updateTable("event")
          .set((eb) => ({
            title: JSON.stringify(data.title),
            description: JSON.stringify(data.description),
            venue_id: data.venueId,
            capacity: data.capacity,
            languages: JSON.stringify(data.languages),
            is_public: data.isPublic ? 1 : 0,
            updated_at: at,
            sequence: session.venue_id !== data.venueId ? eb("sequence", "+", 1) : eb.ref("sequence"),
          }))
          .where("id", "=", session.id)
          .execute();
        await replaceSlots(trx, session.id, data.slots);
      }
    }
    // Who it is for is a rule of the group, not of a date: it reaches booked sessions too (their
    // people stay; the matcher only proposes by the new rule), but not one edited on its own.
    const audienceFollowers = sessions
      .filter((s) => !plan.remove.includes(s.id) && s.edited === 0 && s.starts_at > at && s.state !== "cancelled" && s.state !== "completed")
      .map((s) => s.id);
    if (audienceFollowers.length)
      await trx.updateTable("event").set({ audience: data.audience, updated_at: at }).where("id", "in", audienceFollowers).where("audience", "<>", data.audience).execute();
    if (plan.remove.length) await trx.deleteFrom("event").where("id", "in", plan.remove).execute();
    for (const occurrence of plan.create) {
      // Sessions added later belong to the host's request too, so the host sees them.
      await insertEvent(trx, sessionEvent(data, occurrence, seriesId, existingSeries.request_id), actor);
    }
    const summary = { updated: plan.update.length, created: plan.create.length, removed: plan.remove.length, kept: plan.keep.length };
    await audit(trx, actor, "series.update", "series", seriesId, summary);
    return summary;
  });
}

async function replaceSlots(trx: Kysely<Database>, eventId: number, slots: (Offer | null)[]) {
  await trx.deleteFrom("event_slot").where("event_id", "=", eventId).execute();
  if (slots.length)
    await trx
      .insertInto("event_slot")
      .values(slots.map((offer, position) => ({ event_id: eventId, offer, position })))
      .execute();
}

/** A series with its sessions, for the coordinator's series page. */
export async function getSeriesForAdmin(seriesId: number, locale: Locale) {
  const db = getDb();
  const series = await db
    .selectFrom("series")
    .innerJoin("venue", "venue.id", "series.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .selectAll("series")
    .select(["venue.name as venue_name", "town.name as town_name"])
    .where("series.id", "=", seriesId)
    .executeTakeFirst();
  if (!series) return null;
  const sessions = await db
    .selectFrom("event")
    .select(["id", "starts_at", "ends_at", "state", "edited", "occurrence_date", "cancel_reason"])
    .where("series_id", "=", seriesId)
    .orderBy("starts_at")
    .execute();
  const rule = ruleOf(series);
  return {
    series: { ...series, titleText: localize(series.title, locale), titleJson: parseLocalizedText(series.title) },
    rule,
    description: describeRule(rule),
    sessions,
    // Drafts still ahead, which "plan all" would plan.
    draftsAhead: sessions.filter((s) => isPlannableDraft({ state: s.state, startsAt: s.starts_at }, now())).length,
  };
}
