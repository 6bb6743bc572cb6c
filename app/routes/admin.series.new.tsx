import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { RequestSummary } from "~/components/RequestSummary";
import { SeriesForm } from "~/components/SeriesForm";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { listVenueOptions } from "~/models/event/venues.server";
import { createSeriesFromRequest, seriesDraftFromRequest } from "~/models/request/series.server";
import { createSeries } from "~/models/series.server";
import { SERIES_FORM_ARRAYS, SeriesFormSchema } from "~/schemas/series";
import { REQUEST_VENUE } from "~/schemas/seriesFromRequest";
import { requireCoordinator } from "~/models/auth.server";
import { parseForm, readFormData, submittedValues } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { notFound, parseId } from "~/utils/params";
import { parseScheduleForm } from "~/models/scheduleForm.server";

import requestsStyles from "~/styles/requests.css";
import scheduleStyles from "~/styles/schedule.css";

export const links = () => [
  { rel: "stylesheet", href: scheduleStyles },
  { rel: "stylesheet", href: requestsStyles },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const defaults = {
    frequency: "weekly",
    startTime: "17:00",
    durationMinutes: "120",
    endType: "count",
    count: "10",
    slot_language_cafe: "1",
    slot_crafts: "1",
    languages: ["et"],
    isPublic: "on",
    sessionState: "draft",
  };
  const venues = await listVenueOptions();
  const requestParam = new URL(request.url).searchParams.get("request");
  if (requestParam === null)
    return json({ title: pageTitle(t("series.new.title")), venues, defaults: defaults as Record<string, string | string[]>, fromRequest: null, requestProblem: null });
  // Accepting a host's cosy-corner request: the form starts from what the host asked for (issue 16).
  const requestId = parseId(requestParam);
  const draft = requestId === null ? null : await seriesDraftFromRequest(requestId, locale);
  if (!draft || (!draft.ok && draft.code === "not_found")) throw notFound();
  const title = pageTitle(t("seriesRequest.form.title"));
  if (!draft.ok) return json({ title, venues, defaults: defaults as Record<string, string | string[]>, fromRequest: null, requestProblem: draft.code }, { status: 409 });
  return json({ title, venues, defaults: draft.values, fromRequest: { request: draft.request, newVenue: draft.newVenue }, requestProblem: null });
}

/** Saves the series a cosy-corner request becomes; the request's new venue (REQUEST_VENUE) is made in the same transaction. */
async function acceptAsSeries(formData: FormData, requestField: string, userId: number) {
  // One spelling per id: "1e1" or "0x1" is a forged value, not request 10 or 1.
  if (parseId(requestField) === null) throw new Response("Bad request", { status: 400 });
  const newVenue = formData.get("venueId") === REQUEST_VENUE;
  let form;
  if (newVenue) {
    // The schema wants a stored venue's id; the host's new place gets one only when this is saved.
    const standIn = new FormData();
    for (const [key, value] of formData) standIn.append(key, key === "venueId" ? String(Number.MAX_SAFE_INTEGER) : value);
    const parsed = parseForm(SeriesFormSchema, standIn, SERIES_FORM_ARRAYS);
    form = parsed.ok ? parsed : { ok: false as const, errors: parsed.errors, values: submittedValues(formData, SERIES_FORM_ARRAYS) };
  } else {
    form = await parseScheduleForm(SeriesFormSchema, formData, SERIES_FORM_ARRAYS);
  }
  if (!form.ok) return json({ errors: form.errors, values: form.values, problem: null }, { status: 400 });
  const result = await createSeriesFromRequest(Number(requestField), form.data, newVenue ? REQUEST_VENUE : form.data.venueId, { kind: "user", userId });
  if (!result.ok && result.code === "not_found") throw notFound();
  if (!result.ok) return json({ errors: null, values: submittedValues(formData, SERIES_FORM_ARRAYS), problem: result.code }, { status: 409 });
  return redirect(`/admin/series/${result.seriesId}?created=${result.sessions}`);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCoordinator(request);
  const formData = await readFormData(request);
  const requestField = formData.get("requestId");
  if (requestField !== null) return acceptAsSeries(formData, String(requestField), user.id);
  const form = await parseScheduleForm(SeriesFormSchema, formData, SERIES_FORM_ARRAYS);
  if (!form.ok) return json({ errors: form.errors, values: form.values, problem: null }, { status: 400 });
  const created = await createSeries(form.data, { kind: "user", userId: user.id });
  return redirect(`/admin/series/${created.id}?created=${created.sessions}`);
}

export default function NewSeries() {
  const { venues, defaults, fromRequest, requestProblem } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const problem = requestProblem ?? actionData?.problem ?? null;
  if (requestProblem) {
    return (
      <>
        <p className="breadcrumbs">
          <Link to="/admin/requests">{t("requestInbox.title")}</Link>
        </p>
        <h1>{t("seriesRequest.form.title")}</h1>
        <p className="warning" role="alert">
          {t(`seriesRequest.form.problem.${requestProblem}`)}
        </p>
      </>
    );
  }
  return (
    <>
      <p className="breadcrumbs">
        <Link to={fromRequest ? "/admin/requests" : "/admin/events"}>{fromRequest ? t("requestInbox.title") : t("admin.nav.events")}</Link>
      </p>
      <h1>{fromRequest ? t("seriesRequest.form.title") : t("series.new.title")}</h1>
      {fromRequest ? (
        <section className="panel series-from-request" aria-labelledby="from-request">
          <h2 id="from-request">{t("seriesRequest.form.fromRequest", { organisation: fromRequest.request.organisation, town: fromRequest.request.townName })}</h2>
          <p>{t("seriesRequest.form.lead")}</p>
          <RequestSummary request={fromRequest.request} labels="requestInbox" />
          {fromRequest.request.message ? (
            <dl className="request-facts">
              <dt>{t("requestInbox.message")}</dt>
              <dd className="request-message">{fromRequest.request.message}</dd>
            </dl>
          ) : null}
          {fromRequest.newVenue ? <p className="hint">{t("seriesRequest.form.newVenue", { venue: fromRequest.newVenue.name, town: fromRequest.newVenue.townName })}</p> : null}
        </section>
      ) : (
        <p className="lead">{t("series.new.lead")}</p>
      )}
      {problem ? (
        <p className="warning" role="alert">
          {t(`seriesRequest.form.problem.${problem}`)}
        </p>
      ) : null}
      {actionData?.errors ? (
        <p className="form-error" role="alert">
          {t("adminEvents.form.fixErrors")}
        </p>
      ) : null}
      <SeriesForm
        venues={venues}
        values={actionData?.values ?? defaults}
        errors={actionData?.errors ?? {}}
        submitLabel={fromRequest ? t("seriesRequest.form.submit") : t("series.new.submit")}
        isNew
        hidden={fromRequest ? { requestId: String(fromRequest.request.id) } : undefined}
        extraVenue={
          fromRequest?.newVenue
            ? { value: REQUEST_VENUE, label: t("seriesRequest.form.newVenueOption", { venue: fromRequest.newVenue.name, town: fromRequest.newVenue.townName }) }
            : undefined
        }
      />
    </>
  );
}
