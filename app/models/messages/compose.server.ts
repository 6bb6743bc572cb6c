/**
 * What Tuttav tells people, composed in the recipient's language and queued in the caller's
 * transaction (see outbox.server.ts). Each queue* function in app/models/messages/ is called by the
 * model that makes the change, inside its write transaction, so the change and its message commit
 * together. By recipient: participant.server.ts, host.server.ts, coordinator.server.ts, and
 * eventChanges.server.ts for what goes to both participants and the host. This module holds what
 * they share: the event a message is about, the letter's pieces, link messages and the calendar
 * entry (iTIP).
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
import { renderLetter, type Letter, type LetterBlock } from "~/domain/messages/letter";
import { DEFAULT_LOCALE, isOneOf, LOCALES, type EventKind, type Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { now } from "~/utils/clock.server";
import { formatInTallinn, formatLongDate, formatTimeRange } from "~/utils/dates";
import { fromAddress, fromName } from "~/utils/mailTransport.server";
import { uidHost } from "~/utils/origin.server";

import { enqueue, PRIORITY, type AfterSent, type MessageKind, type Recipient } from "../outbox.server";

export type Executor = Kysely<Database> | Transaction<Database>;
export type T = Awaited<ReturnType<typeof i18next.getFixedT>>;

export function asLocale(value: string | null | undefined): Locale {
  return isOneOf(LOCALES, value) ? value : DEFAULT_LOCALE;
}

export function lngQuery(locale: Locale): string {
  return locale === DEFAULT_LOCALE ? "" : `?lng=${locale}`;
}

// ---------------------------------------------------------------------------------------------
// What a message is about.

export type EventFacts = {
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

export async function loadEvent(db: Executor, eventId: number) {
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

export function factsIn(row: NonNullable<Awaited<ReturnType<typeof loadEvent>>>, locale: Locale, t: T): EventFacts {
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

export function when(event: EventFacts, locale: Locale): string {
  return `${formatLongDate(event.startsAt, locale)}, ${formatTimeRange(event.startsAt, event.endsAt, locale)}`;
}

export function where(event: EventFacts): string {
  const address = event.venueAddress?.trim() ?? "";
  const inAddress = address.toLowerCase().includes(event.townName.toLowerCase());
  return [event.venueName, address, inAddress ? "" : event.townName].filter(Boolean).join(", ");
}

export function shortDate(event: EventFacts, locale: Locale): string {
  return formatInTallinn(event.startsAt, locale === "et" ? "d. MMMM" : "d MMMM", locale);
}

// ---------------------------------------------------------------------------------------------
// Letters.

export function footer(t: T, kind: "participant" | "participantReminder" | "host" | "coordinator", organisation?: string): string[] {
  return [t(`message.footer.${kind}`, { organisation })];
}

/**
 * A short message about a link: greeting, one paragraph (message.<key>.body), the link as a
 * button, a closing line. The participant and host link messages below are all of this shape.
 */
export async function queueLinkMessage(
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
  await enqueue(db, {
    kind: input.kind,
    priority: PRIORITY.link,
    recipient: input.recipient,
    to: input.to,
    locale: input.locale,
    letter: renderLetter(letter),
    afterSent: input.afterSent,
  });
}

/** The calendar entry a message carries, sent from our address to the recipient. */
export function itip(entry: FeedEvent, method: "REQUEST" | "CANCEL", email: string, name: string, partstat: "ACCEPTED" | "NEEDS-ACTION"): string {
  return buildItip(entry, {
    host: uidHost(),
    method,
    organizer: { email: fromAddress(), name: fromName() },
    attendee: { email, name, partstat },
    stampedAt: now().toISOString(),
  });
}

export function text(value: string): LetterBlock {
  return { kind: "text", text: value };
}

export function action(label: string, url: string): LetterBlock {
  return { kind: "action", label, url };
}

export function camel(kind: string): string {
  return kind.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

export type { MessageKind };
