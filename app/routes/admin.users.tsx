import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { Field } from "~/components/Field";
import { NewPasswordFields } from "~/components/NewPasswordFields";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { createCoordinatorAccount, listUsers, setUserDisabled } from "~/models/user.server";
import { useLocale } from "~/utils/locale";
import { NewUserSchema } from "~/schemas/user";
import { isAdmin, requireCoordinator } from "~/models/auth.server";
import { formatShortDate } from "~/utils/dates";
import { parseForm, parseIntentForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { forbidden, notFound } from "~/utils/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireCoordinator(request);
  if (!isAdmin(admin)) throw forbidden();
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  return json({ title: pageTitle(t("users.title")), users: await listUsers(), selfId: admin.id });
}

const UserForms = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("toggle"), userId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER), disabled: z.enum(["0", "1"]) }),
  // Its fields are checked together (NewUserSchema), below.
  z.object({ intent: z.literal("create") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireCoordinator(request);
  if (!isAdmin(admin)) throw forbidden();
  const actor = { kind: "user" as const, userId: admin.id };
  const formData = await readFormData(request);
  const form = parseIntentForm(UserForms, formData);
  if (form.intent === "toggle") {
    // An admin cannot lock themselves out.
    if (!form.ok || form.data.userId === admin.id) return json({ errors: {}, message: "validation.invalid", ok: false }, { status: 400 });
    const done = await setUserDisabled(form.data.userId, form.data.disabled === "1", actor);
    if (!done) throw notFound();
    return json({ errors: {}, message: form.data.disabled === "1" ? "users.disabled" : "users.enabled", ok: true });
  }
  // The new-user form, also when a post names no form (as it always was answered).
  const parsed = parseForm(NewUserSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, message: null, ok: false }, { status: 400 });
  const created = await createCoordinatorAccount(parsed.data, actor);
  if (!created) return json({ errors: { email: "validation.emailTaken" }, message: null, ok: false }, { status: 400 });
  return json({ errors: {}, message: "users.created", ok: true });
}

export default function Users() {
  const { users, selfId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const errors: Record<string, string> = actionData?.errors ?? {};
  return (
    <>
      <h1>{t("users.title")}</h1>
      {actionData?.message ? (
        <p className={actionData.ok ? "notice" : "form-error"} role={actionData.ok ? "status" : "alert"}>
          {t(actionData.message)}
        </p>
      ) : null}
      <div className="scroll-x">
        <table>
          <thead>
            <tr>
              <th>{t("users.name")}</th>
              <th>{t("users.email")}</th>
              <th>{t("users.role")}</th>
              <th>{t("users.since")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>{user.name}</td>
                <td>{user.email}</td>
                <td>{t(`users.roles.${user.role}`)}</td>
                <td>{formatShortDate(user.created_at, locale)}</td>
                <td>
                  {user.id === selfId ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="toggle" />
                      <input type="hidden" name="userId" value={user.id} />
                      <input type="hidden" name="disabled" value={user.disabled_at ? "0" : "1"} />
                      <button type="submit" className={user.disabled_at ? "secondary" : "danger"}>
                        {user.disabled_at ? t("users.enable") : t("users.disable")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section className="narrow" aria-labelledby="new-user">
        <h2 id="new-user">{t("users.new")}</h2>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="create" />
          <Field label={t("users.name")} name="name" error={errors.name}>
            {(props) => <input {...props} name="name" autoComplete="off" />}
          </Field>
          <Field label={t("users.email")} name="email" error={errors.email}>
            {(props) => <input {...props} name="email" type="email" autoComplete="off" />}
          </Field>
          <Field label={t("users.role")} name="role" error={errors.role}>
            {(props) => (
              <select {...props} name="role" defaultValue="coordinator">
                <option value="coordinator">{t("users.roles.coordinator")}</option>
                <option value="admin">{t("users.roles.admin")}</option>
              </select>
            )}
          </Field>
          <NewPasswordFields errors={errors} />
          <div>
            <button type="submit">{t("users.create")}</button>
          </div>
        </Form>
      </section>
    </>
  );
}
