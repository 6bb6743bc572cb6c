import { DEFAULT_LOCALE, isOneOf, LOCALES, type Locale } from "~/domain/vocabulary";

/** Shared i18next options for server and browser; resources are added by each side. */
export const i18nConfig = {
  supportedLngs: [...LOCALES],
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: "translation",
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
} as const;

export function isLocale(value: unknown): value is Locale {
  return isOneOf(LOCALES, value);
}

/** Names of the languages in themselves, for the language switcher. */
export const LOCALE_NAMES: Record<Locale, string> = {
  et: "Eesti",
  en: "English",
  ru: "Русский",
  uk: "Українська",
};
