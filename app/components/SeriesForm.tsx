import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { AudienceFieldset } from "./AudienceFieldset";
import { LanguagesFieldset, SlotsFieldset, TextsFieldset, VenueSelect, type EventFormValues, type VenueOption } from "./EventFormSections";
import { Field } from "./Field";

/** The form for a cosy-corner series: where, the rule in Tallinn time, texts and the slots of every session. */
export function SeriesForm({
  venues,
  values,
  errors,
  submitLabel,
  isNew,
  hidden,
  extraVenue,
}: {
  venues: VenueOption[];
  values: EventFormValues;
  errors: Record<string, string>;
  submitLabel: string;
  isNew: boolean;
  /** Extra fields sent with the form (e.g. the request a new series answers). */
  hidden?: Record<string, string>;
  /** A venue not stored yet, offered first (a host's new place, made on save). */
  extraVenue?: { value: string; label: string };
}) {
  const { t } = useTranslation();
  const value = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");

  return (
    <Form method="post" className="stack event-form" noValidate>
      <input type="hidden" name="intent" value="save" />
      {Object.entries(hidden ?? {}).map(([name, fieldValue]) => (
        <input key={name} type="hidden" name={name} value={fieldValue} />
      ))}
      <VenueSelect venues={venues} values={values} errors={errors} extraOption={extraVenue} />

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

      <TextsFieldset values={values} errors={errors} />

      <SlotsFieldset values={values} errors={errors} legend={t("series.form.slots")} />

      <LanguagesFieldset values={values} errors={errors} />

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
      <AudienceFieldset value={value("audience")} error={errors.audience} />

      <label className="checkbox-row">
        <input type="checkbox" name="isPublic" defaultChecked={values.isPublic === "on"} /> {t("adminEvents.form.isPublic")}
      </label>
      <div>
        <button type="submit">{submitLabel}</button>
      </div>
    </Form>
  );
}
