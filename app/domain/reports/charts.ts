/**
 * Chart geometry for the funder report, computed on the server with d3-scale and d3-shape and
 * returned as plain data (paths, rectangles, ticks, labels) that a small React component draws
 * as SVG. No chart library reaches the browser. Sizes are SVG user units: the SVG scales with
 * its viewBox, so a 480-unit chart is about 320 px wide on a 390 px phone (font 20 → ~13 px).
 */
import { scaleLinear, scalePoint } from "d3-scale";
import { line } from "d3-shape";

export const CHART_WIDTH = 480;
const FONT = 20;
/** An average glyph is a bit over half the font size wide (Cyrillic a little more than Latin). */
const GLYPH = FONT * 0.66;

export type ChartTick = { position: number; text: string };

export type BarInput = { label: string; value: number | null; valueText: string };
export type Bar = { label: string; valueText: string; x: number; y: number; width: number; height: number; textX: number; textY: number };
export type BarChartData = { kind: "bar"; width: number; height: number; labelWidth: number; bars: Bar[]; ticks: ChartTick[]; axisY: number };

/** Shortens a label to `max` characters with an ellipsis; the table beside the chart has it whole. */
export function shorten(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

/**
 * A horizontal bar chart (labels left, bars right), so long names stay readable on a phone.
 * A bar without a value (a hidden small count) is drawn as no bar, with its text ("< 5").
 */
export function barChart(bars: readonly BarInput[], formatTick: (value: number) => string = String): BarChartData {
  const rowHeight = 34;
  const top = 8;
  const axisSpace = 30;
  // Labels get at most 40 % of the width; longer ones are shortened (the table has them whole).
  const maxLabel = Math.floor((CHART_WIDTH * 0.4 - 10) / GLYPH);
  const labelWidth = round(Math.min(CHART_WIDTH * 0.4, Math.max(60, ...bars.map((b) => shorten(b.label, maxLabel).length * GLYPH)) + 10));
  const widestValue = Math.max(0, ...bars.map((b) => b.valueText.length * GLYPH));
  const max = Math.max(0, ...bars.map((b) => b.value ?? 0));
  const x = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .nice(4)
    .range([labelWidth, CHART_WIDTH - widestValue - 12]);
  const axisY = top + bars.length * rowHeight;
  return {
    kind: "bar",
    width: CHART_WIDTH,
    height: axisY + axisSpace,
    labelWidth,
    bars: bars.map((b, i) => {
      const y = top + i * rowHeight + 5;
      const width = b.value === null ? 0 : Math.max(0, x(b.value) - labelWidth);
      return {
        label: shorten(b.label, maxLabel),
        valueText: b.valueText,
        x: labelWidth,
        y,
        width: round(width),
        height: rowHeight - 10,
        textX: round(labelWidth + width + 6),
        textY: y + (rowHeight - 10) / 2,
      };
    }),
    ticks: x.ticks(4).map((v) => ({ position: round(x(v)), text: formatTick(v) })),
    axisY,
  };
}

export type LineInput = { label: string; value: number | null };
export type LinePoint = { x: number; y: number; label: string; valueText: string };
export type LineChartData = {
  kind: "line";
  width: number;
  height: number;
  left: number;
  bottom: number;
  path: string;
  points: LinePoint[];
  xTicks: ChartTick[];
  yTicks: ChartTick[];
};

/**
 * A line chart over ordered categories (months). Missing values (null) break the line and get
 * no point. `yMax` fixes the top of the scale (1 for a Gini coefficient).
 */
export function lineChart(points: readonly LineInput[], options: { yMax: number; formatValue: (value: number) => string }): LineChartData {
  const left = 56;
  const right = 24;
  const top = 16;
  const height = 260;
  const bottom = height - 40;
  const x = scalePoint<string>()
    .domain(points.map((_, i) => String(i)))
    .range([left, CHART_WIDTH - right])
    .padding(0.5);
  const y = scaleLinear().domain([0, options.yMax]).range([bottom, top]);
  const path =
    line<LineInput & { i: number }>()
      .defined((p) => p.value !== null)
      .x((p) => x(String(p.i)) ?? left)
      .y((p) => y(p.value ?? 0))
      .digits(1)(points.map((p, i) => ({ ...p, i }))) ?? "";
  // Label every step-th point, so the names never run into each other.
  const widest = Math.max(1, ...points.map((p) => p.label.length)) * GLYPH * 0.9 + 12;
  const step = Math.max(1, Math.ceil((points.length * widest) / (CHART_WIDTH - left - right)));
  return {
    kind: "line",
    width: CHART_WIDTH,
    height,
    left,
    bottom,
    path,
    points: points.flatMap((p, i) => (p.value === null ? [] : [{ x: round(x(String(i)) ?? left), y: round(y(p.value)), label: p.label, valueText: options.formatValue(p.value) }])),
    xTicks: points.flatMap((p, i) => (i % step === 0 ? [{ position: round(x(String(i)) ?? left), text: p.label }] : [])),
    yTicks: y.ticks(4).map((v) => ({ position: round(y(v)), text: options.formatValue(v) })),
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
