import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { Field } from "~/components/Field";
import { NewPasswordFields } from "~/components/NewPasswordFields";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { endOtherSessions, endOwnSession, listSessions } from "~/models/session.server";
import { changePassword, dailyDigestOf, logoutEverywhere, setDailyDigest } from "~/models/user.server";
import { ChangePasswordSchema } from "~/schemas/user";
import { requireCoordinatorSession } from "~/models/auth.server";
import { formatInTallinn } from "~/utils/dates";
import { parseForm, parseIntentForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { notFound } from "~/utils/params";
import { clearSessionCookie, sessionCookie } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, sessionId } = await requireCoordinatorSession(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const [sessions, digest] = await Promise.all([listSessions(user.id, sessionId), dailyDigestOf(user.id)]);
  return json({ title: pageTitle(t("account.title")), user, locale, sessions, digest });
}

const AccountForms = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("logout-everywhere") }),
  z.object({ intent: z.literal("end-session"), sessionId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
  z.object({ intent: z.literal("digest"), digest: z.enum(["on", "off"]) }),
  z.object({ intent: z.literal("end-other-sessions") }),
  // Its fields are checked together (ChangePasswordSchema), below.
  z.object({ intent: z.literal("password") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { user, sessionId: currentSessionId } = await requireCoordinatorSession(request);
  const formData = await readFormData(request);
  const form = parseIntentForm(AccountForms, formData);
  const loggedOut = async () => redirect("/login", { headers: { "Set-Cookie": await clearSessionCookie(request) } });
  switch (form.intent) {
    case "logout-everywhere":
      await logoutEverywhere(user.id);
      return loggedOut();
    case "end-session": {
      if (!form.ok) return json({ errors: {}, ok: false, message: "validation.invalid" }, { status: 400 });
      // Only one's own sessions: another person's session id is "not found".
      if (!(await endOwnSession(user.id, form.data.sessionId))) throw notFound();
      if (form.data.sessionId === currentSessionId) return loggedOut();
      return json({ errors: {}, ok: true, message: "sessions.ended" });
    }
    case "digest": {
      if (!form.ok) return json({ errors: {}, ok: false, message: "outbox.refused.invalid" }, { status: 400 });
      await setDailyDigest(user.id, form.data.digest === "on");
      return json({ errors: {}, ok: true, message: form.data.digest === "on" ? "outbox.digest.turnedOn" : "outbox.digest.turnedOff" });
    }
    case "end-other-sessions":
      await endOtherSessions(user.id, currentSessionId);
      return json({ errors: {}, ok: true, message: "sessions.othersEnded" });
  }
  // The password form, also when a post names no form (as it always was answered).
  const parsed = parseForm(ChangePasswordSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, ok: false, message: null }, { status: 400 });
  const result = await changePassword(user.id, parsed.data.current, parsed.data.password, currentSessionId);
  if (result === "wrong_password") return json({ errors: { current: "account.wrongPassword" }, ok: false, message: null }, { status: 400 });
  // Other devices are logged out; this one goes on under a new session token.
  return json({ errors: {}, ok: true, message: "account.passwordChanged" }, { headers: { "Set-Cookie": await sessionCookie(result.token) } });
}

export default function Account() {
  const { user, locale, sessions, digest } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const when = (iso: string) => formatInTallinn(iso, "PPp", locale);
  return (
    <div className="narrow">
      <h1>{t("account.title")}</h1>
      <p className="lead">
        {user.name} · {user.email}
      </p>
      {actionData?.message ? (
        <p className={actionData.ok ? "notice" : "form-error"} role={actionData.ok ? "status" : "alert"}>
          {t(actionData.message)}
        </p>
      ) : null}
      <section aria-labelledby="digest-title">
        <h2 id="digest-title">{t("outbox.digest.title")}</h2>
        <p>{t("outbox.digest.lead")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="digest" />
          <input type="hidden" name="digest" value={digest ? "off" : "on"} />
          <p>
            <strong>{t(digest ? "outbox.digest.on" : "outbox.digest.off")}</strong>
          </p>
          <button type="submit" className="secondary">
            {t(digest ? "outbox.digest.turnOff" : "outbox.digest.turnOn")}
          </button>
        </Form>
      </section>
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
      <p>{t("sessions.lead")}</p>
      <div className="scroll-x">
        <table>
          <thead>
            <tr>
              <th>{t("sessions.device")}</th>
              <th>{t("sessions.started")}</th>
              <th>{t("sessions.lastActive")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id} aria-current={session.current ? "true" : undefined}>
                <td>
                  {session.device ?? t("sessions.unknownDevice")} {session.current ? <span className="tag">{t("sessions.thisDevice")}</span> : null}
                </td>
                <td>{when(session.createdAt)}</td>
                <td>{when(session.lastSeenAt)}</td>
                <td>
                  {session.current ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="end-session" />
                      <input type="hidden" name="sessionId" value={session.id} />
                      <button
                        type="submit"
                        className="secondary"
                        aria-label={t("sessions.endLabel", { device: session.device ?? t("sessions.unknownDevice"), started: when(session.createdAt) })}
                      >
                        {t("sessions.end")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sessions.length > 1 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="end-other-sessions" />
          <button type="submit" className="secondary">
            {t("sessions.endOthers")}
          </button>
        </Form>
      ) : null}
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
