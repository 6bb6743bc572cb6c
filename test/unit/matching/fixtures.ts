/** Small hand-made inputs for the matcher's tests. */
import type { MatchEvent, MatchInput, MatchParticipant, TravelInfo } from "~/domain/matching";

export function participant(id: number, over: Partial<MatchParticipant> = {}): MatchParticipant {
  return {
    id,
    firstName: `P${id}`,
    homeTownId: 1,
    languages: [{ code: "et", level: "fluent" }],
    offers: [],
    maxTravelMinutes: 180,
    monthlyCap: 4,
    weekdays: [0, 1, 2, 3, 4, 5, 6],
    timesOfDay: ["morning", "afternoon", "evening"],
    unavailableDates: [],
    pausedUntil: null,
    countryOfOrigin: null,
    gender: null,
    ...over,
  };
}

/** 2025-05-10 is a Saturday. */
export function event(id: number, over: Partial<MatchEvent> = {}): MatchEvent {
  return {
    id,
    townId: 100,
    localDate: "2025-05-10",
    startMinute: 12 * 60,
    endMinute: 15 * 60,
    timeOfDay: "afternoon",
    languages: ["et"],
    seriesId: null,
    overnightStay: false,
    slots: [{ id: id * 10 + 1, offer: null }],
    ...over,
  };
}

/** Slots for an event: null = untyped. */
export function slots(eventId: number, offers: MatchEvent["slots"][number]["offer"][]): MatchEvent["slots"] {
  return offers.map((offer, i) => ({ id: eventId * 10 + i + 1, offer }));
}

/** Travel from a table "from>to" → info; default 60 minutes by road. */
export function travelTable(table: Record<string, TravelInfo | null> = {}, fallback: TravelInfo | null = { minutes: 60, latestDeparture: null }) {
  return (from: number, to: number) => (`${from}>${to}` in table ? table[`${from}>${to}`] : fallback);
}

export function input(over: Partial<MatchInput>): MatchInput {
  return {
    events: [],
    participants: [],
    history: [],
    travel: travelTable(),
    seasonStart: "2025-01-01",
    ...over,
  };
}
