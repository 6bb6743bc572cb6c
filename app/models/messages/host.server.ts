/** Messages to hosts: their status link, the decision on their request, line-ups, reminders and changes (see compose.server.ts). */
import { renderLetter, type Letter, type LetterBlock } from "~/domain/messages/letter";
import type { Locale, Offer } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { now } from "~/utils/clock.server";
import { trustedOrigin } from "~/utils/origin.server";

import { publicCalendarEntry } from "../feed/render.server";
import { allOf, carryingLink, enqueue, PRIORITY, replacingLinks, type AfterSent, type MessageKind } from "../outbox.server";
import { hostLinkExpiryNow } from "../request/linkExpiry.server";
import { issueToken } from "../token.server";
import { action, asLocale, factsIn, footer, itip, lngQuery, loadEvent, queueLinkMessage, shortDate, text, when, where, type Executor, type T } from "./compose.server";

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
export async function queueRequestDecision(
  db: Executor,
  requestId: number,
  decision: { accepted: true; eventId: number; sessions?: number } | { accepted: false; reason: string },
) {
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
    blocks.push(
      text(
        t(decision.sessions && decision.sessions > 1 ? "message.requestAccepted.bodySeries" : "message.requestAccepted.body", {
          organisation: request.organisation,
          count: decision.sessions ?? 1,
        }),
      ),
    );
    blocks.push({
      kind: "facts",
      rows: [
        { label: t("message.label.when"), value: when(event, locale) },
        { label: t("message.label.where"), value: where(event) },
      ],
    });
    ics = await hostIcs(db, request, event.id, locale, "REQUEST");
  } else {
    blocks.push(text(t("message.requestDeclined.body", { organisation: request.organisation })));
    if (decision.reason.trim()) blocks.push(text(t("message.requestDeclined.reason", { reason: decision.reason.trim() })));
  }
  const link = await hostLink(db, requestId, await hostLinkExpiryNow(db, requestId, request.window_to), locale);
  blocks.push(action(t("message.action.status"), link.url));
  const key = decision.accepted ? "requestAccepted" : "requestDeclined";
  const letter: Letter = {
    lang: locale,
    subject: t(`message.${key}.subject`),
    greeting: t("message.greeting", { name: request.contact_name }),
    blocks,
    footer: footer(t, "host", request.organisation),
  };
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
  await db
    .updateTable("message")
    .set({ state: "cancelled", updated_at: now().toISOString(), last_error: "replaced by a newer line-up" })
    .where("event_id", "=", eventId)
    .where("kind", "=", "lineup")
    .where("state", "=", "pending")
    .execute();
  await queueHostEventMessage(db, "lineup", eventId, { notBefore: new Date(now().getTime() + LINEUP_DELAY_MINUTES * 60_000).toISOString() });
}

/**
 * A planned draft: if the host's calendar got it with the acceptance (tentative, at the time first
 * proposed), it goes again as it now stands. Later sessions of a series were never in their
 * calendar (the acceptance carried the first); their status page lists them, and each has its reminder.
 */
export async function queueHostEventPlanned(db: Executor, eventId: number) {
  const inTheirCalendar = await db
    .selectFrom("message")
    .select("id")
    .where("event_id", "=", eventId)
    .where("recipient_kind", "=", "host")
    .where("kind", "=", "request_accepted")
    .executeTakeFirst();
  if (inTheirCalendar) await queueHostEventMessage(db, "event_planned", eventId);
}

export type HostEventKind = "event_planned" | "event_changed" | "event_cancelled" | "lineup" | "host_reminder" | "host_feedback";

export async function queueHostEventMessage(db: Executor, kind: HostEventKind, eventId: number, options: { urgent?: boolean; notBefore?: string; dedupeKey?: string } = {}) {
  const row = await loadEvent(db, eventId);
  if (!row || row.request_id === null) return;
  const request = await loadRequest(db, row.request_id);
  if (!request) return;
  const locale = asLocale(request.locale);
  const t = await i18next.getFixedT(locale);
  const event = factsIn(row, locale, t);
  const vars = { title: event.title, date: shortDate(event, locale), organisation: request.organisation };
  const key = {
    event_planned: "hostEventPlanned",
    event_changed: "hostEventChanged",
    event_cancelled: "hostEventCancelled",
    lineup: "lineup",
    host_reminder: "hostReminder",
    host_feedback: "hostFeedback",
  }[kind];
  const blocks: LetterBlock[] = [text(t(`message.${key}.body`, vars))];
  if (kind === "event_cancelled") {
    if (event.cancelReason) blocks.push(text(t("message.eventCancelled.reason", { reason: event.cancelReason })));
  } else if (kind !== "host_feedback") {
    blocks.push({
      kind: "facts",
      rows: [
        { label: t("message.label.when"), value: when(event, locale) },
        { label: t("message.label.where"), value: where(event) },
      ],
    });
    // Nobody is invited to a draft, so a just-planned event has no line-up to tell of yet.
    if (kind !== "event_planned") {
      const coming = await lineupItems(db, eventId, t);
      blocks.push({ kind: "heading", text: t("message.label.coming") }, coming.length ? { kind: "list", items: coming } : text(t("message.lineup.nobody")));
    }
  }
  const link = await hostLink(db, request.id, await hostLinkExpiryNow(db, request.id, request.window_to), locale);
  // The host's feedback is given on their status page, in its part for this event (issue 16).
  if (kind === "host_feedback") blocks.push(action(t("message.action.feedback"), `${link.url}#feedback-${eventId}`));
  else blocks.push(action(t("message.action.status"), link.url));
  const ics =
    kind === "event_planned" || kind === "event_changed" || kind === "event_cancelled"
      ? await hostIcs(db, request, eventId, locale, kind === "event_cancelled" ? "CANCEL" : "REQUEST")
      : null;
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
