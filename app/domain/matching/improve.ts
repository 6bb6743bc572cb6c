/**
 * Local search on a feasible matching: the branch-and-bound's incumbent polisher.
 *
 * Branch-and-bound proves optimality; on a large season it may stop at its node or time limit
 * before the proof, and then the matching it returns is only as good as the best one it has
 * seen. This module makes that one as good as cheap moves can: it repeatedly applies the best
 * improving move of each kind until none improves —
 *
 * - fill: an empty place gets an eligible, free participant;
 * - replace: someone at an event gives their place to someone else;
 * - relocate: someone goes to another of their eligible events instead;
 * - swap: two people at two events trade places.
 *
 * Every move keeps every hard constraint (one event a day, monthly caps, seating and the
 * interpreter rule, locks), and a move is scored by the marginal terms of `evaluate` (tests
 * check the result against it). It never returns something worse than it was given.
 */
import { findPair, slotMember, type MatchModel } from "./build";
import { assignSlots } from "./slots";

export type ImproveOptions = {
  /** Asked between passes; true ends the search (a time budget lives in the caller). */
  shouldStop?: () => boolean;
  /** Upper bound on passes over all moves; default 50. */
  maxPasses?: number;
  /** When set, moves only bring in these pairs (1 = allowed): keeps a pass short on a huge season. */
  only?: Uint8Array;
};

const EPS = 1e-9;

