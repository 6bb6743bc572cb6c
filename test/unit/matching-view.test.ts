import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";

import { proposalFacts, proposalLead, scoringLines } from "~/components/MatchSummary";
import { match, type MatchEvent, type MatchInput, type MatchParticipant, type MatchResult } from "~/domain/matching";
import { defaultMatchingPeriod, evennessOf, matchView, type MatchViewInput } from "~/domain/matching/view";
import { LOCALES, type Locale } from "~/domain/vocabulary";
import { i18nConfig } from "~/i18n/config";
import { resources } from "~/i18n/resources";

type Translate = (key: string, options?: Record<string, unknown>) => string;

async function translator(locale: Locale): Promise<Translate> {
  const i18n = createInstance();
  await i18n.init({ ...i18nConfig, supportedLngs: [...i18nConfig.supportedLngs], lng: locale, resources });
  return i18n.getFixedT(locale) as Translate;
}

const person = (id: number, firstName: string): MatchParticipant => ({
  id,
  firstName,
  homeTownId: 1,
  languages: [{ code: "et", level: "fluent" }],
  offers: ["crafts"],
  maxTravelMinutes: 240,
  monthlyCap: 4,
  weekdays: [0, 1, 2, 3, 4, 5, 6],
  timesOfDay: ["morning", "afternoon", "evening"],
  unavailableDates: [],
  pausedUntil: null,
  countryOfOrigin: null,
  gender: null,
});

const event = (id: number, localDate: string, slotIds: number[]): MatchEvent => ({
  id,
  townId: 2,
  localDate,
  startMinute: 12 * 60,
  endMinute: 15 * 60,
  timeOfDay: "afternoon",
  languages: ["et"],
  seriesId: null,
  overnightStay: false,
  slots: slotIds.map((slotId) => ({ id: slotId, offer: null })),
});

/**
 * Two events with five places; Olena goes to both (95 and 120 min), Ahmad to the first (70 min);
 * two places at the second event stay empty. Olena already went once this season, Iryna never.
 */
function example(): MatchViewInput {
  const input: MatchViewInput["input"] = {
    events: [event(10, "2026-12-12", [100, 101]), event(11, "2026-12-19", [110, 111, 112])],
    participants: [person(1, "Olena"), person(2, "Ahmad"), person(3, "Iryna")],
    history: [
      { participantId: 1, eventId: 5, localDate: "2026-10-03", seriesId: null, status: "attended" },
      // An open invitation counts toward the load the matcher balances, not toward "events this season".
      { participantId: 2, eventId: 6, localDate: "2026-12-05", seriesId: null, status: "invited" },
    ],
    locks: [{ participantId: 1, eventId: 11 }],
    exclusions: [
      { participantId: 3, eventId: 10 },
      { participantId: 3, eventId: 99 },
    ],
  };
  const result: MatchResult = {
    status: "optimal",
    objective: 20_795,
    lowerBound: 20_795,
    terms: { travel: 285, load: 100, recency: 0, unfilled: 20_000, diversity: 0, continuity: 0 },
    assignments: [
      { eventId: 10, slotId: 100, participantId: 1, travelMinutes: 95, reasons: [{ code: "travel", params: { minutes: 95, ferry: 0 } }] },
      { eventId: 10, slotId: 101, participantId: 2, travelMinutes: 70, reasons: [{ code: "travel", params: { minutes: 70, ferry: 0 } }] },
      { eventId: 11, slotId: 110, participantId: 1, travelMinutes: 120, reasons: [{ code: "locked", params: {} }] },
    ],
    unfilledSlots: [
      {
        eventId: 11,
        slotId: 111,
        reasons: [
          { code: "no_eligible_participant", params: {} },
          { code: "too_far", params: { participants: 2 } },
        ],
      },
      { eventId: 11, slotId: 112, reasons: [{ code: "no_eligible_participant", params: {} }] },
    ],
    notPicked: [{ participantId: 3, reasons: [{ code: "others_fit_better", params: { events: 1 } }] }],
    lockIssues: [],
    stats: { nodes: 0, arcs: 0, augmentations: 0, branches: 0, fixed: 0 },
  };
  return {
    input,
    result,
    titles: new Map([
      [10, "Saame tuttavaks! Paide"],
      [11, "Jõuluturg Kuressaares"],
    ]),
    compareNames: (a, b) => a.localeCompare(b, "et"),
  };
}

