import { tz } from "@date-fns/tz";
import { format } from "date-fns";
import { describe, expect, it } from "vitest";
import { MAX_OCCURRENCES, describeRule, occurrences, toRRule, validateRule, type SeriesRule } from "~/domain/schedule/recurrence";

const tallinn = (iso: string) => format(new Date(iso), "yyyy-MM-dd HH:mm", { in: tz("Europe/Tallinn") });
const dates = (rule: SeriesRule) => occurrences(rule).map((o) => o.localDate);

const weekly = (over: Partial<SeriesRule> = {}): SeriesRule => ({
  frequency: "weekly",
  startDate: "2026-01-06", // a Tuesday
  startTime: "17:00",
  durationMinutes: 90,
  count: 4,
  ...over,
});

describe("weekly and biweekly", () => {
  it("repeats the start date's weekday every week, COUNT times", () => {
    const result = occurrences(weekly());
    expect(result).toEqual([
      { index: 0, localDate: "2026-01-06", startsAt: "2026-01-06T15:00:00.000Z", endsAt: "2026-01-06T16:30:00.000Z" },
      { index: 1, localDate: "2026-01-13", startsAt: "2026-01-13T15:00:00.000Z", endsAt: "2026-01-13T16:30:00.000Z" },
      { index: 2, localDate: "2026-01-20", startsAt: "2026-01-20T15:00:00.000Z", endsAt: "2026-01-20T16:30:00.000Z" },
      { index: 3, localDate: "2026-01-27", startsAt: "2026-01-27T15:00:00.000Z", endsAt: "2026-01-27T16:30:00.000Z" },
    ]);
  });

  it("every other week for biweekly", () => {
    expect(dates(weekly({ frequency: "biweekly" }))).toEqual(["2026-01-06", "2026-01-20", "2026-02-03", "2026-02-17"]);
  });

  it("treats UNTIL as an inclusive local date", () => {
    expect(dates(weekly({ count: null, until: "2026-01-27" }))).toEqual(["2026-01-06", "2026-01-13", "2026-01-20", "2026-01-27"]);
    expect(dates(weekly({ count: null, until: "2026-01-26" }))).toHaveLength(3);
    expect(dates(weekly({ frequency: "biweekly", count: null, until: "2026-02-02" }))).toEqual(["2026-01-06", "2026-01-20"]);
  });

  it("honours opts.limit", () => {
    expect(occurrences(weekly({ count: 50 }), { limit: 3 })).toHaveLength(3);
  });

  it("lets a session run past midnight: endsAt = start + duration", () => {
    const [first] = occurrences(weekly({ startTime: "22:30", durationMinutes: 150 }));
    expect(first.startsAt).toBe("2026-01-06T20:30:00.000Z");
    expect(first.endsAt).toBe("2026-01-06T23:00:00.000Z");
    expect(tallinn(first.endsAt)).toBe("2026-01-07 01:00");
  });
});

describe("DST: a 17:00 session stays at 17:00 in Tallinn", () => {
  // Sundays from mid-October 2026 to early April 2027: crosses 2026-10-25 (clocks back) and
  // 2027-03-28 (clocks forward), both last Sundays.
  const rule = weekly({ startDate: "2026-10-18", count: null, until: "2027-04-04" });
  const result = occurrences(rule);
  const at = (localDate: string) => result.find((o) => o.localDate === localDate)!;

  it("autumn: 14:00Z in summer time, 15:00Z from the day clocks go back", () => {
    expect(at("2026-10-18").startsAt).toBe("2026-10-18T14:00:00.000Z");
    expect(at("2026-10-25").startsAt).toBe("2026-10-25T15:00:00.000Z");
    expect(at("2026-11-01").startsAt).toBe("2026-11-01T15:00:00.000Z");
  });

  it("spring: 15:00Z in winter time, 14:00Z from the day clocks go forward", () => {
    expect(at("2027-03-21").startsAt).toBe("2027-03-21T15:00:00.000Z");
    expect(at("2027-03-28").startsAt).toBe("2027-03-28T14:00:00.000Z");
    expect(at("2027-04-04").startsAt).toBe("2027-04-04T14:00:00.000Z");
  });

  it("every session shows 17:00 local and lasts exactly the duration", () => {
    expect(result).toHaveLength(25);
    for (const o of result) {
      expect(tallinn(o.startsAt)).toBe(`${o.localDate} 17:00`);
      expect(Date.parse(o.endsAt) - Date.parse(o.startsAt)).toBe(90 * 60_000);
    }
  });

  it("a time skipped by spring-forward moves to after the gap; a repeated time takes the first one (RFC 5545)", () => {
    const [skipped] = occurrences(weekly({ startDate: "2027-03-28", startTime: "03:30", count: 1 }));
    expect(skipped.startsAt).toBe("2027-03-28T01:30:00.000Z"); // 04:30 summer time
    const [repeated] = occurrences(weekly({ startDate: "2026-10-25", startTime: "03:30", count: 1 }));
    expect(repeated.startsAt).toBe("2026-10-25T00:30:00.000Z"); // 03:30 still summer time (+03)
  });
});

