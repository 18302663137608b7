/**
 * Learning curves: one line per method (e.g. the mean or IQM return over seeds against
 * environment steps) with an optional shaded band (e.g. a 95% bootstrap CI) around it.
 *
 * The band is ONE closed polygon trace (`fill: "toself"`): along x over `upper`, then back
 * along reversed x over `lower`. Points where x, lower or upper are not finite are left out
 * of the polygon (the band bridges such gaps); the line itself shows gaps as breaks.
 */

import { ReproError } from "../../core/errors.js";
import { Figure, type Trace } from "./figure.js";
import { PAPER_STYLE, paperLayout, seriesColor, withAlpha, type CommonOptions } from "./style.js";
import { requireLength, requireNonEmpty, requireSeries, toPlain, type NumArray } from "./validate.js";

export interface CurveSeries {
  name: string;
  x: NumArray;
  /** The central estimate (mean, median, IQM, ...). */
  y: NumArray;
  /** Lower and upper edge of the band; give both or neither. */
  lower?: NumArray;
  upper?: NumArray;
  /** Override the palette colour (`#rrggbb`). */
  color?: string;
  dash?: "solid" | "dash" | "dot" | "dashdot";
}

export interface LearningCurveOptions extends CommonOptions {
  /** Legend/hover label of bands, e.g. "95% CI" (default "CI"). */
  bandLabel?: string;
}

const FIG = "learningCurves";

/**
 * A curve series from a point estimate with interval edges, e.g. the `{x, point, lo, hi}`
 * that the stats module's `aggregateCurves` returns.
 */
export function curveFromInterval(
  name: string,
  curve: { x: NumArray; point: NumArray; lo: NumArray; hi: NumArray },
  style: Pick<CurveSeries, "color" | "dash"> = {},
): CurveSeries {
  return { name, x: curve.x, y: curve.point, lower: curve.lo, upper: curve.hi, ...style };
}

/** The band polygon of one series: x forward over upper, then x backward over lower. */
export function bandPolygon(x: NumArray, lower: NumArray, upper: NumArray): { x: number[]; y: number[] } {
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]!) && Number.isFinite(lower[i]!) && Number.isFinite(upper[i]!)) keep.push(i);
  }
  const px: number[] = [];
  const py: number[] = [];
  for (const i of keep) {
    px.push(x[i]!);
    py.push(upper[i]!);
  }
  for (let k = keep.length - 1; k >= 0; k--) {
    px.push(x[keep[k]!]!);
    py.push(lower[keep[k]!]!);
  }
  return { x: px, y: py };
}

export function learningCurves(series: readonly CurveSeries[], opts: LearningCurveOptions = {}): Figure {
  requireNonEmpty(series, "series", FIG);
  const bandLabel = opts.bandLabel ?? "CI";
  const traces: Trace[] = [];
  const lines: Trace[] = [];
  series.forEach((s, i) => {
    const label = `series "${s?.name ?? i}"`;
    const x = requireSeries(s.x, `${label} x`, FIG);
    const y = requireSeries(s.y, `${label} y`, FIG);
    requireLength(y, x.length, `${label} y`, "x", FIG);
    const color = s.color ?? seriesColor(i);
    if ((s.lower === undefined) !== (s.upper === undefined)) {
      throw new ReproError(`${FIG}: ${label} has only one of lower/upper; pass both band edges or neither`);
    }
    if (s.lower !== undefined && s.upper !== undefined) {
      const lower = requireSeries(s.lower, `${label} lower`, FIG);
      const upper = requireSeries(s.upper, `${label} upper`, FIG);
      requireLength(lower, x.length, `${label} lower`, "x", FIG);
      requireLength(upper, x.length, `${label} upper`, "x", FIG);
      for (let k = 0; k < x.length; k++) {
        if (lower[k]! > upper[k]!) {
          throw new ReproError(
            `${FIG}: ${label} has lower > upper at index ${k} (${lower[k]} > ${upper[k]}); pass the band edges in order`,
          );
        }
      }
      const poly = bandPolygon(x, lower, upper);
      // Bands go first so every line is drawn on top of every band.
      traces.push({
        type: "scatter",
        mode: "lines",
        name: `${s.name} (${bandLabel})`,
        x: poly.x,
        y: poly.y,
        fill: "toself",
        fillcolor: withAlpha(color, PAPER_STYLE.bandOpacity),
        line: { width: 0, color },
        hoverinfo: "skip",
        showlegend: false,
        legendgroup: s.name,
        meta: { role: "band", series: s.name },
      });
    }
    lines.push({
      type: "scatter",
      mode: x.length === 1 ? "markers" : "lines",
      name: s.name,
      x: toPlain(x),
      y: toPlain(y),
      line: { color, width: PAPER_STYLE.lineWidth, dash: s.dash ?? "solid" },
      marker: { color, size: 6 },
      legendgroup: s.name,
      meta: { role: "line", series: s.name },
    });
  });
  const layout = paperLayout(opts, series.length > 1);
  return new Figure("learning-curves", [...traces, ...lines], layout);
}