describe("the matching page's view of a run", () => {
  it("seats each place with its person and reasons, looked up by slot, and marks locked picks", () => {
    const view = matchView(example());
    expect(view.events.map((e) => e.title)).toEqual(["Saame tuttavaks! Paide", "Jõuluturg Kuressaares"]);
    const [paide, kuressaare] = view.events;
    expect(paide.slots.map((s) => s.participant?.name)).toEqual(["Olena", "Ahmad"]);
    expect(paide.slots[0].participant).toEqual({ id: 1, name: "Olena", travelMinutes: 95, locked: false });
    expect(kuressaare.slots[0].participant).toMatchObject({ id: 1, locked: true });
    expect(kuressaare.slots[1]).toMatchObject({ participant: null, reasons: [{ code: "no_eligible_participant" }, { code: "too_far" }] });
  });

  it("lists people picked first, then by name, with this season's events before and after", () => {
    const view = matchView(example());
    expect(view.byParticipant.map((p) => [p.name, p.before, p.after, p.picked])).toEqual([
      ["Olena", 1, 3, 2],
      ["Ahmad", 0, 1, 1],
      ["Iryna", 0, 0, 0],
    ]);
  });

  it("names locks and exclusions with the event's title and date, leaving out events not in this run", () => {
    const view = matchView(example());
    expect(view.constraints).toEqual([
      { participantId: 1, eventId: 11, kind: "lock", name: "Olena", title: "Jõuluturg Kuressaares", localDate: "2026-12-19" },
      { participantId: 3, eventId: 10, kind: "exclude", name: "Iryna", title: "Saame tuttavaks! Paide", localDate: "2026-12-12" },
    ]);
  });

  it("sums the proposal up in places, minutes and spread, and groups the places left open by event", () => {
    const { summary, scoring } = matchView(example());
    expect(summary).toMatchObject({ openPlaces: 5, filled: 3, events: 2, people: 2, travel: { totalMinutes: 285, averageMinutes: 95 } });
    // Loads with this proposal: Olena 1 + 2, Ahmad 1 (invited) + 1, Iryna 0.
    expect(summary.spread).toMatchObject({ most: 3, mean: 1.7, fewest: 0, withoutAny: 1, people: 3 });
    // Sorted 0, 2, 3: 2 × (1·0 + 2·2 + 3·3) / (3 × 5) − 4/3 = 0.4.
    expect(summary.spread.gini).toBe(0.4);
    expect(summary.spread.evenness).toBe("uneven");
    expect(summary.stillOpen).toEqual([
      {
        eventId: 11,
        title: "Jõuluturg Kuressaares",
        localDate: "2026-12-19",
        places: 2,
        reasons: [
          { code: "no_eligible_participant", params: {} },
          { code: "too_far", params: { participants: 2 } },
        ],
      },
    ]);
    expect(scoring.total).toBe(20_795);
    expect(scoring.weights.unfilledPenalty).toBe(10_000);
  });

  it("says nothing about travel when nobody is proposed", () => {
    const input = example();
    const view = matchView({ ...input, result: { ...input.result, assignments: [], unfilledSlots: [] } });
    expect(view.summary.travel).toBeNull();
    expect(view.summary.filled).toBe(0);
  });

  it("agrees with the matcher on a run it made", () => {
    const input: MatchInput = {
      ...example().input,
      history: [],
      locks: [],
      exclusions: [],
      seasonStart: "2026-09-01",
      travel: (from, to) => (from === to ? { minutes: 0, latestDeparture: null } : { minutes: 80, latestDeparture: null }),
    };
    const result = match(input);
    const view = matchView({ input, result, titles: new Map(), compareNames: (a, b) => a.localeCompare(b) });
    expect(view.summary.filled).toBe(result.assignments.length);
    expect(view.summary.travel?.totalMinutes).toBe(80 * result.assignments.length);
    expect(view.summary.openPlaces - view.summary.filled).toBe(view.summary.stillOpen.reduce((n, s) => n + s.places, 0));
    expect(view.events.flatMap((e) => e.slots).filter((s) => s.participant).length).toBe(result.assignments.length);
  });

  it("calls a Gini coefficient even, fairly even or uneven", () => {
    expect([0, 0.19, 0.2, 0.39, 0.4, 0.9].map(evennessOf)).toEqual(["even", "even", "fairly_even", "fairly_even", "uneven", "uneven"]);
  });

  it("opens on today and the next eight weeks, across a year's end", () => {
    expect(defaultMatchingPeriod("2026-12-03")).toEqual({ from: "2026-12-03", to: "2027-01-28" });
  });
});

