import { tzOffset } from "@date-fns/tz";

import { formatDateTime, formatUtc } from "./content-line";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Longer than any "fall back" in the tz database (they are 1 h, rarely 30 min or 2 h). */
const LONGEST_FALL_BACK_MS = 3 * HOUR_MS;

/**
 * Writes DATE-TIME properties as wall time in one zone (`DTSTART;TZID=Europe/Tallinn:…`).
 *
 * Why not TZDate + ical-generator: a TZDate costs ~3 µs to build and again to format, which is
 * most of the 150 ms budget for a 10 000-event feed. Offsets change at most once a day, so we ask
 * Intl (via tzOffset) twice per UTC day and reuse the answer. Make one writer per feed build so
 * the cache dies with it.
 */
export function createDateTimeWriter(timeZone: string) {
  /** UTC day number → the offset that holds all day, or null on a day with a transition. */
  const offsetByDay = new Map<number, number | null>();

  function offsetMinutes(epochMs: number): number {
    const day = Math.floor(epochMs / DAY_MS);
    let offset = offsetByDay.get(day);
    if (offset === undefined) {
      // Equal at both ends ⇒ no transition inside: no zone has two transitions in one day.
      const first = tzOffset(timeZone, new Date(day * DAY_MS));
      const last = tzOffset(timeZone, new Date(day * DAY_MS + DAY_MS - 1));
      offset = first === last ? first : null;
      offsetByDay.set(day, offset);
    }
    return offset ?? tzOffset(timeZone, new Date(epochMs));
  }

  /**
   * `NAME;TZID=<zone>:YYYYMMDDTHHMMSS` for the instant, or `NAME:…Z` when that wall time happens
   * twice (the hour the clocks go back). RFC 5545 §3.3.5 says a repeated local time means its
   * first occurrence, but parsers disagree (ical.js takes the second), so only UTC is safe there.
   */
  return function dateTimeProperty(name: string, epochMs: number): string {
    const offset = offsetMinutes(epochMs);
    const wallMs = epochMs + offset * 60_000;
    for (const nearby of [epochMs - LONGEST_FALL_BACK_MS, epochMs + LONGEST_FALL_BACK_MS]) {
      const other = offsetMinutes(nearby);
      if (other !== offset && offsetMinutes(wallMs - other * 60_000) === other) {
        return `${name}:${formatUtc(epochMs)}`; // the same wall time, at another instant
      }
    }
    return `${name};TZID=${timeZone}:${formatDateTime(wallMs)}`;
  };
}
