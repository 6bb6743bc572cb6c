/**
 * The baseline a coordinator would do by hand: events in date order, each slot (typed first)
 * to the first eligible participant in list order who is still free that day and under the
 * monthly cap. Only people sharing a language are placed (no interpreter juggling).
 */
import type { MatchModel } from "~/domain/matching";
import { fitsSlot } from "~/domain/matching/slots";

/** Pair indices picked by first-fit. */
export function greedyPicks(model: MatchModel): number[] {
  const { pairs, events, participants } = model;
  const pairsAt: number[][] = events.map(() => []);
  for (let pair = 0; pair < pairs.count; pair++) if (!pairs.needsInterpreter[pair]) pairsAt[pairs.event[pair]].push(pair);
  const order = events.map((_, e) => e).sort((a, b) => model.eventDay[a] - model.eventDay[b] || a - b);
  const dayTaken = new Set<number>();
  const monthCount = new Map<number, number>();
  const picks: number[] = [];
  for (const e of order) {
    const slots = [...events[e].slots].sort((a, b) => Number(a.offer === null) - Number(b.offer === null));
    const here = new Set<number>();
    for (const slot of slots) {
      for (const pair of pairsAt[e]) {
        const p = pairs.participant[pair];
        const dk = p * 100_000 + model.eventDay[e];
        const mk = p * 100_000 + model.eventMonth[e];
        const used = monthCount.get(mk) ?? model.monthUsed[p].get(model.eventMonth[e]) ?? 0;
        if (here.has(p) || dayTaken.has(dk) || used >= participants[p].monthlyCap) continue;
        if (!fitsSlot(slot, { offers: participants[p].offers, needsInterpreter: false })) continue;
        here.add(p);
        dayTaken.add(dk);
        monthCount.set(mk, used + 1);
        picks.push(pair);
        break;
      }
    }
  }
  return picks;
}
