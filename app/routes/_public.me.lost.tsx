import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { Field } from "~/components/Field";
import { Honeypot } from "~/components/Honeypot";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { resendLink } from "~/models/participant.server";
import { parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { guardPublicForm } from "~/utils/publicForm.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

const LostLinkSchema = z.object({
  email: z
    .string({ required_error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .max(254, "validation.tooLong")
    .email("validation.email"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  return json({ title: pageTitle(t("participantLost.title")) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  // The limit also keeps this form from being used to flood someone's inbox with new links.
  if (guardPublicForm("lost-link", formData, context).isBot) return json({ errors: {} as Record<string, string>, sent: true });
  const parsed = parseForm(LostLinkSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, sent: false }, { status: 400 });
  await resendLink(parsed.data.email, new URL(request.url).origin);
  // The same answer whether or not the address is on file.
  return json({ errors: {} as Record<string, string>, sent: true });
}

export default function LostLink() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = actionData?.errors ?? {};
  return (
    <div className="narrow">
      <h1>{t("participantLost.title")}</h1>
      <p className="lead">{t("participantLost.lead")}</p>
      {actionData?.sent ? (
        <p className="notice" role="status">
          {t("participantLost.sent")}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <Honeypot />
        <Field label={t("participantForm.email")} name="email" error={errors.email}>
          {(props) => <input {...props} name="email" type="email" autoComplete="email" required />}
        </Field>
        <p>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("participantLost.submit")}
          </button>
        </p>
      </Form>
      <p className="hint">{t("participantLost.noEmail")}</p>
    </div>
  );
}
