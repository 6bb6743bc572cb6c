/**
 * The incumbent polisher (improve.ts) and what a stopped search reports: local search never
 * breaks a hard constraint and never makes a matching worse, and a stopped search's lower bound
 * really is below every matching (checked against HiGHS's optimum).
 */
import highsLoader from "highs";
import { beforeAll, describe, expect, it } from "vitest";
import { build, evaluate, solve, toLpFormat, totalOf, type MatchModel } from "~/domain/matching";
import { improve } from "~/domain/matching/improve";
import { cheapestFirst } from "~/domain/matching/greedy";
import { assignSlots } from "~/domain/matching/slots";
import { slotMember } from "~/domain/matching/model";
import { demoLikeInstance, randomInstance } from "./matching/random";

let highs: Awaited<ReturnType<typeof highsLoader>>;
beforeAll(async () => {
  highs = await highsLoader();
});

/** Every hard constraint, checked directly on the picks; returns what is broken, "" if nothing. */
function broken(model: MatchModel, picks: readonly number[]): string {
  const { pairs, events, participants } = model;
  if (new Set(picks).size !== picks.length) return "a pair twice";
  for (const lock of model.locks) if (!picks.includes(lock)) return `lock ${lock} dropped`;
  const days = new Set<string>();
  const months = new Map<string, number>();
  for (const pair of picks) {
    const p = pairs.participant[pair];
    const e = pairs.event[pair];
    const day = `${p}:${model.eventDay[e]}`;
    if (days.has(day)) return `participant ${p} twice on one day`;
    days.add(day);
    const month = `${p}:${model.eventMonth[e]}`;
    const used = (months.get(month) ?? model.monthUsed[p].get(model.eventMonth[e]) ?? 0) + 1;
    if (used > participants[p].monthlyCap) return `participant ${p} over the monthly cap`;
    months.set(month, used);
  }
  for (let e = 0; e < events.length; e++) {
    const at = picks.filter((pair) => pairs.event[pair] === e);
    if (
      at.length > 0 &&
      !assignSlots(
        events[e].slots,
        at.map((pair) => slotMember(model, pair)),
      )
    )
      return `event ${e} cannot seat its line-up`;
  }
  return "";
}

const objective = (model: MatchModel, picks: readonly number[]) => totalOf(evaluate(model, picks));

describe("local search (improve)", () => {
  it("keeps every hard constraint and never makes a matching worse", () => {
    let improvedSome = 0;
    let checked = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const input = seed % 2 === 0 ? randomInstance(seed, { participants: 12, events: 6, slots: 4 }) : demoLikeInstance(seed, { participants: 12, events: 5 });
      const model = build(input);
      if (model.lockIssues.length > 0 || broken(model, model.locks) !== "") continue;
      // From the locks alone (a poor start) and from the optimum (nothing to gain, nothing to break).
      const fromLocks = improve(model, model.locks);
      expect(broken(model, fromLocks), `seed ${seed}`).toBe("");
      expect(objective(model, fromLocks)).toBeLessThanOrEqual(objective(model, model.locks) + 1e-9);
      if (objective(model, fromLocks) < objective(model, model.locks) - 1e-9) improvedSome++;

      const optimum = solve(model);
      if (optimum.status !== "optimal") continue;
      const picks = pairsOf(model, optimum);
      const polished = improve(model, picks);
      expect(broken(model, polished), `seed ${seed}`).toBe("");
      expect(Math.abs(objective(model, polished) - optimum.objective), `seed ${seed}`).toBeLessThanOrEqual(1e-6);
      checked++;
    }
    expect(improvedSome).toBeGreaterThan(50);
    expect(checked).toBeGreaterThan(50);
  });
});

