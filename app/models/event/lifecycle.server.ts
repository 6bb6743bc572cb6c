/** An event's lifecycle: draft → planned → confirmed → completed, or cancelled. */
import { checkTransition, isPlannableDraft, type TransitionCheck } from "~/domain/schedule";
import type { EventState } from "~/domain/vocabulary";
import { now, nowIso } from "~/utils/clock.server";
import { writeTransaction } from "~/utils/db.server";

import { audit, type Actor } from "../audit.server";
import { queueEventCancelled } from "../messages/eventChanges.server";
import { queueHostEventPlanned } from "../messages/host.server";
import type { Executor } from "./create.server";

export type TransitionResult = TransitionCheck | { ok: false; code: "not_found" };

/**
 * Moves an event along its lifecycle (draft → planned → confirmed → completed, or cancelled),
 * refusing illegal moves with a code the UI translates. Audited with who, when, from and to.
 */
export async function transitionEvent(eventId: number, to: EventState, actor: Actor, options: { reason?: string | null } = {}): Promise<TransitionResult> {
  return writeTransaction((trx) => transitionIn(trx, eventId, to, actor, options));
}

/** `transitionEvent` inside the caller's write transaction. */
async function transitionIn(trx: Executor, eventId: number, to: EventState, actor: Actor, options: { reason?: string | null }): Promise<TransitionResult> {
  const event = await trx.selectFrom("event").select(["id", "state", "starts_at"]).where("id", "=", eventId).executeTakeFirst();
  if (!event) return { ok: false, code: "not_found" } as const;
  const check = checkTransition(event.state, to, { now: now(), startsAt: event.starts_at, reason: options.reason ?? null });
  if (!check.ok) return check;
  const reason = options.reason?.trim() || null;
  const at = nowIso();
  await trx
    .updateTable("event")
    .set((eb) => ({
      state: to,
      cancel_reason: to === "cancelled" ? reason : null,
      updated_at: at,
      // Calendar clients only replace an entry whose SEQUENCE went up.
      sequence: eb("sequence", "+", 1),
      // Once out of draft, subscribers have seen it: unpublishing it later is a cancellation to them.
      published_at: to === "draft" || to === "cancelled" ? eb.ref("published_at") : eb.fn.coalesce("published_at", eb.val(at)),
    }))
    .where("id", "=", eventId)
    .execute();
  await audit(trx, actor, "event.transition", "event", eventId, { from: event.state, to, reason });
  // Everyone invited or coming, and the host, hear of it now (first, if it is close).
  if (to === "cancelled") await queueEventCancelled(trx, eventId);
  // The host's calendar entry came with the acceptance, for the draft: tentative, and at the time
  // first proposed. Planning it sends the entry as it now stands (confirmed, under a higher SEQUENCE).
  else if (event.state === "draft" && to !== "draft") await queueHostEventPlanned(trx, eventId);
  return { ok: true } as const;
}

/**
 * Plans every draft session of a series that has not started, in one transaction: each moves as
 * "publish" on its own page would (audited, SEQUENCE up). Returns how many; null for no series.
 */
export async function planSeriesDrafts(seriesId: number, actor: Actor): Promise<number | null> {
  return writeTransaction(async (trx) => {
    const series = await trx.selectFrom("series").select("id").where("id", "=", seriesId).executeTakeFirst();
    if (!series) return null;
    const sessions = await trx
      .selectFrom("event")
      .select(["id", "state", "starts_at"])
      .where("series_id", "=", seriesId)
      .where("state", "=", "draft")
      .orderBy("starts_at")
      .execute();
    const at = now();
    const drafts = sessions.filter((s) => isPlannableDraft({ state: s.state, startsAt: s.starts_at }, at));
    for (const draft of drafts) {
      const moved = await transitionIn(trx, draft.id, "planned", actor, {});
      // Read in this transaction as drafts that have not started: nothing can refuse them.
      if (!moved.ok) throw new Error(`session ${draft.id} of series ${seriesId} could not be planned: ${moved.code}`);
    }
    return drafts.length;
  });
}
