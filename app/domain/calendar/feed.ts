import { TIME_ZONE, type EventState } from "~/domain/vocabulary";

import { escapeText, foldLine, formatDuration, formatFloat, formatUtc } from "./content-line";
import { createDateTimeWriter } from "./local-time";
import { vtimezone } from "./vtimezone";

/** One event as a feed shows it; the caller has already picked the feed's language. */
export type FeedEvent = {
  id: number;
  title: string;
  /** Plain text; may hold newlines, commas, semicolons, backslashes, emoji, RTL text. */
  description: string;
  /** UTC ISO-8601 with `Z` or an explicit offset; a bare local time is refused. */
  startsAt: string;
  endsAt: string;
  state: EventState;
  /** Stored revision number, bumped by the app when `needsSequenceBump` says so. */
  sequence: number;
  updatedAt: string;
  createdAt: string;
  location: { name: string; address: string | null; town: string; lat: number | null; lon: number | null } | null;
  /** Absolute http(s) link to the event page. */
  url: string;
  /** Participant feed: invitation not yet accepted. */
  tentative?: boolean;
  categories?: string[];
  /**
   * For a build with a cache: everything this event's text depends on besides id, SEQUENCE,
   * updatedAt and the UID host (language, link base, place, wording of states...). The caller
   * promises that the same id, sequence, updatedAt and variant always mean the same event
   * fields. Without it the event is never cached.
   */
  cacheVariant?: string;
};

/** Keeps rendered VEVENTs from one build to the next; a Map works, the app passes a bounded cache. */
export type VEventCache = { get(key: string): string | undefined; set(key: string, vevent: string): unknown };

/** An event whose VEVENT the caller already holds (taken from the cache under its `vEventKey`). */
export type RenderedEvent = { id: number; vevent: string };

export type FeedOptions = {
  /** Shown by clients as the calendar's title (NAME, X-WR-CALNAME). */
  name: string;
  /** Domain part of UIDs, e.g. "tuttav.example"; must never change once feeds are subscribed. */
  host: string;
  prodId?: string;
  /** How often clients should poll; default 60. */
  ttlMinutes?: number;
  /**
   * One event to save into a calendar rather than a calendar to subscribe to: METHOD:PUBLISH and
   * no calendar-level name or refresh interval (with those, Outlook opens a new calendar).
   */
  download?: boolean;
};

export type FeedStatus = "CONFIRMED" | "TENTATIVE" | "CANCELLED";

const DEFAULT_PRODID = "-//Tuttav//Calendar feed//EN";
const HOSTNAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i;
/** A zone designator is required: a bare "2026-07-01 15:00" would be read in the server's zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
/** URL is a URI value, not TEXT: it is never escaped, so it must not hold anything that could end the line. */
const WEB_URL = /^https?:\/\/[^\s\u0000-\u001F\u007F-\u009F]+$/i;

/** The key a VEVENT is cached under: host, id, SEQUENCE, updatedAt and the caller's variant. */
export function vEventKey(event: Pick<FeedEvent, "id" | "sequence" | "updatedAt">, cacheVariant: string, host: string): string {
  return `${host}\u001F${event.id}\u001F${event.sequence}\u001F${event.updatedAt}\u001F${cacheVariant}`;
}

/** The stable UID of an event, `event-<id>@<host>`, the same in every feed and download. */
export function eventUid(id: number, host: string): string {
  if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError(`Event id must be a positive integer: ${id}`);
  if (!HOSTNAME.test(host)) throw new RangeError(`UID host must be a plain host name: ${JSON.stringify(host)}`);
  return `event-${id}@${host}`;
}

/** The STATUS clients see: drafts and unaccepted invitations are tentative, cancelled wins over both. */
export function feedStatus(state: EventState, tentative = false): FeedStatus {
  if (state === "cancelled") return "CANCELLED";
  if (state === "draft" || tentative) return "TENTATIVE";
  return "CONFIRMED";
}

