// Coordinator sign-in for routes: the session cookie (utils) plus the session and user models.
// It lives among the models because utils never import models (eslint.config.js).
import { redirect } from "@remix-run/node";

import { beginLoginAttempt } from "~/utils/loginThrottle.server";
import { clearSessionCookie, knownAccounts, rememberKnownAccount, sessionCookie, sessionToken } from "~/utils/session.server";
import { describeUserAgent } from "~/utils/userAgent";

import { endSessionByToken, findSession, sessionOwner, startSession, type CurrentSession } from "./session.server";
import { userIdByEmail, verifyLogin, type SessionUser } from "./user.server";

/** The logged-in coordinator and which session it is, or null. */
export async function getCoordinatorSession(request: Request): Promise<CurrentSession | null> {
  return findSession(await sessionToken(request));
}

/** The logged-in coordinator, or null. */
export async function getCoordinator(request: Request): Promise<SessionUser | null> {
  return (await getCoordinatorSession(request))?.user ?? null;
}

/** The logged-in coordinator; otherwise throws a redirect to the login page that comes back here. */
export async function requireCoordinator(request: Request): Promise<SessionUser> {
  return (await requireCoordinatorSession(request)).user;
}

/** Like requireCoordinator, with which session it is (for the account page's list of sessions). */
export async function requireCoordinatorSession(request: Request): Promise<CurrentSession> {
  const current = await getCoordinatorSession(request);
  if (current) return current;
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: url.pathname + url.search });
  // Keep a language chosen in the link, so the login page speaks it too.
  const lng = url.searchParams.get("lng");
  if (lng) params.set("lng", lng);
  throw redirect(`/login?${params}`);
}

/** Whether a coordinator is an admin (accounts, the audit log); a route answers anyone else with forbidden(). */
export function isAdmin(user: SessionUser): boolean {
  return user.role === "admin";
}

export type LoginResult = { kind: "loggedIn"; setCookies: string[] } | { kind: "invalid" } | { kind: "wait"; retryAfterSeconds: number };

/**
 * A login attempt through the throttle (app/utils/loginThrottle.server.ts): counted before the
 * password is checked; on success a new session and the Set-Cookie headers for it and for this
 * browser's known accounts.
 */
export async function attemptLogin(request: Request, address: string, email: string, password: string): Promise<LoginResult> {
  const account = email.trim().toLowerCase();
  // Both cookies are read whether or not the account exists, so the time taken does not tell.
  const [userId, known, owner] = await Promise.all([userIdByEmail(account), knownAccounts(request), sessionToken(request).then(sessionOwner)]);
  const knownDevice = userId !== null && (known.includes(userId) || owner === userId);
  const attempt = await beginLoginAttempt({ account, address, knownDevice });
  if (!attempt.allowed) return { kind: "wait", retryAfterSeconds: attempt.retryAfterSeconds };
  const verified = await verifyLogin(account, password);
  if (!verified) return { kind: "invalid" };
  const token = await startSession({ userId: verified.user.id, verifiedPasswordHash: verified.passwordHash, device: describeUserAgent(request.headers.get("User-Agent")) });
  // Disabled, or the password changed while it was being checked.
  if (!token) return { kind: "invalid" };
  await attempt.succeeded();
  return { kind: "loggedIn", setCookies: [await sessionCookie(token), await rememberKnownAccount(request, verified.user.id)] };
}

/** Ends this browser's session (its row is deleted, so a copy of the cookie opens nothing) and goes home. */
export async function logout(request: Request) {
  await endSessionByToken(await sessionToken(request));
  return redirect("/", { headers: { "Set-Cookie": await clearSessionCookie(request) } });
}

// Any origin would do: a path is resolved against it and kept only if it stays there.
const SAME_ORIGIN_PROBE = "http://tuttav.invalid";

/**
 * Only paths of this site: a login link must never send someone to another one. The value is
 * parsed as a browser would (which drops tabs and newlines and reads a backslash as "/") and accepted
 * only when it stays on the same origin; what comes back is the parsed, percent-encoded path.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/admin"): string {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(to, SAME_ORIGIN_PROBE);
  } catch {
    return fallback;
  }
  if (url.origin !== SAME_ORIGIN_PROBE) return fallback;
  // "/.//host" parses to the path "//host", which a browser would read as another site.
  if (url.pathname.startsWith("//")) return fallback;
  return url.pathname + url.search + url.hash;
}
