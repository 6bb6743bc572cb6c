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
      .then(() => rememberPlainLookups(created));
    renderInstances.set(locale, instance);
  }
  return instance;
}

/**
 * How many looked-up texts each instance keeps: every message of every namespace in one language,
 * and the counted ones ("3 of 5 places filled") for the numbers pages show, fit many times over.
 */
const LOOKUPS_KEPT = 20_000;

/** What react-i18next's `t` passes besides the key when the page gives no options of its own. */
const SCOPE_OPTIONS = new Set(["lng", "lngs", "ns", "keyPrefix"]);

/**
 * The memo key of a lookup whose text depends only on the key, the language, the namespace and
 * numbers to put in (counts, "from"/"to"); undefined for anything else (names and other text
 * values, contexts, objects returned), which is passed through unremembered.
 */
function lookupKey(key: unknown, options: unknown): string | undefined {
  if (typeof key !== "string") return undefined;
  if (options === undefined) return key;
  if (typeof options !== "object" || options === null) return undefined;
  let memoKey = key;
  for (const [name, value] of Object.entries(options)) {
    if (SCOPE_OPTIONS.has(name)) {
      if (value == null) continue;
      // react-i18next passes lngs: null and keyPrefix: undefined when the page names neither.
      if ((name === "lng" || name === "ns") && typeof value === "string") memoKey += `\u0000${name}=${value}`;
      else return undefined;
    } else if (typeof value === "number" && Number.isFinite(value)) memoKey += `\u0000${name}=${value}`;
    else return undefined;
  }
  return memoKey;
}

/**
 * Remembers the texts of lookups that depend on nothing but the key, language, namespace and
 * numbers (lookupKey): most of a page's labels and headings, and its counts. Each lookup walks
 * the language and namespace fallbacks and interpolates anew, a tenth of a coordinator page's
 * render (profiled); the messages never change while the process runs.
 */
export function rememberPlainLookups(instance: I18n): I18n {
  const translate = instance.t.bind(instance) as (key: unknown, options?: unknown) => unknown;
  const known = new Map<string, unknown>();
  instance.t = ((key: unknown, options?: unknown) => {
    const memoKey = lookupKey(key, options);
    if (memoKey === undefined) return translate(key, options);
    let text = known.get(memoKey);
    if (text === undefined) {
      text = translate(key, options);
      // A key without a message (i18next answers with the key) is not kept: keys made from input stay out.
      if (typeof text === "string" && text !== key) {
        if (known.size >= LOOKUPS_KEPT) known.clear();
        known.set(memoKey, text);
      }
    }
    return text;
  }) as I18n["t"];
  return instance;
}
