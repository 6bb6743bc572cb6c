import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { localize } from "~/domain/localizedText";
import { seasonStart } from "~/domain/participants/season";
import { isLocalDate, localDateOf } from "~/domain/schedule";
import { EVENT_KINDS, EVENT_STATES, type Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { periodReport } from "~/models/report.server";
import { useLocale } from "~/root";
import { requireCoordinator } from "~/utils/auth.server";
import { nowIso } from "~/utils/clock.server";
import { formatLongDate } from "~/utils/dates";
import { pageTitle } from "~/utils/pageTitle";

import scheduleStyles from "~/styles/schedule.css";

export const links = () => [{ rel: "stylesheet", href: scheduleStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const url = new URL(request.url);
  const today = localDateOf(nowIso());
  // By default the season so far.
  const fromParam = url.searchParams.get("from");
  const toParam = url.searchParams.get("to");
  const from = isLocalDate(fromParam) ? fromParam : seasonStart(today);
  const to = isLocalDate(toParam) && toParam >= from ? toParam : today;
  const report = await periodReport({ from, to }, locale);
  return json({ title: pageTitle(t("reports.title")), from, to, ...report, forums: report.forums.map((f) => ({ ...f, title: localize(f.title, locale) })) });
}

export default function Reports() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const euros = (cents: number) => new Intl.NumberFormat(locale, { style: "currency", currency: "EUR" }).format(cents / 100);
  const hours = Math.round(data.travel.minutes / 60);
  return (
    <>
      <h1>{t("reports.title")}</h1>
      <p className="lead">{t("reports.lead")}</p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="report-from">{t("matching.from")}</label>
          <input id="report-from" type="date" name="from" defaultValue={data.from} />
        </div>
        <div className="field">
          <label htmlFor="report-to">{t("matching.to")}</label>
          <input id="report-to" type="date" name="to" defaultValue={data.to} />
        </div>
        <button type="submit" className="secondary">
          {t("adminEvents.filters.apply")}
        </button>
      </Form>
      <p className="hint">
        {formatLongDate(`${data.from}T12:00:00Z`, locale)} – {formatLongDate(`${data.to}T12:00:00Z`, locale)}
      </p>

      <ul className="tiles">
        <li className="tile stat">
          <span className="tile-value">{data.byState.completed ?? 0}</span>
          <span className="tile-label">{t("reports.eventsHeld", { count: data.byState.completed ?? 0 })}</span>
        </li>
        <li className="tile stat">
          <span className="tile-value">{data.travel.travellers}</span>
          <span className="tile-label">{t("reports.travellers", { count: data.travel.travellers })}</span>
        </li>
        <li className="tile stat">
          <span className="tile-value">{data.travel.countries}</span>
          <span className="tile-label">{t("reports.countries", { count: data.travel.countries })}</span>
        </li>
        <li className="tile stat">
          <span className="tile-value">{hours}</span>
          <span className="tile-label">{t("reports.travelHours", { count: hours })}</span>
        </li>
      </ul>

      <section className="panel" aria-labelledby="report-events">
        <h2 id="report-events">{t("reports.events")}</h2>
        <table className="compact">
          <tbody>
            {EVENT_STATES.map((state) => (
              <tr key={state}>
                <th scope="row">{t(`event.state.${state}`)}</th>
                <td>{data.byState[state] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{t("reports.heldByKind")}</h3>
        <table className="compact">
          <tbody>
            {EVENT_KINDS.map((kind) => (
              <tr key={kind}>
                <th scope="row">{t(`event.kind.${kind}`)}</th>
                <td>{data.byKind[kind] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{t("reports.heldByCounty")}</h3>
        {data.byRegion.length === 0 ? <p className="empty">{t("reports.none")}</p> : null}
        <table className="compact">
          <tbody>
            {data.byRegion.map((r) => (
              <tr key={r.code}>
                <th scope="row">{r.name}</th>
                <td>{r.events}</td>
                <td className="muted">{r.islandEvents ? t("reports.onIslands", { count: r.islandEvents }) : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="panel" aria-labelledby="report-travel">
        <h2 id="report-travel">{t("reports.participation")}</h2>
        <p>{t("reports.attendance", { attended: data.travel.attended, noShow: data.travel.noShow })}</p>
        <p>
          <Link to="/admin/rotation">{t("matching.rotationLink")}</Link>
        </p>
      </section>

      <section className="panel" aria-labelledby="report-feedback">
        <h2 id="report-feedback">{t("feedback.adminTitle")}</h2>
        {data.feedback.length === 0 ? <p className="empty">{t("reports.none")}</p> : null}
        <table className="compact">
          <tbody>
            {data.feedback.map((f) => (
              <tr key={f.author}>
                <th scope="row">{t(`feedback.authors.${f.author}`)}</th>
                <td>{t("reports.feedbackCount", { count: f.count })}</td>
                <td>{f.rating !== null ? t("feedback.ratingOf", { rating: f.rating.toFixed(1) }) : "—"}</td>
                <td>{t("reports.answered", { answered: f.answered, count: f.count })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="panel" aria-labelledby="report-claims">
        <h2 id="report-claims">{t("reports.claims")}</h2>
        {data.claims.length === 0 ? <p className="empty">{t("reports.none")}</p> : null}
        <table className="compact">
          <tbody>
            {data.claims.map((c) => (
              <tr key={c.status}>
                <th scope="row">{t(`reports.claimStatus.${c.status}`)}</th>
                <td>{c.count}</td>
                <td>{euros(c.cents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="panel" aria-labelledby="report-forums">
        <h2 id="report-forums">{t("reports.forums")}</h2>
        {data.forums.length === 0 ? <p className="empty">{t("reports.none")}</p> : null}
        {data.forums.map((f) => (
          <article key={f.id} className="forum-report">
            <h3>
              <Link to={`/admin/events/${f.id}`}>{f.title}</Link> <span className="muted">{formatLongDate(f.starts_at, locale)}</span>
            </h3>
            <p>
              <strong>{t("forum.said")}:</strong> {f.outcome_said ?? "—"}
            </p>
            <p>
              <strong>{t("forum.done")}:</strong> {f.outcome_done ?? "—"}
            </p>
          </article>
        ))}
      </section>
    </>
  );
}
