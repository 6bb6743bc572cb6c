import { describe, expect, it } from "vitest";

import { lastMinuteReach, reachOf, type MessageState } from "~/domain/messages/reach";

describe("who has been told", () => {
  it("says each outbox state in the coordinator's words", () => {
    const states: [MessageState | null, string][] = [
      ["sent", "sent"],
      ["kept", "kept"],
      ["pending", "waiting"],
      ["sending", "waiting"],
      ["failed", "failed"],
      ["cancelled", "cancelled"],
      ["no_address", "phone"],
      [null, "none"],
    ];
    for (const [state, reach] of states) expect(reachOf(state), String(state)).toBe(reach);
    // A coordinator's mark counts only for a message nobody could mail.
    expect(reachOf("no_address", true)).toBe("told");
    expect(reachOf("failed", true)).toBe("failed");
  });

  it("counts a phone-only person as reached once a coordinator marked the call, and not before", () => {
    const told = { at: "2026-12-04T08:00:00.000Z" };
    const reach = lastMinuteReach([
      { name: "Ahmad", last: { state: "no_address", urgent: true, told } },
      { name: "Farid", last: { state: "no_address", urgent: true, told: null } },
      { name: "Lina", last: { state: "kept", urgent: true, told } },
    ]);
    expect(reach).toEqual({
      reached: 1,
      total: 3,
      notYet: [
        { name: "Farid", host: false, reach: "phone" },
        { name: "Lina", host: false, reach: "kept" },
      ],
    });
  });

  it("has nothing to say without a last-minute message", () => {
    expect(lastMinuteReach([])).toBeNull();
    expect(
      lastMinuteReach([
        { name: "Olena", last: { state: "sent", urgent: false } },
        { name: "Ahmad", last: null },
      ]),
    ).toBeNull();
  });

  it("after a last-minute message counts only what really went, and names the rest with why", () => {
    const reach = lastMinuteReach([
      { name: "Olena", last: { state: "pending", urgent: true } },
      { name: "Iryna", last: { state: "sent", urgent: true } },
      { name: "Ahmad", last: { state: "no_address", urgent: true } },
      // Told since, in a later ordinary message that went: reached.
      { name: "Omar", last: { state: "sent", urgent: false } },
      // Development keeps messages instead of sending them: not reached.
      { name: "Lina", last: { state: "kept", urgent: true } },
      { name: "", host: true, last: { state: "failed", urgent: true } },
      { name: "Farid", last: null },
    ]);
    expect(reach).toEqual({
      reached: 2,
      total: 7,
      notYet: [
        { name: "Olena", host: false, reach: "waiting" },
        { name: "Ahmad", host: false, reach: "phone" },
        { name: "Lina", host: false, reach: "kept" },
        { name: "", host: true, reach: "failed" },
        { name: "Farid", host: false, reach: "none" },
      ],
    });
  });
});
