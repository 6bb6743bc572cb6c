/** Seeded random matching instances and an independent brute-force solver, for property tests. */
import { OFFERS, type Offer, type TimeOfDay } from "~/domain/vocabulary";
import { build, evaluate, totalOf, type MatchInput, type MatchModel, type MatchParticipant, type MatchEvent } from "~/domain/matching";
import { fitsSlot } from "~/domain/matching/slots";
import { rng } from "../../../scripts/bench/lib/rng";

const LANGS = ["et", "en", "ru", "uk", "ar"];
const LEVELS = ["native", "fluent", "conversational", "basic"] as const;
const TIMES: TimeOfDay[] = ["morning", "afternoon", "evening"];
const DATES = ["2025-05-28", "2025-05-30", "2025-05-31", "2025-06-02", "2025-06-03"];

/** A small random instance; sizes bounded by the arguments. */
export function randomInstance(seed: number, size: { participants: number; events: number; slots: number }): MatchInput {
  const r = rng(seed);
  const nP = r.int(2, size.participants);
  const nE = r.int(1, size.events);
  const offers = (): Offer[] => OFFERS.filter(() => r.chance(0.25));
  const participants: MatchParticipant[] = [];
  for (let i = 1; i <= nP; i++) {
    const langs = [...new Set([...(r.chance(0.75) ? [r.pick(["et", "ru", "en"])] : []), ...LANGS.filter(() => r.chance(0.3))])];
    participants.push({
      id: i,
      firstName: `P${i}`,
      homeTownId: r.int(1, 3),
      languages: (langs.length ? langs : ["et"]).map((code) => ({ code, level: r.chance(0.8) ? r.pick(LEVELS.slice(0, 3)) : "basic" })),
      offers: offers(),
      maxTravelMinutes: r.int(80, 240),
      monthlyCap: r.int(1, 3),
      weekdays: [0, 1, 2, 3, 4, 5, 6].filter(() => r.chance(0.95)),
      timesOfDay: TIMES.filter(() => r.chance(0.93)),
      unavailableDates: r.chance(0.1) ? [r.pick(DATES)] : [],
      pausedUntil: r.chance(0.05) ? r.pick(DATES) : null,
      countryOfOrigin: r.pick(["UA", "UA", "SY", "AF", null]),
      gender: null,
    });
  }
  const events: MatchEvent[] = [];
  for (let j = 1; j <= nE; j++) {
    const k = r.int(1, size.slots);
    const slots = Array.from({ length: k }, (_, s) => ({ id: j * 10 + s, offer: r.chance(0.35) ? r.pick(OFFERS) : null }));
    const start = r.int(9, 17) * 60;
    events.push({
      id: j,
      townId: r.int(10, 12),
      localDate: r.pick(DATES),
      startMinute: start,
      endMinute: start + r.int(1, 4) * 60,
      timeOfDay: start < 12 * 60 ? "morning" : start < 17 * 60 ? "afternoon" : "evening",
      languages: r.chance(0.1) ? [] : [r.pick(["et", "et", "ru", "en"]), ...LANGS.filter(() => r.chance(0.2))],
      seriesId: r.chance(0.4) ? r.int(1, 2) : null,
      overnightStay: r.chance(0.15),
      slots,
    });
  }
  const travelMinutes = new Map<string, { minutes: number; latestDeparture: number | null } | null>();
  for (let a = 1; a <= 3; a++)
    for (let b = 10; b <= 12; b++) travelMinutes.set(`${a}>${b}`, r.chance(0.04) ? null : { minutes: r.int(20, 160), latestDeparture: r.chance(0.3) ? r.int(18, 23) * 60 : null });
  const history: MatchInput["history"] = [];
  for (let h = 0; h < r.int(0, 4); h++) {
    history.push({
      participantId: r.int(1, nP),
      eventId: r.chance(0.3) ? r.int(1, nE) : 100 + h,
      localDate: r.pick(["2025-04-20", "2025-05-20", "2025-05-26", "2025-06-02", "2025-06-10"]),
      seriesId: r.chance(0.5) ? r.int(1, 2) : null,
      status: "accepted",
    });
  }
  const policy = r.chance(0.5)
    ? {}
    : {
        loadWeight: r.int(0, 40),
        recencyWeight: r.int(0, 80),
        recencyWindowDays: r.int(5, 40),
        unfilledPenalty: r.pick([150, 400, 10_000]),
        diversityPenalty: r.int(0, 60),
        continuityBonus: r.int(0, 50),
        travelPerMinute: r.pick([0.5, 1, 1.3]),
      };
  const instance: MatchInput = {
    events,
    participants,
    history,
    travel: (a, b) => travelMinutes.get(`${a}>${b}`) ?? null,
    policy,
    seasonStart: "2025-05-01",
    locks: [],
    exclusions: r.chance(0.25) ? [{ participantId: r.int(1, nP), eventId: r.int(1, nE) }] : [],
  };
  // Locks: mostly an eligible pair (sometimes two, which may conflict), sometimes any pair.
  const roll = r.next();
  if (roll < 0.1) instance.locks = [{ participantId: r.int(1, nP), eventId: r.int(1, nE) }];
  else if (roll < 0.4) {
    const { pairs } = build(instance);
    for (let k = r.int(1, 2); k > 0 && pairs.count > 0; k--) {
      const pair = r.int(0, pairs.count - 1);
      instance.locks!.push({ participantId: participants[pairs.participant[pair]].id, eventId: events[pairs.event[pair]].id });
    }
  }
  return instance;
}

