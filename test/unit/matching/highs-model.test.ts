/**
 * The array form of the reference MIP (toHighsModel, used by the benchmark where LP text no longer
 * fits in a string) is the same MIP as the LP text (toLpFormat): same columns, rows, bounds and
 * costs entry by entry, and the same optimum, which is also the matcher's.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { build, evaluate, solve, toHighsModel, toLpFormat, totalOf, type MatchModel } from "~/domain/matching";
import { loadHighs, solveWithHighs } from "../../../scripts/bench/lib/highs";
import { randomInstance } from "./random";

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

const SEEDS = Array.from({ length: 30 }, (_, i) => 301 + i);
const modelOf = (seed: number): MatchModel => build(randomInstance(seed, { participants: 10, events: 6, slots: 4 }));

/** Row i as "column:value" strings, sorted (the order inside a row carries no meaning). */
function rowEntries(m: { starts: Int32Array; indices: Int32Array; values: Float64Array }, i: number, shift = 0): string[] {
  const out: string[] = [];
  for (let k = m.starts[i]; k < m.starts[i + 1]; k++) out.push(`${m.indices[k] + shift}:${m.values[k]}`);
  return out.sort();
}

describe("toHighsModel", () => {
  it("is the LP text's MIP, column for column and row for row", () => {
    let interpreterRows = 0;
    let lockRows = 0;
    for (const seed of SEEDS) {
      const model = modelOf(seed);
      const arrays = toHighsModel(model);
      const fromText = highs.createModel({ format: "lp", data: toLpFormat(model) });
      try {
        const lp = fromText.getLp("csr");
        const name = (j: number) => fromText.getColName(j);
        // The LP's column 0 is `one` (fixed at 1, carrying the constant); the arrays carry it as the offset.
        expect(name(0), `seed ${seed}`).toBe("one");
        expect(lp.numCols, `seed ${seed}`).toBe(arrays.numCols + 1);
        expect(lp.numRows, `seed ${seed}`).toBe(arrays.numRows);
        expect(lp.colCost[0] + lp.offset, `seed ${seed}`).toBe(arrays.offset);
        for (let j = 0; j < arrays.numCols; j++) {
          const where = `seed ${seed}, column ${j} (${name(j + 1)})`;
          if (j < arrays.xCount) expect(name(j + 1), where).toBe(`x${arrays.pairOfColumn[j]}_${arrays.slotOfColumn[j]}`);
          else expect(name(j + 1), where).toMatch(/^[zw]/);
          expect(arrays.colCost[j], where).toBeCloseTo(lp.colCost[j + 1], 9);
          expect([arrays.colLower[j], arrays.colUpper[j]], where).toEqual([lp.colLower[j + 1], lp.colUpper[j + 1]]);
          expect(arrays.integrality[j], where).toBe(lp.integrality[j + 1]);
        }
        for (let i = 0; i < arrays.numRows; i++) {
          const where = `seed ${seed}, row ${i} (${fromText.getRowName(i)})`;
          expect([arrays.rowLower[i], arrays.rowUpper[i]], where).toEqual([lp.rowLower[i], lp.rowUpper[i]]);
          expect(rowEntries(arrays.matrix, i, 1), where).toEqual(rowEntries(lp.matrix, i));
          if (fromText.getRowName(i).startsWith("interp")) interpreterRows++;
          if (fromText.getRowName(i).startsWith("lock")) lockRows++;
        }
      } finally {
        fromText.dispose();
      }
    }
    // The instances reach the rarer rows too.
    expect(interpreterRows).toBeGreaterThan(3);
    expect(lockRows).toBeGreaterThan(3);
  });

  it("has the LP text's optimum and the matcher's on 30 random instances", async () => {
    let compared = 0;
    for (const seed of SEEDS) {
      const model = modelOf(seed);
      const arrays = await solveWithHighs(model, { timeLimitSeconds: 60 });
      const text = highs.solve(toLpFormat(model), { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-9 });
      if (text.Status === "Infeasible") {
        expect(arrays.status, `seed ${seed}`).toBe("infeasible");
        expect(arrays.objective, `seed ${seed}`).toBeNull();
        continue;
      }
      expect(text.Status, `seed ${seed}`).toBe("Optimal");
      expect(arrays.optimal, `seed ${seed}: ${arrays.status}`).toBe(true);
      expect(Math.abs(arrays.objective! - text.ObjectiveValue), `seed ${seed}: arrays ${arrays.objective} vs text ${text.ObjectiveValue}`).toBeLessThanOrEqual(1e-6);
      // The columns map back to the pairs they stand for.
      expect(Math.abs(totalOf(evaluate(model, arrays.picks!)) - arrays.objective!), `seed ${seed}`).toBeLessThanOrEqual(1e-6);
      if (model.lockIssues.length > 0) continue; // the matcher reports those as infeasible; the MIP drops the locks
      const ours = solve(model);
      expect(ours.status, `seed ${seed}`).toBe("optimal");
      expect(Math.abs(ours.objective - arrays.objective!), `seed ${seed}: ours ${ours.objective} vs HiGHS ${arrays.objective}`).toBeLessThanOrEqual(1e-6);
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });
});
