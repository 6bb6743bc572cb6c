/**
 * The reference MIP of `toLpFormat` (lp.ts) as sparse arrays, for HiGHS's `createModel`: at
 * bench size S2 the LP text runs to hundreds of MB and no longer fits a JS string, arrays do.
 *
 * Same variables, same rows, in the same order as lp.ts writes them (so column j here is the
 * LP reader's column j + 1, its column 0 being `one`; row i is the LP's row i):
 *   columns  x[pair,slot] (binary) pair by pair, then z[p,k] (continuous, [0,1]) participant by
 *            participant, then w[e,c,i] (continuous, [0,1]) event by event, country by country
 *   rows     pair, slot, per participant day/month/load, per event diversity/interpreter, locks
 * The constant unfilledPenalty × slots, which lp.ts carries by a variable fixed at 1, is the
 * objective offset here. No names: at S3 (~11M pairs) a string per column would not fit.
 */
import { slotMember, type MatchModel } from "./model";
import { fitsSlot } from "./slots";

/** A MIP in the shape HiGHS's `createModel` takes (CSR matrix), plus the way back to pairs. */
export type HighsMatchModel = {
  numCols: number;
  numRows: number;
  offset: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  /** 1 (integer) for x columns, 0 (continuous) for z and w. */
  integrality: Int32Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  matrix: { format: "csr"; numRows: number; numCols: number; starts: Int32Array; indices: Int32Array; values: Float64Array };
  /** Columns [0, xCount) are the x[pair,slot]; column c is pair `pairOfColumn[c]` in slot `slotOfColumn[c]` of its event. */
  xCount: number;
  pairOfColumn: Int32Array;
  slotOfColumn: Int32Array;
};

/** Receives the rows (and the z/w columns) as they are produced; run once to count, once to fill. */
type Sink = {
  entry(col: number, value: number): void;
  row(lower: number, upper: number): void;
  column(cost: number): void;
};

