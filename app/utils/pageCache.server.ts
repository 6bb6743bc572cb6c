/**
 * Rendered anonymous public pages (`/`, `/events` with its query, `/events/:id`, `/venues/:id`,
 * and the empty forms `/join` and `/login`), kept so the next anonymous visitor gets the same bytes
 * without a render.
 *
 * - Only GET requests for those paths, without `?_data` and with no cookie but the language one:
 *   a session, a login-throttle or any other cookie means the page may be personal, so it is
 *   rendered. Private-link and coordinator paths never match.
 * - Keyed by the language the page is rendered in and the exact path and query (Remix writes the
 *   URL into the page for hydration, so two spellings of one query are two pages).
 * - Only whole 200 HTML answers whose only Set-Cookie (if any) is the language cookie that ?lng=
 *   sets; that cookie is computed again for each request, never replayed.
 * - Valid while the database has not changed at all (SQLite's total_changes() of the app's one
 *   connection plus data_version for other connections: every input of every page is covered),
 *   and for at most MAX_AGE_MS, because the pages say what is upcoming as of now.
 * - The same bytes for every visitor, so they are compressed once, when stored (gzip and brotli),
 *   and sent as the visitor's Accept-Encoding asks without compressing again. For that a stored
 *   page carries no nonce: the one it was rendered with is taken out, and its CSP allows exactly
 *   its own inline scripts by their SHA-256 instead (contentSecurityPolicy.server.ts).
 */
import { promisify } from "node:util";
import zlib from "node:zlib";

import { sql } from "kysely";

import { isLocale } from "~/i18n/config";
import { i18next, localeCookie } from "~/i18n/i18next.server";

import { now } from "./clock.server";
import { contentSecurityPolicy, inlineScriptHashes } from "./contentSecurityPolicy.server";
import { changeStampSql, getDb } from "./db.server";

/** How long a stored page may be served while the data stands still ("upcoming" moves with time). */
export const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 500;
const MAX_BYTES = 64 * 1024 * 1024;

// /join and /login are forms that carry nothing per visitor: no CSRF token (a cross-site post is
// refused by its Origin, requestGuard.server.ts), no flash message, the same honeypot for all; a
// `?redirectTo=` or `?sent=1` is part of the key. /login sends a logged-in visitor on to /admin,
// which needs the session cookie, and its "known device" cookie (__known) is one more cookie:
// both mean no cache. Only GETs: an answer to a POST (errors, a wrong password) is never kept.
const CACHEABLE_PATHS = [/^\/$/, /^\/events$/, /^\/events\/\d{1,15}$/, /^\/venues\/\d{1,15}$/, /^\/join$/, /^\/login$/];
/** The one cookie a public page may depend on; it only picks the language, which is in the key. */
const LANGUAGE_COOKIE = "lng";

/** The names of the cookies in a Cookie header. */
function cookieNames(header: string | null): string[] {
  if (!header) return [];
  return header
    .split(";")
    .map((part) => part.split("=")[0].trim())
    .filter(Boolean);
}

/** Whether an answer to this request may come from, or go into, the cache. */
export function isCacheableRequest(request: { method: string; url: string; cookie: string | null }): boolean {
  if (request.method !== "GET") return false;
  const url = new URL(request.url);
  if (!CACHEABLE_PATHS.some((pattern) => pattern.test(url.pathname))) return false;
  if (url.searchParams.has("_data")) return false;
  return cookieNames(request.cookie).every((name) => name === LANGUAGE_COOKIE);
}

/** The cache key: language, then the path and query exactly as requested. */
export function pageKey(url: string, locale: string): string {
  const { pathname, search } = new URL(url);
  return `${locale} ${pathname}${search}`;
}

/** Whether a rendered answer may be stored: a 200 HTML page setting no cookie but `languageCookie`. */
export function isCacheableResponse(response: { status: number; headers: Headers }, languageCookie: string | null): boolean {
  if (response.status !== 200) return false;
  if (!response.headers.get("Content-Type")?.startsWith("text/html")) return false;
  if (/no-store|private/i.test(response.headers.get("Cache-Control") ?? "")) return false;
  const cookies = response.headers.getSetCookie();
  return cookies.length === 0 || (cookies.length === 1 && cookies[0] === languageCookie);
}

/**
 * The page without the nonce it was rendered with (every `nonce="…"` attribute taken out), or null
 * when the nonce appears anywhere else, so that such a page is never stored.
 */
export function withoutNonce(html: string, nonce: string | undefined): string | null {
  if (!nonce) return html;
  const stripped = html.replaceAll(` nonce="${nonce}"`, "");
  return stripped.includes(nonce) ? null : stripped;
}

export type Encoding = "br" | "gzip" | "identity";

/** The stored encoding an Accept-Encoding header prefers (brotli, then gzip, then none); q=0 refuses one. */
export function preferredEncoding(acceptEncoding: string | null): Encoding {
  const weights = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").split(",")) {
    const [name, ...parameters] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = parameters.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name.trim(), q === undefined ? 1 : Number(q) || 0);
  }
  const weight = (name: string) => weights.get(name) ?? weights.get("*") ?? 0;
  const [br, gzip] = [weight("br"), weight("gzip")];
  if (br > 0 && br >= gzip) return "br";
  if (gzip > 0) return "gzip";
  return "identity";
}

