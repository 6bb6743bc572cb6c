/**
 * A node's relaxation: its network (network.ts) solved as a min-cost flow at the node's
 * Lagrangian prices and re-optimised when only the prices change; the lower bound it gives
 * (`summarise`: the flow's true cost with each mixed group's diversity priced, plus the
 * interpreter rows' prices), and reduced-cost fixing (`dropAbove`).
 */
import type { BranchState } from "./branching";
import { MinCostFlow } from "./flow";
import type { Mixed } from "./groups";
import type { MatchModel } from "./model";
import { buildNetwork } from "./network";
import { evaluate, totalOf } from "./objective";
import { pairMask } from "./profiles";
import type { ObjectiveTerms } from "./types";

/**
 * A mixed group at the node's flow: its free head count `n`, the count `m` that minimises
 * diversity(m) − μ·m within the part bounds, and `parts` (profile mask → free head count, and
 * the bounds) for branching. Its share of the gap between the flow's true cost and the bound is
 * diversity(n) − diversity(m) − μ·(n − m) ≥ 0.
 */
export type MixedGroup = {
  key: string;
  event: number;
  country: number;
  price: number;
  /** Prices outside [floor, ceil] change nothing but the flow's eagerness: keep μ inside. */
  floor: number;
  ceil: number;
  n: number;
  m: number;
  gap: number;
  parts: { mask: number; count: number; min: number; max: number }[];
};

/**
 * The interpreter rule at an event with an interpreting slot, as a priced row: people there who
 * need interpreting minus K × interpreting slots filled (K = the event's other places) must be
 * ≤ 0. `excess` is that difference at the node's flow.
 */
export type InterpreterRow = { key: string; event: number; price: number; excess: number };

/** One solve of a node's relaxation at given prices. */
export type Relaxation = {
  /** Chosen pair indices (locked ones included), an optimum of the relaxation. */
  chosen: number[];
  /** The true objective terms of `chosen`. */
  terms: ObjectiveTerms;
  locked: number[];
  /** The relaxation's value: a lower bound on every matching of the node. */
  bound: number;
  mixed: MixedGroup[];
  interpreter: InterpreterRow[];
  nodes: number;
  arcs: number;
  augmentations: number;
};

/** A node's relaxation, built once and solved at any prices (re-optimised after the first solve). */
export type NodeRelaxation = { solve(prices: Map<string, number>): Relaxation | null; dropAbove(limit: number): number[] };

