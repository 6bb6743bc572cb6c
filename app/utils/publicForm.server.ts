import { json } from "@remix-run/node";

import { now } from "./clock.server";
import { clientIp, createRateLimiter } from "./rateLimit.server";
import { countHit, counterKey, sharedCountersInUse } from "./sharedCounters.server";

/** The hidden field people never see and form-filling bots fill in. */
export const HONEYPOT_FIELD = "website";

// 30 posts an hour from one address per form is far more than a person correcting typos needs.
const FORM_LIMIT = 30;
const FORM_WINDOW_MS = 60 * 60_000;
const limiters = new Map<string, ReturnType<typeof createRateLimiter>>();
function limiterFor(form: string) {
  let limiter = limiters.get(form);
  if (!limiter) {
    limiter = createRateLimiter({ limit: FORM_LIMIT, windowMs: FORM_WINDOW_MS });
    limiters.set(form, limiter);
  }
  return limiter;
}

/** One post counted for the address: in memory on SQLite (one process), in the shared counters on PostgreSQL (any process). */
async function hit(form: string, address: string): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  if (!sharedCountersInUse()) return limiterFor(form).hit(address);
  const at = now().getTime();
  const { hits, windowStart } = await countHit(counterKey(`form-${form}`, address), FORM_WINDOW_MS, at);
  return { allowed: hits <= FORM_LIMIT, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + FORM_WINDOW_MS - at) / 1000)) };
}

/**
 * Guards a public form's POST: over the per-address limit it throws a 429 (rendered as a
 * translated page by the root error boundary). Returns whether the honeypot was filled, in which
 * case the caller answers as if all went well and stores nothing.
 */
export async function guardPublicForm(form: string, formData: FormData, context: { clientIp?: string } | undefined): Promise<{ isBot: boolean }> {
  const { allowed, retryAfterSeconds } = await hit(form, clientIp(context));
  if (!allowed) throw json({ retryAfterMinutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) }, { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } });
  const honey = formData.get(HONEYPOT_FIELD);
  return { isBot: typeof honey === "string" && honey.trim() !== "" };
}
