/**
 * Aggregate performance over a `runs × tasks` score matrix, as rliable defines them
 * (Agarwal et al., NeurIPS 2021, §4 and `rliable/metrics.py`):
 *
 * - mean:   mean over tasks of the per-task mean score;
 * - median: median over tasks of the per-task mean score;
 * - IQM:    25 % trimmed mean of all runs × tasks scores flattened together, trimming
 *           ⌊0.25·n⌋ values from each end as scipy's `trim_mean` does;
 * - optimality gap: mean over all runs × tasks of max(γ − x, 0) (= γ − mean(min(x, γ))),
 *           γ = 1 by default (scores normalised so that 1 is "solved").
 */

import { ReproError } from "../../core/errors.js";
import { mean as meanOf, median as medianOf, trimMean } from "./quantile.js";
import { type ScoreInput, type ScoreMatrix, taskMeans, toScoreMatrix } from "./scores.js";

/** Mean of per-task mean scores. */
export function aggregateMean(scores: ScoreInput): number {
  return meanOf(taskMeans(toScoreMatrix(scores)));
}

/** Median of per-task mean scores. */
export function aggregateMedian(scores: ScoreInput): number {
  return medianOf(taskMeans(toScoreMatrix(scores)));
}

/** Interquartile mean of all scores (25 % trimmed mean over runs × tasks). */
export function aggregateIqm(scores: ScoreInput): number {
  return trimMean(toScoreMatrix(scores).values, 0.25);
}

/** Optimality gap: mean of max(γ − x, 0) over all runs × tasks. */
export function optimalityGap(scores: ScoreInput, gamma = 1): number {
  if (!Number.isFinite(gamma)) throw new ReproError(`optimality-gap threshold γ must be finite, got ${gamma}`);
  const v = toScoreMatrix(scores).values;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += Math.max(gamma - v[i]!, 0);
  return s / v.length;
}

/** Names of the built-in aggregate metrics. */
export type AggregateName = "mean" | "median" | "iqm" | "optimalityGap";

export const AGGREGATE_NAMES: readonly AggregateName[] = ["mean", "median", "iqm", "optimalityGap"];

/** A statistic of one score matrix (must not keep a reference to its argument). */
export type ScoreStatistic = (scores: ScoreMatrix) => number;

/**
 * The function for a named aggregate (IQM etc.) or a custom one passed through.
 * Named functions skip re-validation, so they are cheap inside the bootstrap.
 */
export function aggregateFunction(metric: AggregateName | ScoreStatistic, gamma = 1): ScoreStatistic {
  if (typeof metric === "function") return metric;
  switch (metric) {
    case "mean":
      return (m) => meanOf(taskMeans(m));
    case "median":
      return (m) => medianOf(taskMeans(m));
    case "iqm":
      return (m) => trimMean(m.values, 0.25);
    case "optimalityGap":
      return (m) => {
        let s = 0;
        for (let i = 0; i < m.values.length; i++) s += Math.max(gamma - m.values[i]!, 0);
        return s / m.values.length;
      };
    default:
      throw new ReproError(
        `unknown aggregate metric "${String(metric)}"; use one of ${AGGREGATE_NAMES.join(", ")} or pass a function`,
      );
  }
}
