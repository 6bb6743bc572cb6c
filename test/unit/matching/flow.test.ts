import { describe, expect, it } from "vitest";
import { FlowNetwork, MinCostFlow } from "~/domain/matching/flow";
import { rng } from "../../../scripts/bench/lib/rng";

/** Σ cost × flow over the forward arcs. */
function costOf(net: FlowNetwork): number {
  let total = 0;
  for (let a = 0; a < net.to.length; a += 2) total += net.cost.data[a] * net.flow(a);
  return total;
}

type Arc = { from: number; to: number; cap: number; cost: number };

/** A random layered DAG: source 0, then layers, with a priced fallback arc to every demand node. */
function randomGraph(seed: number) {
  const r = rng(seed);
  const layers = [1, r.int(2, 5), r.int(2, 6), r.int(1, 4)];
  const firstOf: number[] = [];
  let n = 0;
  for (const size of layers) {
    firstOf.push(n);
    n += size;
  }
  const arcs: Arc[] = [];
  for (let l = 0; l + 1 < layers.length; l++)
    for (let u = firstOf[l]; u < firstOf[l] + layers[l]; u++)
      for (let v = firstOf[l + 1]; v < firstOf[l + 1] + layers[l + 1]; v++) if (l === 0 || r.chance(0.6)) arcs.push({ from: u, to: v, cap: r.int(1, 3), cost: r.int(-5, 20) });
  const sinks = Array.from({ length: layers[3] }, (_, i) => firstOf[3] + i);
  for (const v of sinks) arcs.push({ from: 0, to: v, cap: 10, cost: 100 });
  const demands = sinks.map((node) => ({ node, amount: r.int(1, 4) }));
  return { n, arcs, demands, r };
}

function networkOf(n: number, arcs: Arc[]): { net: FlowNetwork; ids: number[] } {
  const net = new FlowNetwork();
  for (let i = 0; i < n; i++) net.addNode();
  return { net, ids: arcs.map((a) => net.addArc(a.from, a.to, a.cap, a.cost)) };
}

describe("min-cost flow", () => {
  it("finds the optimum of a hand-made graph, negative costs and a cheaper detour included", () => {
    // 0 → 1 → 3 costs 2 + 2; 0 → 2 → 3 costs −1 + 3 (cap 1); the fallback 0 → 3 costs 10.
    const net = new FlowNetwork();
    for (let i = 0; i < 4; i++) net.addNode();
    const a01 = net.addArc(0, 1, 5, 2);
    const a02 = net.addArc(0, 2, 1, -1);
    net.addArc(1, 3, 5, 2);
    net.addArc(2, 3, 5, 3);
    const fallback = net.addArc(0, 3, 5, 10);
    const outcome = new MinCostFlow(net, 0).solve([{ node: 3, amount: 3 }]);
    expect(outcome?.flow).toBe(3);
    expect(net.flow(a02)).toBe(1);
    expect(net.flow(a01)).toBe(2);
    expect(net.flow(fallback)).toBe(0);
    expect(costOf(net)).toBe(2 + 2 * 4);
  });

  it("reports a demand it cannot meet", () => {
    const net = new FlowNetwork();
    for (let i = 0; i < 2; i++) net.addNode();
    net.addArc(0, 1, 1, 0);
    expect(new MinCostFlow(net, 0).solve([{ node: 1, amount: 2 }])).toBeNull();
  });

  it("re-optimised after cost changes, it costs what a cold solve at the new costs costs (300 random graphs)", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { n, arcs, demands, r } = randomGraph(seed);
      const warm = networkOf(n, arcs);
      const solver = new MinCostFlow(warm.net, 0);
      expect(solver.solve(demands)).not.toBeNull();
      // Several rounds of changes, as the dual steps make them.
      for (let round = 0; round < 4; round++) {
        for (let i = 0; i < arcs.length; i++)
          if (r.chance(0.3)) {
            arcs[i] = { ...arcs[i], cost: arcs[i].cost + r.int(-15, 15) };
            solver.setCost(warm.ids[i], arcs[i].cost);
          }
        expect(solver.reoptimize()).toBe(true);
        const cold = networkOf(n, arcs);
        expect(new MinCostFlow(cold.net, 0).solve(demands)).not.toBeNull();
        expect(costOf(warm.net), `seed ${seed}, round ${round}`).toBe(costOf(cold.net));
        // Still a flow meeting every demand exactly.
        for (const { node, amount } of demands) {
          let into = 0;
          for (let a = 0; a < warm.net.to.length; a += 2) if (warm.net.to.data[a] === node) into += warm.net.flow(a);
          expect(into).toBe(amount);
        }
      }
    }
  });
});
