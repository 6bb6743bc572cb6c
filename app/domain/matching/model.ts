/**
 * The problem as the solvers see it (`MatchModel`, built by `build()` in build.ts): eligible
 * pairs as parallel typed arrays, history, locks, and the reason counts of the pairs ruled out.
 */
import type { MatchEvent, MatchInput, MatchParticipant, Policy, Reason, TravelInfo } from "./types";

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

/** What the slot seating needs to know about a pair's participant. */
export function slotMember(model: MatchModel, pair: number) {
  return {
    offers: model.participants[model.pairs.participant[pair]].offers,
    needsInterpreter: model.pairs.needsInterpreter[pair] === 1,
  };
}
