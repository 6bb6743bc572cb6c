import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { Locale } from "~/domain/vocabulary";
import { formatInTallinn } from "~/utils/dates";
import { FieldError } from "~/components/FieldError";

/** One piece of feedback on the event, with the coordinator's answer if any. */
export type EventFeedback = {
  id: number;
  author_kind: string;
  rating: number | null;
  text: string | null;
  response: string | null;
  created_at: string;
  updated_at: string | null;
  participant_name: string | null;
};

/** The feedback on the event, each with a form to answer it; `responseError` says which answer was refused, and why. */
export function FeedbackSection({
  feedback,
  isPublic,
  responseError,
  locale,
}: {
  feedback: EventFeedback[];
  /** Whether the event is public (its answered feedback is published). */
  isPublic: boolean;
  responseError: { feedbackId: number; error: string | undefined } | null;
  locale: Locale;
}) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="feedback">
      <h2 id="feedback">{t("feedback.adminTitle")}</h2>
      {feedback.length === 0 ? <p className="empty">{t("feedback.none")}</p> : null}
      {feedback.length > 0 ? <p className="hint">{t(isPublic ? "feedback2.admin.published" : "feedback2.admin.notPublic")}</p> : null}
      <ul className="feedback-list">
        {feedback.map((f) => {
          const error = responseError?.feedbackId === f.id ? responseError.error : undefined;
          return (
            <li key={f.id}>
              <p>
                <strong>
                  {f.author_kind === "participant" && f.participant_name ? t("feedback2.admin.participant", { name: f.participant_name }) : t(`feedback.authors.${f.author_kind}`)}
                </strong>
                {f.rating ? ` · ${t("feedback.ratingOf", { rating: f.rating })} (${t(`feedback.stars.${f.rating}`)})` : ""} ·{" "}
                <time dateTime={f.created_at}>{formatInTallinn(f.created_at, "PP", locale)}</time>
                {f.updated_at ? <> ({t("feedback2.admin.changed", { date: formatInTallinn(f.updated_at, "PP", locale) })})</> : null}
                {f.response && isPublic ? <span className="tag">{t("feedback2.admin.answered")}</span> : null}
              </p>
              {f.text ? <p className="feedback-text">{f.text}</p> : null}
              <Form method="post" className="feedback-response" noValidate>
                <input type="hidden" name="intent" value="respond" />
                <input type="hidden" name="feedbackId" value={f.id} />
                <label htmlFor={`response-${f.id}`}>{t("feedback.response")}</label>
                <textarea
                  id={`response-${f.id}`}
                  name="response"
                  rows={2}
                  defaultValue={f.response ?? ""}
                  maxLength={3000}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `response-${f.id}-error` : undefined}
                />
                <FieldError id={`response-${f.id}-error`} error={error} />
                <button type="submit" className="secondary">
                  {t("feedback.respond")}
                </button>
              </Form>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
