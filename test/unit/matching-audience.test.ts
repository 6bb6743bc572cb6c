/**
 * Who a session is for (issue 16): a women-only event takes only women, a families event only
 * people who bring children. A hard rule of the builder, so it holds on random instances while
 * the optimum still equals HiGHS's, and every "no" it causes is explained.
 */
import highsLoader from "highs";
import { createInstance } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";

import { build, match, REASON_CODES, solve, toLpFormat, type MatchInput } from "~/domain/matching";
import { explainPair } from "~/domain/matching/eligibility";
import { matchView } from "~/domain/matching/view";
import { LOCALES } from "~/domain/vocabulary";
import { i18nConfig } from "~/i18n/config";
import { resources } from "~/i18n/resources";

import { rng } from "../../scripts/bench/lib/rng";
import { event, input, participant } from "./matching/fixtures";
import { demoLikeInstance, randomInstance } from "./matching/random";

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let highs: Highs;
beforeAll(async () => {
  highs = await highsLoader();
});

const HIGHS_OPTIONS = { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-9, presolve: "on" } as const;

/** The same random instance with random audiences, genders and children (its own seed stream). */
function withAudiences(instance: MatchInput, seed: number): MatchInput {
  const r = rng(seed * 7919 + 13);
  return {
    ...instance,
    events: instance.events.map((e) => ({ ...e, audience: r.chance(0.5) ? "everyone" : r.pick(["women", "families"] as const) })),
    participants: instance.participants.map((p) => ({ ...p, gender: r.pick(["female", "female", "male", "other", null]), bringsChildren: r.chance(0.4) })),
  };
}

/** Picks that break the audience rule, checked against the input itself (not the builder's tables). */
function audienceBreaches(instance: MatchInput, assignments: { eventId: number; participantId: number }[]): string[] {
  const events = new Map(instance.events.map((e) => [e.id, e]));
  const people = new Map(instance.participants.map((p) => [p.id, p]));
  const bad: string[] = [];
  for (const a of assignments) {
    const e = events.get(a.eventId)!;
    const p = people.get(a.participantId)!;
    if (e.audience === "women" && p.gender !== "female") bad.push(`${p.gender ?? "no gender"} #${p.id} at women-only #${e.id}`);
    if (e.audience === "families" && !p.bringsChildren) bad.push(`#${p.id} without children at families #${e.id}`);
  }
  return bad;
}

describe("audience as a hard rule on random instances", () => {
  it("never picks a man for a women-only event nor anyone without children for a families event, and still equals HiGHS", () => {
    let compared = 0;
    let restricted = 0;
    let ruledOut = 0;
    for (let seed = 1; seed <= 160; seed++) {
      const instance = withAudiences(
        seed % 4 === 0 ? demoLikeInstance(seed, { participants: 12, events: 5 }) : randomInstance(seed, { participants: 10, events: 6, slots: 4 }),
        seed,
      );
      const model = build(instance);
      const ours = solve(model);
      expect(audienceBreaches(instance, ours.assignments), `seed ${seed}`).toEqual([]);
      restricted += ours.assignments.filter((a) => instance.events.find((e) => e.id === a.eventId)!.audience !== "everyone").length;
      for (let p = 0; p < model.participants.length; p++)
        for (let e = 0; e < model.events.length; e++) {
          const reasons = explainPair(model, p, e).map((r) => r.code);
          if (reasons.includes("women_only") || reasons.includes("families_only")) ruledOut++;
        }
      if (model.lockIssues.length > 0) continue;
      const ref = highs.solve(toLpFormat(model), HIGHS_OPTIONS);
      if (ref.Status === "Infeasible") {
        expect(ours.status, `seed ${seed}`).toBe("infeasible");
        continue;
      }
      expect(ref.Status, `seed ${seed}`).toBe("Optimal");
      expect(ours.status, `seed ${seed}`).toBe("optimal");
      expect(Math.abs(ours.objective - ref.ObjectiveValue), `seed ${seed}: ours ${ours.objective} vs HiGHS ${ref.ObjectiveValue}`).toBeLessThanOrEqual(1e-6);
      compared++;
    }
    // The instances exercise what they should: most compared, people placed at restricted events, many pairs ruled out.
    expect(compared).toBeGreaterThan(120);
    expect(restricted).toBeGreaterThan(50);
    expect(ruledOut).toBeGreaterThan(300);
  });
});

