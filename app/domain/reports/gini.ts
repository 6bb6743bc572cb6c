import { gini } from "~/domain/matching/gini";

/** One event a person went to (said yes to), in the month it happened ("YYYY-MM"). */
export type LoadEntry = { participantId: number; month: string };
export type MonthlyGini = { month: string; gini: number | null; people: number; events: number };

/**
 * Fairness over time: for each month, the Gini coefficient of how many events each person
 * carried. The group is everyone who went at least once in the whole period (so a person who
 * rested that month counts as 0); a month nobody went has no value (null).
 */
export function monthlyGini(entries: readonly LoadEntry[], months: readonly string[]): MonthlyGini[] {
  const people = [...new Set(entries.map((e) => e.participantId))];
  return months.map((month) => {
    const loads = new Map<number, number>(people.map((id) => [id, 0]));
    let events = 0;
    for (const e of entries) {
      if (e.month !== month) continue;
      loads.set(e.participantId, (loads.get(e.participantId) ?? 0) + 1);
      events += 1;
    }
    return { month, gini: events === 0 ? null : Math.round(gini([...loads.values()]) * 1000) / 1000, people: people.length, events };
  });
}
