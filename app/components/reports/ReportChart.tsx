import { useId } from "react";

import type { ReportChart as ReportChartData } from "~/domain/reports/view";

/**
 * A chart of the funder report drawn from geometry computed on the server (app/domain/reports/
 * charts.ts): plain SVG, scaled by its viewBox, with a title and a one-sentence summary for
 * screen readers; the table beside it holds the same numbers.
 */
export function ReportChart({ chart }: { chart: ReportChartData }) {
  const id = useId();
  return (
    <figure className="report-chart">
      <svg viewBox={`0 0 ${chart.width} ${chart.height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className={`chart chart-kind-${chart.kind}`}>
        <title id={`${id}-title`}>{chart.title}</title>
        <desc id={`${id}-desc`}>{chart.summary}</desc>
        {chart.kind === "bar" ? <Bars chart={chart} /> : <Line chart={chart} />}
      </svg>
      <figcaption>{chart.title}</figcaption>
    </figure>
  );
}

function Bars({ chart }: { chart: Extract<ReportChartData, { kind: "bar" }> }) {
  return (
    <g aria-hidden="true">
      {chart.ticks.map((tick) => (
        <g key={tick.position}>
          <line className="chart-grid" x1={tick.position} x2={tick.position} y1={0} y2={chart.axisY} />
          <text className="chart-tick" x={tick.position} y={chart.axisY + 22} textAnchor="middle">
            {tick.text}
          </text>
        </g>
      ))}
      {chart.bars.map((bar, i) => (
        <g key={i}>
          <text className="chart-label" x={chart.labelWidth - 8} y={bar.textY} dy="0.35em" textAnchor="end">
            {bar.label}
          </text>
          {bar.width > 0 ? <rect className="chart-bar" x={bar.x} y={bar.y} width={bar.width} height={bar.height} /> : null}
          <text className="chart-value" x={bar.textX} y={bar.textY} dy="0.35em">
            {bar.valueText}
          </text>
        </g>
      ))}
      <line className="chart-axis" x1={chart.labelWidth} x2={chart.labelWidth} y1={0} y2={chart.axisY} />
    </g>
  );
}

function Line({ chart }: { chart: Extract<ReportChartData, { kind: "line" }> }) {
  return (
    <g aria-hidden="true">
      {chart.yTicks.map((tick) => (
        <g key={tick.position}>
          <line className="chart-grid" x1={chart.left} x2={chart.width - 16} y1={tick.position} y2={tick.position} />
          <text className="chart-tick" x={chart.left - 8} y={tick.position} dy="0.35em" textAnchor="end">
            {tick.text}
          </text>
        </g>
      ))}
      {chart.xTicks.map((tick) => (
        <text key={tick.position} className="chart-tick" x={tick.position} y={chart.bottom + 26} textAnchor="middle">
          {tick.text}
        </text>
      ))}
      <line className="chart-axis" x1={chart.left} x2={chart.width - 16} y1={chart.bottom} y2={chart.bottom} />
      <path className="chart-line" d={chart.path} />
      {chart.points.map((p) => (
        <circle key={`${p.x}`} className="chart-point" cx={p.x} cy={p.y} r={6} />
      ))}
    </g>
  );
}
