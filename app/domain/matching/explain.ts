/**
 * Turns an optimal set of picks into the result: who sits in which slot, and why, as reason
 * codes with params that the UI translates ("Olena: speaks Estonian and Ukrainian, 95 min by
 * car, her 1st event this month, brings crafts").
 */
import { CODE_COUNT, speakingLanguages } from "./eligibility";
import { slotMember, type MatchModel } from "./model";
import { totalOf } from "./objective";
import { assignSlots } from "./slots";
import { REASON_CODES, type MatchResult, type ObjectiveTerms, type Reason, type StopReason } from "./types";

/** Reason codes with counts, most frequent first, from a row of a reason-count table. */
function countedReasons(counts: Uint32Array, row: number, unit: string, limit: number): Reason[] {
  const out: Reason[] = [];
  for (let c = 0; c < CODE_COUNT; c++) {
    const n = counts[row * CODE_COUNT + c];
    if (n > 0) out.push({ code: REASON_CODES[c], params: { [unit]: n } });
  }
  out.sort((a, b) => (b.params[unit] as number) - (a.params[unit] as number));
  return out.slice(0, limit);
}

/** The full result for the given picks (pair indices), seated and explained. */
export function explainResult(
  model: MatchModel,
  picks: number[],
  terms: ObjectiveTerms,
  outcome: { status: "optimal" } | { status: "feasible"; stopReason: StopReason },
  stats: MatchResult["stats"],
  lowerBound: number,
): MatchResult {
  const { pairs, events, participants } = model;
  const locked = new Set(model.locks);
  const byEvent = new Map<number, number[]>();
  for (const pair of picks) {
    const e = pairs.event[pair];
    const list = byEvent.get(e);
    if (list) list.push(pair);
    else byEvent.set(e, [pair]);
  }

  // nth event this month / season: history first, then the new picks in date order.
  const picksOf = new Map<number, number[]>();
  for (const pair of picks) {
    const p = pairs.participant[pair];
    const list = picksOf.get(p);
    if (list) list.push(pair);
    else picksOf.set(p, [pair]);
  }
  const nthMonth = new Map<number, number>();
  const nthSeason = new Map<number, number>();
  for (const [p, list] of picksOf) {
    list.sort((a, b) => model.eventDay[pairs.event[a]] - model.eventDay[pairs.event[b]] || a - b);
    const inMonth = new Map<number, number>();
    list.forEach((pair, i) => {
      const m = model.eventMonth[pairs.event[pair]];
      const n = (inMonth.get(m) ?? model.monthUsed[p].get(m) ?? 0) + 1;
      inMonth.set(m, n);
      nthMonth.set(pair, n);
      nthSeason.set(pair, model.loadBase[p] + i + 1);
    });
  }

  const assignments: MatchResult["assignments"] = [];
  const unfilledSlots: MatchResult["unfilledSlots"] = [];
  const eligibleAt = new Map<number, number[]>();
  for (let pair = 0; pair < pairs.count; pair++) {
    const e = pairs.event[pair];
    const list = eligibleAt.get(e);
    if (list) list.push(pair);
    else eligibleAt.set(e, [pair]);
  }
  for (let e = 0; e < events.length; e++) {
    const event = events[e];
    const members = (byEvent.get(e) ?? []).sort((a, b) => a - b);
    const seats = assignSlots(
      event.slots,
      members.map((pair) => slotMember(model, pair)),
    );
    if (!seats) throw new Error(`matching: picks for event ${event.id} cannot be seated`);
    const taken = new Set(seats);
    members.forEach((pair, i) => {
      const person = participants[pairs.participant[pair]];
      const slot = event.slots[seats[i]];
      const reasons: Reason[] = [];
      if (locked.has(pair)) reasons.push({ code: "locked", params: {} });
      const speaks = speakingLanguages(person);
      const shared = event.languages.filter((l) => speaks.includes(l));
      if (pairs.needsInterpreter[pair]) reasons.push({ code: "needs_interpreter", params: { languages: speaks.join(", ") } });
      else if (shared.length > 0) reasons.push({ code: "shares_language", params: { languages: shared.join(", ") } });
      reasons.push({ code: "travel", params: { minutes: pairs.travelMinutes[pair], ferry: pairs.ferry[pair] } });
      reasons.push({ code: "nth_event_this_month", params: { n: nthMonth.get(pair)! } });
      reasons.push({ code: "nth_event_this_season", params: { n: nthSeason.get(pair)! } });
      if (pairs.recencyCost[pair] > 0) reasons.push({ code: "last_event_days_ago", params: { days: pairs.daysSinceLast[pair] } });
      if (slot.offer !== null) reasons.push({ code: "brings_offer", params: { offer: slot.offer } });
      if (pairs.continuity[pair]) reasons.push({ code: "series_continuity", params: {} });
      assignments.push({ eventId: event.id, slotId: slot.id, participantId: person.id, travelMinutes: pairs.travelMinutes[pair], reasons });
    });
    const eligible = eligibleAt.get(e) ?? [];
    event.slots.forEach((slot, s) => {
      if (taken.has(s)) return;
      let reasons: Reason[];
      if (eligible.length === 0) reasons = [{ code: "no_eligible_participant", params: {} }, ...countedReasons(model.eventReasonCounts, e, "participants", 3)];
      else if (slot.offer !== null && !eligible.some((pair) => fitsOffer(model, pair, slot.offer!))) reasons = [{ code: "no_matching_offer", params: { offer: slot.offer } }];
      else reasons = [{ code: "eligible_used_elsewhere", params: { participants: eligible.length } }];
      unfilledSlots.push({ eventId: event.id, slotId: slot.id, reasons });
    });
  }

  // Everyone not picked who is not paused for the whole period: why not.
  const lastDay = events.reduce((m, _, e) => Math.max(m, model.eventDay[e]), -Infinity);
  const notPicked: MatchResult["notPicked"] = [];
  for (let p = 0; p < participants.length; p++) {
    if (picksOf.has(p)) continue;
    const person = participants[p];
    if (person.pausedUntil !== null && events.length > 0 && person.pausedUntil > events.find((_, e) => model.eventDay[e] === lastDay)!.localDate) continue;
    const eligible = model.pairStart[p + 1] - model.pairStart[p];
    if (eligible > 0) {
      notPicked.push({ participantId: person.id, reasons: [{ code: "others_fit_better", params: { events: eligible } }] });
      continue;
    }
    const reasons = countedReasons(model.participantReasonCounts, p, "events", CODE_COUNT).map((r) =>
      r.code === "too_far" ? { code: r.code, params: { ...r.params, minutes: model.participantNearestTooFar[p], limit: person.maxTravelMinutes } } : r,
    );
    notPicked.push({ participantId: person.id, reasons });
  }

  return { ...outcome, objective: totalOf(terms), lowerBound, terms, assignments, unfilledSlots, notPicked, lockIssues: [], stats };
}

function fitsOffer(model: MatchModel, pair: number, offer: string): boolean {
  const m = slotMember(model, pair);
  if (offer === "interpreting" && m.needsInterpreter) return false;
  return m.offers.some((o) => o === offer);
}

/** The result when the locks cannot all be met (`lockIssues` says why). */
export function infeasibleResult(model: MatchModel, stats: MatchResult["stats"]): MatchResult {
  return {
    status: "infeasible",
    objective: Infinity,
    lowerBound: Infinity,
    terms: { travel: 0, load: 0, recency: 0, unfilled: 0, diversity: 0, continuity: 0 },
    assignments: [],
    unfilledSlots: [],
    notPicked: [],
    // Locks passed the upfront checks, so what fails is seating them (the interpreter rule).
    lockIssues:
      model.lockIssues.length > 0
        ? model.lockIssues
        : model.locks.map((pair) => ({
            participantId: model.participants[model.pairs.participant[pair]].id,
            eventId: model.events[model.pairs.event[pair]].id,
            reasons: [{ code: "lock_slots_mismatch" as const, params: {} }],
          })),
    stats,
  };
}