/** Builds the flow relaxation of a node; null when the node's constraints cannot all hold. */
export function relaxNode(model: MatchModel, state: BranchState): NodeRelaxation | null {
  const network = buildNetwork(model, state);
  if (!network) return null;
  const { net, source, demands, pairArc, mustFlow, pricedArcs, mixedGroups, mixedOf, interpreterRows, locked, eventCap, baseOf } = network;
  const { pairs, policy, events } = model;
  const E = events.length;
  const D = policy.diversityPenalty;
  const flow = new MinCostFlow(net, source);
  let solved = false;
  const lockedSet = new Set(locked);
  const solve = (next: Map<string, number>): Relaxation | null => {
    const before = flow.augmentations;
    if (!solved) {
      solved = true;
      if (!flow.solve(demands)) return null;
    } else {
      // Only prices change between solves: reprice the arcs that carry them (setCost skips an
      // arc whose cost comes out the same), re-optimise.
      for (const group of mixedGroups) group.price = next.get(group.key) ?? group.price;
      for (const row of interpreterRows) row.price = next.get(row.key) ?? row.price;
      for (const { arc, base, mixed, row } of pricedArcs) flow.setCost(arc, base + (mixed?.price ?? 0) + (row?.price ?? 0));
      for (const row of interpreterRows) flow.setCost(row.slotArc, -row.k * row.price);
      if (!flow.reoptimize()) return null;
    }
    // A forced unit left out: the locked people cannot all be seated together, a part bound or
    // a required interpreting slot cannot be met.
    for (const a of mustFlow) if (net.flow(a) === 0) return null;
    const chosen = [...locked];
    const res = net.residual.data;
    for (let pair = 0; pair < pairs.count; pair++) if (pairArc[pair] !== -1 && res[pairArc[pair] ^ 1] > 0) chosen.push(pair);
    return summarise(chosen, flow.augmentations - before);
  };

  /**
   * The bound: the flow's true cost, with each mixed group's diversity replaced by its priced
   * value μ·n + min_m [diversity(m) − μ·m].
   */
  const summarise = (chosen: number[], augmentations: number): Relaxation => {
    const terms = evaluate(model, chosen);
    let bound = totalOf(terms);
    const mixed: MixedGroup[] = [];
    const headCount = new Map<Mixed, Map<number, number>>();
    // Indexed loops and forEach here and below: this runs at every dual step, mostly in code the
    // JIT has not optimised yet, where for…of allocates an iterator result per element.
    for (let i = 0; i < chosen.length; i++) {
      const pair = chosen[i];
      const group = mixedOf.get(pair);
      if (!group || lockedSet.has(pair)) continue;
      let counts = headCount.get(group);
      if (!counts) headCount.set(group, (counts = new Map()));
      const mask = pairMask(model, pair);
      counts.set(mask, (counts.get(mask) ?? 0) + 1);
    }
    for (const group of mixedGroups) {
      const counts = headCount.get(group) ?? new Map<number, number>();
      let n = 0;
      counts.forEach((k) => (n += k));
      let lo = 0;
      let hi = 0;
      const parts: MixedGroup["parts"] = [];
      group.parts.forEach((part, mask) => {
        lo += part.lo;
        hi += Math.min(part.hi, part.pairs.length);
        parts.push({ mask, count: counts.get(mask) ?? 0, min: part.lo, max: part.hi });
      });
      hi = Math.min(hi, eventCap[group.e]);
      const base = baseOf(group.e, group.c);
      const diversity = (m: number) => D * (m * base + (m * (m - 1)) / 2);
      // diversity(m) − μm is convex in m: its minimum is where the marginal D·(base + m − 1) passes μ.
      let m = lo;
      while (m < hi && D * (base + m) < group.price) m++;
      const gap = diversity(n) - diversity(m) - group.price * (n - m);
      bound -= gap;
      mixed.push({
        key: group.key,
        event: group.e,
        country: group.c,
        price: group.price,
        floor: D * (base + lo - 1),
        ceil: D * (base + hi),
        n,
        m,
        gap,
        parts,
      });
    }
    // Interpreter rows: bound += λ · (people needing interpreting − K · interpreting slots filled).
    const needy = new Int32Array(E);
    for (let i = 0; i < chosen.length; i++) if (pairs.needsInterpreter[chosen[i]]) needy[pairs.event[chosen[i]]]++;
    const interpreter = interpreterRows.map((row) => {
      const excess = needy[row.e] - row.k * net.flow(row.slotArc);
      bound += row.price * excess;
      return { key: row.key, event: row.e, price: row.price, excess };
    });
    return { chosen, terms, locked, bound, mixed, interpreter, nodes: net.nodeCount, arcs: net.arcCount, augmentations };
  };

  /**
   * Reduced-cost fixing: takes out every pair whose arc carries no flow and whose reduced cost
   * (at the last solve's optimal potentials) is at least `limit`; returns them. Sending a unit
   * through such an arc raises the relaxation's value by at least its reduced cost, so with
   * `limit` = incumbent − bound (less the proof margin) no matching with the pair beats the
   * incumbent: the node and everything below it can do without.
   */
  const dropAbove = (limit: number): number[] => {
    const dropped: number[] = [];
    const to = net.to.data;
    const cost = net.cost.data;
    const res = net.residual.data;
    for (let pair = 0; pair < pairs.count; pair++) {
      const a = pairArc[pair];
      if (a === -1 || res[a] === 0) continue;
      if (cost[a] + flow.pi[to[a ^ 1]] - flow.pi[to[a]] >= limit) {
        res[a] = 0;
        dropped.push(pair);
      }
    }
    return dropped;
  };
  return { solve, dropAbove };
}
