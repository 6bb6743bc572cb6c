import { useTranslation } from "react-i18next";

import { LANGUAGES, LOCALES, OFFERS } from "~/domain/vocabulary";
import { useLocale } from "~/utils/locale";
import { languageName } from "~/utils/languageNames";
import { FieldError } from "~/components/FieldError";

import { Field } from "./Field";

export type VenueOption = { id: number; name: string; capacity: number | null; town_name: string };

/** What an event or series form shows: the saved values, or what the coordinator just typed. */
export type EventFormValues = Record<string, string | string[] | undefined>;

type SectionProps = { values: EventFormValues; errors: Record<string, string> };

const text = (values: EventFormValues, name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");

/** Venues grouped by town; each says its town too, as a closed list shows only the chosen option. */
export function VenueSelect({
  venues,
  values,
  errors,
  showCapacity = false,
  extraOption,
}: SectionProps & {
  venues: VenueOption[];
  showCapacity?: boolean;
  /** A place not in the list yet (a host's new venue), made on save. */ extraOption?: { value: string; label: string };
}) {
  const { t } = useTranslation();
  const towns = [...new Set(venues.map((v) => v.town_name))];
  return (
    <Field label={t("adminEvents.form.venue")} name="venueId" error={errors.venueId}>
      {(props) => (
        <select {...props} name="venueId" defaultValue={text(values, "venueId")}>
          <option value="">{t("adminEvents.form.chooseVenue")}</option>
          {extraOption ? <option value={extraOption.value}>{extraOption.label}</option> : null}
          {towns.map((town) => (
            <optgroup key={town} label={town}>
              {venues
                .filter((v) => v.town_name === town)
                .map((v) => (
                  <option key={v.id} value={v.id}>
                    {`${v.name}, ${v.town_name}`}
                    {showCapacity && v.capacity ? ` (${t("adminEvents.form.seats", { count: v.capacity })})` : ""}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Title and description in each of the four languages. */
export function TextsFieldset({ values, errors, hint = false }: SectionProps & { hint?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <fieldset>
      <legend>{t("adminEvents.form.texts")}</legend>
      {hint ? <p className="hint">{t("adminEvents.form.textsHint")}</p> : null}
      {LOCALES.map((l) => (
        <div key={l} className="form-row texts-row" lang={l}>
          <Field label={t("adminEvents.form.titleIn", { language: languageName(l, locale) })} name={`title_${l}`} error={errors[`title_${l}`]}>
            {(props) => <input {...props} name={`title_${l}`} defaultValue={text(values, `title_${l}`)} maxLength={200} />}
          </Field>
          <Field label={t("adminEvents.form.descriptionIn", { language: languageName(l, locale) })} name={`description_${l}`} error={errors[`description_${l}`]}>
            {(props) => <textarea {...props} name={`description_${l}`} defaultValue={text(values, `description_${l}`)} rows={3} />}
          </Field>
        </div>
      ))}
    </fieldset>
  );
}

/** How many places of each offer (and of any offer). */
export function SlotsFieldset({ values, errors, legend, hint }: SectionProps & { legend: string; hint?: string }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{legend}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      <div className="slot-grid">
        {[...OFFERS, "any" as const].map((offer) => (
          <Field key={offer} label={offer === "any" ? t("adminEvents.form.anyOffer") : t(`offer.${offer}`)} name={`slot_${offer}`} error={errors[`slot_${offer}`]}>
            {(props) => <input {...props} type="number" min={0} max={10} name={`slot_${offer}`} defaultValue={text(values, `slot_${offer}`) || "0"} />}
          </Field>
        ))}
      </div>
    </fieldset>
  );
}

/** The languages spoken at the event. */
export function LanguagesFieldset({ values, errors }: SectionProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const chosen = Array.isArray(values.languages) ? values.languages : [];
  return (
    <fieldset>
      <legend>{t("adminEvents.form.languages")}</legend>
      <div className="checkbox-grid">
        {LANGUAGES.map((code) => (
          <label key={code}>
            <input type="checkbox" name="languages" value={code} defaultChecked={chosen.includes(code)} /> {languageName(code, locale)}
          </label>
        ))}
      </div>
      <FieldError error={errors.languages} />
    </fieldset>
  );
}
