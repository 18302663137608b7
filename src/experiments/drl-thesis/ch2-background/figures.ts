/**
 * The Chapter 2 notebook's figures and tables, built from a `Ch2Results` (fresh or loaded from
 * the results store — the figures never need a recomputation).
 */
import { aggregateCurves } from "../../../analysis/stats/index.js";
import { curveFromInterval, heatmap, learningCurves, scatterXY, type Figure } from "../../../analysis/figures/index.js";
import { Rng } from "../../../core/rng.js";
import type { Row } from "../../../analysis/results/index.js";
import type { Ch2Results } from "./index.js";
import type { CheckResult } from "./types.js";
import type { McRow } from "./bellman.js";
import type { QlSeries } from "./q-learning.js";
import type { ReinforceSeriesRow } from "./policy-gradient.js";
import { coarsePpoSurface, type PpoSurface } from "./tables.js";

function seriesOf<T>(res: Ch2Results, id: string): T | undefined {
  const c = res.checks.find((x) => x.id === id);
  return c && Object.keys(c.series).length > 0 ? (c.series as T) : undefined;
}

/** T1: Monte-Carlo estimate of V^π(s) against the exact linear solve of (2.2). */
function monteCarloFigure(rows: McRow[]): Figure {
  return scatterXY(
    [{ name: "MC mean of 10⁴ returns per state", x: rows.map((r) => r.exact), y: rows.map((r) => r.mc) }],
    { title: "Bellman expectation (2.2): Monte Carlo vs exact V^π", xTitle: "exact V^π(s) (linear solve)", yTitle: "Monte-Carlo estimate", reference: true },
  );
}

/** T4: Q-learning error (IQM over MDPs × seeds, 95 % stratified bootstrap CI) vs updates. */
function qLearningFigure(s: QlSeries, seed: number): Figure {
  const curves = (data: number[][][]) =>
    data.flatMap((perMdp, k) => perMdp.map((run) => ({ x: s.checkpoints, y: run, task: s.mdps[k]! })));
  const opts = { statistic: "iqm" as const, grid: s.checkpoints, reps: 1000 };
  const rm = aggregateCurves(curves(s.robbinsMonro), { ...opts, rng: new Rng(seed).fork("fig-ql-rm") });
  const series = [curveFromInterval("α_t = (1+n)^−0.8 (Robbins–Monro)", rm)];
  if (s.constant.length > 0) {
    series.push(curveFromInterval("α = 0.5 (constant)", aggregateCurves(curves(s.constant), { ...opts, rng: new Rng(seed).fork("fig-ql-c") }), { dash: "dash" }));
  }
  return learningCurves(series, {
    title: "Q-learning (2.7) converges to Q* with Robbins–Monro steps",
    xTitle: "updates",
    yTitle: "‖Q − Q*‖∞ / ‖Q*‖∞ (IQM, 95% CI)",
    logX: true,
    logY: true,
  });
}

/** T6: exact policy gradient (discounted visitation weighting) vs central finite differences. */
function gradientFigure(g: { exact: number[]; finiteDifference: number[] }): Figure {
  return scatterXY([{ name: "∂J/∂θ_{s,a}", x: g.exact, y: g.finiteDifference }], {
    title: "Policy-gradient theorem (2.9) vs finite differences",
    xTitle: "exact gradient component",
    yTitle: "central finite difference (h = 1e−6)",
    reference: true,
  });
}

/** T7: REINFORCE estimates (with γ^t, and (2.11) as printed) against the exact gradient. */
function reinforceFigure(rows: ReinforceSeriesRow[]): Figure {
  const x = rows.flatMap((r) => r.exactGradient);
  return scatterXY(
    [
      { name: "Σ γ^t G_t ∇log π (discounted)", x, y: rows.flatMap((r) => r.withDiscount.mean) },
      { name: "(2.11) as printed (no γ^t)", x, y: rows.flatMap((r) => r.asPrinted.mean) },
    ],
    { title: "REINFORCE (2.11): only the γ^t form is unbiased for ∇J", xTitle: "exact ∇J component", yTitle: "mean of sampled estimator", reference: true },
  );
}

