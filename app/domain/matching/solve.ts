/**
 * Exact solving: the flow relaxation (network.ts) priced by Lagrangian multipliers, and a
 * best-first branch-and-bound on what the network cannot say.
 *
 * The relaxation seats everyone exactly (people are split by profile at events with typed
 * slots) and charges diversity exactly except in "mixed" groups (one country's candidates of
 * several profiles at a typed event), whose head count is priced at μ; the interpreter rule is
 * priced at λ (network.ts). Each node moves the prices by a proximal bundle method on the
 * Lagrangian dual (bundle.ts) and re-optimises the flow after each step; every step's value is
 * a lower bound, the best one is the node's. A node whose flow keeps the interpreter rule and
 * whose priced values are its true ones is solved. Otherwise:
 *
 * - The interpreter rule broken, or priced with room to spare, at event e: children "nobody who
 *   needs interpreting at e" and "an interpreting slot at e is filled" (the network forces a unit
 *   through the interpreting slots).
 * - A mixed group with a gap: split one part's head-count range ("≤ t − 1" / "≥ t"); once all
 *   its parts are pinned, the group's count and diversity are exact.
 *
 * Both are partitions, so the search is exhaustive. Children start from their parent's prices.
 * Nodes are queued by their lower bound; the search ends when the best bound reaches the best
 * feasible value (so the incumbent is optimal), or at a node whose bound equals its own value.
 */
import { build, explainPair, slotMember, type MatchModel } from "./build";
import { explainResult } from "./explain";
import { partKey, relaxNode, type BranchState, type InterpreterRow, type MixedGroup } from "./network";
import { improve } from "./improve";
import { ProximalBundle } from "./bundle";
import { cheapestFirst } from "./greedy";
import { evaluate, totalOf } from "./objective";
import { assignSlots } from "./slots";
import type { MatchInput, MatchResult, ObjectiveTerms, StopReason } from "./types";

export type SolveOptions = {
  /** Stop after expanding this many branch-and-bound nodes (status "feasible", stopReason "branch_limit"); default 100 000. */
  maxBranches?: number;
  /** Asked between dual steps, before each branching and between its children; true stops the proof (status "feasible", stopReason "time", best matching polished). The caller owns the clock. */
  shouldStop?: () => boolean;
  /** Above this many eligible pairs, the large-season heuristic runs instead (default LARGE_SEASON_PAIRS; tests lower it). */
  largeSeasonPairs?: number;
  /** Dual steps at the root and at every other node (default ROOT_STEPS, CHILD_STEPS); tests set 0 to exercise the branching alone. */
  priceSteps?: { root: number; child: number };
  /** Test hook: sees every solved node (its constraints, lower bound, value, feasibility). */
  onNode?: (node: { state: BranchState; bound: number; objective: number; feasible: boolean }) => void;
};

type Node = BranchState & {
  chosen: number[];
  /** Lower bound for the node. */
  value: number;
  /** True objective of `chosen`. */
  objective: number;
  terms: ObjectiveTerms;
  feasible: boolean;
  /** The mixed groups and interpreter rows of the node's flow at its prices (network.ts). */
  mixed: MixedGroup[];
  interpreter: InterpreterRow[];
  seq: number;
};

/**
 * The first event (by index) whose chosen people cannot be seated with the interpreter rule kept.
 * `flow`: `chosen` is a flow of the relaxation, which seats everyone in slots they fit, so only
 * events with someone who needs interpreting are checked.
 */
function firstUnseatableEvent(model: MatchModel, chosen: number[], flow = false): { event: number; members: number[] } | null {
  if (flow && !chosen.some((pair) => model.pairs.needsInterpreter[pair])) return null;
  const byEvent = new Map<number, number[]>();
  for (const pair of chosen) {
    const e = model.pairs.event[pair];
    const list = byEvent.get(e);
    if (list) list.push(pair);
    else byEvent.set(e, [pair]);
  }
  const events = [...byEvent.keys()].sort((a, b) => a - b);
  for (const e of events) {
    const members = byEvent.get(e)!;
    const slots = model.events[e].slots;
    const needing = members.some((p) => model.pairs.needsInterpreter[p]);
    if (flow && !needing) continue;
    const simple = !needing && slots.every((s) => s.offer === null);
    if (simple && members.length <= slots.length) continue;
    if (!assignSlots(slots, members.map((p) => slotMember(model, p)))) return { event: e, members };
  }
  return null;
}

/** Whether every matching's objective is a whole number: whole pair costs and whole weights. */
function wholeCosts(model: MatchModel): boolean {
  const { policy } = model;
  if (![policy.loadWeight, policy.unfilledPenalty, policy.diversityPenalty].every(Number.isInteger)) return false;
  const { cost } = model.pairs;
  for (let pair = 0; pair < cost.length; pair++) if (!Number.isInteger(cost[pair])) return false;
  return true;
}

