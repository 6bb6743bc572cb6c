import { useTranslation } from "react-i18next";

import { GENDERS } from "~/domain/participants/consent";
import type { ParticipantValues } from "~/schemas/participant";

import { Field } from "../Field";
import type { NamedCode } from "./LanguagesFieldset";

/** Country of origin and gender, both "prefer not to say" by default. */
export function DiversityFieldset({ values, errors, countries }: { values: ParticipantValues; errors: Record<string, string>; countries: NamedCode[] }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t("participantForm.section.diversity")}</legend>
      <p className="hint">{t("participantForm.diversityHint")}</p>
      <div className="form-pair">
        <Field label={t("participantForm.countryOfOrigin")} name="country_of_origin" error={errors.country_of_origin}>
          {(props) => (
            <select {...props} name="country_of_origin" defaultValue={values.country_of_origin ?? ""}>
              <option value="">{t("participantForm.preferNotToSay")}</option>
              {countries.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("participantForm.gender")} name="gender" error={errors.gender}>
          {(props) => (
            <select {...props} name="gender" defaultValue={values.gender ?? ""}>
              <option value="">{t("participantForm.preferNotToSay")}</option>
              {GENDERS.map((g) => (
                <option key={g} value={g}>
                  {t(`participantForm.genderOption.${g}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
    </fieldset>
  );
}
