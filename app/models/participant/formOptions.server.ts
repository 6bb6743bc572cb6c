/** What the participant form offers to choose from: towns, languages, countries. */
import { namedLanguages } from "~/domain/languages";
import { COUNTRY_CODES } from "~/domain/participants/countries";
import type { Locale } from "~/domain/vocabulary";
import type { TownRef } from "~/schemas/participant";
import { getDb } from "~/utils/db.server";

/** Every town as the participant schema needs it (slug and name both find a town). */
export async function listTownRefs(): Promise<TownRef[]> {
  return getDb().selectFrom("town").select(["id", "slug", "name"]).execute();
}

/** Towns grouped by county for the home-town select, in the reader's language and order. */
export async function listTownChoices(locale: Locale) {
  const column = `name_${locale}` as const;
  const [regions, towns] = await Promise.all([
    getDb().selectFrom("region").select(["code", column]).execute(),
    getDb().selectFrom("town").select(["slug", "name", "region_code"]).execute(),
  ]);
  const collator = new Intl.Collator(locale);
  return regions
    .map((r) => ({
      code: r.code,
      name: (r as Record<string, string>)[column],
      towns: towns
        .filter((t) => t.region_code === r.code)
        .sort((a, b) => collator.compare(a.name, b.name))
        .map((t) => ({ slug: t.slug, name: t.name })),
    }))
    .filter((r) => r.towns.length > 0)
    .sort((a, b) => collator.compare(a.name, b.name));
}

/** Choices for the participant form in the reader's language: towns by county, languages, countries. */
export async function getFormOptions(locale: Locale) {
  const collator = new Intl.Collator(locale);
  const regionNames = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
  return {
    towns: await listTownChoices(locale),
    // Every language a participant may give (any ISO 639-1), the form's quick choices marked `common`.
    languages: namedLanguages(locale),
    countries: COUNTRY_CODES.map((code) => ({ code, name: regionNames.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name)),
  };
}
