/**
 * Resolvers: each checks that a feed exists and may be read, and says what it holds and how it is
 * written (a FeedSpec), or returns null (→ 404).
 *
 * Language: only `?lng=` (else the owner's language, else Estonian) picks a feed's language, never
 * a cookie or Accept-Language, so a URL always means the same bytes and a shared cache is safe.
 * The one exception is a single event's download (see resolveEventDownload).
 */
import { localize } from "~/domain/localizedText";
import { DEFAULT_LOCALE, EVENT_KINDS, isOneOf, type EventKind, type Locale } from "~/domain/vocabulary";
import { isLocale } from "~/i18n/config";
import { i18next } from "~/i18n/i18next.server";
import { nowIso } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { trustedOrigin, uidHost } from "~/utils/origin.server";

import { resolveToken } from "../token.server";

import { PUBLIC_STATES, type FeedSpec } from "./query.server";

function feedContext(request: Request, ownerLocale: Locale = DEFAULT_LOCALE) {
  // The trusted origin, never the request's Host: feeds are cached publicly, and UIDs must not change.
  const requested = new URL(request.url).searchParams.get("lng");
  return { origin: trustedOrigin(), uidHost: uidHost(), locale: isLocale(requested) ? requested : ownerLocale };
}

/** The public feed, optionally narrowed to a county and a kind; null for an unknown county. */
export async function resolvePublicFeed(request: Request, filter: { regionCode?: string | null; eventKind?: EventKind | null }): Promise<FeedSpec | null> {
  const context = feedContext(request);
  const t = await i18next.getFixedT(context.locale);
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
  return isOneOf(EVENT_KINDS, value) ? value : null;
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
  const t = await i18next.getFixedT(context.locale);
  return { ...context, scope: { kind: "participant", participantId: participant.id, token: token! }, name: `Tuttav – ${t("feed.name.participant")}`, personal: true };
}

/** A coordinator's feed by a feed token; null for an unknown or revoked token or a disabled account. */
export async function resolveCoordinatorFeed(request: Request, token: string | undefined): Promise<FeedSpec | null> {
  const resolved = await resolveToken("coordinator_feed", token);
  if (!resolved) return null;
  const user = await getDb().selectFrom("user").select(["id", "preferred_locale"]).where("id", "=", resolved.subjectId).where("disabled_at", "is", null).executeTakeFirst();
  if (!user) return null;
  await touchToken(resolved.tokenId);
  const context = feedContext(request, isLocale(user.preferred_locale) ? user.preferred_locale : DEFAULT_LOCALE);
  const t = await i18next.getFixedT(context.locale);
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
