import { describe, expect, it } from "vitest";
import { EVENT_STATES, type EventState } from "~/domain/vocabulary";
import { EVENT_TRANSITIONS, availableTransitions, canTransition, checkTransition, isPlannableDraft, transitionAction } from "~/domain/schedule/lifecycle";

const now = new Date("2026-05-10T12:00:00Z");
const future = "2026-05-20T14:00:00.000Z";
const past = "2026-05-01T14:00:00.000Z";

describe("EVENT_TRANSITIONS", () => {
  it("has an entry for every state; completed and cancelled are final", () => {
    expect(Object.keys(EVENT_TRANSITIONS).sort()).toEqual([...EVENT_STATES].sort());
    expect(EVENT_TRANSITIONS.completed).toEqual([]);
    expect(EVENT_TRANSITIONS.cancelled).toEqual([]);
  });
});

describe("allowed transitions", () => {
  const allowed: [EventState, EventState, { startsAt: string; reason?: string }][] = [
    ["draft", "planned", { startsAt: future }],
    ["draft", "cancelled", { startsAt: future, reason: "Host withdrew" }],
    ["planned", "draft", { startsAt: future }],
    ["planned", "confirmed", { startsAt: future }],
    ["planned", "cancelled", { startsAt: future, reason: "Venue flooded" }],
    ["confirmed", "planned", { startsAt: future }],
    ["confirmed", "completed", { startsAt: past }],
    ["confirmed", "cancelled", { startsAt: past, reason: "Nobody came" }],
  ];
  it.each(allowed)("%s → %s", (from, to, ctx) => {
    expect(canTransition(from, to)).toBe(true);
    expect(checkTransition(from, to, { now, ...ctx })).toEqual({ ok: true });
  });

  it("these are all the edges", () => {
    const edges = EVENT_STATES.flatMap((from) => EVENT_STATES.filter((to) => canTransition(from, to)).map((to) => `${from}>${to}`));
    expect(edges.sort()).toEqual(allowed.map(([from, to]) => `${from}>${to}`).sort());
  });
});

describe("refused transitions", () => {
  it.each([
    ["draft", "confirmed"],
    ["draft", "completed"],
    ["planned", "completed"],
    ["completed", "cancelled"],
    ["completed", "confirmed"],
    ["cancelled", "planned"],
    ["cancelled", "draft"],
    ["planned", "planned"],
  ] as [EventState, EventState][])("%s → %s is illegal", (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(checkTransition(from, to, { now, startsAt: past, reason: "x" })).toEqual({ ok: false, code: "illegal_transition" });
  });

  it("cancel needs a non-blank reason", () => {
    for (const reason of [undefined, null, "", "   \n"]) {
      expect(checkTransition("planned", "cancelled", { now, startsAt: future, reason })).toEqual({
        ok: false,
        code: "reason_required",
      });
    }
  });

  it("completed only once the event has started", () => {
    expect(checkTransition("confirmed", "completed", { now, startsAt: future })).toEqual({
      ok: false,
      code: "not_yet_happened",
    });
    expect(checkTransition("confirmed", "completed", { now, startsAt: now.toISOString() })).toEqual({ ok: true });
  });

  it("planned, confirmed and draft only while the event is in the future", () => {
    expect(checkTransition("draft", "planned", { now, startsAt: past })).toEqual({ ok: false, code: "already_past" });
    expect(checkTransition("planned", "confirmed", { now, startsAt: past })).toEqual({ ok: false, code: "already_past" });
    expect(checkTransition("confirmed", "planned", { now, startsAt: past })).toEqual({ ok: false, code: "already_past" });
    expect(checkTransition("planned", "draft", { now, startsAt: past })).toEqual({ ok: false, code: "already_past" });
  });
});

describe("availableTransitions", () => {
  const now = new Date("2026-12-10T10:00:00Z");
  const future = "2026-12-12T15:00:00Z";
  const past = "2026-12-09T15:00:00Z";

  it("offers only what would be allowed now", () => {
    expect(availableTransitions("draft", { now, startsAt: future })).toEqual(["planned", "cancelled"]);
    expect(availableTransitions("planned", { now, startsAt: future })).toEqual(["draft", "confirmed", "cancelled"]);
    // Two days ahead: no "mark completed", which would be refused as not yet happened.
    expect(availableTransitions("confirmed", { now, startsAt: future })).toEqual(["planned", "cancelled"]);
    // Once it has started: completed or cancelled; going back would be refused as already past.
    expect(availableTransitions("confirmed", { now, startsAt: past })).toEqual(["completed", "cancelled"]);
    expect(availableTransitions("completed", { now, startsAt: past })).toEqual([]);
  });

  it("agrees with checkTransition on every pair, state and moment", () => {
    for (const from of EVENT_STATES) {
      for (const startsAt of [past, future]) {
        for (const to of EVENT_STATES) {
          const check = checkTransition(from, to, { now, startsAt, reason: "Saal on remondis" });
          expect(availableTransitions(from, { now, startsAt }).includes(to), `${from} → ${to} at ${startsAt}`).toBe(check.ok);
        }
      }
    }
  });

  it("names each change for what it does: back to planned is 'unconfirm' from confirmed, 'publish' from draft", () => {
    expect(transitionAction("draft", "planned")).toBe("publish");
    expect(transitionAction("confirmed", "planned")).toBe("unconfirm");
    expect(transitionAction("planned", "draft")).toBe("unpublish");
    expect(transitionAction("confirmed", "completed")).toBe("complete");
    expect(transitionAction("planned", "cancelled")).toBe("cancel");
    for (const from of EVENT_STATES) for (const to of EVENT_TRANSITIONS[from]) expect(() => transitionAction(from, to)).not.toThrow();
  });

  it("plans only drafts that have not started ('plan all' on a series page)", () => {
    expect(isPlannableDraft({ state: "draft", startsAt: future }, now)).toBe(true);
    expect(isPlannableDraft({ state: "draft", startsAt: past }, now)).toBe(false);
    expect(isPlannableDraft({ state: "draft", startsAt: now.toISOString() }, now)).toBe(false);
    for (const state of EVENT_STATES.filter((s) => s !== "draft")) expect(isPlannableDraft({ state, startsAt: future }, now), state).toBe(false);
  });
});
