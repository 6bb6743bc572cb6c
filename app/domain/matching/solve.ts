/**
 * Exact solving: the flow relaxation (network.ts, relaxation.ts) priced by Lagrangian
 * multipliers, and a best-first branch-and-bound on what the network cannot say.
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
 *
 * The search is `BranchAndBound` (branchAndBound.ts); how a node splits is branching.ts; seasons
 * too large to prove anything on go to largeSeason.ts.
 */
import { BranchAndBound } from "./branchAndBound";
import type { BranchState } from "./branching";
import { build } from "./build";
import type { MatchModel } from "./model";
import type { MatchInput, MatchResult } from "./types";

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

/** Finds an optimal matching of a built model (or reports the locks that make it infeasible). */
export function solve(model: MatchModel, options: SolveOptions = {}): MatchResult {
  return new BranchAndBound(model, options).run();
}

/** Builds and solves in one call. */
export function match(input: MatchInput, options?: SolveOptions): MatchResult {
  return solve(build(input), options);
}
