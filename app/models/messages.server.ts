/**
 * What Tuttav tells people, composed in the recipient's language and queued in the caller's
 * transaction (see outbox.server.ts). Each function here is called by the model that makes the
 * change, inside its write transaction, so the change and its message commit together.
 *
 * Links: a message to a participant or host carries a fresh private link of its own (links are
 * stored only as hashes, so an old one cannot be written again); it is revoked if the message
 * finally fails, and the body holding it is emptied once the mail server accepted it. A person
 * without an e-mail address gets a `no_address` row instead, without a link, whose text the
 * coordinator reads out on the phone.
 */
import type { Kysely, Transaction } from "kysely";

import type { Database } from "#db/schema";
import { buildItip, type FeedEvent } from "~/domain/calendar";
import { localize } from "~/domain/localizedText";
import { hostLinkExpiryFrom, localDateOf } from "~/domain/schedule";
import { timeJourney } from "~/domain/messages/journey";
import { renderLetter, type Letter, type LetterBlock } from "~/domain/messages/letter";
import { DEFAULT_LOCALE, LOCALES, type EventKind, type Locale, type Offer } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { now } from "~/utils/clock.server";
import { formatInTallinn, formatLongDate, formatTimeRange } from "~/utils/dates";
import { fromAddress, fromName } from "~/utils/mailTransport.server";
import { trustedOrigin, uidHost } from "~/utils/origin.server";

import { participantCalendarEntry, publicCalendarEntry } from "./feed.server";
import { getTravelPlanner } from "./geo.server";
import { allOf, carryingLink, enqueue, PRIORITY, replacingLinks, type AfterSent, type MessageKind, type Recipient } from "./outbox.server";
import { issueToken } from "./token.server";

type Executor = Kysely<Database> | Transaction<Database>;
type T = Awaited<ReturnType<typeof i18next.getFixedT>>;

/** Changes this close to the start go out before anything else, to everyone concerned. */
export const LAST_MINUTE_HOURS = 72;

export function asLocale(value: string | null | undefined): Locale {
  return (LOCALES as readonly string[]).includes(value ?? "") ? (value as Locale) : DEFAULT_LOCALE;
}

function lngQuery(locale: Locale): string {
  return locale === DEFAULT_LOCALE ? "" : `?lng=${locale}`;
}

// ---------------------------------------------------------------------------------------------
// What a message is about.

type EventFacts = {
  id: number;
  kind: EventKind;
  state: string;
  title: string;
  startsAt: string;
  endsAt: string;
  venueName: string;
  venueAddress: string | null;
  townName: string;
  townId: number;
  isPublic: boolean;
  requestId: number | null;
  cancelReason: string | null;
};

async function loadEvent(db: Executor, eventId: number) {
  return db
    .selectFrom("event")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .select([
      "event.id",
      "event.kind",
      "event.state",
      "event.title",
      "event.starts_at",
      "event.ends_at",
      "event.is_public",
      "event.request_id",
      "event.cancel_reason",
      "venue.name as venue_name",
      "venue.address as venue_address",
      "town.name as town_name",
      "town.id as town_id",
    ])
    .where("event.id", "=", eventId)
    .executeTakeFirst();
}

function factsIn(row: NonNullable<Awaited<ReturnType<typeof loadEvent>>>, locale: Locale, t: T): EventFacts {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    title: localize(row.title, locale) || t(`event.kind.${row.kind}`),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    venueName: row.venue_name,
    venueAddress: row.venue_address,
    townName: row.town_name,
    townId: row.town_id,
    isPublic: row.is_public === 1 && row.state !== "draft",
    requestId: row.request_id,
    cancelReason: row.cancel_reason,
  };
}

function when(event: EventFacts, locale: Locale): string {
  return `${formatLongDate(event.startsAt, locale)}, ${formatTimeRange(event.startsAt, event.endsAt, locale)}`;
}

function where(event: EventFacts): string {
  const address = event.venueAddress?.trim() ?? "";
  const inAddress = address.toLowerCase().includes(event.townName.toLowerCase());
  return [event.venueName, address, inAddress ? "" : event.townName].filter(Boolean).join(", ");
}

function shortDate(event: EventFacts, locale: Locale): string {
  return formatInTallinn(event.startsAt, locale === "et" ? "d. MMMM" : "d MMMM", locale);
}

function isLastMinute(startsAt: string): boolean {
  const hours = (Date.parse(startsAt) - now().getTime()) / 3_600_000;
  return hours <= LAST_MINUTE_HOURS;
}

function duration(minutes: number, t: T): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  if (h === 0) return t("feed.duration.minutes", { m });
  if (m === 0) return t("feed.duration.hours", { h });
  return t("feed.duration.hoursMinutes", { h, m });
}

