import { useTranslation } from "react-i18next";

import { AUDIENCES } from "~/domain/vocabulary";
import { translateMessage } from "~/utils/validationMessages";

/** "Who is it for": everyone, women only, families with children (a hard rule for matching). */
export function AudienceFieldset({ value, error }: { value: string | undefined; error?: string }) {
  const { t } = useTranslation();
  const chosen = value && (AUDIENCES as readonly string[]).includes(value) ? value : "everyone";
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
      {error ? (
        <p id="field-audience-error" className="field-error" role="alert">
          {translateMessage(t, error)}
        </p>
      ) : null}
    </fieldset>
  );
}
