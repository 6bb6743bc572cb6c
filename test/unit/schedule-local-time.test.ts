import { tz } from "@date-fns/tz";
import { format } from "date-fns";
import { describe, expect, it } from "vitest";
import { formatLocalDate, localDateOf, localMinutesOf, zonedInstant } from "~/domain/schedule/local-time";

// date-fns in the Tallinn zone is the reference the fast wall-clock reading must agree with.
const reference = (date: Date, pattern: string) => format(date, pattern, { in: tz("Europe/Tallinn") });
const HOUR = 60 * 60 * 1000;

/** Every quarter of an hour across a day, as instants. */
function quarterHours(fromIso: string, hours: number): Date[] {
  const start = Date.parse(fromIso);
  return Array.from({ length: hours * 4 }, (_, i) => new Date(start + (i * HOUR) / 4));
}

describe("Tallinn wall clock", () => {
  it("agrees with date-fns across both daylight-saving switches and midnights", () => {
    // 2026-03-29 01:00 UTC clocks go 03:00 → 04:00; 2026-10-25 01:00 UTC 04:00 → 03:00.
    const instants = [...quarterHours("2026-03-28T18:00:00Z", 12), ...quarterHours("2026-10-24T18:00:00Z", 12), ...quarterHours("2026-12-31T18:00:00Z", 12)];
    for (const date of instants) {
      expect(formatLocalDate(date), date.toISOString()).toBe(reference(date, "yyyy-MM-dd"));
      const [hh, mm] = reference(date, "HH:mm").split(":").map(Number);
      expect(localMinutesOf(date), date.toISOString()).toBe(hh * 60 + mm);
    }
  });

  it("agrees with date-fns on instants spread over forty years", () => {
    // A fixed linear congruential sequence: the same instants every run.
    let seed = 20261204;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const date = new Date(Date.UTC(2000, 0, 1) + (seed / 2 ** 31) * 40 * 365 * 24 * HOUR);
      expect(localDateOf(date.toISOString()), date.toISOString()).toBe(reference(date, "yyyy-MM-dd"));
    }
  });

  it("counts minutes from another day's midnight past 24 hours", () => {
    expect(localMinutesOf("2026-12-04T22:30:00Z", "2026-12-04")).toBe(24 * 60 + 30);
  });

  it("reads a twice-happening autumn time as the first and a skipped spring time as after the gap", () => {
    expect(zonedInstant("2026-10-25", "03:30").toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(zonedInstant("2026-03-29", "03:30").toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(zonedInstant("2026-12-04", "17:00").toISOString()).toBe("2026-12-04T15:00:00.000Z");
  });
});
