import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { Field } from "~/components/Field";
import { NewPasswordFields } from "~/components/NewPasswordFields";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { changePassword, logoutEverywhere } from "~/models/user.server";
import { ChangePasswordSchema } from "~/schemas/user";
import { requireCoordinator } from "~/utils/auth.server";
import { parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { sessionStorage, getSession } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  return json({ title: pageTitle(t("account.title")), user });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCoordinator(request);
  const formData = await readFormData(request);
  const session = await getSession(request);
  if (formData.get("intent") === "logout-everywhere") {
    await logoutEverywhere(user.id);
    return redirect("/login", { headers: { "Set-Cookie": await sessionStorage.destroySession(session) } });
  }
  const parsed = parseForm(ChangePasswordSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, ok: false }, { status: 400 });
  const result = await changePassword(user.id, parsed.data.current, parsed.data.password);
  if (result === "wrong_password") return json({ errors: { current: "account.wrongPassword" }, ok: false }, { status: 400 });
  // Other devices are logged out; this one starts a fresh session.
  session.set("startedAt", new Date().toISOString());
  return json({ errors: {}, ok: true }, { headers: { "Set-Cookie": await sessionStorage.commitSession(session) } });
}

export default function Account() {
  const { user } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors: Record<string, string> = actionData?.errors ?? {};
  return (
    <div className="narrow">
      <h1>{t("account.title")}</h1>
      <p className="lead">
        {user.name} · {user.email}
      </p>
      {actionData?.ok ? (
        <p className="notice" role="status">
          {t("account.passwordChanged")}
        </p>
      ) : null}
      <h2>{t("account.changePassword")}</h2>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="password" />
        <Field label={t("account.current")} name="current" error={errors.current}>
          {(props) => <input {...props} name="current" type="password" autoComplete="current-password" />}
        </Field>
        <NewPasswordFields errors={errors} />
        <div>
          <button type="submit">{t("account.savePassword")}</button>
        </div>
      </Form>
      <h2>{t("account.sessions")}</h2>
      <p>{t("account.sessionsHint")}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="logout-everywhere" />
        <button type="submit" className="secondary">
          {t("account.logoutEverywhere")}
        </button>
      </Form>
    </div>
  );
}
