/**
 * Things a coordinator should know before fixing a date, shown next to the form but never
 * blocking: sometimes a holiday event or two events in one town is exactly the plan.
 */
import Holidays from "date-holidays";
import type { EventState, Locale } from "~/domain/vocabulary";
import { formatMinutes, localDateOf, localMinutesOf } from "./local-time";

export type ScheduleWarning =
  | { code: "public_holiday"; holidayName: string }
  | { code: "same_town_same_day"; otherEventIds: number[] }
  | { code: "capacity_below_audience"; capacity: number; expectedAudience: number }
  | { code: "ferry_after_last_crossing"; lastDeparture: string };

export type SchedulingWarningsInput = {
  event: {
    id?: number;
    startsAt: string;
    endsAt: string;
    townId: number;
    capacity: number | null;
    expectedAudience: number | null;
  };
  /** cancelled ones are ignored */
  otherEvents: { id: number; startsAt: string; townId: number; state: EventState }[];
  /** latest local minute-of-day one can leave the event town and still make the last ferry home; null = no ferry needed */
  latestFerryDeparture: number | null;
  language: Locale;
};

/** Non-blocking warnings for an event's date, place and size, in a fixed order. */
export function schedulingWarnings(input: SchedulingWarningsInput): ScheduleWarning[] {
  const { event, otherEvents, latestFerryDeparture, language } = input;
  const warnings: ScheduleWarning[] = [];
  // "Same day" and holidays are about Tallinn's calendar, not UTC's: 01:00 local is still the
  // previous day in UTC.
  const localDate = localDateOf(event.startsAt);

  const holidayName = estonianHoliday(localDate, language);
  if (holidayName !== null) warnings.push({ code: "public_holiday", holidayName });

  const otherEventIds = otherEvents
    .filter((other) => other.id !== event.id && other.state !== "cancelled" && other.townId === event.townId && localDateOf(other.startsAt) === localDate)
    .map((other) => other.id)
    .sort((a, b) => a - b);
  if (otherEventIds.length > 0) warnings.push({ code: "same_town_same_day", otherEventIds });

  if (event.capacity != null && event.expectedAudience != null && event.capacity < event.expectedAudience) {
    warnings.push({ code: "capacity_below_audience", capacity: event.capacity, expectedAudience: event.expectedAudience });
  }

  if (latestFerryDeparture != null) {
    // Counted from the start day's midnight, so an event ending at 00:30 next day is 1470 and
    // always later than the last crossing.
    const endMinutes = localMinutesOf(event.endsAt, localDate);
    if (endMinutes > latestFerryDeparture) {
      warnings.push({ code: "ferry_after_last_crossing", lastDeparture: formatMinutes(latestFerryDeparture) });
    }
  }

  return warnings;
}

let holidays: Holidays | null = null;
const holidayNamesByYear = new Map<string, Map<string, string>>();

/** Name of the Estonian public holiday on a Tallinn local date, in `language` as date-holidays gives it, or null. */
export function estonianHoliday(localDate: string, language: Locale): string | null {
  const year = Number(localDate.slice(0, 4));
  const cacheKey = `${year}:${language}`;
  let names = holidayNamesByYear.get(cacheKey);
  if (!names) {
    // Built once per year and language; date-holidays rule parsing is too slow to repeat per event.
    holidays ??= new Holidays("EE");
    names = new Map();
    for (const holiday of holidays.getHolidays(year, language)) {
      // Observances (Mother's Day, flag days…) are ordinary working days; only days off matter.
      if (holiday.type !== "public") continue;
      // `date` is local to Estonia, "YYYY-MM-DD hh:mm:ss".
      const day = holiday.date.slice(0, 10);
      const previous = names.get(day);
      names.set(day, previous ? `${previous}, ${holiday.name}` : holiday.name);
    }
    holidayNamesByYear.set(cacheKey, names);
  }
  return names.get(localDate) ?? null;
}
