/**
 * Branching: what a node of the search requires (`BranchState`), a solved node (`Node`), and how
 * a node that is not solved splits into two children. Every split is a partition, so the search
 * stays exhaustive.
 */
import { firstUnseatableEvent } from "./feasibility";
import type { MatchModel } from "./model";
import type { InterpreterRow, MixedGroup } from "./relaxation";
import type { ObjectiveTerms } from "./types";

/** What a node of the search requires: its exclusions, locks, part bounds, interpreting slots, and the prices it starts from. */
export type BranchState = {
  /** Pairs this node forbids. */
  excluded: Set<number>;
  /** When set, only these pairs (1 = in) are candidates: a restricted problem, see largeSeason.ts. */
  only?: Uint8Array;
  /** Pairs this node requires (the coordinator's locks plus branching decisions). */
  locked: number[];
  /** Bounds on how many free people of a profile part (`partKey`) are at its event. */
  partCount?: Map<string, PartBound>;
  /** Events at which an interpreting slot must be filled. */
  interpreted?: Set<number>;
  /** Lagrangian prices: μ of mixed groups' head counts (`groupKey`), λ of interpreter rows (`interpreterKey`); see branchAndBound.ts. */
  prices?: Map<string, number>;
};

/** A (typed event, country, profile) part, the unit of `partCount` bounds. */
function partKey(e: number, c: number, mask: number): string {
  return `${e}:${c}:${mask}`;
}

/** Bounds on one part's free head count; the part is named by its fields, the key only finds it. */
export type PartBound = { e: number; c: number; mask: number; min: number; max: number };

/** A solved node: its constraints, its flow (`chosen`) and what the flow says. */
export type Node = BranchState & {
  chosen: number[];
  /** Lower bound for the node. */
  value: number;
  /** True objective of `chosen`. */
  objective: number;
  terms: ObjectiveTerms;
  feasible: boolean;
  /** The mixed groups and interpreter rows of the node's flow at its prices (relaxation.ts). */
  mixed: MixedGroup[];
  interpreter: InterpreterRow[];
  seq: number;
};

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
  for (let pair = 0; pair < model.pairs.count; pair++) if (model.pairs.event[pair] === event && model.pairs.needsInterpreter[pair]) needing.push(pair);
  return childrenOf(node, [(state) => needing.forEach((pair) => state.excluded.add(pair)), (state) => state.interpreted!.add(event)]);
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
export function childrenToSplit(model: MatchModel, node: Node): BranchState[] {
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
