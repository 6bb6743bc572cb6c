/**
 * The problem, built once from the input: which participant may go to which event (the hard
 * constraints, with a reason for every "no"), what each possible pick costs, and what history
 * already uses. Solving it is `solve.ts`'s job; keeping the two apart lets tests check each.
 */
import type { Offer } from "~/domain/vocabulary";
import { audienceBar } from "./audience";
import { dayNumber, monthLabel, monthNumber, weekdayOfDayNumber } from "./dates";
import { GrowableFloat64, GrowableInt32 } from "./growable";
import { canSeat } from "./slots";
import {
  DEFAULT_POLICY,
  REASON_CODES,
  type MatchEvent,
  type MatchInput,
  type MatchParticipant,
  type Policy,
  type Reason,
  type ReasonCode,
  type TravelInfo,
} from "./types";

/** Levels at which a shared language lets someone take part without an interpreter. */
const SPEAKING_LEVELS = new Set(["native", "fluent", "conversational"]);
const TIMES = ["morning", "afternoon", "evening"];

export const codeIndex = (code: ReasonCode): number => REASON_CODES.indexOf(code);
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
export const CODE_COUNT = REASON_CODES.length;

/** Eligible (participant, event) pairs as parallel typed arrays, sorted by participant then event. */
export type PairTable = {
  count: number;
  participant: Int32Array;
  event: Int32Array;
  travelMinutes: Float64Array;
  /** 1 when the journey home has a ferry. */
  ferry: Uint8Array;
  /** travelPerMinute × minutes. */
  travelCost: Float64Array;
  recencyCost: Float64Array;
  /** Days since the participant's latest earlier event (history), −1 if none. */
  daysSinceLast: Int32Array;
  /** 1 when the participant was already in this event's series. */
  continuity: Uint8Array;
  /** 1 when no shared language: allowed only because the event has an interpreting slot. */
  needsInterpreter: Uint8Array;
  /** travel + recency − continuity bonus: everything about the pick that depends on this pair alone. */
  cost: Float64Array;
};

export type MatchModel = {
  input: MatchInput;
  policy: Policy;
  events: MatchEvent[];
  participants: MatchParticipant[];
  eventDay: Int32Array;
  eventMonth: Int32Array;
  /** Country of origin as an index into `countries`, −1 when not given (not counted for diversity). */
  participantCountry: Int32Array;
  countries: string[];
  /** Assignments this season before this run (history). */
  loadBase: Int32Array;
  /** History per participant: month number → assignments. */
  monthUsed: Map<number, number>[];
  /** History per event: country index → participants already there. */
  diversityBase: Map<number, number>[];
  totalSlots: number;
  pairs: PairTable;
  /** pairs of participant p are [pairStart[p], pairStart[p+1]). */
  pairStart: Int32Array;
  /** Pair indices of the coordinator's locks (valid ones). */
  locks: number[];
  lockIssues: { participantId: number; eventId: number; reasons: Reason[] }[];
  /** Per participant × code and event × code: how many pairs were ruled out by that (first) reason. */
  participantReasonCounts: Uint32Array;
  eventReasonCounts: Uint32Array;
  /** Shortest too-far journey per participant (for the "too far" explanation), Infinity if none. */
  participantNearestTooFar: Float64Array;
  travelOf: (participant: number, event: number) => TravelInfo | null;
  exclusionKeys: Set<number>;
};

/** Merged policy: defaults overridden by the input's partial policy. */
export function policyOf(input: MatchInput): Policy {
  return { ...DEFAULT_POLICY, ...(input.policy ?? {}) };
}

/** Languages a participant speaks at conversational level or better. */
export function speakingLanguages(p: MatchParticipant): string[] {
  return p.languages.filter((l) => SPEAKING_LEVELS.has(l.level)).map((l) => l.code);
}

/** Whether the participant can take at least one slot of the event. */
function canTakeSomeSlot(event: MatchEvent, offers: readonly Offer[], needsInterpreter: boolean): boolean {
  return event.slots.some(
    (s) => s.offer === null || (offers.includes(s.offer) && !(s.offer === "interpreting" && needsInterpreter)),
  );
}

/** Linear decay: full weight the day after an event, nothing after the window. */
export function recencyCost(policy: Policy, daysSinceLast: number): number {
  if (daysSinceLast < 0 || policy.recencyWindowDays <= 0) return 0;
  // Weight × (window − days) / window, in this order: whole numbers stay whole (no 11.999…).
  return (policy.recencyWeight * Math.max(0, policy.recencyWindowDays - daysSinceLast)) / policy.recencyWindowDays;
}

