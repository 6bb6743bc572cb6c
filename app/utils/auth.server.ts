import { redirect } from "@remix-run/node";

import { getSessionUser, type SessionUser } from "~/models/user.server";

import { getSession, sessionStorage } from "./session.server";

/** The logged-in coordinator, or null. */
export async function getCoordinator(request: Request): Promise<SessionUser | null> {
  const session = await getSession(request);
  const userId = session.get("userId");
  const startedAt = session.get("startedAt");
  if (typeof userId !== "number" || typeof startedAt !== "string") return null;
  return getSessionUser(userId, startedAt);
}

/** The logged-in coordinator; otherwise throws a redirect to the login page that comes back here. */
export async function requireCoordinator(request: Request): Promise<SessionUser> {
  const user = await getCoordinator(request);
  if (user) return user;
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: url.pathname + url.search });
  // Keep a language chosen in the link, so the login page speaks it too.
  const lng = url.searchParams.get("lng");
  if (lng) params.set("lng", lng);
  throw redirect(`/login?${params}`);
}

/** Like requireCoordinator, but only for admins (403 otherwise). */
export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireCoordinator(request);
  if (user.role !== "admin") throw new Response("Forbidden", { status: 403 });
  return user;
}

/** Starts a session for the user and redirects to a local path. */
export async function createUserSession(request: Request, userId: number, redirectTo: string) {
  const session = await getSession(request);
  session.set("userId", userId);
  session.set("startedAt", new Date().toISOString());
  return redirect(safeRedirect(redirectTo), {
    headers: { "Set-Cookie": await sessionStorage.commitSession(session) },
  });
}

export async function logout(request: Request) {
  const session = await getSession(request);
  return redirect("/", { headers: { "Set-Cookie": await sessionStorage.destroySession(session) } });
}

/** Only same-site paths: a login link must never send someone to another site. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/admin"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
