import { describe, expect, it } from "vitest";

import { barChart, CHART_WIDTH, lineChart, shorten } from "~/domain/reports/charts";
import { monthlyGini } from "~/domain/reports/gini";
import { monthsOf, quickPeriod } from "~/domain/reports/period";
import { suppressSmallCounts } from "~/domain/reports/suppress";
import type { FunderReport } from "~/domain/reports/types";
import { findReportTable, reportSections, tableRows } from "~/domain/reports/view";
import { resources } from "~/i18n/resources";

describe("bar chart", () => {
  const chart = barChart([
    { label: "Harju maakond", value: 10, valueText: "10" },
    { label: "Saare maakond", value: 5, valueText: "5" },
    { label: "Hiiu maakond", value: null, valueText: "< 5" },
  ]);
  it("draws bars in proportion from the label column, inside the width", () => {
    const [a, b, c] = chart.bars;
    expect(a.x).toBe(chart.labelWidth);
    expect(b.width).toBeCloseTo(a.width / 2, 0);
    expect(c.width).toBe(0);
    expect(c.valueText).toBe("< 5");
    for (const bar of chart.bars) expect(bar.x + bar.width).toBeLessThanOrEqual(CHART_WIDTH);
    expect(b.y).toBeGreaterThan(a.y);
    expect(chart.height).toBeGreaterThan(c.y + c.height);
  });
  it("puts round ticks on the value axis, starting at zero", () => {
    expect(chart.ticks[0]).toEqual({ position: chart.labelWidth, text: "0" });
    expect(chart.ticks.map((t) => Number(t.text))).toEqual(expect.arrayContaining([0, 10]));
  });
  it("shortens long labels; an all-zero chart still has a scale", () => {
    expect(shorten("Ida-Viru maakond and much more", 10)).toBe("Ida-Viru…");
    const empty = barChart([{ label: "x", value: 0, valueText: "0" }]);
    expect(empty.bars[0].width).toBe(0);
    expect(empty.ticks.length).toBeGreaterThan(1);
  });
});

describe("line chart", () => {
  it("draws a path through the values and breaks it where a month has none", () => {
    const chart = lineChart(
      [
        { label: "Jan", value: 0 },
        { label: "Feb", value: 0.5 },
        { label: "Mar", value: null },
        { label: "Apr", value: 1 },
      ],
      { yMax: 1, formatValue: (v) => v.toFixed(1) },
    );
    expect(chart.points).toHaveLength(3);
    // Two pieces: M…L… then a new M for April.
    expect(chart.path.match(/M/g)).toHaveLength(2);
    const [jan, feb, apr] = chart.points;
    expect(jan.y).toBe(chart.bottom);
    expect(apr.y).toBeLessThan(feb.y);
    expect(feb.y).toBeCloseTo((jan.y + apr.y) / 2, 0);
    expect(chart.yTicks.map((t) => t.text)).toContain("1.0");
    expect(chart.xTicks.map((t) => t.text)).toEqual(["Jan", "Feb", "Mar", "Apr"]);
  });
});

describe("small-cell suppression", () => {
  it("shows counts of 5 and more and hides smaller ones as null", () => {
    const out = suppressSmallCounts([
      { key: "UA", count: 12 },
      { key: "SY", count: 3 },
      { key: "AF", count: 2 },
      { key: "IR", count: 0 },
    ]);
    expect(out.cells).toEqual([
      { key: "UA", count: 12, suppressed: false },
      { key: "SY", count: null, suppressed: true },
      { key: "AF", count: null, suppressed: true },
    ]);
    expect(out.total).toBe(17);
  });
  it("hides a second cell when only one is hidden, so the total does not give it away", () => {
    const out = suppressSmallCounts([
      { key: "female", count: 20 },
      { key: "male", count: 7 },
      { key: "other", count: 1 },
    ]);
    expect(out.cells.map((c) => c.count)).toEqual([20, null, null]);
    expect(out.total).toBe(28);
  });
  it("hides a total under 5", () => {
    expect(suppressSmallCounts([{ key: "a", count: 3 }]).total).toBeNull();
    expect(suppressSmallCounts([]).total).toBe(0);
  });
});

