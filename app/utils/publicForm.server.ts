import { json } from "@remix-run/node";

import { clientIp, createRateLimiter } from "./rateLimit.server";

/** The hidden field people never see and form-filling bots fill in. */
export const HONEYPOT_FIELD = "website";

// 30 posts an hour from one address per form is far more than a person correcting typos needs.
const limiters = new Map<string, ReturnType<typeof createRateLimiter>>();
function limiterFor(form: string) {
  let limiter = limiters.get(form);
  if (!limiter) {
    limiter = createRateLimiter({ limit: 30, windowMs: 60 * 60_000 });
    limiters.set(form, limiter);
  }
  return limiter;
}

/**
 * Guards a public form's POST: over the per-address limit it throws a 429 (rendered as a
 * translated page by the root error boundary). Returns whether the honeypot was filled, in which
 * case the caller answers as if all went well and stores nothing.
 */
export function guardPublicForm(form: string, formData: FormData, context: { clientIp?: string } | undefined): { isBot: boolean } {
  const { allowed, retryAfterSeconds } = limiterFor(form).hit(clientIp(context));
  if (!allowed)
    throw json({ retryAfterMinutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) }, { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } });
  const honey = formData.get(HONEYPOT_FIELD);
  return { isBot: typeof honey === "string" && honey.trim() !== "" };
}
