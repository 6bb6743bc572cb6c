/**
 * Tallinn wall-clock helpers shared by the schedule domain.
 *
 * The database stores UTC instants; people think in Tallinn dates and times. Every conversion
 * between the two goes through here so DST is handled in one place.
 */
import { TZDate, tzOffset } from "@date-fns/tz";
import { TIME_ZONE } from "~/domain/vocabulary";

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const HOUR_MS = 60 * 60 * 1000;

/** True for a real calendar date written "YYYY-MM-DD" (rejects 2026-02-30). */
export function isLocalDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = LOCAL_DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Round-trip through a UTC date: an impossible day (Feb 30) rolls over and no longer matches.
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** True for a 24-hour "HH:MM" time. */
export function isLocalTime(value: unknown): value is string {
  return typeof value === "string" && LOCAL_TIME.test(value);
}

/** Midnight of a Tallinn local date as a TZDate, so date-fns arithmetic runs on Tallinn's calendar. */
export function localDay(localDate: string): TZDate {
  const [y, m, d] = localDate.split("-").map(Number);
  // Midnight always exists in Tallinn (the DST switches happen at 03:00/04:00).
  return new TZDate(y, m - 1, d, TIME_ZONE);
}

/**
 * Tallinn's wall clock at `date` as "YYYY-MM-DDTHH:MM…": the instant moved by the zone's offset
 * at that moment, read as UTC. One offset look-up instead of date-fns's `format` in the zone,
 * which cost about ten times as much and ran for every row of a list (profiled).
 */
function tallinnWall(date: Date): string {
  return new Date(date.getTime() + tzOffset(TIME_ZONE, date) * 60_000).toISOString();
}

/** "YYYY-MM-DD" of a TZDate (or any date) on Tallinn's calendar. */
export function formatLocalDate(date: Date): string {
  return tallinnWall(date).slice(0, 10);
}

/** "HH:MM" from minutes after midnight. */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** The UTC instant at which Tallinn's clocks show `localDate` `time` ("HH:MM"). */
export function zonedInstant(localDate: string, time: string): Date {
  const [y, m, d] = localDate.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const instant = new TZDate(y, m - 1, d, hh, mm, TIME_ZONE).getTime();
  // Follow RFC 5545 (what calendar apps do when they expand our RRULE):
  // - a time skipped by the spring-forward gap is read with the offset before the gap,
  //   so 03:30 becomes 04:30 summer time — TZDate already does this;
  // - a time that happens twice in autumn means the first of the two; TZDate picks the
  //   second, so step back an hour when that shows the same wall-clock time.
  const earlier = instant - HOUR_MS;
  if (wallClock(new Date(earlier)) === wallClock(new Date(instant))) return new Date(earlier);
  return new Date(instant);
}

function wallClock(date: Date): string {
  return tallinnWall(date).slice(0, 16);
}

/** Tallinn local date of a UTC ISO instant. */
export function localDateOf(instant: string | Date): string {
  return formatLocalDate(toDate(instant));
}

/** Minutes after Tallinn midnight of `instant`, counted from the midnight of `dayOf` (default: its own day), so times past midnight exceed 1440. */
export function localMinutesOf(instant: string | Date, dayOf: string = localDateOf(instant)): number {
  const date = toDate(instant);
  const own = localDateOf(date);
  const wall = tallinnWall(date);
  const [hh, mm] = [Number(wall.slice(11, 13)), Number(wall.slice(14, 16))];
  return daysBetween(dayOf, own) * 24 * 60 + hh * 60 + mm;
}

/** Whole calendar days from local date `a` to local date `b` (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  const toUtcDay = (s: string) => {
    const [y, m, d] = s.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((toUtcDay(b) - toUtcDay(a)) / (24 * HOUR_MS));
}

/** Parse a UTC ISO string; throws on garbage because a bad timestamp is our bug, not the user's. */
export function toDate(instant: string | Date): Date {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new Error(`Not a valid instant: ${String(instant)}`);
  return date;
}
