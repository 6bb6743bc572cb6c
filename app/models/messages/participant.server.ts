/** Messages to participants: their link, their events, their feedback and their travel claims (see compose.server.ts). */
import { timeJourney } from "~/domain/messages/journey";
import { renderLetter, type Letter, type LetterBlock } from "~/domain/messages/letter";
import type { Locale, Offer } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { formatInTallinn } from "~/utils/dates";
import { trustedOrigin } from "~/utils/origin.server";

import { participantCalendarEntry, publicCalendarEntry } from "../feed/render.server";
import { getTravelPlanner } from "../geo.server";
import { carryingLink, enqueue, PRIORITY, replacingLinks, type AfterSent, type MessageKind } from "../outbox.server";
import { issueToken } from "../token.server";
import {
  action,
  asLocale,
  camel,
  factsIn,
  footer,
  itip,
  lngQuery,
  loadEvent,
  queueLinkMessage,
  shortDate,
  text,
  when,
  where,
  type EventFacts,
  type Executor,
  type T,
} from "./compose.server";
import { queueLineup } from "./host.server";

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
  const towns = new Map(
    (
      await db
        .selectFrom("town")
        .select(["id", "name"])
        .where("id", "in", [...townIds])
        .execute()
    ).map((town) => [town.id, town.name]),
  );
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

// ---------------------------------------------------------------------------------------------
// Participants: their link.

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
    link: message.token
      ? { label: "myPage", url: `${trustedOrigin()}/me/${message.token}${lngQuery(locale)}` }
      : { label: "lostLink", url: `${trustedOrigin()}/me/lost${lngQuery(locale)}` },
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

export type ParticipantEventKind = "invitation" | "confirmation" | "event_changed" | "event_cancelled" | "reminder" | "not_going";

/**
 * A message to one participant about one of their events, with the event's facts, what they
 * bring, their journey, a link to their page and the calendar entry (iTIP) of their own feed.
 */
export async function queueParticipantEventMessage(db: Executor, kind: ParticipantEventKind, assignmentId: number, options: { urgent?: boolean; dedupeKey?: string } = {}) {
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
  const letter: Letter = {
    lang: locale,
    subject: t(`claimMessage.${key}.subject`, vars),
    greeting: t("message.greeting", { name: participant.first_name }),
    blocks,
    footer: footer(t, "participant"),
  };
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