/** The journey from a participant's home town to the event, as lines: leave by, each ferry, the road. */
async function journeyLines(db: Executor, homeTownId: number | null, event: EventFacts, locale: Locale, t: T): Promise<string[]> {
  if (homeTownId === null) return [];
  if (homeTownId === event.townId) return [t("message.journey.noTravel")];
  // Through the caller's transaction: a first load through the app's connection would wait for it for ever.
  const planner = await getTravelPlanner(db);
  const journey = planner.journey(homeTownId, event.townId);
  if (!journey) return [];
  const timed = timeJourney(journey, event.startsAt);
  if (!timed) return [];
  // The way back matters most on an island: the last ferry home decides when the day must end.
  const back = planner.journey(event.townId, homeTownId);
  const ferriesBack = (back?.legs ?? []).filter((leg) => leg.kind === "ferry" && leg.lastDeparture);
  const townIds = new Set([...journey.legs, ...ferriesBack].flatMap((leg) => [leg.fromTownId, leg.toTownId]));
  const towns = new Map((await db.selectFrom("town").select(["id", "name"]).where("id", "in", [...townIds]).execute()).map((town) => [town.id, town.name]));
  const clock = (iso: string) => formatInTallinn(iso, "HH:mm", locale);
  const lines = [t("message.journey.leave", { time: clock(timed.leaveAt), duration: duration(timed.minutes, t) })];
  for (const leg of timed.legs) {
    const from = towns.get(leg.fromTownId) ?? "";
    const to = towns.get(leg.toTownId) ?? "";
    if (leg.kind === "road") lines.push(t("message.journey.road", { from, to, duration: duration(leg.minutes, t) }));
    else lines.push(t("message.journey.ferry", { from, to, time: clock(leg.atHarbourBy), sails: clock(leg.sailsAt), minutes: leg.crossingMinutes }));
  }
  for (const leg of ferriesBack) {
    if (leg.kind !== "ferry" || !leg.lastDeparture) continue;
    lines.push(t("message.journey.lastSailing", { from: towns.get(leg.fromTownId) ?? "", to: towns.get(leg.toTownId) ?? "", time: leg.lastDeparture }));
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Who gets it.

async function loadParticipant(db: Executor, participantId: number) {
  return db
    .selectFrom("participant")
    .select(["id", "first_name", "email", "preferred_locale", "home_town_id", "reminders", "erased_at"])
    .where("id", "=", participantId)
    .executeTakeFirst();
}

type ParticipantRow = NonNullable<Awaited<ReturnType<typeof loadParticipant>>>;

/** A fresh private link for a message to this participant (none for a phone-only one). */
async function participantLink(db: Executor, participant: ParticipantRow, locale: Locale) {
  if (!participant.email) return null;
  const token = await issueToken(db, "participant", participant.id);
  return { url: `${trustedOrigin()}/me/${token}${lngQuery(locale)}`, token, afterSent: carryingLink("participant", participant.id, token) };
}

function footer(t: T, kind: "participant" | "participantReminder" | "host" | "coordinator", organisation?: string): string[] {
  return [t(`message.footer.${kind}`, { organisation })];
}

// ---------------------------------------------------------------------------------------------
// Participants: their link.

/**
 * A short message about a link: greeting, one paragraph (message.<key>.body), the link as a
 * button, a closing line. The participant and host link messages below are all of this shape.
 */
async function queueLinkMessage(
  db: Executor,
  input: {
    kind: MessageKind;
    recipient: Recipient;
    to: string;
    locale: Locale;
    name: string;
    key: string;
    vars?: Record<string, string>;
    link: { label: "myPage" | "lostLink" | "status"; url: string };
    closing: "keepLink" | "notYou";
    footer: "participant" | "host";
    afterSent?: AfterSent;
  },
) {
  const t = await i18next.getFixedT(input.locale);
  const letter: Letter = {
    lang: input.locale,
    subject: t(`message.${input.key}.subject`),
    greeting: t("message.greeting", { name: input.name }),
    blocks: [text(t(`message.${input.key}.body`, input.vars)), action(t(`message.action.${input.link.label}`), input.link.url), text(t(`message.${input.closing}`))],
    footer: footer(t, input.footer, input.vars?.organisation),
  };
  await enqueue(db, { kind: input.kind, priority: PRIORITY.link, recipient: input.recipient, to: input.to, locale: input.locale, letter: renderLetter(letter), afterSent: input.afterSent });
}

/** A participant link message in their language; nothing for one without an address. */
async function queueParticipantLinkMessage(db: Executor, participantId: number, message: { kind: MessageKind; key: string; token: string | null; afterSent?: AfterSent }) {
  const participant = await loadParticipant(db, participantId);
  if (!participant?.email) return;
  const locale = asLocale(participant.preferred_locale);
  await queueLinkMessage(db, {
    kind: message.kind,
    recipient: { kind: "participant", participantId },
    to: participant.email,
    locale,
    name: participant.first_name,
    key: message.key,
    link: message.token ? { label: "myPage", url: `${trustedOrigin()}/me/${message.token}${lngQuery(locale)}` } : { label: "lostLink", url: `${trustedOrigin()}/me/lost${lngQuery(locale)}` },
    closing: message.kind === "welcome" ? "keepLink" : "notYou",
    footer: "participant",
    afterSent: message.afterSent,
  });
}

/** Welcome with the private link just made at sign-up. */
export async function queueWelcome(db: Executor, participantId: number, token: string) {
  await queueParticipantLinkMessage(db, participantId, { kind: "welcome", key: "welcome", token, afterSent: carryingLink("participant", participantId, token) });
}

/** Someone signed up with an address already on file: its owner hears of it; no link is made. */
export async function queueAlreadySignedUp(db: Executor, participantId: number) {
  await queueParticipantLinkMessage(db, participantId, { kind: "already_signed_up", key: "alreadySignedUp", token: null });
}

/**
 * A new private link on request ("I lost my link"): the old links are revoked only once the mail
 * server accepted this message; if it finally fails, the new link is revoked and the old ones work.
 */
export async function queueLinkResent(db: Executor, participantId: number, token: string) {
  await queueParticipantLinkMessage(db, participantId, { kind: "link_resent", key: "linkResent", token, afterSent: replacingLinks("participant", participantId, token) });
}

// ---------------------------------------------------------------------------------------------
// Participants: their events.

type ParticipantEventKind = "invitation" | "confirmation" | "event_changed" | "event_cancelled" | "reminder" | "not_going";

/**
 * A message to one participant about one of their events, with the event's facts, what they
 * bring, their journey, a link to their page and the calendar entry (iTIP) of their own feed.
 */
async function queueParticipantEventMessage(db: Executor, kind: ParticipantEventKind, assignmentId: number, options: { urgent?: boolean; dedupeKey?: string } = {}) {
  const assignment = await db
    .selectFrom("assignment")
    .leftJoin("event_slot", "event_slot.id", "assignment.slot_id")
    .select(["assignment.id", "assignment.participant_id", "assignment.event_id", "assignment.status", "assignment.sequence", "event_slot.offer"])
    .where("assignment.id", "=", assignmentId)
    .executeTakeFirst();
  if (!assignment) return;
  const participant = await loadParticipant(db, assignment.participant_id);
  if (!participant || participant.erased_at) return;
  const row = await loadEvent(db, assignment.event_id);
  if (!row) return;
  const locale = asLocale(participant.preferred_locale);
  const t = await i18next.getFixedT(locale);
  const event = factsIn(row, locale, t);
  const vars = { title: event.title, date: shortDate(event, locale), town: event.townName, when: when(event, locale) };

  const facts: { label: string; value: string }[] = [
    { label: t("message.label.when"), value: when(event, locale) },
    { label: t("message.label.where"), value: where(event) },
  ];
  if (assignment.offer) {
    const mine = await db
      .selectFrom("participant_offer")
      .select("description")
      .where("participant_id", "=", participant.id)
      .where("offer", "=", assignment.offer)
      .executeTakeFirst();
    const offer = t(`offer.${assignment.offer as Offer}`);
    facts.push({ label: t("message.label.bring"), value: mine?.description ? `${offer}: ${mine.description}` : offer });
  }
  const blocks: LetterBlock[] = [text(t(`message.${camel(kind)}.body`, vars))];
  if (kind === "event_cancelled") {
    if (event.cancelReason) blocks.push(text(t("message.eventCancelled.reason", { reason: event.cancelReason })));
  } else if (kind !== "not_going") {
    blocks.push({ kind: "facts", rows: facts });
    const journey = await journeyLines(db, participant.home_town_id, event, locale, t);
    if (journey.length) blocks.push({ kind: "heading", text: t("message.label.journey") }, { kind: "list", items: journey });
  }
  const link = await participantLink(db, participant, locale);
  if (link) blocks.push(action(t(kind === "invitation" ? "message.action.answer" : "message.action.myPage"), link.url), text(t("message.keepLink")));
  else blocks.push(text(t("message.noLink")));

  let ics: { method: "REQUEST" | "CANCEL"; content: string } | null = null;
  if (participant.email) {
    let entry = await participantCalendarEntry(db, participant.id, event.id, locale);
    if (!entry && kind === "not_going") {
      // Gone from their feed now; the entry the invitation put in their calendar is taken out with the feed's UID and next SEQUENCE.
      const shown = await publicCalendarEntry(db, event.id, locale);
      entry = shown && { ...shown, sequence: shown.sequence + assignment.sequence };
    }
    if (entry) {
      const method = kind === "event_cancelled" || kind === "not_going" ? "CANCEL" : "REQUEST";
      ics = { method, content: itip(entry, method, participant.email, participant.first_name, assignment.status === "accepted" ? "ACCEPTED" : "NEEDS-ACTION") };
    }
  }
  const urgent = options.urgent ?? false;
  const letter: Letter = {
    lang: locale,
    subject: t(urgent ? `message.${camel(kind)}.subjectUrgent` : `message.${camel(kind)}.subject`, vars),
    greeting: t("message.greeting", { name: participant.first_name }),
    blocks,
    footer: footer(t, kind === "reminder" ? "participantReminder" : "participant"),
  };
  await enqueue(db, {
    kind,
    priority: urgent ? PRIORITY.urgent : kind === "reminder" ? PRIORITY.reminder : PRIORITY.normal,
    recipient: { kind: "participant", participantId: participant.id },
    to: participant.email,
    locale,
    letter: renderLetter(letter),
    ics,
    eventId: event.id,
    assignmentId: assignment.id,
    afterSent: link?.afterSent,
    dedupeKey: options.dedupeKey,
  });
}

function itip(entry: FeedEvent, method: "REQUEST" | "CANCEL", email: string, name: string, partstat: "ACCEPTED" | "NEEDS-ACTION"): string {
  return buildItip(entry, {
    host: uidHost(),
    method,
    organizer: { email: fromAddress(), name: fromName() },
    attendee: { email, name, partstat },
    stampedAt: now().toISOString(),
  });
}

/** Invitations, one message per assignment just moved to "invited". */
export async function queueInvitations(db: Executor, assignmentIds: readonly number[]) {
  for (const id of assignmentIds) await queueParticipantEventMessage(db, "invitation", id);
}

/** "You are coming": after a participant accepted. */
export async function queueConfirmation(db: Executor, assignmentId: number) {
  await queueParticipantEventMessage(db, "confirmation", assignmentId);
  const event = await db.selectFrom("assignment").select("event_id").where("id", "=", assignmentId).executeTakeFirst();
  if (event) await queueLineup(db, event.event_id);
}

/** "You are not going": after a participant declined or withdrew; their calendar entry is taken out (METHOD:CANCEL). */
export async function queueNotGoing(db: Executor, assignmentId: number) {
  await queueParticipantEventMessage(db, "not_going", assignmentId);
}

/** Who is told of a change: everyone invited or coming. */
async function concernedAssignments(db: Executor, eventId: number) {
  return db.selectFrom("assignment").select(["id", "status"]).where("event_id", "=", eventId).where("status", "in", ["invited", "accepted"]).orderBy("id").execute();
}

/**
 * A change of time or place: everyone invited or coming and the host hear of it, with the new
 * journey; within LAST_MINUTE_HOURS of the (new or old) start it goes first.
 */
export async function queueEventChanged(db: Executor, eventId: number, previousStartsAt: string) {
  const row = await loadEvent(db, eventId);
  if (!row) return;
  const urgent = isLastMinute(previousStartsAt < row.starts_at ? previousStartsAt : row.starts_at);
  for (const assignment of await concernedAssignments(db, eventId)) await queueParticipantEventMessage(db, "event_changed", assignment.id, { urgent });
  if (row.request_id !== null) await queueHostEventMessage(db, "event_changed", eventId, { urgent });
}

/** A cancellation: everyone invited or coming and the host; within LAST_MINUTE_HOURS it goes first. */
export async function queueEventCancelled(db: Executor, eventId: number) {
  const row = await loadEvent(db, eventId);
  if (!row) return;
  const urgent = isLastMinute(row.starts_at);
  for (const assignment of await concernedAssignments(db, eventId)) await queueParticipantEventMessage(db, "event_cancelled", assignment.id, { urgent });
  if (row.request_id !== null) await queueHostEventMessage(db, "event_cancelled", eventId, { urgent });
}

/** The reminder before an event, with the journey; once per assignment and start time. */
export async function queueReminder(db: Executor, assignmentId: number, startsAt: string) {
  await queueParticipantEventMessage(db, "reminder", assignmentId, { dedupeKey: `reminder:${assignmentId}:${startsAt}` });
}

/**
 * The day after an event, a participant who came (or said yes and was not marked as not coming)
 * gets a short thank-you with a fresh link to the feedback part of their page (issue 16), in their
 * language, once per assignment (its dedupe key). Not a reminder, so it goes whatever their
 * reminder setting; never to an erased participant or one without an address.
 */
export async function queueParticipantFeedback(db: Executor, assignmentId: number) {
  const dedupeKey = `participant_feedback:${assignmentId}`;
  // Checked before a link is made: a second run must not leave an unused link behind.
  if (await db.selectFrom("message").select("id").where("dedupe_key", "=", dedupeKey).executeTakeFirst()) return;
  const assignment = await db.selectFrom("assignment").select(["id", "participant_id", "event_id", "status"]).where("id", "=", assignmentId).executeTakeFirst();
  if (!assignment || (assignment.status !== "accepted" && assignment.status !== "attended")) return;
  const participant = await loadParticipant(db, assignment.participant_id);
  if (!participant?.email || participant.erased_at) return;
  const row = await loadEvent(db, assignment.event_id);
  if (!row || row.state === "cancelled" || row.state === "draft") return;
  const locale = asLocale(participant.preferred_locale);
  const t = await i18next.getFixedT(locale);
  const event = factsIn(row, locale, t);
  const vars = { title: event.title, date: shortDate(event, locale) };
  const link = await participantLink(db, participant, locale);
  if (!link) return;
  const letter: Letter = {
    lang: locale,
    subject: t("feedback2.message.subject", vars),
    greeting: t("message.greeting", { name: participant.first_name }),
    blocks: [text(t("feedback2.message.body", vars)), action(t("feedback2.message.action"), `${link.url}#feedback-${event.id}`), text(t("message.keepLink"))],
    footer: footer(t, "participant"),
  };
  await enqueue(db, {
    kind: "participant_feedback",
    priority: PRIORITY.reminder,
    recipient: { kind: "participant", participantId: participant.id },
    to: participant.email,
    locale,
    letter: renderLetter(letter),
    eventId: event.id,
    assignmentId: assignment.id,
    afterSent: link.afterSent,
    dedupeKey,
  });
}

// ---------------------------------------------------------------------------------------------
// Hosts.

async function loadRequest(db: Executor, requestId: number) {
  return db
    .selectFrom("event_request")
    .select(["id", "organisation", "contact_name", "email", "locale", "window_to", "decision_reason"])
    .where("id", "=", requestId)
    .executeTakeFirst();
}

/** A fresh status link for a message to a host. */
async function hostLink(db: Executor, requestId: number, expiresAt: string, locale: Locale) {
  const token = await issueToken(db, "host_request", requestId, { expiresAt });
  return { url: `${trustedOrigin()}/request/status/${token}${lngQuery(locale)}`, afterSent: carryingLink("host_request", requestId, token) };
}

/** A host link message in the request's language. */
async function queueHostLinkMessage(db: Executor, requestId: number, message: { kind: MessageKind; key: string; token: string; afterSent?: AfterSent }) {
  const request = await loadRequest(db, requestId);
  if (!request) return;
  const locale = asLocale(request.locale);
  await queueLinkMessage(db, {
    kind: message.kind,
    recipient: { kind: "host", requestId },
    to: request.email,
    locale,
    name: request.contact_name,
    key: message.key,
    vars: { organisation: request.organisation },
    link: { label: "status", url: `${trustedOrigin()}/request/status/${message.token}${lngQuery(locale)}` },
    closing: "keepLink",
    footer: "host",
    afterSent: message.afterSent,
  });
}

/** The status link made with a new request. */
export async function queueHostLink(db: Executor, requestId: number, token: string) {
  await queueHostLinkMessage(db, requestId, { kind: "host_link", key: "hostLink", token, afterSent: carryingLink("host_request", requestId, token) });
}

/** A coordinator made a new status link (the old ones went at once: the coordinator holds the new one). */
export async function queueHostLinkReplaced(db: Executor, requestId: number, token: string) {
  await queueHostLinkMessage(db, requestId, { kind: "host_link_resent", key: "hostLinkResent", token });
}

/**
 * "I lost my status links": one message with a new link for each request, in the language of the
 * newest. Each old link is revoked only once the mail server accepted it; if it fails, the new ones are.
 */
export async function queueHostLinksLost(db: Executor, address: string, links: readonly { requestId: number; organisation: string; token: string }[]) {
  if (links.length === 0) return;
  const newest = await loadRequest(db, links[0].requestId);
  if (!newest) return;
  const locale = asLocale(newest.locale);
  const t = await i18next.getFixedT(locale);
  const letter: Letter = {
    lang: locale,
    subject: t("message.hostLinksLost.subject"),
    greeting: t("message.greeting", { name: newest.contact_name }),
    blocks: [
      text(t("message.hostLinksLost.body")),
      ...links.map((link) => action(link.organisation, `${trustedOrigin()}/request/status/${link.token}${lngQuery(locale)}`)),
      text(t("message.keepLink")),
      text(t("message.notYou")),
    ],
    footer: footer(t, "host", newest.organisation),
  };
  await enqueue(db, {
    kind: "host_link_resent",
    priority: PRIORITY.link,
    recipient: { kind: "host", requestId: links[0].requestId },
    to: address,
    locale,
    letter: renderLetter(letter),
    afterSent: allOf(links.map((link) => replacingLinks("host_request", link.requestId, link.token))),
  });
}

/** The host's request was accepted (with its event or series) or declined (with the reason). */
export async function queueRequestDecision(db: Executor, requestId: number, decision: { accepted: true; eventId: number; sessions?: number } | { accepted: false; reason: string }) {
  const request = await loadRequest(db, requestId);
  if (!request) return;
  const locale = asLocale(request.locale);
  const t = await i18next.getFixedT(locale);
  const blocks: LetterBlock[] = [];
  let eventId: number | null = null;
  let ics: { method: "REQUEST" | "CANCEL"; content: string } | null = null;
  if (decision.accepted) {
    const row = await loadEvent(db, decision.eventId);
    if (!row) return;
    const event = factsIn(row, locale, t);
    eventId = event.id;
    blocks.push(text(t(decision.sessions && decision.sessions > 1 ? "message.requestAccepted.bodySeries" : "message.requestAccepted.body", { organisation: request.organisation, count: decision.sessions ?? 1 })));
    blocks.push({ kind: "facts", rows: [{ label: t("message.label.when"), value: when(event, locale) }, { label: t("message.label.where"), value: where(event) }] });
    ics = await hostIcs(db, request, event.id, locale, "REQUEST");
  } else {
    blocks.push(text(t("message.requestDeclined.body", { organisation: request.organisation })));
    if (decision.reason.trim()) blocks.push(text(t("message.requestDeclined.reason", { reason: decision.reason.trim() })));
  }
  const link = await hostLink(db, requestId, hostExpiry(request.window_to), locale);
  blocks.push(action(t("message.action.status"), link.url));
  const key = decision.accepted ? "requestAccepted" : "requestDeclined";
  const letter: Letter = { lang: locale, subject: t(`message.${key}.subject`), greeting: t("message.greeting", { name: request.contact_name }), blocks, footer: footer(t, "host", request.organisation) };
  await enqueue(db, {
    kind: decision.accepted ? "request_accepted" : "request_declined",
    recipient: { kind: "host", requestId },
    to: request.email,
    locale,
    letter: renderLetter(letter),
    ics,
    eventId,
    afterSent: link.afterSent,
  });
}

function hostExpiry(windowTo: string): string {
  return hostLinkExpiryFrom(windowTo, localDateOf(now()));
}

async function hostIcs(db: Executor, request: { email: string; contact_name: string }, eventId: number, locale: Locale, method: "REQUEST" | "CANCEL") {
  const email = request.email.trim();
  if (!email) return null;
  const entry = await publicCalendarEntry(db, eventId, locale);
  if (!entry) return null;
  try {
    return { method, content: itip(entry, method, email, request.contact_name, "ACCEPTED") } as const;
  } catch {
    // An address the calendar format cannot hold (it passed the form's check): the message goes without the entry.
    return null;
  }
}

/** First names and offers of those coming, as on the host's page. */
async function lineupItems(db: Executor, eventId: number, t: T): Promise<string[]> {
  const rows = await db
    .selectFrom("assignment")
    .innerJoin("participant", "participant.id", "assignment.participant_id")
    .leftJoin("event_slot", "event_slot.id", "assignment.slot_id")
    .select(["participant.first_name", "event_slot.offer"])
    .where("assignment.event_id", "=", eventId)
    .where("assignment.status", "=", "accepted")
    .where("participant.erased_at", "is", null)
    .orderBy("assignment.responded_at")
    .execute();
  return rows.map((row) => (row.offer ? `${row.first_name}: ${t(`offer.${row.offer as Offer}`)}` : row.first_name));
}

/** How long a line-up message waits for more answers before it goes (a later change replaces it). */
export const LINEUP_DELAY_MINUTES = 30;

/**
 * The host hears who is coming once answers settle: a line-up message waits LINEUP_DELAY_MINUTES
 * and a newer one replaces it while it waits, so ten acceptances make one message, not ten.
 */
export async function queueLineup(db: Executor, eventId: number) {
  const row = await loadEvent(db, eventId);
  if (!row || row.request_id === null || row.state === "cancelled" || row.starts_at <= now().toISOString()) return;
  await db.updateTable("message").set({ state: "cancelled", updated_at: now().toISOString(), last_error: "replaced by a newer line-up" }).where("event_id", "=", eventId).where("kind", "=", "lineup").where("state", "=", "pending").execute();
  await queueHostEventMessage(db, "lineup", eventId, { notBefore: new Date(now().getTime() + LINEUP_DELAY_MINUTES * 60_000).toISOString() });
}

type HostEventKind = "event_changed" | "event_cancelled" | "lineup" | "host_reminder" | "host_feedback";

async function queueHostEventMessage(db: Executor, kind: HostEventKind, eventId: number, options: { urgent?: boolean; notBefore?: string; dedupeKey?: string } = {}) {
  const row = await loadEvent(db, eventId);
  if (!row || row.request_id === null) return;
  const request = await loadRequest(db, row.request_id);
  if (!request) return;
  const locale = asLocale(request.locale);
  const t = await i18next.getFixedT(locale);
  const event = factsIn(row, locale, t);
  const vars = { title: event.title, date: shortDate(event, locale), organisation: request.organisation };
  const key = { event_changed: "hostEventChanged", event_cancelled: "hostEventCancelled", lineup: "lineup", host_reminder: "hostReminder", host_feedback: "hostFeedback" }[kind];
  const blocks: LetterBlock[] = [text(t(`message.${key}.body`, vars))];
  if (kind === "event_cancelled") {
    if (event.cancelReason) blocks.push(text(t("message.eventCancelled.reason", { reason: event.cancelReason })));
  } else if (kind !== "host_feedback") {
    blocks.push({ kind: "facts", rows: [{ label: t("message.label.when"), value: when(event, locale) }, { label: t("message.label.where"), value: where(event) }] });
    const coming = await lineupItems(db, eventId, t);
    blocks.push({ kind: "heading", text: t("message.label.coming") }, coming.length ? { kind: "list", items: coming } : text(t("message.lineup.nobody")));
  }
  const link = await hostLink(db, request.id, hostExpiry(request.window_to), locale);
  // The host's feedback is given on their status page, in its part for this event (issue 16).
  if (kind === "host_feedback") blocks.push(action(t("message.action.feedback"), `${link.url}#feedback-${eventId}`));
  else blocks.push(action(t("message.action.status"), link.url));
  const ics = kind === "event_changed" || kind === "event_cancelled" ? await hostIcs(db, request, eventId, locale, kind === "event_cancelled" ? "CANCEL" : "REQUEST") : null;
  const letter: Letter = {
    lang: locale,
    subject: t(options.urgent ? `message.${key}.subjectUrgent` : `message.${key}.subject`, vars),
    greeting: t("message.greeting", { name: request.contact_name }),
    blocks,
    footer: footer(t, "host", request.organisation),
  };
  await enqueue(db, {
    kind,
    priority: options.urgent ? PRIORITY.urgent : kind === "host_reminder" || kind === "host_feedback" ? PRIORITY.reminder : PRIORITY.normal,
    recipient: { kind: "host", requestId: request.id },
    to: request.email,
    locale,
    letter: renderLetter(letter),
    ics,
    eventId,
    afterSent: link.afterSent,
    notBefore: options.notBefore,
    dedupeKey: options.dedupeKey,
  });
}

export async function queueHostReminder(db: Executor, eventId: number, startsAt: string) {
  await queueHostEventMessage(db, "host_reminder", eventId, { dedupeKey: `host_reminder:${eventId}:${startsAt}` });
}

export async function queueHostFeedback(db: Executor, eventId: number) {
  await queueHostEventMessage(db, "host_feedback", eventId, { dedupeKey: `host_feedback:${eventId}` });
}

// ---------------------------------------------------------------------------------------------
// Participants: their travel claims (issue 17).

/**
 * A claim approved, rejected (with the reason) or paid, in the participant's language, with a
 * fresh link to their page; nothing for an erased participant.
 */
export async function queueClaimMessage(db: Executor, claimId: number, kind: "claim_approved" | "claim_rejected" | "claim_paid") {
  const claim = await db
    .selectFrom("travel_claim")
    .innerJoin("assignment", "assignment.id", "travel_claim.assignment_id")
    .select(["travel_claim.amount_cents", "travel_claim.rejection_reason", "assignment.participant_id", "assignment.event_id"])
    .where("travel_claim.id", "=", claimId)
    .executeTakeFirst();
  if (!claim) return;
  const participant = await loadParticipant(db, claim.participant_id);
  if (!participant || participant.erased_at) return;
  const row = await loadEvent(db, claim.event_id);
  if (!row) return;
  const locale = asLocale(participant.preferred_locale);
  const t = await i18next.getFixedT(locale);
  const event = factsIn(row, locale, t);
  const amount = new Intl.NumberFormat(locale, { style: "currency", currency: "EUR" }).format(claim.amount_cents / 100);
  const key = camel(kind);
  const vars = { title: event.title, date: shortDate(event, locale), amount };
  const blocks: LetterBlock[] = [text(t(`claimMessage.${key}.body`, vars))];
  if (kind === "claim_rejected" && claim.rejection_reason) blocks.push(text(t("claimMessage.claimRejected.reason", { reason: claim.rejection_reason })));
  const link = await participantLink(db, participant, locale);
  if (link) blocks.push(action(t("message.action.myPage"), link.url), text(t("message.keepLink")));
  else blocks.push(text(t("message.noLink")));
  const letter: Letter = { lang: locale, subject: t(`claimMessage.${key}.subject`, vars), greeting: t("message.greeting", { name: participant.first_name }), blocks, footer: footer(t, "participant") };
  await enqueue(db, {
    kind,
    recipient: { kind: "participant", participantId: participant.id },
    to: participant.email,
    locale,
    letter: renderLetter(letter),
    eventId: event.id,
    afterSent: link?.afterSent,
  });
}

// ---------------------------------------------------------------------------------------------
// Letters.

function text(value: string): LetterBlock {
  return { kind: "text", text: value };
}

function action(label: string, url: string): LetterBlock {
  return { kind: "action", label, url };
}

function camel(kind: string): string {
  return kind.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

export type { MessageKind };

// ---------------------------------------------------------------------------------------------
// Coordinators: the morning digest.

/** The digest of what needs attention, for one coordinator; null when nothing does (no message then). */
export async function queueDigest(db: Executor, userId: number, day: string) {
  const user = await db.selectFrom("user").select(["id", "email", "name", "preferred_locale"]).where("id", "=", userId).where("disabled_at", "is", null).executeTakeFirst();
  if (!user) return null;
  const locale = asLocale(user.preferred_locale);
  const t = await i18next.getFixedT(locale);
  const at = now();
  const in14 = new Date(at.getTime() + 14 * 86_400_000).toISOString();
  const dayAgo = new Date(at.getTime() - 86_400_000).toISOString();
  const [newRequests, declined, failed, events] = await Promise.all([
    db.selectFrom("event_request").select((eb) => eb.fn.countAll<number>().as("n")).where("state", "=", "new").executeTakeFirstOrThrow(),
    db.selectFrom("assignment").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "=", "declined").where("responded_at", ">=", dayAgo).executeTakeFirstOrThrow(),
    db.selectFrom("message").select((eb) => eb.fn.countAll<number>().as("n")).where("state", "=", "failed").executeTakeFirstOrThrow(),
    db
      .selectFrom("event")
      .select((eb) => [
        "event.id",
        "event.title",
        "event.kind",
        "event.starts_at",
        eb.selectFrom("event_slot").select((s) => s.fn.countAll<number>().as("n")).whereRef("event_slot.event_id", "=", "event.id").as("places"),
        eb
          .selectFrom("assignment")
          .select((s) => s.fn.countAll<number>().as("n"))
          .whereRef("assignment.event_id", "=", "event.id")
          .where("assignment.status", "=", "accepted")
          .as("taken"),
      ])
      .where("event.state", "in", ["planned", "confirmed"])
      .where("event.starts_at", ">", at.toISOString())
      .where("event.starts_at", "<=", in14)
      .orderBy("event.starts_at")
      .execute(),
  ]);
  const unfilled = events.filter((event) => Number(event.places ?? 0) > Number(event.taken ?? 0));
  const counts = { requests: Number(newRequests.n), declined: Number(declined.n), failed: Number(failed.n), unfilled: unfilled.length };
  const total = counts.requests + counts.declined + counts.failed + counts.unfilled;
  if (total === 0) return null;
  const blocks: LetterBlock[] = [text(t("message.digest.body"))];
  const items: string[] = [];
  if (counts.requests) items.push(t("message.digest.newRequests", { count: counts.requests }));
  if (counts.declined) items.push(t("message.digest.declined", { count: counts.declined }));
  if (counts.failed) items.push(t("message.digest.failed", { count: counts.failed }));
  blocks.push({ kind: "list", items });
  if (counts.unfilled) {
    blocks.push(text(t("message.digest.unfilled", { count: counts.unfilled })));
    blocks.push({
      kind: "list",
      items: unfilled.slice(0, 30).map((event) => {
        const places = Number(event.places ?? 0);
        return t("message.digest.unfilledEvent", {
          title: localize(event.title, locale) || t(`event.kind.${event.kind}`),
          date: formatInTallinn(event.starts_at, locale === "et" ? "d. MMMM HH:mm" : "d MMMM HH:mm", locale),
          open: places - Number(event.taken ?? 0),
          places,
        });
      }),
    });
  }
  blocks.push(action(t("message.action.open"), `${trustedOrigin()}/admin${lngQuery(locale)}`));
  const letter: Letter = { lang: locale, subject: t("message.digest.subject", { count: total }), greeting: t("message.greeting", { name: user.name }), blocks, footer: footer(t, "coordinator") };
  return enqueue(db, { kind: "digest", priority: PRIORITY.digest, recipient: { kind: "coordinator", userId }, to: user.email, locale, letter: renderLetter(letter), dedupeKey: `digest:${userId}:${day}` });
}
