/**
 * What the matching page shows of one run, as plain data: every place by event with who fills it
 * and why, the people who could go, the coordinators' locks and exclusions, and the proposal in
 * units a coordinator reads (places, minutes of travel, how evenly the trips are spread) next to
 * the solver's own score. Pure: names and titles come in, nothing is looked up.
 */
import { audienceBar } from "./audience";
import { gini } from "./gini";
import { DEFAULT_POLICY, type MatchInput, type MatchResult, type Policy, type Reason } from "./types";

export type MatchViewSlot = {
  id: number;
  offer: string | null;
  participant: { id: number; name: string; travelMinutes: number; locked: boolean } | null;
  reasons: Reason[];
};

/** Who a restricted event is for, and how many of the people in this run its rule keeps out (the page says why men are not proposed). */
export type MatchViewAudience = { code: "women_only" | "families_only"; ruledOut: number };

export type MatchViewEvent = { id: number; title: string; localDate: string; slots: MatchViewSlot[]; audience: MatchViewAudience | null };

/** Places a proposal leaves empty at one event, with why (the reasons of its first empty place; they rarely differ). */
export type StillOpen = { eventId: number; title: string; localDate: string; places: number; reasons: Reason[] };

/** How evenly the season's trips fall on people, in words: from the Gini coefficient of their loads. */
export type Evenness = "even" | "fairly_even" | "uneven";

export type ProposalSummary = {
  /** Places without anyone, invited or proposed, in the period: what this run could fill. */
  openPlaces: number;
  filled: number;
  /** Events that get at least one person. */
  events: number;
  /** Different people the proposal sends. */
  people: number;
  /** One-way travel of everyone proposed; null when nobody is. */
  travel: { totalMinutes: number; averageMinutes: number } | null;
  /**
   * Places per person this season with this proposal (the load the matcher balances: accepted,
   * attended, invited and proposed), over everyone who could be asked.
   */
  spread: { most: number; mean: number; fewest: number; withoutAny: number; people: number; gini: number; evenness: Evenness };
  stillOpen: StillOpen[];
};

/** The solver's score: each term in points with the weights that make it, so the numbers can be read. */
export type ProposalScoring = {
  terms: MatchResult["terms"];
  /** null when the locks cannot all be honoured. */
  total: number | null;
  weights: Pick<Policy, "travelPerMinute" | "loadWeight" | "recencyWeight" | "recencyWindowDays" | "unfilledPenalty" | "diversityPenalty" | "continuityBonus">;
};

export type MatchView = {
  events: MatchViewEvent[];
  byParticipant: { id: number; name: string; before: number; after: number; picked: number; reasons: Reason[] }[];
  constraints: { participantId: number; eventId: number; kind: "lock" | "exclude"; name: string; title: string; localDate: string }[];
  lockIssues: (MatchResult["lockIssues"][number] & { name: string; title: string })[];
  summary: ProposalSummary;
  scoring: ProposalScoring;
};

export type MatchViewInput = {
  input: Pick<MatchInput, "events" | "participants" | "history" | "locks" | "exclusions" | "policy">;
  result: MatchResult;
  /** Event titles in the reader's language, by event id. */
  titles: ReadonlyMap<number, string>;
  /** Orders names for the reader (e.g. `Intl.Collator(locale).compare`). */
  compareNames: (a: string, b: string) => number;
};

/** Gini below this: the trips are spread evenly; below FAIRLY_EVEN: fairly evenly; else unevenly. */
const EVEN = 0.2;
const FAIRLY_EVEN = 0.4;

/** The Gini coefficient of loads in words. */
export function evennessOf(coefficient: number): Evenness {
  if (coefficient < EVEN) return "even";
  if (coefficient < FAIRLY_EVEN) return "fairly_even";
  return "uneven";
}

/** Pairs (participant, event) as a map of sets, so a pair is looked up without building a string key. */
function pairSet(pairs: readonly { participantId: number; eventId: number }[]): Map<number, Set<number>> {
  const set = new Map<number, Set<number>>();
  for (const { participantId, eventId } of pairs) {
    const events = set.get(participantId);
    if (events) events.add(eventId);
    else set.set(participantId, new Set([eventId]));
  }
  return set;
}

const hasPair = (set: Map<number, Set<number>>, participantId: number, eventId: number) => set.get(participantId)?.has(eventId) ?? false;

