import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { FilterSelect } from "~/components/FilterSelect";
import { ReportSections } from "~/components/reports/ReportSections";
import { QUICK_PERIODS } from "~/domain/reports/period";
import { reportSections } from "~/domain/reports/view";
import { localDateOf } from "~/domain/schedule";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { listRegions } from "~/models/region.server";
import { funderReport } from "~/models/report.server";
import { parseReportFilters } from "~/schemas/report";
import { requireCoordinator } from "~/models/auth.server";
import { nowIso } from "~/utils/clock.server";
import { formatLongLocalDate } from "~/utils/dates";
import { pageTitle } from "~/utils/pageTitle";
import { translateMessage } from "~/utils/validationMessages";

import eventsStyles from "~/styles/events.css";
import reportStyles from "~/styles/reports.css";
import scheduleStyles from "~/styles/schedule.css";

export const links = () => [
  { rel: "stylesheet", href: scheduleStyles },
  { rel: "stylesheet", href: eventsStyles },
  { rel: "stylesheet", href: reportStyles },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

/** The query string that reproduces a report (for its CSV files and its printable page). */
function reportQuery(filters: { from: string; to: string; region: string | null }): string {
  const params = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.region) params.set("region", filters.region);
  return params.toString();
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const url = new URL(request.url);
  const regions = await listRegions(locale);
  const { filters, errors } = parseReportFilters(
    url.searchParams,
    localDateOf(nowIso()),
    regions.map((r) => r.code),
  );
  const report = await funderReport(filters, locale);
  return json({
    title: pageTitle(t("reports2.title")),
    filters,
    // What the person typed stays in the form, beside its message.
    typed: { from: url.searchParams.get("from") ?? filters.from, to: url.searchParams.get("to") ?? filters.to, region: url.searchParams.get("region") ?? filters.region },
    errors: Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, translateMessage(t, message)])) as Record<string, string>,
    query: reportQuery(filters),
    period: t("reports2.period", { from: formatLongLocalDate(filters.from, locale), to: formatLongLocalDate(filters.to, locale) }),
    regions,
    sections: reportSections(report, { t, locale }),
    mapTowns: report.mapTowns,
  });
}

export default function Reports() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const regionNames = Object.fromEntries(data.regions.map((r) => [r.code, r.name]));
  const hasErrors = Object.keys(data.errors).length > 0;
  const regionPart = data.filters.region ? `&region=${encodeURIComponent(data.filters.region)}` : "";
  return (
    <div className="funder-report">
      <h1>{t("reports2.title")}</h1>
      <p className="lead">{t("reports2.lead")}</p>
      <Form method="get" className="filters report-filters" noValidate>
        <div className="field">
          <label htmlFor="report-from">{t("reports2.filters.from")}</label>
          <input
            id="report-from"
            type="date"
            name="from"
            defaultValue={data.typed.from}
            aria-invalid={data.errors.from ? true : undefined}
            aria-describedby={data.errors.from ? "report-from-error" : undefined}
          />
          {data.errors.from ? (
            <p id="report-from-error" className="field-error">
              {data.errors.from}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="report-to">{t("reports2.filters.to")}</label>
          <input
            id="report-to"
            type="date"
            name="to"
            defaultValue={data.typed.to}
            aria-invalid={data.errors.to ? true : undefined}
            aria-describedby={data.errors.to ? "report-to-error" : undefined}
          />
          {data.errors.to ? (
            <p id="report-to-error" className="field-error">
              {data.errors.to}
            </p>
          ) : null}
        </div>
        <FilterSelect
          id="report-region"
          name="region"
          label={t("reports2.filters.region")}
          anyLabel={t("reports2.filters.allRegions")}
          defaultValue={data.filters.region}
          options={data.regions.map((r) => ({ value: r.code, label: r.name }))}
        />
        <button type="submit" className="secondary">
          {t("reports2.filters.apply")}
        </button>
      </Form>
      {data.errors.region || data.errors.pick ? <p className="field-error">{data.errors.region ?? data.errors.pick}</p> : null}
      {hasErrors ? (
        <p className="notice report-fallback" role="alert">
          {t("reports2.filters.fallback")}
        </p>
      ) : null}
      <nav className="report-quick" aria-label={t("reports2.filters.quick")}>
        <span>{t("reports2.filters.quick")}:</span>
        {QUICK_PERIODS.map((pick) => (
          <Link key={pick} to={`?pick=${pick}${regionPart}`}>
            {t(`reports2.pick.${pick}`)}
          </Link>
        ))}
      </nav>
      <p className="report-period">
        <strong>{data.period}</strong>
        {data.filters.region ? ` · ${regionNames[data.filters.region]}` : ` · ${t("reports2.filters.allRegions")}`}
        {" · "}
        <a href={`/admin/reports/print?${data.query}`} className="print-link">
          {t("reports2.print")}
        </a>
      </p>
      <ReportSections
        sections={data.sections}
        mapTowns={data.mapTowns}
        regionNames={regionNames}
        highlightRegion={data.filters.region}
        csvHref={(table) => `/admin/reports.csv?table=${table}&${data.query}`}
      />
    </div>
  );
}
