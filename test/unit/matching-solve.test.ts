/** The solver on tiny hand-made problems with known optima. */
import { describe, expect, it } from "vitest";
import { build, DEFAULT_POLICY, gini, match, solve, type MatchInput } from "~/domain/matching";
import { event, input, participant, slots, travelTable } from "./matching/fixtures";

const NO_EXTRAS = { loadWeight: 0, recencyWeight: 0, diversityPenalty: 0, continuityBonus: 0, travelPerMinute: 1, unfilledPenalty: 1000 };
const picked = (r: ReturnType<typeof match>) => r.assignments.map((a) => [a.eventId, a.participantId]);

/** Participant i lives in town i; travel to event town 100 is minutes[i]. */
function travelFrom(minutes: Record<number, number>) {
  return travelTable(Object.fromEntries(Object.entries(minutes).map(([town, m]) => [`${town}>100`, { minutes: m, latestDeparture: null }])));
}

describe("matching solver: known optima", () => {
  it("picks the nearest participant; objective = travel + unfilled", () => {
    const r = match(
      input({
        participants: [participant(1, { homeTownId: 1 }), participant(2, { homeTownId: 2 })],
        events: [event(1, { slots: slots(1, [null, null, null]) })],
        travel: travelFrom({ 1: 50, 2: 30 }),
        policy: NO_EXTRAS,
      }),
    );
    expect(r.status).toBe("optimal");
    expect(picked(r).sort()).toEqual([
      [1, 1],
      [1, 2],
    ]);
    expect(r.terms).toEqual({ travel: 80, load: 0, recency: 0, unfilled: 1000, diversity: 0, continuity: 0 });
    expect(r.objective).toBe(1080);
    expect(r.unfilledSlots).toHaveLength(1);
    expect(r.unfilledSlots[0].reasons[0]).toEqual({ code: "eligible_used_elsewhere", params: { participants: 2 } });
  });

  it("leaves a slot empty when filling it costs more than the penalty", () => {
    const r = match(input({ participants: [participant(1)], events: [event(1)], travel: travelFrom({ 1: 120 }), policy: { ...NO_EXTRAS, unfilledPenalty: 100 } }));
    expect(r.assignments).toEqual([]);
    expect(r.objective).toBe(100);
    expect(r.notPicked).toEqual([{ participantId: 1, reasons: [{ code: "others_fit_better", params: { events: 1 } }] }]);
  });

  it("fairness: two people with one event each beat one person with two", () => {
    const base: Partial<MatchInput> = {
      participants: [participant(1, { homeTownId: 1 }), participant(2, { homeTownId: 2 })],
      events: [event(1, { localDate: "2025-05-10" }), event(2, { localDate: "2025-05-17" })],
      travel: travelFrom({ 1: 40, 2: 60 }),
    };
    const fair = match(input({ ...base, policy: { ...NO_EXTRAS, loadWeight: 15 } }));
    expect(
      picked(fair)
        .map(([, p]) => p)
        .sort(),
    ).toEqual([1, 2]);
    // 40 + 60 travel, load 15 × (1 + 1) = 30; one person with two would be 80 + 15 × 4 = 140.
    expect(fair.objective).toBe(130);
    expect(fair.terms.load).toBe(30);
    // With the load weight low enough, the nearer person takes both (80 + 4·5 = 100 < 100 + 2·5 = 110).
    const cheap = match(input({ ...base, policy: { ...NO_EXTRAS, loadWeight: 5 } }));
    expect(picked(cheap).map(([, p]) => p)).toEqual([1, 1]);
    expect(cheap.objective).toBe(100);
  });

  it("load includes history this season", () => {
    const r = match(
      input({
        participants: [participant(1, { homeTownId: 1 }), participant(2, { homeTownId: 2 })],
        events: [event(1)],
        travel: travelFrom({ 1: 40, 2: 60 }),
        policy: { ...NO_EXTRAS, loadWeight: 10 },
        history: [
          { participantId: 1, eventId: 90, localDate: "2025-02-01", seriesId: null, status: "attended" },
          { participantId: 1, eventId: 91, localDate: "2025-03-01", seriesId: null, status: "attended" },
        ],
      }),
    );
    // Participant 1: 40 + 10(3² − 2²) = 90; participant 2: 60 + 10 = 70.
    expect(picked(r)).toEqual([[1, 2]]);
    expect(r.objective).toBe(70);
  });

  it("diversity: avoids two people from the same country when it is worth it", () => {
    const base: Partial<MatchInput> = {
      participants: [
        participant(1, { homeTownId: 1, countryOfOrigin: "UA" }),
        participant(2, { homeTownId: 2, countryOfOrigin: "UA" }),
        participant(3, { homeTownId: 3, countryOfOrigin: "SY" }),
      ],
      events: [event(1, { slots: slots(1, [null, null]) })],
      travel: travelFrom({ 1: 30, 2: 40, 3: 70 }),
    };
    const diverse = match(input({ ...base, policy: { ...NO_EXTRAS, diversityPenalty: 50 } }));
    expect(
      picked(diverse)
        .map(([, p]) => p)
        .sort(),
    ).toEqual([1, 3]);
    expect(diverse.objective).toBe(100);
    const cheap = match(input({ ...base, policy: { ...NO_EXTRAS, diversityPenalty: 20 } }));
    expect(
      picked(cheap)
        .map(([, p]) => p)
        .sort(),
    ).toEqual([1, 2]);
    expect(cheap.terms.diversity).toBe(20);
    expect(cheap.objective).toBe(90);
  });

  it("diversity is convex: three from one country cost three pairs", () => {
    const r = match(
      input({
        participants: [1, 2, 3].map((i) => participant(i, { homeTownId: i, countryOfOrigin: "UA" })),
        events: [event(1, { slots: slots(1, [null, null, null]) })],
        travel: travelFrom({ 1: 10, 2: 10, 3: 10 }),
        policy: { ...NO_EXTRAS, diversityPenalty: 7 },
      }),
    );
    expect(r.terms.diversity).toBe(21);
  });

  it("continuity: someone already in the series is preferred", () => {
    const r = match(
      input({
        participants: [participant(1, { homeTownId: 1 }), participant(2, { homeTownId: 2 })],
        events: [event(1, { seriesId: 5 })],
        travel: travelFrom({ 1: 40, 2: 60 }),
        policy: { ...NO_EXTRAS, continuityBonus: 30 },
        history: [{ participantId: 2, eventId: 90, localDate: "2025-04-10", seriesId: 5, status: "attended" }],
      }),
    );
    expect(picked(r)).toEqual([[1, 2]]);
    expect(r.terms).toMatchObject({ travel: 60, continuity: -30 });
    expect(r.assignments[0].reasons.map((x) => x.code)).toContain("series_continuity");
  });

  it("recency: someone who went recently costs more", () => {
    const r = match(
      input({
        participants: [participant(1, { homeTownId: 1 }), participant(2, { homeTownId: 2 })],
        events: [event(1)],
        travel: travelFrom({ 1: 40, 2: 60 }),
        policy: { ...NO_EXTRAS, recencyWeight: 60, recencyWindowDays: 30 },
        history: [{ participantId: 1, eventId: 90, localDate: "2025-05-05", seriesId: null, status: "attended" }],
      }),
    );
    // Participant 1: 40 + 60·(1 − 5/30) = 90 > 60.
    expect(picked(r)).toEqual([[1, 2]]);
  });

  it("one event per day and the monthly cap hold", () => {
    const r = match(
      input({
        participants: [participant(1, { monthlyCap: 2 })],
        events: [event(1), event(2), event(3, { localDate: "2025-05-12" }), event(4, { localDate: "2025-05-14" })],
        policy: NO_EXTRAS,
      }),
    );
    expect(r.assignments).toHaveLength(2);
    expect(new Set(r.assignments.map((a) => a.eventId)).has(1) && new Set(r.assignments.map((a) => a.eventId)).has(2)).toBe(false);
  });
});

