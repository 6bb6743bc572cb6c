// URL parameters, "not found" and "forbidden": one id pattern, one 404 and one 403 for every route.

/**
 * Database ids as they appear in a URL: 1–15 digits, no leading zero, so always a safe integer and
 * one address per record (Number() alone would also read "0x10", "1e1", "07" or " 7 " as an id).
 */
export const ID_PATTERN = /^[1-9]\d{0,14}$/;

/** A positive database id from a URL segment or form field, or null when it cannot be one. */
export function parseId(value: string | null | undefined): number | null {
  return value && ID_PATTERN.test(value) ? Number(value) : null;
}

/** The response a route throws for a record that does not exist (or may not be shown); `headers` add to it. */
export function notFound(headers?: HeadersInit): Response {
  return new Response("Not found", { status: 404, headers });
}

/** The response a route throws when the signed-in coordinator may not do this (an admin's page); `headers` add to it. */
export function forbidden(headers?: HeadersInit): Response {
  return new Response("Forbidden", { status: 403, headers });
}

/** The id in a URL segment; a segment that cannot be one is not found (the route stops with a 404). */
export function requireId(value: string | undefined): number {
  const id = parseId(value);
  if (id === null) throw notFound();
  return id;
}
