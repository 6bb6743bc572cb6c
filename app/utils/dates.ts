import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { enGB, et, ru, uk } from "date-fns/locale";

import { TIME_ZONE, type Locale } from "~/domain/vocabulary";

const DATE_LOCALES = { et, en: enGB, ru, uk } as const;

/** An instant as Tallinn wall-clock time, formatted in the reader's language. */
export function formatInTallinn(iso: string, pattern: string, locale: Locale): string {
  return format(new TZDate(iso, TIME_ZONE), pattern, { locale: DATE_LOCALES[locale] });
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
