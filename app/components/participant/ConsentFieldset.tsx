import { useTranslation } from "react-i18next";

import { FieldError } from "~/components/FieldError";

/** Agreeing to how the details are used: asked once, on signing up. */
export function ConsentFieldset({ error }: { error?: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="consent">
      <legend>{t("participantForm.section.consent")}</legend>
      <p>{t("participantForm.consentText")}</p>
      <label className="check">
        <input type="checkbox" name="consent" value="yes" aria-describedby={error ? "consent-error" : undefined} aria-invalid={error ? true : undefined} />
        <span>{t("participantForm.consentAgree")}</span>
      </label>
      <FieldError id="consent-error" error={error} />
    </fieldset>
  );
}
