/**
 * The search of `solve` (solve.ts describes the method): a best-first branch-and-bound over the
 * flow relaxation (relaxation.ts), the prices moved by the bundle method (bundle.ts), nodes split
 * by branching.ts, incumbents polished by local search (improve.ts).
 */
import { childrenToSplit, type BranchState, type Node } from "./branching";
import { ProximalBundle } from "./bundle";
import { explainResult, infeasibleResult } from "./explain";
import { firstUnseatableEvent, repairToFeasible } from "./feasibility";
import { improve } from "./improve";
import { LARGE_SEASON_PAIRS, solveLargeSeason } from "./largeSeason";
import type { MatchModel } from "./model";
import { NodeQueue } from "./nodeQueue";
import { evaluate, totalOf } from "./objective";
import { relaxNode } from "./relaxation";
import type { SolveOptions } from "./solve";
import type { MatchResult, StopReason } from "./types";

/** Whether every matching's objective is a whole number: whole pair costs and whole weights. */
function wholeCosts(model: MatchModel): boolean {
  const { policy } = model;
  if (![policy.loadWeight, policy.unfilledPenalty, policy.diversityPenalty].every(Number.isInteger)) return false;
  const { cost } = model.pairs;
  for (let pair = 0; pair < cost.length; pair++) if (!Number.isInteger(cost[pair])) return false;
  return true;
}

/**
 * One best-first branch-and-bound over the flow relaxation: the incumbent (`best`), the pairs the
 * root's reduced costs dropped and the statistics live here, shared by the node solver (`solveNode`),
 * the incumbent's bookkeeping (`offer`, `polish`) and the search loop (`run`).
 */
export class BranchAndBound {
  readonly stats = { nodes: 0, arcs: 0, augmentations: 0, branches: 0, fixed: 0 };
  /** When every cost is a whole number, so is every objective: a bound above best − 1 proves best. */
  private readonly whole: boolean;
  /** 1 = a pair the root's reduced costs took out: no better matching has it (local search leaves it out too). */
  private readonly dropped: Uint8Array;
  /** The best feasible matching seen (an infeasible one repaired). */
  private best: Node | null = null;
  /** The incumbent when local search last left it as it was (polishing it again gains nothing). */
  private localOptimum: Node | null = null;
  private seq = 0;

  constructor(
    private readonly model: MatchModel,
    private readonly options: SolveOptions,
  ) {
    this.whole = wholeCosts(model);
    this.dropped = new Uint8Array(model.pairs.count);
  }

  /** How close a lower bound must come to `objective` to prove that nothing beats it. */
  private margin(objective: number): number {
    return this.whole ? 1 - 1e-6 : 1e-9 * Math.max(1, Math.abs(objective));
  }

  /** Whether no matching can beat `objective` when `bound` is a lower bound. */
  private proves(bound: number, objective: number): boolean {
    return bound >= objective - this.margin(objective);
  }

  /** Keeps the best feasible matching seen (an infeasible one repaired). */
  private offer(node: Node): void {
    const { model } = this;
    if (node.feasible && (!this.best || node.objective < this.best.objective)) this.best = node;
    if (!node.feasible) {
      const repaired = repairToFeasible(model, node.chosen, node.locked);
      if (firstUnseatableEvent(model, repaired) === null) {
        const terms = evaluate(model, repaired);
        const objective = totalOf(terms);
        if (!this.best || objective < this.best.objective - 1e-9) this.best = { ...node, chosen: repaired, terms, objective, feasible: true, value: -Infinity };
      }
    }
  }

  /**
   * Local search (improve.ts) from `chosen`, a flow of `node` (repaired first if it breaks the
   * interpreter rule); the result replaces the incumbent when it is better.
   */
  private polishFrom(node: Node, chosen: number[]): void {
    const { model } = this;
    const start = firstUnseatableEvent(model, chosen) === null ? chosen : repairToFeasible(model, chosen, node.locked);
    if (firstUnseatableEvent(model, start) !== null) return;
    // Not cut short by `shouldStop`: a few cheap passes decide much of what a stopped search returns.
    const improved = improve(model, start, { only: this.dropped.map((d) => 1 - d) });
    const terms = evaluate(model, improved);
    const objective = totalOf(terms);
    if (!this.best || objective < this.best.objective - 1e-9) {
      this.best = { ...node, chosen: improved, terms, objective, feasible: true, value: -Infinity };
      this.localOptimum = this.best;
    }
  }

  /** Local search on the incumbent: prunes more, and is what a stopped search returns. */
  private polish(): void {
    if (!this.best || this.best === this.localOptimum) return;
    this.polishFrom(this.best, this.best.chosen);
    this.localOptimum = this.best;
  }

