import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { EventKind } from "~/domain/vocabulary";
import { formatLongDate } from "~/utils/dates";
import { useLocale } from "~/utils/locale";
import { FieldError } from "~/components/FieldError";

export type FeedbackItem = {
  eventId: number;
  kind: EventKind;
  title: string;
  startsAt: string;
  venueName: string;
  townName: string;
  recent: boolean;
  feedback: { rating: number | null; text: string | null; response: string | null } | null;
};

/** The outcome of the last post for this event: field errors, or a translated result. */
export type FeedbackOutcome = { ok: boolean; errors: Record<string, string>; message: string | null; values?: { rating: string; text: string } | null };

const RATINGS = [5, 4, 3, 2, 1] as const;

/**
 * One event's feedback through a private link (host status page, participant's page): a rating
 * as labelled radio buttons and some words, changeable until the coordinators answer; after that,
 * what was said and what they did with it. Posts `intent=feedback` with the event's id.
 * A long season would make a long page: only the newest event, recent ones not yet answered and
 * the one just posted are open; the others are folded (a click opens them).
 */
export function GiveFeedback({ item, outcome, author, open }: { item: FeedbackItem; outcome: FeedbackOutcome | null; author: "host" | "participant"; open: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = `feedback-${item.eventId}`;
  const given = item.feedback;
  const answered = given?.response != null;
  const errors = outcome?.errors ?? {};
  const rating = outcome?.values ? outcome.values.rating : given?.rating ? String(given.rating) : "";
  const text = outcome?.values ? outcome.values.text : (given?.text ?? "");
  return (
    <details className="given-feedback" id={id} open={open || outcome !== null || (item.recent && !given)}>
      <summary>
        <h3 id={`${id}-title`}>
          {item.title || t(`event.kind.${item.kind}`)}
          <span className="given-feedback-when">
            {" "}
            · <time dateTime={item.startsAt}>{formatLongDate(item.startsAt, locale)}</time> · {item.venueName}, {item.townName}
          </span>
        </h3>
        <span className="given-feedback-state">{t(answered ? "feedback2.state.answered" : given ? "feedback2.state.given" : "feedback2.state.open")}</span>
      </summary>
      {outcome?.message ? (
        <p className={outcome.ok ? "notice" : "warning"} role={outcome.ok ? "status" : "alert"}>
          {t(outcome.message)}
        </p>
      ) : null}
      {answered && given ? (
        <dl className="given-feedback-answered">
          <dt>{t("feedback2.youSaid")}</dt>
          <dd>
            {given.rating ? <span className="given-feedback-rating">{t(`feedback.stars.${given.rating}`)}</span> : null}
            {given.text ? <span className="feedback-text">{given.text}</span> : null}
          </dd>
          <dt>{t("feedback2.weDid")}</dt>
          <dd className="feedback-text">{given.response}</dd>
          <dd className="hint">{t("feedback2.answeredNote")}</dd>
        </dl>
      ) : (
        <Form method="post" className="stack given-feedback-form" noValidate preventScrollReset>
          <input type="hidden" name="intent" value="feedback" />
          <input type="hidden" name="eventId" value={item.eventId} />
          <fieldset className={`rating${errors.rating ? " has-error" : ""}`} aria-describedby={errors.rating ? `${id}-rating-error` : undefined}>
            <legend>{t("feedback.rating")}</legend>
            {RATINGS.map((n) => (
              <label key={n}>
                <input type="radio" name="rating" value={n} defaultChecked={rating === String(n)} /> {t(`feedback.stars.${n}`)}
              </label>
            ))}
          </fieldset>
          <FieldError id={`${id}-rating-error`} error={errors.rating} />
          <div className={`field${errors.text ? " has-error" : ""}`}>
            <label htmlFor={`${id}-text`}>{t("feedback.text")}</label>
            <textarea
              id={`${id}-text`}
              name="text"
              rows={4}
              maxLength={3000}
              defaultValue={text}
              aria-invalid={errors.text ? true : undefined}
              aria-describedby={errors.text ? `${id}-text-error` : `${id}-hint`}
            />
            <FieldError id={`${id}-text-error`} error={errors.text} />
          </div>
          <p id={`${id}-hint`} className="hint">
            {given ? t("feedback2.editable") : t(author === "host" ? "feedback2.publicHost" : "feedback2.public")}
          </p>
          <div>
            <button type="submit">{t(given ? "feedback2.update" : "feedback.send")}</button>
          </div>
        </Form>
      )}
    </details>
  );
}
