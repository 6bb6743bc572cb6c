/**
 * Seeded, reproducible matching instances on real Estonian geography: participants live in
 * towns with a migrant community, events happen in towns without one (islands included), over
 * an autumn season, with some history from August.
 */
import { FERRY_LINKS, TOWNS } from "../../../db/seed/geography";
import { createTravelPlanner, geoFromSeed } from "~/domain/geo";
import type { MatchEvent, MatchInput, MatchParticipant, TravelInfo } from "~/domain/matching";
import { OFFERS, type Offer, type TimeOfDay } from "~/domain/vocabulary";
import { rng } from "./rng";

export const SIZES = {
  S1: { participants: 300, events: 100, slotsPerEvent: 4 },
  S2: { participants: 3_000, events: 1_000, slotsPerEvent: 4 },
  S3: { participants: 20_000, events: 5_000, slotsPerEvent: 4 },
} as const;
export type Size = keyof typeof SIZES;

/** Country of origin → home languages, with rough shares among people in Estonia's programmes. */
const ORIGINS = [
  ["UA", ["uk", "ru"], 50],
  ["SY", ["ar"], 8],
  ["AF", ["fa", "prs", "ps"], 7],
  ["RU", ["ru"], 8],
  ["BY", ["be", "ru"], 5],
  ["ER", ["ti", "am"], 4],
  ["IQ", ["ar", "ku"], 4],
  ["TR", ["tr"], 4],
  ["SO", ["so", "ar"], 3],
  [null, ["en"], 7],
] as const;

const SEASON_DAYS = 122; // 2025-09-01 … 2025-12-31
const TIMES: { time: TimeOfDay; start: number }[] = [
  { time: "morning", start: 10 * 60 },
  { time: "afternoon", start: 14 * 60 },
  { time: "evening", start: 18 * 60 },
];

function dateOf(dayOffset: number, startIso = "2025-09-01"): string {
  const d = new Date(`${startIso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + dayOffset);
  return d.toISOString().slice(0, 10);
}

/** A reproducible instance of the given size; `typedShare` of the slots ask for an offer. */
export function generateInstance(size: Size, seed = 2025, typedShare = 0.12): MatchInput {
  const spec = SIZES[size];
  const r = rng(seed * 7919 + spec.participants);
  const towns = TOWNS.map((t, i) => ({ ...t, id: i + 1 }));
  const idBySlug = new Map(towns.map((t) => [t.slug, t.id]));
  const geo = geoFromSeed(TOWNS, FERRY_LINKS, idBySlug);
  const planner = createTravelPlanner(geo.towns, geo.ferries);
  const homes = towns.filter((t) => t.hasLocalCommunity);
  const destinations = towns.filter((t) => !t.hasLocalCommunity);
  // Big cities hold most people.
  const homeWeights = homes.map((t) => [t, t.slug === "tallinn" ? 40 : t.slug === "tartu" ? 12 : t.slug === "narva" ? 6 : 3] as const);

  const participants: MatchParticipant[] = [];
  for (let i = 1; i <= spec.participants; i++) {
    const [country, home] = r.weighted(ORIGINS.map((o) => [o, o[2]] as const)) as unknown as [string | null, readonly string[]];
    const languages: MatchParticipant["languages"] = home.map((code, k) => ({ code, level: k === 0 ? "native" : r.pick(["fluent", "conversational"] as const) }));
    if (r.chance(0.45))
      languages.push({
        code: "et",
        level: r.weighted([
          ["fluent", 1],
          ["conversational", 3],
          ["basic", 3],
        ] as const),
      });
    if (!home.includes("en") && r.chance(0.4))
      languages.push({
        code: "en",
        level: r.weighted([
          ["fluent", 2],
          ["conversational", 3],
          ["basic", 2],
        ] as const),
      });
    if (!home.includes("ru") && r.chance(0.15)) languages.push({ code: "ru", level: "conversational" });
    const offers = OFFERS.filter((o) => r.chance(o === "interpreting" ? 0.08 : 0.18)) as Offer[];
    const weekdays = [0, 1, 2, 3, 4, 5, 6].filter(() => r.chance(0.6));
    const timesOfDay = TIMES.map((t) => t.time).filter(() => r.chance(0.6));
    participants.push({
      id: i,
      firstName: `P${i}`,
      homeTownId: r.weighted(homeWeights).id,
      languages,
      offers,
      maxTravelMinutes: r.pick([90, 120, 150, 180, 240]),
      monthlyCap: r.weighted([
        [1, 3],
        [2, 4],
        [3, 2],
        [4, 1],
      ] as const),
      weekdays: weekdays.length ? weekdays : [6],
      timesOfDay: timesOfDay.length ? timesOfDay : ["afternoon"],
      unavailableDates: Array.from({ length: r.int(0, 4) }, () => dateOf(r.int(0, SEASON_DAYS - 1))),
      pausedUntil: r.chance(0.05) ? dateOf(r.int(0, SEASON_DAYS)) : null,
      countryOfOrigin: country,
      gender: r.pick(["female", "male", null]),
    });
  }

  const events: MatchEvent[] = [];
  const seriesCount = Math.max(1, Math.round(spec.events / 40));
  for (let j = 1; j <= spec.events; j++) {
    const slot = (k: number) => ({ id: j * 10 + k, offer: r.chance(typedShare) ? (r.pick(OFFERS) as Offer) : null });
    const tod = r.pick(TIMES);
    const langs = ["et"];
    if (r.chance(0.3)) langs.push("ru");
    if (r.chance(0.25)) langs.push("en");
    events.push({
      id: j,
      townId: r.pick(destinations).id,
      localDate: dateOf(r.int(0, SEASON_DAYS - 1)),
      startMinute: tod.start,
      endMinute: tod.start + r.pick([90, 120, 180]),
      timeOfDay: tod.time,
      languages: langs,
      seriesId: r.chance(0.2) ? r.int(1, seriesCount) : null,
      overnightStay: r.chance(0.05),
      slots: Array.from({ length: spec.slotsPerEvent }, (_, k) => slot(k + 1)),
    });
  }

  // History: August events, some of them in series.
  const history: MatchInput["history"] = [];
  for (let i = 0; i < spec.participants * 0.6; i++) {
    history.push({
      participantId: r.int(1, spec.participants),
      eventId: 1_000_000 + i,
      localDate: dateOf(r.int(0, 30), "2025-08-01"),
      seriesId: r.chance(0.3) ? r.int(1, seriesCount) : null,
      status: "attended",
    });
  }

  const memo = new Map<number, TravelInfo | null>();
  const travel = (from: number, to: number): TravelInfo | null => {
    const key = from * 10_000 + to;
    let t = memo.get(key);
    if (t === undefined) {
      const minutes = planner.minutes(from, to);
      t = minutes === null ? null : { minutes, latestDeparture: planner.latestDeparture(to, from) };
      memo.set(key, t);
    }
    return t;
  };

  return { events, participants, history, travel, seasonStart: "2025-08-01" };
}
