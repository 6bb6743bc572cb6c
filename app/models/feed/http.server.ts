/**
 * The HTTP answer for a feed, and the feeds' caches as a whole.
 *
 * Speed (10 000 events): in this process we keep each feed's last fingerprint until the database
 * changes (a 304 then costs one tiny query; fingerprint.server.ts), each event's rendered VEVENT
 * per revision (so after an edit only that event is rendered again, and its row alone is read in
 * full; render.server.ts), and the last built bodies per ETag (here).
 */
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/params";
import { createRecentCache } from "~/utils/recentCache";

import { feedFingerprint, forgetFingerprints } from "./fingerprint.server";
import type { FeedSpec } from "./query.server";
import { forgetRenderedEvents, renderFeed } from "./render.server";

const PUBLIC_CACHE = "public, max-age=300";
const PRIVATE_CACHE = "private, no-store";

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
  forgetRenderedEvents();
  forgetFingerprints();
}

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
  if (!spec) return notFound({ ...baseHeaders, "Cache-Control": personal ? PRIVATE_CACHE : "no-store" });

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
