import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { ReportSections } from "~/components/reports/ReportSections";
import { reportSections } from "~/domain/reports/view";
import { localDateOf } from "~/domain/schedule";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { getOrganisationContact } from "~/models/organisation.server";
import { listRegions } from "~/models/region.server";
import { funderReport } from "~/models/report.server";
import { parseReportFilters } from "~/schemas/report";
import { requireCoordinator } from "~/models/auth.server";
import { nowIso } from "~/utils/clock.server";
import { formatLongDate, formatLongLocalDate } from "~/utils/dates";
import { pageTitle } from "~/utils/pageTitle";

import eventsStyles from "~/styles/events.css";
import reportStyles from "~/styles/reports.css";

export const links = () => [
  { rel: "stylesheet", href: eventsStyles },
  { rel: "stylesheet", href: reportStyles },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tuttav" }];

/**
 * /admin/reports/print: the same report as /admin/reports on a page of its own, without the
 * coordinators' navigation and with a print stylesheet (A4), to print or save as PDF.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const url = new URL(request.url);
  const today = localDateOf(nowIso());
  const regions = await listRegions(locale);
  const { filters, errors } = parseReportFilters(
    url.searchParams,
    today,
    regions.map((r) => r.code),
  );
  const [report, organisation] = await Promise.all([funderReport(filters, locale), getOrganisationContact()]);
  const query = new URLSearchParams({ from: filters.from, to: filters.to, ...(filters.region ? { region: filters.region } : {}) }).toString();
  return json({
    title: pageTitle(t("reports2.printTitle")),
    organisation: organisation.name,
    filters,
    query,
    fellBack: Object.keys(errors).length > 0,
    period: t("reports2.period", { from: formatLongLocalDate(filters.from, locale), to: formatLongLocalDate(filters.to, locale) }),
    made: t("reports2.made", { date: formatLongDate(nowIso(), locale) }),
    regions,
    sections: reportSections(report, { t, locale }),
    mapTowns: report.mapTowns,
  });
}

export default function PrintableReport() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const regionNames = Object.fromEntries(data.regions.map((r) => [r.code, r.name]));
  return (
    <main className="funder-report printable">
      <p className="screen-only print-help">
        <a href={`/admin/reports?${data.query}`}>{t("reports2.backToReport")}</a> · {t("reports2.printHelp")}
      </p>
      <header className="print-header">
        {data.organisation ? <p className="print-organisation">{data.organisation}</p> : null}
        <h1>{t("reports2.printTitle")}</h1>
        <p className="report-period">
          <strong>{data.period}</strong> · {data.filters.region ? regionNames[data.filters.region] : t("reports2.filters.allRegions")}
        </p>
        {data.fellBack ? <p className="notice">{t("reports2.filters.fallback")}</p> : null}
        <p className="report-note">{t("reports2.lead")}</p>
        <p className="report-note">{data.made}</p>
      </header>
      <ReportSections
        sections={data.sections}
        mapTowns={data.mapTowns}
        regionNames={regionNames}
        highlightRegion={data.filters.region}
        csvHref={(table) => `/admin/reports.csv?table=${table}&${data.query}`}
      />
    </main>
  );
}
