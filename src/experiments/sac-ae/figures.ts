/**
 * The sac-ae notebook's figures, rebuilt from stored curves alone: learning curves (IQM over
 * seeds with 95 % stratified-bootstrap bands), final-score bars with CIs, critic-loss and
 * reconstruction-loss curves, and the 64×64 showcase.
 */
import { barChart, barsFromIntervals, learningCurves, type Figure } from "../../analysis/figures/index.js";
import { aggregatedSeries, columnCurvesFigure } from "../agent-study/figures.js";
import type { StoredCurve } from "../agent-study/store.js";
import { LAST_EVALS, type MethodSummary } from "../agent-study/summary.js";

export { returnCurvesFigure } from "../agent-study/figures.js";

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
  if (inp.summaries.length > 0) {
    figs["learning-curves"] = learningCurves(aggregatedSeries(inp.curves, inp.experiment, methods, "return_train", seed), {
      title: `Evaluation return, ${inp.title} (IQM, 95% bootstrap CI)`, xTitle: "environment steps", yTitle: "episode return", bandLabel: "95% CI",
    });
    figs["final-scores"] = barChart(inp.summaries.map((s) => s.label), [barsFromIntervals(`IQM of the mean return over the last ${LAST_EVALS} evaluations`, inp.summaries.map((s) => s.iqm))], {
      title: `Final score, ${inp.title}`, yTitle: "episode return",
    });
  }
  const pixelMethods = methods.filter((m) => m.method !== "sac-state");
  const critic = columnCurvesFigure(inp.curves, inp.experiment, pixelMethods, "criticLoss", seed, {
    title: "Critic loss per evaluation window (IQM, 95% CI)", xTitle: "environment steps", yTitle: "mean critic loss", logY: true, bandLabel: "95% CI",
  });
  if (critic) figs["critic-loss"] = critic;
  const recon = methods.filter((m) => m.method.startsWith("sac-ae") || m.method.startsWith("vae"));
  const reconstruction = columnCurvesFigure(inp.curves, inp.experiment, recon, "auxLoss", seed, {
    title: "Reconstruction loss (RAE: MSE + latent L2; β-VAE: MSE + β·KL/D)", xTitle: "environment steps", yTitle: "loss", logY: true, bandLabel: "95% CI",
  });
  if (reconstruction) figs["reconstruction-loss"] = reconstruction;
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
