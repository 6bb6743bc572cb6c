import type { Locale } from "~/domain/vocabulary";

import en from "./locales/en.json";
import et from "./locales/et.json";
import ru from "./locales/ru.json";
import uk from "./locales/uk.json";

export type Messages = typeof et;

/** All translations; on the server only (the browser gets its one language from the root loader). */
export const resources: Record<Locale, { translation: Messages }> = {
  et: { translation: et },
  en: { translation: en },
  ru: { translation: ru },
  uk: { translation: uk },
};
