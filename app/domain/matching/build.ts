/**
 * The problem, built once from the input: which participant may go to which event (the hard
 * constraints, with a reason for every "no"), what each possible pick costs, and what history
 * already uses. Solving it is `solve.ts`'s job; keeping the two apart lets tests check each.
 * The model's shape is in model.ts, the hard rules in eligibility.ts, the lock checks in locks.ts.
 */
import { dayNumber, monthNumber, weekdayOfDayNumber } from "./dates";
import { audienceRule, canTakeSomeSlot, codeIndex, CODE_COUNT, participantFacts, TIMES } from "./eligibility";
import { GrowableFloat64, GrowableInt32 } from "./growable";
import { checkLocks } from "./locks";
import type { MatchModel, PairTable } from "./model";
import { DEFAULT_POLICY, type MatchInput, type Policy, type TravelInfo } from "./types";

const C = {
  excluded: codeIndex("excluded"),
  paused: codeIndex("paused"),
  notDay: codeIndex("not_available_that_day"),
  notTime: codeIndex("not_available_that_time"),
  dayTaken: codeIndex("day_taken"),
  overCap: codeIndex("over_monthly_cap"),
  unreachable: codeIndex("unreachable"),
  tooFar: codeIndex("too_far"),
  cannotGetHome: codeIndex("cannot_get_home"),
  noLanguage: codeIndex("no_shared_language"),
  noOffer: codeIndex("no_matching_offer"),
};

/** Merged policy: defaults overridden by the input's partial policy. */
export function policyOf(input: MatchInput): Policy {
  return { ...DEFAULT_POLICY, ...(input.policy ?? {}) };
}

/** Linear decay: full weight the day after an event, nothing after the window. */
export function recencyCost(policy: Policy, daysSinceLast: number): number {
  if (daysSinceLast < 0 || policy.recencyWindowDays <= 0) return 0;
  // Weight × (window − days) / window, in this order: whole numbers stay whole (no 11.999…).
  return (policy.recencyWeight * Math.max(0, policy.recencyWindowDays - daysSinceLast)) / policy.recencyWindowDays;
}

/** Latest history day strictly before `day`, or −1. */
function lastBefore(sorted: number[], day: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? -1 : sorted[lo - 1];
}

