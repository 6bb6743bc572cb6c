/**
 * The funder report as sections of headings, charts and tables, in the reader's language. The
 * page, the printable page and the CSV files all come from here, so they cannot disagree: a
 * count hidden on the page ("< 5") is hidden in the CSV too.
 */
import { EVENT_KINDS, isOneOf, type Locale } from "~/domain/vocabulary";

import { barChart, lineChart, type BarChartData, type LineChartData } from "./charts";
import { suppressSmallCounts, SUPPRESSION_THRESHOLD } from "./suppress";
import type { FunderReport } from "./types";

export const REPORT_TABLES = [
  "events_by_county",
  "events_by_kind",
  "travellers_by_country",
  "travellers_by_gender",
  "locals",
  "travel",
  "claims_paid",
  "feedback",
  "you_said_we_did",
  "forums",
  "fairness",
] as const;
export type ReportTableName = (typeof REPORT_TABLES)[number];

export type ReportCell = string | number | null;
export type ReportTable = {
  name: ReportTableName;
  caption: string;
  columns: string[];
  /** Which columns hold numbers (right-aligned). */
  numeric: boolean[];
  rows: ReportCell[][];
  /** The totals row, when the table has one. */
  total: ReportCell[] | null;
  /** Shown when there are no rows. */
  empty: string;
};
export type ReportChart = (BarChartData | LineChartData) & { title: string; summary: string };
export type ReportSection = { id: string; title: string; notes: string[]; chart: ReportChart | null; map: boolean; tables: ReportTable[] };

export type Translate = (key: string, options?: Record<string, unknown>) => string;
export type ReportLabels = { t: Translate; locale: Locale };

