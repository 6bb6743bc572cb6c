/**
 * Exact solving: the flow relaxation (network.ts), typed slots priced in (typed.ts), and a
 * best-first branch-and-bound for whatever pricing cannot certify.
 *
 * The relaxation seats people in slots they fit (per-type nodes) but undercounts diversity
 * between one country's people of different profiles at a typed event; see network.ts.
 * Earlier it dropped which slot each person takes, and the pricing below still handles what
 * is left of that (locks, the interpreter rule). Pricing usually turns its
 * optimum into a seatable one with a certificate (Lagrangian bound = value). When it cannot (the
 * interpreter rule, or a priced group ends below its cap), we keep the node's value as an
 * incumbent when it is feasible and branch on one event's line-up C:
 *
 * - Typed slots (a Hall violation): a group G of the chosen people who can only use `cap` of
 *   the event's slots, |G| > cap. Any valid line-up leaves out at least one of any cap+1 of
 *   them, so the children are "exclude g1", "lock g1, exclude g2", … (a partition).
 * - Diversity across profiles (network.ts splits a country's candidates at a typed event by
 *   profile, so the pairs between parts are not charged): on one part P with t people there,
 *   children "at most t − 1 of P" and "at least t of P" (part-count bounds; the relaxation
 *   charges the pairs those bounds imply, exactly once every part's count is pinned).
 * - Otherwise: a valid line-up either leaves out a member of C or has everyone in C and more:
 *   children "exclude c1", "lock c1, exclude c2", …, "lock all of C and at least |C|+1 there".
 *
 * Nodes are queued by their lower bound; the search ends when the best bound reaches the best
 * feasible value (so the incumbent is optimal), or at a node whose bound equals its own feasible value.
 */
import { build, explainPair, slotMember, type MatchModel } from "./build";
import { explainResult } from "./explain";
import { diversityShortfall, pairMask, partKey, shortfallByGroup, solveRelaxation, type BranchState } from "./network";
import { priceTypedSlots } from "./typed";
import { improve } from "./improve";
import { cheapestFirst } from "./greedy";
import { evaluate, totalOf } from "./objective";
import { assignSlots, findHallViolation } from "./slots";
import type { MatchInput, MatchResult, ObjectiveTerms } from "./types";

export type SolveOptions = {
  /** Stop after expanding this many branch-and-bound nodes (status "node_limit"); default 100 000. */
  maxBranches?: number;
  /** Asked before each branching; true stops the proof (status "node_limit", best matching polished). The caller owns the clock. */
  shouldStop?: () => boolean;
  /** Above this many eligible pairs, the large-season heuristic runs instead (default LARGE_SEASON_PAIRS; tests lower it). */
  largeSeasonPairs?: number;
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
  seq: number;
};

/** Events (index → chosen pairs) whose people cannot be seated, first one only. */
function firstUnseatableEvent(model: MatchModel, chosen: number[]): { event: number; members: number[] } | null {
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
    const simple = slots.every((s) => s.offer === null) && !members.some((p) => model.pairs.needsInterpreter[p]);
    if (simple && members.length <= slots.length) continue;
    if (!assignSlots(slots, members.map((p) => slotMember(model, p)))) return { event: e, members };
  }
  return null;
}

/** Events whose line-up the branching should split, for a feasible but uncertified node: the first with people. */
function firstEventWithPeople(model: MatchModel, chosen: number[], node: BranchState): { event: number; members: number[] } | null {
  const byEvent = new Map<number, number[]>();
  for (const pair of chosen) {
    const e = model.pairs.event[pair];
    byEvent.set(e, [...(byEvent.get(e) ?? []), pair]);
  }
  // Events whose line-up is not fixed yet; typed ones first (that is where pricing acts).
  const open = model.events
    .map((_, e) => e)
    .filter((e) => !node.eventMax?.has(e) && model.events[e].slots.length > 0)
    .sort((a, b) => Number(model.events[b].slots.some((s) => s.offer !== null)) - Number(model.events[a].slots.some((s) => s.offer !== null)) || a - b);
  return open.length > 0 ? { event: open[0], members: byEvent.get(open[0]) ?? [] } : null;
}

/**
 * Where the relaxation undercounts diversity (network.ts: one country's people of different
 * profiles at a typed event), a two-way split on the count t of one profile part P there:
 * "at most t − 1 of P" or "at least t of P". The second child charges the other parts the pairs
 * with those t (linearised at the bound), so once every part's count is pinned the relaxation's
 * diversity is exact. Fallback (not expected): split on the chosen people themselves.
 */