/** The matching MIP of `toLpFormat` as typed arrays (CSR); its optimum equals the matcher's objective. */
export function toHighsModel(model: MatchModel): HighsMatchModel {
  const { pairs, events } = model;
  const U = model.policy.unfilledPenalty;

  // x columns: pair by pair, the slots of its event the person fits, in slot order.
  const xStart = new Int32Array(pairs.count + 1);
  let xCount = 0;
  for (let pair = 0; pair < pairs.count; pair++) {
    const member = slotMember(model, pair);
    for (const slot of events[pairs.event[pair]].slots) if (fitsSlot(slot, member)) xCount++;
    xStart[pair + 1] = xCount;
  }
  const pairOfColumn = new Int32Array(xCount);
  const slotOfColumn = new Int32Array(xCount);
  for (let pair = 0, col = 0; pair < pairs.count; pair++) {
    const member = slotMember(model, pair);
    events[pairs.event[pair]].slots.forEach((slot, s) => {
      if (!fitsSlot(slot, member)) return;
      pairOfColumn[col] = pair;
      slotOfColumn[col++] = s;
    });
  }

  // Pairs by event (in pair order), for the per-event rows.
  const eventPairStart = new Int32Array(events.length + 1);
  for (let pair = 0; pair < pairs.count; pair++) eventPairStart[pairs.event[pair] + 1]++;
  for (let e = 0; e < events.length; e++) eventPairStart[e + 1] += eventPairStart[e];
  const eventPairs = new Int32Array(pairs.count);
  const fill = eventPairStart.slice(0, events.length);
  for (let pair = 0; pair < pairs.count; pair++) eventPairs[fill[pairs.event[pair]]++] = pair;

  const emit = (sink: Sink) => emitRows(model, xStart, pairOfColumn, slotOfColumn, eventPairStart, eventPairs, sink);

  let nnz = 0;
  let numRows = 0;
  let extraCols = 0;
  emit({ entry: () => nnz++, row: () => numRows++, column: () => extraCols++ });

  const numCols = xCount + extraCols;
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(1);
  const integrality = new Int32Array(numCols);
  for (let col = 0; col < xCount; col++) {
    colCost[col] = pairs.cost[pairOfColumn[col]] - U;
    integrality[col] = 1;
  }
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  const starts = new Int32Array(numRows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  let r = 0;
  let c = xCount;
  emit({
    entry(col, value) {
      indices[k] = col;
      values[k++] = value;
    },
    row(lower, upper) {
      rowLower[r] = lower;
      rowUpper[r++] = upper;
      starts[r] = k;
    },
    column(cost) {
      colCost[c++] = cost;
    },
  });

  return {
    numCols,
    numRows,
    offset: U * model.totalSlots,
    colCost,
    colLower,
    colUpper,
    integrality,
    rowLower,
    rowUpper,
    matrix: { format: "csr", numRows, numCols, starts, indices, values },
    xCount,
    pairOfColumn,
    slotOfColumn,
  };
}

/** The pairs a solution picks (x columns at 1), for `evaluate`. */
export function picksOf(hm: HighsMatchModel, colValue: ArrayLike<number>): number[] {
  const picks: number[] = [];
  for (let col = 0; col < hm.xCount; col++) if (colValue[col] > 0.5) picks.push(hm.pairOfColumn[col]);
  return picks;
}

/** Every row of lp.ts, in its order; z and w columns are announced as they are first needed. */
function emitRows(model: MatchModel, xStart: Int32Array, pairOfColumn: Int32Array, slotOfColumn: Int32Array, eventPairStart: Int32Array, eventPairs: Int32Array, sink: Sink): void {
  const { pairs, policy, events } = model;
  const xCount = pairOfColumn.length;
  let nextColumn = xCount;
  const sum = (cols: ArrayLike<number>, value = 1) => {
    for (let i = 0; i < cols.length; i++) sink.entry(cols[i], value);
  };
  const seats = (pair: number, value = 1) => {
    for (let col = xStart[pair]; col < xStart[pair + 1]; col++) sink.entry(col, value);
  };

  for (let pair = 0; pair < pairs.count; pair++) {
    if (xStart[pair + 1] === xStart[pair]) continue;
    seats(pair);
    sink.row(-Infinity, 1);
  }

  // Slot rows, event by event, slot by slot; a slot's seats in pair order.
  for (let e = 0; e < events.length; e++) {
    const perSlot: number[][] = events[e].slots.map(() => []);
    for (let i = eventPairStart[e]; i < eventPairStart[e + 1]; i++) {
      const pair = eventPairs[i];
      for (let col = xStart[pair]; col < xStart[pair + 1]; col++) perSlot[slotOfColumn[col]].push(col);
    }
    for (const cols of perSlot) {
      if (cols.length === 0) continue;
      sum(cols);
      sink.row(-Infinity, 1);
    }
  }

  // Per participant: days, months, load.
  for (let p = 0; p < model.participants.length; p++) {
    const first = xStart[model.pairStart[p]];
    const end = xStart[model.pairStart[p + 1]];
    if (first === end) continue;
    const byDay = new Map<number, number[]>();
    const byMonth = new Map<number, number[]>();
    for (let col = first; col < end; col++) {
      const e = pairs.event[pairOfColumn[col]];
      push(byDay, model.eventDay[e], col);
      push(byMonth, model.eventMonth[e], col);
    }
    for (const cols of byDay.values()) {
      sum(cols);
      sink.row(-Infinity, 1);
    }
    for (const [m, cols] of byMonth) {
      sum(cols);
      sink.row(-Infinity, model.participants[p].monthlyCap - (model.monthUsed[p].get(m) ?? 0));
    }
    const K = model.pairStart[p + 1] - model.pairStart[p];
    const h = model.loadBase[p];
    for (let col = first; col < end; col++) sink.entry(col, 1);
    for (let kk = 1; kk <= K; kk++) {
      sink.column(policy.loadWeight * (2 * (h + kk) - 1));
      sink.entry(nextColumn++, -1);
    }
    sink.row(0, 0);
  }

  // Per event: diversity by country, interpreter rule.
  for (let e = 0; e < events.length; e++) {
    const n = events[e].slots.length;
    const byCountry = new Map<number, number[]>();
    const needing: number[] = [];
    const interpreting: number[] = [];
    for (let i = eventPairStart[e]; i < eventPairStart[e + 1]; i++) {
      const pair = eventPairs[i];
      const c = model.participantCountry[pairs.participant[pair]];
      for (let col = xStart[pair]; col < xStart[pair + 1]; col++) {
        if (c >= 0) push(byCountry, c, col);
        if (pairs.needsInterpreter[pair]) needing.push(col);
        if (events[e].slots[slotOfColumn[col]].offer === "interpreting") interpreting.push(col);
      }
    }
    for (const [c, cols] of byCountry) {
      const k0 = model.diversityBase[e].get(c) ?? 0;
      sum(cols);
      for (let i = 1; i <= Math.min(cols.length, n); i++) {
        sink.column(policy.diversityPenalty * (k0 + i - 1));
        sink.entry(nextColumn++, -1);
      }
      sink.row(0, 0);
    }
    if (needing.length > 0) {
      // Disjoint from `needing`: nobody who needs an interpreter fits an interpreting slot.
      sum(needing);
      sum(interpreting, -n);
      sink.row(-Infinity, 0);
    }
  }

  for (const pair of model.locks) {
    seats(pair);
    sink.row(1, 1);
  }
}

function push<K>(map: Map<K, number[]>, key: K, value: number) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
