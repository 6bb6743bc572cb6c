import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { LANGUAGES, LOCALES, OFFERS } from "~/domain/vocabulary";
import { useLocale } from "~/root";
import { languageName } from "~/utils/languageNames";

import type { EventFormValues, VenueOption } from "./EventForm";
import { Field } from "./Field";

/** The form for a cosy-corner series: where, the rule in Tallinn time, texts and the slots of every session. */
export function SeriesForm({
  venues,
  values,
  errors,
  submitLabel,
  isNew,
}: {
  venues: VenueOption[];
  values: EventFormValues;
  errors: Record<string, string>;
  submitLabel: string;
  isNew: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const value = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  const towns = [...new Set(venues.map((v) => v.town_name))];
  const languages = Array.isArray(values.languages) ? values.languages : [];

  return (
    <Form method="post" className="stack event-form" noValidate>
      <input type="hidden" name="intent" value="save" />
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
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        )}
      </Field>

      <fieldset>
        <legend>{t("series.form.rule")}</legend>
        <div className="form-row">
          <Field label={t("series.form.frequency")} name="frequency" error={errors.frequency}>
            {(props) => (
              <select {...props} name="frequency" defaultValue={value("frequency") || "weekly"}>
                <option value="weekly">{t("series.frequency.weekly")}</option>
                <option value="biweekly">{t("series.frequency.biweekly")}</option>
                <option value="monthly">{t("series.frequency.monthly")}</option>
              </select>
            )}
          </Field>
          <Field label={t("series.form.startDate")} name="startDate" error={errors.startDate} hint={t("series.form.startDateHint")}>
            {(props) => <input {...props} type="date" name="startDate" defaultValue={value("startDate")} />}
          </Field>
          <Field label={t("series.form.monthlyWeek")} name="monthlyWeek" error={errors.monthlyWeek} hint={t("series.form.monthlyWeekHint")}>
            {(props) => (
              <select {...props} name="monthlyWeek" defaultValue={value("monthlyWeek")}>
                <option value="">{t("series.form.fromStartDate")}</option>
                {["1", "2", "3", "4", "-1"].map((n) => (
                  <option key={n} value={n}>
                    {t(`series.nth.${n === "-1" ? "last" : n}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="form-row">
          <Field label={t("adminEvents.form.startTime")} name="startTime" error={errors.startTime}>
            {(props) => <input {...props} type="time" name="startTime" defaultValue={value("startTime")} />}
          </Field>
          <Field label={t("series.form.duration")} name="durationMinutes" error={errors.durationMinutes}>
            {(props) => <input {...props} type="number" min={15} max={720} step={15} name="durationMinutes" defaultValue={value("durationMinutes")} />}
          </Field>
        </div>
        <div className="form-row end-row">
          <fieldset className="inline-fieldset">
            <legend>{t("series.form.ends")}</legend>
            <label>
              <input type="radio" name="endType" value="count" defaultChecked={value("endType") !== "until"} /> {t("series.form.afterCount")}
            </label>
            <label>
              <input type="radio" name="endType" value="until" defaultChecked={value("endType") === "until"} /> {t("series.form.onDate")}
            </label>
          </fieldset>
          <Field label={t("series.form.count")} name="count" error={errors.count}>
            {(props) => <input {...props} type="number" min={1} max={200} name="count" defaultValue={value("count")} />}
          </Field>
          <Field label={t("series.form.until")} name="until" error={errors.until}>
            {(props) => <input {...props} type="date" name="until" defaultValue={value("until")} />}
          </Field>
        </div>
        <p className="hint">{t("adminEvents.form.timeZoneHint")}</p>
      </fieldset>

      <fieldset>
        <legend>{t("adminEvents.form.texts")}</legend>
        {LOCALES.map((l) => (
          <div key={l} className="form-row texts-row" lang={l}>
            <Field label={t("adminEvents.form.titleIn", { language: languageName(l, locale) })} name={`title_${l}`} error={errors[`title_${l}`]}>
              {(props) => <input {...props} name={`title_${l}`} defaultValue={value(`title_${l}`)} maxLength={200} />}
            </Field>
            <Field label={t("adminEvents.form.descriptionIn", { language: languageName(l, locale) })} name={`description_${l}`} error={errors[`description_${l}`]}>
              {(props) => <textarea {...props} name={`description_${l}`} defaultValue={value(`description_${l}`)} rows={2} />}
            </Field>
          </div>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t("series.form.slots")}</legend>
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
              <input type="checkbox" name="languages" value={code} defaultChecked={languages.includes(code)} /> {languageName(code, locale)}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="form-row">
        <Field label={t("adminEvents.form.capacity")} name="capacity" error={errors.capacity}>
          {(props) => <input {...props} type="number" min={1} max={5000} name="capacity" defaultValue={value("capacity")} />}
        </Field>
        <Field label={t("series.form.sessionState")} name="sessionState" error={errors.sessionState} hint={isNew ? undefined : t("series.form.sessionStateEditHint")}>
          {(props) => (
            <select {...props} name="sessionState" defaultValue={value("sessionState") || "draft"}>
              <option value="draft">{t("event.state.draft")}</option>
              <option value="planned">{t("event.state.planned")}</option>
            </select>
          )}
        </Field>
      </div>
      <label className="checkbox-row">
        <input type="checkbox" name="isPublic" defaultChecked={values.isPublic === "on"} /> {t("adminEvents.form.isPublic")}
      </label>
      <div>
        <button type="submit">{submitLabel}</button>
      </div>
    </Form>
  );
}