type ParticipantFacts = {
  weekdays: number;
  times: number;
  unavailable: Set<number>;
  pausedBefore: number;
  historyDays: Set<number>;
  sortedHistoryDays: number[];
  series: Set<number>;
  speaks: string[];
};

function participantFacts(p: MatchParticipant, history: MatchInput["history"]): ParticipantFacts {
  let weekdays = 0;
  for (const w of p.weekdays) weekdays |= 1 << w;
  let times = 0;
  for (const t of p.timesOfDay) times |= 1 << TIMES.indexOf(t);
  const historyDays = new Set<number>();
  const series = new Set<number>();
  for (const h of history) {
    historyDays.add(dayNumber(h.localDate));
    if (h.seriesId !== null) series.add(h.seriesId);
  }
  return {
    weekdays,
    times,
    unavailable: new Set(p.unavailableDates.map(dayNumber)),
    pausedBefore: p.pausedUntil === null ? -Infinity : dayNumber(p.pausedUntil),
    historyDays,
    sortedHistoryDays: [...historyDays].sort((a, b) => a - b),
    series,
    speaks: speakingLanguages(p),
  };
}

/** The audience rule (audience.ts) as a code index, or −1; checked right after exclusions so that "why not" names it first. */
function audienceRule(event: MatchEvent, person: MatchParticipant): number {
  const bar = audienceBar(event, person);
  return bar === null ? -1 : codeIndex(bar);
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
          (event.endMinute + travel.minutes > policy.latestHomeArrival ||
            (travel.latestDeparture !== null && event.endMinute > travel.latestDeparture))
        )
          code = C.cannotGetHome;
        else {
          const langs = eventLanguages[e];
          const shares = langs.size === 0 || f.speaks.some((l) => langs.has(l));
          if (!shares) {
            if (eventHasInterpreting[e]) needsInterpreter = true;
            else code = C.noLanguage;
          }
          if (code === -1 && eventAllTyped[e] && !canTakeSomeSlot(event, person.offers, needsInterpreter))
            code = C.noOffer;
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

/** Index of the eligible pair (participant p, event e), or −1. */
export function findPair(model: MatchModel, p: number, e: number): number {
  let lo = model.pairStart[p];
  let hi = model.pairStart[p + 1];
  const ev = model.pairs.event;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ev[mid] < e) lo = mid + 1;
    else hi = mid;
  }
  return lo < model.pairStart[p + 1] && ev[lo] === e ? lo : -1;
}

/** Validates the coordinator's locks; infeasible ones become lockIssues. */
function checkLocks(
  model: MatchModel,
  input: MatchInput,
  participantIndex: Map<number, number>,
  eventIndex: Map<number, number>,
): void {
  const seen = new Set<string>();
  const valid: number[] = [];
  const issue = (participantId: number, eventId: number, reasons: Reason[]) =>
    model.lockIssues.push({ participantId, eventId, reasons });
  // A lock the person already keeps (proposed, invited or going) asks for nothing more: after a
  // proposal is accepted, its locks must not turn the next run infeasible.
  const held = new Map<number, Set<number>>();
  for (const h of input.history) held.set(h.participantId, (held.get(h.participantId) ?? new Set()).add(h.eventId));
  for (const lock of input.locks ?? []) {
    const key = `${lock.participantId}:${lock.eventId}`;
    if (seen.has(key) || held.get(lock.participantId)?.has(lock.eventId)) continue;
    seen.add(key);
    const p = participantIndex.get(lock.participantId);
    const e = eventIndex.get(lock.eventId);
    if (p === undefined || e === undefined) {
      issue(lock.participantId, lock.eventId, [{ code: "lock_unknown", params: {} }]);
      continue;
    }
    const pair = findPair(model, p, e);
    if (pair === -1) issue(lock.participantId, lock.eventId, explainPair(model, p, e));
    else valid.push(pair);
  }
  const { pairs, participants, events } = model;
  const byDay = new Map<string, number[]>();
  const byMonth = new Map<string, number[]>();
  const byEvent = new Map<number, number[]>();
  for (const pair of valid) {
    const p = pairs.participant[pair];
    const e = pairs.event[pair];
    const dk = `${p}:${model.eventDay[e]}`;
    const mk = `${p}:${model.eventMonth[e]}`;
    byDay.set(dk, [...(byDay.get(dk) ?? []), pair]);
    byMonth.set(mk, [...(byMonth.get(mk) ?? []), pair]);
    byEvent.set(e, [...(byEvent.get(e) ?? []), pair]);
  }
  const bad = new Map<number, Reason[]>();
  const flag = (pair: number, reason: Reason) => bad.set(pair, [...(bad.get(pair) ?? []), reason]);
  for (const group of byDay.values())
    if (group.length > 1)
      for (const pair of group)
        flag(pair, { code: "lock_same_day", params: { date: events[pairs.event[pair]].localDate } });
  for (const group of byMonth.values()) {
    const p = pairs.participant[group[0]];
    const m = model.eventMonth[pairs.event[group[0]]];
    const cap = participants[p].monthlyCap - (model.monthUsed[p].get(m) ?? 0);
    if (group.length > cap)
      for (const pair of group) flag(pair, { code: "lock_over_monthly_cap", params: { month: monthLabel(m), cap: participants[p].monthlyCap } });
  }
  for (const [e, group] of byEvent) {
    const slots = events[e].slots;
    if (group.length > slots.length)
      for (const pair of group) flag(pair, { code: "lock_event_full", params: { slots: slots.length } });
    // Only a seating failure is certain: the interpreter rule can still be met by adding an interpreter.
    else if (!canSeat(slots, group.map((pair) => slotMember(model, pair))))
      for (const pair of group) flag(pair, { code: "lock_slots_mismatch", params: {} });
  }
  for (const pair of valid) {
    const reasons = bad.get(pair);
    if (reasons) issue(participants[pairs.participant[pair]].id, events[pairs.event[pair]].id, reasons);
    else model.locks.push(pair);
  }
  if (model.lockIssues.length > 0) model.locks = [];
}