/** Polishes a feasible matching (`picks`, pair indices, locks included); returns the picks. */
export function improve(model: MatchModel, picks: readonly number[], options: ImproveOptions = {}): number[] {
  const { pairs, policy, events, participants } = model;
  const P = participants.length;
  const E = events.length;
  const D = policy.diversityPenalty;
  const U = policy.unfilledPenalty;
  const W = policy.loadWeight;
  const locked = new Set(model.locks);

  // State: who is where, per participant (count, days, months) and per (event, country).
  const at: number[][] = events.map(() => []);
  const taken: number[][] = Array.from({ length: P }, () => []); // pairs of p
  const countryCount: Map<number, number>[] = events.map(() => new Map());
  for (const pair of picks) {
    at[pairs.event[pair]].push(pair);
    taken[pairs.participant[pair]].push(pair);
    const c = model.participantCountry[pairs.participant[pair]];
    if (c >= 0) countryCount[pairs.event[pair]].set(c, (countryCount[pairs.event[pair]].get(c) ?? 0) + 1);
  }
  const pairsAt: number[][] = events.map(() => []);
  const only = options.only;
  for (let pair = 0; pair < pairs.count; pair++) if (!only || only[pair]) pairsAt[pairs.event[pair]].push(pair);

  /** Marginal cost of p's n-th → (n+1)-th new pick. */
  const loadStep = (p: number, n: number) => W * (2 * (model.loadBase[p] + n) + 1);
  /** Marginal diversity of one more person of country c at e when k are there already. */
  const divStep = (e: number, c: number, k: number) => (c < 0 ? 0 : D * ((model.diversityBase[e].get(c) ?? 0) + k));
  const countOf = (e: number, c: number) => (c < 0 ? 0 : countryCount[e].get(c) ?? 0);

  /** Can p take event e, leaving out their picks in `leaving`? Day and month checks only. */
  const fitsCalendar = (p: number, e: number, leaving: readonly number[]): boolean => {
    const day = model.eventDay[e];
    const month = model.eventMonth[e];
    let inMonth = model.monthUsed[p].get(month) ?? 0;
    for (const pair of taken[p]) {
      if (leaving.includes(pair)) continue;
      const other = pairs.event[pair];
      if (other === e || model.eventDay[other] === day) return false;
      if (model.eventMonth[other] === month) inMonth++;
    }
    return inMonth < participants[p].monthlyCap;
  };
  const seatable = (e: number, members: number[]) =>
    members.length <= events[e].slots.length && assignSlots(events[e].slots, members.map((pair) => slotMember(model, pair))) !== null;

  // "Don't look" stamps: a later pass rescans only what a change since its last scan can affect.
  let tick = 1;
  const personStamp = new Int32Array(P).fill(1);
  const eventStamp = new Int32Array(E).fill(1);
  const scannedEvent = new Int32Array(E);
  const scannedPerson = new Int32Array(P);
  let committing = false;
  const touch = (p: number, e: number) => {
    if (!committing) return;
    personStamp[p] = tick;
    eventStamp[e] = tick;
  };

  const add = (pair: number) => {
    const e = pairs.event[pair];
    const p = pairs.participant[pair];
    touch(p, e);
    at[e].push(pair);
    taken[p].push(pair);
    const c = model.participantCountry[p];
    if (c >= 0) countryCount[e].set(c, countOf(e, c) + 1);
  };
  const remove = (pair: number) => {
    const e = pairs.event[pair];
    const p = pairs.participant[pair];
    touch(p, e);
    at[e].splice(at[e].indexOf(pair), 1);
    taken[p].splice(taken[p].indexOf(pair), 1);
    const c = model.participantCountry[p];
    if (c >= 0) countryCount[e].set(c, countOf(e, c) - 1);
  };

  /**
   * Cost change of removing pairs o1, o2 and adding i1, i2 (−1 = none), by the marginal terms
   * `evaluate` sums: each step sees the counts the earlier steps of the same move left.
   */
  const move = [0, 0, 0, 0];
  const deltaOf = (o1: number, o2: number, i1: number, i2: number): number => {
    move[0] = o1;
    move[1] = o2;
    move[2] = i1;
    move[3] = i2;
    let delta = 0;
    for (let i = 0; i < 4; i++) {
      const pair = move[i];
      if (pair === -1) continue;
      const p = pairs.participant[pair];
      const e = pairs.event[pair];
      const c = model.participantCountry[p];
      let n = taken[p].length;
      let k = countOf(e, c);
      for (let j = 0; j < i; j++) {
        const other = move[j];
        if (other === -1) continue;
        const step = j < 2 ? -1 : 1;
        if (pairs.participant[other] === p) n += step;
        if (c >= 0 && pairs.event[other] === e && model.participantCountry[pairs.participant[other]] === c) k += step;
      }
      if (i < 2) delta -= pairs.cost[pair] + loadStep(p, n - 1) + divStep(e, c, k - 1) - U;
      else delta += pairs.cost[pair] + loadStep(p, n) + divStep(e, c, k) - U;
    }
    return delta;
  };

  const commit = (move: { out: number[]; into: number[] }) => {
    tick++;
    committing = true;
    for (const pair of move.out) remove(pair);
    for (const pair of move.into) add(pair);
    committing = false;
  };
  const eventChanged = (e: number) => {
    if (eventStamp[e] > scannedEvent[e]) return true;
    for (const pair of pairsAt[e]) if (personStamp[pairs.participant[pair]] > scannedEvent[e]) return true;
    return false;
  };
  const personChanged = (p: number) => {
    const since = scannedPerson[p];
    if (personStamp[p] > since) return true;
    for (let pair = model.pairStart[p]; pair < model.pairStart[p + 1]; pair++) {
      const e = pairs.event[pair];
      if (eventStamp[e] > since) return true;
      for (const other of at[e]) if (personStamp[pairs.participant[other]] > since) return true;
    }
    return false;
  };

  const maxPasses = options.maxPasses ?? 50;
  for (let pass = 0; pass < maxPasses; pass++) {
    if (options.shouldStop?.()) break;
    let improved = false;

    // Fill and replace, event by event.
    for (let e = 0; e < E; e++) {
      if (events[e].slots.length === 0 || !eventChanged(e)) continue;
      scannedEvent[e] = tick;
      let bestDelta = -EPS;
      let bestMove: { out: number[]; into: number[] } | null = null;
      const members = at[e];
      for (const pair of pairsAt[e]) {
        const p = pairs.participant[pair];
        if (members.includes(pair) || !fitsCalendar(p, e, [])) continue;
        if (members.length < events[e].slots.length) {
          const d = deltaOf(-1, -1, pair, -1);
          if (d < bestDelta && seatable(e, [...members, pair])) {
            bestDelta = d;
            bestMove = { out: [], into: [pair] };
          }
        }
        for (const q of members) {
          if (locked.has(q) || pairs.participant[q] === p) continue;
          const d = deltaOf(q, -1, pair, -1);
          if (d < bestDelta) {
            const rest = members.filter((m) => m !== q);
            if (seatable(e, [...rest, pair])) {
              bestDelta = d;
              bestMove = { out: [q], into: [pair] };
            }
          }
        }
      }
      if (bestMove) {
        commit(bestMove);
        improved = true;
      }
    }

    // Relocate and swap, person by person.
    for (let p = 0; p < P; p++) {
      if (taken[p].length === 0 || !personChanged(p)) continue;
      scannedPerson[p] = tick;
      for (const from of [...taken[p]]) {
        if (locked.has(from) || !taken[p].includes(from)) continue;
        const e = pairs.event[from];
        let bestDelta = -EPS;
        let bestMove: { out: number[]; into: number[] } | null = null;
        for (let to = model.pairStart[p]; to < model.pairStart[p + 1]; to++) {
          const e2 = pairs.event[to];
          if ((only && !only[to]) || e2 === e || !fitsCalendar(p, e2, [from])) continue;
          const there = at[e2];
          if (there.length < events[e2].slots.length) {
            const d = deltaOf(from, -1, to, -1);
            if (d < bestDelta && seatable(e2, [...there, to]) && seatable(e, at[e].filter((m) => m !== from))) {
              bestDelta = d;
              bestMove = { out: [from], into: [to] };
            }
          }
          // Swap with someone at e2 who can come to e.
          for (const other of there) {
            if (locked.has(other)) continue;
            const q = pairs.participant[other];
            if (q === p) continue;
            const back = findPair(model, q, e);
            if (back === -1 || (only && !only[back]) || at[e].includes(back)) continue;
            if (!fitsCalendar(q, e, [other])) continue;
            const d = deltaOf(from, other, to, back);
            if (d >= bestDelta) continue;
            const hereAfter = [...at[e].filter((m) => m !== from), back];
            const thereAfter = [...there.filter((m) => m !== other), to];
            if (seatable(e, hereAfter) && seatable(e2, thereAfter)) {
              bestDelta = d;
              bestMove = { out: [from, other], into: [to, back] };
            }
          }
        }
        if (bestMove) {
          commit(bestMove);
          improved = true;
        }
      }
    }
    if (!improved) break;
  }

  const out: number[] = [];
  for (const list of at) out.push(...list);
  return out.sort((a, b) => a - b);
}
