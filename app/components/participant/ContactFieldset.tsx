import { useTranslation } from "react-i18next";

import type { ParticipantValues } from "~/schemas/participant";

import { Field } from "../Field";

/** E-mail and phone, both optional. */
export function ContactFieldset({ values, errors }: { values: ParticipantValues; errors: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t("participantForm.section.contact")}</legend>
      <p className="hint">{t("participantForm.contactHint")}</p>
      <Field label={t("participantForm.email")} name="email" error={errors.email}>
        {(props) => <input {...props} name="email" type="email" defaultValue={values.email ?? ""} autoComplete="email" maxLength={254} />}
      </Field>
      <Field label={t("participantForm.phone")} name="phone" error={errors.phone}>
        {(props) => <input {...props} name="phone" type="tel" defaultValue={values.phone ?? ""} autoComplete="tel" maxLength={30} />}
      </Field>
    </fieldset>
  );
}