/** The matching page's view of one run. */
export function matchView({ input, result, titles, compareNames }: MatchViewInput): MatchView {
  const names = new Map(input.participants.map((p) => [p.id, p.firstName]));
  const nameOf = (id: number) => names.get(id) ?? "";
  const titleOf = (id: number) => titles.get(id) ?? "";
  const eventsById = new Map(input.events.map((e) => [e.id, e]));
  const assignmentBySlot = new Map(result.assignments.map((a) => [a.slotId, a]));
  const unfilledBySlot = new Map(result.unfilledSlots.map((u) => [u.slotId, u]));
  const notPicked = new Map(result.notPicked.map((n) => [n.participantId, n.reasons]));
  const locks = pairSet(input.locks ?? []);

  const picked = new Map<number, number>();
  for (const a of result.assignments) picked.set(a.participantId, (picked.get(a.participantId) ?? 0) + 1);
  // "Events this season" as the rotation page counts them: said yes, or went.
  const accepted = new Map<number, number>();
  // The load the matcher balances also holds open invitations and proposals.
  const load = new Map<number, number>();
  for (const h of input.history) {
    load.set(h.participantId, (load.get(h.participantId) ?? 0) + 1);
    if (h.status === "accepted" || h.status === "attended") accepted.set(h.participantId, (accepted.get(h.participantId) ?? 0) + 1);
  }

  const events: MatchViewEvent[] = input.events.map((event) => ({
    id: event.id,
    title: titleOf(event.id),
    localDate: event.localDate,
    slots: event.slots.map((slot) => {
      const assignment = assignmentBySlot.get(slot.id);
      return {
        id: slot.id,
        offer: slot.offer,
        participant: assignment
          ? {
              id: assignment.participantId,
              name: nameOf(assignment.participantId),
              travelMinutes: assignment.travelMinutes,
              locked: hasPair(locks, assignment.participantId, event.id),
            }
          : null,
        reasons: assignment?.reasons ?? unfilledBySlot.get(slot.id)?.reasons ?? [],
      };
    }),
    audience:
      event.audience === "women" || event.audience === "families"
        ? { code: event.audience === "women" ? "women_only" : "families_only", ruledOut: input.participants.filter((p) => audienceBar(event, p) !== null).length }
        : null,
  }));

  const byParticipant = input.participants
    .map((p) => {
      const before = accepted.get(p.id) ?? 0;
      const n = picked.get(p.id) ?? 0;
      return { id: p.id, name: p.firstName, before, after: before + n, picked: n, reasons: notPicked.get(p.id) ?? [] };
    })
    .filter((p) => p.picked > 0 || p.reasons.length > 0)
    .sort((a, b) => b.picked - a.picked || compareNames(a.name, b.name));

  const constraints: MatchView["constraints"] = [];
  for (const [kind, pairs] of [
    ["lock", pairSet(input.locks ?? [])],
    ["exclude", pairSet(input.exclusions ?? [])],
  ] as const) {
    for (const [participantId, eventIds] of pairs) {
      for (const eventId of eventIds) {
        const event = eventsById.get(eventId);
        // Exclusions include the participant's own refusals (declined, withdrawn); "remove" does not lift those.
        if (event) constraints.push({ participantId, eventId, kind, name: nameOf(participantId), title: titleOf(eventId), localDate: event.localDate });
      }
    }
  }

  const openPlaces = input.events.reduce((n, e) => n + e.slots.length, 0);
  const totalMinutes = result.assignments.reduce((n, a) => n + a.travelMinutes, 0);
  const loadsAfter = input.participants.map((p) => (load.get(p.id) ?? 0) + (picked.get(p.id) ?? 0));
  const coefficient = gini(loadsAfter);

  const stillOpen: StillOpen[] = [];
  const openAt = new Map<number, StillOpen>();
  for (const u of result.unfilledSlots) {
    const known = openAt.get(u.eventId);
    if (known) {
      known.places += 1;
      continue;
    }
    const event = eventsById.get(u.eventId);
    const entry = { eventId: u.eventId, title: titleOf(u.eventId), localDate: event?.localDate ?? "", places: 1, reasons: u.reasons };
    openAt.set(u.eventId, entry);
    stillOpen.push(entry);
  }

  const policy = { ...DEFAULT_POLICY, ...input.policy };
  return {
    events,
    byParticipant,
    constraints,
    lockIssues: result.lockIssues.map((issue) => ({ ...issue, name: nameOf(issue.participantId), title: titleOf(issue.eventId) })),
    summary: {
      openPlaces,
      filled: result.assignments.length,
      events: new Set(result.assignments.map((a) => a.eventId)).size,
      people: picked.size,
      travel: result.assignments.length > 0 ? { totalMinutes, averageMinutes: Math.round(totalMinutes / result.assignments.length) } : null,
      spread: {
        most: loadsAfter.length ? Math.max(...loadsAfter) : 0,
        // One decimal: "3.4 on average".
        mean: loadsAfter.length ? Math.round((loadsAfter.reduce((a, b) => a + b, 0) / loadsAfter.length) * 10) / 10 : 0,
        fewest: loadsAfter.length ? Math.min(...loadsAfter) : 0,
        withoutAny: loadsAfter.filter((n) => n === 0).length,
        people: loadsAfter.length,
        gini: Math.round(coefficient * 100) / 100,
        evenness: evennessOf(coefficient),
      },
      stillOpen,
    },
    scoring: {
      terms: result.terms,
      total: Number.isFinite(result.objective) ? Math.round(result.objective) : null,
      weights: {
        travelPerMinute: policy.travelPerMinute,
        loadWeight: policy.loadWeight,
        recencyWeight: policy.recencyWeight,
        recencyWindowDays: policy.recencyWindowDays,
        unfilledPenalty: policy.unfilledPenalty,
        diversityPenalty: policy.diversityPenalty,
        continuityBonus: policy.continuityBonus,
      },
    },
  };
}

/** The period the matching page opens with: today and the next eight weeks (local dates). */
export function defaultMatchingPeriod(today: string): { from: string; to: string } {
  const [y, m, d] = today.split("-").map(Number);
  const later = new Date(Date.UTC(y, m - 1, d + 56));
  return { from: today, to: later.toISOString().slice(0, 10) };
}
