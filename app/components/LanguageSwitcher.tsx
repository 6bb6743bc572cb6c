import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { LOCALE_NAMES } from "~/i18n/config";
import { LOCALES } from "~/domain/vocabulary";
import { useLocale } from "~/utils/locale";

/** Links to this same page in each language (a full load, so the whole page switches). */
export function LanguageSwitcher() {
  const { t } = useTranslation();
  const current = useLocale();
  const location = useLocation();
  // From the path only, with exactly one leading slash: a path like //evil.example/x (or one
  // starting with a backslash, which browsers read as a slash) would be a link to another site.
  const path = `/${location.pathname.replace(/^[/\\]+/, "")}`;
  return (
    <nav className="languages" aria-label={t("nav.language")}>
      {LOCALES.map((locale) => {
        const params = new URLSearchParams(location.search);
        params.set("lng", locale);
        return (
          <a key={locale} href={`${path}?${params}`} lang={locale} hrefLang={locale} aria-current={locale === current ? "true" : undefined}>
            {LOCALE_NAMES[locale]}
          </a>
        );
      })}
    </nav>
  );
}
