/**
 * The event lifecycle: draft → planned → confirmed → completed, or cancelled.
 *
 * Decisions beyond the plain lifecycle:
 * - planned → draft ("unpublish") is allowed, e.g. when a host's request falls through before
 *   anyone was told; confirmed → planned ("unconfirm") is allowed when the line-up or venue falls
 *   apart and has to be re-matched. Neither skips a step, so nothing that was never confirmed
 *   becomes completed.
 * - Going back to draft/planned/confirmed only for events still in the future: a past event that
 *   didn't happen is cancelled (with a reason), not quietly unpublished.
 * - completed and cancelled are final: history and feedback hang off them, and a cancelled event
 *   stays in calendar feeds as STATUS:CANCELLED. Schedule a new event instead of reviving one.
 * - Staying in the same state is not a transition.
 */
import type { EventState } from "~/domain/vocabulary";
import { toDate } from "./local-time";

export const EVENT_TRANSITIONS: Record<EventState, readonly EventState[]> = {
  draft: ["planned", "cancelled"],
  planned: ["draft", "confirmed", "cancelled"],
  confirmed: ["planned", "completed", "cancelled"],
  completed: [],
  cancelled: [],
};

export type TransitionCheck = { ok: true } | { ok: false; code: "illegal_transition" | "reason_required" | "not_yet_happened" | "already_past" };

/** Whether the lifecycle has an edge from `from` to `to` (ignoring time and reason). */
export function canTransition(from: EventState, to: EventState): boolean {
  return EVENT_TRANSITIONS[from]?.includes(to) ?? false;
}

/** Check a state change against the lifecycle, the event's start time and the cancellation reason. */
export function checkTransition(from: EventState, to: EventState, ctx: { now: Date; startsAt: string; reason?: string | null }): TransitionCheck {
  if (!canTransition(from, to)) return { ok: false, code: "illegal_transition" };
  const started = toDate(ctx.startsAt).getTime() <= ctx.now.getTime();
  switch (to) {
    case "cancelled":
      // Hosts and participants are told why; an empty reason leaves them guessing.
      return ctx.reason?.trim() ? { ok: true } : { ok: false, code: "reason_required" };
    case "completed":
      return started ? { ok: true } : { ok: false, code: "not_yet_happened" };
    case "draft":
    case "planned":
    case "confirmed":
      return started ? { ok: false, code: "already_past" } : { ok: true };
  }
}

/**
 * The changes that can be made now, in lifecycle order: only those `checkTransition` would allow
 * at this moment (cancelling is included; it asks for its reason separately). So a confirmed event
 * two days ahead offers no "mark completed" that would then be refused.
 */
export function availableTransitions(from: EventState, ctx: { now: Date; startsAt: string }): EventState[] {
  return EVENT_TRANSITIONS[from].filter((to) => {
    const check = checkTransition(from, to, ctx);
    return check.ok || check.code === "reason_required";
  });
}

/** A draft that can be planned now (it has not started): what a series page's "plan all" plans. */
export function isPlannableDraft(session: { state: EventState; startsAt: string }, now: Date): boolean {
  return session.state === "draft" && checkTransition("draft", "planned", { now, startsAt: session.startsAt }).ok;
}

/** What a change does, named from where the event is: "unpublish" and "publish" both touch "planned". */
export type TransitionAction = "publish" | "unpublish" | "confirm" | "unconfirm" | "complete" | "cancel";

const ACTIONS: Partial<Record<`${EventState}>${EventState}`, TransitionAction>> = {
  "draft>planned": "publish",
  "planned>draft": "unpublish",
  "planned>confirmed": "confirm",
  "confirmed>planned": "unconfirm",
  "confirmed>completed": "complete",
};

/** The action a button for `from` → `to` performs. */
export function transitionAction(from: EventState, to: EventState): TransitionAction {
  if (to === "cancelled") return "cancel";
  const action = ACTIONS[`${from}>${to}`];
  if (!action) throw new RangeError(`No transition from ${from} to ${to}`);
  return action;
}
