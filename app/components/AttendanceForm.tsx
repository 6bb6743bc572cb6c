import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { FieldError } from "~/components/FieldError";

export type AttendancePerson = { assignmentId: number; name: string; status: string };

/**
 * "Who came?": per person on the line-up two radio buttons (came / did not come), for
 * coordinators also how many locals came, and one Save. Hosts see first names only (the caller
 * passes them). `intent=attendance`; the host's form also names its event.
 */
export function AttendanceForm({
  idPrefix,
  people,
  eventId,
  locals,
  errors,
  message,
}: {
  idPrefix: string;
  people: AttendancePerson[];
  /** The host's page shows several events: the form says which. */
  eventId?: number;
  /** Coordinators only: the locals count field and its current value. */
  locals?: { value: number | null };
  errors: Record<string, string>;
  /** A translated result (saved, refused) shown beside the button. */
  message?: { ok: boolean; key: string } | null;
}) {
  const { t } = useTranslation();
  const marksError = errors.marks ? `${idPrefix}-marks-error` : undefined;
  return (
    <Form method="post" className="stack attendance-form" noValidate>
      <input type="hidden" name="intent" value="attendance" />
      {eventId !== undefined ? <input type="hidden" name="eventId" value={eventId} /> : null}
      {people.length === 0 ? <p className="empty">{t("attendance.nobody")}</p> : null}
      {people.length > 0 ? (
        <ul className="attendance-people" aria-describedby={marksError}>
          {people.map((person) => (
            <li key={person.assignmentId}>
              <input type="hidden" name="assignmentId" value={person.assignmentId} />
              <fieldset className="attendance-person">
                <legend>{person.name}</legend>
                <label>
                  <input type="radio" name={`came-${person.assignmentId}`} value="yes" defaultChecked={person.status === "attended"} /> {t("attendance.came")}
                </label>
                <label>
                  <input type="radio" name={`came-${person.assignmentId}`} value="no" defaultChecked={person.status === "no_show"} /> {t("attendance.didNotCome")}
                </label>
              </fieldset>
            </li>
          ))}
        </ul>
      ) : null}
      <FieldError id={marksError} error={errors.marks} />
      {locals ? (
        <div className={`field attendance-locals${errors.localsCount ? " has-error" : ""}`}>
          <label htmlFor={`${idPrefix}-locals`}>{t("attendance.locals")}</label>
          <input
            id={`${idPrefix}-locals`}
            name="localsCount"
            type="number"
            inputMode="numeric"
            min={0}
            max={100000}
            step={1}
            defaultValue={locals.value ?? ""}
            aria-invalid={errors.localsCount ? true : undefined}
            aria-describedby={errors.localsCount ? `${idPrefix}-locals-error` : `${idPrefix}-locals-hint`}
          />
          <p id={`${idPrefix}-locals-hint`} className="hint">
            {t("attendance.localsHint")}
          </p>
          <FieldError id={`${idPrefix}-locals-error`} error={errors.localsCount} />
        </div>
      ) : null}
      {people.length > 0 || locals ? (
        <div className="attendance-save">
          <button type="submit">{t("attendance.save")}</button>
          {message ? (
            <p className={message.ok ? "notice" : "form-error"} role={message.ok ? "status" : "alert"}>
              {t(message.key)}
            </p>
          ) : null}
        </div>
      ) : null}
    </Form>
  );
}
