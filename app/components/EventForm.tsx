import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { EVENT_KINDS, LANGUAGES, LOCALES, OFFERS } from "~/domain/vocabulary";
import { useLocale } from "~/root";
import { languageName } from "~/utils/languageNames";

import { Field } from "./Field";

export type VenueOption = { id: number; name: string; capacity: number | null; town_name: string };

/** What the form shows: the saved event, or what the coordinator just typed. */
export type EventFormValues = Record<string, string | string[] | undefined>;

/** The coordinator's event form, used to create and to edit; values and errors come from the route. */
export function EventForm({
  venues,
  values,
  errors,
  submitLabel,
}: {
  venues: VenueOption[];
  values: EventFormValues;
  errors: Record<string, string>;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const value = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  const checked = (name: string, option: string) => {
    const v = values[name];
    return Array.isArray(v) ? v.includes(option) : v === option;
  };
  const towns = [...new Set(venues.map((v) => v.town_name))];

  return (
    <Form method="post" className="stack event-form" noValidate>
      <input type="hidden" name="intent" value="save" />
      <div className="form-row">
        <Field label={t("adminEvents.form.kind")} name="kind" error={errors.kind}>
          {(props) => (
            <select {...props} name="kind" defaultValue={value("kind") || "community_event"}>
              {EVENT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`event.kind.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("adminEvents.form.venue")} name="venueId" error={errors.venueId}>
          {(props) => (
            <select {...props} name="venueId" defaultValue={value("venueId")}>
              <option value="">{t("adminEvents.form.chooseVenue")}</option>
              {towns.map((town) => (
                <optgroup key={town} label={town}>
                  {venues
                    .filter((v) => v.town_name === town)
                    .map((v) => (
                      <option key={v.id} value={v.id}>
                        {v.name}
                        {v.capacity ? ` (${t("adminEvents.form.seats", { count: v.capacity })})` : ""}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
      </div>

      <fieldset>
        <legend>{t("adminEvents.form.texts")}</legend>
        <p className="hint">{t("adminEvents.form.textsHint")}</p>
        {LOCALES.map((l) => (
          <div key={l} className="form-row texts-row" lang={l}>
            <Field label={t("adminEvents.form.titleIn", { language: languageName(l, locale) })} name={`title_${l}`} error={errors[`title_${l}`]}>
              {(props) => <input {...props} name={`title_${l}`} defaultValue={value(`title_${l}`)} maxLength={200} />}
            </Field>
            <Field label={t("adminEvents.form.descriptionIn", { language: languageName(l, locale) })} name={`description_${l}`} error={errors[`description_${l}`]}>
              {(props) => <textarea {...props} name={`description_${l}`} defaultValue={value(`description_${l}`)} rows={3} />}
            </Field>
          </div>
        ))}
      </fieldset>

      <div className="form-row">
        <Field label={t("adminEvents.form.date")} name="date" error={errors.date}>
          {(props) => <input {...props} type="date" name="date" defaultValue={value("date")} required />}
        </Field>
        <Field label={t("adminEvents.form.startTime")} name="startTime" error={errors.startTime}>
          {(props) => <input {...props} type="time" name="startTime" defaultValue={value("startTime")} required />}
        </Field>
        <Field label={t("adminEvents.form.endTime")} name="endTime" error={errors.endTime}>
          {(props) => <input {...props} type="time" name="endTime" defaultValue={value("endTime")} required />}
        </Field>
      </div>
      <p className="hint">{t("adminEvents.form.timeZoneHint")}</p>

      <div className="form-row">
        <Field label={t("adminEvents.form.capacity")} name="capacity" error={errors.capacity}>
          {(props) => <input {...props} type="number" min={1} max={5000} name="capacity" defaultValue={value("capacity")} />}
        </Field>
        <Field label={t("adminEvents.form.expectedAudience")} name="expectedAudience" error={errors.expectedAudience}>
          {(props) => <input {...props} type="number" min={1} max={5000} name="expectedAudience" defaultValue={value("expectedAudience")} />}
        </Field>
      </div>

      <fieldset>
        <legend>{t("adminEvents.form.slots")}</legend>
        <p className="hint">{t("adminEvents.form.slotsHint")}</p>
        <div className="slot-grid">
          {[...OFFERS, "any" as const].map((offer) => (
            <Field key={offer} label={offer === "any" ? t("adminEvents.form.anyOffer") : t(`offer.${offer}`)} name={`slot_${offer}`} error={errors[`slot_${offer}`]}>
              {(props) => <input {...props} type="number" min={0} max={10} name={`slot_${offer}`} defaultValue={value(`slot_${offer}`) || "0"} />}
            </Field>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("adminEvents.form.languages")}</legend>
        <div className="checkbox-grid">
          {LANGUAGES.map((code) => (
            <label key={code}>
              <input type="checkbox" name="languages" value={code} defaultChecked={checked("languages", code)} /> {languageName(code, locale)}
            </label>
          ))}
        </div>
        {errors.languages ? (
          <p className="field-error" role="alert">
            {t(errors.languages)}
          </p>
        ) : null}
      </fieldset>

      <Field label={t("adminEvents.form.topic")} name="topic" error={errors.topic} hint={t("adminEvents.form.topicHint")}>
        {(props) => <input {...props} name="topic" defaultValue={value("topic")} maxLength={300} />}
      </Field>

      <div className="checkbox-row">
        <label>
          <input type="checkbox" name="isPublic" defaultChecked={values.isPublic === "on"} /> {t("adminEvents.form.isPublic")}
        </label>
        <label>
          <input type="checkbox" name="overnightStay" defaultChecked={values.overnightStay === "on"} /> {t("adminEvents.form.overnightStay")}
        </label>
      </div>

      <div>
        <button type="submit">{submitLabel}</button>
      </div>
    </Form>
  );
}
