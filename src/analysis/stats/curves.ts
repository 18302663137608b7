/**
 * Learning-curve aggregation for sample-efficiency figures (rliable's
 * `plot_sample_efficiency_curve` data): per-seed curves (x = environment steps, y = score)
 * that may be logged at different x are linearly interpolated onto one common grid; at
 * every grid point the runs × tasks scores are aggregated (IQM by default) with a
 * stratified-bootstrap percentile band.
 *
 * Resampling unit: a whole curve. A replicate draws, per task, runs with replacement and
 * uses the same draw at every x. The marginal distribution at each x is the same as
 * resampling every x independently (what rliable does on a runs × tasks × time array), but
 * bands come out smoother and the cost is lower.
 */

import { ReproError } from "../../core/errors.js";
import { type AggregateName, aggregateFunction, type ScoreStatistic } from "./aggregates.js";
import { type BootstrapOptions, percentileInterval, resolveBootstrapOptions } from "./bootstrap.js";
import { linspace } from "./profiles.js";
import { zeroScores } from "./scores.js";

/** One run's learning curve; `task` groups curves of the same task (default: one task). */
export interface Curve {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  task?: string;
}

/** What to do at grid points outside a curve's own x range. */
export type OutsideRule = "error" | "hold";

export interface CurveOptions extends BootstrapOptions {
  /** Aggregate per grid point (default "iqm"). */
  statistic?: AggregateName | ScoreStatistic;
  /** γ for "optimalityGap". */
  gamma?: number;
  /** Explicit grid; default: see `commonGrid`. */
  grid?: ArrayLike<number>;
  /** With no `grid`: this many evenly spaced points over the shared x range. */
  points?: number;
  /** Outside a curve's x range: "error" (default) or hold the first/last value. */
  outside?: OutsideRule;
}

export interface AggregatedCurve {
  x: Float64Array;
  point: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  /** Runs per task. */
  runs: number;
  /** Task names in column order. */
  tasks: string[];
}

function checkCurve(c: Curve, index: number): void {
  const n = c.x.length;
  if (n === 0 || c.y.length !== n) {
    throw new ReproError(`curve ${index} has ${n} x values and ${c.y.length} y values; need the same positive number`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(c.x[i]!) || !Number.isFinite(c.y[i]!)) {
      throw new ReproError(`curve ${index} point ${i} is (${c.x[i]}, ${c.y[i]}); x and y must be finite`);
    }
    if (i > 0 && !(c.x[i]! > c.x[i - 1]!)) {
      throw new ReproError(`curve ${index} x values must be strictly increasing, but x[${i}] = ${c.x[i]} ≤ x[${i - 1}] = ${c.x[i - 1]}`);
    }
  }
}

/**
 * Piecewise-linear interpolation of (x, y) at each grid point. `x` must be strictly
 * increasing. Outside [x₀, x_last] either throw or hold the end value.
 */
export function interpolateLinear(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  grid: ArrayLike<number>,
  outside: OutsideRule = "error",
): Float64Array {
  checkCurve({ x, y }, 0);
  const n = x.length;
  const out = new Float64Array(grid.length);
  for (let g = 0; g < grid.length; g++) {
    const q = grid[g]!;
    if (q < x[0]! || q > x[n - 1]!) {
      if (outside === "hold") {
        out[g] = q < x[0]! ? y[0]! : y[n - 1]!;
        continue;
      }
      throw new ReproError(
        `grid point ${q} is outside the curve's x range [${x[0]}, ${x[n - 1]}]; choose a grid inside it or pass outside: "hold"`,
      );
    }
    // last index i with x[i] <= q
    let a = 0;
    let b = n - 1;
    while (a < b) {
      const mid = (a + b + 1) >>> 1;
      if (x[mid]! <= q) a = mid;
      else b = mid - 1;
    }
    if (a === n - 1 || x[a] === q) {
      out[g] = y[a]!;
    } else {
      const w = (q - x[a]!) / (x[a + 1]! - x[a]!);
      out[g] = y[a]! + w * (y[a + 1]! - y[a]!);
    }
  }
  return out;
}

