/**
 * A feed's events turned into plain `FeedEvent`s for `~/domain/calendar`, and the feed's
 * iCalendar text. Each event's rendered VEVENT is kept per revision and variant, so after an edit
 * only that event is rendered again, and its row alone is read in full.
 */
import { sql } from "kysely";

import { buildCalendar, vEventKey, type FeedEvent, type RenderedEvent } from "~/domain/calendar";
import { localize } from "~/domain/localizedText";
import { DEFAULT_LOCALE, EVENT_KINDS, type Audience, type EventKind, type EventState, type Locale, type Offer } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { formatInTallinn } from "~/utils/dates";
import { trustedOrigin } from "~/utils/origin.server";
import { createRecentCache } from "~/utils/recentCache";

import { groupConcat } from "../sqlDialect.server";

import { assignmentsOf, eventsOf, type Executor, type FeedSpec } from "./query.server";

/** How often clients are asked to poll (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const TTL_MINUTES = 60;

async function translator(locale: Locale) {
  return i18next.getFixedT(locale);
}

const EVENT_COLUMNS = [
  "event.id",
  "event.kind",
  "event.state",
  "event.title",
  "event.description",
  "event.starts_at",
  "event.ends_at",
  "event.sequence",
  "event.created_at",
  "event.updated_at",
  "event.cancel_reason",
  "event.is_public",
  "event.audience",
  "venue.name as venue_name",
  "venue.address as venue_address",
  "town.name as town_name",
  "town.lat",
  "town.lon",
] as const;

type EventRow = {
  id: number;
  kind: EventKind;
  state: EventState;
  title: string;
  description: string;
  starts_at: string;
  ends_at: string;
  sequence: number;
  created_at: string;
  updated_at: string;
  cancel_reason: string | null;
  is_public: number;
  audience: Audience;
  venue_name: string;
  venue_address: string | null;
  town_name: string;
  lat: number;
  lon: number;
};

/**
 * Rendered VEVENTs of public and coordinator feeds, shared by every feed that shows the same
 * event the same way (the whole public feed, a county, a venue, a download). About 600
 * characters each; the bound holds two to five full 10 000-event feeds.
 */
const vevents = createRecentCache<string>(32_000_000, (vevent) => vevent.length);
/**
 * Cache variants by a short token, so keys stay short. Tokens carry a generation: once the table
 * is full it starts over, and a build still holding old tokens can never store under a new meaning.
 */
const variantTokens = new Map<string, string>();
let variantGeneration = 0;
const MAX_VARIANTS = 10_000;
/** Fetching the missing rows by id pays off below this; past it, the feed's query is cheaper. */
const MAX_IDS_PER_FETCH = 500;

/** Turns rows into FeedEvents in one language: texts parsed once, translations looked up once. */
async function feedEventWriter(spec: Pick<FeedSpec, "locale" | "origin">) {
  const t = await translator(spec.locale);
  const locale = spec.locale;
  // Sessions of a series share their texts: parse each JSON text once.
  const texts = new Map<string, string>();
  const text = (json: string) => {
    let value = texts.get(json);
    if (value === undefined) texts.set(json, (value = localize(json, locale)));
    return value;
  };
  const kindLabel = Object.fromEntries(EVENT_KINDS.map((kind) => [kind, t(`event.kind.${kind}`)]));
  const categories = Object.fromEntries(EVENT_KINDS.map((kind) => [kind, [kindLabel[kind]]]));
  // i18next per row costs more than the rest of the mapping: translate once, fill in per row.
  const cancelled = t("feed.text.cancelled");
  const [beforeReason, afterReason] = t("feed.text.cancelledBecause", { reason: "\u0000" }).split("\u0000");
  const cancelledBecause = (reason: string) => `${beforeReason}${reason}${afterReason ?? ""}`;
  // Google Calendar shows STATUS:CANCELLED inconsistently: the title says it too.
  const [beforeTitle, afterTitle] = t("feed.text.cancelledTitle", { title: "\u0000" }).split("\u0000");
  const lng = locale === DEFAULT_LOCALE ? "" : `?lng=${locale}`;
  // Who it is for, said first in the description when it is not everyone.
  const audienceLabel: Record<Audience, string> = { everyone: "", women: t("audience.label.women"), families: t("audience.label.families") };

  return {
    t,
    lng,
    publicUrl: (id: number) => `${spec.origin}/events/${id}${lng}`,
    toFeedEvent(row: EventRow, extra: readonly string[], url: string): FeedEvent {
      let description = row.state === "cancelled" ? (row.cancel_reason ? cancelledBecause(row.cancel_reason) : cancelled) : "";
      const audience = audienceLabel[row.audience] ?? "";
      if (audience) description = description ? `${description}\n\n${audience}` : audience;
      const about = text(row.description);
      if (about) description = description ? `${description}\n\n${about}` : about;
      for (const line of extra) description = description ? `${description}\n\n${line}` : line;
      return {
        id: row.id,
        title: row.state === "cancelled" ? `${beforeTitle}${text(row.title) || kindLabel[row.kind]}${afterTitle ?? ""}` : text(row.title) || kindLabel[row.kind],
        description,
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        state: row.state,
        sequence: row.sequence,
        updatedAt: row.updated_at,
        createdAt: row.created_at,
        location: { name: row.venue_name, address: row.venue_address, town: row.town_name, lat: row.lat, lon: row.lon },
        url,
        categories: categories[row.kind],
      };
    },
  };
}

