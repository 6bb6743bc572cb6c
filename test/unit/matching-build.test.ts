/** The builder: each hard constraint rules out exactly the right pairs, with the right reason. */
import { describe, expect, it } from "vitest";
import { build, explainPair, REASON_CODES, type MatchInput } from "~/domain/matching";
import { findPair } from "~/domain/matching/model";
import { event, input, participant, slots, travelTable } from "./matching/fixtures";

/** Eligibility of participant 1 at event 1 in a one-by-one input, with all reasons. */
function one(over: Partial<MatchInput>) {
  const model = build(input({ participants: [participant(1)], events: [event(1)], ...over }));
  const eligible = findPair(model, 0, 0) !== -1;
  const reasons = explainPair(model, 0, 0);
  // The builder's count table records the first reason; explainPair lists them all, same order.
  const counted = REASON_CODES.filter((_, c) => model.participantReasonCounts[c] > 0);
  expect(counted).toEqual(reasons.slice(0, 1).map((r) => r.code));
  expect(eligible).toBe(reasons.length === 0);
  return { model, eligible, codes: reasons.map((r) => r.code), reasons };
}

describe("matching builder: hard constraints", () => {
  it("accepts a plain pair", () => {
    expect(one({}).eligible).toBe(true);
  });

  it("paused until a date: out before it, back on it", () => {
    expect(one({ participants: [participant(1, { pausedUntil: "2025-05-11" })] }).codes).toEqual(["paused"]);
    expect(one({ participants: [participant(1, { pausedUntil: "2025-05-10" })] }).eligible).toBe(true);
  });

  it("weekday, unavailable date and time of day", () => {
    // 2025-05-10 is a Saturday (6).
    expect(one({ participants: [participant(1, { weekdays: [1, 2, 3, 4, 5] })] }).codes).toEqual(["not_available_that_day"]);
    expect(one({ participants: [participant(1, { weekdays: [6] })] }).eligible).toBe(true);
    expect(one({ participants: [participant(1, { unavailableDates: ["2025-05-10"] })] }).codes).toEqual(["not_available_that_day"]);
    expect(one({ participants: [participant(1, { timesOfDay: ["morning", "evening"] })] }).codes).toEqual(["not_available_that_time"]);
  });

  it("one event per day, history included", () => {
    const r = one({ history: [{ participantId: 1, eventId: 99, localDate: "2025-05-10", seriesId: null, status: "accepted" }] });
    expect(r.codes).toEqual(["day_taken"]);
    const other = one({ history: [{ participantId: 1, eventId: 99, localDate: "2025-05-09", seriesId: null, status: "accepted" }] });
    expect(other.eligible).toBe(true);
  });

  it("monthly cap counts history in the same calendar month only", () => {
    const h = (date: string) => ({ participantId: 1, eventId: 99, localDate: date, seriesId: null, status: "attended" as const });
    const capped = one({ participants: [participant(1, { monthlyCap: 1 })], history: [h("2025-05-02")] });
    expect(capped.codes).toEqual(["over_monthly_cap"]);
    expect(capped.reasons[0].params).toEqual({ month: "2025-05", cap: 1 });
    expect(one({ participants: [participant(1, { monthlyCap: 1 })], history: [h("2025-04-30")] }).eligible).toBe(true);
    expect(one({ participants: [participant(1, { monthlyCap: 2 })], history: [h("2025-05-02")] }).eligible).toBe(true);
  });

  it("travel limit and unreachable towns", () => {
    const far = one({ travel: travelTable({ "1>100": { minutes: 181, latestDeparture: null } }) });
    expect(far.codes).toEqual(["too_far"]);
    expect(far.reasons[0].params).toMatchObject({ minutes: 181, limit: 180 });
    expect(one({ travel: travelTable({ "1>100": { minutes: 180, latestDeparture: null } }) }).eligible).toBe(true);
    expect(one({ travel: travelTable({ "1>100": null }) }).codes).toEqual(["unreachable"]);
  });

  it("getting home the same day: arrival time and the last ferry, unless there is an overnight stay", () => {
    const late = event(1, { startMinute: 19 * 60, endMinute: 22 * 60, timeOfDay: "evening" });
    // 22:00 + 100 min = 23:40 > 23:30
    const t100 = travelTable({ "1>100": { minutes: 100, latestDeparture: null } });
    expect(one({ events: [late], travel: t100 }).codes).toEqual(["cannot_get_home"]);
    const t90 = travelTable({ "1>100": { minutes: 90, latestDeparture: null } });
    expect(one({ events: [late], travel: t90 }).eligible).toBe(true);
    // Ferry: last sailing home leaves the island at 21:30, the event ends at 22:00.
    const ferry = travelTable({ "1>100": { minutes: 60, latestDeparture: 21 * 60 + 30 } });
    const r = one({ events: [late], travel: ferry });
    expect(r.codes).toEqual(["cannot_get_home"]);
    expect(r.reasons[0].params).toMatchObject({ ferry: 1, lastDeparture: 21 * 60 + 30 });
    expect(one({ events: [{ ...late, endMinute: 21 * 60 + 30 }], travel: ferry }).eligible).toBe(true);
    expect(one({ events: [{ ...late, overnightStay: true }], travel: t100 }).eligible).toBe(true);
  });

  it("shared language at conversational level or better, or an interpreting slot", () => {
    const uk = participant(1, {
      languages: [
        { code: "uk", level: "native" },
        { code: "et", level: "basic" },
      ],
    });
    expect(one({ participants: [uk] }).codes).toEqual(["no_shared_language"]);
    const conv = participant(1, { languages: [{ code: "et", level: "conversational" }] });
    expect(one({ participants: [conv] }).eligible).toBe(true);
    const withInterp = one({ participants: [uk], events: [event(1, { slots: slots(1, ["interpreting", null]) })] });
    expect(withInterp.eligible).toBe(true);
    expect(withInterp.model.pairs.needsInterpreter[0]).toBe(1);
    expect(one({ events: [event(1, { languages: [] })], participants: [uk] }).eligible).toBe(true);
  });

  it("an event with only typed slots needs someone offering one of its types", () => {
    const crafts = event(1, { slots: slots(1, ["crafts", "crafts"]) });
    expect(one({ events: [crafts], participants: [participant(1, { offers: ["food"] })] }).codes).toEqual(["no_matching_offer"]);
    expect(one({ events: [crafts], participants: [participant(1, { offers: ["food", "crafts"] })] }).eligible).toBe(true);
    // Someone who needs an interpreter cannot be the interpreter.
    const interp = event(1, { slots: slots(1, ["interpreting"]) });
    const ar = participant(1, { languages: [{ code: "ar", level: "native" }], offers: ["interpreting"] });
    expect(one({ events: [interp], participants: [ar] }).codes).toEqual(["no_matching_offer"]);
  });

  it("exclusions", () => {
    expect(one({ exclusions: [{ participantId: 1, eventId: 1 }] }).codes[0]).toBe("excluded");
  });

  it("lists every failing constraint, first one counted", () => {
    const r = one({
      participants: [participant(1, { weekdays: [1], timesOfDay: ["morning"], languages: [{ code: "ru", level: "native" }] })],
      travel: travelTable({ "1>100": { minutes: 600, latestDeparture: null } }),
    });
    expect(r.codes).toEqual(["not_available_that_day", "not_available_that_time", "too_far", "cannot_get_home", "no_shared_language"]);
  });
});

