/** The hosts' private status links: whether one has expired, a coordinator's replacement, and "I lost my link". */
import { sql } from "kysely";

import { hostLinkExpiry } from "~/domain/schedule";
import { nowIso } from "~/utils/clock.server";
import { writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "../audit.server";
import { queueHostLinkReplaced, queueHostLinksLost } from "../messages/host.server";
import { issueToken, revokeTokens, tokenHasExpired } from "../token.server";

import { hostLinkExpiryNow, requestLastDay } from "./linkExpiry.server";

/** Whether a host status link is real but past its expiry (see HOST_LINK_DAYS_AFTER_WINDOW). */
export function hostLinkHasExpired(token: string): Promise<boolean> {
  return tokenHasExpired("host_request", token);
}

/**
 * A coordinator gives a host a new status link: the old ones stop working, the new one is returned
 * (shown once) and e-mailed to the host in the request's language. `mailedTo` is the address it
 * went to, `notMailedTo` the one it could not be sent to (the coordinator passes it on). Null for
 * an unknown request.
 */
export async function replaceHostLink(
  requestId: number,
  actor: Extract<Actor, { kind: "user" }>,
  origin: string,
): Promise<{ link: string; mailedTo: string | null; organisation: string } | null> {
  const replaced = await writeTransaction(async (trx) => {
    const request = await trx.selectFrom("event_request").select(["id", "organisation", "email", "window_to"]).where("id", "=", requestId).executeTakeFirst();
    if (!request) return null;
    // The coordinator sees the new link at once and may pass it on, so the old ones go now.
    await revokeTokens(trx, "host_request", requestId);
    const token = await issueToken(trx, "host_request", requestId, { expiresAt: await hostLinkExpiryNow(trx, requestId, request.window_to) });
    await audit(trx, actor, "request.link_replaced", "event_request", requestId, { mailed: Boolean(request.email.trim()) });
    await queueHostLinkReplaced(trx, requestId, token);
    return { request, token };
  });
  if (!replaced) return null;
  const { request, token } = replaced;
  return { link: `${origin}/request/status/${token}`, mailedTo: request.email.trim() || null, organisation: request.organisation };
}

/**
 * "I lost my status link", for hosts: every request made with this e-mail address whose link would
 * still work gets a new one, all in one message in the language of the newest request. The old
 * links are revoked only once that message was delivered; otherwise the new ones are, and the old
 * ones keep working. Says nothing about whether the address is known.
 */
export async function resendHostLinks(email: string): Promise<void> {
  const address = email.trim().toLowerCase();
  await writeTransaction(async (trx) => {
    const requests = await trx
      .selectFrom("event_request")
      .select(["id", "organisation", "window_to"])
      .where(sql<string>`lower(trim(email))`, "=", address)
      .orderBy("created_at", "desc")
      .limit(20)
      .execute();
    const links: { requestId: number; organisation: string; token: string }[] = [];
    for (const request of requests) {
      // Only requests whose link would still work: an ended request's host has nothing left to follow.
      const expiresAt = hostLinkExpiry(await requestLastDay(trx, request.id, request.window_to));
      if (expiresAt <= nowIso()) continue;
      links.push({ requestId: request.id, organisation: request.organisation, token: await issueToken(trx, "host_request", request.id, { expiresAt }) });
      await audit(trx, { kind: "host", requestId: request.id }, "request.link_replaced", "event_request", request.id, { mailed: true });
    }
    if (links.length === 0) return;
    // The old links are revoked once the mail server accepted this message (see outbox.server.ts).
    await queueHostLinksLost(trx, address, links);
  });
}
