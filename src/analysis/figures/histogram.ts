/**
 * Histograms of one or more samples on shared bins, drawn as overlaid bars.
 *
 * Bins are computed here (not by plotly) so the figure JSON stays small for large samples and
 * the counts are exact and testable. Bin i is [e_i, e_{i+1}), the last bin is closed. Default
 * bin count: Freedman–Diaconis width h = 2·IQR·n^(−1/3) on the pooled finite values (Sturges'
 * ⌈log2 n⌉ + 1 when IQR is 0), clamped to [5, 60] bins. Non-finite values are left out.
 */

import { ReproError } from "../../core/errors.js";
import { Figure, type Trace } from "./figure.js";
import { paperLayout, seriesColor, type CommonOptions } from "./style.js";
import { finiteRange, requireNonEmpty, requireSeries, type NumArray } from "./validate.js";

export interface HistogramSeries {
  name: string;
  values: NumArray;
  color?: string;
}

export interface HistogramOptions extends CommonOptions {
  /** Number of equal-width bins, or explicit increasing edges. */
  bins?: number | readonly number[];
  /** Plot probability density (count / (n · width)) instead of counts. */
  density?: boolean;
}

const FIG = "histogram";

function quantileSorted(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Shared bin edges for the finite values of all `samples`. */
export function histogramEdges(samples: readonly NumArray[], bins?: number | readonly number[]): number[] {
  if (Array.isArray(bins)) {
    const edges = bins as readonly number[];
    if (edges.length < 2) throw new ReproError(`${FIG}: bins as edges needs at least 2 edges, got ${edges.length}`);
    for (let i = 0; i < edges.length; i++) {
      if (!Number.isFinite(edges[i]!)) throw new ReproError(`${FIG}: bin edge ${i} is not finite`);
      if (i > 0 && !(edges[i]! > edges[i - 1]!)) {
        throw new ReproError(`${FIG}: bin edges must increase strictly (edge ${i} = ${edges[i]} after ${edges[i - 1]})`);
      }
    }
    return [...edges];
  }
  const range = finiteRange(samples);
  if (!range) throw new ReproError(`${FIG}: no finite value in any series; check the data feeding it`);
  let { min, max } = range;
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  let count: number;
  if (typeof bins === "number") {
    if (!Number.isInteger(bins) || bins <= 0) throw new ReproError(`${FIG}: bins must be a positive integer, got ${bins}`);
    count = bins;
  } else {
    const pooled: number[] = [];
    for (const s of samples) for (let i = 0; i < s.length; i++) if (Number.isFinite(s[i]!)) pooled.push(s[i]!);
    pooled.sort((a, b) => a - b);
    const n = pooled.length;
    const iqr = quantileSorted(pooled, 0.75) - quantileSorted(pooled, 0.25);
    const raw = iqr > 0 ? Math.ceil((max - min) / (2 * iqr * Math.cbrt(1 / n))) : Math.ceil(Math.log2(n)) + 1;
    count = Math.min(60, Math.max(5, raw));
  }
  const width = (max - min) / count;
  const edges = Array.from({ length: count + 1 }, (_, i) => min + i * width);
  edges[count] = max; // exact last edge despite rounding
  return edges;
}

/** Counts of the finite values of `values` in the bins given by `edges` (last bin closed). */
export function histogramCounts(values: NumArray, edges: readonly number[]): number[] {
  const k = edges.length - 1;
  const counts = new Array<number>(k).fill(0);
  const last = edges[k]!;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v) || v < edges[0]! || v > last) continue;
    // Binary search for the largest j with edges[j] <= v.
    let lo = 0;
    let hi = k;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! <= v) lo = mid;
      else hi = mid;
    }
    counts[lo]!++;
  }
  return counts;
}

export function histogram(series: readonly HistogramSeries[], opts: HistogramOptions = {}): Figure {
  requireNonEmpty(series, "series", FIG);
  const samples = series.map((s, i) => requireSeries(s?.values, `series "${s?.name ?? i}" values`, FIG));
  const edges = histogramEdges(samples, opts.bins);
  const centers = edges.slice(0, -1).map((e, i) => (e + edges[i + 1]!) / 2);
  const widths = edges.slice(0, -1).map((e, i) => edges[i + 1]! - e);
  const overlay = series.length > 1;
  const traces: Trace[] = series.map((s, i) => {
    const counts = histogramCounts(samples[i]!, edges);
    const n = counts.reduce((a, b) => a + b, 0);
    const y = opts.density ? counts.map((c, j) => (n > 0 ? c / (n * widths[j]!) : 0)) : counts;
    const color = s.color ?? seriesColor(i);
    return {
      type: "bar",
      name: s.name,
      x: centers,
      y,
      width: widths,
      marker: { color, opacity: overlay ? 0.55 : 0.85, line: { color, width: 1 } },
      customdata: edges.slice(0, -1).map((e, j) => [e, edges[j + 1]!, counts[j]!]),
      hovertemplate: `${s.name}<br>[%{customdata[0]:.3g}, %{customdata[1]:.3g}): %{customdata[2]}<extra></extra>`,
    };
  });
  const layout = paperLayout({ ...opts, yTitle: opts.yTitle ?? (opts.density ? "density" : "count") }, overlay);
  layout.barmode = "overlay";
  layout.bargap = 0;
  return new Figure("histogram", traces, layout);
}
