/** A cosy-corner request accepted as a series: the series form's first values, then the series itself. */
import { localDateOf } from "~/domain/schedule/local-time";
import { LOCALES, OFFERS, type Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import type { SeriesFormData } from "~/schemas/series";
import { REQUEST_VENUE } from "~/schemas/seriesFromRequest";
import { now } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "../audit.server";
import { queueRequestDecision } from "../messages/host.server";
import { insertSeries } from "../series.server";
import { claimForAcceptance } from "./decision.server";
import { addDays, DEFAULT_SLOTS, DURATION_MINUTES, draftTitle, proposeEventTime, START_TIMES } from "./draft.server";
import { baseRequestQuery, toRequestView, type RequestView } from "./query.server";
import { knownVenue, venueForRequest } from "./venue.server";

export type SeriesDraft =
  | { ok: true; request: RequestView; values: Record<string, string | string[]>; newVenue: { name: string; townName: string } | null }
  | { ok: false; code: "not_found" | "already_handled" | "not_cosy_corner" };

/**
 * The series form's first values for a new cosy-corner request: its venue (or the new one it
 * describes), weekly from the first wished weekday in the window (not before tomorrow) at the
 * wished time of day until the window's end, a title in all four languages, its languages and
 * wished offers. Writes nothing: the coordinator edits, then saves.
 */
export async function seriesDraftFromRequest(requestId: number, locale: Locale): Promise<SeriesDraft> {
  const row = await baseRequestQuery().where("r.id", "=", requestId).executeTakeFirst();
  if (!row) return { ok: false, code: "not_found" };
  if (row.state !== "new") return { ok: false, code: "already_handled" };
  if (row.kind !== "cosy_corner") return { ok: false, code: "not_cosy_corner" };
  const view = toRequestView(row, locale);
  const known = row.venue_id === null && row.venue_name ? await knownVenue(getDb(), row.town_id, row.venue_name) : undefined;
  const venueId = row.venue_id ?? known?.id ?? null;
  const capacity = row.venue_id !== null ? row.existing_venue_capacity : (known?.capacity ?? row.venue_capacity);
  const when = proposeEventTime(view, addDays(localDateOf(now()), 1));
  const values: Record<string, string | string[]> = {
    requestId: String(requestId),
    venueId: venueId === null ? REQUEST_VENUE : String(venueId),
    frequency: "weekly",
    startDate: when.localDate,
    monthlyWeek: "",
    startTime: START_TIMES[view.timeOfDay ?? "afternoon"],
    durationMinutes: String(DURATION_MINUTES.cosy_corner),
    // Sessions through the host's window; a window that ends before the first session gets a short run the coordinator adjusts.
    endType: view.windowTo > when.localDate ? "until" : "count",
    until: view.windowTo > when.localDate ? view.windowTo : "",
    count: view.windowTo > when.localDate ? "" : "6",
    capacity: capacity ? String(capacity) : "",
    languages: view.localLanguages,
    isPublic: "on",
    sessionState: "draft",
  };
  const title = await draftTitle("cosy_corner", view.townName);
  for (const l of LOCALES) {
    const t = await i18next.getFixedT(l);
    values[`title_${l}`] = title[l] ?? "";
    values[`description_${l}`] = t("seriesRequest.draftDescription", { venue: view.venue.name, town: view.townName });
  }
  const slots = view.wishes.length > 0 ? view.wishes : DEFAULT_SLOTS.cosy_corner;
  for (const offer of [...OFFERS, null]) values[`slot_${offer ?? "any"}`] = String(slots.filter((s) => s === offer).length);
  return { ok: true, request: view, values, newVenue: venueId === null ? { name: view.venue.name, townName: view.townName } : null };
}

export type SeriesFromRequestResult = { ok: true; seriesId: number; sessions: number } | { ok: false; code: "not_found" | "already_handled" | "not_cosy_corner" };

/**
 * Accepts a new cosy-corner request as a series, in one transaction: marks the request accepted
 * (only if still new, so a second coordinator's save writes nothing), makes the venue it
 * described when `venue` is REQUEST_VENUE, creates the series and its sessions linked to the
 * request, audits it and queues the host's "accepted" message.
 */
export async function createSeriesFromRequest(
  requestId: number,
  data: SeriesFormData,
  venue: number | typeof REQUEST_VENUE,
  actor: Extract<Actor, { kind: "user" }>,
): Promise<SeriesFromRequestResult> {
  return writeTransaction(async (trx) => {
    const request = await trx.selectFrom("event_request").select(["id", "kind"]).where("id", "=", requestId).executeTakeFirst();
    if (!request) return { ok: false, code: "not_found" } as const;
    if (request.kind !== "cosy_corner") return { ok: false, code: "not_cosy_corner" } as const;
    if (!(await claimForAcceptance(trx, requestId, actor))) return { ok: false, code: "already_handled" } as const;
    let venueId = venue;
    if (venueId === REQUEST_VENUE) {
      const row = await baseRequestQuery(trx).where("r.id", "=", requestId).executeTakeFirstOrThrow();
      venueId = (await venueForRequest(trx, row, actor)).venueId;
    }
    const series = await insertSeries(trx, { ...data, venueId }, actor, requestId);
    await audit(trx, actor, "request.accept", "event_request", requestId, { seriesId: series.id, sessions: series.sessions, venueId });
    if (series.firstEventId !== null) await queueRequestDecision(trx, requestId, { accepted: true, eventId: series.firstEventId, sessions: series.sessions });
    return { ok: true, seriesId: series.id, sessions: series.sessions } as const;
  });
}