/** The two children of a node; `change` says what each adds to the node's constraints. */
function childrenOf(node: Node, changes: ((state: BranchState) => void)[]): BranchState[] {
  return changes.map((change) => {
    const state: BranchState = {
      excluded: new Set(node.excluded),
      locked: [...node.locked],
      partCount: new Map(node.partCount ?? []),
      interpreted: new Set(node.interpreted ?? []),
      prices: node.prices,
    };
    change(state);
    return state;
  });
}

/** The interpreter rule at `event`: "nobody there who needs interpreting" / "an interpreting slot there is filled". */
function interpreterChildren(model: MatchModel, node: Node, event: number): BranchState[] {
  const needing: number[] = [];
  for (let pair = 0; pair < model.pairs.count; pair++)
    if (model.pairs.event[pair] === event && model.pairs.needsInterpreter[pair]) needing.push(pair);
  return childrenOf(node, [
    (state) => needing.forEach((pair) => state.excluded.add(pair)),
    (state) => state.interpreted!.add(event),
  ]);
}

/**
 * A mixed group whose priced count disagrees with the flow: split one of its parts' count range
 * [min, max] at t (the part's count now, or min + 1): "≤ t − 1" / "≥ t". Pinned parts make the
 * group's count, and so its diversity, exact.
 */
function partChildren(node: Node, group: MixedGroup): BranchState[] {
  const open = group.parts.filter((part) => part.min < part.max);
  const part = open.find((p) => p.count > p.min) ?? open[0];
  if (!part) return [];
  const t = part.count > part.min ? part.count : part.min + 1;
  const named = { e: group.event, c: group.country, mask: part.mask };
  const key = partKey(named.e, named.c, named.mask);
  return childrenOf(node, [
    (state) => state.partCount!.set(key, { ...named, min: part.min, max: t - 1 }),
    (state) => state.partCount!.set(key, { ...named, min: t, max: part.max }),
  ]);
}

/**
 * How to split a node that is not solved: the interpreter rule where the flow breaks it, else
 * the mixed group with the largest gap between its priced and its true diversity, else an
 * interpreter row whose price the flow does not use up (its bound is below the flow's cost).
 */
function childrenToSplit(model: MatchModel, node: Node): BranchState[] {
  const unseatable = firstUnseatableEvent(model, node.chosen);
  if (unseatable) {
    // The network seats everyone in slots they fit, so only the interpreter rule can fail here.
    if (!unseatable.members.some((pair) => model.pairs.needsInterpreter[pair])) throw new Error("matching: the relaxation broke seating");
    return interpreterChildren(model, node, unseatable.event);
  }
  const group = node.mixed.reduce<MixedGroup | null>((top, g) => (g.gap > 0 && (!top || g.gap > top.gap) ? g : top), null);
  if (group) return partChildren(node, group);
  const slack = node.interpreter.find((row) => row.price > 0 && row.excess < 0);
  return slack ? interpreterChildren(model, node, slack.event) : [];
}

/**
 * A feasible matching near `chosen`: at each event whose line-up cannot be seated, keep the
 * largest seatable part (people who need an interpreter go first when none can be seated).
 * Only an incumbent for the search (so a node limit still returns something good), never a bound.
 */
function repairToFeasible(model: MatchModel, chosen: number[], lockedList: number[]): number[] {
  const locked = new Set(lockedList);
  const byEvent = new Map<number, number[]>();
  for (const pair of chosen) byEvent.set(model.pairs.event[pair], [...(byEvent.get(model.pairs.event[pair]) ?? []), pair]);
  const out: number[] = [];
  for (const [e, members] of byEvent) {
    const slots = model.events[e].slots;
    let keep = members;
    // Drop free members, most expensive first, until the line-up can be seated.
    const order = members.filter((p) => !locked.has(p)).sort((a, b) => model.pairs.cost[b] - model.pairs.cost[a]);
    const needing = order.filter((p) => model.pairs.needsInterpreter[p]);
    const others = order.filter((p) => !model.pairs.needsInterpreter[p]);
    for (const drop of [...needing, ...others]) {
      if (assignSlots(slots, keep.map((p) => slotMember(model, p)))) break;
      keep = keep.filter((p) => p !== drop);
    }
    if (!assignSlots(slots, keep.map((p) => slotMember(model, p)))) keep = members.filter((p) => locked.has(p));
    out.push(...keep);
  }
  return out;
}

