/**
 * Grouped bars with (possibly asymmetric) error bars: one bar group per category, one bar
 * per series. Error bars come from interval edges (`lower`, `upper`, e.g. a bootstrap CI),
 * converted to plotly's offsets: `error_y.array = upper − value`, `arrayminus = value − lower`.
 */

import { ReproError } from "../../core/errors.js";
import { Figure, type Trace } from "./figure.js";
import { paperLayout, seriesColor, type CommonOptions } from "./style.js";
import { requireLength, requireNonEmpty, requireSeries, toPlain, type NumArray } from "./validate.js";

export interface BarSeries {
  name: string;
  /** One value per category. */
  values: NumArray;
  /** Interval edges per category; give both or neither. */
  lower?: NumArray;
  upper?: NumArray;
  color?: string;
}

export interface BarOptions extends CommonOptions {
  /** Horizontal bars (categories on the y axis). */
  horizontal?: boolean;
}

const FIG = "barChart";

/** A bar series from one `{point, lo, hi}` interval per category (e.g. stats' `Interval`s). */
export function barsFromIntervals(
  name: string,
  intervals: readonly { point: number; lo: number; hi: number }[],
  color?: string,
): BarSeries {
  return {
    name,
    values: intervals.map((i) => i.point),
    lower: intervals.map((i) => i.lo),
    upper: intervals.map((i) => i.hi),
    color,
  };
}

export function barChart(categories: readonly string[], series: readonly BarSeries[], opts: BarOptions = {}): Figure {
  requireNonEmpty(categories, "categories", FIG);
  requireNonEmpty(series, "series", FIG);
  const seen = new Set<string>();
  for (const c of categories) {
    if (typeof c !== "string") throw new ReproError(`${FIG}: categories must be strings, got ${typeof c}`);
    if (seen.has(c)) throw new ReproError(`${FIG}: category "${c}" appears twice; pass distinct category names`);
    seen.add(c);
  }
  const horizontal = opts.horizontal === true;
  const traces: Trace[] = series.map((s, i) => {
    const label = `series "${s?.name ?? i}"`;
    const values = requireSeries(s.values, `${label} values`, FIG);
    requireLength(values, categories.length, `${label} values`, "categories", FIG);
    const color = s.color ?? seriesColor(i);
    const trace: Trace = {
      type: "bar",
      name: s.name,
      orientation: horizontal ? "h" : "v",
      [horizontal ? "y" : "x"]: [...categories],
      [horizontal ? "x" : "y"]: toPlain(values),
      marker: { color, line: { width: 0 } },
    };
    if ((s.lower === undefined) !== (s.upper === undefined)) {
      throw new ReproError(`${FIG}: ${label} has only one of lower/upper; pass both interval edges or neither`);
    }
    if (s.lower !== undefined && s.upper !== undefined) {
      const lower = requireSeries(s.lower, `${label} lower`, FIG);
      const upper = requireSeries(s.upper, `${label} upper`, FIG);
      requireLength(lower, categories.length, `${label} lower`, "categories", FIG);
      requireLength(upper, categories.length, `${label} upper`, "categories", FIG);
      const plus: (number | null)[] = [];
      const minus: (number | null)[] = [];
      for (let k = 0; k < values.length; k++) {
        const v = values[k]!;
        const lo = lower[k]!;
        const hi = upper[k]!;
        if (![v, lo, hi].every(Number.isFinite)) {
          plus.push(null);
          minus.push(null);
          continue;
        }
        if (lo > v || v > hi) {
          throw new ReproError(
            `${FIG}: ${label} at "${categories[k]}" has value ${v} outside its interval [${lo}, ${hi}]; pass lower <= value <= upper`,
          );
        }
        plus.push(hi - v);
        minus.push(v - lo);
      }
      trace[horizontal ? "error_x" : "error_y"] = {
        type: "data",
        symmetric: false,
        array: plus,
        arrayminus: minus,
        visible: true,
        color: "#000000",
        thickness: 1.2,
        width: 4,
      };
    }
    return trace;
  });
  const layout = paperLayout(opts, series.length > 1);
  layout.barmode = "group";
  layout.bargap = 0.25;
  layout.bargroupgap = 0.05;
  const catAxis = layout[horizontal ? "yaxis" : "xaxis"] as Record<string, unknown>;
  catAxis.showgrid = false;
  catAxis.type = "category";
  if (horizontal) catAxis.autorange = "reversed";
  return new Figure("bars", traces, layout);
}
