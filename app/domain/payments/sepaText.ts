/**
 * Text as SEPA credit transfers allow it (EPC guidelines, the Latin character set):
 * a–z A–Z 0–9 / - ? : ( ) . , ' + and space. Estonian letters lose their marks (õ → o, š → s),
 * Cyrillic is transliterated (Ukrainian letters the Ukrainian way, the rest as Russian), anything
 * else becomes a space; then runs of spaces are one and the text is cut to `max` characters.
 */
const CYRILLIC: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  ґ: "g",
  д: "d",
  е: "e",
  є: "ie",
  ё: "e",
  ж: "zh",
  з: "z",
  и: "i",
  і: "i",
  ї: "i",
  й: "i",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "iu",
  я: "ia",
};
const UKRAINIAN_LETTERS = /[ґєіїҐЄІЇ]/;
const ALLOWED = /[^A-Za-z0-9/\-?:().,'+ ]/g;

function transliterate(text: string): string {
  const ukrainian = UKRAINIAN_LETTERS.test(text);
  let out = "";
  for (const char of text) {
    const lower = char.toLowerCase();
    let latin = CYRILLIC[lower];
    if (latin === undefined) {
      out += char;
      continue;
    }
    if (ukrainian && lower === "г") latin = "h";
    if (ukrainian && lower === "и") latin = "y";
    out += char === lower ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
  }
  return out;
}

/** `text` in the SEPA character set, at most `max` characters (names: 70, remittance: 140). */
export function sepaText(text: string, max: number): string {
  const latin = transliterate(text)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .replace(/[&]/g, "+")
    .replace(ALLOWED, " ")
    .replace(/\s+/g, " ")
    .trim();
  return latin.slice(0, max).trim();
}