  /**
   * Solves a node: the flow relaxation at the prices of its mixed groups and interpreter rows,
   * improved by up to `steps` steps of a proximal bundle method on the Lagrangian dual
   * (bundle.ts; the first step's length comes from the gap to the incumbent). Every step's value
   * is a lower bound, the best one is the node's; every flow met is a candidate incumbent
   * (repaired if it breaks the interpreter rule).
   *
   * At the root, when the bundle's model promises little more (under 1/POLISH_SHARE of the gap
   * between bound and incumbent), the step's flow is polished as well, at most ROOT_POLISHES
   * times: near the top of the dual the flows are near-optimal matchings whose true cost is
   * off by a few ties the flow broke the wrong way, which local search often mends.
   */
  solveNode(state: BranchState, steps: number, isRoot = false): Node | null {
    const { model, options, stats } = this;
    const relax = relaxNode(model, state);
    if (!relax) return null;
    let prices = new Map(state.prices ?? []);
    // The node's exclusions and, as the bound rises, the pairs reduced-cost fixing drops.
    const excluded = new Set(state.excluded);
    let top: Node | null = null;
    let dual: { bundle: ProximalBundle; keys: string[] } | null = null;
    let polishes = 0;
    for (let step = 0; ; step++) {
      const relaxation = relax.solve(prices);
      if (!relaxation) {
        if (step === 0) return null;
        break; // not expected: re-optimising keeps a solved network feasible
      }
      stats.augmentations += relaxation.augmentations;
      stats.nodes = Math.max(stats.nodes, relaxation.nodes);
      stats.arcs = Math.max(stats.arcs, relaxation.arcs);
      const { chosen, terms, mixed, interpreter } = relaxation;
      const objective = totalOf(terms);
      const feasible = firstUnseatableEvent(model, chosen, true) === null;
      const solved = feasible && objective - relaxation.bound <= 1e-9 * Math.max(1, Math.abs(objective));
      const bound = solved ? objective : relaxation.bound;
      const node: Node = { ...state, excluded, prices, chosen, terms, objective, feasible, mixed, interpreter, value: bound, seq: this.seq++ };
      this.offer(node);
      const best = this.best as Node | null;
      // Reduced-cost fixing (`dropAbove`, relaxation.ts), while the node is not proved yet.
      if (best && steps > 0 && !this.proves(relaxation.bound, best.objective))
        for (const pair of relax.dropAbove(best.objective - this.margin(best.objective) - relaxation.bound)) {
          excluded.add(pair);
          if (isRoot) {
            this.dropped[pair] = 1;
            stats.fixed++;
          }
        }
      if (!top || bound > top.value + 1e-9) top = node;
      // The first flow is not polished: its incumbent only aims the first (Polyak) step, and the
      // rougher target of the flow itself makes a longer first step that measured better (S1
      // seeds 1–45 and 2025 in one process: 16 % less time in all, 22 % fewer augmentations on
      // 16 of them). Local search is kept for the flows near the top.
      if (isRoot && dual && best && polishes < ROOT_POLISHES && dual.bundle.predicted < (best.objective - top.value) / POLISH_SHARE) {
        polishes++;
        this.polishFrom(node, chosen);
      }
      // The supergradient: each mixed group's priced minus true head count, each interpreter row's excess.
      const grad = Float64Array.from([...mixed.map((g) => g.n - g.m), ...interpreter.map((row) => row.excess)]);
      let norm = 0;
      for (const g of mixed) norm += (g.n - g.m) ** 2;
      for (const row of interpreter) if (row.excess > 0 || row.price > 0) norm += row.excess ** 2;
      if (solved || step >= steps || norm === 0 || options.shouldStop?.()) break;
      const incumbent = this.best as Node | null;
      if (incumbent && this.proves(top.value, incumbent.objective)) break;
      const point = Float64Array.from([...mixed.map((g) => g.price), ...interpreter.map((row) => row.price)]);
      let next: Float64Array;
      if (!dual) {
        // The first step is Polyak's, towards the incumbent: bold, which pays when only a few steps
        // fit (a big season under a time limit). It also sets the scale of the bundle's shorter,
        // model-guided steps that follow.
        const lo = Float64Array.from([...mixed.map((g) => g.floor), ...interpreter.map(() => 0)]);
        const hi = Float64Array.from([...mixed.map((g) => g.ceil), ...interpreter.map(() => Infinity)]);
        const target = incumbent ? incumbent.objective : top.value + 0.001 * Math.abs(top.value) + 1;
        const polyak = (target - bound) / norm;
        dual = {
          bundle: new ProximalBundle(lo, hi, { t: BUNDLE_STEP * polyak }),
          keys: [...mixed.map((g) => g.key), ...interpreter.map((row) => row.key)],
        };
        dual.bundle.report(point, bound, grad);
        next = Float64Array.from(point, (v, i) => Math.min(hi[i], Math.max(lo[i], v + polyak * grad[i])));
      } else {
        dual.bundle.report(point, bound, grad);
        next = dual.bundle.next();
        // The model promises nothing more: the center's prices are optimal for the dual.
        if (dual.bundle.predicted <= 1e-9) break;
      }
      prices = new Map(dual.keys.map((key, i) => [key, next[i]]));
    }
    options.onNode?.({ state, bound: top!.value, objective: top!.objective, feasible: top!.feasible });
    return top;
  }

