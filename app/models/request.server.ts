import { type Kysely, sql } from "kysely";

import type { Database } from "#db/schema";

import { localize, type LocalizedText } from "~/domain/localizedText";
import { estonianHoliday, hostLinkExpiry, hostLinkExpiryFrom, zonedInstant } from "~/domain/schedule";
import { daysBetween, localDateOf } from "~/domain/schedule/local-time";
import { LOCALES, OFFERS, type EventKind, type Locale, type Offer, type RequestState, type TimeOfDay } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import type { RequestInput } from "~/schemas/request";
import type { SeriesFormData } from "~/schemas/series";
import { REQUEST_VENUE } from "~/schemas/seriesFromRequest";
import { now, nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";
import { parseJsonArray } from "~/utils/json";

import { audit, type Actor } from "./audit.server";
import { insertEvent } from "./event.server";
import { insertSeries } from "./series.server";
import { queueHostLink, queueHostLinkReplaced, queueHostLinksLost, queueRequestDecision } from "./messages/host.server";
import { issueToken, resolveToken, revokeTokens, tokenHasExpired } from "./token.server";

export { HOST_LINK_DAYS_AFTER_WINDOW, hostLinkExpiry } from "~/domain/schedule/hostLink";

/** Stores a host's request with its private status link; returns the raw token (shown once). */
export async function createEventRequest(input: RequestInput, locale: Locale): Promise<{ id: number; token: string }> {
  return writeTransaction(async (trx) => {
      const at = nowIso();
      const row = await trx
        .insertInto("event_request")
        .values({
          organisation: input.organisation,
          contact_name: input.contactName,
          email: input.email,
          phone: input.phone,
          town_id: input.townId,
          venue_id: input.venueId,
          venue_name: input.newVenue?.name ?? null,
          venue_address: input.newVenue?.address ?? null,
          venue_capacity: input.newVenue?.capacity ?? null,
          venue_step_free: input.newVenue ? (input.newVenue.stepFree ? 1 : 0) : null,
          venue_child_friendly: input.newVenue ? (input.newVenue.childFriendly ? 1 : 0) : null,
          kind: input.kind,
          window_from: input.windowFrom,
          window_to: input.windowTo,
          weekdays: JSON.stringify(input.weekdays),
          time_of_day: input.timeOfDay,
          expected_audience: input.expectedAudience,
          local_languages: JSON.stringify(input.localLanguages),
          wishes: JSON.stringify(input.wishes),
          message: input.message,
          locale,
          state: "new",
          created_at: at,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const token = await issueToken(trx, "host_request", row.id, { expiresAt: hostLinkExpiry(input.windowTo) });
      await audit(trx, { kind: "host", requestId: row.id }, "request.create", "event_request", row.id, { townId: input.townId, kind: input.kind });
      // The link is also on the page that follows; the message keeps it for later.
      await queueHostLink(trx, row.id, token);
      return { id: row.id, token };
    });
}

function baseRequestQuery(db: Kysely<Database> = getDb()) {
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

type RequestRow = Awaited<ReturnType<ReturnType<typeof baseRequestQuery>["executeTakeFirstOrThrow"]>>;

/** A request as pages show it, with the place resolved and the county named in the reader's language. */
function toRequestView(row: RequestRow, locale: Locale) {
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

/** Events made from a request, with what a host may see of their line-up: first names and offers only. */
async function eventsOfRequest(requestId: number) {
  const db = getDb();
  const events = await db
    .selectFrom("event")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .select(["event.id", "event.state", "event.starts_at", "event.ends_at", "event.cancel_reason", "event.series_id", "venue.name as venue_name", "venue.address as venue_address", "town.name as town_name"])
    .where("event.request_id", "=", requestId)
    .orderBy("event.starts_at")
    .execute();
  if (events.length === 0) return [];
  // Only people who said yes; never last names, contacts, origin or needs.
  const lineUp = await db
    .selectFrom("assignment")
    .innerJoin("participant", "participant.id", "assignment.participant_id")
    .leftJoin("event_slot", "event_slot.id", "assignment.slot_id")
    .select(["assignment.id", "assignment.event_id", "assignment.participant_id", "assignment.status", "participant.first_name", "event_slot.offer"])
    .where("assignment.event_id", "in", events.map((e) => e.id))
    // No-shows too: once an event has started the host marks who came (and may correct it).
    .where("assignment.status", "in", ["accepted", "attended", "no_show"])
    .where("participant.erased_at", "is", null)
    .orderBy("event_slot.position")
    .execute();
  const at = nowIso();
  return events.map((e) => ({
    id: e.id,
    state: e.state,
    startsAt: e.starts_at,
    endsAt: e.ends_at,
    cancelReason: e.cancel_reason,
    seriesId: e.series_id,
    venueName: e.venue_name,
    venueAddress: e.venue_address,
    townName: e.town_name,
    lineUp: lineUp.filter((a) => a.event_id === e.id && a.status !== "no_show").map((a) => ({ firstName: a.first_name, offer: a.offer })),
    // Who came, for the host to mark once the event has started (issue 16); null before that.
    attendance:
      e.state !== "cancelled" && e.starts_at <= at
        ? lineUp.filter((a) => a.event_id === e.id).map((a) => ({ assignmentId: a.id, firstName: a.first_name, status: a.status }))
        : null,
  }));
}

/** What the holder of a host status link sees, or null for an unknown or revoked link. */
export async function getRequestForHost(token: string, locale: Locale) {
  const resolved = await resolveToken("host_request", token);
  if (!resolved) return null;
  const row = await baseRequestQuery().where("r.id", "=", resolved.subjectId).executeTakeFirst();
  if (!row) return null;
  const { email: _email, phone: _phone, ...request } = toRequestView(row, locale);
  const events = await eventsOfRequest(row.id);
  return { request, events, series: await seriesOfRequest(row.id, events, locale) };
}

/**
 * The series a cosy-corner request became, with every session in order (date, time, state,
 * whether it is past, and its line-up in first names), for the host's status page; null when
 * the request did not become a series.
 */
async function seriesOfRequest(requestId: number, events: Awaited<ReturnType<typeof eventsOfRequest>>, locale: Locale) {
  const series = await getDb().selectFrom("series").select(["id", "title", "frequency"]).where("request_id", "=", requestId).orderBy("id").executeTakeFirst();
  if (!series) return null;
  const at = nowIso();
  return {
    id: series.id,
    title: localize(series.title, locale),
    frequency: series.frequency,
    sessions: events
      .filter((e) => e.seriesId === series.id)
      .map((e) => ({ id: e.id, startsAt: e.startsAt, endsAt: e.endsAt, state: e.state, past: e.startsAt <= at, lineUp: e.lineUp })),
  };
}

/** Whether a host status link is real but past its expiry (see HOST_LINK_DAYS_AFTER_WINDOW). */
export function hostLinkHasExpired(token: string): Promise<boolean> {
  return tokenHasExpired("host_request", token);
}

/**
 * A coordinator gives a host a new status link: the old ones stop working, the new one is returned
 * (shown once) and e-mailed to the host in the request's language. `mailedTo` is the address it
 * went to, `notMailedTo` the one it could not be sent to (the coordinator passes it on). Null for
 * an unknown request.
 */
export async function replaceHostLink(
  requestId: number,
  actor: Extract<Actor, { kind: "user" }>,
  origin: string,
): Promise<{ link: string; mailedTo: string | null; organisation: string } | null> {
  const replaced = await writeTransaction(async (trx) => {
    const request = await trx.selectFrom("event_request").select(["id", "organisation", "email", "window_to"]).where("id", "=", requestId).executeTakeFirst();
    if (!request) return null;
    // The coordinator sees the new link at once and may pass it on, so the old ones go now.
    await revokeTokens(trx, "host_request", requestId);
    const token = await issueToken(trx, "host_request", requestId, { expiresAt: hostLinkExpiryFrom(request.window_to, localDateOf(now())) });
    await audit(trx, actor, "request.link_replaced", "event_request", requestId, { mailed: Boolean(request.email.trim()) });
    await queueHostLinkReplaced(trx, requestId, token);
    return { request, token };
  });
  if (!replaced) return null;
  const { request, token } = replaced;
  return { link: `${origin}/request/status/${token}`, mailedTo: request.email.trim() || null, organisation: request.organisation };
}

/**
 * "I lost my status link", for hosts: every request made with this e-mail address whose link would
 * still work gets a new one, all in one message in the language of the newest request. The old
 * links are revoked only once that message was delivered; otherwise the new ones are, and the old
 * ones keep working. Says nothing about whether the address is known.
 */
export async function resendHostLinks(email: string): Promise<void> {
  const address = email.trim().toLowerCase();
  await writeTransaction(async (trx) => {
    const requests = (
      await trx
        .selectFrom("event_request")
        .select(["id", "organisation", "window_to"])
        .where(sql<string>`lower(trim(email))`, "=", address)
        .orderBy("created_at", "desc")
        .limit(20)
        .execute()
      // Only requests whose link would still work: an ended request's host has nothing left to follow.
    ).filter((request) => hostLinkExpiry(request.window_to) > nowIso());
    if (requests.length === 0) return;
    const links: { requestId: number; organisation: string; token: string }[] = [];
    for (const request of requests) {
      links.push({ requestId: request.id, organisation: request.organisation, token: await issueToken(trx, "host_request", request.id, { expiresAt: hostLinkExpiry(request.window_to) }) });
      await audit(trx, { kind: "host", requestId: request.id }, "request.link_replaced", "event_request", request.id, { mailed: true });
    }
    // The old links are revoked once the mail server accepted this message (see outbox.server.ts).
    await queueHostLinksLost(trx, address, links);
  });
}

export type RequestActionResult = { ok: true } | { ok: false; code: "not_found" | "already_handled" };

/** The host takes back a request nobody has decided on yet. */
export async function withdrawRequest(token: string): Promise<RequestActionResult> {
  const resolved = await resolveToken("host_request", token);
  if (!resolved) return { ok: false, code: "not_found" };
  return writeTransaction(async (trx) => {
      const at = nowIso();
      const result = await trx
        .updateTable("event_request")
        .set({ state: "withdrawn", decided_at: at, updated_at: at })
        .where("id", "=", resolved.subjectId)
        .where("state", "=", "new")
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return { ok: false, code: "already_handled" } as const;
      await audit(trx, { kind: "host", requestId: resolved.subjectId }, "request.withdraw", "event_request", resolved.subjectId);
      return { ok: true } as const;
    });
}

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
        .select(["id", "request_id"])
        .where("request_id", "in", rows.map((r) => r.id))
        .orderBy("id")
        .execute()
    : [];
  return rows.map((row) => ({
    ...toRequestView(row, options.locale),
    eventIds: events.filter((e) => e.request_id === row.id).map((e) => e.id),
  }));
}

const START_TIMES: Record<TimeOfDay, string> = { morning: "10:00", afternoon: "13:00", evening: "18:00" };
const DURATION_MINUTES: Record<EventKind, number> = { community_event: 180, cosy_corner: 120, forum: 120 };
const DEFAULT_SLOTS: Record<EventKind, Offer[]> = {
  community_event: ["crafts", "food", "story"],
  cosy_corner: ["language_cafe", "crafts"],
  forum: ["story", "interpreting"],
};

/**
 * A first guess at the date of an accepted request: the first day in the window (not before
 * `earliest`) that falls on one of the wished weekdays (0 = Sunday; none = any day) and is not a
 * public holiday, at the start
 * time of the wished time of day (afternoon when not said). When no day fits, the first wished
 * weekday from `earliest` on — the coordinator adjusts the draft anyway.
 */
export function proposeEventTime(
  request: { windowFrom: string; windowTo: string; weekdays: number[]; timeOfDay: TimeOfDay | null; kind: EventKind },
  earliest: string,
): { startsAt: string; endsAt: string; localDate: string } {
  const from = request.windowFrom > earliest ? request.windowFrom : earliest;
  // Public holidays are a poor first guess: venues are closed and people are away.
  const fits = (date: string) =>
    (request.weekdays.length === 0 || request.weekdays.includes(new Date(`${date}T12:00:00Z`).getUTCDay())) && !estonianHoliday(date, "et");
  const span = Math.max(0, daysBetween(from, request.windowTo));
  let localDate: string | null = null;
  for (let i = 0; i <= span && !localDate; i += 1) if (fits(addDays(from, i))) localDate = addDays(from, i);
  for (let i = 0; i < 7 && !localDate; i += 1) if (fits(addDays(from, i))) localDate = addDays(from, i);
  localDate ??= from;
  const time = START_TIMES[request.timeOfDay ?? "afternoon"];
  const start = zonedInstant(localDate, time);
  const end = new Date(start.getTime() + DURATION_MINUTES[request.kind] * 60_000);
  return { startsAt: start.toISOString(), endsAt: end.toISOString(), localDate };
}

function addDays(localDate: string, days: number): string {
  const date = new Date(`${localDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The draft event's title in all four languages, e.g. "Saame tuttavaks! Orissaare". */
async function draftTitle(kind: EventKind, townName: string): Promise<LocalizedText> {
  const title: LocalizedText = {};
  for (const locale of LOCALES) {
    const t = await i18next.getFixedT(locale);
    title[locale] = t(`requestEvent.title.${kind}`, { town: townName });
  }
  return title;
}

/** Marks a new request accepted; false when it was handled meanwhile (first decision wins). */
async function claimForAcceptance(trx: Kysely<Database>, requestId: number, actor: Extract<Actor, { kind: "user" }>): Promise<boolean> {
  const at = nowIso();
  const claimed = await trx
    .updateTable("event_request")
    .set({ state: "accepted", decided_by: actor.userId, decided_at: at, decision_reason: null, updated_at: at })
    .where("id", "=", requestId)
    .where("state", "=", "new")
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) > 0;
}

export type AcceptResult = { ok: true; eventId: number } | { ok: false; code: "not_found" | "already_handled" };

/**
 * Accepts a new request: in one transaction marks it accepted (only if still new, so two
 * coordinators clicking at once make one event), creates the venue it described if needed and a
 * draft event pre-filled from it, and audits all of it.
 */
export async function acceptRequest(requestId: number, actor: Extract<Actor, { kind: "user" }>): Promise<AcceptResult> {
  const request = await baseRequestQuery().where("r.id", "=", requestId).executeTakeFirst();
  if (!request) return { ok: false, code: "not_found" };
  const view = toRequestView(request, "et");
  const title = await draftTitle(view.kind, view.townName);
  const tomorrow = addDays(localDateOf(now()), 1);
  const when = proposeEventTime(view, tomorrow);
  return writeTransaction(async (trx) => {
      if (!(await claimForAcceptance(trx, requestId, actor))) return { ok: false, code: "already_handled" } as const;

      const { venueId, capacity } = await venueForRequest(trx, request, actor);

      const eventId = await insertEvent(
        trx,
        {
          kind: view.kind,
          title,
          description: {},
          venueId,
          startsAt: when.startsAt,
          endsAt: when.endsAt,
          capacity,
          expectedAudience: view.expectedAudience,
          languages: view.localLanguages,
          isPublic: true,
          overnightStay: false,
          slots: view.wishes.length > 0 ? view.wishes : DEFAULT_SLOTS[view.kind],
          requestId,
        },
        actor,
      );
      await audit(trx, actor, "request.accept", "event_request", requestId, { eventId, venueId });
      await queueRequestDecision(trx, requestId, { accepted: true, eventId });
      return { ok: true, eventId } as const;
    });
}

/**
 * The venue an accepted request's events take place in: the one the host chose, a known venue in
 * the town with the name the host typed, or a new one made from the host's description (audited).
 * The request is pointed at it. Runs inside the caller's transaction.
 */
async function venueForRequest(trx: Kysely<Database>, request: RequestRow, actor: Extract<Actor, { kind: "user" }>): Promise<{ venueId: number; capacity: number | null }> {
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

function knownVenue(db: Kysely<Database>, townId: number, name: string) {
  return db
    .selectFrom("venue")
    .select(["id", "capacity"])
    .where("town_id", "=", townId)
    .where(sql<string>`lower(trim(name))`, "=", name.trim().toLowerCase())
    .executeTakeFirst();
}

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

/** Declines a new request with a reason the host will read on their status page. */
export async function declineRequest(requestId: number, reason: string, actor: Extract<Actor, { kind: "user" }>): Promise<RequestActionResult> {
  return writeTransaction(async (trx) => {
      const exists = await trx.selectFrom("event_request").select("id").where("id", "=", requestId).executeTakeFirst();
      if (!exists) return { ok: false, code: "not_found" } as const;
      const at = nowIso();
      const result = await trx
        .updateTable("event_request")
        .set({ state: "declined", decision_reason: reason, decided_by: actor.userId, decided_at: at, updated_at: at })
        .where("id", "=", requestId)
        .where("state", "=", "new")
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return { ok: false, code: "already_handled" } as const;
      await audit(trx, actor, "request.decline", "event_request", requestId, { reason });
      await queueRequestDecision(trx, requestId, { accepted: false, reason });
      return { ok: true } as const;
    });
}