describe("audience in the explanations", () => {
  const woman = participant(1, { gender: "female" });
  const man = participant(2, { gender: "male" });
  const unsaid = participant(3, { gender: null });
  const mother = participant(4, { gender: "female", bringsChildren: true });
  const father = participant(5, { gender: "male", bringsChildren: true });

  it("a women-only event's empty place says men and people who did not give a gender are ruled out as women-only", () => {
    const result = match(
      input({
        events: [
          event(1, {
            audience: "women",
            slots: [
              { id: 11, offer: null },
              { id: 12, offer: null },
            ],
          }),
        ],
        participants: [man, unsaid],
      }),
    );
    expect(result.assignments).toEqual([]);
    expect(result.unfilledSlots.map((u) => u.reasons)).toEqual([
      [
        { code: "no_eligible_participant", params: {} },
        { code: "women_only", params: { participants: 2 } },
      ],
      [
        { code: "no_eligible_participant", params: {} },
        { code: "women_only", params: { participants: 2 } },
      ],
    ]);
    // Each man, not picked anywhere, is told why: the only event is women-only.
    expect(result.notPicked).toEqual([
      { participantId: 2, reasons: [{ code: "women_only", params: { events: 1 } }] },
      { participantId: 3, reasons: [{ code: "women_only", params: { events: 1 } }] },
    ]);
  });

  it("a women-only event takes the woman; a families event takes those who bring children, whatever their gender", () => {
    const result = match(
      input({
        events: [event(1, { audience: "women" }), event(2, { audience: "families", localDate: "2025-05-11" }), event(3, { localDate: "2025-05-12" })],
        participants: [woman, man, mother, father],
      }),
    );
    const at = (id: number) => result.assignments.filter((a) => a.eventId === id).map((a) => a.participantId);
    expect([woman.id, mother.id]).toContain(at(1)[0]);
    expect([mother.id, father.id]).toContain(at(2)[0]);
    expect(at(3)).toHaveLength(1);
  });

  it("explainPair names the audience first, before other hard rules, and only when it applies", () => {
    const model = build(
      input({
        events: [event(1, { audience: "women", languages: ["ar"] }), event(2, { audience: "families" }), event(3, { audience: "everyone" })],
        participants: [man, woman, mother],
      }),
    );
    expect(explainPair(model, 0, 0).map((r) => r.code)).toEqual(["women_only", "no_shared_language"]);
    expect(explainPair(model, 1, 0).map((r) => r.code)).toEqual(["no_shared_language"]);
    expect(explainPair(model, 0, 1)).toEqual([{ code: "families_only", params: {} }]);
    expect(explainPair(model, 1, 1)).toEqual([{ code: "families_only", params: {} }]);
    expect(explainPair(model, 2, 1)).toEqual([]);
    for (let p = 0; p < 3; p++) expect(explainPair(model, p, 2)).toEqual([]);
    // The builder counts the first reason per pair: the man at the women-only Arabic event counts as women-only.
    const firstReasonsAtEvent0 = (code: (typeof REASON_CODES)[number]) => model.eventReasonCounts[REASON_CODES.indexOf(code)];
    expect(firstReasonsAtEvent0("women_only")).toBe(1);
    expect(firstReasonsAtEvent0("no_shared_language")).toBe(2);
  });

  it("a lock on a man at a women-only event cannot be honoured, and says why", () => {
    const result = match(input({ events: [event(1, { audience: "women" })], participants: [man, woman], locks: [{ participantId: 2, eventId: 1 }] }));
    expect(result.status).toBe("infeasible");
    expect(result.lockIssues).toEqual([{ participantId: 2, eventId: 1, reasons: [{ code: "women_only", params: {} }] }]);
  });
});

describe("audience on the matching page", () => {
  it("says at each restricted event how many people in the run its rule keeps out, and nothing at other events", () => {
    const people = [
      participant(1, { gender: "female" }),
      participant(2, { gender: "male" }),
      participant(3, { gender: null, bringsChildren: true }),
      participant(4, { gender: "female", bringsChildren: true }),
    ];
    const matchInput = input({
      events: [event(1, { audience: "women" }), event(2, { audience: "families", localDate: "2025-05-11" }), event(3, { localDate: "2025-05-12" })],
      participants: people,
    });
    const view = matchView({ input: matchInput, result: match(matchInput), titles: new Map(), compareNames: (a, b) => a.localeCompare(b) });
    expect(view.events.map((e) => e.audience)).toEqual([{ code: "women_only", ruledOut: 2 }, { code: "families_only", ruledOut: 2 }, null]);
  });

  it.each(LOCALES)("%s: the note is words, in every plural form", async (locale) => {
    const i18n = createInstance();
    await i18n.init({ ...i18nConfig, supportedLngs: [...i18nConfig.supportedLngs], lng: locale, resources });
    for (const code of ["women_only", "families_only"])
      for (const count of [1, 2, 5, 21]) {
        const text = i18n.t(`audience.ruledOut.${code}`, { count });
        expect(text).toContain(String(count));
        expect(text).not.toMatch(/audience\.|\{\{/);
      }
  });
});
