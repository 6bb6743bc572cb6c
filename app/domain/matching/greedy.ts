/**
 * A fast feasible matching for seasons too large to prove anything on (see largeSeason.ts):
 * events in date order, each place (typed ones first) to the eligible person whose pick
 * costs least right now — their pair cost plus the rise in their load and in the event's
 * same-country pairs. Locks come first, with the cheapest person who lets them be seated when a
 * locked person needs an interpreter. Other people who would need one are left out, so every
 * line-up it builds can be seated, unless its locks cannot be (then largeSeason.ts looks further).
 */
import { slotMember, type MatchModel } from "./model";
import { assignSlots, fitsSlot } from "./slots";

/** Pair indices of a matching, locks included: feasible unless the locks' line-ups cannot be seated. */
export function cheapestFirst(model: MatchModel): number[] {
  const { pairs, events, participants, policy } = model;
  const pairsAt: number[][] = events.map(() => []);
  for (let pair = 0; pair < pairs.count; pair++) if (!pairs.needsInterpreter[pair]) pairsAt[pairs.event[pair]].push(pair);
  const dayTaken = new Set<number>();
  const monthCount = new Map<number, number>();
  const load = Int32Array.from(model.loadBase);
  const picks: number[] = [];
  const members: number[][] = events.map(() => []);
  const take = (pair: number) => {
    const p = pairs.participant[pair];
    const e = pairs.event[pair];
    dayTaken.add(p * 100_000 + model.eventDay[e]);
    const mk = p * 100_000 + model.eventMonth[e];
    monthCount.set(mk, (monthCount.get(mk) ?? model.monthUsed[p].get(model.eventMonth[e]) ?? 0) + 1);
    load[p]++;
    members[e].push(pair);
    picks.push(pair);
  };
  for (const pair of model.locks) take(pair);

  const order = events.map((_, e) => e).sort((a, b) => model.eventDay[a] - model.eventDay[b] || a - b);
  // The few cheapest free candidates per event, by everything but diversity (which the picks
  // change); a handful more than the free places is plenty to choose a mixed group from.
  const shortlist: number[] = [];
  const shortCost: number[] = [];
  /** Whether this person may still go to event e (one event a day, their monthly cap). */
  const available = (pair: number, e: number) => {
    const p = pairs.participant[pair];
    if (dayTaken.has(p * 100_000 + model.eventDay[e])) return false;
    const used = monthCount.get(p * 100_000 + model.eventMonth[e]) ?? model.monthUsed[p].get(model.eventMonth[e]) ?? 0;
    return used < participants[p].monthlyCap;
  };
  const seatable = (e: number, line: number[]) =>
    assignSlots(
      events[e].slots,
      line.map((x) => slotMember(model, x)),
    );
  for (const e of order) {
    // Locked people who cannot be seated alone (someone needs an interpreter): first the cheapest
    // person with whom they can, so that every line-up built here can be seated.
    if (members[e].length > 0 && !seatable(e, members[e])) {
      let helper = -1;
      for (const pair of pairsAt[e])
        if (!members[e].includes(pair) && available(pair, e) && seatable(e, [...members[e], pair]) && (helper === -1 || pairs.cost[pair] < pairs.cost[helper])) helper = pair;
      if (helper !== -1) take(helper);
    }
    const free = events[e].slots.length - members[e].length;
    if (free <= 0) continue;
    const typed = events[e].slots.filter((slot) => slot.offer !== null);
    const room = 4 * free + 4;
    shortlist.length = 0;
    shortCost.length = 0;
    let worst = Infinity;
    for (const pair of pairsAt[e]) {
      const p = pairs.participant[pair];
      if (!available(pair, e)) continue;
      // Typed places first: someone offering that type is scarcer than anyone at all.
      let cost = pairs.cost[pair] + policy.loadWeight * (2 * load[p] + 1);
      if (typed.length > 0 && typed.some((slot) => fitsSlot(slot, slotMember(model, pair)))) cost -= policy.unfilledPenalty / 2;
      if (shortlist.length === room && cost >= worst) continue;
      if (shortlist.length === room) {
        const at = shortCost.indexOf(worst);
        shortlist[at] = pair;
        shortCost[at] = cost;
      } else {
        shortlist.push(pair);
        shortCost.push(cost);
      }
      worst = shortlist.length === room ? Math.max(...shortCost) : Infinity;
    }
    for (let k = 0; k < free; k++) {
      const country = new Map<number, number>();
      for (const pair of members[e]) {
        const c = model.participantCountry[pairs.participant[pair]];
        if (c >= 0) country.set(c, (country.get(c) ?? 0) + 1);
      }
      let best = -1;
      let bestCost = Infinity;
      shortlist.forEach((pair, i) => {
        if (members[e].includes(pair)) return;
        const c = model.participantCountry[pairs.participant[pair]];
        const cost = shortCost[i] + (c >= 0 ? policy.diversityPenalty * ((model.diversityBase[e].get(c) ?? 0) + (country.get(c) ?? 0)) : 0);
        if (cost >= bestCost) return;
        if (!seatable(e, [...members[e], pair])) return;
        best = pair;
        bestCost = cost;
      });
      if (best === -1) break;
      take(best);
    }
  }
  return picks.sort((a, b) => a - b);
}
