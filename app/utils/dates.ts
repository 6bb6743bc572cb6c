import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { enGB, et, ru, uk } from "date-fns/locale";

import { TIME_ZONE, type Locale } from "~/domain/vocabulary";

const DATE_LOCALES = { et, en: enGB, ru, uk } as const;

// A TZDate asks Intl for Tallinn's offset several times per call: a sixth of the coordinators'
// event list's time (profiled). Pages format the same instants again and again, so results are kept.
const formatted = new Map<string, string>();
const FORMATTED_KEPT = 20_000;

/** An instant as Tallinn wall-clock time, formatted in the reader's language. */
export function formatInTallinn(iso: string, pattern: string, locale: Locale): string {
  const key = `${locale}\u0000${pattern}\u0000${iso}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = format(new TZDate(iso, TIME_ZONE), pattern, { locale: DATE_LOCALES[locale] });
    if (formatted.size >= FORMATTED_KEPT) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/**
 * Long date patterns: date-fns's own, except Ukrainian, whose "PPPP" reads "субота, 26-е грудня
 * 2026 р."; Ukrainian readers expect "субота, 26 грудня 2026".
 */
const LONG_DATE: Record<Locale, string> = { et: "PPPP", en: "PPPP", ru: "PPPP", uk: "EEEE, d MMMM yyyy" };

/** "esmaspäev, 7. detsember 2026" / "Monday, 7 December 2026" / "понеділок, 7 грудня 2026" … */
export function formatLongDate(iso: string, locale: Locale): string {
  return formatInTallinn(iso, LONG_DATE[locale], locale);
}

/** A local date ("2026-12-05") as an instant inside that day in Tallinn (noon UTC), for formatting it. */
function noonOf(localDate: string): string {
  return `${localDate}T12:00:00Z`;
}

/** A local date ("2026-12-05") as a long date: "laupäev, 5. detsember 2026" … */
export function formatLongLocalDate(localDate: string, locale: Locale): string {
  return formatLongDate(noonOf(localDate), locale);
}

/** A local date ("2026-12-05") as a short date: "5. dets 2026" … */
export function formatShortLocalDate(localDate: string, locale: Locale): string {
  return formatShortDate(noonOf(localDate), locale);
}

/** A month ("2026-12") by name: "detsember 2026" / "December 2026" … */
export function formatMonth(month: string, locale: Locale): string {
  return formatInTallinn(noonOf(`${month}-15`), "LLLL yyyy", locale);
}

/** "7. dets 2026" style short date. */
export function formatShortDate(iso: string, locale: Locale): string {
  return formatInTallinn(iso, "PP", locale);
}

/** "17:00–19:00" in Tallinn time. */
export function formatTimeRange(startIso: string, endIso: string, locale: Locale): string {
  return `${formatInTallinn(startIso, "p", locale)}–${formatInTallinn(endIso, "p", locale)}`;
}

/** The name of a weekday (0 = Sunday … 6 = Saturday) in the reader's language. */
export function weekdayName(weekday: number, locale: Locale): string {
  // 2026-11-22 was a Sunday; any known Sunday works.
  const noonUtc = Date.UTC(2026, 10, 22 + weekday, 12);
  return format(new TZDate(noonUtc, TIME_ZONE), "EEEE", { locale: DATE_LOCALES[locale] });
}

/** A moment in a log: "3. dets 2026, 10:12" / "3 Dec 2026, 10:12" / "3 дек. 2026, 10:12" (Tallinn time). */
const DATE_TIME: Record<Locale, string> = { et: "d. MMM yyyy, HH:mm", en: "d MMM yyyy, HH:mm", ru: "d MMM yyyy, HH:mm", uk: "d MMM yyyy, HH:mm" };

export function formatDateTime(iso: string, locale: Locale): string {
  return formatInTallinn(iso, DATE_TIME[locale], locale);
}

/** A local date ("2026-12-05") as "5. dets" / "5 Dec", or with its year: "5. dets 2026". */
export function formatDayMonth(localDate: string, locale: Locale, withYear: boolean): string {
  const pattern = `${locale === "et" ? "d. MMM" : "d MMM"}${withYear ? " yyyy" : ""}`;
  return formatInTallinn(noonOf(localDate), pattern, locale);
}
