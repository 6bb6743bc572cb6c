/**
 * What a feed is (its scope, language and names) and which events it holds.
 *
 * Windows: public feeds (all, region, venue) and the coordinator feed hold events that ended at
 * most PAST_WINDOW_DAYS days ago and everything after; a participant's feed holds all of their
 * accepted or invited events (and cancelled ones they were on), however old.
 */
import type { Kysely, SelectQueryBuilder, Transaction } from "kysely";

import type { Database } from "#db/schema";
import type { EventKind, EventState, Locale } from "~/domain/vocabulary";
import { nowIso } from "~/utils/clock.server";

/** Public and coordinator feeds keep events that ended up to this many days ago. */
export const PAST_WINDOW_DAYS = 90;
/** States the public sees in feeds: completed ones stay, so finishing an event does not delete it from calendars. */
export const PUBLIC_STATES: EventState[] = ["planned", "confirmed", "completed", "cancelled"];
/** Assignments that put an event in a participant's feed (invited ones as TENTATIVE). */
const PARTICIPANT_STATUSES = ["invited", "accepted", "attended", "no_show"] as const;

export type FeedScope =
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

// Every query takes the executor of the request's read transaction.
export type Executor = Kysely<Database> | Transaction<Database>;
type EventQuery = SelectQueryBuilder<Database, "event", object>;
type ParticipantQuery = SelectQueryBuilder<Database, "event" | "venue" | "town" | "assignment", object>;
type WindowedScope = Exclude<FeedScope, { kind: "participant" }>;

/** Start of the window of public and coordinator feeds; null for feeds without one. */
export function windowStartOf(scope: FeedScope): string | null {
  if (scope.kind === "participant" || scope.kind === "event") return null;
  return new Date(Date.parse(nowIso()) - PAST_WINDOW_DAYS * 86_400_000).toISOString();
}

/** The feed's events, from the event table alone (the fingerprint needs no joins; rendering adds them). */
export function eventsOf(db: Executor, scope: WindowedScope): EventQuery {
  let query = db.selectFrom("event");
  if (scope.kind === "event") return query.where("event.id", "=", scope.eventId).where("event.is_public", "=", 1).where("event.state", "in", PUBLIC_STATES);
  query = query.where("event.ends_at", ">=", windowStartOf(scope)!);
  if (scope.kind === "coordinator") return query;
  // An event taken back to draft after it was published stays, shown as cancelled to subscribers.
  query = query
    .where("event.is_public", "=", 1)
    .where((eb) => eb.or([eb("event.state", "in", PUBLIC_STATES), eb.and([eb("event.state", "=", "draft"), eb("event.published_at", "is not", null)])]));
  if (scope.kind === "venue") return query.where("event.venue_id", "=", scope.venueId);
  if (scope.regionCode) {
    const venuesInRegion = db.selectFrom("venue").innerJoin("town", "town.id", "venue.town_id").select("venue.id").where("town.region_code", "=", scope.regionCode);
    query = query.where("event.venue_id", "in", venuesInRegion);
  }
  if (scope.eventKind) query = query.where("event.kind", "=", scope.eventKind);
  return query;
}

/** A participant's assignments that put an event in their feed, joined to the event and its place. */
export function assignmentsOf(db: Executor, participantId: number): ParticipantQuery {
  return db
    .selectFrom("assignment")
    .innerJoin("event", "event.id", "assignment.event_id")
    .innerJoin("venue", "venue.id", "event.venue_id")
    .innerJoin("town", "town.id", "venue.town_id")
    .where("assignment.participant_id", "=", participantId)
    .where("assignment.status", "in", PARTICIPANT_STATUSES);
}