describe("monthly n-th weekday", () => {
  const monthly = (over: Partial<SeriesRule>): SeriesRule => weekly({ frequency: "monthly", count: 5, ...over });

  it("last Thursday", () => {
    expect(dates(monthly({ startDate: "2026-01-01", monthlyWeek: -1, monthlyWeekday: 4 }))).toEqual(["2026-01-29", "2026-02-26", "2026-03-26", "2026-04-30", "2026-05-28"]);
  });

  it("1st Monday", () => {
    expect(dates(monthly({ startDate: "2026-01-05", monthlyWeek: 1, monthlyWeekday: 1 }))).toEqual(["2026-01-05", "2026-02-02", "2026-03-02", "2026-04-06", "2026-05-04"]);
  });

  it("4th Friday", () => {
    expect(dates(monthly({ startDate: "2026-01-01", monthlyWeek: 4, monthlyWeekday: 5 }))).toEqual(["2026-01-23", "2026-02-27", "2026-03-27", "2026-04-24", "2026-05-22"]);
  });

  it("starts on the first match on/after a start date that is not itself the n-th weekday", () => {
    // Jan's last Thursday (29th) is on/after the 10th…
    expect(dates(monthly({ startDate: "2026-01-10", monthlyWeek: -1, monthlyWeekday: 4, count: 2 }))).toEqual(["2026-01-29", "2026-02-26"]);
    // …but not on/after the 30th, so the series opens in February; COUNT counts real sessions.
    expect(dates(monthly({ startDate: "2026-01-30", monthlyWeek: -1, monthlyWeekday: 4, count: 2 }))).toEqual(["2026-02-26", "2026-03-26"]);
  });

  it("month ends: from 31 January, the 1st Monday comes in February", () => {
    expect(dates(monthly({ startDate: "2026-01-31", monthlyWeek: 1, monthlyWeekday: 1, count: 3 }))).toEqual(["2026-02-02", "2026-03-02", "2026-04-06"]);
  });

  it("defaults: 31 January (a 5th Saturday) means the last Saturday, at 17:00 across DST", () => {
    const result = occurrences(monthly({ startDate: "2026-01-31", count: 4 }));
    expect(result.map((o) => o.localDate)).toEqual(["2026-01-31", "2026-02-28", "2026-03-28", "2026-04-25"]);
    expect(result[2].startsAt).toBe("2026-03-28T15:00:00.000Z"); // day before clocks go forward
    expect(result[3].startsAt).toBe("2026-04-25T14:00:00.000Z");
  });

  it("defaults: the 2nd Tuesday from a start date that is the 2nd Tuesday", () => {
    expect(dates(monthly({ startDate: "2026-01-13", count: 3 }))).toEqual(["2026-01-13", "2026-02-10", "2026-03-10"]);
  });

  it("UNTIL cuts monthly series inclusively", () => {
    expect(dates(monthly({ startDate: "2026-01-01", monthlyWeek: -1, monthlyWeekday: 4, count: null, until: "2026-03-26" }))).toEqual(["2026-01-29", "2026-02-26", "2026-03-26"]);
  });
});

