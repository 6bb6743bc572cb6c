import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { auditVocabulary, listAuditLog } from "~/models/auditLog.server";
import { listUsers } from "~/models/user.server";
import { useLocale } from "~/root";
import { requireAdmin } from "~/utils/auth.server";
import { formatInTallinn } from "~/utils/dates";
import { pageTitle } from "~/utils/pageTitle";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

/** Where an audited record can be looked at. */
const ENTITY_LINKS: Record<string, (id: number) => string> = {
  event: (id) => `/admin/events/${id}`,
  series: (id) => `/admin/series/${id}`,
  participant: (id) => `/admin/participants/${id}`,
  event_request: (id) => `/admin/requests?id=${id}`,
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const url = new URL(request.url);
  const number = (name: string) => {
    const n = Number(url.searchParams.get(name));
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  };
  const filters = {
    entity: url.searchParams.get("entity") || null,
    action: url.searchParams.get("action") || null,
    userId: number("user"),
    before: number("before"),
  };
  const [page, vocabulary, users] = await Promise.all([listAuditLog(filters), auditVocabulary(), listUsers()]);
  return json({ title: pageTitle(t("audit.title")), ...page, filters, vocabulary, users: users.map((u) => ({ id: u.id, name: u.name })) });
}

export default function Audit() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const next = new URLSearchParams();
  if (data.filters.entity) next.set("entity", data.filters.entity);
  if (data.filters.action) next.set("action", data.filters.action);
  if (data.filters.userId) next.set("user", String(data.filters.userId));
  const last = data.entries[data.entries.length - 1];
  if (last) next.set("before", String(last.id));

  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p className="lead">{t("audit.lead")}</p>
      <Form method="get" className="filters audit-filters">
        <label>
          {t("audit.entity")}
          <select name="entity" defaultValue={data.filters.entity ?? ""}>
            <option value="">{t("audit.all")}</option>
            {data.vocabulary.entities.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("audit.action")}
          <select name="action" defaultValue={data.filters.action ?? ""}>
            <option value="">{t("audit.all")}</option>
            {data.vocabulary.actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("audit.who")}
          <select name="user" defaultValue={data.filters.userId ?? ""}>
            <option value="">{t("audit.all")}</option>
            {data.users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="secondary">
          {t("audit.show")}
        </button>
      </Form>
      {data.entries.length === 0 ? <p className="empty">{t("audit.empty")}</p> : null}
      <table>
        <thead>
          <tr>
            <th>{t("audit.when")}</th>
            <th>{t("audit.who")}</th>
            <th>{t("audit.action")}</th>
            <th>{t("audit.record")}</th>
            <th>{t("audit.details")}</th>
          </tr>
        </thead>
        <tbody>
          {data.entries.map((entry) => {
            const link = entry.entity_id !== null ? ENTITY_LINKS[entry.entity]?.(entry.entity_id) : undefined;
            return (
              <tr key={entry.id}>
                <td>
                  <time dateTime={entry.at}>{formatInTallinn(entry.at, "Pp", locale)}</time>
                </td>
                <td>{entry.user_name ?? t(`audit.actors.${entry.actor_kind}`)}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>
                  {link ? <Link to={link}>{`${entry.entity} #${entry.entity_id}`}</Link> : `${entry.entity}${entry.entity_id !== null ? ` #${entry.entity_id}` : ""}`}
                </td>
                <td>
                  <code className="audit-details">{entry.details === "{}" ? "" : entry.details}</code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {data.hasMore ? (
        <p>
          <Link to={`?${next}`}>{t("audit.older")}</Link>
        </p>
      ) : null}
    </>
  );
}
