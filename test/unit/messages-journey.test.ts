import { describe, expect, it } from "vitest";

import type { Journey } from "~/domain/geo";
import { timeJourney } from "~/domain/messages/journey";

// Tallinn → Rohuküla by road, the Heltermaa ferry, Heltermaa → Kärdla by road.
const journey: Journey = {
  fromTownId: 1,
  toTownId: 4,
  minutes: 90 + 105 + 30,
  roadKm: 150,
  legs: [
    { kind: "road", fromTownId: 1, toTownId: 2, km: 120, minutes: 90 },
    { kind: "ferry", fromTownId: 2, toTownId: 3, minutes: 105, waitMinutes: 30, crossingMinutes: 75, lastDeparture: "21:00" },
    { kind: "road", fromTownId: 3, toTownId: 4, km: 30, minutes: 30 },
  ],
};

describe("timeJourney", () => {
  it("counts back from the start: leave home, be at the harbour, the sailing, the last road", () => {
    const timed = timeJourney(journey, "2026-12-12T12:00:00.000Z")!;
    expect(timed.leaveAt).toBe("2026-12-12T08:15:00.000Z");
    expect(timed.legs).toEqual([
      { kind: "road", fromTownId: 1, toTownId: 2, minutes: 90, departAt: "2026-12-12T08:15:00.000Z" },
      { kind: "ferry", fromTownId: 2, toTownId: 3, atHarbourBy: "2026-12-12T09:45:00.000Z", sailsAt: "2026-12-12T10:15:00.000Z", crossingMinutes: 75, lastDeparture: "21:00" },
      { kind: "road", fromTownId: 3, toTownId: 4, minutes: 30, departAt: "2026-12-12T11:30:00.000Z" },
    ]);
  });

  it("has nothing to say when nobody travels", () => {
    expect(timeJourney({ ...journey, minutes: 0, legs: [] }, "2026-12-12T12:00:00.000Z")).toBeNull();
  });
});
