import { DEFAULT_LOCALE, LOCALES, type Locale } from "./vocabulary";

/** Text written in some of the four languages, e.g. an event title. */
export type LocalizedText = Partial<Record<Locale, string>>;

/** Parses stored JSON text leniently: anything unexpected becomes an empty text. */
export function parseLocalizedText(json: string | null | undefined): LocalizedText {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    if (!value || typeof value !== "object") return {};
    const text: LocalizedText = {};
    for (const locale of LOCALES) {
      const v = (value as Record<string, unknown>)[locale];
      if (typeof v === "string" && v.trim()) text[locale] = v;
    }
    return text;
  } catch {
    return {};
  }
}

/** The text in the reader's language, else Estonian, else any language it was written in. */
export function pickText(text: LocalizedText, locale: Locale): { text: string; locale: Locale } | null {
  for (const candidate of [locale, DEFAULT_LOCALE, ...LOCALES]) {
    const value = text[candidate];
    if (value) return { text: value, locale: candidate };
  }
  return null;
}

/** Shorthand: the best text for the reader, or "" when nothing was written. */
export function localize(json: string | null | undefined, locale: Locale): string {
  return pickText(parseLocalizedText(json), locale)?.text ?? "";
}
