/**
 * What is still free at a branch-and-bound node: the locks, taken as given (they use up a day,
 * month quota and a slot, and shift the load and diversity bases), and every other candidate
 * pair, grouped by participant, month and day (network.ts turns the groups into nodes).
 */
import type { BranchState } from "./branching";
import type { MatchModel } from "./model";
import { interpretersOf } from "./profiles";

/** A participant's candidate pairs in one month, by day; `node` is its quota node in the network (−1: none). */
export type Month = { month: number; left: number; days: Map<number, number[]>; node: number };
/** A participant with candidates; `node` and `dayNodes` are filled in by network.ts. */
export type Person = { p: number; months: Month[]; loadArcs: number; node: number; dayNodes: Map<number, number> };

/** A node's locks and free candidate pairs, what network.ts builds its nodes from. */
export type Candidates = {
  /** The node's locks, each once. */
  locked: number[];
  /** Events each participant's locks add to their load. */
  extraLoad: Int32Array;
  /** Places left at each event once its locked people are in. */
  eventCap: Int32Array;
  /** Diversity base of country c at event e: history there plus locked people. */
  baseOf: (e: number, c: number) => number;
  /** Participants with at least one candidate pair. */
  people: Person[];
  candidatesOfEvent: number[][];
  candidateCount: number;
};

/** The node's locks and free candidate pairs; null when the locks cannot all hold together. */
export function nodeCandidates(model: MatchModel, state: BranchState): Candidates | null {
  const { pairs, events, participants } = model;
  const P = participants.length;
  const E = events.length;
  // Locks are taken as given: they use up day, month quota, event slot, and shift load and diversity bases.
  const locked = [...new Set(state.locked)];
  const extraLoad = new Int32Array(P);
  const eventLocked = new Int32Array(E);
  const lockedDays = new Set<number>();
  const lockedMonths = new Map<number, number>();
  const extraCountry = new Map<number, number>(); // e * (countries+1) + c → count
  const nc = model.countries.length + 1;
  const dayKey = (p: number, day: number) => p * 1_000_000 + day;
  for (const pair of locked) {
    if (state.excluded.has(pair)) return null;
    const p = pairs.participant[pair];
    const e = pairs.event[pair];
    const dk = dayKey(p, model.eventDay[e]);
    if (lockedDays.has(dk)) return null;
    lockedDays.add(dk);
    const mk = p * 100_000 + model.eventMonth[e];
    const used = (lockedMonths.get(mk) ?? 0) + 1;
    if (used + (model.monthUsed[p].get(model.eventMonth[e]) ?? 0) > participants[p].monthlyCap) return null;
    lockedMonths.set(mk, used);
    extraLoad[p]++;
    if (++eventLocked[e] > events[e].slots.length) return null;
    const c = model.participantCountry[p];
    if (c >= 0) extraCountry.set(e * nc + c, (extraCountry.get(e * nc + c) ?? 0) + 1);
  }
  /** Diversity base of country c at event e: history there plus locked people. */
  const baseOf = (e: number, c: number) => (model.diversityBase[e].get(c) ?? 0) + (extraCountry.get(e * nc + c) ?? 0);
  const eventCap = Int32Array.from(events, (ev, e) => ev.slots.length - eventLocked[e]);

  // Candidate pairs per participant, grouped by month and day.
  const people: Person[] = [];
  const candidatesOfEvent: number[][] = events.map(() => []);
  let candidateCount = 0;
  // Someone who needs interpreting can come only where an interpreter still can.
  const interpreterCan = new Uint8Array(E);
  const interpreters = interpretersOf(model);
  for (const pair of interpreters) if (!state.excluded.has(pair) && (!state.only || state.only[pair])) interpreterCan[pairs.event[pair]] = 1;
  for (const pair of locked) if (interpreters.has(pair)) interpreterCan[pairs.event[pair]] = 1;
  for (let p = 0; p < P; p++) {
    const months = new Map<number, Month>();
    for (let pair = model.pairStart[p]; pair < model.pairStart[p + 1]; pair++) {
      if (state.excluded.has(pair) || (state.only && !state.only[pair])) continue;
      if (pairs.needsInterpreter[pair] && !interpreterCan[pairs.event[pair]]) continue;
      const e = pairs.event[pair];
      if (eventCap[e] <= 0 || lockedDays.has(dayKey(p, model.eventDay[e]))) continue;
      const m = model.eventMonth[e];
      let month = months.get(m);
      if (!month) {
        const left = participants[p].monthlyCap - (model.monthUsed[p].get(m) ?? 0) - (lockedMonths.get(p * 100_000 + m) ?? 0);
        if (left <= 0) continue;
        month = { month: m, left, days: new Map(), node: -1 };
        months.set(m, month);
      }
      const day = model.eventDay[e];
      const list = month.days.get(day);
      if (list) list.push(pair);
      else month.days.set(day, [pair]);
      candidatesOfEvent[e].push(pair);
      candidateCount++;
    }
    if (months.size === 0) continue;
    let loadArcs = 0;
    for (const month of months.values()) loadArcs += Math.min(month.left, month.days.size);
    people.push({ p, months: [...months.values()], loadArcs, node: -1, dayNodes: new Map() });
  }
  return { locked, extraLoad, eventCap, baseOf, people, candidatesOfEvent, candidateCount };
}
