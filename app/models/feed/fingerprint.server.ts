/**
 * A feed's fingerprint (ETag, Last-Modified, count) for 304s: one small query instead of a
 * rebuild, and none at all while nothing changed.
 */
import { createHash } from "node:crypto";

import { sql } from "kysely";

import { feedVersion, FEED_FORMAT_VERSION } from "~/domain/calendar";
import { changeStampSql, getDb } from "~/utils/db.server";
import { createRecentCache } from "~/utils/recentCache";

import { charCode, greatest, groupConcat, textOrEmpty } from "../sqlDialect.server";

import { assignmentsOf, eventsOf, windowStartOf, type Executor, type FeedSpec } from "./query.server";

/**
 * Every place a feed may name (venue name and address, town name and coordinates). Venues and
 * towns have no updated_at, so their text goes into the fingerprint itself; there are few.
 */
function placesDigest(db: Executor) {
  const us = charCode(db, 31);
  const place = sql`v.id || ${us} || v.name || ${us} || ${textOrEmpty(db, sql`v.address`)} || ${us} || t.name || ${us} || t.lat || ${us} || t.lon`;
  return sql<string | null>`(SELECT ${groupConcat(db, place, "\u001E", sql`v.id`, { sqliteOrder: false })} FROM venue v JOIN town t ON t.id = v.town_id)`;
}

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

/** Forgets every remembered fingerprint (see clearFeedCache). */
export function forgetFingerprints() {
  fingerprints.clear();
}

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
    const { stamp } = await db.selectNoFrom(changeStampSql(db).as("stamp")).executeTakeFirstOrThrow();
    if (stillHolds(known, stamp, windowStart)) return known.fingerprint;
  }

  let row: { n: number; max_updated: string | null; rows: string | null; places: string | null; owner: string | null; earliest_end: string | null; stamp: string };
  if (spec.scope.kind === "participant") {
    const participantId = spec.scope.participantId;
    row = await assignmentsOf(db, participantId)
      .leftJoin("event_slot", "event_slot.id", "assignment.slot_id")
      .select([
        sql<number>`count(*)`.as("n"),
        sql<string | null>`max(${greatest(db, sql`event.updated_at`, sql`assignment.updated_at`)})`.as("max_updated"),
        // Few rows: everything a participant's entry shows goes into the digest.
        groupConcat(
          db,
          sql`event.id || ':' || event.updated_at || ':' || event.sequence || ':' || assignment.status || ':' || ${textOrEmpty(db, sql`event_slot.offer`)} || ':' || ${textOrEmpty(db, sql`assignment.travel_minutes`)} || ':' || assignment.updated_at`,
          ",",
          sql`event.id`,
          { sqliteOrder: false },
        ).as("rows"),
        placesDigest(db).as("places"),
        sql<string | null>`(SELECT p.updated_at FROM participant p WHERE p.id = ${participantId})`.as("owner"),
        sql<string | null>`NULL`.as("earliest_end"),
        changeStampSql(db).as("stamp"),
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
        groupConcat(db, sql`event.id || ' ' || event.sequence || ' ' || event.updated_at`, ",", sql`event.id`, { sqliteOrder: false }).as("rows"),
        placesDigest(db).as("places"),
        sql<string | null>`NULL`.as("owner"),
        sql<string | null>`min(event.ends_at)`.as("earliest_end"),
        changeStampSql(db).as("stamp"),
      ])
      .executeTakeFirstOrThrow();
  }
  const count = Number(row.n);
  const lastModified =
    [row.max_updated, row.owner]
      .filter((v): v is string => v !== null)
      .sort()
      .at(-1) ?? null;
  const etag = feedVersion({ ids: row.rows ?? "", count, maxUpdatedAt: lastModified, variant: `${variant}\u001E${row.places ?? ""}` });
  const fingerprint = { etag, lastModified, count };
  fingerprints.set(memoKey, { fingerprint, stamp: row.stamp, windowStart, earliestEnd: row.earliest_end });
  return fingerprint;
}