/** Builds the matching problem: eligibility (with reasons), pair costs, history, locks. */
export function build(input: MatchInput): MatchModel {
  const policy = policyOf(input);
  const { events, participants } = input;
  const E = events.length;
  const P = participants.length;

  const eventIndex = new Map(events.map((e, i) => [e.id, i]));
  const participantIndex = new Map(participants.map((p, i) => [p.id, i]));
  const eventDay = Int32Array.from(events, (e) => dayNumber(e.localDate));
  const eventMonth = Int32Array.from(events, (e) => monthNumber(e.localDate));
  const eventWeekdayBit = Int32Array.from(eventDay, (d) => 1 << weekdayOfDayNumber(d));
  const eventTimeBit = Int32Array.from(events, (e) => 1 << TIMES.indexOf(e.timeOfDay));
  const eventHasInterpreting = events.map((e) => e.slots.some((s) => s.offer === "interpreting"));
  const eventAllTyped = events.map((e) => e.slots.every((s) => s.offer !== null));
  const eventLanguages = events.map((e) => new Set(e.languages));

  const countries: string[] = [];
  const countryIndex = new Map<string, number>();
  const participantCountry = Int32Array.from(participants, (p) => {
    if (p.countryOfOrigin === null || p.countryOfOrigin === "") return -1;
    let i = countryIndex.get(p.countryOfOrigin);
    if (i === undefined) {
      i = countries.length;
      countries.push(p.countryOfOrigin);
      countryIndex.set(p.countryOfOrigin, i);
    }
    return i;
  });

  // History: load this season, monthly use, days taken, diversity already at an event.
  const seasonStartDay = dayNumber(input.seasonStart);
  const historyOf: MatchInput["history"][] = participants.map(() => []);
  const loadBase = new Int32Array(P);
  const monthUsed = participants.map(() => new Map<number, number>());
  const diversityBase = events.map(() => new Map<number, number>());
  for (const h of input.history) {
    const p = participantIndex.get(h.participantId);
    if (p === undefined) continue;
    historyOf[p].push(h);
    if (dayNumber(h.localDate) >= seasonStartDay) loadBase[p]++;
    const m = monthNumber(h.localDate);
    monthUsed[p].set(m, (monthUsed[p].get(m) ?? 0) + 1);
    const e = eventIndex.get(h.eventId);
    if (e !== undefined && participantCountry[p] >= 0) {
      const c = participantCountry[p];
      diversityBase[e].set(c, (diversityBase[e].get(c) ?? 0) + 1);
    }
  }

  const exclusionKeys = new Set<number>();
  for (const x of input.exclusions ?? []) {
    const p = participantIndex.get(x.participantId);
    const e = eventIndex.get(x.eventId);
    if (p !== undefined && e !== undefined) exclusionKeys.add(p * E + e);
  }

  // Travel is asked once per (home town, event town).
  const travelMemo = new Map<number, Map<number, TravelInfo | null>>();
  const travelBetween = (from: number, to: number): TravelInfo | null => {
    let row = travelMemo.get(from);
    if (!row) travelMemo.set(from, (row = new Map()));
    let t = row.get(to);
    if (t === undefined) {
      t = input.travel(from, to);
      row.set(to, t);
    }
    return t;
  };
  const travelOf = (p: number, e: number) => travelBetween(participants[p].homeTownId, events[e].townId);

  const pairP = new GrowableInt32();
  const pairE = new GrowableInt32();
  const pairMinutes = new GrowableFloat64();
  const pairFlags = new GrowableInt32(); // bit 0 ferry, 1 continuity, 2 needs interpreter
  const pairRecency = new GrowableFloat64();
  const pairDays = new GrowableInt32();
  const pairStart = new Int32Array(P + 1);
  const participantReasonCounts = new Uint32Array(P * CODE_COUNT);
  const eventReasonCounts = new Uint32Array(E * CODE_COUNT);
  const participantNearestTooFar = new Float64Array(P).fill(Infinity);

  // Every (participant, event) pair, participant by participant: a function of its own, which the
  // JIT compiles far sooner than all of `build` (this runs once per process for the first season).
  const scanParticipant = (p: number): void => {
    pairStart[p] = pairP.length;
    const person = participants[p];
    const f = participantFacts(person, historyOf[p]);
    const used = monthUsed[p];
    const travelRow = new Map<number, TravelInfo | null>();
    for (let e = 0; e < E; e++) {
      const event = events[e];
      const day = eventDay[e];
      let code = -1;
      let travel: TravelInfo | null = null;
      let needsInterpreter = false;
      let audienceBar: number;
      if (exclusionKeys.has(p * E + e)) code = C.excluded;
      else if ((audienceBar = audienceRule(event, person)) !== -1) code = audienceBar;
      else if (day < f.pausedBefore) code = C.paused;
      else if ((f.weekdays & eventWeekdayBit[e]) === 0 || f.unavailable.has(day)) code = C.notDay;
      else if ((f.times & eventTimeBit[e]) === 0) code = C.notTime;
      else if (f.historyDays.has(day)) code = C.dayTaken;
      else if ((used.get(eventMonth[e]) ?? 0) >= person.monthlyCap) code = C.overCap;
      else {
        travel = travelRow.get(event.townId) ?? null;
        if (!travelRow.has(event.townId)) {
          travel = travelBetween(person.homeTownId, event.townId);
          travelRow.set(event.townId, travel);
        }
        if (travel === null) code = C.unreachable;
        else if (travel.minutes > person.maxTravelMinutes) {
          code = C.tooFar;
          if (travel.minutes < participantNearestTooFar[p]) participantNearestTooFar[p] = travel.minutes;
        } else if (
          !event.overnightStay &&
          (event.endMinute + travel.minutes > policy.latestHomeArrival || (travel.latestDeparture !== null && event.endMinute > travel.latestDeparture))
        )
          code = C.cannotGetHome;
        else {
          const langs = eventLanguages[e];
          const shares = langs.size === 0 || f.speaks.some((l) => langs.has(l));
          if (!shares) {
            if (eventHasInterpreting[e]) needsInterpreter = true;
            else code = C.noLanguage;
          }
          if (code === -1 && eventAllTyped[e] && !canTakeSomeSlot(event, person.offers, needsInterpreter)) code = C.noOffer;
        }
      }
      if (code !== -1) {
        participantReasonCounts[p * CODE_COUNT + code]++;
        eventReasonCounts[e * CODE_COUNT + code]++;
        continue;
      }
      const last = lastBefore(f.sortedHistoryDays, day);
      pairP.push(p);
      pairE.push(e);
      pairMinutes.push(travel!.minutes);
      const continuity = event.seriesId !== null && f.series.has(event.seriesId);
      pairFlags.push((travel!.latestDeparture !== null ? 1 : 0) | (continuity ? 2 : 0) | (needsInterpreter ? 4 : 0));
      const days = last === -1 ? -1 : day - last;
      pairDays.push(days);
      pairRecency.push(recencyCost(policy, days));
    }
  };
  for (let p = 0; p < P; p++) scanParticipant(p);
  pairStart[P] = pairP.length;

  const n = pairP.length;
  const flags = pairFlags.toArray();
  const pairs: PairTable = {
    count: n,
    participant: pairP.toArray(),
    event: pairE.toArray(),
    travelMinutes: pairMinutes.toArray(),
    ferry: Uint8Array.from(flags, (f) => f & 1),
    travelCost: new Float64Array(n),
    recencyCost: pairRecency.toArray(),
    daysSinceLast: pairDays.toArray(),
    continuity: Uint8Array.from(flags, (f) => (f >> 1) & 1),
    needsInterpreter: Uint8Array.from(flags, (f) => (f >> 2) & 1),
    cost: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    pairs.travelCost[i] = policy.travelPerMinute * pairs.travelMinutes[i];
    pairs.cost[i] = pairs.travelCost[i] + pairs.recencyCost[i] - (pairs.continuity[i] ? policy.continuityBonus : 0);
  }

  const model: MatchModel = {
    input,
    policy,
    events,
    participants,
    eventDay,
    eventMonth,
    participantCountry,
    countries,
    loadBase,
    monthUsed,
    diversityBase,
    totalSlots: events.reduce((s, e) => s + e.slots.length, 0),
    pairs,
    pairStart,
    locks: [],
    lockIssues: [],
    participantReasonCounts,
    eventReasonCounts,
    participantNearestTooFar,
    travelOf,
    exclusionKeys,
  };
  checkLocks(model, input, participantIndex, eventIndex);
  return model;
}
