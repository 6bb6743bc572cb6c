/**
 * Input and output shapes of the matcher. Plain objects: the model layer builds the input from
 * the database and stores the result; nothing here knows about either.
 */
import type { Audience, LanguageLevel, Offer, TimeOfDay } from "~/domain/vocabulary";

/** A place for one participant at an event; a typed slot needs someone offering that type. */
export type MatchSlot = { id: number; offer: Offer | null };

export type MatchEvent = {
  id: number;
  townId: number;
  /** YYYY-MM-DD, Europe/Tallinn. */
  localDate: string;
  /** Local minutes after midnight. */
  startMinute: number;
  endMinute: number;
  timeOfDay: TimeOfDay;
  /** ISO 639-1 codes spoken at the event; empty = no language requirement. */
  languages: string[];
  seriesId: number | null;
  /** Accommodation is arranged, so nobody has to get home the same evening. */
  overnightStay: boolean;
  /** Who it is for (hard rule); absent = everyone. */
  audience?: Audience;
  slots: MatchSlot[];
};

export type MatchParticipant = {
  id: number;
  firstName: string;
  homeTownId: number;
  languages: { code: string; level: LanguageLevel }[];
  offers: Offer[];
  maxTravelMinutes: number;
  monthlyCap: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekdays: number[];
  timesOfDay: TimeOfDay[];
  unavailableDates: string[];
  /** Paused on every date before this one (YYYY-MM-DD); available again from it. */
  pausedUntil: string | null;
  countryOfOrigin: string | null;
  gender: string | null;
  /** Brings children (needs childcare): may go to a families event. */
  bringsChildren?: boolean;
};

/** Earlier assignments this season: they count as load, toward monthly caps, take the day, and feed recency and continuity. */
export type MatchHistory = {
  participantId: number;
  eventId: number;
  localDate: string;
  seriesId: number | null;
  status: "accepted" | "attended" | "invited" | "proposed";
}[];

export type TravelInfo = {
  /** Door to door, ferries included. */
  minutes: number;
  /** Latest local minute one can leave the event town and still make the last ferry home; null = no ferry. */
  latestDeparture: number | null;
};
/** null = unreachable. */
export type Travel = (fromTownId: number, toTownId: number) => TravelInfo | null;

export type Policy = {
  /** Cost of one minute of one-way travel. */
  travelPerMinute: number;
  /** Load cost is loadWeight × load² per participant (load = history this season + new). */
  loadWeight: number;
  /** Cost of an assignment right after the participant's previous event, decaying linearly to 0. */
  recencyWeight: number;
  recencyWindowDays: number;
  /** Per unfilled slot; large, so filling slots comes first. */
  unfilledPenalty: number;
  /** Per pair of participants from the same country of origin at one event. */
  diversityPenalty: number;
  /** Reward for placing someone again in a series they were already part of. */
  continuityBonus: number;
  /** Latest minute of the day to be home (unless the event has an overnight stay). */
  latestHomeArrival: number;
};

export const DEFAULT_POLICY: Policy = {
  travelPerMinute: 1,
  loadWeight: 20,
  recencyWeight: 60,
  recencyWindowDays: 30,
  unfilledPenalty: 10_000,
  diversityPenalty: 40,
  continuityBonus: 30,
  latestHomeArrival: 23 * 60 + 30,
};

export type Lock = { participantId: number; eventId: number };
export type Exclusion = { participantId: number; eventId: number };

export type MatchInput = {
  events: MatchEvent[];
  participants: MatchParticipant[];
  history: MatchHistory;
  travel: Travel;
  policy?: Partial<Policy>;
  locks?: Lock[];
  exclusions?: Exclusion[];
  /** First local date of the season: history before it does not count as load. */
  seasonStart: string;
};

/** Reasons why one participant cannot go to one event; also counted per empty slot. */
export const PAIR_REASON_CODES = [
  "excluded",
  "women_only",
  "families_only",
  "paused",
  "not_available_that_day",
  "not_available_that_time",
  "day_taken",
  "over_monthly_cap",
  "unreachable",
  "too_far",
  "cannot_get_home",
  "no_shared_language",
  "no_matching_offer",
] as const;

/**
 * Every reason code the matcher can emit. The UI translates `matching.reason.<code>` with the
 * params as interpolation values; no English is baked into results.
 */
export const REASON_CODES = [
  // why someone was picked
  "locked",
  "shares_language",
  "needs_interpreter",
  "travel",
  "nth_event_this_month",
  "nth_event_this_season",
  "last_event_days_ago",
  "brings_offer",
  "series_continuity",
  ...PAIR_REASON_CODES,
  // why someone eligible was not picked, why a slot stayed empty
  "others_fit_better",
  "eligible_used_elsewhere",
  "no_eligible_participant",
  // why locks cannot all be honoured
  "lock_same_day",
  "lock_over_monthly_cap",
  "lock_event_full",
  "lock_slots_mismatch",
  "lock_unknown",
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** A translatable explanation: the UI renders `code` with `params`. */
export type Reason = { code: ReasonCode; params: Record<string, string | number> };

export type ObjectiveTerms = {
  travel: number;
  load: number;
  recency: number;
  unfilled: number;
  diversity: number;
  continuity: number;
};

export type MatchAssignment = {
  eventId: number;
  slotId: number;
  participantId: number;
  travelMinutes: number;
  reasons: Reason[];
};

/**
 * Why a search stopped before its proof (as OR-Tools names a FEASIBLE status's cause): at
 * `maxBranches`, when the caller's `shouldStop` said so (its clock), or because the season was
 * too large to prove anything (the large-season heuristic ran).
 */
export type StopReason = "branch_limit" | "time" | "large_season";

export type MatchResult = {
  /**
   * "optimal": proved. "feasible": the search stopped before proving optimality (`stopReason`
   * says why); the best feasible matching found is returned, with `lowerBound` saying how far
   * from the best it can be at most. "infeasible": the locks cannot be kept (`lockIssues`).
   */
  status: "optimal" | "infeasible" | "feasible";
  /** Only with status "feasible". */
  stopReason?: StopReason;
  /** The true objective (sum of terms); Infinity when infeasible. */
  objective: number;
  /** No matching can cost less than this: equal to `objective` when optimal, below it when the search stopped early. */
  lowerBound: number;
  terms: ObjectiveTerms;
  assignments: MatchAssignment[];
  unfilledSlots: { eventId: number; slotId: number; reasons: Reason[] }[];
  notPicked: { participantId: number; reasons: Reason[] }[];
  /** Locks that cannot be honoured (only when status is "infeasible"). */
  lockIssues: { participantId: number; eventId: number; reasons: Reason[] }[];
  /** Solver counters: the largest network's size, flow paths augmented, branchings, pairs the root's reduced costs ruled out. */
  stats: { nodes: number; arcs: number; augmentations: number; branches: number; fixed: number; ms?: never };
};
