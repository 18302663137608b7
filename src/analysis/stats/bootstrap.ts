/**
 * Stratified bootstrap confidence intervals (rliable's `StratifiedBootstrap` with the
 * arch "percentile" method).
 *
 * One replicate resamples runs with replacement independently within each task: entry
 * (r, t) of the replicate is entry (J, t) of the data with J uniform on {0, …, runs−1},
 * drawn afresh for every (r, t). Statistics of several matrices (e.g. probability of
 * improvement of X over Y) resample each matrix independently in the same way
 * (rliable's `StratifiedIndependentBootstrap`). The interval is the percentile interval:
 * the (1−c)/2 and (1+c)/2 type-7 quantiles of the replicate statistics (c = 0.95 by
 * default). rliable defaults to 50 000 replicates; ours is 2 000 (set `reps`).
 *
 * All randomness comes from one `Rng` (seed 0 unless `seed` or `rng` is given), so the
 * same call gives the same interval on every machine.
 */

import { ReproError } from "../../core/errors.js";
import { Rng } from "../../core/rng.js";
import { percentileOfSorted } from "./quantile.js";
import { type ScoreMatrix, zeroScores } from "./scores.js";

export const DEFAULT_REPS = 2000;
export const DEFAULT_CONFIDENCE = 0.95;

export interface BootstrapOptions {
  /** Number of bootstrap replicates (default 2000; rliable uses 50 000). */
  reps?: number;
  /** Coverage of the interval, in (0, 1) (default 0.95). */
  confidence?: number;
  /** Seed for a fresh `Rng` (default 0). Ignored when `rng` is given. */
  seed?: number;
  /** Generator to draw from (advanced; consumed by the call). */
  rng?: Rng;
}

/** A point estimate with its percentile confidence interval. */
export interface Interval {
  point: number;
  lo: number;
  hi: number;
}

/** Pointwise estimates and intervals of a vector-valued statistic. */
export interface VectorInterval {
  point: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
}

interface ResolvedOptions {
  reps: number;
  confidence: number;
  rng: Rng;
}

/** Check and fill in bootstrap options. */
export function resolveBootstrapOptions(opts: BootstrapOptions = {}): ResolvedOptions {
  const reps = opts.reps ?? DEFAULT_REPS;
  const confidence = opts.confidence ?? DEFAULT_CONFIDENCE;
  if (!Number.isInteger(reps) || reps < 1) {
    throw new ReproError(`bootstrap reps must be a positive integer, got ${reps}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new ReproError(`bootstrap confidence must be in (0, 1), e.g. 0.95, got ${confidence}`);
  }
  return { reps, confidence, rng: opts.rng ?? new Rng(opts.seed ?? 0) };
}

/**
 * Fill `out` (same shape as `data`) with one stratified resample of `data`: every cell
 * (r, t) takes the score of a uniformly drawn run of the same task t.
 */
export function stratifiedResampleInto(data: ScoreMatrix, rng: Rng, out: ScoreMatrix): ScoreMatrix {
  const { runs, tasks } = data;
  if (out.runs !== runs || out.tasks !== tasks) {
    throw new ReproError(`resample buffer is ${out.runs}×${out.tasks} but data is ${runs}×${tasks}`);
  }
  for (let r = 0; r < runs; r++) {
    for (let t = 0; t < tasks; t++) {
      out.values[r * tasks + t] = data.values[rng.int(runs) * tasks + t]!;
    }
  }
  return out;
}

/** A new stratified resample of `data`. */
export function stratifiedResample(data: ScoreMatrix, rng: Rng): ScoreMatrix {
  return stratifiedResampleInto(data, rng, zeroScores(data.runs, data.tasks));
}

/**
 * Percentile interval of replicate values: the (1−c)/2 and (1+c)/2 type-7 quantiles.
 * Sorts a copy; the input is left untouched.
 */
export function percentileInterval(replicates: ArrayLike<number>, confidence = DEFAULT_CONFIDENCE): [number, number] {
  if (!(confidence > 0 && confidence < 1)) {
    throw new ReproError(`confidence must be in (0, 1), got ${confidence}`);
  }
  const sorted = Float64Array.from(replicates).sort();
  const alpha = (1 - confidence) / 2;
  return [percentileOfSorted(sorted, alpha), percentileOfSorted(sorted, 1 - alpha)];
}

/**
 * Bootstrap replicates of a vector-valued statistic of one or more score matrices, each
 * resampled independently and stratified by task. Returns `reps` rows, one per
 * replicate, each the statistic's output (length fixed by the first evaluation).
 */
export function bootstrapReplicates(
  data: readonly ScoreMatrix[],
  statistic: (...resampled: ScoreMatrix[]) => number | ArrayLike<number>,
  reps: number,
  rng: Rng,
): Float64Array[] {
  const buffers = data.map((m) => zeroScores(m.runs, m.tasks));
  const out: Float64Array[] = [];
  for (let b = 0; b < reps; b++) {
    for (let i = 0; i < data.length; i++) stratifiedResampleInto(data[i]!, rng, buffers[i]!);
    const value = statistic(...buffers);
    out.push(typeof value === "number" ? Float64Array.of(value) : Float64Array.from(value));
  }
  return out;
}

/**
 * Point estimate and stratified-bootstrap percentile interval of a vector-valued
 * statistic (component-wise), e.g. a performance profile over a τ grid or a learning
 * curve's IQM per x.
 */
export function vectorIntervalEstimate(
  data: readonly ScoreMatrix[],
  statistic: (...scores: ScoreMatrix[]) => number | ArrayLike<number>,
  opts: BootstrapOptions = {},
): VectorInterval {
  const { reps, confidence, rng } = resolveBootstrapOptions(opts);
  const p = statistic(...data);
  const point = typeof p === "number" ? Float64Array.of(p) : Float64Array.from(p);
  const reps2 = bootstrapReplicates(data, statistic, reps, rng);
  const k = point.length;
  const lo = new Float64Array(k);
  const hi = new Float64Array(k);
  const column = new Float64Array(reps);
  for (let j = 0; j < k; j++) {
    for (let b = 0; b < reps; b++) {
      const row = reps2[b]!;
      if (row.length !== k) {
        throw new ReproError(`bootstrap statistic returned ${row.length} values on a replicate but ${k} on the data`);
      }
      column[b] = row[j]!;
    }
    [lo[j], hi[j]] = percentileInterval(column, confidence);
  }
  return { point, lo, hi };
}

/** Point estimate and stratified-bootstrap percentile interval of a scalar statistic. */
export function intervalEstimate(
  data: ScoreMatrix | readonly ScoreMatrix[],
  statistic: (...scores: ScoreMatrix[]) => number,
  opts: BootstrapOptions = {},
): Interval {
  const list = Array.isArray(data) ? (data as readonly ScoreMatrix[]) : [data as ScoreMatrix];
  const v = vectorIntervalEstimate(list, statistic, opts);
  return { point: v.point[0]!, lo: v.lo[0]!, hi: v.hi[0]! };
}
