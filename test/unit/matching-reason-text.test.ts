import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";

import { reasonText } from "~/components/MatchReasons";
import { match, PAIR_REASON_CODES, REASON_CODES, type Reason } from "~/domain/matching";
import { LOCALES } from "~/domain/vocabulary";
import { i18nConfig } from "~/i18n/config";
import { resources } from "~/i18n/resources";

import { demoLikeInstance, randomInstance } from "./matching/random";

/** Every reason the matcher gives on a spread of instances: picks, empty places, people not picked. */
function reasonsFromTheMatcher(): Reason[] {
  const reasons: Reason[] = [];
  for (let seed = 1; seed <= 40; seed++) {
    const input = seed % 2 ? randomInstance(seed, { participants: 10, events: 6, slots: 4 }) : demoLikeInstance(seed, { participants: 12, events: 5 });
    const result = match(input);
    for (const a of result.assignments) reasons.push(...a.reasons);
    for (const u of result.unfilledSlots) reasons.push(...u.reasons);
    for (const n of result.notPicked) reasons.push(...n.reasons);
    for (const l of result.lockIssues) reasons.push(...l.reasons);
  }
  return reasons;
}

/** One example per code in the shape the matcher builds it, for the codes random instances rarely reach. */
const EXAMPLES: Record<(typeof REASON_CODES)[number], Record<string, string | number>> = {
  locked: {},
  shares_language: { languages: "et, uk" },
  needs_interpreter: { languages: "ar" },
  travel: { minutes: 95, ferry: 1 },
  nth_event_this_month: { n: 2 },
  nth_event_this_season: { n: 3 },
  last_event_days_ago: { days: 12 },
  brings_offer: { offer: "crafts" },
  series_continuity: {},
  excluded: {},
  women_only: {},
  families_only: {},
  paused: { until: "2027-01-15" },
  not_available_that_day: { date: "2027-01-16", weekday: 6 },
  not_available_that_time: { timeOfDay: "evening" },
  day_taken: { date: "2027-01-16" },
  over_monthly_cap: { month: "2027-01", cap: 2 },
  unreachable: {},
  too_far: { minutes: 196, limit: 120, ferry: 1 },
  cannot_get_home: { ferry: 1, arrival: 1390, latestArrival: 1380, lastDeparture: 1200 },
  no_shared_language: { event: "et, ru", participant: "ar, fa" },
  no_matching_offer: { offers: "crafts, music" },
  others_fit_better: { events: 3 },
  eligible_used_elsewhere: { participants: 4 },
  no_eligible_participant: {},
  lock_same_day: { date: "2027-01-16" },
  lock_over_monthly_cap: { month: "2027-01", cap: 2 },
  lock_event_full: { slots: 3 },
  lock_slots_mismatch: {},
  lock_unknown: {},
};

describe("reasons in words", () => {
  const fromMatcher = reasonsFromTheMatcher();

  it("the matcher's own reasons include the counted shapes the page shows", () => {
    // Without these, the test below would not see the shapes that once showed raw {{placeholders}}.
    expect(fromMatcher.some((r) => typeof r.params.events === "number" && r.code !== "others_fit_better")).toBe(true);
    expect(fromMatcher.some((r) => typeof r.params.participants === "number")).toBe(true);
  });

  it.each(LOCALES)("%s: every reason code, alone and counted over participants or events, without a placeholder or a key", async (locale) => {
    const i18n = createInstance();
    await i18n.init({ ...i18nConfig, supportedLngs: [...i18nConfig.supportedLngs], lng: locale, resources });
    const t = i18n.getFixedT(locale) as (key: string, options?: Record<string, unknown>) => string;
    const examples: Reason[] = [
      ...REASON_CODES.map((code) => ({ code, params: EXAMPLES[code] })),
      { code: "no_matching_offer", params: { offer: "food" } },
      // Pair reasons are also counted: over participants (an empty place), over events (someone not picked).
      ...PAIR_REASON_CODES.flatMap((code) =>
        [1, 2, 5].flatMap((n): Reason[] => [
          { code, params: { participants: n } },
          { code, params: { events: n } },
        ]),
      ),
      ...fromMatcher,
    ];
    const bad = examples
      .map((reason) => ({ reason, text: reasonText(reason, t, locale) }))
      .filter(({ text }) => text.includes("{{") || text.includes("matching.") || text.trim() === "");
    expect(bad.map(({ reason, text }) => `${reason.code} ${JSON.stringify(reason.params)} → ${text}`)).toEqual([]);
  });
});