/** What the slot seating needs to know about a pair's participant. */
export function slotMember(model: MatchModel, pair: number) {
  return {
    offers: model.participants[model.pairs.participant[pair]].offers,
    needsInterpreter: model.pairs.needsInterpreter[pair] === 1,
  };
}

/**
 * Every hard constraint that rules out participant p at event e, with params for the UI
 * (empty when the pair is eligible). The builder records the first of these per pair.
 */
export function explainPair(model: MatchModel, p: number, e: number): Reason[] {
  const person = model.participants[p];
  const event = model.events[e];
  const { policy } = model;
  const f = participantFacts(
    person,
    model.input.history.filter((h) => h.participantId === person.id),
  );
  const day = model.eventDay[e];
  const reasons: Reason[] = [];
  if (model.exclusionKeys.has(p * model.events.length + e)) reasons.push({ code: "excluded", params: {} });
  const audienceBar = audienceRule(event, person);
  if (audienceBar !== -1) reasons.push({ code: REASON_CODES[audienceBar], params: {} });
  if (day < f.pausedBefore) reasons.push({ code: "paused", params: { until: person.pausedUntil! } });
  if ((f.weekdays & (1 << weekdayOfDayNumber(day))) === 0 || f.unavailable.has(day))
    reasons.push({ code: "not_available_that_day", params: { date: event.localDate, weekday: weekdayOfDayNumber(day) } });
  if ((f.times & (1 << TIMES.indexOf(event.timeOfDay))) === 0)
    reasons.push({ code: "not_available_that_time", params: { timeOfDay: event.timeOfDay } });
  if (f.historyDays.has(day)) reasons.push({ code: "day_taken", params: { date: event.localDate } });
  const used = model.monthUsed[p].get(model.eventMonth[e]) ?? 0;
  if (used >= person.monthlyCap)
    reasons.push({ code: "over_monthly_cap", params: { month: monthLabel(model.eventMonth[e]), cap: person.monthlyCap } });
  const travel = model.travelOf(p, e);
  if (travel === null) reasons.push({ code: "unreachable", params: {} });
  else {
    const ferry = travel.latestDeparture !== null ? 1 : 0;
    if (travel.minutes > person.maxTravelMinutes)
      reasons.push({ code: "too_far", params: { minutes: travel.minutes, limit: person.maxTravelMinutes, ferry } });
    if (
      !event.overnightStay &&
      (event.endMinute + travel.minutes > policy.latestHomeArrival ||
        (travel.latestDeparture !== null && event.endMinute > travel.latestDeparture))
    )
      reasons.push({
        code: "cannot_get_home",
        params: { ferry, arrival: event.endMinute + travel.minutes, latestArrival: policy.latestHomeArrival, ...(travel.latestDeparture !== null ? { lastDeparture: travel.latestDeparture } : {}) },
      });
  }
  const shares = event.languages.length === 0 || f.speaks.some((l) => event.languages.includes(l));
  const hasInterpreting = event.slots.some((s) => s.offer === "interpreting");
  if (!shares && !hasInterpreting)
    reasons.push({ code: "no_shared_language", params: { event: event.languages.join(", "), participant: f.speaks.join(", ") } });
  if (event.slots.every((s) => s.offer !== null) && !canTakeSomeSlot(event, person.offers, !shares))
    reasons.push({ code: "no_matching_offer", params: { offers: [...new Set(event.slots.map((s) => s.offer))].join(", ") } });
  return reasons;
}