describe("a stopped search", () => {
  it("returns a feasible matching and a lower bound below the true optimum", () => {
    let stopped = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const model = build(demoLikeInstance(seed, { participants: 12, events: 5 }));
      if (model.lockIssues.length > 0) continue;
      // Few dual steps and no branching: most of these stop before the proof, with the bound of a
      // dual that is not yet solved (still a lower bound).
      const result = solve(model, { maxBranches: 0, priceSteps: { root: 10, child: 10 } });
      const ref = highs.solve(toLpFormat(model), { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-9 });
      if (ref.Status !== "Optimal") continue;
      expect(result.lowerBound, `seed ${seed}`).toBeLessThanOrEqual(ref.ObjectiveValue + 1e-6);
      expect(result.objective, `seed ${seed}`).toBeGreaterThanOrEqual(ref.ObjectiveValue - 1e-6);
      if (result.status === "optimal") expect(result.lowerBound).toBe(result.objective);
      else {
        expect(result.status).toBe("feasible");
        expect(result.stopReason).toBe("branch_limit");
        stopped++;
      }
    }
    expect(stopped).toBeGreaterThan(20);
  });

  it("stops when told to, and says so", () => {
    // An instance whose proof needs branching.
    let seed = 1;
    let model = build(demoLikeInstance(seed, { participants: 12, events: 5 }));
    while (solve(model).stats.branches === 0 && seed < 40) model = build(demoLikeInstance(++seed, { participants: 12, events: 5 }));
    expect(solve(model).stats.branches).toBeGreaterThan(0);
    let asked = 0;
    const result = solve(model, { shouldStop: () => ++asked > 0 });
    expect(asked).toBeGreaterThan(0);
    expect(result.status).toBe("feasible");
    expect(result.stopReason).toBe("time");
    expect(result.stats.branches).toBe(0);
    expect(result.lowerBound).toBeLessThan(result.objective);
    expect(broken(model, pairsOf(model, result))).toBe("");
  });
});

/** The result's assignments as pair indices. */
function pairsOf(model: MatchModel, result: ReturnType<typeof solve>): number[] {
  return result.assignments.map((a) => {
    const p = model.participants.findIndex((x) => x.id === a.participantId);
    const e = model.events.findIndex((x) => x.id === a.eventId);
    for (let pair = model.pairStart[p]; pair < model.pairStart[p + 1]; pair++) if (model.pairs.event[pair] === e) return pair;
    throw new Error("assignment without an eligible pair");
  });
}

describe("a season too large to prove", () => {
  it("gets a feasible matching at least as good as the greedy one, never called optimal", () => {
    let better = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const model = build(demoLikeInstance(seed, { participants: 12, events: 5 }));
      if (model.lockIssues.length > 0) continue;
      const result = solve(model, { largeSeasonPairs: 0 });
      const picks = pairsOf(model, result);
      expect(broken(model, picks), `seed ${seed}`).toBe("");
      expect(result.status).toBe("feasible");
      expect(result.stopReason).toBe("large_season");
      expect(result.lowerBound).toBe(-Infinity);
      const greedy = cheapestFirst(model);
      expect(broken(model, greedy), `seed ${seed}: greedy`).toBe("");
      expect(result.objective).toBeLessThanOrEqual(objective(model, greedy) + 1e-6);
      expect(result.objective).toBeGreaterThanOrEqual(solve(model).objective - 1e-6);
      if (result.objective < objective(model, greedy) - 1e-6) better++;
    }
    expect(better).toBeGreaterThan(10);
  });

  it("says the locks cannot be kept exactly when the full search does, instead of failing, and otherwise seats everyone it picks", () => {
    let infeasible = 0;
    for (let seed = 1; seed <= 250; seed++) {
      const model = build(randomInstance(seed, { participants: 12, events: 6, slots: 4 }));
      if (model.lockIssues.length > 0) continue;
      // Some of these lock a person who needs an interpreter to an event no interpreter can reach.
      const large = solve(model, { largeSeasonPairs: 0 });
      const full = solve(model);
      expect(large.status === "infeasible", `seed ${seed}`).toBe(full.status === "infeasible");
      if (large.status === "infeasible") infeasible++;
      else expect(broken(model, pairsOf(model, large)), `seed ${seed}`).toBe("");
    }
    expect(infeasible).toBeGreaterThan(2);
  });
});
