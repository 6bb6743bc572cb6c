import { describe, expect, it } from "vitest";
import { estonianHoliday, schedulingWarnings, type SchedulingWarningsInput } from "~/domain/schedule/warnings";

// Tuesday 10 March 2026, 18:00–20:00 Tallinn (UTC+2): an ordinary working day.
const base: SchedulingWarningsInput = {
  event: { id: 100, startsAt: "2026-03-10T16:00:00.000Z", endsAt: "2026-03-10T18:00:00.000Z", townId: 7, capacity: 40, expectedAudience: 30 },
  otherEvents: [],
  latestFerryDeparture: null,
  language: "en",
};
const withEvent = (event: Partial<SchedulingWarningsInput["event"]>, rest: Partial<SchedulingWarningsInput> = {}) =>
  schedulingWarnings({ ...base, ...rest, event: { ...base.event, ...event } });

describe("estonianHoliday", () => {
  it("names public holidays in the requested language", () => {
    expect(estonianHoliday("2026-02-24", "en")).toBe("Independence Day");
    expect(estonianHoliday("2026-02-24", "et")).toBe("iseseisvuspäev");
    expect(estonianHoliday("2026-02-24", "uk")).toBe("День Незалежності");
    expect(estonianHoliday("2026-06-23", "en")).toBe("Victory Day");
    expect(estonianHoliday("2026-06-24", "en")).toBe("Midsummer Day");
  });

  it("ignores ordinary days and mere observances", () => {
    expect(estonianHoliday("2026-03-10", "en")).toBeNull();
    expect(estonianHoliday("2026-05-10", "en")).toBeNull(); // Mother's Day: an observance, not a day off
  });
});

describe("schedulingWarnings", () => {
  it("an ordinary Tuesday in an empty town gives no warnings", () => {
    expect(schedulingWarnings(base)).toEqual([]);
  });

  it("public holiday, judged on the Tallinn date: 00:30 on 24 Feb is still 23 Feb in UTC", () => {
    expect(withEvent({ startsAt: "2026-02-23T22:30:00.000Z", endsAt: "2026-02-24T00:30:00.000Z" })).toEqual([{ code: "public_holiday", holidayName: "Independence Day" }]);
    expect(withEvent({ startsAt: "2026-06-24T12:00:00.000Z", endsAt: "2026-06-24T14:00:00.000Z" }, { language: "et" })).toEqual([
      { code: "public_holiday", holidayName: "jaanipäev" },
    ]);
    // 23:30 on 23 Feb Tallinn is 21:30Z: the day before, no warning.
    expect(withEvent({ startsAt: "2026-02-23T21:30:00.000Z", endsAt: "2026-02-23T21:45:00.000Z" })).toEqual([]);
  });

  describe("same town, same day", () => {
    // The event starts 23:30 Tallinn on 10 March (21:30Z).
    const late = { startsAt: "2026-03-10T21:30:00.000Z", endsAt: "2026-03-10T21:50:00.000Z" };

    it("counts another event at 00:30 Tallinn on 10 March (still 9 March in UTC)", () => {
      const warnings = withEvent(late, {
        otherEvents: [{ id: 1, startsAt: "2026-03-09T22:30:00.000Z", townId: 7, state: "planned" }],
      });
      expect(warnings).toEqual([{ code: "same_town_same_day", otherEventIds: [1] }]);
    });

    it("ignores one at 00:30 Tallinn on 11 March even though it is 10 March in UTC", () => {
      const warnings = withEvent(late, {
        otherEvents: [{ id: 2, startsAt: "2026-03-10T22:30:00.000Z", townId: 7, state: "planned" }],
      });
      expect(warnings).toEqual([]);
    });

    it("ignores cancelled events, other towns and the event itself; lists ids in order", () => {
      const warnings = schedulingWarnings({
        ...base,
        otherEvents: [
          { id: 12, startsAt: "2026-03-10T08:00:00.000Z", townId: 7, state: "confirmed" },
          { id: 3, startsAt: "2026-03-10T08:00:00.000Z", townId: 7, state: "cancelled" },
          { id: 4, startsAt: "2026-03-10T08:00:00.000Z", townId: 8, state: "planned" },
          { id: 100, startsAt: "2026-03-10T16:00:00.000Z", townId: 7, state: "planned" },
          { id: 5, startsAt: "2026-03-10T19:00:00.000Z", townId: 7, state: "draft" },
        ],
      });
      expect(warnings).toEqual([{ code: "same_town_same_day", otherEventIds: [5, 12] }]);
    });
  });

  it("capacity below the expected audience; unknown numbers give no warning", () => {
    expect(withEvent({ capacity: 20, expectedAudience: 35 })).toEqual([{ code: "capacity_below_audience", capacity: 20, expectedAudience: 35 }]);
    expect(withEvent({ capacity: 35, expectedAudience: 35 })).toEqual([]);
    expect(withEvent({ capacity: null, expectedAudience: 35 })).toEqual([]);
    expect(withEvent({ capacity: 20, expectedAudience: null })).toEqual([]);
  });

  describe("ferry", () => {
    const lastAt2030 = { latestFerryDeparture: 20 * 60 + 30 };

    it("no warning when the event ends by the last departure (local time)", () => {
      expect(withEvent({}, lastAt2030)).toEqual([]); // ends 20:00
      expect(withEvent({ endsAt: "2026-03-10T18:30:00.000Z" }, lastAt2030)).toEqual([]); // ends exactly 20:30
    });

    it("warns when it ends later, in Tallinn time (summer: 17:45Z is 20:45)", () => {
      expect(withEvent({ endsAt: "2026-03-10T19:00:00.000Z" }, lastAt2030)).toEqual([{ code: "ferry_after_last_crossing", lastDeparture: "20:30" }]);
      expect(withEvent({ startsAt: "2026-06-10T15:00:00.000Z", endsAt: "2026-06-10T17:45:00.000Z" }, lastAt2030)).toEqual([
        { code: "ferry_after_last_crossing", lastDeparture: "20:30" },
      ]);
    });

    it("warns when the event runs past midnight", () => {
      expect(withEvent({ startsAt: "2026-03-10T19:00:00.000Z", endsAt: "2026-03-10T22:30:00.000Z" }, { latestFerryDeparture: 23 * 60 + 30 })).toEqual([
        { code: "ferry_after_last_crossing", lastDeparture: "23:30" },
      ]);
    });

    it("null means no ferry is needed", () => {
      expect(withEvent({ endsAt: "2026-03-10T21:59:00.000Z" }, { latestFerryDeparture: null })).toEqual([]);
    });
  });

  it("reports several warnings together in a fixed order", () => {
    const warnings = schedulingWarnings({
      event: { startsAt: "2026-02-24T15:00:00.000Z", endsAt: "2026-02-24T19:00:00.000Z", townId: 7, capacity: 10, expectedAudience: 50 },
      otherEvents: [{ id: 1, startsAt: "2026-02-24T09:00:00.000Z", townId: 7, state: "planned" }],
      latestFerryDeparture: 19 * 60,
      language: "et",
    });
    expect(warnings.map((w) => w.code)).toEqual(["public_holiday", "same_town_same_day", "capacity_below_audience", "ferry_after_last_crossing"]);
  });
});
