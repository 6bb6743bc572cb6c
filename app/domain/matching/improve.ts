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
const NONE: readonly number[] = [];

/** Polishes a feasible matching (`picks`, pair indices, locks included); returns the picks. */
export function improve(model: MatchModel, picks: readonly number[], options: ImproveOptions = {}): number[] {
  const { pairs, policy, events, participants } = model;
  const P = participants.length;
  const E = events.length;
  const D = policy.diversityPenalty;
  const U = policy.unfilledPenalty;
  const W = policy.loadWeight;
  const locked = new Set(model.locks);

  // Per pair: the (event, country) cell its person counts in (−1: no country given), and the
  // diversity already there from history (typed arrays: this runs often, in a fresh process too).
  const C = model.countries.length;
  const cellOf = new Int32Array(pairs.count);
  const historyAt = new Float64Array(pairs.count);
  for (let pair = 0; pair < pairs.count; pair++) {
    const c = model.participantCountry[pairs.participant[pair]];
    const e = pairs.event[pair];
    cellOf[pair] = c < 0 ? -1 : e * C + c;
    historyAt[pair] = c < 0 ? 0 : model.diversityBase[e].get(c) ?? 0;
  }

  // State: who is where, per participant and per (event, country) cell.
  const at: number[][] = events.map(() => []);
  const taken: number[][] = Array.from({ length: P }, () => []); // pairs of p
  const cellCount = new Int32Array(E * C);
  for (const pair of picks) {
    at[pairs.event[pair]].push(pair);
    taken[pairs.participant[pair]].push(pair);
    if (cellOf[pair] >= 0) cellCount[cellOf[pair]]++;
  }
  const pairsAt: number[][] = events.map(() => []);
  const only = options.only;
  for (let pair = 0; pair < pairs.count; pair++) if (!only || only[pair]) pairsAt[pairs.event[pair]].push(pair);


  /** Can p take event e, leaving out their picks in `leaving`? Day and month checks only. */
  const fitsCalendar = (p: number, e: number, leaving: readonly number[]): boolean => {
    const day = model.eventDay[e];
    const month = model.eventMonth[e];
    let inMonth = model.monthUsed[p].get(month) ?? 0;
    const mine = taken[p];
    for (let i = 0; i < mine.length; i++) {
      const pair = mine[i];
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
    if (cellOf[pair] >= 0) cellCount[cellOf[pair]]++;
  };
  const remove = (pair: number) => {
    const e = pairs.event[pair];
    const p = pairs.participant[pair];
    touch(p, e);
    at[e].splice(at[e].indexOf(pair), 1);
    taken[p].splice(taken[p].indexOf(pair), 1);
    if (cellOf[pair] >= 0) cellCount[cellOf[pair]]--;
  };

  /**
   * Cost change of removing pairs o1, o2 and adding i1, i2 (−1 = none), by the marginal terms
   * `evaluate` sums: each step sees the counts the earlier steps of the same move left. The
   * marginal load of p's (n+1)-th new pick is W(2(base + n) + 1), the marginal diversity of one
   * more person in a cell that holds k is D(history + k).
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
      const cell = cellOf[pair];
      let n = taken[p].length;
      let k = cell < 0 ? 0 : cellCount[cell];
      for (let j = 0; j < i; j++) {
        const other = move[j];
        if (other === -1) continue;
        const step = j < 2 ? -1 : 1;
        if (pairs.participant[other] === p) n += step;
        if (cell >= 0 && cellOf[other] === cell) k += step;
      }
      if (i < 2) {
        // Taking a pick out saves what its person's last pick and its cell's last member cost.
        n--;
        k--;
      }
      const load = W * (2 * (model.loadBase[p] + n) + 1);
      const diversity = cell < 0 ? 0 : D * (historyAt[pair] + k);
      const marginal = pairs.cost[pair] + load + diversity - U;
      delta += i < 2 ? -marginal : marginal;
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

  type Move = { out: number[]; into: number[] };

  /** The best fill or replace at event e, or null. */
  const bestAtEvent = (e: number): Move | null => {
    let bestDelta = -EPS;
    let bestMove: Move | null = null;
    const members = at[e];
    const room = members.length < events[e].slots.length;
    const candidates = pairsAt[e];
    for (let i = 0; i < candidates.length; i++) {
      const pair = candidates[i];
      const p = pairs.participant[pair];
      if (members.includes(pair) || !fitsCalendar(p, e, NONE)) continue;
      if (room) {
        const d = deltaOf(-1, -1, pair, -1);
        if (d < bestDelta && seatable(e, [...members, pair])) {
          bestDelta = d;
          bestMove = { out: [], into: [pair] };
        }
      }
      for (let j = 0; j < members.length; j++) {
        const q = members[j];
        if (locked.has(q) || pairs.participant[q] === p) continue;
        const d = deltaOf(q, -1, pair, -1);
        if (d < bestDelta && seatable(e, [...members.filter((m) => m !== q), pair])) {
          bestDelta = d;
          bestMove = { out: [q], into: [pair] };
        }
      }
    }
    return bestMove;
  };

  /** The best relocate or swap of p's pick `from`, or null. */
  const bestFromPick = (p: number, from: number): Move | null => {
    const e = pairs.event[from];
    let bestDelta = -EPS;
    let bestMove: Move | null = null;
    const leaving = [from];
    for (let to = model.pairStart[p]; to < model.pairStart[p + 1]; to++) {
      const e2 = pairs.event[to];
      if ((only && !only[to]) || e2 === e || !fitsCalendar(p, e2, leaving)) continue;
      const there = at[e2];
      if (there.length < events[e2].slots.length) {
        const d = deltaOf(from, -1, to, -1);
        if (d < bestDelta && seatable(e2, [...there, to]) && seatable(e, at[e].filter((m) => m !== from))) {
          bestDelta = d;
          bestMove = { out: [from], into: [to] };
        }
      }
      // Swap with someone at e2 who can come to e.
      for (let j = 0; j < there.length; j++) {
        const other = there[j];
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
    return bestMove;
  };

  const maxPasses = options.maxPasses ?? 50;
  for (let pass = 0; pass < maxPasses; pass++) {
    if (options.shouldStop?.()) break;
    let improved = false;

    // Fill and replace, event by event.
    for (let e = 0; e < E; e++) {
      if (events[e].slots.length === 0 || !eventChanged(e)) continue;
      scannedEvent[e] = tick;
      const found = bestAtEvent(e);
      if (found) {
        commit(found);
        improved = true;
      }
    }

    // Relocate and swap, person by person.
    for (let p = 0; p < P; p++) {
      if (taken[p].length === 0 || !personChanged(p)) continue;
      scannedPerson[p] = tick;
      for (const from of [...taken[p]]) {
        if (locked.has(from) || !taken[p].includes(from)) continue;
        const found = bestFromPick(p, from);
        if (found) {
          commit(found);
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
