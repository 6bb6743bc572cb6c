import { useTranslation } from "react-i18next";

import type { ParticipantValues } from "~/schemas/participant";

import { Field } from "../Field";

/** Childcare, step-free access and food. */
export function NeedsFieldset({ values, errors }: { values: ParticipantValues; errors: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t("participantForm.section.needs")}</legend>
      <label className="check">
        <input type="checkbox" name="needs_childcare" value="on" defaultChecked={values.needs_childcare} />
        <span>{t("participantForm.needsChildcare")}</span>
      </label>
      <label className="check">
        <input type="checkbox" name="needs_step_free" value="on" defaultChecked={values.needs_step_free} />
        <span>{t("participantForm.needsStepFree")}</span>
      </label>
      <Field label={t("participantForm.dietary")} name="dietary" error={errors.dietary} hint={t("participantForm.dietaryHint")}>
        {(props) => <input {...props} name="dietary" defaultValue={values.dietary ?? ""} maxLength={200} />}
      </Field>
    </fieldset>
  );
}