type Entry = {
  bodies: Record<Encoding, Buffer>;
  status: number;
  headers: [string, string][];
  stamp: string;
  storedAt: number;
  bytes: number;
};

/** Headers a stored page does not keep: cookies are per request, the rest is set when it is sent. */
const UNSTORED_HEADERS = new Set(["set-cookie", "content-length", "content-encoding", "content-security-policy", "x-tuttav-cache"]);

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** A stored page as sent: the body in the encoding the visitor takes, with the page's own CSP. */
function send(entry: Entry, encoding: Encoding, languageCookie: string | null, cache: "hit" | "miss"): Response {
  const headers = new Headers(entry.headers);
  const body = entry.bodies[encoding];
  if (encoding !== "identity") headers.set("Content-Encoding", encoding);
  headers.set("Content-Length", String(body.length));
  headers.append("Vary", "Accept-Encoding");
  if (languageCookie) headers.append("Set-Cookie", languageCookie);
  headers.set("X-Tuttav-Cache", cache);
  // A view of the stored bytes, not a copy (zlib and Buffer.from never hand out a SharedArrayBuffer).
  return new Response(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length), { status: entry.status, headers });
}

const entries = new Map<string, Entry>();
let storedBytes = 0;

function forget(key: string) {
  const entry = entries.get(key);
  if (!entry) return;
  storedBytes -= entry.bytes;
  entries.delete(key);
}

function remember(key: string, entry: Entry) {
  forget(key);
  entries.set(key, entry);
  storedBytes += entry.bytes;
  // Oldest first (a Map keeps insertion order; a hit moves its entry to the end).
  for (const oldest of entries.keys()) {
    if (entries.size <= MAX_ENTRIES && storedBytes <= MAX_BYTES) break;
    forget(oldest);
  }
}

/** Moves whenever any row changes, through this process's connection or another one. */
async function changeStamp(): Promise<string> {
  const db = getDb();
  const { rows } = await sql<{ stamp: string }>`SELECT ${changeStampSql(db)} AS stamp`.execute(db);
  return rows[0].stamp;
}

/** The language cookie the root loader sets for this request (?lng=), computed afresh. */
async function languageCookieFor(url: URL): Promise<string | null> {
  const requested = url.searchParams.get("lng");
  return isLocale(requested) ? localeCookie.serialize(requested) : null;
}

export type PageCacheSlot = {
  /** The stored page, compressed as the request accepts, or null when there is none or it is stale. */
  cached(): Response | null;
  /**
   * Stores `response` (rendered with `nonce`) when it may be stored, and returns what to send: the
   * stored page, exactly as the next visitor gets it, or else `response` itself.
   */
  keep(response: Response, nonce: string | undefined): Promise<Response>;
};

/**
 * The cache's place for this request, or null when its answer may not be cached. The data's
 * change stamp is read here, before any render, so a page rendered while someone writes is
 * stored under the old stamp and never served after the write.
 */
export async function openPageCache(request: Request): Promise<PageCacheSlot | null> {
  if (!isCacheableRequest({ method: request.method, url: request.url, cookie: request.headers.get("Cookie") })) return null;
  const url = new URL(request.url);
  const [locale, stamp, languageCookie] = await Promise.all([i18next.getLocale(request), changeStamp(), languageCookieFor(url)]);
  const key = pageKey(request.url, locale);
  const encoding = preferredEncoding(request.headers.get("Accept-Encoding"));
  return {
    cached() {
      const entry = entries.get(key);
      if (!entry) return null;
      if (entry.stamp !== stamp || now().getTime() - entry.storedAt > MAX_AGE_MS) {
        forget(key);
        return null;
      }
      // Most recently used last.
      entries.delete(key);
      entries.set(key, entry);
      return send(entry, encoding, languageCookie, "hit");
    },
    async keep(response, nonce) {
      if (!isCacheableResponse(response, languageCookie)) return response;
      const rendered = await response.text();
      const html = withoutNonce(rendered, nonce);
      if (html === null) return new Response(rendered, { status: response.status, statusText: response.statusText, headers: response.headers });
      const identity = Buffer.from(html, "utf8");
      // Compressed once here, off the main thread; every later visitor gets these bytes.
      const [gzipped, brotlied] = await Promise.all([
        gzip(identity, { level: 9 }),
        brotli(identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
      ]);
      const headers = [...response.headers].filter(([name]) => !UNSTORED_HEADERS.has(name.toLowerCase()));
      headers.push(["Content-Security-Policy", contentSecurityPolicy({ hashes: inlineScriptHashes(html) })]);
      const entry: Entry = {
        bodies: { identity, gzip: gzipped, br: brotlied },
        status: response.status,
        headers,
        stamp,
        storedAt: now().getTime(),
        bytes: identity.length + gzipped.length + brotlied.length,
      };
      remember(key, entry);
      return send(entry, encoding, languageCookie, "miss");
    },
  };
}