/**
 * The grid all curves share: their common x range [max of first x, min of last x]; with
 * `points`, that many evenly spaced points over it, otherwise every logged x inside it
 * (sorted, duplicates removed).
 */
export function commonGrid(curves: readonly Curve[], points?: number): Float64Array {
  if (curves.length === 0) throw new ReproError("need at least one curve to build a grid");
  curves.forEach(checkCurve);
  let lo = -Infinity;
  let hi = Infinity;
  for (const c of curves) {
    lo = Math.max(lo, c.x[0]!);
    hi = Math.min(hi, c.x[c.x.length - 1]!);
  }
  if (lo > hi) {
    throw new ReproError(`the curves share no x range (latest start ${lo} > earliest end ${hi}); pass a grid and outside: "hold"`);
  }
  if (points !== undefined) return linspace(lo, hi, points);
  const all: number[] = [];
  for (const c of curves) for (let i = 0; i < c.x.length; i++) if (c.x[i]! >= lo && c.x[i]! <= hi) all.push(c.x[i]!);
  all.sort((a, b) => a - b);
  return Float64Array.from(all.filter((v, i) => i === 0 || v !== all[i - 1]));
}

/** Aggregate curves per grid point with bootstrap bands. */
export function aggregateCurves(curves: readonly Curve[], opts: CurveOptions = {}): AggregatedCurve {
  if (curves.length === 0) throw new ReproError("aggregateCurves needs at least one curve");
  curves.forEach(checkCurve);
  const grid = opts.grid !== undefined ? Float64Array.from(opts.grid) : commonGrid(curves, opts.points);
  if (grid.length === 0) throw new ReproError("the curve grid is empty; pass a grid with at least one point");
  const outside = opts.outside ?? "error";
  const stat = aggregateFunction(opts.statistic ?? "iqm", opts.gamma ?? 1);
  const { reps, confidence, rng } = resolveBootstrapOptions(opts);

  // Group curves by task, in order of first appearance.
  const tasks: string[] = [];
  const byTask = new Map<string, Curve[]>();
  for (const c of curves) {
    const key = c.task ?? "";
    if (!byTask.has(key)) {
      byTask.set(key, []);
      tasks.push(key);
    }
    byTask.get(key)!.push(c);
  }
  const runs = byTask.get(tasks[0]!)!.length;
  for (const t of tasks) {
    const n = byTask.get(t)!.length;
    if (n !== runs) {
      throw new ReproError(
        `task "${t}" has ${n} curves but task "${tasks[0]}" has ${runs}; every task needs the same number of runs`,
      );
    }
  }
  const T = tasks.length;
  const G = grid.length;
  // values[g][r*T + t]
  const values: Float64Array[] = Array.from({ length: G }, () => new Float64Array(runs * T));
  tasks.forEach((task, t) => {
    byTask.get(task)!.forEach((c, r) => {
      const yi = interpolateLinear(c.x, c.y, grid, outside);
      for (let g = 0; g < G; g++) values[g]![r * T + t] = yi[g]!;
    });
  });

  const point = new Float64Array(G);
  for (let g = 0; g < G; g++) point[g] = stat({ runs, tasks: T, values: values[g]! });

  const replicates: Float64Array[] = Array.from({ length: G }, () => new Float64Array(reps));
  const idx = new Int32Array(runs * T);
  const scratch = zeroScores(runs, T);
  for (let b = 0; b < reps; b++) {
    for (let r = 0; r < runs; r++) for (let t = 0; t < T; t++) idx[r * T + t] = rng.int(runs);
    for (let g = 0; g < G; g++) {
      const src = values[g]!;
      for (let r = 0; r < runs; r++) {
        for (let t = 0; t < T; t++) scratch.values[r * T + t] = src[idx[r * T + t]! * T + t]!;
      }
      replicates[g]![b] = stat(scratch);
    }
  }
  const lo = new Float64Array(G);
  const hi = new Float64Array(G);
  for (let g = 0; g < G; g++) [lo[g], hi[g]] = percentileInterval(replicates[g]!, confidence);
  return { x: grid, point, lo, hi, runs, tasks };
}
