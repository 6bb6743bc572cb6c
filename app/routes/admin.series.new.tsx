import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { SeriesForm } from "~/components/SeriesForm";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { listVenueOptions } from "~/models/event.server";
import { createSeries } from "~/models/series.server";
import { SERIES_FORM_ARRAYS, SeriesFormSchema } from "~/schemas/series";
import { requireCoordinator } from "~/utils/auth.server";
import { readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { parseScheduleForm } from "~/utils/scheduleForm.server";

import scheduleStyles from "~/styles/schedule.css";

export const links = () => [{ rel: "stylesheet", href: scheduleStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const defaults = { frequency: "weekly", startTime: "17:00", durationMinutes: "120", endType: "count", count: "10", slot_language_cafe: "1", slot_crafts: "1", languages: ["et"], isPublic: "on", sessionState: "draft" };
  return json({ title: pageTitle(t("series.new.title")), venues: await listVenueOptions(), defaults });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCoordinator(request);
  const form = await parseScheduleForm(SeriesFormSchema, await readFormData(request), SERIES_FORM_ARRAYS);
  if (!form.ok) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const created = await createSeries(form.data, { kind: "user", userId: user.id });
  return redirect(`/admin/series/${created.id}?created=${created.sessions}`);
}

export default function NewSeries() {
  const { venues, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/admin/events">{t("admin.nav.events")}</Link>
      </p>
      <h1>{t("series.new.title")}</h1>
      <p className="lead">{t("series.new.lead")}</p>
      {actionData?.errors ? (
        <p className="form-error" role="alert">
          {t("adminEvents.form.fixErrors")}
        </p>
      ) : null}
      <SeriesForm venues={venues} values={actionData?.values ?? defaults} errors={actionData?.errors ?? {}} submitLabel={t("series.new.submit")} isNew />
    </>
  );
}