/**
 * Renders events as one RFC 5545 VCALENDAR (CRLF, folded, Europe/Tallinn wall times).
 *
 * Events appear in the order given. Cancelled events stay in, as STATUS:CANCELLED, so clients
 * that already have them strike them out instead of silently keeping the old entry.
 *
 * With a cache, an event that has a `cacheVariant` is rendered only when its `vEventKey` is not
 * in the cache yet, and stored after; the output is byte for byte the same as without a cache.
 * A `RenderedEvent` (a VEVENT the caller took from the cache earlier) is used as it is.
 */
export function buildCalendar(events: readonly (FeedEvent | RenderedEvent)[], options: FeedOptions, cache?: VEventCache): string {
  if (!HOSTNAME.test(options.host)) throw new RangeError(`UID host must be a plain host name: ${JSON.stringify(options.host)}`);
  const ttl = formatDuration(options.ttlMinutes ?? 60);
  const name = escapeText(options.name);
  // Pieces are collected and joined once: join() yields flat strings, whereas `+=` over 10 000
  // events builds a rope of ~500 000 live fragments, and collecting those garbage dominated.
  const parts = ["BEGIN:VCALENDAR", "VERSION:2.0", foldLine(`PRODID:${escapeText(options.prodId ?? DEFAULT_PRODID)}`), "CALSCALE:GREGORIAN"];
  if (options.download) parts.push("METHOD:PUBLISH");
  else {
    parts.push(
      foldLine(`NAME:${name}`), // RFC 7986
      foldLine(`X-WR-CALNAME:${name}`), // what Apple, Google and Outlook actually read
      `X-WR-TIMEZONE:${TIME_ZONE}`,
      `REFRESH-INTERVAL;VALUE=DURATION:${ttl}`, // RFC 7986
      `X-PUBLISHED-TTL:${ttl}`, // Outlook's and Apple's spelling of the same
    );
  }
  parts.push(vtimezone(TIME_ZONE));

  let dateTime: ReturnType<typeof createDateTimeWriter> | undefined;
  const seen = new Set<number>();
  for (const event of events) {
    if (seen.has(event.id)) throw new Error(`Event ${event.id} appears twice; UIDs must be unique in a feed`);
    seen.add(event.id);
    if ("vevent" in event) {
      parts.push(event.vevent);
      continue;
    }
    const key = cache && event.cacheVariant !== undefined ? vEventKey(event, event.cacheVariant, options.host) : undefined;
    let vevent = key === undefined ? undefined : cache!.get(key);
    if (vevent === undefined) {
      vevent = renderEvent(event, options.host, (dateTime ??= createDateTimeWriter(TIME_ZONE)));
      if (key !== undefined) cache!.set(key, vevent);
    }
    parts.push(vevent);
  }
  parts.push("END:VCALENDAR", ""); // every content line ends with CRLF, the last one too
  return parts.join("\r\n");
}

/** Who sends and who receives a scheduling message (RFC 5546): ORGANIZER and one ATTENDEE. */
export type ItipOptions = {
  host: string;
  /** REQUEST: add or update the entry; CANCEL: remove it. */
  method: "REQUEST" | "CANCEL";
  organizer: { email: string; name: string };
  attendee: { email: string; name: string; partstat: "NEEDS-ACTION" | "ACCEPTED" | "DECLINED" };
  /** When this message was made: DTSTAMP means that once METHOD is present (RFC 5545 §3.8.7.2). */
  stampedAt: string;
  prodId?: string;
};

