import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { EVENT_KINDS, EVENT_STATES, LOCALES, OFFERS } from "~/domain/vocabulary";
import { resources } from "~/i18n/resources";

const PLURAL_SUFFIXES = ["zero", "one", "two", "few", "many", "other"];

/** Every leaf key, e.g. "home.title", "admin.dashboard.participants_one". */
function flatten(value: unknown, prefix = ""): string[] {
  if (typeof value === "string") return [prefix];
  if (!value || typeof value !== "object") throw new Error(`Not a string or object at ${prefix}`);
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

/** Plural keys stand for their base key; each language has its own set of plural forms. */
function baseKeys(keys: string[]): Set<string> {
  return new Set(keys.map((k) => k.replace(new RegExp(`_(${PLURAL_SUFFIXES.join("|")})$`), "")));
}

function pluralBases(keys: string[]): Set<string> {
  return new Set(keys.filter((k) => PLURAL_SUFFIXES.some((s) => k.endsWith(`_${s}`))).map((k) => k.replace(/_[a-z]+$/, "")));
}

const keysByLocale = Object.fromEntries(LOCALES.map((l) => [l, flatten(resources[l].translation)])) as Record<(typeof LOCALES)[number], string[]>;

describe("locale files", () => {
  it.each(LOCALES.filter((l) => l !== "et"))("%s has exactly the keys Estonian has", (locale) => {
    const reference = [...baseKeys(keysByLocale.et)].sort();
    const other = [...baseKeys(keysByLocale[locale])].sort();
    expect(
      other.filter((k) => !reference.includes(k)),
      "extra keys",
    ).toEqual([]);
    expect(
      reference.filter((k) => !other.includes(k)),
      "missing keys",
    ).toEqual([]);
  });

  it.each(LOCALES)("%s has every plural form its language needs and no empty text", (locale) => {
    const keys = keysByLocale[locale];
    const forms = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const base of pluralBases(keys)) {
      for (const form of forms) expect(keys, `${locale}: ${base}_${form}`).toContain(`${base}_${form}`);
    }
    const values = keys.map((k) => k.split(".").reduce<any>((o, part) => o[part], resources[locale].translation));
    expect(values.filter((v) => typeof v !== "string" || v.trim() === "")).toEqual([]);
  });

  it.each(LOCALES)("%s names every offer, event kind and event state", (locale) => {
    const keys = new Set(keysByLocale[locale]);
    for (const offer of OFFERS) expect(keys).toContain(`offer.${offer}`);
    for (const kind of EVENT_KINDS) expect(keys).toContain(`event.kind.${kind}`);
    for (const state of EVENT_STATES) expect(keys).toContain(`event.state.${state}`);
  });

  it('has every key the code asks for with a literal t("…")', () => {
    const known = baseKeys(keysByLocale.et);
    const missing: string[] = [];
    for (const file of sourceFiles(path.resolve(__dirname, "../../app"))) {
      const text = fs.readFileSync(file, "utf8");
      for (const match of text.matchAll(/\bt\(\s*"([a-zA-Z0-9_.]+)"/g)) {
        if (!known.has(match[1])) missing.push(`${path.relative(process.cwd(), file)}: ${match[1]}`);
      }
      for (const match of text.matchAll(/"(validation\.[a-zA-Z0-9_.]+)"/g)) {
        if (!known.has(match[1])) missing.push(`${path.relative(process.cwd(), file)}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}