/** Renders the feed's iCalendar text. */
export async function renderFeed(spec: FeedSpec, db: Executor): Promise<string> {
  const options = { name: spec.name, host: spec.uidHost, ttlMinutes: TTL_MINUTES, download: spec.scope.kind === "event" };
  const scope = spec.scope;
  if (scope.kind === "participant") return buildCalendar(await participantEvents(spec, scope.participantId, db), options);

  const writer = await feedEventWriter(spec);
  const coordinator = scope.kind === "coordinator";
  const draft = writer.t("event.state.draft");
  const toFeedEvent = (row: EventRow): FeedEvent => {
    // Unpublished after it was published (see eventsOf): withdrawn, and its page is gone.
    if (!coordinator && row.state === "draft") return writer.toFeedEvent({ ...row, state: "cancelled", cancel_reason: null }, [], `${spec.origin}/events${writer.lng}`);
    if (!coordinator) return writer.toFeedEvent(row, [], writer.publicUrl(row.id));
    const event = writer.toFeedEvent(row, [], `${spec.origin}/admin/events/${row.id}${writer.lng}`);
    return row.state === "draft" ? { ...event, title: `[${draft}] ${event.title}` } : event;
  };

  // Everything a VEVENT says besides the event row's own fields: how this kind of feed words
  // and links it, and the place's text, which can change without the event's updated_at.
  const variantOf = await placeVariants(db, `${coordinator ? "coordinator" : "public"}\u001F${spec.locale}\u001F${spec.origin}`);
  // The feed's events in order as one string of "id venue sequence updated_at" lines: 10 000 rows
  // as objects cost several times the query itself, and these four fields are all a cached
  // event needs.
  const { list } = await eventsOf(db, scope)
    .select(groupConcat(db, sql`event.id || ' ' || event.venue_id || ' ' || event.sequence || ' ' || event.updated_at`, "\n", sql`event.starts_at, event.id`).as("list"))
    .executeTakeFirstOrThrow();
  const lines = list ? list.split("\n") : [];
  // Taken out of the cache now, so a concurrent build evicting them cannot hurt this one.
  const entries: (FeedEvent | RenderedEvent)[] = new Array(lines.length);
  const missing = new Map<number, { index: number; cacheVariant: string }>();
  for (let i = 0; i < lines.length; i++) {
    const [id, venueId, sequence, updatedAt] = lines[i].split(" ");
    const revision = { id: Number(id), sequence: Number(sequence), updatedAt };
    const cacheVariant = variantOf(Number(venueId));
    const vevent = vevents.get(vEventKey(revision, cacheVariant, spec.uidHost));
    if (vevent === undefined) missing.set(revision.id, { index: i, cacheVariant });
    else entries[i] = { id: revision.id, vevent };
  }
  if (missing.size > 0) {
    const full = eventsOf(db, scope).innerJoin("venue", "venue.id", "event.venue_id").innerJoin("town", "town.id", "venue.town_id").select(EVENT_COLUMNS);
    const rows = missing.size <= MAX_IDS_PER_FETCH ? await full.where("event.id", "in", [...missing.keys()]).execute() : await full.execute();
    let found = 0;
    for (const row of rows) {
      const wanted = missing.get(row.id);
      if (wanted) {
        entries[wanted.index] = { ...toFeedEvent(row), cacheVariant: wanted.cacheVariant };
        found++;
      }
    }
    // Both queries run in one read transaction, so this would be a bug, not a race.
    if (found !== missing.size) throw new Error(`Feed rows: expected ${missing.size}, read ${found}`);
  }
  return buildCalendar(entries, options, vevents);
}

