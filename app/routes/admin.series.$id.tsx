import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { SeriesForm } from "~/components/SeriesForm";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { planSeriesDrafts } from "~/models/event/lifecycle.server";
import { listVenueOptions } from "~/models/event/venues.server";
import { getSeriesForAdmin, updateSeries } from "~/models/series.server";
import { useLocale } from "~/utils/locale";
import { SERIES_FORM_ARRAYS, SeriesFormSchema, toSeriesFormValues } from "~/schemas/series";
import { requireCoordinator } from "~/models/auth.server";
import { parseScheduleForm } from "~/models/scheduleForm.server";
import { formatLongDate, formatLongLocalDate, formatTimeRange, weekdayName } from "~/utils/dates";
import { readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { notFound, requireId } from "~/utils/params";

import scheduleStyles from "~/styles/schedule.css";

export const links = () => [{ rel: "stylesheet", href: scheduleStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? pageTitle(data.title) : "Tuttav" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const found = await getSeriesForAdmin(requireId(params.id), locale);
  if (!found) throw notFound();
  return json({
    title: found.series.titleText,
    id: found.series.id,
    place: `${found.series.venue_name}, ${found.series.town_name}`,
    description: found.description,
    sessions: found.sessions,
    draftsAhead: found.draftsAhead,
    values: toSeriesFormValues(found.series),
    venues: await listVenueOptions(),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireCoordinator(request);
  const id = requireId(params.id);
  const formData = await readFormData(request);
  if (formData.get("intent") === "plan_drafts") {
    const planned = await planSeriesDrafts(id, { kind: "user", userId: user.id });
    if (planned === null) throw notFound();
    return json({ errors: null, values: null, summary: null, planned });
  }
  const form = await parseScheduleForm(SeriesFormSchema, formData, SERIES_FORM_ARRAYS);
  if (!form.ok) return json({ errors: form.errors, values: form.values, summary: null, planned: null }, { status: 400 });
  const summary = await updateSeries(id, form.data, { kind: "user", userId: user.id });
  if (!summary) throw notFound();
  return json({ errors: null, values: null, summary, planned: null });
}

export default function AdminSeries() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const locale = useLocale();
  const navigation = useNavigation();
  const rule = data.description;
  const weekday = weekdayName(rule.params.weekday, locale);
  const created = searchParams.get("created");

  return (
    <>
      <p className="breadcrumbs">
        <Link to="/admin/events">{t("admin.nav.events")}</Link>
      </p>
      <h1>{data.title}</h1>
      <p className="lead">
        {t(rule.key, {
          ...rule.params,
          weekday,
          nth: rule.params.nth ? t(`series.nth.${rule.params.nth}`) : "",
          until: rule.params.until ? formatLongLocalDate(rule.params.until, locale) : "",
        })}{" "}
        · {data.place}
      </p>
      {created ? <p className="notice">{t("series.created", { count: Number(created) })}</p> : null}
      {actionData?.summary ? <p className="notice">{t("series.updated", actionData.summary)}</p> : null}
      {actionData?.planned !== null && actionData?.planned !== undefined ? (
        <p className="notice" role="status">
          {t("series.plannedDrafts", { count: actionData.planned })}
        </p>
      ) : null}
      {actionData?.errors ? (
        <p className="form-error" role="alert">
          {t("adminEvents.form.fixErrors")}
        </p>
      ) : null}

      <section className="panel" aria-labelledby="sessions">
        <h2 id="sessions">{t("series.sessions", { count: data.sessions.length })}</h2>
        {data.draftsAhead > 0 ? (
          <Form method="post" className="series-plan">
            <input type="hidden" name="intent" value="plan_drafts" />
            <button type="submit" disabled={navigation.state !== "idle"}>
              {t("series.planDrafts", { count: data.draftsAhead })}
            </button>
            <p className="hint">{t("series.planDraftsHint")}</p>
          </Form>
        ) : null}
        <table>
          <thead>
            <tr>
              <th>{t("adminEvents.list.when")}</th>
              <th>{t("adminEvents.list.state")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/admin/events/${s.id}`}>
                    {formatLongDate(s.starts_at, locale)}, {formatTimeRange(s.starts_at, s.ends_at, locale)}
                  </Link>
                </td>
                <td>
                  <span className={`tag state-${s.state}`}>{t(`event.state.${s.state}`)}</span>
                  {s.cancel_reason ? <span className="muted"> {s.cancel_reason}</span> : null}
                </td>
                <td>{s.edited ? <span className="tag">{t("series.editedSession")}</span> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="panel" aria-labelledby="edit-series">
        <h2 id="edit-series">{t("series.edit.title")}</h2>
        <p className="hint">{t("series.edit.hint")}</p>
        <SeriesForm
          key={actionData?.summary ? JSON.stringify(actionData.summary) : "form"}
          venues={data.venues}
          values={actionData?.values ?? data.values}
          errors={actionData?.errors ?? {}}
          submitLabel={t("series.edit.submit")}
          isNew={false}
        />
      </section>
    </>
  );
}
