import { useTranslation } from "react-i18next";

import { AUDIENCES, isOneOf } from "~/domain/vocabulary";
import { FieldError } from "~/components/FieldError";

/** "Who is it for": everyone, women only, families with children (a hard rule for matching). */
export function AudienceFieldset({ value, error }: { value: string | undefined; error?: string }) {
  const { t } = useTranslation();
  const chosen = isOneOf(AUDIENCES, value) ? value : "everyone";
  const describedBy = ["field-audience-hint", error ? "field-audience-error" : null].filter(Boolean).join(" ");
  return (
    <fieldset id="field-audience" className={`audience-fieldset${error ? " has-error" : ""}`} aria-describedby={describedBy} tabIndex={-1}>
      <legend>{t("audience.legend")}</legend>
      <div className="audience-choices">
        {AUDIENCES.map((audience) => (
          <label key={audience}>
            <input type="radio" name="audience" value={audience} defaultChecked={chosen === audience} /> {t(`audience.option.${audience}`)}
          </label>
        ))}
      </div>
      <p id="field-audience-hint" className="hint">
        {t("audience.hint")}
      </p>
      <FieldError id="field-audience-error" error={error} />
    </fieldset>
  );
}
