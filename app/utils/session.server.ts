import { createCookieSessionStorage } from "@remix-run/node";

import { isProduction } from "./env.server";

function sessionSecrets(): string[] {
  const secret = process.env.SESSION_SECRET;
  if (secret) return secret.split(",");
  if (isProduction()) throw new Error("SESSION_SECRET must be set in production");
  return ["tuttav-development-only-secret"];
}

export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 12;

/** Coordinator sessions: a signed cookie holding the user id and when the session began. */
export const sessionStorage = createCookieSessionStorage<{ userId: number; startedAt: string }>({
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