describe("validateRule", () => {
  const errorsOf = (rule: SeriesRule) => {
    const result = validateRule(rule);
    return result.ok ? [] : result.errors;
  };

  it("accepts a well-formed rule", () => {
    expect(validateRule(weekly())).toEqual({ ok: true });
    expect(validateRule(weekly({ count: null, until: "2026-06-30" }))).toEqual({ ok: true });
  });

  it("needs exactly one of until and count", () => {
    expect(errorsOf(weekly({ count: null }))).toEqual([{ field: "until", code: "needs_until_or_count" }]);
    expect(errorsOf(weekly({ count: null, until: "" }))).toEqual([{ field: "until", code: "needs_until_or_count" }]);
    expect(errorsOf(weekly({ count: 3, until: "2026-06-30" }))).toEqual([{ field: "count", code: "until_and_count_both_set" }]);
  });

  it("rejects until before the start", () => {
    expect(errorsOf(weekly({ count: null, until: "2026-01-05" }))).toEqual([{ field: "until", code: "until_before_start" }]);
  });

  it("keeps count within 1..MAX_OCCURRENCES", () => {
    expect(errorsOf(weekly({ count: 0 }))).toEqual([{ field: "count", code: "count_out_of_range" }]);
    expect(errorsOf(weekly({ count: 2.5 }))).toEqual([{ field: "count", code: "count_out_of_range" }]);
    expect(errorsOf(weekly({ count: MAX_OCCURRENCES + 1 }))).toEqual([{ field: "count", code: "count_out_of_range" }]);
    expect(validateRule(weekly({ count: MAX_OCCURRENCES }))).toEqual({ ok: true });
  });

  it("refuses an until so far away it would exceed the cap", () => {
    expect(errorsOf(weekly({ count: null, until: "2040-01-01" }))).toEqual([{ field: "until", code: "too_many_occurrences" }]);
  });

  it("refuses a monthly until window with no session in it", () => {
    expect(errorsOf(weekly({ frequency: "monthly", startDate: "2026-03-01", monthlyWeek: -1, monthlyWeekday: 4, count: null, until: "2026-03-10" }))).toEqual([
      { field: "until", code: "no_occurrences" },
    ]);
  });

  it("checks dates, times, duration and monthly fields", () => {
    expect(errorsOf(weekly({ startDate: "2026-02-30" }))).toEqual([{ field: "startDate", code: "bad_date" }]);
    expect(errorsOf(weekly({ count: null, until: "31.12.2026" }))).toEqual([{ field: "until", code: "bad_date" }]);
    expect(errorsOf(weekly({ startTime: "24:00" }))).toEqual([{ field: "startTime", code: "bad_time" }]);
    expect(errorsOf(weekly({ startTime: "7:00" }))).toEqual([{ field: "startTime", code: "bad_time" }]);
    expect(errorsOf(weekly({ durationMinutes: 0 }))).toEqual([{ field: "durationMinutes", code: "duration_out_of_range" }]);
    expect(errorsOf(weekly({ frequency: "daily" as SeriesRule["frequency"] }))).toEqual([{ field: "frequency", code: "bad_frequency" }]);
    expect(errorsOf(weekly({ frequency: "monthly", monthlyWeek: 5 as SeriesRule["monthlyWeek"], monthlyWeekday: 7 }))).toEqual([
      { field: "monthlyWeek", code: "bad_monthly_week" },
      { field: "monthlyWeekday", code: "bad_weekday" },
    ]);
  });

  it("occurrences() throws on an invalid rule (callers validate user input first)", () => {
    expect(() => occurrences(weekly({ count: null }))).toThrow(/needs_until_or_count/);
  });
});

describe("toRRule", () => {
  it("weekly and biweekly with COUNT", () => {
    expect(toRRule(weekly({ count: 10 }))).toBe("FREQ=WEEKLY;COUNT=10");
    expect(toRRule(weekly({ frequency: "biweekly", count: 10 }))).toBe("FREQ=WEEKLY;INTERVAL=2;COUNT=10");
  });

  it("monthly BYDAY with UNTIL in UTC at the end of the local until day", () => {
    expect(toRRule(weekly({ frequency: "monthly", monthlyWeek: -1, monthlyWeekday: 4, count: null, until: "2026-12-31" }))).toBe("FREQ=MONTHLY;BYDAY=-1TH;UNTIL=20261231T215900Z");
    expect(toRRule(weekly({ frequency: "monthly", monthlyWeek: 1, monthlyWeekday: 1, count: 6 }))).toBe("FREQ=MONTHLY;BYDAY=1MO;COUNT=6");
    // Defaults from the start date: 2026-01-06 is the 1st Tuesday.
    expect(toRRule(weekly({ frequency: "monthly", count: 6 }))).toBe("FREQ=MONTHLY;BYDAY=1TU;COUNT=6");
  });
});

describe("describeRule", () => {
  it("gives an i18n key and parameters, no English", () => {
    expect(describeRule(weekly({ frequency: "biweekly", count: 10 }))).toEqual({
      key: "series.rule.biweekly_count",
      params: { weekday: 2, startTime: "17:00", durationMinutes: 90, startDate: "2026-01-06", count: 10 },
    });
    expect(describeRule(weekly({ frequency: "monthly", monthlyWeek: -1, monthlyWeekday: 4, count: null, until: "2026-12-31" }))).toEqual({
      key: "series.rule.monthly_last_until",
      params: { weekday: 4, startTime: "17:00", durationMinutes: 90, startDate: "2026-01-06", until: "2026-12-31" },
    });
    expect(describeRule(weekly({ frequency: "monthly", monthlyWeek: 3, monthlyWeekday: 5 })).params).toMatchObject({
      nth: 3,
      weekday: 5,
    });
    expect(describeRule(weekly({ frequency: "monthly", monthlyWeek: 3, monthlyWeekday: 5 })).key).toBe("series.rule.monthly_nth_count");
  });
});
