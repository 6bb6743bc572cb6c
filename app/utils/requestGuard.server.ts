/**
 * What the server checks before Remix sees a request (scripts/server.mjs calls these through the
 * server build): the Host it is addressed to, its method, where a form post comes from, and the
 * size and field count of its body. Pure functions: given the request's facts, null (go on) or a
 * refusal, which refusalPage.server.ts turns into a translated page.
 */
import { isOneOf } from "~/domain/vocabulary";

import { originPolicy, type OriginPolicy } from "./origin.server";

/** The methods some route handles; anything else is 405 (no route uses PUT, PATCH or DELETE). */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST"] as const;

/**
 * The largest form body: the biggest form (an event or series with 5 000-character descriptions
 * in all four languages) stays under it even when every character is percent-encoded as three
 * UTF-8 bytes (about 190 KB).
 */
export const FORM_BODY_LIMIT = 256 * 1024;
/** Where a file is uploaded (the CSV import): the route's own 2 MB file limit plus room for the multipart envelope. */
export const UPLOAD_BODY_LIMIT = 2 * 1024 * 1024 + 64 * 1024;
/** Paths whose form carries a file, in lower case without a trailing slash. */
const UPLOAD_PATHS: ReadonlySet<string> = new Set(["/admin/participants/import"]);
/**
 * The travel claim form (/me/<token>/claims/<id>) carries a receipt of at most 5 MB: room for
 * twice that, so a file somewhat over the limit still reaches the form and gets its message there.
 */
export const RECEIPT_BODY_LIMIT = 10 * 1024 * 1024 + 64 * 1024;
const RECEIPT_PATH = /^\/me\/[^/]+\/claims\/[^/]+$/;
/** More fields than any form has (the longest, the participant form, has at most ~450); bounds parsing and validation work. */
export const MAX_FORM_FIELDS = 1000;

export type RefusalReason = "host" | "method" | "origin" | "tooLarge" | "tooManyFields" | "badBody";

/** Why a request is answered by the server itself; `messageKey` names its texts (title, text). */
export type Refusal = {
  status: 400 | 403 | 405 | 413;
  reason: RefusalReason;
  messageKey: `edge.${RefusalReason}`;
  headers?: Record<string, string>;
};

const refusal = (status: Refusal["status"], reason: RefusalReason, headers?: Record<string, string>): Refusal => ({
  status,
  reason,
  messageKey: `edge.${reason}`,
  ...(headers ? { headers } : {}),
});

/** The request line and headers the checks need; header values as received (undefined when absent). */
export type RequestFacts = {
  method: string;
  /** The Host the request is addressed to (X-Forwarded-Host behind a trusted proxy). */
  host: string | undefined;
  origin: string | undefined;
  referer: string | undefined;
};

/**
 * The checks on the request line and headers, in order: a Host that is not this app's (400),
 * a method no route handles (405), a non-GET whose Origin (or, lacking it, Referer) is another
 * site's (403). A request with neither Origin nor Referer comes from no browser page and goes on.
 */
export function checkRequest(facts: RequestFacts, policy: OriginPolicy): Refusal | null {
  if (!facts.host || !policy.hosts.has(facts.host.toLowerCase())) return refusal(400, "host");
  const method = facts.method.toUpperCase();
  if (!isOneOf(ALLOWED_METHODS, method)) return refusal(405, "method", { Allow: ALLOWED_METHODS.join(", ") });
  if (method !== "GET" && method !== "HEAD") {
    const claimed = facts.origin !== undefined ? originOf(facts.origin) : facts.referer !== undefined ? originOf(facts.referer) : undefined;
    if (claimed !== undefined && (claimed === null || !policy.origins.has(claimed))) return refusal(403, "origin");
  }
  return null;
}

/** checkRequest with the policy of this process (APP_ORIGIN, NODE_ENV, PORT). */
export function guardRequest(facts: RequestFacts): Refusal | null {
  return checkRequest(facts, originPolicy());
}

/** The serialised origin of an Origin or Referer value; null for "null" or anything unparsable. */
function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

/** How many body bytes a request to `path` may send (the path as received, without the query). */
export function bodyLimit(path: string): number {
  const segments = path
    .split("/")
    .filter(Boolean)
    .map((segment) => safeDecode(segment).toLowerCase());
  const normalised = `/${segments.join("/")}`;
  if (RECEIPT_PATH.test(normalised)) return RECEIPT_BODY_LIMIT;
  return UPLOAD_PATHS.has(normalised) ? UPLOAD_BODY_LIMIT : FORM_BODY_LIMIT;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * How many fields a form body holds, counted in one pass over its bytes: `&`-separated parts of
 * an urlencoded body, parts of a multipart one; 0 for other types (the routes refuse those).
 */
export function countFormFields(contentType: string | undefined, body: Uint8Array): number {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") {
    let fields = 0;
    let inField = false;
    for (let i = 0; i < body.length; i++) {
      if (body[i] === 0x26 /* & */) inField = false;
      else if (!inField) {
        inField = true;
        fields += 1;
      }
    }
    return fields;
  }
  if (type === "multipart/form-data") {
    const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
    if (!boundary) return 0;
    const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
    const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    let delimiters = 0;
    for (let at = bytes.indexOf(delimiter); at !== -1; at = bytes.indexOf(delimiter, at + delimiter.length)) delimiters += 1;
    // n parts have n + 1 delimiters (the last one closes the body).
    return Math.max(0, delimiters - 1);
  }
  return 0;
}

/** The check on a body that was read within its limit: too many fields is 400. */
export function checkFormBody(contentType: string | undefined, body: Uint8Array): Refusal | null {
  return countFormFields(contentType, body) > MAX_FORM_FIELDS ? refusal(400, "tooManyFields") : null;
}

/** The refusal for a body that could not be read: over its limit (413), or cut off, encoded or malformed (400). */
export function bodyRefusal(problem: "tooLarge" | "badBody"): Refusal {
  return problem === "tooLarge" ? refusal(413, "tooLarge") : refusal(400, "badBody");
}

/**
 * Pages that must never be stored by a browser or proxy: every coordinator page (/admin…) and
 * every page behind a private link (/me/<token>…, /request/status/<token>). Calendar feeds
 * (/feeds/…) are not among them: they have their own caching.
 */
export function isPrivatePage(path: string): boolean {
  const [first, second] = path
    .split("/")
    .filter(Boolean)
    .map((segment) => safeDecode(segment).toLowerCase());
  if (first === "admin") return true;
  if (first === "me") return second !== undefined && second !== "lost";
  if (first === "request") return second === "status";
  return false;
}
