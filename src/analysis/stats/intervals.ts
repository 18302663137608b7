/**
 * Aggregate metrics with stratified-bootstrap confidence intervals, for one method or a
 * dictionary of methods (rliable's `get_interval_estimates`).
 */

import { ReproError } from "../../core/errors.js";
import { Rng } from "../../core/rng.js";
import { type AggregateName, aggregateFunction, type ScoreStatistic } from "./aggregates.js";
import { type BootstrapOptions, type Interval, intervalEstimate } from "./bootstrap.js";
import { type ScoreInput, toScoreMatrix } from "./scores.js";

export interface AggregateOptions extends BootstrapOptions {
  /** Threshold γ of the optimality gap (default 1). */
  gamma?: number;
}

/** One aggregate metric of one method's scores with its 95 % (by default) interval. */
export function aggregateInterval(
  scores: ScoreInput,
  metric: AggregateName | ScoreStatistic,
  opts: AggregateOptions = {},
): Interval {
  const m = toScoreMatrix(scores);
  return intervalEstimate(m, aggregateFunction(metric, opts.gamma ?? 1), opts);
}

/** One row of a method × metric comparison. */
export interface AggregateRow extends Interval {
  method: string;
  metric: string;
  runs: number;
  tasks: number;
}

/**
 * Every listed metric for every method, with intervals. Each (method, metric) pair draws
 * from its own child stream `rng.fork("<method>/<metric>")` of one seed, so adding a method
 * or metric does not change the intervals of the others.
 */
export function compareAggregates(
  scoresByMethod: Readonly<Record<string, ScoreInput>>,
  metrics: readonly (AggregateName | { name: string; fn: ScoreStatistic })[] = ["median", "iqm", "mean", "optimalityGap"],
  opts: AggregateOptions = {},
): AggregateRow[] {
  const methods = Object.keys(scoresByMethod);
  if (methods.length === 0) throw new ReproError("compareAggregates needs at least one method's scores");
  const root = opts.rng ?? new Rng(opts.seed ?? 0);
  const rows: AggregateRow[] = [];
  for (const method of methods) {
    const m = toScoreMatrix(scoresByMethod[method]!, `scores of ${method}`);
    for (const metric of metrics) {
      const name = typeof metric === "string" ? metric : metric.name;
      const fn = typeof metric === "string" ? aggregateFunction(metric, opts.gamma ?? 1) : metric.fn;
      const iv = intervalEstimate(m, fn, {
        reps: opts.reps,
        confidence: opts.confidence,
        rng: root.fork(`${method}/${name}`),
      });
      rows.push({ method, metric: name, runs: m.runs, tasks: m.tasks, ...iv });
    }
  }
  return rows;
}
