import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { ParticipantForm } from "~/components/ParticipantForm";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { getFormOptions, listTownRefs } from "~/models/participant/formOptions.server";
import { signUp } from "~/models/participant/signup.server";
import { participantFormValues, participantSchema, type ParticipantValues } from "~/schemas/participant";
import { nowIso } from "~/utils/clock.server";
import { parseValues, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { guardPublicForm } from "~/utils/publicForm.server";
import href from "~/styles/participants.css";

export const links = () => [{ rel: "stylesheet", href }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  // After a sign-up with an e-mail address: "check your e-mail" instead of the form.
  const sent = new URL(request.url).searchParams.get("sent") === "1";
  return json({ title: pageTitle(t(sent ? "privacy.join.sentTitle" : "participantJoin.title")), locale, sent, options: sent ? null : await getFormOptions(locale) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormData(request);
  // A bot that filled the hidden field is sent on as if it had signed up; nothing is stored or mailed.
  if ((await guardPublicForm("join", form, context)).isBot) return redirect("/join?sent=1");
  const values = participantFormValues(form);
  const schema = participantSchema({ towns: await listTownRefs(), mode: "join", now: nowIso() });
  const parsed = parseValues(schema, values);
  if (!parsed.ok) return json({ errors: parsed.errors, values }, { status: 400 });
  const outcome = await signUp(parsed.data);
  // With an e-mail address the answer is the same whether it was new or already on file (and
  // whether the mail went), so the form cannot be used to find out who has signed up.
  if (outcome.kind === "check_email") return redirect("/join?sent=1");
  return redirect(`/me/${outcome.token}?welcome=1`);
}

export default function Join() {
  const { locale, sent, options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  if (sent || !options) {
    return (
      <div className="participant-page narrow">
        <h1>{t("privacy.join.sentTitle")}</h1>
        <div className="notice" role="status">
          <p>{t("privacy.join.sent")}</p>
          <p>{t("privacy.join.sentHint")}</p>
        </div>
        <p>
          <Link to="/me/lost">{t("privacy.join.sentLost")}</Link>
        </p>
      </div>
    );
  }
  const errors: Record<string, string> = actionData?.errors ?? {};
  const values: ParticipantValues = actionData?.values ?? { preferred_locale: locale, monthly_cap: "2", max_travel_minutes: "180" };
  return (
    <div className="participant-page">
      <h1>{t("participantJoin.title")}</h1>
      <p className="lead">{t("participantJoin.lead")}</p>
      <ul className="join-points">
        <li>{t("participantJoin.point1")}</li>
        <li>{t("participantJoin.point2")}</li>
        <li>{t("participantJoin.point3")}</li>
      </ul>
      <p className="notice">
        {t("participantJoin.already")} <Link to="/me/lost">{t("participantJoin.lostLink")}</Link>
      </p>
      {Object.keys(errors).length > 0 ? (
        <p className="form-error" role="alert">
          {t("participantJoin.fixErrors")}
        </p>
      ) : null}
      <ParticipantForm
        mode="join"
        values={values}
        errors={errors}
        towns={options.towns}
        languages={options.languages}
        countries={options.countries}
        submitLabel={t("participantJoin.submit")}
        pending={navigation.state === "submitting"}
      />
    </div>
  );
}
