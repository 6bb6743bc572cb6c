/**
 * The hard rules of one (participant, event) pair, shared by the builder's pair scan (build.ts,
 * which records the first reason per pair) and `explainPair()` (which lists them all, in the
 * same order, for the UI and for locks).
 */
import type { Offer } from "~/domain/vocabulary";
import { audienceBar } from "./audience";
import { dayNumber, monthLabel, weekdayOfDayNumber } from "./dates";
import type { MatchModel } from "./model";
import { REASON_CODES, type MatchEvent, type MatchInput, type MatchParticipant, type Reason, type ReasonCode } from "./types";

/** Levels at which a shared language lets someone take part without an interpreter. */
const SPEAKING_LEVELS = new Set(["native", "fluent", "conversational"]);
/** Times of day; bit i of a participant's or event's time mask is TIMES[i]. */
export const TIMES = ["morning", "afternoon", "evening"];

/** A reason code's column in the reason-count tables (its index in REASON_CODES). */
export const codeIndex = (code: ReasonCode): number => REASON_CODES.indexOf(code);
export const CODE_COUNT = REASON_CODES.length;

/** Languages a participant speaks at conversational level or better. */
export function speakingLanguages(p: MatchParticipant): string[] {
  return p.languages.filter((l) => SPEAKING_LEVELS.has(l.level)).map((l) => l.code);
}

/** Whether the participant can take at least one slot of the event. */
export function canTakeSomeSlot(event: MatchEvent, offers: readonly Offer[], needsInterpreter: boolean): boolean {
  return event.slots.some((s) => s.offer === null || (offers.includes(s.offer) && !(s.offer === "interpreting" && needsInterpreter)));
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

/** What the rules ask of a participant, worked out once: availability as bit masks and sets, history days and series, languages. */
export function participantFacts(p: MatchParticipant, history: MatchInput["history"]): ParticipantFacts {
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
export function audienceRule(event: MatchEvent, person: MatchParticipant): number {
  const bar = audienceBar(event, person);
  return bar === null ? -1 : codeIndex(bar);
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
  if ((f.times & (1 << TIMES.indexOf(event.timeOfDay))) === 0) reasons.push({ code: "not_available_that_time", params: { timeOfDay: event.timeOfDay } });
  if (f.historyDays.has(day)) reasons.push({ code: "day_taken", params: { date: event.localDate } });
  const used = model.monthUsed[p].get(model.eventMonth[e]) ?? 0;
  if (used >= person.monthlyCap) reasons.push({ code: "over_monthly_cap", params: { month: monthLabel(model.eventMonth[e]), cap: person.monthlyCap } });
  const travel = model.travelOf(p, e);
  if (travel === null) reasons.push({ code: "unreachable", params: {} });
  else {
    const ferry = travel.latestDeparture !== null ? 1 : 0;
    if (travel.minutes > person.maxTravelMinutes) reasons.push({ code: "too_far", params: { minutes: travel.minutes, limit: person.maxTravelMinutes, ferry } });
    if (!event.overnightStay && (event.endMinute + travel.minutes > policy.latestHomeArrival || (travel.latestDeparture !== null && event.endMinute > travel.latestDeparture)))
      reasons.push({
        code: "cannot_get_home",
        params: {
          ferry,
          arrival: event.endMinute + travel.minutes,
          latestArrival: policy.latestHomeArrival,
          ...(travel.latestDeparture !== null ? { lastDeparture: travel.latestDeparture } : {}),
        },
      });
  }
  const shares = event.languages.length === 0 || f.speaks.some((l) => event.languages.includes(l));
  const hasInterpreting = event.slots.some((s) => s.offer === "interpreting");
  if (!shares && !hasInterpreting) reasons.push({ code: "no_shared_language", params: { event: event.languages.join(", "), participant: f.speaks.join(", ") } });
  if (event.slots.every((s) => s.offer !== null) && !canTakeSomeSlot(event, person.offers, !shares))
    reasons.push({ code: "no_matching_offer", params: { offers: [...new Set(event.slots.map((s) => s.offer))].join(", ") } });
  return reasons;
}