/** The whole report as sections (headings, notes, charts and tables), in the reader's language. */
export function reportSections(report: FunderReport, { t, locale }: ReportLabels): ReportSection[] {
  const regionNames = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
  const country = (code: string) => regionNames.of(code) ?? code;
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const dec = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const two = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const euros = new Intl.NumberFormat(locale, { style: "currency", currency: "EUR" });
  // On a chart's axis a month is short and numeric ("09.2026"); tables name it.
  const monthShort = (month: string) => new Intl.DateTimeFormat(locale, { month: "2-digit", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-15T12:00:00Z`));
  const monthName = (month: string) => new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-15T12:00:00Z`));
  const hidden = t("reports2.suppressed", { count: SUPPRESSION_THRESHOLD });
  const none = t("reports2.none");
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  // 1. Events held
  const kindLabel = (k: string) => t(`event.kind.${k}`);
  const byCounty: ReportTable = {
    name: "events_by_county",
    caption: t("reports2.events.byCounty"),
    columns: [t("reports2.col.county"), ...EVENT_KINDS.map(kindLabel), t("reports2.col.total"), t("reports2.col.onIslands")],
    numeric: [false, ...EVENT_KINDS.map(() => true), true, true],
    rows: report.eventsByCounty.map((c) => [c.name, ...EVENT_KINDS.map((k) => c.byKind[k]), c.total, c.onIslands]),
    total: [t("reports2.col.total"), ...EVENT_KINDS.map((k) => report.eventsByKind[k]), report.eventsHeld, report.eventsOnIslands],
    empty: none,
  };
  const byKind: ReportTable = {
    name: "events_by_kind",
    caption: t("reports2.events.byKind"),
    columns: [t("reports2.col.kind"), t("reports2.col.events")],
    numeric: [false, true],
    rows: report.eventsHeld ? EVENT_KINDS.map((k) => [kindLabel(k), report.eventsByKind[k]]) : [],
    total: [t("reports2.col.total"), report.eventsHeld],
    empty: none,
  };
  const events: ReportSection = {
    id: "events",
    title: t("reports2.events.title"),
    notes: [t("reports2.events.summary", { count: report.eventsHeld, islands: report.eventsOnIslands })],
    chart: report.eventsByCounty.length
      ? {
          ...barChart(
            report.eventsByCounty.map((c) => ({ label: c.name, value: c.total, valueText: int.format(c.total) })),
            (v) => int.format(v),
          ),
          title: t("reports2.events.chartTitle"),
          summary: t("reports2.events.chartSummary", { count: report.eventsHeld, counties: report.eventsByCounty.length, top: report.eventsByCounty[0].name }),
        }
      : null,
    map: report.mapTowns.length > 0,
    tables: [byCounty, byKind],
  };

  // 2. Participants who travelled: counts of people, small ones hidden.
  const countries = suppressSmallCounts(report.travellersByCountry);
  const genders = suppressSmallCounts(report.travellersByGender);
  const shown = (n: number | null) => (n === null ? hidden : n);
  const countryName = (code: string | null) => (code ? country(code) : t("reports2.notGiven"));
  const genderName = (g: string | null) => (g === "female" || g === "male" || g === "other" ? t(`reports2.gender.${g}`) : t("reports2.notGiven"));
  const travellersTotal = sum(report.travellersByCountry.map((c) => c.count));
  const travellers: ReportSection = {
    id: "travellers",
    title: t("reports2.travellers.title"),
    notes: [
      travellersTotal > 0 && travellersTotal < SUPPRESSION_THRESHOLD
        ? t("reports2.travellers.summaryFew", { count: SUPPRESSION_THRESHOLD })
        : t("reports2.travellers.summary", { count: travellersTotal }),
      t("reports2.travellers.suppression", { count: SUPPRESSION_THRESHOLD }),
    ],
    chart: countries.cells.length
      ? {
          ...barChart(
            countries.cells.map((c) => ({ label: countryName(c.key), value: c.count, valueText: c.count === null ? hidden : int.format(c.count) })),
            (v) => int.format(v),
          ),
          title: t("reports2.travellers.chartTitle"),
          summary: t("reports2.travellers.chartSummary", { count: countries.cells.length }),
        }
      : null,
    map: false,
    tables: [
      {
        name: "travellers_by_country",
        caption: t("reports2.travellers.byCountry"),
        columns: [t("reports2.col.country"), t("reports2.col.people")],
        numeric: [false, true],
        rows: countries.cells.map((c) => [countryName(c.key), shown(c.count)]),
        total: [t("reports2.col.total"), shown(countries.total)],
        empty: none,
      },
      {
        name: "travellers_by_gender",
        caption: t("reports2.travellers.byGender"),
        columns: [t("reports2.col.gender"), t("reports2.col.people")],
        numeric: [false, true],
        rows: genders.cells.map((c) => [genderName(c.key), shown(c.count)]),
        total: [t("reports2.col.total"), shown(genders.total)],
        empty: none,
      },
    ],
  };

  // 3. Locals reached: counted where someone counted, else the host's expectation, labelled so.
  const { counted, expected, unknown } = report.locals;
  const locals: ReportSection = {
    id: "locals",
    title: t("reports2.locals.title"),
    notes: [t("reports2.locals.explain")],
    chart:
      counted.events + expected.events > 0
        ? {
            ...barChart(
              [
                { label: t("reports2.locals.countedShort"), value: counted.people, valueText: int.format(counted.people) },
                { label: t("reports2.locals.expectedShort"), value: expected.people, valueText: int.format(expected.people) },
              ],
              (v) => int.format(v),
            ),
            title: t("reports2.locals.chartTitle"),
            summary: t("reports2.locals.chartSummary", { counted: counted.people, expected: expected.people }),
          }
        : null,
    map: false,
    tables: [
      {
        name: "locals",
        caption: t("reports2.locals.title"),
        columns: [t("reports2.col.figure"), t("reports2.col.events"), t("reports2.col.people")],
        numeric: [false, true, true],
        rows: report.eventsHeld
          ? [
              [t("reports2.locals.counted"), counted.events, counted.people],
              [t("reports2.locals.expected"), expected.events, expected.people],
              [t("reports2.locals.unknown"), unknown.events, null],
            ]
          : [],
        total: [t("reports2.col.total"), counted.events + expected.events + unknown.events, counted.people + expected.people],
        empty: none,
      },
    ],
  };

  // 4. Hours and kilometres travelled
  const travelRows = report.travelByMonth;
  const totalKm = sum(travelRows.map((r) => r.km));
  const totalMinutes = sum(travelRows.map((r) => r.minutes));
  const withoutKm = sum(travelRows.map((r) => r.withoutKm));
  const travel: ReportSection = {
    id: "travel",
    title: t("reports2.travel.title"),
    notes: [t("reports2.travel.method"), ...(withoutKm ? [t("reports2.travel.withoutKm", { count: withoutKm })] : [])],
    chart:
      totalKm > 0
        ? {
            ...barChart(
              travelRows.map((r) => ({ label: monthName(r.month), value: r.km, valueText: int.format(r.km) })),
              (v) => int.format(v),
            ),
            title: t("reports2.travel.chartTitle"),
            summary: t("reports2.travel.chartSummary", { km: int.format(totalKm), hours: int.format(Math.round(totalMinutes / 60)) }),
          }
        : null,
    map: false,
    tables: [
      {
        name: "travel",
        caption: t("reports2.travel.title"),
        columns: [t("reports2.col.month"), t("reports2.col.journeys"), t("reports2.col.hours"), t("reports2.col.km")],
        numeric: [false, true, true, true],
        rows: travelRows.map((r) => [monthName(r.month), r.journeys, dec.format(r.minutes / 60), r.km]),
        total: [t("reports2.col.total"), sum(travelRows.map((r) => r.journeys)), dec.format(totalMinutes / 60), totalKm],
        empty: none,
      },
    ],
  };

  // 5. Travel claims paid
  const claimCount = sum(report.claimsPaid.map((c) => c.count));
  const claimCents = sum(report.claimsPaid.map((c) => c.cents));
  const claims: ReportSection = {
    id: "claims",
    title: t("reports2.claims.title"),
    notes: [t("reports2.claims.explain")],
    chart:
      claimCount > 0
        ? {
            ...barChart(
              report.claimsPaid.map((c) => ({ label: monthName(c.month), value: c.cents / 100, valueText: euros.format(c.cents / 100) })),
              (v) => int.format(v),
            ),
            title: t("reports2.claims.chartTitle"),
            summary: t("reports2.claims.chartSummary", { count: claimCount, amount: euros.format(claimCents / 100) }),
          }
        : null,
    map: false,
    tables: [
      {
        name: "claims_paid",
        caption: t("reports2.claims.title"),
        columns: [t("reports2.col.month"), t("reports2.col.claims"), t("reports2.col.amount")],
        numeric: [false, true, true],
        rows: report.claimsPaid.map((c) => [monthName(c.month), c.count, euros.format(c.cents / 100)]),
        total: [t("reports2.col.total"), claimCount, euros.format(claimCents / 100)],
        empty: none,
      },
    ],
  };

  // 6. Feedback ratings
  const authorName = (a: string) => t(`reports2.author.${a}`);
  const rated = report.feedback.filter((f) => f.count > 0);
  const feedback: ReportSection = {
    id: "feedback",
    title: t("reports2.feedback.title"),
    notes: [t("reports2.feedback.explain")],
    chart: rated.some((f) => f.average !== null)
      ? {
          ...barChart(
            rated.map((f) => ({ label: authorName(f.author), value: f.average, valueText: f.average === null ? "—" : `${dec.format(f.average)} / 5` })),
            (v) => int.format(v),
          ),
          title: t("reports2.feedback.chartTitle"),
          summary: t("reports2.feedback.chartSummary", {
            list: rated.map((f) => `${authorName(f.author)} ${f.average === null ? "—" : dec.format(f.average)}`).join(", "),
          }),
        }
      : null,
    map: false,
    tables: [
      {
        name: "feedback",
        caption: t("reports2.feedback.title"),
        columns: [t("reports2.col.author"), t("reports2.col.answers"), t("reports2.col.average"), ...[1, 2, 3, 4, 5].map((n) => t("reports2.col.stars", { count: n }))],
        numeric: [false, true, true, true, true, true, true, true],
        rows: rated.map((f) => [authorName(f.author), f.count, f.average === null ? null : dec.format(f.average), ...f.distribution]),
        total: null,
        empty: none,
      },
    ],
  };

  // 7. You said, we did
  const saidDid: ReportSection = {
    id: "said-did",
    title: t("reports2.saidDid.title"),
    notes: [t("reports2.saidDid.explain")],
    chart: null,
    map: false,
    tables: [
      {
        name: "you_said_we_did",
        caption: t("reports2.saidDid.feedback"),
        columns: [t("reports2.col.date"), t("reports2.col.event"), t("reports2.col.author"), t("reports2.col.said"), t("reports2.col.done")],
        numeric: [false, false, false, false, false],
        rows: report.answeredFeedback.map((f) => [f.date, f.event, authorName(f.author), f.text, f.response]),
        total: null,
        empty: none,
      },
      {
        name: "forums",
        caption: t("reports2.saidDid.forums"),
        columns: [t("reports2.col.date"), t("reports2.col.forum"), t("reports2.col.town"), t("reports2.col.said"), t("reports2.col.done")],
        numeric: [false, false, false, false, false],
        rows: report.forums.map((f) => [f.date, f.title, f.town, f.said, f.done]),
        total: null,
        empty: none,
      },
    ],
  };

  // 8. Fairness over time
  const withValue = report.fairness.filter((m) => m.gini !== null);
  const fairness: ReportSection = {
    id: "fairness",
    title: t("reports2.fairness.title"),
    notes: [t("reports2.fairness.explain")],
    chart: withValue.length
      ? {
          ...lineChart(
            report.fairness.map((m) => ({ label: monthShort(m.month), value: m.gini })),
            { yMax: 1, formatValue: (v) => two.format(v) },
          ),
          title: t("reports2.fairness.chartTitle"),
          summary: t("reports2.fairness.chartSummary", {
            first: two.format(withValue[0].gini!),
            last: two.format(withValue[withValue.length - 1].gini!),
            from: monthName(withValue[0].month),
            to: monthName(withValue[withValue.length - 1].month),
          }),
        }
      : null,
    map: false,
    tables: [
      {
        name: "fairness",
        caption: t("reports2.fairness.title"),
        columns: [t("reports2.col.month"), t("reports2.col.gini"), t("reports2.col.load"), t("reports2.col.group")],
        numeric: [false, true, true, true],
        rows: withValue.length ? report.fairness.map((m) => [monthName(m.month), m.gini === null ? null : two.format(m.gini), m.events, m.people]) : [],
        total: null,
        empty: none,
      },
    ],
  };

  return [events, travellers, locals, travel, claims, feedback, saidDid, fairness];
}

/** One table of the report by its name. */
export function findReportTable(sections: ReportSection[], name: ReportTableName): ReportTable | null {
  for (const s of sections) for (const table of s.tables) if (table.name === name) return table;
  return null;
}

/** A table as CSV rows: header, rows, totals. */
export function tableRows(table: ReportTable): ReportCell[][] {
  return [table.columns, ...table.rows, ...(table.total ? [table.total] : [])];
}

/** True for a name in REPORT_TABLES. */
export function isReportTableName(value: unknown): value is ReportTableName {
  return isOneOf(REPORT_TABLES, value);
}
