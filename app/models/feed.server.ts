/**
 * Calendar feeds over the database: which events a feed holds, a cheap fingerprint of them for
 * ETag/304, the rows turned into plain `FeedEvent`s for `~/domain/calendar`, and the HTTP answer.
 *
 * Windows: public feeds (all, region, venue) and the coordinator feed hold events that ended at
 * most PAST_WINDOW_DAYS days ago and everything after; a participant's feed holds all of their
 * accepted or invited events (and cancelled ones they were on), however old.
 *
 * Language: only `?lng=` (else the owner's language, else Estonian) picks a feed's language, never
 * a cookie or Accept-Language, so a URL always means the same bytes and a shared cache is safe.
 *
 * Speed (10 000 events): in this process we keep each feed's last fingerprint until the database
 * changes (a 304 then costs one tiny query), each event's rendered VEVENT per revision (so after
 * an edit only that event is rendered again, and its row alone is read in full), and the last
 * built bodies per ETag.
 */
import { createHash } from "node:crypto";

import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from "kysely";

import type { Database } from "#db/schema";
import { buildCalendar, feedVersion, FEED_FORMAT_VERSION, vEventKey, type FeedEvent, type RenderedEvent } from "~/domain/calendar";
import { localize } from "~/domain/localizedText";
import { DEFAULT_LOCALE, EVENT_KINDS, type Audience, type EventKind, type EventState, type Locale, type Offer } from "~/domain/vocabulary";
import { isLocale } from "~/i18n/config";
import { i18next } from "~/i18n/i18next.server";
import { nowIso } from "~/utils/clock.server";
import { formatInTallinn } from "~/utils/dates";
import { getDb } from "~/utils/db.server";
import { trustedOrigin, uidHost } from "~/utils/origin.server";

import { audit, type Actor } from "./audit.server";
import { issueToken, resolveToken } from "./token.server";

/** Public and coordinator feeds keep events that ended up to this many days ago. */
export const PAST_WINDOW_DAYS = 90;
/** How often clients are asked to poll (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const TTL_MINUTES = 60;
/** States the public sees in feeds: completed ones stay, so finishing an event does not delete it from calendars. */
const PUBLIC_STATES: EventState[] = ["planned", "confirmed", "completed", "cancelled"];
/** Assignments that put an event in a participant's feed (invited ones as TENTATIVE). */
const PARTICIPANT_STATUSES = ["invited", "accepted", "attended", "no_show"] as const;
const PUBLIC_CACHE = "public, max-age=300";
const PRIVATE_CACHE = "private, no-store";

type FeedScope =
  | { kind: "public"; regionCode: string | null; eventKind: EventKind | null }
  | { kind: "venue"; venueId: number }
  | { kind: "event"; eventId: number }
  | { kind: "participant"; participantId: number; token: string }
  | { kind: "coordinator"; userId: number };

/** A feed someone may read: what it holds and how it is written; null from a resolver means 404. */
export type FeedSpec = {
  scope: FeedScope;
  locale: Locale;
  /** "https://tuttav.example", for URLs in the feed. */
  origin: string;
  /** Domain part of UIDs. */
  uidHost: string;
  name: string;
  personal: boolean;
  /** For a one-event download. */
  filename?: string;
};

function feedContext(request: Request, ownerLocale: Locale = DEFAULT_LOCALE) {
  // The trusted origin, never the request's Host: feeds are cached publicly, and UIDs must not change.
  const requested = new URL(request.url).searchParams.get("lng");
  return { origin: trustedOrigin(), uidHost: uidHost(), locale: isLocale(requested) ? requested : ownerLocale };
}

async function translator(locale: Locale) {
  return i18next.getFixedT(locale);
}

// ---------------------------------------------------------------------------------------------
// Resolvers: each checks that the feed exists and may be read, or returns null (→ 404).

/** The public feed, optionally narrowed to a county and a kind; null for an unknown county. */
export async function resolvePublicFeed(request: Request, filter: { regionCode?: string | null; eventKind?: EventKind | null }): Promise<FeedSpec | null> {
  const context = feedContext(request);
  const t = await translator(context.locale);
  const parts = ["Tuttav"];
  if (filter.regionCode) {
    const column = `name_${context.locale}` as const;
    const region = await getDb().selectFrom("region").select(["code", column]).where("code", "=", filter.regionCode).executeTakeFirst();
    if (!region) return null;
    parts.push((region as Record<string, string>)[column]);
  }
  if (filter.eventKind) parts.push(t(`feed.kinds.${filter.eventKind}`));
  if (parts.length === 1) parts.push(t("feed.name.public"));
  return {
    ...context,
    scope: { kind: "public", regionCode: filter.regionCode ?? null, eventKind: filter.eventKind ?? null },
    name: parts.join(" – "),
    personal: false,
  };
}

