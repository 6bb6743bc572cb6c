/** The participant's own page (/me/:token): the "pause" and "reminders" sections. */
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { Field } from "~/components/Field";
import { formatLongLocalDate } from "~/utils/dates";
import { useLocale } from "~/utils/locale";

/** Pause invitations until a date, or resume them. */
export function PauseSection({ pausedUntil, today, pending, errors }: { pausedUntil: string | null; today: string; pending: boolean; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <section id="pause" aria-labelledby="pause-title" className="narrow">
      <h2 id="pause-title">{t("participantMe.pause")}</h2>
      {pausedUntil ? (
        <>
          <p className="warning">{t("participantMe.pausedUntil", { date: formatLongLocalDate(pausedUntil, locale) })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="resume" />
            <button type="submit" className="secondary" disabled={pending}>
              {t("participantMe.resume")}
            </button>
          </Form>
        </>
      ) : (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="pause" />
          <p>{t("participantMe.pauseHint")}</p>
          <Field label={t("participantMe.pauseUntil")} name="paused_until" error={errors.paused_until}>
            {(props) => <input {...props} type="date" name="paused_until" min={today} required />}
          </Field>
          <p>
            <button type="submit" className="secondary" disabled={pending}>
              {t("participantMe.pauseSubmit")}
            </button>
          </p>
        </Form>
      )}
    </section>
  );
}

/** Reminders before events they said yes to: on or off. `done` is the page's ?done=, `message` a refusal's i18n key. */
export function RemindersSection(props: { reminders: boolean; hasEmail: boolean; pending: boolean; done: string | null; message: string | null }) {
  const { reminders, hasEmail, pending, done, message } = props;
  const { t } = useTranslation();
  return (
    <section id="reminders" aria-labelledby="reminders-title" className="narrow">
      <h2 id="reminders-title">{t("outbox.reminders.title")}</h2>
      {done === "reminders-on" || done === "reminders-off" ? (
        <p className="notice" role="status">
          {t(done === "reminders-on" ? "outbox.reminders.done.on" : "outbox.reminders.done.off")}
        </p>
      ) : null}
      {message ? (
        <p className="form-error" role="alert">
          {t(message)}
        </p>
      ) : null}
      <p>{t("outbox.reminders.lead")}</p>
      {!hasEmail ? <p className="hint">{t("outbox.reminders.noEmail")}</p> : null}
      <Form method="post">
        <input type="hidden" name="intent" value="reminders" />
        <input type="hidden" name="reminders" value={reminders ? "off" : "on"} />
        <p>
          <strong>{t(reminders ? "outbox.reminders.on" : "outbox.reminders.off")}</strong>
        </p>
        <button type="submit" className="secondary" disabled={pending}>
          {t(reminders ? "outbox.reminders.turnOff" : "outbox.reminders.turnOn")}
        </button>
      </Form>
    </section>
  );
}
