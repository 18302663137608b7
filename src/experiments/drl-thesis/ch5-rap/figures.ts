/**
 * The figures of `drl-thesis/ch5-rap`, from stored rows only: each encoder's metric-loss curve
 * (mean over seeds, min–max band; log scale, since the losses start orders of magnitude above
 * where they end), and the Pearson correlation of every learned distance with each exact
 * reference (bars: mean over seeds, 95% bootstrap interval), trained and untrained.
 */
import { barChart, barsFromIntervals } from "../../../analysis/figures/bars.js";
import type { Figure } from "../../../analysis/figures/figure.js";
import { learningCurves, type CurveSeries } from "../../../analysis/figures/learningCurves.js";
import { meanInterval, perSeed } from "./claims.js";
import type { Ch5RapData } from "./load.js";

/** One panel per method would be many files; one figure with every method's mean curve (log y). */
export function lossCurvesFigure(data: Ch5RapData): Figure {
  const series: CurveSeries[] = data.config.methods.map((m) => {
    const rows = data.loss.filter((r) => r.method === m.name);
    const steps = [...new Set(rows.map((r) => r.step))].sort((a, b) => a - b);
    const at = (s: number) => rows.filter((r) => r.step === s).map((r) => r.loss);
    return {
      name: m.name,
      x: steps,
      y: steps.map((s) => at(s).reduce((a, b) => a + b, 0) / at(s).length),
      lower: steps.map((s) => Math.min(...at(s))),
      upper: steps.map((s) => Math.max(...at(s))),
    };
  });
  const fig = learningCurves(series, {
    title: `Metric loss of each encoder (mean over ${data.seeds.length} seeds, band min–max)`,
    xTitle: "training step",
    yTitle: "loss (window mean)",
    logY: true,
    bandLabel: "min–max",
    width: 760,
    height: 520,
  });
  return fig;
}

const REFERENCES = [
  ["pearsonM", "d_M (5.3)"],
  ["pearsonShift", "d̃_M (Def. 5.5.1)"],
  ["pearsonG", "d_G (5.9)"],
  ["pearsonValue", "|V_i − V_j|"],
] as const;

/** Pearson of each learned distance with each reference, trained or untrained. */
export function correlationFigure(data: Ch5RapData, phase: "trained" | "untrained"): Figure {
  const methods = data.config.methods.map((m) => m.name);
  return barChart(
    methods,
    REFERENCES.map(([col, label]) => barsFromIntervals(label, methods.map((m) => meanInterval(data, perSeed(data, m, col, phase))))),
    {
      title: `Pearson correlation of the learned distance with each exact metric (${phase}; mean, 95% CI over seeds)`,
      yTitle: "Pearson r over all state pairs",
      width: 900,
      height: 500,
    },
  );
}

export function ch5RapFigures(data: Ch5RapData): Record<string, Figure> {
  return {
    "loss-curves": lossCurvesFigure(data),
    "correlations-trained": correlationFigure(data, "trained"),
    "correlations-untrained": correlationFigure(data, "untrained"),
  };
}