describe("matching solver: typed slots and interpreters", () => {
  it("a typed slot goes to someone with that offer, even when the aggregate relaxation prefers others", () => {
    // The flow only counts people per event: it would send the two nearest (1 and 2), but the
    // crafts slot needs participant 3. The optimum is 1 + 3.
    const r = match(
      input({
        participants: [participant(1, { homeTownId: 1 }), participant(2, { homeTownId: 2 }), participant(3, { homeTownId: 3, offers: ["crafts"] })],
        events: [event(1, { slots: slots(1, ["crafts", null]) })],
        travel: travelFrom({ 1: 10, 2: 20, 3: 100 }),
        policy: NO_EXTRAS,
      }),
    );
    expect(r.status).toBe("optimal");
    expect(r.assignments.map((a) => [a.slotId, a.participantId]).sort()).toEqual([
      [11, 3],
      [12, 1],
    ]);
    expect(r.objective).toBe(110);
    const crafts = r.assignments.find((a) => a.participantId === 3)!;
    expect(crafts.reasons).toContainEqual({ code: "brings_offer", params: { offer: "crafts" } });
  });

  it("a typed slot stays empty when nobody offers it", () => {
    const r = match(input({ participants: [participant(1), participant(2)], events: [event(1, { slots: slots(1, ["music", null]) })], policy: NO_EXTRAS }));
    expect(r.assignments).toHaveLength(1);
    expect(r.unfilledSlots).toEqual([{ eventId: 1, slotId: 11, reasons: [{ code: "no_matching_offer", params: { offer: "music" } }] }]);
  });

  it("someone without a shared language goes only with an interpreter in the interpreting slot", () => {
    const ar = participant(1, { homeTownId: 1, languages: [{ code: "ar", level: "native" }], offers: ["food"] });
    const interpreter = participant(2, {
      homeTownId: 2,
      languages: [
        { code: "et", level: "fluent" },
        { code: "ar", level: "fluent" },
      ],
      offers: ["interpreting"],
    });
    const local = participant(3, { homeTownId: 3 });
    const ev = event(1, { slots: slots(1, ["interpreting", null, null]) });
    const travel = travelFrom({ 1: 10, 2: 80, 3: 60 });
    const withInterpreter = match(input({ participants: [ar, interpreter, local], events: [ev], travel, policy: NO_EXTRAS }));
    expect(withInterpreter.assignments.map((a) => a.participantId).sort()).toEqual([1, 2, 3]);
    expect(withInterpreter.assignments.find((a) => a.participantId === 2)!.slotId).toBe(11);
    expect(withInterpreter.assignments.find((a) => a.participantId === 1)!.reasons[0].code).toBe("needs_interpreter");
    const without = match(input({ participants: [ar, local], events: [ev], travel, policy: NO_EXTRAS }));
    expect(without.assignments.map((a) => a.participantId)).toEqual([3]);
    // If leaving the interpreter out is cheaper than the slot, the participant who needs one stays out too.
    const pricey = match(input({ participants: [ar, interpreter], events: [ev], travel: travelFrom({ 1: 10, 2: 900 }), policy: { ...NO_EXTRAS, unfilledPenalty: 300 } }));
    expect(pricey.assignments).toEqual([]);
    expect(pricey.objective).toBe(900);
  });
});

