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
import { findPair, slotMember, type MatchModel } from "./model";
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

type Move = { out: number[]; into: number[] };

type Cells = { cellOf: Int32Array; historyAt: Float64Array };
const cellsCache = new WeakMap<MatchModel, Cells>();
/**
 * Per pair: the (event, country) cell its person counts in (−1: no country given) and the
 * diversity history already puts there; memoised per model (every polish of a solve asks).
 */
function cellsOf(model: MatchModel): Cells {
  let cells = cellsCache.get(model);
  if (!cells) {
    const { pairs } = model;
    const C = model.countries.length;
    cells = { cellOf: new Int32Array(pairs.count), historyAt: new Float64Array(pairs.count) };
    for (let pair = 0; pair < pairs.count; pair++) {
      const c = model.participantCountry[pairs.participant[pair]];
      const e = pairs.event[pair];
      cells.cellOf[pair] = c < 0 ? -1 : e * C + c;
      cells.historyAt[pair] = c < 0 ? 0 : (model.diversityBase[e].get(c) ?? 0);
    }
    cellsCache.set(model, cells);
  }
  return cells;
}

/** Polishes a feasible matching (`picks`, pair indices, locks included); returns the picks. */
export function improve(model: MatchModel, picks: readonly number[], options: ImproveOptions = {}): number[] {
  return new LocalSearch(model, picks, options.only ?? null).run(options.maxPasses ?? 50, options.shouldStop);
}

/**
 * The search's state and moves. A class rather than closures in `improve`: its methods are the
 * same functions on every call, so what the JIT compiled for one polish still fits the next.
 */
class LocalSearch {
  private readonly locked: Set<number>;
  /** Per pair: its (event, country) cell and the diversity history puts there (`cellsOf`). */
  private readonly cellOf: Int32Array;
  private readonly historyAt: Float64Array;
  /** Who is where: picks per event, per participant, and people per (event, country) cell. */
  private readonly at: number[][];
  private readonly taken: number[][];
  private readonly cellCount: Int32Array;
  /** The pairs moves may bring in, per event. */
  private readonly pairsAt: number[][];
  // "Don't look" stamps: a later pass rescans only what a change since its last scan can affect.
  private tick = 1;
  private readonly personStamp: Int32Array;
  private readonly eventStamp: Int32Array;
  private readonly scannedEvent: Int32Array;
  private readonly scannedPerson: Int32Array;
  /** The move being scored (deltaOf). */
  private readonly move = [0, 0, 0, 0];

  constructor(
    private readonly model: MatchModel,
    picks: readonly number[],
    private readonly only: Uint8Array | null,
  ) {
    const { pairs, events, participants } = model;
    const P = participants.length;
    const E = events.length;
    const C = model.countries.length;
    this.locked = new Set(model.locks);
    ({ cellOf: this.cellOf, historyAt: this.historyAt } = cellsOf(model));
    this.at = events.map(() => []);
    this.taken = Array.from({ length: P }, () => []);
    this.cellCount = new Int32Array(E * C);
    for (const pair of picks) {
      this.at[pairs.event[pair]].push(pair);
      this.taken[pairs.participant[pair]].push(pair);
      if (this.cellOf[pair] >= 0) this.cellCount[this.cellOf[pair]]++;
    }
    this.pairsAt = events.map(() => []);
    for (let pair = 0; pair < pairs.count; pair++) if (!only || only[pair]) this.pairsAt[pairs.event[pair]].push(pair);
    this.personStamp = new Int32Array(P).fill(1);
    this.eventStamp = new Int32Array(E).fill(1);
    this.scannedEvent = new Int32Array(E);
    this.scannedPerson = new Int32Array(P);
  }