describe("the proposal in words", () => {
  it("reads in minutes, places and spread in English, with no solver points outside the scoring details", async () => {
    const t = await translator("en");
    const view = matchView(example());
    const facts = proposalFacts(view.summary, t, "en");
    expect(facts.map((f) => `${f.term}: ${f.text}`)).toEqual([
      "Places: 3 of 5 open places filled, at 2 events",
      "Travel (one way): 285 min in total, on average 95 min per trip",
      "Places per person this season: most for one person: 3, on average 1.7, fewest: 0 · unevenly spread: a few people carry most trips",
    ]);
    const text = facts.map((f) => `${f.text} ${f.hint ?? ""}`).join(" ");
    expect(text).not.toMatch(/20[ ,.]?795|20[ ,.]?000|cost/i);
    const lead = proposalLead({ status: "optimal", gapPercent: null, ms: 12, summary: view.summary }, t, "en");
    expect(lead).toBe("The best possible proposal · worked out in 12 ms");

    const scoring = scoringLines(view.scoring, t, "en");
    expect(scoring.map((l) => `${l.term}: ${l.points}`)).toContain("Empty places: 20,000 points");
    expect(scoring.at(-1)).toMatchObject({ term: "Score in total (lower is better)", points: "20,795 points" });
    expect(scoring.find((l) => l.term === "Travel")?.how).toBe("1 point per minute of travel (one way)");
  });

  it("after accepting says that nobody can be proposed for the places still open, not '0 of 9 filled'", async () => {
    const t = await translator("en");
    const input = example();
    const after = matchView({ ...input, result: { ...input.result, assignments: [], terms: { ...input.result.terms, travel: 0 } } });
    expect(proposalLead({ status: "optimal", gapPercent: null, ms: 3, summary: after.summary }, t, "en")).toBe("Nobody can be proposed for the 5 places still open.");
    expect(proposalFacts(after.summary, t, "en").map((f) => f.term)).toEqual(["Places per person this season"]);
    const nothingOpen = matchView({ ...input, input: { ...input.input, events: [] }, result: { ...input.result, assignments: [], unfilledSlots: [] } });
    expect(proposalLead({ status: "optimal", gapPercent: null, ms: 3, summary: nothingOpen.summary }, t, "en")).toMatch(/^There are no open places in this period/);
  });

  it.each(LOCALES)("%s: every line is filled in, in every shape of the summary", async (locale) => {
    const t = await translator(locale);
    const base = example();
    const shapes = [1, 2, 5, 21].flatMap((n) => {
      const events = [
        event(
          10,
          "2026-12-12",
          Array.from({ length: n }, (_, i) => 100 + i),
        ),
      ];
      const assignments = base.result.assignments.filter((a) => a.eventId === 10).slice(0, Math.min(n, 2));
      return [
        matchView({ ...base, input: { ...base.input, events }, result: { ...base.result, assignments } }).summary,
        matchView({ ...base, input: { ...base.input, events }, result: { ...base.result, assignments: [] } }).summary,
      ];
    });
    const lines: string[] = [];
    for (const summary of shapes) {
      lines.push(proposalLead({ status: "optimal", gapPercent: null, ms: 5, summary }, t, locale));
      lines.push(proposalLead({ status: "feasible", gapPercent: 1.5, ms: 5, summary }, t, locale));
      for (const fact of proposalFacts(summary, t, locale)) lines.push(fact.term, fact.text, fact.hint ?? "x");
    }
    for (const evenness of ["even", "fairly_even", "uneven"]) lines.push(t(`matchview.facts.evenness.${evenness}`));
    for (const count of [1, 2, 5, 21]) lines.push(t("matchview.stillOpen.title", { count }), t("matchview.stillOpen.places", { count }), t("matchview.waiting.lead", { count }));
    lines.push(
      t("matchview.waiting.title"),
      t("matchview.waiting.travel", { minutes: "95" }),
      t("matchview.waiting.total", { minutes: "1 200" }),
      t("matchview.scoring.summary"),
      t("matchview.scoring.lead"),
    );
    for (const line of scoringLines(matchView(base).scoring, t, locale)) lines.push(line.term, line.points, line.how || "x");
    lines.push(...scoringLines({ ...matchView(base).scoring, total: null }, t, locale).map((l) => l.points));
    const bad = lines.filter((line) => line.trim() === "" || line.includes("{{") || /\b(matchview|matching)\./.test(line));
    expect(bad).toEqual([]);
  });
});

describe("a lock after its proposal was accepted", () => {
  it("asks for nothing more: the next run is not called infeasible because the person is already going", () => {
    const input: MatchInput = {
      // Olena's place at event 10 is already proposed (so it is no longer open); one place is left.
      events: [event(10, "2026-12-12", [101])],
      participants: [person(1, "Olena"), person(2, "Ahmad")],
      history: [{ participantId: 1, eventId: 10, localDate: "2026-12-12", seriesId: null, status: "proposed" }],
      locks: [{ participantId: 1, eventId: 10 }],
      exclusions: [],
      seasonStart: "2026-09-01",
      travel: () => ({ minutes: 60, latestDeparture: null }),
    };
    const result = match(input);
    expect(result.lockIssues).toEqual([]);
    expect(result.status).toBe("optimal");
    expect(result.assignments.map((a) => a.participantId)).toEqual([2]);
    // A lock on someone who said no is still a problem the coordinator must see.
    const declined = match({ ...input, history: [], exclusions: [{ participantId: 1, eventId: 10 }] });
    expect(declined.status).toBe("infeasible");
    expect(declined.lockIssues.map((i) => i.participantId)).toEqual([1]);
  });
});
