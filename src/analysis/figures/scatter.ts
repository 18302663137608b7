/**
 * Scatter plots of paired values (e.g. a learned distance against the exact metric, or our
 * numbers against a paper's) with a dashed y = x reference line spanning the data range:
 * from the smallest to the largest finite value over every x and y. Both axes share that
 * range (padded by 4%) so the reference is the diagonal.
 */

import { Figure, type Trace } from "./figure.js";
import { REFERENCE_GREY, paperLayout, seriesColor, type CommonOptions } from "./style.js";
import { finiteRange, requireLength, requireNonEmpty, requireSeries, toPlain, type NumArray } from "./validate.js";

export interface ScatterSeries {
  name: string;
  x: NumArray;
  y: NumArray;
  /** Per-point hover labels. */
  labels?: readonly string[];
  color?: string;
}

export interface ScatterOptions extends CommonOptions {
  /** Draw the y = x reference line and use equal axis ranges (default true). */
  reference?: boolean;
  /** Marker size in px (default 7). */
  markerSize?: number;
}

const FIG = "scatterXY";

export function scatterXY(series: readonly ScatterSeries[], opts: ScatterOptions = {}): Figure {
  requireNonEmpty(series, "series", FIG);
  const columns: NumArray[] = [];
  const traces: Trace[] = series.map((s, i) => {
    const label = `series "${s?.name ?? i}"`;
    const x = requireSeries(s.x, `${label} x`, FIG);
    const y = requireSeries(s.y, `${label} y`, FIG);
    requireLength(y, x.length, `${label} y`, "x", FIG);
    if (s.labels) requireLength(s.labels, x.length, `${label} labels`, "x", FIG);
    columns.push(x, y);
    const color = s.color ?? seriesColor(i);
    return {
      type: "scatter",
      mode: "markers",
      name: s.name,
      x: toPlain(x),
      y: toPlain(y),
      text: s.labels ? [...s.labels] : undefined,
      marker: { color, size: opts.markerSize ?? 7, opacity: 0.85, line: { width: 0 } },
    };
  });
  const layout = paperLayout(opts, series.length > 1);
  if (opts.reference ?? true) {
    // requireSeries guaranteed at least one finite value per column.
    const { min, max } = finiteRange(columns)!;
    traces.push({
      type: "scatter",
      mode: "lines",
      name: "y = x",
      x: [min, max],
      y: [min, max],
      line: { color: REFERENCE_GREY, width: 1.5, dash: "dash" },
      hoverinfo: "skip",
      showlegend: false,
      meta: { role: "reference" },
    });
    const pad = max > min ? 0.04 * (max - min) : 0.5;
    const range = [min - pad, max + pad];
    if (!opts.logX && !opts.logY) {
      (layout.xaxis as Record<string, unknown>).range = range;
      (layout.yaxis as Record<string, unknown>).range = range;
    }
  }
  return new Figure("scatter", traces, layout);
}