  /** Applies the best move of each kind, event by event and person by person, until none improves. */
  run(maxPasses: number, shouldStop?: () => boolean): number[] {
    const { model, at, taken, locked } = this;
    const E = model.events.length;
    const P = model.participants.length;
    for (let pass = 0; pass < maxPasses; pass++) {
      if (shouldStop?.()) break;
      let improved = false;

      // Fill and replace, event by event.
      for (let e = 0; e < E; e++) {
        if (model.events[e].slots.length === 0 || !this.eventChanged(e)) continue;
        this.scannedEvent[e] = this.tick;
        const found = this.bestAtEvent(e);
        if (found) {
          this.commit(found);
          improved = true;
        }
      }

      // Relocate and swap, person by person.
      for (let p = 0; p < P; p++) {
        if (taken[p].length === 0 || !this.personChanged(p)) continue;
        this.scannedPerson[p] = this.tick;
        for (const from of [...taken[p]]) {
          if (locked.has(from) || !taken[p].includes(from)) continue;
          const found = this.bestFromPick(p, from);
          if (found) {
            this.commit(found);
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

  /** Can p take event e, leaving out their picks in `leaving`? Day and month checks only. */
  private fitsCalendar(p: number, e: number, leaving: readonly number[]): boolean {
    const { model } = this;
    const day = model.eventDay[e];
    const month = model.eventMonth[e];
    let inMonth = model.monthUsed[p].get(month) ?? 0;
    const mine = this.taken[p];
    for (let i = 0; i < mine.length; i++) {
      const pair = mine[i];
      if (leaving.includes(pair)) continue;
      const other = model.pairs.event[pair];
      if (other === e || model.eventDay[other] === day) return false;
      if (model.eventMonth[other] === month) inMonth++;
    }
    return inMonth < model.participants[p].monthlyCap;
  }

  private seatable(e: number, members: number[]): boolean {
    const { slots } = this.model.events[e];
    return (
      members.length <= slots.length &&
      assignSlots(
        slots,
        members.map((pair) => slotMember(this.model, pair)),
      ) !== null
    );
  }

  /**
   * Cost change of removing pairs o1, o2 and adding i1, i2 (−1 = none), by the marginal terms
   * `evaluate` sums: each step sees the counts the earlier steps of the same move left. The
   * marginal load of p's (n+1)-th new pick is W(2(base + n) + 1), the marginal diversity of one
   * more person in a cell that holds k is D(history + k).
   */
  private deltaOf(o1: number, o2: number, i1: number, i2: number): number {
    const { model, move, cellOf, cellCount } = this;
    const { pairs, policy } = model;
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
      let n = this.taken[p].length;
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
      const load = policy.loadWeight * (2 * (model.loadBase[p] + n) + 1);
      const diversity = cell < 0 ? 0 : policy.diversityPenalty * (this.historyAt[pair] + k);
      const marginal = pairs.cost[pair] + load + diversity - policy.unfilledPenalty;
      delta += i < 2 ? -marginal : marginal;
    }
    return delta;
  }

  private commit(move: Move): void {
    this.tick++;
    for (const pair of move.out) this.remove(pair);
    for (const pair of move.into) this.add(pair);
  }

  private add(pair: number): void {
    const { pairs } = this.model;
    const e = pairs.event[pair];
    const p = pairs.participant[pair];
    this.touch(p, e);
    this.at[e].push(pair);
    this.taken[p].push(pair);
    if (this.cellOf[pair] >= 0) this.cellCount[this.cellOf[pair]]++;
  }

  private remove(pair: number): void {
    const { pairs } = this.model;
    const e = pairs.event[pair];
    const p = pairs.participant[pair];
    this.touch(p, e);
    this.at[e].splice(this.at[e].indexOf(pair), 1);
    this.taken[p].splice(this.taken[p].indexOf(pair), 1);
    if (this.cellOf[pair] >= 0) this.cellCount[this.cellOf[pair]]--;
  }

  private touch(p: number, e: number): void {
    this.personStamp[p] = this.tick;
    this.eventStamp[e] = this.tick;
  }

  private eventChanged(e: number): boolean {
    const since = this.scannedEvent[e];
    if (this.eventStamp[e] > since) return true;
    const candidates = this.pairsAt[e];
    for (let i = 0; i < candidates.length; i++) if (this.personStamp[this.model.pairs.participant[candidates[i]]] > since) return true;
    return false;
  }

  private personChanged(p: number): boolean {
    const { model, at, personStamp } = this;
    const since = this.scannedPerson[p];
    if (personStamp[p] > since) return true;
    for (let pair = model.pairStart[p]; pair < model.pairStart[p + 1]; pair++) {
      const e = model.pairs.event[pair];
      if (this.eventStamp[e] > since) return true;
      const there = at[e];
      for (let i = 0; i < there.length; i++) if (personStamp[model.pairs.participant[there[i]]] > since) return true;
    }
    return false;
  }

  /** The best fill or replace at event e, or null. */
  private bestAtEvent(e: number): Move | null {
    const { model, locked } = this;
    const { pairs } = model;
    let bestDelta = -EPS;
    let bestMove: Move | null = null;
    const members = this.at[e];
    const room = members.length < model.events[e].slots.length;
    const candidates = this.pairsAt[e];
    for (let i = 0; i < candidates.length; i++) {
      const pair = candidates[i];
      const p = pairs.participant[pair];
      if (members.includes(pair) || !this.fitsCalendar(p, e, NONE)) continue;
      if (room) {
        const d = this.deltaOf(-1, -1, pair, -1);
        if (d < bestDelta && this.seatable(e, [...members, pair])) {
          bestDelta = d;
          bestMove = { out: [], into: [pair] };
        }
      }
      for (let j = 0; j < members.length; j++) {
        const q = members[j];
        if (locked.has(q) || pairs.participant[q] === p) continue;
        const d = this.deltaOf(q, -1, pair, -1);
        if (d < bestDelta && this.seatable(e, [...members.filter((m) => m !== q), pair])) {
          bestDelta = d;
          bestMove = { out: [q], into: [pair] };
        }
      }
    }
    return bestMove;
  }

  /** The best relocate or swap of p's pick `from`, or null. */
  private bestFromPick(p: number, from: number): Move | null {
    const { model, at, locked, only } = this;
    const { pairs } = model;
    const e = pairs.event[from];
    let bestDelta = -EPS;
    let bestMove: Move | null = null;
    const leaving = [from];
    for (let to = model.pairStart[p]; to < model.pairStart[p + 1]; to++) {
      const e2 = pairs.event[to];
      if ((only && !only[to]) || e2 === e || !this.fitsCalendar(p, e2, leaving)) continue;
      const there = at[e2];
      if (there.length < model.events[e2].slots.length) {
        const d = this.deltaOf(from, -1, to, -1);
        if (
          d < bestDelta &&
          this.seatable(e2, [...there, to]) &&
          this.seatable(
            e,
            at[e].filter((m) => m !== from),
          )
        ) {
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
        if (!this.fitsCalendar(q, e, [other])) continue;
        const d = this.deltaOf(from, other, to, back);
        if (d >= bestDelta) continue;
        const hereAfter = [...at[e].filter((m) => m !== from), back];
        const thereAfter = [...there.filter((m) => m !== other), to];
        if (this.seatable(e, hereAfter) && this.seatable(e2, thereAfter)) {
          bestDelta = d;
          bestMove = { out: [from, other], into: [to, back] };
        }
      }
    }
    return bestMove;
  }
}
