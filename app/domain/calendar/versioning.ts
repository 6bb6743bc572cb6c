import { createHash } from "node:crypto";

import type { EventState } from "~/domain/vocabulary";

/** Bump whenever the rendered text changes for the same data, so old fingerprints stop matching. */
export const FEED_FORMAT_VERSION = 2;

/** The fields of an event whose change clients must notice (RFC 5545 §3.8.7.4). */
export type SequenceFields = { startsAt: string; endsAt: string; venueId: number | null; state: EventState };

/** What makes SEQUENCE go up: a change of start, end, venue/place or status. */
export function needsSequenceBump(before: SequenceFields, after: SequenceFields): boolean {
  return !sameInstant(before.startsAt, after.startsAt) || !sameInstant(before.endsAt, after.endsAt) || before.venueId !== after.venueId || before.state !== after.state;
}

/** "…15:00:00Z" and "…15:00:00.000Z" are the same time and must not bump SEQUENCE. */
function sameInstant(a: string, b: string): boolean {
  return a === b || Date.parse(a) === Date.parse(b);
}

/** Strong ETag of a rendered feed: the quoted base64url SHA-256 of its bytes. */
export function feedEtag(body: string): string {
  return `"${createHash("sha256").update(body, "utf8").digest("base64url")}"`;
}

/**
 * A strong ETag for a feed computed without building it, so a 304 costs one small query.
 *
 * Strong only because of the caller's promise that equal parts mean equal bytes: `maxUpdatedAt`
 * and `ids` must cover every included event (a deleted one changes count and ids, not the max),
 * and `variant` everything else that changes the text: feed kind, filters, name, language,
 * origin, and the text of places, which carry no updated_at. `ids` may come pre-joined from SQL.
 */
export function feedVersion(parts: { ids: readonly number[] | string; maxUpdatedAt: string | null; count: number; variant: string }): string {
  const ids = typeof parts.ids === "string" ? parts.ids : parts.ids.join(",");
  const key = JSON.stringify([FEED_FORMAT_VERSION, parts.variant, parts.count, parts.maxUpdatedAt, ids]);
  return `"${createHash("sha256").update(key, "utf8").digest("base64url")}"`;
}
