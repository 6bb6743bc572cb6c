import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { AuditSentence } from "~/components/AuditSentence";
import { auditActionName, auditEntityName } from "~/domain/audit/actions";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { auditNames, auditVocabulary, listAuditLog } from "~/models/auditLog.server";
import { listUsers } from "~/models/user.server";
import { useLocale } from "~/utils/locale";
import { isAdmin, requireCoordinator } from "~/models/auth.server";
import { formatDateTime } from "~/utils/dates";
import { pageTitle } from "~/utils/pageTitle";
import { forbidden } from "~/utils/params";

// The filter bar looks as on the events pages.
import scheduleStyles from "~/styles/schedule.css";

export const links = () => [{ rel: "stylesheet", href: scheduleStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (!isAdmin(await requireCoordinator(request))) throw forbidden();
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
  const entries = page.entries.map((e) => ({
    id: e.id,
    at: e.at,
    action: e.action,
    entity: e.entity,
    entityId: e.entity_id,
    actorKind: e.actor_kind,
    actorName: e.user_name,
    details: e.details,
  }));
  // The filter menus in words, in the reader's alphabetical order.
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, locale);
  return json({
    title: pageTitle(t("audit.title")),
    entries,
    hasMore: page.hasMore,
    names: await auditNames(entries, locale),
    filters,
    vocabulary: {
      entities: vocabulary.entities.map((code) => ({ code, name: auditEntityName(code, t) })).sort(byName),
      actions: vocabulary.actions.map((code) => ({ code, name: auditActionName(code, t) })).sort(byName),
    },
    users: users.map((u) => ({ id: u.id, name: u.name })),
  });
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
              <option key={e.code} value={e.code}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("audit.action")}
          <select name="action" defaultValue={data.filters.action ?? ""}>
            <option value="">{t("audit.all")}</option>
            {data.vocabulary.actions.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
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
      {data.entries.length > 0 ? (
        <table className="audit-log">
          <thead>
            <tr>
              <th scope="col">{t("audit.when")}</th>
              <th scope="col">{t("adminpages.audit.what")}</th>
            </tr>
          </thead>
          <tbody>
            {data.entries.map((entry) => (
              <tr key={entry.id}>
                <td className="audit-when">
                  <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time>
                </td>
                <td>
                  <AuditSentence entry={entry} names={data.names} locale={locale} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data.hasMore ? (
        <p>
          <Link to={`?${next}`}>{t("audit.older")}</Link>
        </p>
      ) : null}
    </>
  );
}
