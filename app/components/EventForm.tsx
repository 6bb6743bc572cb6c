import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { EVENT_KINDS } from "~/domain/vocabulary";

import { AudienceFieldset } from "./AudienceFieldset";
import { LanguagesFieldset, SlotsFieldset, TextsFieldset, VenueSelect, type EventFormValues, type VenueOption } from "./EventFormSections";
import { Field } from "./Field";

export type { EventFormValues, VenueOption };

/** The coordinator's event form, used to create and to edit; values and errors come from the route. */
export function EventForm({ venues, values, errors, submitLabel }: { venues: VenueOption[]; values: EventFormValues; errors: Record<string, string>; submitLabel: string }) {
  const { t } = useTranslation();
  const value = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");

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
        <VenueSelect venues={venues} values={values} errors={errors} showCapacity />
      </div>

      <TextsFieldset values={values} errors={errors} hint />

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

      <SlotsFieldset values={values} errors={errors} legend={t("adminEvents.form.slots")} hint={t("adminEvents.form.slotsHint")} />

      <LanguagesFieldset values={values} errors={errors} />

      <Field label={t("adminEvents.form.topic")} name="topic" error={errors.topic} hint={t("adminEvents.form.topicHint")}>
        {(props) => <input {...props} name="topic" defaultValue={value("topic")} maxLength={300} />}
      </Field>

      <AudienceFieldset value={value("audience")} error={errors.audience} />

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
