/**
 * The objective, evaluated directly on a set of picks (participant × event pairs). This is the
 * definition every solver in this folder (flow, branch-and-bound, the reference MIP, brute
 * force, the greedy baseline) is measured against.
 *
 *   travel     = Σ travelPerMinute × minutes
 *   load       = loadWeight × Σ_p ((h_p + n_p)² − h_p²)   (h = load this season before the run, n = new picks)
 *   recency    = Σ recencyWeight × max(0, 1 − days since previous event / recencyWindowDays)
 *   unfilled   = unfilledPenalty × slots left empty
 *   diversity  = diversityPenalty × Σ_(event, country) (pairs of same-country people added: C(k0+k,2) − C(k0,2))
 *   continuity = −continuityBonus × picks in a series the participant was already part of
 */
import type { MatchModel } from "./model";
import type { ObjectiveTerms } from "./types";

/** The sum of the terms. */
export function totalOf(terms: ObjectiveTerms): number {
  return terms.travel + terms.load + terms.recency + terms.unfilled + terms.diversity + terms.continuity;
}

/** The objective terms of the given picks (pair indices; seating in slots does not change them). */
export function evaluate(model: MatchModel, picks: readonly number[]): ObjectiveTerms {
  const { pairs, policy } = model;
  let travel = 0;
  let recency = 0;
  let continuity = 0;
  const perParticipant = new Map<number, number>();
  // People added per (event, country) cell, keyed event × countries + country.
  const C = model.countries.length;
  const perCell = new Map<number, number>();
  for (let i = 0; i < picks.length; i++) {
    const pair = picks[i];
    travel += pairs.travelCost[pair];
    recency += pairs.recencyCost[pair];
    if (pairs.continuity[pair]) continuity -= policy.continuityBonus;
    const p = pairs.participant[pair];
    perParticipant.set(p, (perParticipant.get(p) ?? 0) + 1);
    const c = model.participantCountry[p];
    if (c >= 0) {
      const cell = pairs.event[pair] * C + c;
      perCell.set(cell, (perCell.get(cell) ?? 0) + 1);
    }
  }
  let load = 0;
  perParticipant.forEach((n, p) => {
    const h = model.loadBase[p];
    load += policy.loadWeight * ((h + n) ** 2 - h * h);
  });
  let diversity = 0;
  perCell.forEach((k, cell) => {
    const e = Math.floor(cell / C);
    const k0 = model.diversityBase[e].get(cell - e * C) ?? 0;
    diversity += (policy.diversityPenalty * ((k0 + k) * (k0 + k - 1) - k0 * (k0 - 1))) / 2;
  });
  const unfilled = policy.unfilledPenalty * (model.totalSlots - picks.length);
  return { travel, load, recency, unfilled, diversity, continuity };
}