/** T6: gradient ascent (2.10) — normalised improvement of J over steps (IQM over MDPs, 95 % CI). */
function ascentFigure(ascent: { mdp: string; J: number[] }[], seed: number): Figure | undefined {
  const usable = ascent.filter((a) => a.J.length > 1 && a.J[a.J.length - 1]! - a.J[0]! > 1e-12);
  if (usable.length === 0) return undefined;
  const curves = usable.map((a) => {
    const j0 = a.J[0]!;
    const span = a.J[a.J.length - 1]! - j0;
    return { x: a.J.map((_, k) => k), y: a.J.map((j) => (j - j0) / span), task: "all" };
  });
  const agg = aggregateCurves(curves, { statistic: "iqm", reps: 1000, rng: new Rng(seed).fork("fig-ascent") });
  return learningCurves([curveFromInterval(`${usable.length} MDPs, α = 0.1`, agg)], {
    title: "Gradient ascent (2.10) raises J monotonically",
    xTitle: "ascent step",
    yTitle: "(J_k − J_0) / (J_final − J_0)",
  });
}

/** T9: the clipped surrogate L^CLIP(r, A) for the largest ε on the grid. */
function ppoFigure(surface: PpoSurface[]): Figure | undefined {
  const last = surface[surface.length - 1];
  if (!last) return undefined;
  const s = coarsePpoSurface(last);
  const extent = Math.max(...s.L.flat().map((x) => Math.abs(x)));
  return heatmap(s.L, {
    zmin: -extent,
    zmax: extent,
    title: `PPO clipped objective (2.17), ε = ${s.eps}`,
    xTitle: "probability ratio r",
    yTitle: "advantage A",
    xLabels: s.r.map((r) => Number(r.toFixed(2))),
    yLabels: s.A.map((a) => Number(a.toFixed(2))),
    colorbarTitle: "L^CLIP",
    colorscale: "RdBu",
  });
}

/** Every figure the Chapter 2 notebook shows, keyed by export name. */
export function ch2Figures(res: Ch2Results): Record<string, Figure> {
  const figs: Record<string, Figure> = {};
  const mc = seriesOf<{ monteCarlo: McRow[] }>(res, "T1");
  if (mc && mc.monteCarlo.length > 0) figs["bellman-monte-carlo"] = monteCarloFigure(mc.monteCarlo);
  const ql = seriesOf<QlSeries>(res, "T4");
  if (ql && ql.robbinsMonro.length > 0) figs["q-learning-convergence"] = qLearningFigure(ql, res.seed);
  const pg = seriesOf<{ gradientComponents: { exact: number[]; finiteDifference: number[] } | null; ascent: { mdp: string; J: number[] }[] }>(res, "T6");
  if (pg?.gradientComponents) figs["policy-gradient-vs-fd"] = gradientFigure(pg.gradientComponents);
  const asc = pg ? ascentFigure(pg.ascent, res.seed) : undefined;
  if (asc) figs["gradient-ascent"] = asc;
  const rf = seriesOf<{ reinforce: ReinforceSeriesRow[] }>(res, "T7");
  if (rf && rf.reinforce.length > 0) figs["reinforce-bias"] = reinforceFigure(rf.reinforce);
  const ppo = seriesOf<{ surface: PpoSurface[] }>(res, "T9");
  const ppoFig = ppo ? ppoFigure(ppo.surface) : undefined;
  if (ppoFig) figs["ppo-clip-surface"] = ppoFig;
  return figs;
}

/** One row per check for the summary table: id, statement, headline statistic vs tolerance, verdict. */
export function ch2CheckTable(res: Ch2Results): Row[] {
  return res.checks.map((c: CheckResult) => ({
    check: c.id,
    title: c.title,
    source: c.source,
    mdps: c.mdpsTried,
    statistic: c.statistic,
    tolerance: c.tolerance,
    passed: c.passed ? "yes" : "no",
  }));
}