describe("periods", () => {
  it("offers this year so far and the last whole month, quarter and year", () => {
    expect(quickPeriod("yearToDate", "2026-11-23")).toEqual({ from: "2026-01-01", to: "2026-11-23" });
    expect(quickPeriod("lastMonth", "2026-03-10")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(quickPeriod("lastMonth", "2026-01-10")).toEqual({ from: "2025-12-01", to: "2025-12-31" });
    expect(quickPeriod("lastQuarter", "2026-11-23")).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(quickPeriod("lastQuarter", "2026-02-01")).toEqual({ from: "2025-10-01", to: "2025-12-31" });
    expect(quickPeriod("lastYear", "2026-11-23")).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(monthsOf({ from: "2025-11-15", to: "2026-02-01" })).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });
});

describe("fairness per month", () => {
  it("is the Gini of loads over everyone who went in the period, null for an empty month", () => {
    const rows = monthlyGini(
      [
        { participantId: 1, month: "2026-09" },
        { participantId: 2, month: "2026-09" },
        { participantId: 1, month: "2026-10" },
        { participantId: 1, month: "2026-10" },
      ],
      ["2026-09", "2026-10", "2026-11"],
    );
    expect(rows[0]).toEqual({ month: "2026-09", gini: 0, people: 2, events: 2 });
    // October: loads [2, 0] → Gini 0.5.
    expect(rows[1].gini).toBe(0.5);
    expect(rows[2].gini).toBeNull();
  });
});

describe("report view", () => {
  const t = (key: string, options?: Record<string, unknown>) => `${key}${options && "count" in options ? `:${String(options.count)}` : ""}`;
  const report: FunderReport = {
    filters: { from: "2026-09-01", to: "2026-10-31", region: null },
    eventsByCounty: [{ code: "EE-37", name: "Harju", byKind: { community_event: 2, cosy_corner: 1, forum: 0 }, total: 3, onIslands: 0 }],
    eventsByKind: { community_event: 2, cosy_corner: 1, forum: 0 },
    eventsHeld: 3,
    eventsOnIslands: 0,
    mapTowns: [],
    travellersByCountry: [
      { key: "UA", count: 9 },
      { key: "SY", count: 2 },
    ],
    travellersByGender: [
      { key: "female", count: 6 },
      { key: null, count: 5 },
    ],
    locals: { counted: { events: 1, people: 30 }, expected: { events: 1, people: 20 }, unknown: { events: 1 } },
    travelByMonth: [{ month: "2026-09", journeys: 2, minutes: 240, km: 300, withoutKm: 0 }],
    claimsPaid: [],
    feedback: [{ author: "host", count: 2, rated: 2, average: 4.5, distribution: [0, 0, 0, 1, 1] }],
    answeredFeedback: [],
    forums: [{ id: 1, title: "=cmd|' /C calc'!A0", date: "2026-09-05", town: "Kärdla", said: 'More, "please"', done: null }],
    fairness: [{ month: "2026-09", gini: 0.25, people: 3, events: 4 }],
  };
  const sections = reportSections(report, { t, locale: "en" });

  it("hides small counts of people in the table and in its CSV, with a second cell beside a lone one", () => {
    const table = findReportTable(sections, "travellers_by_country")!;
    expect(table.rows).toEqual([
      ["Ukraine", "reports2.suppressed:5"],
      ["Syria", "reports2.suppressed:5"],
    ]);
    expect(table.total).toEqual(["reports2.col.total", 11]);
    const genders = findReportTable(sections, "travellers_by_gender")!;
    expect(genders.rows).toEqual([
      ["reports2.gender.female", 6],
      ["reports2.notGiven", 5],
    ]);
  });

  it("gives every chart a title and a summary, and labels expected locals apart from counted ones", () => {
    for (const s of sections) if (s.chart) expect(s.chart.title && s.chart.summary).toBeTruthy();
    expect(findReportTable(sections, "locals")!.rows.map((r) => r[0])).toEqual(["reports2.locals.counted", "reports2.locals.expected", "reports2.locals.unknown"]);
    expect(tableRows(findReportTable(sections, "forums")!)[1]).toEqual(["2026-09-05", "=cmd|' /C calc'!A0", "Kärdla", 'More, "please"', null]);
  });

  it("has every text in every language", () => {
    for (const locale of ["et", "en", "ru", "uk"] as const) {
      const bundle = resources[locale].translation as Record<string, unknown>;
      expect(bundle.reports2, locale).toBeTruthy();
    }
  });
});
