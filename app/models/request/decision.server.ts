/** What becomes of a new request: the host withdraws it, or a coordinator accepts it as a draft event or declines it (first decision wins). */
import type { Kysely } from "kysely";

import type { Database } from "#db/schema";

import { localDateOf } from "~/domain/schedule/local-time";
import { now, nowIso } from "~/utils/clock.server";
import { writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "../audit.server";
import { insertEvent } from "../event/create.server";
import { queueRequestDecision } from "../messages/host.server";
import { resolveToken } from "../token.server";
import { addDays, DEFAULT_SLOTS, draftTitle, proposeEventTime } from "./draft.server";
import { baseRequestQuery, toRequestView } from "./query.server";
import { venueForRequest } from "./venue.server";

export type RequestActionResult = { ok: true } | { ok: false; code: "not_found" | "already_handled" };

/** The host takes back a request nobody has decided on yet. */
export async function withdrawRequest(token: string): Promise<RequestActionResult> {
  const resolved = await resolveToken("host_request", token);
  if (!resolved) return { ok: false, code: "not_found" };
  return writeTransaction(async (trx) => {
    const at = nowIso();
    const result = await trx
      .updateTable("event_request")
      .set({ state: "withdrawn", decided_at: at, updated_at: at })
      .where("id", "=", resolved.subjectId)
      .where("state", "=", "new")
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return { ok: false, code: "already_handled" } as const;
    await audit(trx, { kind: "host", requestId: resolved.subjectId }, "request.withdraw", "event_request", resolved.subjectId);
    return { ok: true } as const;
  });
}

/** Marks a new request accepted; false when it was handled meanwhile (first decision wins). */
export async function claimForAcceptance(trx: Kysely<Database>, requestId: number, actor: Extract<Actor, { kind: "user" }>): Promise<boolean> {
  const at = nowIso();
  const claimed = await trx
    .updateTable("event_request")
    .set({ state: "accepted", decided_by: actor.userId, decided_at: at, decision_reason: null, updated_at: at })
    .where("id", "=", requestId)
    .where("state", "=", "new")
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) > 0;
}

export type AcceptResult = { ok: true; eventId: number } | { ok: false; code: "not_found" | "already_handled" };

/**
 * Accepts a new request: in one transaction marks it accepted (only if still new, so two
 * coordinators clicking at once make one event), creates the venue it described if needed and a
 * draft event pre-filled from it, and audits all of it.
 */
export async function acceptRequest(requestId: number, actor: Extract<Actor, { kind: "user" }>): Promise<AcceptResult> {
  const request = await baseRequestQuery().where("r.id", "=", requestId).executeTakeFirst();
  if (!request) return { ok: false, code: "not_found" };
  const view = toRequestView(request, "et");
  const title = await draftTitle(view.kind, view.townName);
  const tomorrow = addDays(localDateOf(now()), 1);
  const when = proposeEventTime(view, tomorrow);
  return writeTransaction(async (trx) => {
    if (!(await claimForAcceptance(trx, requestId, actor))) return { ok: false, code: "already_handled" } as const;

    const { venueId, capacity } = await venueForRequest(trx, request, actor);

    const eventId = await insertEvent(
      trx,
      {
        kind: view.kind,
        title,
        description: {},
        venueId,
        startsAt: when.startsAt,
        endsAt: when.endsAt,
        capacity,
        expectedAudience: view.expectedAudience,
        languages: view.localLanguages,
        isPublic: true,
        overnightStay: false,
        slots: view.wishes.length > 0 ? view.wishes : DEFAULT_SLOTS[view.kind],
        requestId,
      },
      actor,
    );
    await audit(trx, actor, "request.accept", "event_request", requestId, { eventId, venueId });
    await queueRequestDecision(trx, requestId, { accepted: true, eventId });
    return { ok: true, eventId } as const;
  });
}

/** Declines a new request with a reason the host will read on their status page. */
export async function declineRequest(requestId: number, reason: string, actor: Extract<Actor, { kind: "user" }>): Promise<RequestActionResult> {
  return writeTransaction(async (trx) => {
    const exists = await trx.selectFrom("event_request").select("id").where("id", "=", requestId).executeTakeFirst();
    if (!exists) return { ok: false, code: "not_found" } as const;
    const at = nowIso();
    const result = await trx
      .updateTable("event_request")
      .set({ state: "declined", decision_reason: reason, decided_by: actor.userId, decided_at: at, updated_at: at })
      .where("id", "=", requestId)
      .where("state", "=", "new")
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return { ok: false, code: "already_handled" } as const;
    await audit(trx, actor, "request.decline", "event_request", requestId, { reason });
    await queueRequestDecision(trx, requestId, { accepted: false, reason });
    return { ok: true } as const;
  });
}
