import { useState } from "react";
import { useTranslation } from "react-i18next";

import { LANGUAGE_LEVELS } from "~/domain/vocabulary";
import type { ParticipantValues } from "~/schemas/participant";

import { errorFor, FieldError } from "~/components/FieldError";

export type NamedCode = { code: string; name: string };
/** A language as the form offers it; `common` ones are the quick choices, the rest are typed with suggestions. */
export type NamedLanguage = NamedCode & { common?: boolean };

function LevelSelect({ id, n, value, invalid }: { id: string; n: number; value: string; invalid: boolean }) {
  const { t } = useTranslation();
  return (
    <div>
      <label htmlFor={id} className="visually-hidden">
        {t("participantForm.levelN", { n })}
      </label>
      <select id={id} name="lang_level" defaultValue={value} aria-invalid={invalid ? true : undefined}>
        <option value="">{t("participantForm.chooseLevel")}</option>
        {LANGUAGE_LEVELS.map((level) => (
          <option key={level} value={level}>
            {t(`participantForm.level.${level}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

type LanguageRow = { code: string; text: string; level: string; index: number | null };

/**
 * The language rows to show: quick choices in selects (at least three rows, some empty), then every
 * other language in a text row by its name (with one empty row, and more added with JavaScript).
 * `index` is the row's place in what was sent, which is how its errors are keyed.
 */
export function splitLanguageRows(sent: { code: string; level: string }[], languages: NamedLanguage[], extra: number): { quick: LanguageRow[]; other: LanguageRow[] } {
  const common = new Set(languages.filter((l) => l.common).map((l) => l.code));
  const names = new Map(languages.map((l) => [l.code, l.name]));
  const quick: LanguageRow[] = [];
  const other: LanguageRow[] = [];
  sent.forEach((row, index) => {
    const code = row.code.trim().toLowerCase();
    if (code === "" || common.has(code)) quick.push({ code, text: "", level: row.level, index });
    // A known code shows its name; what was typed and refused is shown as typed.
    else other.push({ code, text: names.get(code) ?? row.code, level: row.level, index });
  });
  const empty = (): LanguageRow => ({ code: "", text: "", level: "", index: null });
  for (let i = quick.length; i < 3; i++) quick.push(empty());
  for (let i = 0; i < 1 + extra; i++) other.push(empty());
  return { quick, other };
}

/** Suggestions for the typed languages: each name once (CLDR names "ak" and "tw" both Akan). */
function uniqueNames(languages: NamedLanguage[]): string[] {
  return [...new Set(languages.map((l) => l.name))];
}

/** The languages someone speaks and how well: quick choices, then any other language typed by name. */
export function LanguagesFieldset({
  values,
  errors,
  languages,
  hydrated,
}: {
  values: ParticipantValues;
  errors: Record<string, string>;
  languages: NamedLanguage[];
  hydrated: boolean;
}) {
  const { t } = useTranslation();
  const [extraLanguages, setExtraLanguages] = useState(0);
  const languageRows = splitLanguageRows(values.languages ?? [], languages, extraLanguages);
  const suggestions = uniqueNames(languages);
  return (
    <fieldset aria-describedby={errorFor(errors, "languages") ? "languages-error" : undefined}>
      <legend>{t("participantForm.section.languages")}</legend>
      <p className="hint">{t("participantForm.languagesHint")}</p>
      <FieldError id="languages-error" error={errorFor(errors, "languages")} />
      <div className="language-rows">
        {languageRows.quick.map((row, i) => (
          <div key={i} className="language-row">
            <div>
              <label htmlFor={`lang-code-${i}`} className="visually-hidden">
                {t("participantForm.languageN", { n: i + 1 })}
              </label>
              <select id={`lang-code-${i}`} name="lang_code" defaultValue={row.code} aria-invalid={row.index !== null && errors[`languages.${row.index}.code`] ? true : undefined}>
                <option value="">{t("participantForm.chooseLanguage")}</option>
                {languages
                  .filter((l) => l.common)
                  .map((l) => (
                    <option key={l.code} value={l.code}>
                      {l.name}
                    </option>
                  ))}
              </select>
            </div>
            <LevelSelect id={`lang-level-${i}`} n={i + 1} value={row.level} invalid={row.index !== null && Boolean(errors[`languages.${row.index}.level`])} />
          </div>
        ))}
      </div>
      {/* Any other ISO 639-1 language: typed, with every language's name in the reader's language as suggestions (no script needed). */}
      <div className="other-languages">
        <p id="other-languages-hint" className="hint">
          {t("forms.otherLanguage.hint")}
        </p>
        <div className="language-rows">
          {languageRows.other.map((row, j) => {
            const n = languageRows.quick.length + j + 1;
            return (
              <div key={j} className="language-row">
                <div>
                  <label htmlFor={`lang-code-${n - 1}`} className="visually-hidden">
                    {t("participantForm.languageN", { n })}
                  </label>
                  <input
                    id={`lang-code-${n - 1}`}
                    name="lang_code"
                    list="all-languages"
                    defaultValue={row.text}
                    placeholder={t("forms.otherLanguage.placeholder")}
                    autoComplete="off"
                    maxLength={60}
                    aria-describedby="other-languages-hint"
                    aria-invalid={row.index !== null && errors[`languages.${row.index}.code`] ? true : undefined}
                  />
                </div>
                <LevelSelect id={`lang-level-${n - 1}`} n={n} value={row.level} invalid={row.index !== null && Boolean(errors[`languages.${row.index}.level`])} />
              </div>
            );
          })}
        </div>
        <datalist id="all-languages">
          {suggestions.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </div>
      {hydrated ? (
        <button type="button" className="secondary small" onClick={() => setExtraLanguages((n) => n + 1)}>
          {t("participantForm.addLanguage")}
        </button>
      ) : null}
    </fieldset>
  );
}
