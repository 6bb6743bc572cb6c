import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { LostLinkPage } from "~/components/LostLinkPage";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { getOrganisationContact } from "~/models/organisation.server";
import { resendHostLinks } from "~/models/request/links.server";
import { LostLinkSchema } from "~/schemas/lostLink";
import { parseForm, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/pageTitle";
import { guardPublicForm } from "~/utils/publicForm.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  // People without e-mail are told whom to call: the organisation's contact from /admin/settings.
  return json({ title: pageTitle(t("hostLost.title")), contact: await getOrganisationContact() });
}

/** A host's "I lost my status link": new links to every open request made with that address. */
export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  // The limit also keeps this form from being used to flood someone's inbox.
  if ((await guardPublicForm("host-lost-link", formData, context)).isBot) return json({ errors: {} as Record<string, string>, sent: true });
  const parsed = parseForm(LostLinkSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, sent: false }, { status: 400 });
  await resendHostLinks(parsed.data.email);
  // The same answer whether or not the address is on file.
  return json({ errors: {} as Record<string, string>, sent: true });
}

export default function HostLostLink() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const { contact } = useLoaderData<typeof loader>();
  return (
    <LostLinkPage
      title={t("hostLost.title")}
      lead={t("hostLost.lead")}
      sent={actionData?.sent ? t("hostLost.sent") : null}
      submit={t("hostLost.submit")}
      hint={t("hostLost.hint")}
      error={actionData?.errors.email}
      contact={{ question: t("lostLinkContact.hostQuestion"), contact }}
    />
  );
}
