/** Calendar arithmetic on YYYY-MM-DD strings, without a clock or a time zone (dates are already local). */

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || date.length !== 10) {
    throw new Error(`matching: not a YYYY-MM-DD date: ${date}`);
  }
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** year × 12 + month index, so consecutive months are consecutive integers. */
export function monthNumber(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

/** "YYYY-MM" of a month number. */
export function monthLabel(month: number): string {
  const y = Math.floor(month / 12);
  const m = (month % 12) + 1;
  return `${y}-${String(m).padStart(2, "0")}`;
}
