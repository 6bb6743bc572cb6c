/**
 * How long a host's status link works: HOST_LINK_DAYS_AFTER_WINDOW days past the request's last
 * day, which is the end of its wished window or, when later, the day of its last event (a
 * cosy-corner series made from the request may run for months past the window; the host follows
 * every session, marks attendance and gives feedback through the same link).
 */
import type { Kysely, Transaction } from "kysely";

import type { Database } from "#db/schema";
import { hostLinkExpiry, hostLinkExpiryFrom, localDateOf } from "~/domain/schedule";
import { now, nowIso } from "~/utils/clock.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** The request's last day: its window's end, or its last event's local date when that is later. */
export async function requestLastDay(db: Executor, requestId: number, windowTo: string): Promise<string> {
  const last = await db
    .selectFrom("event")
    .select((eb) => eb.fn.max("starts_at").as("starts_at"))
    .where("request_id", "=", requestId)
    .executeTakeFirst();
  const eventDay = last?.starts_at ? localDateOf(new Date(last.starts_at)) : null;
  return eventDay && eventDay > windowTo ? eventDay : windowTo;
}

/** The expiry of a host link made now for this request (see hostLinkExpiryFrom). */
export async function hostLinkExpiryNow(db: Executor, requestId: number, windowTo: string): Promise<string> {
  return hostLinkExpiryFrom(await requestLastDay(db, requestId, windowTo), localDateOf(now()));
}

/**
 * A request got an event on the day of `startsAt` (created, or moved there): its live host links
 * now last past that day. Links are only ever lengthened here, and revoked ones stay revoked.
 */
export async function keepHostLinksPast(db: Executor, requestId: number, startsAt: string): Promise<void> {
  const expiresAt = hostLinkExpiry(localDateOf(new Date(startsAt)));
  await db
    .updateTable("access_token")
    .set({ expires_at: expiresAt })
    .where("purpose", "=", "host_request")
    .where("subject_id", "=", requestId)
    .where("revoked_at", "is", null)
    .where("expires_at", "<", expiresAt)
    // An expired link stays dead: a session added later does not bring an old e-mail's link back.
    .where("expires_at", ">", nowIso())
    .execute();
}
