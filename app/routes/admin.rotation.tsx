import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { loadFlag } from "~/domain/rotation";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { rotationThisSeason } from "~/models/matching.server";
import { useLocale } from "~/utils/locale";
import { requireCoordinator } from "~/models/auth.server";
import { formatLongLocalDate, formatShortDate } from "~/utils/dates";
import { pageTitle } from "~/utils/pageTitle";

import scheduleStyles from "~/styles/schedule.css";

export const links = () => [{ rel: "stylesheet", href: scheduleStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const rotation = await rotationThisSeason(locale);
  return json({
    title: pageTitle(t("rotation.title")),
    ...rotation,
    people: rotation.people.map((p) => ({ ...p, flag: loadFlag(p.events, rotation.mean) })),
  });
}

const ROW = 18;
const LABEL = 150;
const WIDTH = 640;

export default function Rotation() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const scale = (WIDTH - LABEL - 40) / Math.max(1, data.maxLoad);
  const over = data.people.filter((p) => p.flag === "over");
  const none = data.people.filter((p) => p.flag === "none");
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/admin/matching">{t("admin.nav.matching")}</Link>
      </p>
      <h1>{t("rotation.title")}</h1>
      <p className="lead">{t("rotation.lead", { since: formatLongLocalDate(data.season, locale) })}</p>
      <dl className="terms">
        <div>
          <dt>{t("rotation.gini")}</dt>
          <dd>{data.gini.toFixed(2)}</dd>
        </div>
        <div>
          <dt>{t("rotation.maxLoad")}</dt>
          <dd>{data.maxLoad}</dd>
        </div>
        <div>
          <dt>{t("rotation.mean")}</dt>
          <dd>{data.mean.toFixed(1)}</dd>
        </div>
        <div>
          <dt>{t("rotation.overCount")}</dt>
          <dd>{over.length}</dd>
        </div>
        <div>
          <dt>{t("rotation.noneCount")}</dt>
          <dd>{none.length}</dd>
        </div>
      </dl>
      <p className="hint">{t("rotation.giniHint")}</p>

      <figure>
        <svg className="bars" viewBox={`0 0 ${WIDTH} ${data.people.length * ROW + 10}`} role="img" aria-labelledby="bars-title">
          <title id="bars-title">{t("rotation.chartTitle")}</title>
          {data.people.map((p, i) => (
            <g key={p.id} transform={`translate(0, ${i * ROW + 5})`}>
              <text x={LABEL - 6} y={ROW / 2 + 4} textAnchor="end">
                {p.name.length > 22 ? `${p.name.slice(0, 21)}…` : p.name}
              </text>
              <rect className={`bar ${p.flag}`} x={LABEL} y={2} height={ROW - 5} width={Math.max(2, p.events * scale)} />
              <text x={LABEL + Math.max(2, p.events * scale) + 4} y={ROW / 2 + 4}>
                {p.events}
              </text>
            </g>
          ))}
        </svg>
        <figcaption className="hint">{t("rotation.legend")}</figcaption>
      </figure>

      <table>
        <thead>
          <tr>
            <th>{t("rotation.participant")}</th>
            <th>{t("rotation.events")}</th>
            <th>{t("rotation.minutes")}</th>
            <th>{t("rotation.last")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data.people.map((p) => (
            <tr key={p.id} className={p.flag === "over" ? "highlight-over" : p.flag === "none" ? "highlight-none" : undefined}>
              <td>
                <Link to={`/admin/participants/${p.id}`}>{p.name}</Link>
              </td>
              <td>{p.events}</td>
              <td>{p.minutes}</td>
              <td>{p.lastAt ? formatShortDate(p.lastAt, locale) : "—"}</td>
              <td>{p.flag === "ok" ? null : <span className={`tag ${p.flag === "over" ? "state-cancelled" : "state-draft"}`}>{t(`rotation.flag.${p.flag}`)}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