/** An event kind from a query string: undefined when absent, null when not one of ours. */
export function parseEventKind(value: string | null): EventKind | null | undefined {
  if (value === null || value === "") return undefined;
  return (EVENT_KINDS as readonly string[]).includes(value) ? (value as EventKind) : null;
}

/** A positive database id from a URL segment, or null. */
export function parseId(value: string | undefined): number | null {
  return value && /^[1-9]\d{0,14}$/.test(value) ? Number(value) : null;
}

/** A venue's feed of its public events; null for an unknown venue. */
export async function resolveVenueFeed(request: Request, venueId: number | null): Promise<FeedSpec | null> {
  if (venueId === null) return null;
  const venue = await getDb()
    .selectFrom("venue")
    .innerJoin("town", "town.id", "venue.town_id")
    .select(["venue.name", "town.name as town_name"])
    .where("venue.id", "=", venueId)
    .executeTakeFirst();
  if (!venue) return null;
  const context = feedContext(request);
  return { ...context, scope: { kind: "venue", venueId }, name: `Tuttav – ${venue.name}, ${venue.town_name}`, personal: false };
}

/** One public event as a download; null when unknown, a draft or not public. */
export async function resolveEventDownload(request: Request, eventId: number | null): Promise<FeedSpec | null> {
  if (eventId === null) return null;
  const event = await getDb()
    .selectFrom("event")
    .select(["id", "title"])
    .where("id", "=", eventId)
    .where("is_public", "=", 1)
    .where("state", "in", PUBLIC_STATES)
    .executeTakeFirst();
  if (!event) return null;
  // A download is saved once, by the person reading the page: their language (link, cookie or
  // browser), unlike a subscribed feed, whose calendar app sends neither cookie nor preference.
  const context = feedContext(request, (await i18next.getLocale(request)) as Locale);
  return {
    ...context,
    scope: { kind: "event", eventId },
    name: localize(event.title, context.locale) || "Tuttav",
    personal: false,
    filename: `tuttav-event-${event.id}.ics`,
  };
}

/** A participant's private feed by their link token; null for an unknown, revoked or erased one. */
export async function resolveParticipantFeed(request: Request, token: string | undefined): Promise<FeedSpec | null> {
  const resolved = await resolveToken("participant", token);
  if (!resolved) return null;
  const participant = await getDb()
    .selectFrom("participant")
    .select(["id", "preferred_locale"])
    .where("id", "=", resolved.subjectId)
    .where("erased_at", "is", null)
    .executeTakeFirst();
  if (!participant) return null;
  await touchToken(resolved.tokenId);
  const context = feedContext(request, isLocale(participant.preferred_locale) ? participant.preferred_locale : DEFAULT_LOCALE);
  const t = await translator(context.locale);
  return { ...context, scope: { kind: "participant", participantId: participant.id, token: token! }, name: `Tuttav – ${t("feed.name.participant")}`, personal: true };
}

/** A coordinator's feed by a feed token; null for an unknown or revoked token or a disabled account. */
export async function resolveCoordinatorFeed(request: Request, token: string | undefined): Promise<FeedSpec | null> {
  const resolved = await resolveToken("coordinator_feed", token);
  if (!resolved) return null;
  const user = await getDb()
    .selectFrom("user")
    .select(["id", "preferred_locale"])
    .where("id", "=", resolved.subjectId)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  if (!user) return null;
  await touchToken(resolved.tokenId);
  const context = feedContext(request, isLocale(user.preferred_locale) ? user.preferred_locale : DEFAULT_LOCALE);
  const t = await translator(context.locale);
  return { ...context, scope: { kind: "coordinator", userId: user.id }, name: `Tuttav – ${t("feed.name.coordinator")}`, personal: true };
}

