/** What a host does and sees: the request form's submission, and the status page behind the private link. */
import { localize } from "~/domain/localizedText";
import { hostLinkExpiry } from "~/domain/schedule";
import type { Locale } from "~/domain/vocabulary";
import type { RequestInput } from "~/schemas/request";
import { nowIso } from "~/utils/clock.server";
import { getDb, writeTransaction } from "~/utils/db.server";

import { audit } from "../audit.server";
import { queueHostLink } from "../messages/host.server";
import { issueToken, resolveToken } from "../token.server";
import { baseRequestQuery, toRequestView } from "./query.server";

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

/** Events made from a request, with what a host may see of their line-up: first names and offers only. */
async function eventsOfRequest(requestId: number) {
  const db = getDb();
  const events = await db
    .selectFrom("event")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .select([
      "event.id",
      "event.state",
      "event.starts_at",
      "event.ends_at",
      "event.cancel_reason",
      "event.series_id",
      "venue.name as venue_name",
      "venue.address as venue_address",
      "town.name as town_name",
    ])
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
    .where(
      "assignment.event_id",
      "in",
      events.map((e) => e.id),
    )
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
