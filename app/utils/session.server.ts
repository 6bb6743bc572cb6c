import { createCookie, createCookieSessionStorage } from "@remix-run/node";

import { isProduction } from "./env.server";

function sessionSecrets(): string[] {
  const secret = process.env.SESSION_SECRET;
  if (secret) return secret.split(",");
  if (isProduction()) throw new Error("SESSION_SECRET must be set in production");
  return ["tuttav-development-only-secret"];
}

// The absolute limit of a session (SESSION_ABSOLUTE_MS in app/models/session.server.ts); the
// server ends sessions itself (idle, absolute, logout), the cookie's age only tidies the browser.
export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 24 * 7;

/**
 * Coordinator sessions: a signed cookie carrying only the session's random token; the session
 * itself (user, times, device) is a row in the `session` table (app/models/session.server.ts).
 */
export const sessionStorage = createCookieSessionStorage<{ token: string }>({
  cookie: {
    name: "__session",
    httpOnly: true,
    sameSite: "lax",
    secure: isProduction(),
    path: "/",
    maxAge: SESSION_MAX_AGE_SECONDS,
    secrets: sessionSecrets(),
  },
});

export function getSession(request: Request) {
  return sessionStorage.getSession(request.headers.get("Cookie"));
}

/** The session token a request's cookie carries, unchecked (the database decides whether it is live). */
export async function sessionToken(request: Request): Promise<string | null> {
  const token = (await getSession(request)).get("token");
  return typeof token === "string" ? token : null;
}

/** A Set-Cookie header that gives the browser this session token. */
export async function sessionCookie(token: string): Promise<string> {
  const session = await sessionStorage.getSession();
  session.set("token", token);
  return sessionStorage.commitSession(session);
}

/** A Set-Cookie header that removes the session cookie. */
export async function clearSessionCookie(request: Request): Promise<string> {
  return sessionStorage.destroySession(await getSession(request));
}

const KNOWN_ACCOUNTS_KEPT = 5;

/**
 * "Known device": the accounts that logged in successfully from this browser (their ids, newest
 * first, signed so nobody can add one). The login throttle lets such a browser past the delay
 * that strangers' failures put on the account. Sent only to the login page.
 */
const knownDeviceCookie = createCookie("__known", {
  httpOnly: true,
  sameSite: "lax",
  secure: isProduction(),
  path: "/login",
  maxAge: 60 * 60 * 24 * 90,
  secrets: sessionSecrets(),
});

/** The accounts this browser has logged in to (see knownDeviceCookie). */
export async function knownAccounts(request: Request): Promise<number[]> {
  const value: unknown = await knownDeviceCookie.parse(request.headers.get("Cookie"));
  if (!Array.isArray(value)) return [];
  return value.filter((id): id is number => Number.isSafeInteger(id) && id > 0).slice(0, KNOWN_ACCOUNTS_KEPT);
}

/** A Set-Cookie header that adds the account to this browser's known accounts. */
export async function rememberKnownAccount(request: Request, userId: number): Promise<string> {
  const ids = [userId, ...(await knownAccounts(request)).filter((id) => id !== userId)].slice(0, KNOWN_ACCOUNTS_KEPT);
  return knownDeviceCookie.serialize(ids);
}