describe("matching builder: costs and history", () => {
  it("pair cost = travel + recency − continuity; load counts this season only", () => {
    const model = build(
      input({
        participants: [participant(1)],
        events: [event(1, { seriesId: 7 })],
        travel: travelTable({ "1>100": { minutes: 95, latestDeparture: 20 * 60 } }),
        policy: { travelPerMinute: 2, recencyWeight: 60, recencyWindowDays: 30, continuityBonus: 25 },
        seasonStart: "2025-03-01",
        history: [
          { participantId: 1, eventId: 50, localDate: "2025-02-20", seriesId: 7, status: "attended" },
          { participantId: 1, eventId: 51, localDate: "2025-04-30", seriesId: null, status: "accepted" },
        ],
      }),
    );
    expect(model.pairs.count).toBe(1);
    expect(model.loadBase[0]).toBe(1);
    expect(model.pairs.ferry[0]).toBe(1);
    expect(model.pairs.daysSinceLast[0]).toBe(10);
    expect(model.pairs.recencyCost[0]).toBeCloseTo(60 * (1 - 10 / 30), 12);
    expect(model.pairs.continuity[0]).toBe(1);
    expect(model.pairs.cost[0]).toBeCloseTo(190 + 40 - 25, 12);
  });

  it("history at the same event is the diversity base", () => {
    const model = build(
      input({
        participants: [participant(1, { countryOfOrigin: "UA" }), participant(2, { countryOfOrigin: "UA" })],
        events: [event(1, { localDate: "2025-05-11" })],
        history: [{ participantId: 2, eventId: 1, localDate: "2025-05-11", seriesId: null, status: "accepted" }],
      }),
    );
    expect(model.diversityBase[0].get(model.participantCountry[0])).toBe(1);
  });
});

describe("matching builder: locks", () => {
  it("reports locks that cannot hold", () => {
    const base = {
      participants: [participant(1, { monthlyCap: 1 }), participant(2)],
      events: [event(1), event(2, { localDate: "2025-05-10" }), event(3, { localDate: "2025-05-20" })],
    };
    const ineligible = build(input({ ...base, locks: [{ participantId: 2, eventId: 1 }], exclusions: [{ participantId: 2, eventId: 1 }] }));
    expect(ineligible.lockIssues).toEqual([{ participantId: 2, eventId: 1, reasons: [{ code: "excluded", params: {} }] }]);
    const sameDay = build(
      input({
        ...base,
        locks: [
          { participantId: 2, eventId: 1 },
          { participantId: 2, eventId: 2 },
        ],
      }),
    );
    expect(sameDay.lockIssues.map((i) => i.reasons[0].code)).toEqual(["lock_same_day", "lock_same_day"]);
    const cap = build(
      input({
        ...base,
        locks: [
          { participantId: 1, eventId: 1 },
          { participantId: 1, eventId: 3 },
        ],
      }),
    );
    expect(cap.lockIssues.map((i) => i.reasons[0].code)).toEqual(["lock_over_monthly_cap", "lock_over_monthly_cap"]);
    const full = build(
      input({
        ...base,
        locks: [
          { participantId: 1, eventId: 1 },
          { participantId: 2, eventId: 1 },
        ],
      }),
    );
    expect(full.lockIssues.map((i) => i.reasons[0].code)).toEqual(["lock_event_full", "lock_event_full"]);
    const typed = build(
      input({
        ...base,
        events: [event(1, { slots: slots(1, ["crafts"]) })],
        participants: [participant(1, { offers: ["crafts", "food"] }), participant(2, { offers: ["crafts"] })],
        locks: [{ participantId: 1, eventId: 1 }],
      }),
    );
    expect(typed.lockIssues).toEqual([]);
    expect(typed.locks).toHaveLength(1);
    const unknown = build(input({ ...base, locks: [{ participantId: 9, eventId: 1 }] }));
    expect(unknown.lockIssues[0].reasons[0].code).toBe("lock_unknown");
  });
});
