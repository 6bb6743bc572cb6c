import { useTranslation } from "react-i18next";

import { EstoniaMap } from "~/components/EstoniaMap";
import type { MapTownCount } from "~/domain/reports/types";
import type { ReportSection, ReportTable, ReportTableName } from "~/domain/reports/view";

import { ReportChart } from "./ReportChart";

/** The funder report's sections: heading, notes, chart (and map), and the tables with a CSV link each. */
export function ReportSections({
  sections,
  mapTowns,
  regionNames,
  highlightRegion,
  csvHref,
}: {
  sections: ReportSection[];
  mapTowns: MapTownCount[];
  regionNames: Record<string, string>;
  highlightRegion: string | null;
  csvHref: (table: ReportTableName) => string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {sections.map((section) => (
        <section key={section.id} className="report-section" aria-labelledby={`report-${section.id}`}>
          <h2 id={`report-${section.id}`}>{section.title}</h2>
          {section.notes.map((note) => (
            <p key={note} className="report-note">
              {note}
            </p>
          ))}
          <div className={section.chart || section.map ? "report-body with-figure" : "report-body"}>
            {section.chart || section.map ? (
              <div className="report-figures">
                {section.chart ? <ReportChart chart={section.chart} /> : null}
                {section.map ? (
                  <figure className="report-map">
                    <EstoniaMap
                      towns={mapTowns}
                      regionNames={regionNames}
                      highlightRegion={highlightRegion}
                      townHref={(town) => `/admin/events?region=${encodeURIComponent(town.regionCode)}&past=1`}
                      townLabel={(town) => t("reports2.events.mapTown", { town: town.name, count: town.count })}
                    />
                    <figcaption>{t("reports2.events.mapCaption")}</figcaption>
                  </figure>
                ) : null}
              </div>
            ) : null}
            <div className="report-tables">
              {section.tables.map((table) => (
                <DataTable key={table.name} table={table} csvHref={csvHref(table.name)} />
              ))}
            </div>
          </div>
        </section>
      ))}
    </>
  );
}

/** A date cell ("2026-09-12") stays on one line. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function DataTable({ table, csvHref }: { table: ReportTable; csvHref: string }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const text = (value: string | number | null) => (value === null ? "—" : typeof value === "number" ? number.format(value) : value);
  return (
    <div className="report-table">
      <div className="report-table-head">
        <h3 id={`table-${table.name}`}>{table.caption}</h3>
        <a className="csv-link" href={csvHref} download aria-label={t("reports2.csvOf", { table: table.caption })}>
          {t("reports2.csv")}
        </a>
      </div>
      {table.rows.length === 0 ? (
        <p className="empty">{table.empty}</p>
      ) : (
        <table className={table.columns.length > 4 ? "report-wide" : "compact"} aria-labelledby={`table-${table.name}`} data-table={table.name}>
          <thead>
            <tr>
              {table.columns.map((column, i) => (
                <th key={i} scope="col" className={table.numeric[i] ? "num" : undefined}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row" className={typeof cell === "string" && ISO_DATE.test(cell) ? "date" : undefined}>
                      {text(cell)}
                    </th>
                  ) : (
                    <td key={i} className={table.numeric[i] ? "num" : undefined}>
                      {text(cell)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
          {table.total ? (
            <tfoot>
              <tr>
                {table.total.map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row">
                      {text(cell)}
                    </th>
                  ) : (
                    <td key={i} className={table.numeric[i] ? "num" : undefined}>
                      {text(cell)}
                    </td>
                  ),
                )}
              </tr>
            </tfoot>
          ) : null}
        </table>
      )}
    </div>
  );
}
