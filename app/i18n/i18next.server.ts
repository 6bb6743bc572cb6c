import { createCookie } from "@remix-run/node";
import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";

import { DEFAULT_LOCALE, LOCALES } from "~/domain/vocabulary";
import { isProduction } from "~/utils/env.server";

import { i18nConfig, isLocale } from "./config";
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

/**
 * remix-i18next makes and initialises a new i18next instance on every getFixedT call; queueing a
 * message called it several times, a quarter of the time of sending invitations (profiled). The
 * translations never change while the process runs, so one translator per language and
 * namespaces is kept. Calls with options are passed through.
 */
const translators = new Map<string, ReturnType<RemixI18Next["getFixedT"]>>();
const makeFixedT = i18next.getFixedT.bind(i18next);
i18next.getFixedT = ((locale: string, namespaces?: string | readonly string[], options?: object) => {
  if (options !== undefined) return makeFixedT(locale, namespaces as never, options as never);
  const key = `${locale}|${[namespaces ?? []].flat().join(",")}`;
  let translator = translators.get(key);
  if (!translator) translators.set(key, (translator = makeFixedT(locale, namespaces as never)));
  return translator;
}) as RemixI18Next["getFixedT"];

/**
 * The i18next instance pages are rendered with, one per language for the life of the process
 * (making and initialising one per request was a few per cent of every page's time, profiled).
 * Shared by concurrent renders, which is safe because the server never changes an instance's
 * language or resources: a page in another language takes that language's instance.
 */
const renderInstances = new Map<string, Promise<I18n>>();
export function renderInstance(requested: string): Promise<I18n> {
  // One of the four, so the map never grows past them.
  const locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  let instance = renderInstances.get(locale);
  if (!instance) {
    const created = createInstance();
    instance = created
      .use(initReactI18next)
      .init({ ...i18nConfig, supportedLngs: [...LOCALES], lng: locale, resources })
      .then(() => created);
    renderInstances.set(locale, instance);
  }
  return instance;
}
