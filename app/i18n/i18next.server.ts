import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";

import { DEFAULT_LOCALE, LOCALES } from "~/domain/vocabulary";
import { isProduction } from "~/utils/env.server";

import { i18nConfig } from "./config";
import { resources } from "./resources";

/** Remembers the language chosen with ?lng= for a year. */
export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  secure: isProduction(),
  maxAge: 60 * 60 * 24 * 365,
});

/** Language detection: ?lng=, then the cookie, then Accept-Language, then Estonian. */
export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...LOCALES],
    fallbackLanguage: DEFAULT_LOCALE,
    cookie: localeCookie,
    searchParamKey: "lng",
    order: ["searchParams", "cookie", "header"],
  },
  i18next: { ...i18nConfig, supportedLngs: [...LOCALES], resources },
});