  /** The search: the root, then nodes best bound first until the incumbent is proved or the search is stopped. */
  run(): MatchResult {
    const { model, options, stats } = this;
    if (model.lockIssues.length > 0) return infeasibleResult(model, stats);
    if (model.pairs.count > (options.largeSeasonPairs ?? LARGE_SEASON_PAIRS)) return solveLargeSeason(model, (state, steps) => this.solveNode(state, steps), stats);
    const maxBranches = options.maxBranches ?? 100_000;
    const root = this.solveNode({ excluded: new Set(), locked: [...model.locks] }, options.priceSteps?.root ?? ROOT_STEPS, true);
    if (!root) return infeasibleResult(model, stats);

    // The root's flows, repaired, are good starts: polish the best of them before branching.
    this.polish();
    const queue = new NodeQueue();
    queue.push(root);
    let stopReason: StopReason | null = null;
    let lowerBound = root.value;
    while (queue.size > 0) {
      const node = queue.pop();
      // Best-first: no open node has a lower bound than this one.
      lowerBound = node.value;
      const incumbent = this.best as Node | null;
      if (incumbent && this.proves(node.value, incumbent.objective)) break;
      if (node.feasible && node.value >= node.objective - 1e-9) {
        this.best = node;
        break;
      }
      if (stats.branches >= maxBranches) stopReason = "branch_limit";
      else if (options.shouldStop?.()) stopReason = "time";
      if (stopReason) break;
      const children = childrenToSplit(model, node);
      // Nothing to split means the node's bound and value differ by rounding only: its matching
      // has been offered as an incumbent already.
      if (children.length === 0) continue;
      stats.branches++;
      for (const state of children) {
        // Out of time half-way through a branching: the unsolved children are still covered by
        // this node's bound, which is the lowest open one.
        if (options.shouldStop?.()) {
          stopReason = "time";
          break;
        }
        const child = this.solveNode(state, options.priceSteps?.child ?? CHILD_STEPS);
        if (child) queue.push(child);
      }
      if (stopReason) break;
      // A new incumbent is worth a local search: a better one prunes more.
      this.polish();
    }
    if (stopReason) this.polish();
    const winner = this.best as Node | null;
    if (winner) {
      // A stopped search is still a proof when its bound has reached the (polished) incumbent.
      if (stopReason && this.proves(lowerBound, winner.objective)) stopReason = null;
      if (!stopReason) return explainResult(model, winner.chosen, winner.terms, { status: "optimal" }, stats, winner.objective);
      const bound = Math.min(this.whole ? Math.ceil(lowerBound - 1e-6) : lowerBound, winner.objective);
      return explainResult(model, winner.chosen, winner.terms, { status: "feasible", stopReason }, stats, bound);
    }
    if (stopReason && !firstUnseatableEvent(model, model.locks))
      return explainResult(model, [...model.locks], evaluate(model, model.locks), { status: "feasible", stopReason }, stats, lowerBound);
    return infeasibleResult(model, stats);
  }
}

/** Dual steps at the root and at every other node (which starts from its parent's prices). */
const ROOT_STEPS = 100;
const CHILD_STEPS = 10;
/**
 * The bundle's proximity weight t, as a share of the first Polyak step's (see `solveNode`). On S1
 * seeds 1–60 and 2025, 0.2 takes 13 % fewer dual steps than 0.1 (1 854 vs 2 137) and 0.25–0.3
 * more again.
 */
const BUNDLE_STEP = 0.2;
/** Root flows polished (see `solveNode`), and the share of the gap below which the bundle's promise calls for it. */
const ROOT_POLISHES = 6;
const POLISH_SHARE = 16;
