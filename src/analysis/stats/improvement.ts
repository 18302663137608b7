/**
 * Probability of improvement (Agarwal et al. 2021, §4): for each task m,
 * P(X_m > Y_m) = (1/(n_x·n_y)) Σ_i Σ_j S(x_i, y_j) with S = 1 if x > y, 1/2 if equal,
 * 0 otherwise — the Mann–Whitney U statistic of X divided by n_x·n_y — averaged over
 * tasks. X and Y may have different numbers of runs but need the same tasks. The
 * interval resamples X and Y independently, each stratified by task.
 */

import { ReproError } from "../../core/errors.js";
import { type BootstrapOptions, type Interval, intervalEstimate } from "./bootstrap.js";
import { type ScoreInput, type ScoreMatrix, toScoreMatrix } from "./scores.js";

/** Mann–Whitney U of x against y: #{x_i > y_j} + ½·#{x_i = y_j}. */
export function mannWhitneyU(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let u = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    for (let j = 0; j < y.length; j++) {
      const yj = y[j]!;
      if (xi > yj) u += 1;
      else if (xi === yj) u += 0.5;
    }
  }
  return u;
}

function poiOfMatrices(x: ScoreMatrix, y: ScoreMatrix): number {
  const tasks = x.tasks;
  let total = 0;
  for (let t = 0; t < tasks; t++) {
    let u = 0;
    for (let i = 0; i < x.runs; i++) {
      const xi = x.values[i * tasks + t]!;
      for (let j = 0; j < y.runs; j++) {
        const yj = y.values[j * tasks + t]!;
        if (xi > yj) u += 1;
        else if (xi === yj) u += 0.5;
      }
    }
    total += u / (x.runs * y.runs);
  }
  return total / tasks;
}

function checkPair(x: ScoreInput, y: ScoreInput): [ScoreMatrix, ScoreMatrix] {
  const mx = toScoreMatrix(x, "scores of X");
  const my = toScoreMatrix(y, "scores of Y");
  if (mx.tasks !== my.tasks) {
    throw new ReproError(
      `probability of improvement needs the same tasks for X and Y, got ${mx.tasks} and ${my.tasks} task columns`,
    );
  }
  return [mx, my];
}

/** P(X > Y) averaged over tasks. */
export function probabilityOfImprovement(x: ScoreInput, y: ScoreInput): number {
  const [mx, my] = checkPair(x, y);
  return poiOfMatrices(mx, my);
}

/** P(X > Y) with its stratified-bootstrap percentile interval. */
export function probabilityOfImprovementInterval(x: ScoreInput, y: ScoreInput, opts: BootstrapOptions = {}): Interval {
  const [mx, my] = checkPair(x, y);
  return intervalEstimate([mx, my], (a, b) => poiOfMatrices(a!, b!), opts);
}
