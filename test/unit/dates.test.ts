import { describe, expect, it } from "vitest";

import { formatLongDate } from "~/utils/dates";

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
