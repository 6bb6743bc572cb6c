import { describe, expect, it } from "vitest";

import { formatLongDate, formatLongLocalDate, formatShortLocalDate, formatMonth } from "~/utils/dates";

describe("formatLongDate", () => {
  // Noon UTC on Saturday 26 December 2026 is the afternoon of the same day in Tallinn.
  const saturday = "2026-12-26T12:00:00Z";

  it.each([
    ["et", "laupäev, 26. detsember 2026"],
    ["en", "Saturday, 26 December 2026"],
    ["ru", "суббота, 26 декабря 2026 г."],
    // Not date-fns's "субота, 26-е грудня 2026 р.", which no Ukrainian reader writes.
    ["uk", "субота, 26 грудня 2026"],
  ] as const)("reads naturally in %s", (locale, expected) => {
    expect(formatLongDate(saturday, locale)).toBe(expected);
  });
});

describe("local dates and months", () => {
  it("names the calendar day itself, in every language", () => {
    expect(formatLongLocalDate("2026-12-05", "en")).toBe("Saturday, 5 December 2026");
    expect(formatLongLocalDate("2026-03-29", "uk")).toBe("неділя, 29 березня 2026");
    expect(formatShortLocalDate("2026-12-05", "en")).toBe("5 Dec 2026");
    expect(formatMonth("2026-12", "et")).toBe("detsember 2026");
    expect(formatMonth("2027-01", "ru")).toBe("январь 2027");
  });
});