function mixedCountryChildren(model: MatchModel, node: Node): BranchState[] | null {
  const groups = new Map<string, number[]>();
  for (const pair of node.chosen) {
    const c = model.participantCountry[model.pairs.participant[pair]];
    if (c < 0) continue;
    const key = `${model.pairs.event[pair]}:${c}`;
    groups.set(key, [...(groups.get(key) ?? []), pair]);
  }
  const child = (exclude: number[], lock: number[], part?: { key: string; min: number; max: number }): BranchState => {
    const partCount = new Map(node.partCount ?? []);
    if (part) partCount.set(part.key, { min: part.min, max: part.max });
    return {
      excluded: new Set([...node.excluded, ...exclude]),
      locked: [...node.locked, ...lock],
      eventMin: new Map(node.eventMin),
      eventMax: new Map(node.eventMax ?? []),
      partCount,
    };
  };
  // The (event, country) with the largest gap first: its split moves the bound most.
  const gaps = shortfallByGroup(model, node.chosen, node.locked, node.partCount);
  const ranked = [...gaps].sort((x, y) => y[1] - x[1]).map(([key]) => groups.get(key)!);
  for (const members of ranked) {
    const e = model.pairs.event[members[0]];
    const c = model.participantCountry[model.pairs.participant[members[0]]];
    const count = new Map<number, number>();
    for (const pair of members) {
      const mask = pairMask(model, pair);
      count.set(mask, (count.get(mask) ?? 0) + 1);
    }
    // A part whose count is not yet pinned from below; the smallest first (likeliest to shrink).
    const open = [...count]
      .map(([mask, t]) => ({ key: partKey(e, c, mask), t, bound: node.partCount?.get(partKey(e, c, mask)) ?? { min: 0, max: Infinity } }))
      .filter((p) => p.bound.min < p.t)
      .sort((x, y) => x.t - y.t);
    if (open.length === 0) {
      const locked = new Set(node.locked);
      const free = members.filter((p) => !locked.has(p));
      const children = free.map((m, i) => child([m], free.slice(0, i)));
      children.push(child([], free));
      return children;
    }
    const { key, t, bound } = open[0];
    return [child([], [], { key, min: bound.min, max: t - 1 }), child([], [], { key, min: t, max: bound.max })];
  }
  return null;
}

/**
 * Children of a node on event `event`'s line-up `members`: a partition of the node's solutions
 * (for a seatable line-up, "exactly this line-up here" is one more child: its other events differ).
 */