describe("matching solver: locks and exclusions", () => {
  const base: Partial<MatchInput> = {
    participants: [participant(1, { homeTownId: 1 }), participant(2, { homeTownId: 2 })],
    events: [event(1)],
    travel: travelFrom({ 1: 40, 2: 60 }),
    policy: NO_EXTRAS,
  };

  it("a lock is honoured and the objective is the true one", () => {
    const r = match(input({ ...base, locks: [{ participantId: 2, eventId: 1 }] }));
    expect(picked(r)).toEqual([[1, 2]]);
    expect(r.objective).toBe(60);
    expect(r.assignments[0].reasons[0]).toEqual({ code: "locked", params: {} });
  });

  it("an exclusion is honoured", () => {
    const r = match(input({ ...base, exclusions: [{ participantId: 1, eventId: 1 }] }));
    expect(picked(r)).toEqual([[1, 2]]);
  });

  it("an impossible lock makes the result infeasible and says why", () => {
    const r = match(
      input({
        ...base,
        locks: [
          { participantId: 1, eventId: 1 },
          { participantId: 2, eventId: 1 },
        ],
      }),
    );
    expect(r.status).toBe("infeasible");
    expect(r.lockIssues.map((i) => i.reasons[0].code)).toEqual(["lock_event_full", "lock_event_full"]);
    const noInterpreter = match(
      input({
        participants: [participant(1, { languages: [{ code: "ar", level: "native" }] })],
        events: [event(1, { slots: slots(1, ["interpreting", null]) })],
        locks: [{ participantId: 1, eventId: 1 }],
      }),
    );
    expect(noInterpreter.status).toBe("infeasible");
  });

  it("locks with a typed slot: the locked person is seated, others fill around", () => {
    const r = match(
      input({
        participants: [participant(1, { homeTownId: 1, offers: ["crafts"] }), participant(2, { homeTownId: 2, offers: ["crafts"] }), participant(3, { homeTownId: 3 })],
        events: [event(1, { slots: slots(1, ["crafts", null]) })],
        travel: travelFrom({ 1: 10, 2: 90, 3: 20 }),
        policy: NO_EXTRAS,
        locks: [{ participantId: 2, eventId: 1 }],
      }),
    );
    expect(r.assignments.map((a) => a.participantId).sort()).toEqual([1, 2]);
    expect(r.objective).toBe(100);
  });
});

