import type { Journey } from "~/domain/geo";

/**
 * A journey laid out on the clock, backwards from the start of an event: when to leave home and,
 * for each ferry, when to be at the harbour. Ferries are not timetable-aware (see geo/planner):
 * "be at the harbour" is the arrival that leaves the ferry's usual check-in wait before the
 * estimated sailing, and the usual last sailing is passed on so the reader can check it.
 */
export type TimedLeg =
  | { kind: "road"; fromTownId: number; toTownId: number; minutes: number; departAt: string }
  | { kind: "ferry"; fromTownId: number; toTownId: number; atHarbourBy: string; sailsAt: string; crossingMinutes: number; lastDeparture: string | null };

export type TimedJourney = { leaveAt: string; minutes: number; legs: TimedLeg[] };

/** Lays `journey` out so that it ends when the event starts (`startsAt`, UTC ISO); null when nobody travels. */
export function timeJourney(journey: Journey, startsAt: string): TimedJourney | null {
  if (journey.minutes <= 0 || journey.legs.length === 0) return null;
  const start = Date.parse(startsAt);
  let at = start - journey.minutes * 60_000;
  const leaveAt = new Date(at).toISOString();
  const legs: TimedLeg[] = [];
  for (const leg of journey.legs) {
    const departAt = new Date(at).toISOString();
    if (leg.kind === "road") {
      legs.push({ kind: "road", fromTownId: leg.fromTownId, toTownId: leg.toTownId, minutes: leg.minutes, departAt });
    } else {
      legs.push({
        kind: "ferry",
        fromTownId: leg.fromTownId,
        toTownId: leg.toTownId,
        atHarbourBy: departAt,
        sailsAt: new Date(at + leg.waitMinutes * 60_000).toISOString(),
        crossingMinutes: leg.crossingMinutes,
        lastDeparture: leg.lastDeparture,
      });
    }
    at += leg.minutes * 60_000;
  }
  return { leaveAt, minutes: journey.minutes, legs };
}
