import { useTranslation } from "react-i18next";

import { LOCALES } from "~/domain/vocabulary";
import { LOCALE_NAMES } from "~/i18n/config";
import type { ParticipantValues } from "~/schemas/participant";

import { Field } from "../Field";
import { useFieldLabel, type Voice } from "./labels";

export type TownChoices = { code: string; name: string; towns: { slug: string; name: string }[] }[];

/** Name, home town (by county) and the language messages are written in. */
export function AboutYouFieldset({ values, errors, towns, voice }: { values: ParticipantValues; errors: Record<string, string>; towns: TownChoices; voice: Voice }) {
  const { t } = useTranslation();
  const label = useFieldLabel(voice);
  return (
    <fieldset>
      <legend>{t("participantForm.section.you")}</legend>
      <div className="form-pair">
        <Field label={t("participantForm.firstName")} name="first_name" error={errors.first_name}>
          {(props) => <input {...props} name="first_name" defaultValue={values.first_name ?? ""} autoComplete="given-name" maxLength={80} required />}
        </Field>
        <Field label={t("participantForm.lastName")} name="last_name" error={errors.last_name} hint={t("participantForm.optional")}>
          {(props) => <input {...props} name="last_name" defaultValue={values.last_name ?? ""} autoComplete="family-name" maxLength={80} />}
        </Field>
      </div>
      <Field label={label("homeTown")} name="home_town" error={errors.home_town} hint={t("participantForm.homeTownHint")}>
        {(props) => (
          <select {...props} name="home_town" defaultValue={values.home_town ?? ""} required>
            <option value="">{t("participantForm.chooseTown")}</option>
            {towns.map((region) => (
              <optgroup key={region.code} label={region.name}>
                {region.towns.map((town) => (
                  <option key={town.slug} value={town.slug}>
                    {town.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("participantForm.preferredLocale")} name="preferred_locale" error={errors.preferred_locale} hint={t("participantForm.preferredLocaleHint")}>
        {(props) => (
          <select {...props} name="preferred_locale" defaultValue={values.preferred_locale ?? "et"}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        )}
      </Field>
    </fieldset>
  );
}
