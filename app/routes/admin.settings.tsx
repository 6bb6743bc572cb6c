import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { Field } from "~/components/Field";
import { SubscribeLinks } from "~/components/SubscribeLinks";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { createCoordinatorFeedToken, listCoordinatorFeedTokens, revokeCoordinatorFeedToken } from "~/models/feedToken.server";
import { getOrganisationContact, getTravelSettings, updateOrganisationContact, updateTravelSettings } from "~/models/organisation.server";
import { TravelSettingsSection } from "~/components/TravelSettingsSection";
import { useLocale } from "~/utils/locale";
import { requireCoordinator } from "~/models/auth.server";
import { formatInTallinn } from "~/utils/dates";
import { ORGANISATION_LIMITS, OrganisationSchema, TravelSettingsSchema } from "~/schemas/organisation";
import { formFields, parseIntentForm, readFormData } from "~/utils/forms";
import { trustedOrigin } from "~/utils/origin.server";
import { pageTitle } from "~/utils/pageTitle";
import { notFound } from "~/utils/params";

import feedsStyles from "~/styles/feeds.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: feedsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

// The page can show a fresh secret link: keep it out of every cache.
const NO_STORE = { "Cache-Control": "no-store" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCoordinator(request);
  const t = await i18next.getFixedT((await i18next.getLocale(request)) as Locale);
  return json(
    {
      title: pageTitle(t("feedSettings.title")),
      tokens: await listCoordinatorFeedTokens(user.id),
      origin: trustedOrigin(),
      // Everyone sees the organisation's contact; admins change it.
      organisation: await getOrganisationContact(),
      canEditOrganisation: user.role === "admin",
      // Travel costs and payments (issue 17): everyone sees them, admins change them.
      travel: await getTravelSettings(),
    },
    { headers: NO_STORE },
  );
}