/** Per venue, the cache variant of its events (as a short token): the feed's own part and the place's text. */
async function placeVariants(db: Executor, feedPart: string): Promise<(venueId: number) => string> {
  const places = await db
    .selectFrom("venue")
    .innerJoin("town", "town.id", "venue.town_id")
    .select(["venue.id", "venue.name", "venue.address", "town.name as town_name", "town.lat", "town.lon"])
    .execute();
  if (variantTokens.size + places.length + 1 > MAX_VARIANTS) forgetVariants();
  const token = (variant: string) => {
    let value = variantTokens.get(variant);
    if (value === undefined) variantTokens.set(variant, (value = `${variantGeneration}.${variantTokens.size}`));
    return value;
  };
  const byVenue = new Map(places.map((place) => [place.id, token(`${feedPart}\u001F${JSON.stringify([place.name, place.address, place.town_name, place.lat, place.lon])}`)]));
  return (venueId) => byVenue.get(venueId) ?? token(feedPart);
}

/** Forgets every rendered VEVENT and variant token (see clearFeedCache). */
export function forgetRenderedEvents() {
  vevents.clear();
  forgetVariants();
}

function forgetVariants() {
  variantTokens.clear();
  variantGeneration++;
}

/**
 * A participant's events with what to bring, travel and address; few, so never cached. SEQUENCE
 * is the event's plus the assignment's (which counts changes of this person's entry: invited,
 * accepted...), and DTSTAMP/LAST-MODIFIED the later of the two changes, so a sync tool sees the
 * entry change when only their answer did. The text links to token-free pages only: a feed
 * travels with shared and synced calendars, a private link must not.
 */
async function participantEvents(spec: Pick<FeedSpec, "locale" | "origin">, participantId: number, db: Executor, eventId?: number): Promise<FeedEvent[]> {
  const writer = await feedEventWriter(spec);
  const { t } = writer;
  let query = assignmentsOf(db, participantId)
    .leftJoin("event_slot", "event_slot.id", "assignment.slot_id")
    .leftJoin("participant_offer", (join) =>
      join.onRef("participant_offer.participant_id", "=", "assignment.participant_id").onRef("participant_offer.offer", "=", "event_slot.offer"),
    )
    .select([
      ...EVENT_COLUMNS,
      "assignment.status",
      "assignment.travel_minutes",
      "assignment.sequence as assignment_sequence",
      "assignment.updated_at as assignment_updated_at",
      "event_slot.offer",
      "participant_offer.description as offer_description",
    ]);
  if (eventId !== undefined) query = query.where("event.id", "=", eventId);
  const rows = await query.orderBy("event.starts_at").orderBy("event.id").execute();
  // Without a private link: where a person gets theirs again.
  const getMyLink = `${spec.origin}/me/lost${writer.lng}`;
  return rows.map((row) => {
    const extra: string[] = [];
    if (row.status === "invited" && row.state !== "cancelled") extra.push(t("feed.text.invitation", { link: getMyLink }));
    if (row.offer) {
      const offer = t(`offer.${row.offer as Offer}`);
      extra.push(t("feed.text.bring", { what: row.offer_description ? `${offer}: ${row.offer_description}` : offer }));
    }
    if (row.travel_minutes !== null && row.travel_minutes > 0) {
      const leaveAt = new Date(Date.parse(row.starts_at) - row.travel_minutes * 60_000).toISOString();
      extra.push(t("feed.text.travel", { duration: duration(row.travel_minutes, t), time: formatInTallinn(leaveAt, "HH:mm", spec.locale) }));
    }
    extra.push(t("feed.text.address", { address: [row.venue_name, row.venue_address, row.town_name].filter(Boolean).join(", ") }));
    const visible = row.is_public === 1 && row.state !== "draft";
    const event = writer.toFeedEvent(row, extra, visible ? writer.publicUrl(row.id) : getMyLink);
    return {
      ...event,
      sequence: row.sequence + row.assignment_sequence,
      updatedAt: row.assignment_updated_at > row.updated_at ? row.assignment_updated_at : row.updated_at,
      tentative: row.status === "invited",
    };
  });
}

/** One event as it stands in a participant's own feed (for a message's calendar attachment); null when it is not there. */
export async function participantCalendarEntry(db: Executor, participantId: number, eventId: number, locale: Locale): Promise<FeedEvent | null> {
  const [event] = await participantEvents({ locale, origin: trustedOrigin() }, participantId, db, eventId);
  return event ?? null;
}

/** One event as public feeds show it (for a host's calendar attachment). */
export async function publicCalendarEntry(db: Executor, eventId: number, locale: Locale): Promise<FeedEvent | null> {
  const writer = await feedEventWriter({ locale, origin: trustedOrigin() });
  const row = await db
    .selectFrom("event")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .select(EVENT_COLUMNS)
    .where("event.id", "=", eventId)
    .executeTakeFirst();
  return row ? writer.toFeedEvent(row, [], writer.publicUrl(row.id)) : null;
}

function duration(minutes: number, t: Awaited<ReturnType<typeof translator>>): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t("feed.duration.minutes", { m });
  if (m === 0) return t("feed.duration.hours", { h });
  return t("feed.duration.hoursMinutes", { h, m });
}