/** Binary heap of nodes: lowest value first, newest first among equals (dives before it widens). */
class NodeQueue {
  private items: Node[] = [];
  get size() {
    return this.items.length;
  }
  private less(a: Node, b: Node) {
    return a.value < b.value || (a.value === b.value && a.seq > b.seq);
  }
  push(node: Node) {
    const h = this.items;
    h.push(node);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop(): Node {
    const h = this.items;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

/** Finds an optimal matching of a built model (or reports the locks that make it infeasible). */
export function solve(model: MatchModel, options: SolveOptions = {}): MatchResult {
  return new BranchAndBound(model, options).run();
}

/**
 * One best-first branch-and-bound over the flow relaxation: the incumbent (`best`), the pairs the
 * root's reduced costs dropped and the statistics live here, shared by the node solver (`solveNode`),
 * the incumbent's bookkeeping (`offer`, `polish`) and the search loop (`run`).
 */
class BranchAndBound {
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
        if (!this.best || objective < this.best.objective - 1e-9)
          this.best = { ...node, chosen: repaired, terms, objective, feasible: true, value: -Infinity };
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
      // Reduced-cost fixing (network.ts), while the node is not proved yet.
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

/**
 * Above this many eligible pairs (a season of tens of thousands of people and thousands of
 * events) even the root flow takes too long to prove anything, so `solve` switches to a
 * heuristic: the same flow on a core of each event's and each person's cheapest pairs, repaired
 * and polished by local search on that core. The result is feasible and good, never called
 * optimal, and has no lower bound (−Infinity).
 */
export const LARGE_SEASON_PAIRS = 2_000_000;
/** Dual steps at the root and at every other node (which starts from its parent's prices). */
const ROOT_STEPS = 100;
const CHILD_STEPS = 10;
/**
 * The bundle's proximity weight t, as a share of the first Polyak step's (see `make`). On S1
 * seeds 1–60 and 2025, 0.2 takes 13 % fewer dual steps than 0.1 (1 854 vs 2 137) and 0.25–0.3
 * more again.
 */
const BUNDLE_STEP = 0.2;
/** Root flows polished (see `make`), and the share of the gap below which the bundle's promise calls for it. */
const ROOT_POLISHES = 6;
const POLISH_SHARE = 16;
const CORE_PER_SLOT = 6;
const CORE_PER_PARTICIPANT = 12;

/** Each event's cheapest candidates (CORE_PER_SLOT per slot), each person's cheapest events, and the locks. */
export function seasonCore(model: MatchModel): Uint8Array {
  const { pairs, events } = model;
  const core = new Uint8Array(pairs.count);
  const byCost = (a: number, b: number) => pairs.cost[a] - pairs.cost[b] || a - b;
  const byEvent: number[][] = events.map(() => []);
  for (let pair = 0; pair < pairs.count; pair++) byEvent[pairs.event[pair]].push(pair);
  events.forEach((event, e) => {
    const keep = CORE_PER_SLOT * event.slots.length;
    const list = byEvent[e].length > keep ? byEvent[e].sort(byCost) : byEvent[e];
    for (let i = 0; i < Math.min(keep, list.length); i++) core[list[i]] = 1;
  });
  for (let p = 0; p < model.participants.length; p++) {
    const list: number[] = [];
    for (let pair = model.pairStart[p]; pair < model.pairStart[p + 1]; pair++) list.push(pair);
    if (list.length > CORE_PER_PARTICIPANT) list.sort(byCost);
    for (let i = 0; i < Math.min(CORE_PER_PARTICIPANT, list.length); i++) core[list[i]] = 1;
  }
  for (const pair of model.locks) core[pair] = 1;
  return core;
}

function solveLargeSeason(model: MatchModel, make: (state: BranchState, steps: number) => Node | null, stats: MatchResult["stats"]): MatchResult {
  // The greedy matching's pairs join the core, so the flow on the core can only do better than it.
  const greedy = cheapestFirst(model);
  const only = seasonCore(model);
  for (const pair of greedy) only[pair] = 1;
  let chosen = greedy;
  const root = make({ excluded: new Set(), locked: [...model.locks], only }, 0);
  if (root) {
    const start = root.feasible ? root.chosen : repairToFeasible(model, root.chosen, root.locked);
    if (firstUnseatableEvent(model, start) === null && totalOf(evaluate(model, start)) < totalOf(evaluate(model, chosen))) chosen = start;
  }
  chosen = improve(model, chosen, { only });
  return explainResult(model, chosen, evaluate(model, chosen), { status: "feasible", stopReason: "large_season" }, stats, -Infinity);
}

function infeasibleResult(model: MatchModel, stats: MatchResult["stats"]): MatchResult {
  return {
    status: "infeasible",
    objective: Infinity,
    lowerBound: Infinity,
    terms: { travel: 0, load: 0, recency: 0, unfilled: 0, diversity: 0, continuity: 0 },
    assignments: [],
    unfilledSlots: [],
    notPicked: [],
    // Locks passed the upfront checks, so what fails is seating them (the interpreter rule).
    lockIssues: model.lockIssues.length > 0 ? model.lockIssues : model.locks.map((pair) => ({
      participantId: model.participants[model.pairs.participant[pair]].id,
      eventId: model.events[model.pairs.event[pair]].id,
      reasons: [{ code: "lock_slots_mismatch" as const, params: {} }],
    })),
    stats,
  };
}

/** Builds and solves in one call. */
export function match(input: MatchInput, options?: SolveOptions): MatchResult {
  return solve(build(input), options);
}

export { explainPair };
