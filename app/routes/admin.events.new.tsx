import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { EventForm } from "~/components/EventForm";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { createEvent } from "~/models/event/create.server";
import { listVenueOptions } from "~/models/event/venues.server";
import { EVENT_FORM_ARRAYS, EventFormSchema } from "~/schemas/event";
import { requireCoordinator } from "~/models/auth.server";
import { readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { parseScheduleForm } from "~/models/scheduleForm.server";

import scheduleStyles from "~/styles/schedule.css";

export const links = () => [{ rel: "stylesheet", href: scheduleStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const url = new URL(request.url);
  // A new event starts public, on the date picked in the calendar if any.
  const defaults = {
    kind: "community_event",
    isPublic: "on",
    date: url.searchParams.get("date") ?? "",
    startTime: "12:00",
    endTime: "16:00",
    slot_crafts: "2",
    slot_food: "1",
    slot_story: "1",
    languages: ["et"],
  };
  return json({ title: pageTitle(t("adminEvents.new.title")), venues: await listVenueOptions(), defaults });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCoordinator(request);
  const form = await parseScheduleForm(EventFormSchema, await readFormData(request), EVENT_FORM_ARRAYS);
  if (!form.ok) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const id = await createEvent(form.data, { kind: "user", userId: user.id });
  return redirect(`/admin/events/${id}?created=1`);
}

export default function NewEvent() {
  const { venues, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/admin/events">{t("admin.nav.events")}</Link>
      </p>
      <h1>{t("adminEvents.new.title")}</h1>
      <p className="lead">{t("adminEvents.new.lead")}</p>
      {actionData?.errors ? (
        <p className="form-error" role="alert">
          {t("adminEvents.form.fixErrors")}
        </p>
      ) : null}
      <EventForm venues={venues} values={actionData?.values ?? defaults} errors={actionData?.errors ?? {}} submitLabel={t("adminEvents.new.submit")} />
    </>
  );
}