function branch(model: MatchModel, node: Node, event: number, members: number[], seatable: boolean): BranchState[] {
  const locked = new Set(node.locked);
  const slots = model.events[event].slots;
  const hall = seatable ? null : findHallViolation(slots, members.map((p) => slotMember(model, p)));
  const children: BranchState[] = [];
  const child = (exclude: number[], lock: number[], min?: number, max?: number): BranchState => {
    const eventMin = new Map(node.eventMin);
    if (min !== undefined) eventMin.set(event, Math.max(min, eventMin.get(event) ?? 0));
    const eventMax = new Map(node.eventMax ?? []);
    if (max !== undefined) eventMax.set(event, max);
    return { excluded: new Set([...node.excluded, ...exclude]), locked: [...node.locked, ...lock], eventMin, eventMax, partCount: node.partCount };
  };
  if (hall) {
    const group = hall.group.map((i) => members[i]);
    const free = group.filter((p) => !locked.has(p));
    const need = hall.cap - (group.length - free.length) + 1;
    for (let i = 0; i < need; i++) children.push(child([free[i]], free.slice(0, i)));
    return children; // need ≤ 0: the locked people alone break the slots, so no child
  }
  const free = members.filter((p) => !locked.has(p));
  for (let i = 0; i < free.length; i++) children.push(child([free[i]], free.slice(0, i)));
  if (members.length < slots.length) children.push(child([], free, members.length + 1));
  if (seatable) children.push(child([], free, undefined, members.length));
  return children;
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
      // Prefer dropping someone whose removal lets the rest be seated.
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
  const maxBranches = options.maxBranches ?? 100_000;
  const stats = { nodes: 0, arcs: 0, augmentations: 0, branches: 0 };
  if (model.lockIssues.length > 0) return infeasibleResult(model, stats);

  let seq = 0;
  const make = (state: BranchState): Node | null => {
    const relaxation = solveRelaxation(model, state);
    if (!relaxation) return null;
    stats.augmentations += relaxation.augmentations;
    stats.nodes = Math.max(stats.nodes, relaxation.nodes);
    stats.arcs = Math.max(stats.arcs, relaxation.arcs);
    // The flow cost is the true objective minus the diversity the split ladders undercount.
    const relaxedValue =
      totalOf(evaluate(model, relaxation.chosen)) - diversityShortfall(model, relaxation.chosen, relaxation.locked, state.partCount);
    const priced = priceTypedSlots(model, relaxation);
    if (priced.infeasible) return null; // the locked people alone break an event's slots
    const chosen = priced.chosen;
    const terms = evaluate(model, chosen);
    const objective = totalOf(terms);
    const shortfall = diversityShortfall(model, chosen, relaxation.locked, state.partCount);
    const feasible = firstUnseatableEvent(model, chosen) === null;
    const bound = priced.boundValid ? Math.max(relaxedValue, objective - shortfall + priced.penalty) : relaxedValue;
    // A certified, seatable node whose flow cost is its true cost is solved: its bound is its value.
    const value = priced.certified && feasible && shortfall === 0 ? objective : bound;
    options.onNode?.({ state, bound: value, objective, feasible });
    return { ...state, chosen, terms, objective, feasible, value, seq: seq++ };
  };
  if (model.pairs.count > (options.largeSeasonPairs ?? LARGE_SEASON_PAIRS)) return solveLargeSeason(model, make, stats);
  const root = make({ excluded: new Set(), locked: [...model.locks], eventMin: new Map() });
  if (!root) return infeasibleResult(model, stats);

  const queue = new NodeQueue();
  queue.push(root);
  let best: Node | null = null;
  const offer = (node: Node) => {
    if (node.feasible && (!best || node.objective < best.objective)) best = node;
    if (!node.feasible) {
      const repaired = repairToFeasible(model, node.chosen, node.locked);
      if (firstUnseatableEvent(model, repaired) === null) {
        const terms = evaluate(model, repaired);
        const objective = totalOf(terms);
        if (!best || objective < best.objective - 1e-9)
          best = { ...node, chosen: repaired, terms, objective, feasible: true, value: -Infinity };
      }
    }
  };
  /** Local search on the incumbent (improve.ts): prunes more, and is what a stopped search returns. */
  const polish = () => {
    if (!best) return;
    // Not cut short by `shouldStop`: a few cheap passes decide much of what a stopped search returns.
    const chosen = improve(model, best.chosen);
    const terms = evaluate(model, chosen);
    const objective = totalOf(terms);
    if (objective < best.objective - 1e-9) best = { ...best, chosen, terms, objective, feasible: true, value: -Infinity };
  };
  offer(root);
  // Proving needs a search only when the root is not solved already.
  if (!(root.feasible && root.value >= root.objective - 1e-9)) polish();
  let limited = false;
  let lowerBound = root.value;
  while (queue.size > 0) {
    const node = queue.pop();
    // Best-first: no open node has a lower bound than this one.
    lowerBound = node.value;
    if (best && node.value >= (best as Node).objective - 1e-9 * Math.max(1, Math.abs((best as Node).objective))) break;
    if (node.feasible && node.value >= node.objective - 1e-9) {
      best = node;
      break;
    }
    if (stats.branches >= maxBranches || options.shouldStop?.()) {
      limited = true;
      break;
    }
    const unseatable = firstUnseatableEvent(model, node.chosen);
    const mixed = unseatable ? null : mixedCountryChildren(model, node);
    const bad = unseatable ?? firstEventWithPeople(model, node.chosen, node);
    if (!mixed && !bad) continue;
    stats.branches++;
    const children = mixed ?? branch(model, node, bad!.event, bad!.members, unseatable === null);
    for (const state of children) {
      // Out of time half-way through a branching: the unsolved children are still covered by
      // this node's bound, which is the lowest open one.
      if (options.shouldStop?.()) {
        limited = true;
        break;
      }
      const child = make(state);
      if (!child) continue;
      offer(child);
      queue.push(child);
    }
    if (limited) break;
  }
  if (limited) polish();
  const winner = best as Node | null;
  if (winner) {
    const bound = limited ? Math.min(lowerBound, winner.objective) : winner.objective;
    return explainResult(model, winner.chosen, winner.terms, limited ? "node_limit" : "optimal", stats, bound);
  }
  if (limited && !firstUnseatableEvent(model, model.locks))
    return explainResult(model, [...model.locks], evaluate(model, model.locks), "node_limit", stats, lowerBound);
  return infeasibleResult(model, stats);
}

/**
 * Above this many eligible pairs (a season of tens of thousands of people and thousands of
 * events) even the root flow takes too long to prove anything, so `solve` switches to a
 * heuristic: the same flow on a core of each event's and each person's cheapest pairs, repaired
 * and polished by local search on that core. The result is feasible and good, never called
 * optimal, and has no lower bound (−Infinity).
 */
export const LARGE_SEASON_PAIRS = 2_000_000;
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

function solveLargeSeason(model: MatchModel, make: (state: BranchState) => Node | null, stats: MatchResult["stats"]): MatchResult {
  // The greedy matching's pairs join the core, so the flow on the core can only do better than it.
  const greedy = cheapestFirst(model);
  const only = seasonCore(model);
  for (const pair of greedy) only[pair] = 1;
  let chosen = greedy;
  const root = make({ excluded: new Set(), locked: [...model.locks], eventMin: new Map(), only });
  if (root) {
    const start = root.feasible ? root.chosen : repairToFeasible(model, root.chosen, root.locked);
    if (firstUnseatableEvent(model, start) === null && totalOf(evaluate(model, start)) < totalOf(evaluate(model, chosen))) chosen = start;
  }
  chosen = improve(model, chosen, { only });
  return explainResult(model, chosen, evaluate(model, chosen), "node_limit", stats, -Infinity);
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