const MAILBOX = /^[^\s@"<>\\,;:]+@[a-z0-9.-]+$/i;

/**
 * One event as an iTIP message (RFC 5546) for an e-mail attachment: METHOD:REQUEST so the
 * recipient's calendar adds or updates the entry at once, METHOD:CANCEL (STATUS:CANCELLED) to
 * remove it. The VEVENT is the feed's own (same UID and SEQUENCE), so the entry a message adds and
 * the one a feed shows are one; clients keep the higher SEQUENCE.
 */
export function buildItip(event: FeedEvent, options: ItipOptions): string {
  if (!HOSTNAME.test(options.host)) throw new RangeError(`UID host must be a plain host name: ${JSON.stringify(options.host)}`);
  for (const address of [options.organizer.email, options.attendee.email]) {
    if (!MAILBOX.test(address)) throw new RangeError(`Not a plain e-mail address: ${JSON.stringify(address)}`);
  }
  const people = [
    `ORGANIZER;CN=${paramText(options.organizer.name)}:mailto:${options.organizer.email}`,
    `ATTENDEE;CN=${paramText(options.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=${options.attendee.partstat};RSVP=FALSE:mailto:${options.attendee.email}`,
  ];
  const dtstamp = formatUtc(parseInstant({ ...event, updatedAt: options.stampedAt }, "updatedAt"));
  const cancelled = options.method === "CANCEL" ? { ...event, state: "cancelled" as const, tentative: false } : event;
  const vevent = renderEvent(cancelled, options.host, createDateTimeWriter(TIME_ZONE), { dtstamp, people });
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    foldLine(`PRODID:${escapeText(options.prodId ?? DEFAULT_PRODID)}`),
    "CALSCALE:GREGORIAN",
    `METHOD:${options.method}`,
    vtimezone(TIME_ZONE),
    vevent,
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}

/** A parameter value (RFC 5545 §3.2): quoted, without the DQUOTE and control characters it cannot hold. */
function paramText(value: string): string {
  return `"${value.replace(/["\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, "").trim()}"`;
}

function renderEvent(event: FeedEvent, host: string, dateTime: ReturnType<typeof createDateTimeWriter>, scheduling?: { dtstamp: string; people: string[] }): string {
  const startsAt = parseInstant(event, "startsAt");
  const endsAt = parseInstant(event, "endsAt");
  if (endsAt <= startsAt) throw new RangeError(`Event ${event.id} must end after it starts`);
  if (!Number.isSafeInteger(event.sequence) || event.sequence < 0) {
    throw new RangeError(`Event ${event.id} has an invalid sequence: ${event.sequence}`);
  }
  if (!WEB_URL.test(event.url)) throw new RangeError(`Event ${event.id} has no absolute http(s) URL: ${JSON.stringify(event.url)}`);
  const updatedAt = formatUtc(parseInstant(event, "updatedAt"));

  const lines = [
    "BEGIN:VEVENT",
    `UID:${eventUid(event.id, host)}`,
    // Without METHOD, DTSTAMP means "last revised" (RFC 5545 §3.8.7.2), not "generated now";
    // so an unchanged feed renders byte for byte the same and its ETag still matches.
    `DTSTAMP:${scheduling?.dtstamp ?? updatedAt}`,
    dateTime("DTSTART", startsAt),
    dateTime("DTEND", endsAt),
    `SEQUENCE:${event.sequence}`,
    `STATUS:${feedStatus(event.state, event.tentative)}`,
    `SUMMARY:${escapeText(event.title)}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) {
    lines.push(`LOCATION:${escapeText(locationText(event.location))}`);
    const { lat, lon } = event.location;
    if (lat !== null && lon !== null) lines.push(`GEO:${formatFloat(lat)};${formatFloat(lon)}`);
  }
  lines.push(`URL:${event.url}`);
  if (scheduling) lines.push(...scheduling.people);
  const categories = (event.categories ?? []).filter((category) => category.trim() !== "");
  if (categories.length) lines.push(`CATEGORIES:${categories.map(escapeText).join(",")}`);
  lines.push(`CREATED:${formatUtc(parseInstant(event, "createdAt"))}`, `LAST-MODIFIED:${updatedAt}`, "END:VEVENT");

  for (let i = 0; i < lines.length; i++) lines[i] = foldLine(lines[i]);
  return lines.join("\r\n");
}

/** "name, address, town", leaving out the town when the address already ends with it. */
function locationText(location: NonNullable<FeedEvent["location"]>): string {
  const name = location.name.trim();
  const address = location.address?.trim() ?? "";
  const town = location.town.trim();
  const townInAddress = town !== "" && address.toLowerCase().endsWith(town.toLowerCase());
  return [name, address, townInAddress ? "" : town].filter((part) => part !== "").join(", ");
}

function parseInstant(event: FeedEvent, field: "startsAt" | "endsAt" | "updatedAt" | "createdAt"): number {
  const value = event[field];
  const epochMs = INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(epochMs)) {
    throw new RangeError(`Event ${event.id}: ${field} must be ISO-8601 with Z or an offset, got ${JSON.stringify(value)}`);
  }
  return epochMs;
}
