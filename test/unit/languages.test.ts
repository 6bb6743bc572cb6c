import { describe, expect, it } from "vitest";

import { splitLanguageRows } from "~/components/participant/LanguagesFieldset";
import { ISO_639_1, isLanguageCode, languageCodeOf, namedLanguages } from "~/domain/languages";
import { LANGUAGES, LOCALES } from "~/domain/vocabulary";

describe("ISO 639-1 languages", () => {
  it("are the 184 two-letter codes, each named in every interface language", () => {
    expect(ISO_639_1).toHaveLength(184);
    expect(new Set(ISO_639_1).size).toBe(184);
    expect([...ISO_639_1].sort()).toEqual([...ISO_639_1]);
    for (const code of ISO_639_1) expect(code).toMatch(/^[a-z]{2}$/);
    for (const locale of LOCALES) {
      const names = new Intl.DisplayNames([locale], { type: "language", fallback: "none" });
      expect(
        ISO_639_1.filter((code) => !names.of(code)),
        locale,
      ).toEqual([]);
    }
  });

  it("keep the quick choices, Dari (ISO 639-3) included", () => {
    for (const code of LANGUAGES) expect(isLanguageCode(code), code).toBe(true);
    expect(isLanguageCode("sw")).toBe(true);
    expect(isLanguageCode("xx")).toBe(false);
    expect(isLanguageCode("eng")).toBe(false);
  });

  it("are found by code or by name in Estonian, English, Russian, Ukrainian or in themselves", () => {
    expect(["sw", "SW", " sw ", "Swahili", "suahiili", "Суахили", "суахілі", "Kiswahili", "KISWAHILI"].map(languageCodeOf)).toEqual(Array(9).fill("sw"));
    expect(["Dari", "dari", "prs"].map(languageCodeOf)).toEqual(["prs", "prs", "prs"]);
    expect(["Ikinyarwanda", "kinyarwanda", "ትግርኛ", "Tigrinja", "Oromoo"].map(languageCodeOf)).toEqual(["rw", "rw", "ti", "ti", "om"]);
    expect(["", "  ", "Klingon", "xx", "eng", "sw;ru", "<b>sw</b>"].map(languageCodeOf)).toEqual(Array(7).fill(null));
  });

  it("are named in the reader's language, in its alphabetical order, with the quick choices marked", () => {
    const et = namedLanguages("et");
    expect(et).toHaveLength(new Set([...ISO_639_1, ...LANGUAGES]).size);
    expect(et.find((l) => l.code === "sw")).toEqual({ code: "sw", name: "Suahiili", common: false });
    expect(et.find((l) => l.code === "uk")).toEqual({ code: "uk", name: "Ukraina", common: true });
    const names = et.map((l) => l.name);
    expect(names).toEqual([...names].sort(new Intl.Collator("et").compare));
    expect(namedLanguages("ru").find((l) => l.code === "sw")?.name).toBe("Суахили");
  });
});

describe("the participant form's language rows", () => {
  const languages = namedLanguages("en");

  it("puts the quick choices in selects and every other language in a typed row by its name", () => {
    const rows = splitLanguageRows(
      [
        { code: "uk", level: "native" },
        { code: "sw", level: "basic" },
        { code: "Klingon", level: "basic" },
        { code: "", level: "fluent" },
      ],
      languages,
      0,
    );
    expect(rows.quick).toEqual([
      { code: "uk", text: "", level: "native", index: 0 },
      { code: "", text: "", level: "fluent", index: 3 },
      { code: "", text: "", level: "", index: null },
    ]);
    // A known code shows its name; what was refused is shown as typed; one empty row to type another.
    expect(rows.other).toEqual([
      { code: "sw", text: "Swahili", level: "basic", index: 1 },
      { code: "klingon", text: "Klingon", level: "basic", index: 2 },
      { code: "", text: "", level: "", index: null },
    ]);
  });

  it("starts with three quick rows and one typed row, and adds typed rows", () => {
    const rows = splitLanguageRows([], languages, 2);
    expect(rows.quick).toHaveLength(3);
    expect(rows.other).toHaveLength(3);
  });
});
