/**
 * The languages a participant may say they speak: any ISO 639-1 language, not only the quick
 * choices of the form (LANGUAGES in vocabulary.ts). Matching compares codes, so any code works
 * there; names come from the runtime's CLDR data (Intl.DisplayNames), in Node and the browser alike.
 */
import { LANGUAGES, LOCALES, type Locale } from "./vocabulary";

/** Every ISO 639-1 code (184), in alphabetical order. */
export const ISO_639_1 = [
  "aa",
  "ab",
  "ae",
  "af",
  "ak",
  "am",
  "an",
  "ar",
  "as",
  "av",
  "ay",
  "az",
  "ba",
  "be",
  "bg",
  "bh",
  "bi",
  "bm",
  "bn",
  "bo",
  "br",
  "bs",
  "ca",
  "ce",
  "ch",
  "co",
  "cr",
  "cs",
  "cu",
  "cv",
  "cy",
  "da",
  "de",
  "dv",
  "dz",
  "ee",
  "el",
  "en",
  "eo",
  "es",
  "et",
  "eu",
  "fa",
  "ff",
  "fi",
  "fj",
  "fo",
  "fr",
  "fy",
  "ga",
  "gd",
  "gl",
  "gn",
  "gu",
  "gv",
  "ha",
  "he",
  "hi",
  "ho",
  "hr",
  "ht",
  "hu",
  "hy",
  "hz",
  "ia",
  "id",
  "ie",
  "ig",
  "ii",
  "ik",
  "io",
  "is",
  "it",
  "iu",
  "ja",
  "jv",
  "ka",
  "kg",
  "ki",
  "kj",
  "kk",
  "kl",
  "km",
  "kn",
  "ko",
  "kr",
  "ks",
  "ku",
  "kv",
  "kw",
  "ky",
  "la",
  "lb",
  "lg",
  "li",
  "ln",
  "lo",
  "lt",
  "lu",
  "lv",
  "mg",
  "mh",
  "mi",
  "mk",
  "ml",
  "mn",
  "mr",
  "ms",
  "mt",
  "my",
  "na",
  "nb",
  "nd",
  "ne",
  "ng",
  "nl",
  "nn",
  "no",
  "nr",
  "nv",
  "ny",
  "oc",
  "oj",
  "om",
  "or",
  "os",
  "pa",
  "pi",
  "pl",
  "ps",
  "pt",
  "qu",
  "rm",
  "rn",
  "ro",
  "ru",
  "rw",
  "sa",
  "sc",
  "sd",
  "se",
  "sg",
  "si",
  "sk",
  "sl",
  "sm",
  "sn",
  "so",
  "sq",
  "sr",
  "ss",
  "st",
  "su",
  "sv",
  "sw",
  "ta",
  "te",
  "tg",
  "th",
  "ti",
  "tk",
  "tl",
  "tn",
  "to",
  "tr",
  "ts",
  "tt",
  "tw",
  "ty",
  "ug",
  "uk",
  "ur",
  "uz",
  "ve",
  "vi",
  "vo",
  "wa",
  "wo",
  "xh",
  "yi",
  "yo",
  "za",
  "zh",
  "zu",
] as const;

/** Codes a participant's language may have: ISO 639-1, plus the quick choices (Dari is ISO 639-3 "prs"). */
export const PARTICIPANT_LANGUAGES: readonly string[] = [...new Set<string>([...ISO_639_1, ...LANGUAGES])];

const KNOWN = new Set(PARTICIPANT_LANGUAGES);

/** Whether a participant may give this code (lower case) as a language they speak. */
export function isLanguageCode(code: string): boolean {
  return KNOWN.has(code);
}

/** Lower case without accents or extra spaces, so "Kiswahili", "KISWAHILI " and "kiswahili" are one name. */
function fold(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

let namesToCodes: Map<string, string> | undefined;

/** Every language's name in the four interface languages and in itself → its code (the first code wins a shared name). */
function nameIndex(): Map<string, string> {
  if (namesToCodes) return namesToCodes;
  const index = new Map<string, string>();
  const add = (name: string | undefined, code: string) => {
    if (name && !index.has(fold(name))) index.set(fold(name), code);
  };
  for (const locale of LOCALES) {
    const names = new Intl.DisplayNames([locale], { type: "language", fallback: "none" });
    for (const code of PARTICIPANT_LANGUAGES) add(names.of(code), code);
  }
  for (const code of PARTICIPANT_LANGUAGES) {
    try {
      add(new Intl.DisplayNames([code], { type: "language", fallback: "none" }).of(code), code);
    } catch {
      // A runtime without data for this locale simply has no own name for it.
    }
  }
  return (namesToCodes = index);
}

/**
 * The code of a language as a person gives it: a code ("sw", "SW") or its name in Estonian,
 * English, Russian, Ukrainian or in itself ("suahiili", "Swahili", "Kiswahili"); null when it is none.
 */
export function languageCodeOf(text: string): string | null {
  const folded = fold(text);
  if (folded === "") return null;
  if (KNOWN.has(folded)) return folded;
  return nameIndex().get(folded) ?? null;
}

/**
 * Every participant language named in the reader's language, in the reader's alphabetical order;
 * `common` marks the quick choices of the form.
 */
export function namedLanguages(locale: Locale): { code: string; name: string; common: boolean }[] {
  const names = new Intl.DisplayNames([locale], { type: "language", fallback: "code" });
  const collator = new Intl.Collator(locale);
  const common = new Set<string>(LANGUAGES);
  return PARTICIPANT_LANGUAGES.map((code) => {
    const name = names.of(code) ?? code;
    return { code, name: name.charAt(0).toLocaleUpperCase(locale) + name.slice(1), common: common.has(code) };
  }).sort((a, b) => collator.compare(a.name, b.name) || a.code.localeCompare(b.code));
}
