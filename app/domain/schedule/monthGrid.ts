import { addDays, addMonths, format, getDay, parseISO, startOfMonth } from "date-fns";

/** "2026-12" for the month containing a local date. */
export function monthOf(localDate: string): string {
  return localDate.slice(0, 7);
}

/** Is this a "YYYY-MM" month? */
export function isMonth(value: unknown): value is string {
  return typeof value === "string" && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** The month before and after, as "YYYY-MM". */
export function neighbourMonths(month: string): { previous: string; next: string } {
  const first = parseISO(`${month}-01`);
  return { previous: format(addMonths(first, -1), "yyyy-MM"), next: format(addMonths(first, 1), "yyyy-MM") };
}

/**
 * The weeks of a month calendar, Monday first, as local dates; days outside the month are
 * included to fill the first and last week (the view greys them out).
 */
export function monthGrid(month: string): string[][] {
  const first = startOfMonth(parseISO(`${month}-01`));
  // getDay: 0 = Sunday; Estonian calendars start on Monday.
  const offset = (getDay(first) + 6) % 7;
  let day = addDays(first, -offset);
  const weeks: string[][] = [];
  do {
    const week: string[] = [];
    for (let i = 0; i < 7; i++) {
      week.push(format(day, "yyyy-MM-dd"));
      day = addDays(day, 1);
    }
    weeks.push(week);
  } while (format(day, "yyyy-MM") === month);
  return weeks;
}
