/**
 * A study's curve figures, rebuilt from stored curves alone: any logged column (evaluation
 * return, critic loss, auxiliary loss, …) against environment steps, as the IQM over seeds with
 * a 95 % stratified-bootstrap band per method (one seed: the plain curve).
 */
import { curveFromInterval, learningCurves, type CurveSeries, type Figure } from "../../analysis/figures/index.js";
import { aggregateCurves } from "../../analysis/stats/index.js";
import { Rng } from "../../core/rng.js";
import { BOOTSTRAP_REPS } from "./summary.js";
import type { StoredCurve } from "./store.js";

function byMethod(curves: readonly StoredCurve[], experiment: string, method: string): StoredCurve[] {
  return curves.filter((c) => c.experiment === experiment && c.method === method).sort((a, b) => a.seed - b.seed);
}

/** IQM ± 95 % CI band of column `key` over seeds, per method (rows with a non-finite value are dropped per run). */
export function aggregatedSeries(curves: readonly StoredCurve[], experiment: string, methods: readonly { method: string; label: string }[], key: string, seed: number): CurveSeries[] {
  const series: CurveSeries[] = [];
  for (const { method, label } of methods) {
    const runs = byMethod(curves, experiment, method);
    if (runs.length === 0) continue;
    const perRun = runs.map((r) => {
      const rows = r.rows.filter((x) => Number.isFinite(x[key]!));
      return { x: rows.map((x) => x["envSteps"]!), y: rows.map((x) => x[key]!) };
    }).filter((c) => c.x.length > 1);
    if (perRun.length === 0) continue;
    if (perRun.length === 1) {
      series.push({ name: `${label} (1 seed)`, x: perRun[0]!.x, y: perRun[0]!.y });
      continue;
    }
    const grid = perRun.reduce((best, c) => (c.x.length < best.length ? c.x : best), perRun[0]!.x);
    const agg = aggregateCurves(perRun, { statistic: "iqm", grid, reps: BOOTSTRAP_REPS, outside: "hold", rng: new Rng(seed).fork(`${experiment}-${method}-${key}`) });
    series.push(curveFromInterval(`${label} (${runs.length} seeds)`, agg));
  }
  return series;
}

/**
 * Curves of column `key` (IQM, 95% CI over seeds) of the given methods, or null when none of them
 * has two finite points of it (no agent stored yet in a medium tier run in pieces, or a column
 * the stored methods do not log).
 */
export function columnCurvesFigure(
  curves: readonly StoredCurve[], experiment: string, methods: readonly { method: string; label: string }[], key: string, seed: number,
  options: Parameters<typeof learningCurves>[1],
): Figure | null {
  const series = aggregatedSeries(curves, experiment, methods, key, seed);
  return series.length > 0 ? learningCurves(series, options) : null;
}

/** Learning curves (IQM, 95% CI over seeds) of the given methods of one experiment. */
export function returnCurvesFigure(curves: readonly StoredCurve[], experiment: string, methods: readonly { method: string; label: string }[], title: string, seed = 0): Figure {
  return learningCurves(aggregatedSeries(curves, experiment, methods, "return_train", seed), {
    title, xTitle: "environment steps", yTitle: "episode return", bandLabel: "95% CI",
  });
}

