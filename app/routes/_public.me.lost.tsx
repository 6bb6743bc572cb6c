import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { LostLinkPage } from "~/components/LostLinkPage";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { getOrganisationContact } from "~/models/organisation.server";
import { resendLink } from "~/models/participant/links.server";
import { LostLinkSchema } from "~/schemas/lostLink";
import { parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { guardPublicForm } from "~/utils/publicForm.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  // People without e-mail are told whom to call: the organisation's contact from /admin/settings.
  return json({ title: pageTitle(t("participantLost.title")), contact: await getOrganisationContact() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  // The limit also keeps this form from being used to flood someone's inbox with new links.
  if ((await guardPublicForm("lost-link", formData, context)).isBot) return json({ errors: {} as Record<string, string>, sent: true });
  const parsed = parseForm(LostLinkSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, sent: false }, { status: 400 });
  await resendLink(parsed.data.email);
  // The same answer whether or not the address is on file.
  return json({ errors: {} as Record<string, string>, sent: true });
}

export default function LostLink() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const { contact } = useLoaderData<typeof loader>();
  return (
    <LostLinkPage
      title={t("participantLost.title")}
      lead={t("participantLost.lead")}
      sent={actionData?.sent ? t("participantLost.sent") : null}
      submit={t("participantLost.submit")}
      hint={t("participantLost.noEmail")}
      error={actionData?.errors.email}
      contact={{ question: t("lostLinkContact.participantQuestion"), contact }}
    />
  );
}
