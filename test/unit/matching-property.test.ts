/**
 * Exactness: on random small instances (seeded, deterministic) the matcher's objective equals
 * the optimum of the reference MIP solved by HiGHS, and on tiny ones the brute-force optimum.
 */
import highsLoader from "highs";
import { beforeAll, describe, expect, it } from "vitest";
import { build, solve, toLpFormat } from "~/domain/matching";
import { bruteForce, demoLikeInstance, randomInstance } from "./matching/random";

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let highs: Highs;
beforeAll(async () => {
  highs = await highsLoader();
});

const HIGHS_OPTIONS = { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-9, presolve: "on" } as const;

describe("matching is exact", () => {
  it("equals HiGHS's MIP optimum on 250 random instances, with prices and with branching alone", () => {
    let feasible = 0;
    let branched = 0;
    let branchedAlone = 0;
    let fixedSome = 0;
    let pairCount = 0;
    for (let seed = 1; seed <= 250; seed++) {
      const model = build(randomInstance(seed, { participants: 10, events: 6, slots: 4 }));
      const ours = solve(model);
      // Without dual steps the bounds are weaker and branch-and-bound does the work.
      const alone = solve(model, { priceSteps: { root: 0, child: 0 } });
      expect(alone.status, `seed ${seed}`).toBe(ours.status);
      if (ours.status !== "infeasible") expect(Math.abs(alone.objective - ours.objective), `seed ${seed}`).toBeLessThanOrEqual(1e-6);
      pairCount += model.pairs.count;
      if (ours.stats.branches > 0) branched++;
      if (alone.stats.branches > 0) branchedAlone++;
      if (ours.stats.fixed > 0) fixedSome++;
      if (model.lockIssues.length > 0) {
        expect(ours.status, `seed ${seed}`).toBe("infeasible");
        continue;
      }
      const ref = highs.solve(toLpFormat(model), HIGHS_OPTIONS);
      if (ref.Status === "Infeasible") {
        expect(ours.status, `seed ${seed}`).toBe("infeasible");
        continue;
      }
      expect(ref.Status, `seed ${seed}`).toBe("Optimal");
      expect(ours.status, `seed ${seed}`).toBe("optimal");
      expect(Math.abs(ours.objective - ref.ObjectiveValue), `seed ${seed}: ours ${ours.objective} vs HiGHS ${ref.ObjectiveValue}`).toBeLessThanOrEqual(1e-6);
      feasible++;
    }
    // The instances exercise what they should.
    expect(feasible).toBeGreaterThan(200);
    expect(branched).toBeGreaterThan(3);
    expect(branchedAlone).toBeGreaterThan(20);
    // Reduced-cost fixing took pairs out of some before their proof (22), so the comparison covers it too.
    expect(fixedSome).toBeGreaterThan(15);
    expect(pairCount / 250).toBeGreaterThan(7);
  });

  it("equals the brute-force optimum on 120 tiny instances", () => {
    let compared = 0;
    for (let seed = 1001; compared < 120 && seed < 5000; seed++) {
      const model = build(randomInstance(seed, { participants: 5, events: 3, slots: 2 }));
      if (model.pairs.count < 3 || model.pairs.count > 10) continue; // something to choose, enumeration small
      const ours = solve(model);
      const brute = bruteForce(model);
      if (brute === Infinity) expect(ours.status, `seed ${seed}`).toBe("infeasible");
      else expect(Math.abs(ours.objective - brute), `seed ${seed}: ours ${ours.objective} vs brute ${brute}`).toBeLessThanOrEqual(1e-6);
      compared++;
    }
    expect(compared).toBe(120);
  });

  it("equals HiGHS on demo-like instances: mostly typed slots, several people of one country per event", () => {
    let mixed = 0;
    let fixedSome = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const model = build(demoLikeInstance(seed, { participants: 12, events: 5 }));
      const ours = solve(model);
      if (seed <= 8) {
        // Branching alone (no prices) reaches the same optimum, only with more branches.
        const alone = solve(model, { priceSteps: { root: 0, child: 0 } });
        expect(Math.abs(alone.objective - ours.objective), `seed ${seed}: with and without prices`).toBeLessThanOrEqual(1e-6);
      }
      const ref = highs.solve(toLpFormat(model), HIGHS_OPTIONS);
      expect(ref.Status, `seed ${seed}`).toBe("Optimal");
      expect(ours.status, `seed ${seed}`).toBe("optimal");
      expect(Math.abs(ours.objective - ref.ObjectiveValue), `seed ${seed}: ours ${ours.objective} vs HiGHS ${ref.ObjectiveValue}`).toBeLessThanOrEqual(1e-6);
      // Count instances where one country's people with different offers share an event.
      const byEventCountry = new Map<string, Set<string>>();
      for (const a of ours.assignments) {
        const p = model.participants.find((x) => x.id === a.participantId)!;
        if (!p.countryOfOrigin) continue;
        const key = `${a.eventId}:${p.countryOfOrigin}`;
        byEventCountry.set(key, (byEventCountry.get(key) ?? new Set()).add(p.offers.join("+")));
      }
      if ([...byEventCountry.values()].some((s) => s.size > 1)) mixed++;
      if (ours.stats.fixed > 0) fixedSome++;
    }
    expect(mixed).toBeGreaterThan(10);
    // Reduced-cost fixing takes pairs out before the proof on these (39 of the 40 at the time of writing).
    expect(fixedSome).toBeGreaterThan(30);
  });
});