/** Notes when a token was last used, at most once an hour, so a polling client does not write on every request. */
async function touchToken(tokenId: number) {
  const at = nowIso();
  const hourAgo = new Date(Date.parse(at) - 3_600_000).toISOString();
  await getDb()
    .updateTable("access_token")
    .set({ last_used_at: at })
    .where("id", "=", tokenId)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", hourAgo)]))
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Which events a feed holds. Every query takes the executor of the request's read transaction.

type Executor = Kysely<Database> | Transaction<Database>;
type EventQuery = SelectQueryBuilder<Database, "event", object>;
type ParticipantQuery = SelectQueryBuilder<Database, "event" | "venue" | "town" | "assignment", object>;
type WindowedScope = Exclude<FeedScope, { kind: "participant" }>;

/** Start of the window of public and coordinator feeds; null for feeds without one. */
function windowStartOf(scope: FeedScope): string | null {
  if (scope.kind === "participant" || scope.kind === "event") return null;
  return new Date(Date.parse(nowIso()) - PAST_WINDOW_DAYS * 86_400_000).toISOString();
}

/** The feed's events, from the event table alone (the fingerprint needs no joins; rendering adds them). */
function eventsOf(db: Executor, scope: WindowedScope): EventQuery {
  let query = db.selectFrom("event");
  if (scope.kind === "event") return query.where("event.id", "=", scope.eventId).where("event.is_public", "=", 1).where("event.state", "in", PUBLIC_STATES);
  query = query.where("event.ends_at", ">=", windowStartOf(scope)!);
  if (scope.kind === "coordinator") return query;
  // An event taken back to draft after it was published stays, shown as cancelled to subscribers.
  query = query.where("event.is_public", "=", 1).where((eb) => eb.or([eb("event.state", "in", PUBLIC_STATES), eb.and([eb("event.state", "=", "draft"), eb("event.published_at", "is not", null)])]));
  if (scope.kind === "venue") return query.where("event.venue_id", "=", scope.venueId);
  if (scope.regionCode) {
    const venuesInRegion = db.selectFrom("venue").innerJoin("town", "town.id", "venue.town_id").select("venue.id").where("town.region_code", "=", scope.regionCode);
    query = query.where("event.venue_id", "in", venuesInRegion);
  }
  if (scope.eventKind) query = query.where("event.kind", "=", scope.eventKind);
  return query;
}

function assignmentsOf(db: Executor, participantId: number): ParticipantQuery {
  return db
    .selectFrom("assignment")
    .innerJoin("event", "event.id", "assignment.event_id")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .where("assignment.participant_id", "=", participantId)
    .where("assignment.status", "in", PARTICIPANT_STATUSES);
}

// ---------------------------------------------------------------------------------------------
// Fingerprint: one small query instead of a rebuild, and none at all while nothing changed.

/**
 * Every place a feed may name (venue name and address, town name and coordinates). Venues and
 * towns have no updated_at, so their text goes into the fingerprint itself; there are few.
 */
const PLACES_DIGEST = sql<string | null>`(SELECT group_concat(v.id || char(31) || v.name || char(31) || ifnull(v.address, '') || char(31) || t.name || char(31) || t.lat || char(31) || t.lon, char(30)) FROM venue v JOIN town t ON t.id = v.town_id)`;

/**
 * Moves whenever any row changes: total_changes() counts every row the app's one connection has
 * inserted, updated or deleted, and data_version moves when another connection (a script, a
 * second process) commits. While it stands still, a fingerprint computed earlier still holds.
 */
const CHANGE_STAMP = sql<string>`total_changes() || ':' || (SELECT data_version FROM pragma_data_version)`;

export type FeedFingerprint = { etag: string; lastModified: string | null; count: number };

/** A fingerprint as computed, with what it depended on besides the feed's variant. */
type KnownFingerprint = {
  fingerprint: FeedFingerprint;
  stamp: string;
  /** The window start it was computed for, and the earliest end among its events: until time passes that end, nobody leaves. */
  windowStart: string | null;
  earliestEnd: string | null;
};

/** The last fingerprint per feed variant; a 304 for an unchanged feed is answered from here. */
const fingerprints = createRecentCache<KnownFingerprint>(2_000, () => 1);

function stillHolds(known: KnownFingerprint, stamp: string, windowStart: string | null): boolean {
  if (known.stamp !== stamp) return false;
  if (windowStart === null || known.windowStart === null) return windowStart === known.windowStart;
  // Time going back (a pinned clock in tests) could bring events back into the window.
  return known.windowStart <= windowStart && (known.earliestEnd === null || windowStart <= known.earliestEnd);
}

/**
 * The feed's ETag without building it: count, latest change, and id, SEQUENCE and updated_at of
 * every included event (a deleted or hidden event changes the list even though nothing got a
 * newer updated_at), the places digest, and the variant (kind, filters, language, origin, name,
 * format version). Equal fingerprints mean equal bytes, so the tag is strong. Remembered per
 * variant until the database changes, so polling an unchanged feed costs one tiny query.
 */
export async function feedFingerprint(spec: FeedSpec, db: Executor = getDb()): Promise<FeedFingerprint> {
  const variant = JSON.stringify([spec.scope, spec.locale, spec.origin, spec.uidHost, spec.name, FEED_FORMAT_VERSION]);
  const windowStart = windowStartOf(spec.scope);
  // Hashed, so that private tokens in the variant are not kept in memory as they are.
  const memoKey = createHash("sha256").update(variant, "utf8").digest("base64url");
  const known = fingerprints.get(memoKey);
  if (known) {
    const { stamp } = await db.selectNoFrom(CHANGE_STAMP.as("stamp")).executeTakeFirstOrThrow();
    if (stillHolds(known, stamp, windowStart)) return known.fingerprint;
  }

  let row: { n: number; max_updated: string | null; rows: string | null; places: string | null; owner: string | null; earliest_end: string | null; stamp: string };
  if (spec.scope.kind === "participant") {
    const participantId = spec.scope.participantId;
    row = await assignmentsOf(db, participantId)
      .leftJoin("event_slot", "event_slot.id", "assignment.slot_id")
      .select([
        sql<number>`count(*)`.as("n"),
        sql<string | null>`max(max(event.updated_at, assignment.updated_at))`.as("max_updated"),
        // Few rows: everything a participant's entry shows goes into the digest.
        sql<string | null>`group_concat(event.id || ':' || event.updated_at || ':' || event.sequence || ':' || assignment.status || ':' || ifnull(event_slot.offer, '') || ':' || ifnull(assignment.travel_minutes, '') || ':' || assignment.updated_at, ',')`.as("rows"),
        PLACES_DIGEST.as("places"),
        sql<string | null>`(SELECT p.updated_at FROM participant p WHERE p.id = ${participantId})`.as("owner"),
        sql<string | null>`NULL`.as("earliest_end"),
        CHANGE_STAMP.as("stamp"),
      ])
      .executeTakeFirstOrThrow();
  } else {
    row = await eventsOf(db, spec.scope)
      .select([
        sql<number>`count(*)`.as("n"),
        sql<string | null>`max(event.updated_at)`.as("max_updated"),
        // Each event's revision, the same that keys its cached VEVENT: an edit changes the tag
        // even when another event has a newer updated_at, and SEQUENCE tells apart two changes
        // within one clock tick.
        sql<string | null>`group_concat(event.id || ' ' || event.sequence || ' ' || event.updated_at, ',')`.as("rows"),
        PLACES_DIGEST.as("places"),
        sql<string | null>`NULL`.as("owner"),
        sql<string | null>`min(event.ends_at)`.as("earliest_end"),
        CHANGE_STAMP.as("stamp"),
      ])
      .executeTakeFirstOrThrow();
  }
  const count = Number(row.n);
  const lastModified = [row.max_updated, row.owner].filter((v): v is string => v !== null).sort().at(-1) ?? null;
  const etag = feedVersion({ ids: row.rows ?? "", count, maxUpdatedAt: lastModified, variant: `${variant}\u001E${row.places ?? ""}` });
  const fingerprint = { etag, lastModified, count };
  fingerprints.set(memoKey, { fingerprint, stamp: row.stamp, windowStart, earliestEnd: row.earliest_end });
  return fingerprint;
}

// ---------------------------------------------------------------------------------------------
// Building.

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
async function renderFeed(spec: FeedSpec, db: Executor): Promise<string> {
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
    .select(sql<string | null>`group_concat(event.id || ' ' || event.venue_id || ' ' || event.sequence || ' ' || event.updated_at, char(10) ORDER BY event.starts_at, event.id)`.as("list"))
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

// ---------------------------------------------------------------------------------------------
// In-process caches.

/**
 * A bounded cache that keeps what was used lately, in two generations: entries go into the
 * current one until it holds half the bound, then it becomes the old one and the one before is
 * dropped; a hit in the old generation moves the entry back up. Unlike a strict LRU, a hit in the
 * current generation costs one lookup, which matters at 10 000 lookups per feed.
 */
function createRecentCache<V>(maxSize: number, sizeOf: (value: V) => number) {
  const half = maxSize / 2;
  let current = new Map<string, V>();
  let old = new Map<string, V>();
  let currentSize = 0;
  const put = (key: string, value: V, size: number) => {
    current.set(key, value);
    currentSize += size;
    if (currentSize > half) {
      old = current;
      current = new Map();
      currentSize = 0;
    }
  };
  return {
    get(key: string): V | undefined {
      const value = current.get(key);
      if (value !== undefined) return value;
      const aged = old.get(key);
      if (aged !== undefined) {
        old.delete(key);
        put(key, aged, sizeOf(aged));
      }
      return aged;
    },
    set(key: string, value: V) {
      const size = sizeOf(value);
      if (size > half) return;
      const replaced = current.get(key);
      if (replaced !== undefined) currentSize -= sizeOf(replaced);
      old.delete(key);
      put(key, value, size);
    },
    clear() {
      current = new Map();
      old = new Map();
      currentSize = 0;
    },
  };
}

/** The last bodies built, UTF-8 encoded, per ETag: repeated full GETs of an unchanged feed cost a lookup. */
const bodies = createRecentCache<Uint8Array<ArrayBuffer>>(48 * 1024 * 1024, (body) => body.byteLength);
const utf8 = new TextEncoder();

/**
 * Forgets every built feed, rendered event and fingerprint, so the next request builds from
 * scratch; or only the built feeds ("bodies"), so it is built again from the cached VEVENTs.
 * For tests and the benchmark.
 */
export function clearFeedCache(what: "all" | "bodies" = "all") {
  bodies.clear();
  if (what === "bodies") return;
  vevents.clear();
  forgetVariants();
  fingerprints.clear();
}

// ---------------------------------------------------------------------------------------------
// HTTP.

/** True when If-None-Match names this ETag (weak comparison, as RFC 9110 §13.1.2 asks) or is "*". */
function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === opaque);
}

