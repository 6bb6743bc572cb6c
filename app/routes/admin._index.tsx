import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { getDashboardSummary } from "~/models/dashboard.server";
import { requireCoordinator } from "~/models/auth.server";
import { nowIso } from "~/utils/clock.server";
import { pageTitle } from "~/utils/pageTitle";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCoordinator(request);
  const t = await i18next.getFixedT((await i18next.getLocale(request)) as Locale);
  return json({ title: pageTitle(t("admin.dashboard.title")), name: user.name, summary: await getDashboardSummary(nowIso()) });
}

export default function Dashboard() {
  const { name, summary } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const tiles = [
    { key: "newRequests", value: summary.newRequests, to: "/admin/requests" },
    { key: "upcomingEvents", value: summary.upcomingEvents, to: "/admin/events" },
    { key: "participants", value: summary.participants, to: "/admin/participants" },
    { key: "openInvitations", value: summary.openInvitations, to: "/admin/matching" },
  ] as const;
  return (
    <>
      <h1>{t("admin.dashboard.title")}</h1>
      <p className="lead">{t("admin.dashboard.welcome", { name })}</p>
      <ul className="tiles">
        {tiles.map((tile) => (
          <li key={tile.key} className="tile">
            <Link to={tile.to}>
              <span className="tile-value">{tile.value}</span>
              <span className="tile-label">{t(`admin.dashboard.${tile.key}`, { count: tile.value })}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
