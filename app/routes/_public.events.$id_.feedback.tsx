import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { FieldError } from "~/components/FieldError";
import { Honeypot } from "~/components/Honeypot";
import { localize } from "~/domain/localizedText";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { addFeedback, eventOpenForFeedback } from "~/models/feedback.server";
import { FeedbackSchema } from "~/schemas/feedback";
import { parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { notFound, parseId } from "~/utils/params";
import { guardPublicForm } from "~/utils/publicForm.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? pageTitle(data.title) : "Tuttav" }];

async function findEvent(params: { id?: string }) {
  const id = parseId(params.id);
  const event = id === null ? undefined : await eventOpenForFeedback(id);
  if (!event) throw notFound();
  return event;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = (await i18next.getLocale(request)) as Locale;
  const event = await findEvent(params);
  return json({ id: event.id, title: localize(event.title, locale) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const event = await findEvent(params);
  const formData = await readFormData(request);
  if ((await guardPublicForm("feedback", formData, context)).isBot) return redirect(`/events/${event.id}/feedback?thanks=1`);
  const parsed = parseForm(FeedbackSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  await addFeedback({ eventId: event.id, author: "local", rating: parsed.data.rating, text: parsed.data.text });
  return redirect(`/events/${event.id}/feedback?thanks=1`);
}

export default function EventFeedback() {
  const { id, title } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const errors: Record<string, string> = actionData?.errors ?? {};
  return (
    <div className="narrow">
      <p>
        <Link to={`/events/${id}`}>← {title}</Link>
      </p>
      <h1>{t("feedback.title")}</h1>
      {searchParams.get("thanks") ? (
        <p className="notice" role="status">
          {t("feedback.thanks")}
        </p>
      ) : (
        <>
          <p className="lead">{t("feedback.lead")}</p>
          <Form method="post" className="stack" noValidate>
            <Honeypot />
            <fieldset className="rating">
              <legend>{t("feedback.rating")}</legend>
              {[5, 4, 3, 2, 1].map((n) => (
                <label key={n}>
                  <input type="radio" name="rating" value={n} /> {t(`feedback.stars.${n}`)}
                </label>
              ))}
            </fieldset>
            <div className={`field${errors.text ? " has-error" : ""}`}>
              <label htmlFor="feedback-text">{t("feedback.text")}</label>
              <textarea
                id="feedback-text"
                name="text"
                rows={5}
                maxLength={3000}
                aria-invalid={errors.text ? true : undefined}
                aria-describedby={errors.text ? "feedback-text-error" : undefined}
              />
              <FieldError id="feedback-text-error" error={errors.text} />
            </div>
            <div>
              <button type="submit">{t("feedback.send")}</button>
            </div>
          </Form>
        </>
      )}
    </div>
  );
}
