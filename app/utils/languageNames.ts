import type { Locale } from "~/domain/vocabulary";

const cache = new Map<Locale, Intl.DisplayNames>();

/** A language's name in the reader's language ("uk" → "ukrainien"…), from the runtime's CLDR data. */
export function languageName(code: string, locale: Locale): string {
  let names = cache.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: "language", fallback: "code" });
    cache.set(locale, names);
  }
  const name = names.of(code) ?? code;
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}
