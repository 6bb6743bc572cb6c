import type { LoaderFunctionArgs } from "@remix-run/node";

import { toCsv } from "~/domain/participants/csvExport";
import { findReportTable, isReportTableName, reportSections, tableRows } from "~/domain/reports/view";
import { localDateOf } from "~/domain/schedule";
import type { Locale } from "~/domain/vocabulary";
import { i18next } from "~/i18n/i18next.server";
import { listRegions } from "~/models/region.server";
import { funderReport } from "~/models/report.server";
import { parseReportFilters } from "~/schemas/report";
import { requireCoordinator } from "~/models/auth.server";
import { nowIso } from "~/utils/clock.server";
import { translateMessage } from "~/utils/validationMessages";

/**
 * /admin/reports.csv?table=<name>&from&to&region: one table of the funder report as CSV (UTF-8
 * with BOM, RFC 4180, formulas defused), exactly as the page shows it: hidden counts stay "< 5".
 * Bad filters or an unknown table get a 400 with the reason in the reader's language.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const locale = (await i18next.getLocale(request)) as Locale;
  const t = await i18next.getFixedT(locale);
  const url = new URL(request.url);
  const name = url.searchParams.get("table");
  const regions = await listRegions(locale);
  const { filters, errors } = parseReportFilters(
    url.searchParams,
    localDateOf(nowIso()),
    regions.map((r) => r.code),
  );
  const problems = [...(isReportTableName(name) ? [] : [t("reports2.errors.unknownTable")]), ...Object.values(errors).map((message) => translateMessage(t, message))];
  if (problems.length > 0 || !isReportTableName(name)) {
    return new Response(`${problems.join("\n")}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  const report = await funderReport(filters, locale);
  const table = findReportTable(reportSections(report, { t, locale }), name)!;
  const file = `tuttav-${name}-${filters.from}-${filters.to}${filters.region ? `-${filters.region}` : ""}.csv`;
  return new Response(toCsv(tableRows(table)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file}"`,
      "Cache-Control": "no-store",
    },
  });
}
