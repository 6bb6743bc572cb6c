import { useState } from "react";
import { useTranslation } from "react-i18next";

import { TRAVEL_CHOICES } from "~/domain/participants/consent";
import { TIMES_OF_DAY, WEEKDAYS_MONDAY_FIRST } from "~/domain/vocabulary";
import { MONTHLY_CAP_LIMITS, type ParticipantValues } from "~/schemas/participant";

import { Field } from "../Field";
import { errorFor, FieldError } from "~/components/FieldError";
import { useDuration, useFieldLabel, type Voice } from "./labels";

/** How far and how often someone goes, on which days and at what times, and the dates they cannot. */
export function AvailabilityFieldset({ values, errors, voice, hydrated }: { values: ParticipantValues; errors: Record<string, string>; voice: Voice; hydrated: boolean }) {
  const { t } = useTranslation();
  const label = useFieldLabel(voice);
  const duration = useDuration();
  const [extraDates, setExtraDates] = useState(0);
  const dateRows = [...(values.unavailable_dates ?? []), ...Array.from({ length: 2 + extraDates }, () => "")];
  const travel = values.max_travel_minutes ?? "";
  const travelChoices: number[] = [...TRAVEL_CHOICES];
  if (travel && /^\d+$/.test(travel) && !travelChoices.includes(Number(travel))) travelChoices.push(Number(travel));
  travelChoices.sort((a, b) => a - b);
  const capChoices = Array.from({ length: 8 }, (_, i) => i + MONTHLY_CAP_LIMITS.min);
  const cap = values.monthly_cap || "2";
  if (!capChoices.includes(Number(cap)) && /^\d+$/.test(cap)) capChoices.push(Number(cap));

  return (
    <fieldset>
      <legend>{t("participantForm.section.travel")}</legend>
      <div className="form-pair">
        <Field label={t("participantForm.maxTravel")} name="max_travel_minutes" error={errors.max_travel_minutes} hint={t("participantForm.maxTravelHint")}>
          {(props) => (
            <select {...props} name="max_travel_minutes" defaultValue={travel || "180"}>
              {travelChoices.map((m) => (
                <option key={m} value={m}>
                  {duration(m)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("participantForm.monthlyCap")} name="monthly_cap" error={errors.monthly_cap} hint={t("participantForm.monthlyCapHint")}>
          {(props) => (
            <select {...props} name="monthly_cap" defaultValue={cap}>
              {capChoices.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset className="inner" aria-describedby={errors.weekdays ? "weekdays-error" : undefined}>
        <legend>{label("weekdays")}</legend>
        <FieldError id="weekdays-error" error={errorFor(errors, "weekdays")} />
        <div className="check-row">
          {WEEKDAYS_MONDAY_FIRST.map((d) => (
            <label key={d} className="check pill">
              <input type="checkbox" name="weekdays" value={d} defaultChecked={values.weekdays?.includes(String(d))} />
              <span>{t(`participantForm.weekday.${d}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="inner" aria-describedby={errors.times_of_day ? "times-error" : undefined}>
        <legend>{label("timesOfDay")}</legend>
        <FieldError id="times-error" error={errorFor(errors, "times_of_day")} />
        <div className="check-row">
          {TIMES_OF_DAY.map((time) => (
            <label key={time} className="check pill">
              <input type="checkbox" name="times_of_day" value={time} defaultChecked={values.times_of_day?.includes(time)} />
              <span>{t(`participantForm.timeOfDay.${time}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="inner" aria-describedby={errorFor(errors, "unavailable_dates") ? "dates-error" : undefined}>
        <legend>{label("unavailableDates")}</legend>
        <p className="hint">{t("participantForm.unavailableDatesHint")}</p>
        <FieldError id="dates-error" error={errorFor(errors, "unavailable_dates")} />
        <div className="date-rows">
          {dateRows.map((date, i) => (
            <div key={`${i}-${date}`}>
              <label htmlFor={`unavailable-${i}`} className="visually-hidden">
                {t("participantForm.unavailableDateN", { n: i + 1 })}
              </label>
              <input id={`unavailable-${i}`} type="date" name="unavailable_dates" defaultValue={date} />
            </div>
          ))}
        </div>
        {hydrated ? (
          <button type="button" className="secondary small" onClick={() => setExtraDates((n) => n + 1)}>
            {t("participantForm.addDate")}
          </button>
        ) : null}
      </fieldset>
    </fieldset>
  );
}
