/**
 * The sac-ae notebook's figures, rebuilt from stored curves alone: learning curves (IQM over
 * seeds with 95 % stratified-bootstrap bands), final-score bars with CIs, critic-loss and
 * reconstruction-loss curves, and the 64×64 showcase.
 */
import { barChart, barsFromIntervals, curveFromInterval, learningCurves, type CurveSeries, type Figure } from "../../analysis/figures/index.js";
import { aggregateCurves } from "../../analysis/stats/index.js";
import { Rng } from "../../core/rng.js";
import { BOOTSTRAP_REPS, LAST_EVALS, type MethodSummary } from "./analysis.js";
import type { StoredCurve } from "./tables.js";

function byMethod(curves: readonly StoredCurve[], experiment: string, method: string): StoredCurve[] {
  return curves.filter((c) => c.experiment === experiment && c.method === method).sort((a, b) => a.seed - b.seed);
}

/** IQM ± 95 % CI band of column `key` over seeds, per method (rows with a non-finite value are dropped per run). */
function aggregatedSeries(curves: readonly StoredCurve[], experiment: string, methods: readonly { method: string; label: string }[], key: string, seed: number): CurveSeries[] {
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

/** Learning curves (IQM, 95% CI over seeds) of the given methods of one experiment. */
export function returnCurvesFigure(curves: readonly StoredCurve[], experiment: string, methods: readonly { method: string; label: string }[], title: string, seed = 0): Figure {
  return learningCurves(aggregatedSeries(curves, experiment, methods, "return_train", seed), {
    title, xTitle: "environment steps", yTitle: "episode return", bandLabel: "95% CI",
  });
}

export interface SacAeFigureInput {
  curves: StoredCurve[];
  summaries: MethodSummary[];
  experiment: string;
  title: string;
  showcase?: { experiment: string; title: string };
  seed?: number;
}

export function sacAeFigures(inp: SacAeFigureInput): Record<string, Figure> {
  const seed = inp.seed ?? 0;
  const methods = inp.summaries.map((s) => ({ method: s.method, label: s.label }));
  const figs: Record<string, Figure> = {};
  figs["learning-curves"] = learningCurves(aggregatedSeries(inp.curves, inp.experiment, methods, "return_train", seed), {
    title: `Evaluation return, ${inp.title} (IQM, 95% bootstrap CI)`, xTitle: "environment steps", yTitle: "episode return", bandLabel: "95% CI",
  });
  figs["final-scores"] = barChart(inp.summaries.map((s) => s.label), [barsFromIntervals(`IQM of the mean return over the last ${LAST_EVALS} evaluations`, inp.summaries.map((s) => s.iqm))], {
    title: `Final score, ${inp.title}`, yTitle: "episode return",
  });
  const pixelMethods = methods.filter((m) => m.method !== "sac-state");
  figs["critic-loss"] = learningCurves(aggregatedSeries(inp.curves, inp.experiment, pixelMethods, "criticLoss", seed), {
    title: "Critic loss per evaluation window (IQM, 95% CI)", xTitle: "environment steps", yTitle: "mean critic loss", logY: true, bandLabel: "95% CI",
  });
  const recon = methods.filter((m) => m.method.startsWith("sac-ae") || m.method.startsWith("vae"));
  figs["reconstruction-loss"] = learningCurves(aggregatedSeries(inp.curves, inp.experiment, recon, "auxLoss", seed), {
    title: "Reconstruction loss (RAE: MSE + latent L2; β-VAE: MSE + β·KL/D)", xTitle: "environment steps", yTitle: "loss", logY: true, bandLabel: "95% CI",
  });
  if (inp.showcase) {
    const sc = inp.showcase;
    const scMethods = [...new Set(inp.curves.filter((c) => c.experiment === sc.experiment).map((c) => c.method))].map((m) => ({
      method: m, label: String(inp.curves.find((c) => c.experiment === sc.experiment && c.method === m)!.notes["label"] ?? m),
    }));
    if (scMethods.length > 0) {
      figs["showcase-64"] = learningCurves(aggregatedSeries(inp.curves, sc.experiment, scMethods, "return_train", seed), {
        title: `Evaluation return, ${sc.title}`, xTitle: "environment steps", yTitle: "episode return",
      });
    }
  }
  return figs;
}