describe("matching explanations", () => {
  it("explains picks in codes and params", () => {
    const r = match(
      input({
        participants: [
          participant(1, {
            languages: [
              { code: "et", level: "conversational" },
              { code: "uk", level: "native" },
            ],
            offers: ["crafts"],
          }),
        ],
        events: [event(1, { languages: ["et", "uk"], slots: slots(1, ["crafts"]) })],
        travel: travelTable({ "1>100": { minutes: 95, latestDeparture: 21 * 60 } }),
        history: [{ participantId: 1, eventId: 90, localDate: "2025-05-02", seriesId: null, status: "attended" }],
      }),
    );
    expect(r.assignments[0].reasons).toEqual([
      { code: "shares_language", params: { languages: "et, uk" } },
      { code: "travel", params: { minutes: 95, ferry: 1 } },
      { code: "nth_event_this_month", params: { n: 2 } },
      { code: "nth_event_this_season", params: { n: 2 } },
      { code: "last_event_days_ago", params: { days: 8 } },
      { code: "brings_offer", params: { offer: "crafts" } },
    ]);
  });

  it("explains empty slots and people not picked", () => {
    const r = match(
      input({
        participants: [participant(1, { maxTravelMinutes: 30 }), participant(2, { pausedUntil: "2030-01-01" })],
        events: [event(1)],
      }),
    );
    expect(r.unfilledSlots[0].reasons).toEqual([
      { code: "no_eligible_participant", params: {} },
      { code: "paused", params: { participants: 1 } },
      { code: "too_far", params: { participants: 1 } },
    ]);
    // Participant 2 is paused for the whole period: not listed.
    expect(r.notPicked).toEqual([{ participantId: 1, reasons: [{ code: "too_far", params: { events: 1, minutes: 60, limit: 30 } }] }]);
  });
});

describe("gini", () => {
  it("is 0 for equal loads and grows with inequality", () => {
    expect(gini([2, 2, 2])).toBe(0);
    expect(gini([])).toBe(0);
    expect(gini([0, 0, 3])).toBeCloseTo(2 / 3, 12);
  });
});

it("default policy makes filling come first", () => {
  expect(DEFAULT_POLICY.unfilledPenalty).toBeGreaterThan(10 * DEFAULT_POLICY.travelPerMinute * 300);
  expect(solve(build(input({}))).status).toBe("optimal");
});