/**
 * The HTTP answer for a feed: 404 for null; a redirect for `?subscribe=webcal|google` (pages
 * without the absolute origin link there); 304 from the fingerprint alone; else the body,
 * from the cache when the fingerprint was built before.
 */
export async function feedResponse(request: Request, spec: FeedSpec | null, options: { personal?: boolean } = {}): Promise<Response> {
  const url = new URL(request.url);
  const personal = spec?.personal ?? options.personal ?? false;
  const baseHeaders: Record<string, string> = { "Cache-Control": personal ? PRIVATE_CACHE : PUBLIC_CACHE };
  if (personal) baseHeaders["X-Robots-Tag"] = "noindex";
  if (!spec) throw new Response("Not found", { status: 404, headers: { ...baseHeaders, "Cache-Control": personal ? PRIVATE_CACHE : "no-store" } });

  const subscribe = url.searchParams.get("subscribe");
  if (subscribe === "webcal" || subscribe === "google") {
    url.searchParams.delete("subscribe");
    const webcal = `${spec.origin}${url.pathname}${url.search}`.replace(/^https?:\/\//, "webcal://");
    const location = subscribe === "webcal" ? webcal : googleCalendarUrl(webcal);
    return new Response(null, { status: 302, headers: { Location: location, "Cache-Control": PRIVATE_CACHE, ...(personal ? { "X-Robots-Tag": "noindex" } : {}) } });
  }

  const ifNoneMatch = request.headers.get("If-None-Match");
  // One read transaction: the ETag and the body come from the same state of the database, even
  // when another request writes between our queries.
  const { fingerprint, body } = await getDb()
    .transaction()
    .execute(async (trx) => {
      const fingerprint = await feedFingerprint(spec, trx);
      // Only If-None-Match: Last-Modified cannot see an event that left the feed, so
      // If-Modified-Since alone could wrongly answer 304.
      if (matchesIfNoneMatch(ifNoneMatch, fingerprint.etag)) return { fingerprint, body: null };
      let body = bodies.get(fingerprint.etag);
      if (body === undefined) {
        body = utf8.encode(await renderFeed(spec, trx));
        bodies.set(fingerprint.etag, body);
      }
      return { fingerprint, body };
    });

  const headers = new Headers(baseHeaders);
  // Weak: the server compresses the body for some clients and not others, and a strong tag would
  // claim the gzip and identity bytes are the same (RFC 9110 §8.8.3).
  headers.set("ETag", `W/${fingerprint.etag}`);
  if (fingerprint.lastModified) headers.set("Last-Modified", new Date(fingerprint.lastModified).toUTCString());
  if (body === null) return new Response(null, { status: 304, headers });
  headers.set("Content-Type", "text/calendar; charset=utf-8");
  if (spec.filename) {
    headers.set("Content-Disposition", `attachment; filename="${spec.filename}"`);
    // Its language may come from the cookie or the browser (see resolveEventDownload).
    headers.set("Vary", "Cookie, Accept-Language");
  }
  return new Response(request.method === "HEAD" ? null : body, { status: 200, headers });
}

/** Google Calendar's "add by URL" link (the same as SubscribeLinks builds in the browser). */
function googleCalendarUrl(webcal: string): string {
  return `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`;
}

// ---------------------------------------------------------------------------------------------
// The public venue page.

/** A venue as the public page shows it, with its upcoming public events; null when unknown. */
export async function getPublicVenue(venueId: number | null) {
  if (venueId === null) return null;
  const db = getDb();
  const venue = await db
    .selectFrom("venue")
    .innerJoin("town", "town.id", "venue.town_id")
    .select(["venue.id", "venue.name", "venue.venue_type", "venue.address", "venue.capacity", "venue.step_free", "venue.child_friendly", "town.name as town_name", "town.region_code"])
    .where("venue.id", "=", venueId)
    .executeTakeFirst();
  if (!venue) return null;
  const events = await db
    .selectFrom("event")
    .select(["id", "kind", "state", "title", "starts_at", "ends_at", "audience"])
    .where("venue_id", "=", venueId)
    .where("is_public", "=", 1)
    .where("state", "in", ["planned", "confirmed", "cancelled"])
    .where("ends_at", ">", nowIso())
    .orderBy("starts_at")
    .orderBy("id")
    .limit(50)
    .execute();
  return {
    id: venue.id,
    name: venue.name,
    type: venue.venue_type,
    address: venue.address,
    capacity: venue.capacity,
    stepFree: venue.step_free === 1,
    childFriendly: venue.child_friendly === 1,
    townName: venue.town_name,
    regionCode: venue.region_code,
    events: events.map((e) => ({ id: e.id, kind: e.kind, state: e.state, audience: e.audience, titleJson: e.title, startsAt: e.starts_at, endsAt: e.ends_at })),
  };
}

// ---------------------------------------------------------------------------------------------
// Coordinator feed tokens.

export type CoordinatorFeedToken = { id: number; createdAt: string; lastUsedAt: string | null };

/** A coordinator's live feed tokens, newest first (never the secret itself). */
export async function listCoordinatorFeedTokens(userId: number): Promise<CoordinatorFeedToken[]> {
  const rows = await getDb()
    .selectFrom("access_token")
    .select(["id", "created_at", "last_used_at"])
    .where("purpose", "=", "coordinator_feed")
    .where("subject_id", "=", userId)
    .where("revoked_at", "is", null)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

/** Issues a new coordinator feed token; returns the raw token, shown once. Audited. */
export async function createCoordinatorFeedToken(userId: number): Promise<string> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const token = await issueToken(trx, "coordinator_feed", userId);
      const row = await trx.selectFrom("access_token").select("id").where("purpose", "=", "coordinator_feed").where("subject_id", "=", userId).orderBy("id", "desc").executeTakeFirstOrThrow();
      await audit(trx, { kind: "user", userId } satisfies Actor, "feed_token.create", "access_token", row.id);
      return token;
    });
}

/** Revokes one of the coordinator's own feed tokens; false when it is not theirs or already revoked. Audited. */
export async function revokeCoordinatorFeedToken(userId: number, tokenId: number): Promise<boolean> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const result = await trx
        .updateTable("access_token")
        .set({ revoked_at: nowIso() })
        .where("id", "=", tokenId)
        .where("purpose", "=", "coordinator_feed")
        .where("subject_id", "=", userId)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await audit(trx, { kind: "user", userId }, "feed_token.revoke", "access_token", tokenId);
      return true;
    });
}
