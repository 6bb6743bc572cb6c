import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { SubscribeLinks } from "~/components/SubscribeLinks";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { createCoordinatorFeedToken, listCoordinatorFeedTokens, revokeCoordinatorFeedToken } from "~/models/feed.server";
import { useLocale } from "~/root";
import { requireCoordinator } from "~/utils/auth.server";
import { formatInTallinn } from "~/utils/dates";
import { parseForm, readFormData } from "~/utils/forms";
import { trustedOrigin } from "~/utils/origin.server";
import { pageTitle } from "~/utils/pageTitle";

import feedsStyles from "~/styles/feeds.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: feedsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

// The page can show a fresh secret link: keep it out of every cache.
const NO_STORE = { "Cache-Control": "no-store" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCoordinator(request);
  const t = await i18next.getFixedT((await i18next.getLocale(request)) as Locale);
  return json({ title: pageTitle(t("feedSettings.title")), tokens: await listCoordinatorFeedTokens(user.id), origin: trustedOrigin() }, { headers: NO_STORE });
}

const RevokeSchema = z.object({ token_id: z.coerce.number({ message: "validation.invalid" }).int("validation.invalid").positive("validation.invalid") });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCoordinator(request);
  const form = await readFormData(request);
  const intent = form.get("intent");
  if (intent === "create") {
    const token = await createCoordinatorFeedToken(user.id);
    // Shown once, in this answer only; the database keeps its hash.
    return json({ created: `/feeds/coordinator/${token}.ics`, revoked: false, error: null }, { headers: NO_STORE });
  }
  if (intent === "revoke") {
    const parsed = parseForm(RevokeSchema, form);
    if (!parsed.ok) return json({ created: null, revoked: false, error: "validation.invalid" }, { status: 400, headers: NO_STORE });
    // Someone else's token is simply not found here.
    if (!(await revokeCoordinatorFeedToken(user.id, parsed.data.token_id))) throw new Response("Not found", { status: 404 });
    return json({ created: null, revoked: true, error: null }, { headers: NO_STORE });
  }
  throw new Response("Bad request", { status: 400 });
}

export default function FeedSettings() {
  const { tokens, origin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const locale = useLocale();
  const pending = navigation.state === "submitting";
  const when = (iso: string) => formatInTallinn(iso, "PPp", locale);
  return (
    <div className="feed-settings">
      <h1>{t("feedSettings.title")}</h1>
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