const SettingsForms = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create") }),
  OrganisationSchema.extend({ intent: z.literal("organisation") }),
  TravelSettingsSchema.extend({ intent: z.literal("travel") }),
  z.object({
    intent: z.literal("revoke"),
    token_id: z.coerce.number({ message: "validation.invalid" }).int("validation.invalid").positive("validation.invalid").max(Number.MAX_SAFE_INTEGER, "validation.invalid"),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCoordinator(request);
  const formData = await readFormData(request);
  const form = parseIntentForm(SettingsForms, formData);
  if (form.intent === "create") {
    const token = await createCoordinatorFeedToken(user.id);
    // Shown once, in this answer only; the database keeps its hash.
    return json({ created: `/feeds/coordinator/${token}.ics`, revoked: false, error: null }, { headers: NO_STORE });
  }
  if (form.intent === "organisation") {
    // The contact is shown to the public: only an admin changes it.
    if (user.role !== "admin") throw new Response("Forbidden", { status: 403 });
    if (!form.ok) {
      const values = Object.fromEntries(["name", "phone", "email"].map((name) => [name, formFields(formData).get(name)?.[0] ?? ""]));
      return json({ created: null, revoked: false, error: null, errors: form.errors, values, saved: null }, { status: 400, headers: NO_STORE });
    }
    const { intent: _intent, ...contact } = form.data;
    const { changed } = await updateOrganisationContact(contact, { kind: "user", userId: user.id });
    return json({ created: null, revoked: false, error: null, errors: {} as Record<string, string>, values: null, saved: changed.length > 0 }, { headers: NO_STORE });
  }
  if (form.intent === "travel") {
    // The payer's account goes into payment files: only an admin changes it.
    if (user.role !== "admin") throw new Response("Forbidden", { status: 403 });
    if (!form.ok) {
      const travelValues = Object.fromEntries(["km_rate_cents", "legal_name", "iban", "bic"].map((name) => [name, formFields(formData).get(name)?.[0] ?? ""]));
      return json({ created: null, revoked: false, error: null, travelErrors: form.errors, travelValues, travelSaved: null }, { status: 400, headers: NO_STORE });
    }
    const { intent: _intent, ...travel } = form.data;
    const { changed } = await updateTravelSettings(travel, { kind: "user", userId: user.id });
    return json(
      { created: null, revoked: false, error: null, travelErrors: {} as Record<string, string>, travelValues: null, travelSaved: changed.length > 0 },
      { headers: NO_STORE },
    );
  }
  if (form.intent === "revoke") {
    if (!form.ok) return json({ created: null, revoked: false, error: "validation.invalid" }, { status: 400, headers: NO_STORE });
    // Someone else's token is simply not found here.
    if (!(await revokeCoordinatorFeedToken(user.id, form.data.token_id))) throw notFound();
    return json({ created: null, revoked: true, error: null }, { headers: NO_STORE });
  }
  throw new Response("Bad request", { status: 400 });
}

export default function FeedSettings() {
  const { tokens, origin, organisation, canEditOrganisation, travel } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const locale = useLocale();
  const pending = navigation.state === "submitting";
  // The organisation form's answer (the feed forms answer without these fields).
  const organisationAnswer = actionData as { errors?: Record<string, string>; values?: Record<string, string> | null; saved?: boolean | null } | undefined;
  const when = (iso: string) => formatInTallinn(iso, "PPp", locale);
  return (
    <div className="feed-settings">
      <h1>{t("feedSettings.title")}</h1>
      <OrganisationSection
        contact={organisation}
        canEdit={canEditOrganisation}
        pending={pending}
        errors={organisationAnswer?.errors ?? {}}
        values={organisationAnswer?.values ?? null}
        saved={organisationAnswer?.saved ?? null}
      />
      <TravelSettingsSection
        settings={travel}
        canEdit={canEditOrganisation}
        pending={pending}
        answer={actionData as { travelErrors?: Record<string, string>; travelValues?: Record<string, string> | null; travelSaved?: boolean | null } | undefined}
      />
      <section aria-labelledby="feed-title">
        <h2 id="feed-title">{t("feedSettings.feedTitle")}</h2>
        <p className="lead">{t("feedSettings.lead")}</p>

        {actionData?.created ? (
          <div className="notice feed-created" role="status">
            <p>
              <strong>{t("feedSettings.created")}</strong> {t("feedSettings.shownOnce")}
            </p>
            <SubscribeLinks feed={actionData.created} origin={origin} personal open />
          </div>
        ) : null}
        {actionData?.revoked ? (
          <p className="notice" role="status">
            {t("feedSettings.revoked")}
          </p>
        ) : null}
        {actionData?.error ? (
          <p className="form-error" role="alert">
            {t(actionData.error)}
          </p>
        ) : null}

        <Form method="post">
          <input type="hidden" name="intent" value="create" />
          <button type="submit" disabled={pending}>
            {t("feedSettings.create")}
          </button>
        </Form>

        {tokens.length === 0 ? (
          <p className="empty">{t("feedSettings.none")}</p>
        ) : (
          <table className="feed-tokens">
            <caption className="visually-hidden">{t("feedSettings.listCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("feedSettings.createdAt")}</th>
                <th scope="col">{t("feedSettings.lastUsed")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("feedSettings.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td>{when(token.createdAt)}</td>
                  <td>{token.lastUsedAt ? when(token.lastUsedAt) : t("feedSettings.neverUsed")}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="token_id" value={token.id} />
                      <button type="submit" className="secondary" disabled={pending} aria-label={t("feedSettings.revokeLabel", { date: when(token.createdAt) })}>
                        {t("feedSettings.revoke")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

/** The organisation's contact, shown on the "I lost my link" pages to people without e-mail. */
function OrganisationSection(props: {
  contact: { name: string | null; phone: string | null; email: string | null };
  canEdit: boolean;
  pending: boolean;
  errors: Record<string, string>;
  values: Record<string, string> | null;
  saved: boolean | null;
}) {
  const { t } = useTranslation();
  const { contact, errors } = props;
  const value = (name: "name" | "phone" | "email") => props.values?.[name] ?? contact[name] ?? "";
  return (
    <section aria-labelledby="organisation-title" className="organisation-settings">
      <h2 id="organisation-title">{t("organisationSettings.title")}</h2>
      <p className="lead">
        {t("organisationSettings.lead")}
        {props.canEdit ? ` ${t("organisationSettings.leadEdit")}` : null}
      </p>
      {props.saved !== null ? (
        <p className="notice" role="status">
          {props.saved ? t("organisationSettings.saved") : t("organisationSettings.unchanged")}
        </p>
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <p className="form-error" role="alert">
          {t("organisationSettings.fixErrors")}
        </p>
      ) : null}
      {props.canEdit ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="organisation" />
          <Field label={t("organisationSettings.name")} name="name" error={errors.name} hint={t("organisationSettings.nameHint")}>
            {(field) => <input {...field} name="name" defaultValue={value("name")} maxLength={ORGANISATION_LIMITS.name} autoComplete="organization" />}
          </Field>
          <div className="form-pair">
            <Field label={t("organisationSettings.phone")} name="phone" error={errors.phone} hint={t("organisationSettings.phoneHint")}>
              {(field) => <input {...field} name="phone" type="tel" defaultValue={value("phone")} maxLength={ORGANISATION_LIMITS.phone} autoComplete="tel" />}
            </Field>
            <Field label={t("organisationSettings.email")} name="email" error={errors.email} hint={t("organisationSettings.emailHint")}>
              {(field) => <input {...field} name="email" type="email" defaultValue={value("email")} maxLength={ORGANISATION_LIMITS.email} autoComplete="email" />}
            </Field>
          </div>
          <p>
            <button type="submit" disabled={props.pending}>
              {t("organisationSettings.save")}
            </button>
          </p>
        </Form>
      ) : (
        <>
          <dl className="organisation-contact">
            {(["name", "phone", "email"] as const).map((name) => (
              <div key={name}>
                <dt>{t(`organisationSettings.${name}`)}</dt>
                <dd>{contact[name] ?? t("organisationSettings.notSet")}</dd>
              </div>
            ))}
          </dl>
          <p className="hint">{t("organisationSettings.adminOnly")}</p>
        </>
      )}
    </section>
  );
}