/**
 * Brute force over seatings: every eligible pair takes no slot or one slot it fits; checks every
 * hard constraint directly and returns the minimum objective (Infinity if nothing is feasible).
 */
export function bruteForce(model: MatchModel): number {
  const { pairs, events, participants } = model;
  const locks = new Set(model.locks);
  if (model.lockIssues.length > 0) return Infinity;
  const slotTaken = events.map((e) => e.slots.map(() => false));
  const dayUsed = new Set<string>();
  const monthUsed = new Map<string, number>();
  const chosen: number[] = [];
  const seatOf = new Map<number, number>();
  let best = Infinity;
  const rec = (pair: number) => {
    if (pair === pairs.count) {
      // Interpreter rule: someone needing one ⇒ an interpreting slot is taken.
      for (let e = 0; e < events.length; e++) {
        const at = chosen.filter((x) => pairs.event[x] === e);
        if (at.some((x) => pairs.needsInterpreter[x]) && !at.some((x) => events[e].slots[seatOf.get(x)!].offer === "interpreting")) return;
      }
      best = Math.min(best, totalOf(evaluate(model, chosen)));
      return;
    }
    const p = pairs.participant[pair];
    const e = pairs.event[pair];
    if (!locks.has(pair)) rec(pair + 1);
    const dk = `${p}:${model.eventDay[e]}`;
    const mk = `${p}:${model.eventMonth[e]}`;
    const used = monthUsed.get(mk) ?? model.monthUsed[p].get(model.eventMonth[e]) ?? 0;
    if (dayUsed.has(dk) || used >= participants[p].monthlyCap) return;
    const member = { offers: participants[p].offers, needsInterpreter: pairs.needsInterpreter[pair] === 1 };
    events[e].slots.forEach((slot, s) => {
      if (slotTaken[e][s] || !fitsSlot(slot, member)) return;
      slotTaken[e][s] = true;
      dayUsed.add(dk);
      monthUsed.set(mk, used + 1);
      chosen.push(pair);
      seatOf.set(pair, s);
      rec(pair + 1);
      seatOf.delete(pair);
      chosen.pop();
      monthUsed.set(mk, used);
      dayUsed.delete(dk);
      slotTaken[e][s] = false;
    });
  };
  rec(0);
  return best;
}

/**
 * Like the app's demo season: events whose slots are mostly typed (crafts ×2, food, story, often
 * music), people offering one or two of those, and a large share from one country, so several
 * people of the same country but with different offers compete for one event.
 */
export function demoLikeInstance(seed: number, size: { participants: number; events: number }): MatchInput {
  const r = rng(seed);
  const offerPool: Offer[] = ["crafts", "food", "story", "music", "workshop"];
  const participants: MatchParticipant[] = [];
  for (let i = 1; i <= size.participants; i++) {
    const offers = [...new Set([r.pick(offerPool), ...(r.chance(0.5) ? [r.pick(offerPool)] : [])])];
    participants.push({
      id: i,
      firstName: `P${i}`,
      homeTownId: r.int(1, 3),
      languages: [
        { code: r.chance(0.8) ? "et" : "ru", level: "fluent" },
        { code: "en", level: "conversational" },
      ],
      offers,
      maxTravelMinutes: r.int(90, 200),
      monthlyCap: r.int(1, 3),
      weekdays: [0, 1, 2, 3, 4, 5, 6],
      timesOfDay: TIMES,
      unavailableDates: [],
      pausedUntil: null,
      countryOfOrigin: r.chance(0.45) ? "UA" : r.pick(["SY", "AF", "IR", "GE", null]),
      gender: null,
    });
  }
  const events: MatchEvent[] = [];
  for (let j = 1; j <= size.events; j++) {
    const types: (Offer | null)[] = ["crafts", "crafts", "food", "story", ...(r.chance(0.4) ? (["music"] as Offer[]) : []), ...(r.chance(0.3) ? [null] : [])];
    const start = r.int(10, 17) * 60;
    events.push({
      id: j,
      townId: r.int(10, 12),
      localDate: r.pick(DATES),
      startMinute: start,
      endMinute: start + 120,
      timeOfDay: start < 12 * 60 ? "morning" : start < 17 * 60 ? "afternoon" : "evening",
      languages: ["et", "en"],
      seriesId: r.chance(0.3) ? 1 : null,
      overnightStay: false,
      slots: types.map((offer, s) => ({ id: j * 10 + s, offer })),
    });
  }
  const travel = new Map<string, number>();
  for (let a = 1; a <= 3; a++) for (let b = 10; b <= 12; b++) travel.set(`${a}>${b}`, r.int(15, 120));
  return {
    events,
    participants,
    history: [],
    travel: (a, b) => ({ minutes: travel.get(`${a}>${b}`) ?? 60, latestDeparture: null }),
    policy: r.chance(0.5) ? {} : { diversityPenalty: r.int(20, 60), unfilledPenalty: r.pick([400, 10_000]) },
    seasonStart: "2025-05-01",
  };
}
