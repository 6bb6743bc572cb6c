/**
 * The large-season heuristic (see `LARGE_SEASON_PAIRS`): the flow on a core of cheap pairs,
 * repaired and polished by local search. Feasible and good, never called optimal.
 */
import type { BranchState, Node } from "./branching";
import { explainResult, infeasibleResult } from "./explain";
import { firstUnseatableEvent, repairToFeasible } from "./feasibility";
import { cheapestFirst } from "./greedy";
import { improve } from "./improve";
import type { MatchModel } from "./model";
import { evaluate, totalOf } from "./objective";
import type { MatchResult } from "./types";

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
function seasonCore(model: MatchModel): Uint8Array {
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

/** Solves a season too large to prove anything on; `solveNode` solves one node of the relaxation (`BranchAndBound.solveNode`). */
export function solveLargeSeason(model: MatchModel, solveNode: (state: BranchState, steps: number) => Node | null, stats: MatchResult["stats"]): MatchResult {
  // The greedy matching's pairs join the core, so the flow on the core can only do better than it.
  const greedy = cheapestFirst(model);
  const only = seasonCore(model);
  for (const pair of greedy) only[pair] = 1;
  // Locked people the greedy could not seat (no interpreter it could find): every candidate of
  // their event joins the core, so the flow looks for one among all of them.
  const unseated = firstUnseatableEvent(model, greedy);
  if (unseated) for (let pair = 0; pair < model.pairs.count; pair++) if (model.pairs.event[pair] === unseated.event) only[pair] = 1;
  let chosen = unseated ? null : greedy;
  const root = solveNode({ excluded: new Set(), locked: [...model.locks], only }, 0);
  if (root) {
    const start = root.feasible ? root.chosen : repairToFeasible(model, root.chosen, root.locked);
    if (firstUnseatableEvent(model, start) === null && (chosen === null || totalOf(evaluate(model, start)) < totalOf(evaluate(model, chosen)))) chosen = start;
  }
  // The locks cannot be kept (as the search says of a smaller season): no matching to offer.
  if (chosen === null) return infeasibleResult(model, stats);
  chosen = improve(model, chosen, { only });
  return explainResult(model, chosen, evaluate(model, chosen), { status: "feasible", stopReason: "large_season" }, stats, -Infinity);
}
