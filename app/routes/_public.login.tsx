import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { Field } from "~/components/Field";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { attemptLogin, getCoordinator, safeRedirect } from "~/models/auth.server";
import { parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { clientIp } from "~/utils/rateLimit.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

const LoginSchema = z.object({
  email: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(254, "validation.tooLong"),
  password: z.string({ required_error: "validation.required" }).min(1, "validation.required").max(1024, "validation.tooLong"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCoordinator(request)) throw redirect("/admin");
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  return json({ title: pageTitle(t("login.title")) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(LoginSchema, await readFormData(request));
  if (!parsed.ok) return json({ errors: parsed.errors, formError: null, count: null }, { status: 400 });
  const result = await attemptLogin(request, clientIp(context), parsed.data.email, parsed.data.password);
  if (result.kind === "wait") {
    const seconds = result.retryAfterSeconds;
    // Under a minute in seconds, else in whole minutes rounded up.
    const wait = seconds < 60 ? { formError: "loginWait.seconds", count: seconds } : { formError: "loginWait.minutes", count: Math.ceil(seconds / 60) };
    return json({ errors: {}, ...wait }, { status: 429, headers: { "Retry-After": String(seconds) } });
  }
  if (result.kind === "invalid") return json({ errors: {}, formError: "login.invalid", count: null }, { status: 400 });
  const headers = new Headers();
  for (const cookie of result.setCookies) headers.append("Set-Cookie", cookie);
  return redirect(safeRedirect(parsed.data.redirectTo), { headers });
}

export default function Login() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const errors: Record<string, string> = actionData?.errors ?? {};
  return (
    <div className="narrow">
      <h1>{t("login.title")}</h1>
      <p>{t("login.lead")}</p>
      {actionData?.formError ? (
        <p className="form-error" role="alert">
          {t(actionData.formError, { count: actionData.count ?? undefined })}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/admin"} />
        <Field label={t("login.email")} name="email" error={errors.email}>
          {(props) => <input {...props} name="email" type="email" autoComplete="username" required />}
        </Field>
        <Field label={t("login.password")} name="password" error={errors.password}>
          {(props) => <input {...props} name="password" type="password" autoComplete="current-password" required />}
        </Field>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
    </div>
  );
}
