/**
 * The Chapter 5 theory figures, built from the stored rows only (no recomputation):
 * convergence curves against the γ^k bound, |ΔV| vs each metric with y = x, the shift-MICo
 * gap against policy entropy and reward spread, tightness histograms, and distance-matrix
 * heatmaps of one illustrative MDP.
 */

import type { Row } from "../../../analysis/results/store.js";
import { heatmap } from "../../../analysis/figures/heatmap.js";
import { learningCurves, type CurveSeries } from "../../../analysis/figures/learningCurves.js";
import { scatterXY } from "../../../analysis/figures/scatter.js";
import { seriesColor } from "../../../analysis/figures/style.js";
import type { Figure } from "../../../analysis/figures/figure.js";
import type { Ch5Results } from "./run.js";

const OPERATORS = ["F_B (5.1)", "F_M (5.3)", "F̃_M (Def. 5.5.1)", "F_G (5.9)"];

/** log ‖d_k − d*‖∞ vs k for every operator at one γ, each with its γ^k‖d_0 − d*‖ bound (dashed). */
export function convergenceFigure(res: Ch5Results, gamma: number): Figure {
  const rows = res.tables.convergence.filter((r) => r.gamma === gamma);
  const series: CurveSeries[] = [];
  OPERATORS.forEach((op, i) => {
    const rs = rows.filter((r) => r.operator === op);
    if (rs.length === 0) return;
    const color = seriesColor(i);
    series.push({ name: op, x: rs.map((r) => r.k as number), y: rs.map((r) => r.error as number), color });
    series.push({ name: `${op}: γ^k bound`, x: rs.map((r) => r.k as number), y: rs.map((r) => r.reference as number), color, dash: "dot" });
  });
  const fig = learningCurves(series, {
    title: `Convergence of d_k = F^k(0), γ = ${gamma} (dotted: γ^k ‖d_0 − d*‖∞)`,
    xTitle: "iteration k",
    yTitle: "‖d_k − d*‖∞",
    logY: true,
    width: 720,
    height: 560,
  });
  legendBelow(fig);
  return fig;
}

/** Scatter of normalised |V_i − V_j| against a metric (points above y = x violate the bound). */
export function scatterFigure(res: Ch5Results, metricPrefix: string, title: string): Figure {
  const pairs = res.tables.pairs.filter((r) => String(r.metric).startsWith(metricPrefix));
  const metrics = [...new Set(pairs.map((r) => String(r.metric)))];
  const fig = scatterXY(
    metrics.map((m) => {
      const rs = pairs.filter((r) => r.metric === m);
      return {
        name: m,
        x: rs.map((r) => r.distance as number),
        y: rs.map((r) => r.valueGap as number),
        labels: rs.map((r) => `MDP #${r.id}, γ=${r.gamma}`),
      };
    }),
    {
      title,
      xTitle: "d(s_i, s_j) · (1−γ)/max|R|",
      yTitle: "|V(s_i) − V(s_j)| · (1−γ)/max|R|",
      markerSize: 5,
      showLegend: metrics.length > 1,
      width: 640,
      height: metrics.length > 1 ? 680 : 600,
    },
  );
  if (metrics.length > 1) legendBelow(fig);
  return fig;
}

/** Mean shift-MICo gap against mean policy entropy, one line per reward spread σ. */
export function gapFigure(res: Ch5Results, value: "gapOff" | "gapDiag" | "relGapOff" = "gapOff"): Figure {
  const rows = res.tables.gap;
  const spreads = [...new Set(rows.map((r) => r.spread as number))].sort((a, b) => a - b);
  const temps = [...new Set(rows.map((r) => r.temperature as number))].sort((a, b) => a - b);
  const series: CurveSeries[] = spreads.map((sp) => {
    const pts = temps.map((t) => {
      const rs = rows.filter((r) => r.spread === sp && r.temperature === t);
      const mean = (col: string) => rs.reduce((a, r) => a + (r[col] as number), 0) / rs.length;
      const ys = rs.map((r) => r[value] as number).sort((a, b) => a - b);
      return { x: mean("entropy"), y: mean(value), lo: ys[0]!, hi: ys[ys.length - 1]! };
    });
    return { name: `reward spread σ = ${sp}`, x: pts.map((p) => p.x), y: pts.map((p) => p.y), lower: pts.map((p) => p.lo), upper: pts.map((p) => p.hi) };
  });
  const label = value === "gapOff" ? "mean off-diagonal d̃_M − d_M" : value === "gapDiag" ? "mean diagonal d̃_M(s,s) − d_M(s,s)" : "mean (d̃_M − d_M)/d_M";
  return learningCurves(series, {
    title: "Shift-MICo gap vs policy entropy and reward spread (band: min–max over MDPs)",
    xTitle: "mean policy entropy (nats); left end: deterministic π",
    yTitle: label,
    bandLabel: "min–max",
    width: 720,
    height: 440,
  });
}

/** Distribution of the tightness τ = mean |ΔV|/d over the sweep, per metric, as empirical CDFs. */
export function tightnessFigure(res: Ch5Results): Figure {
  const sweep = res.tables.sweep;
  const cdf = (name: string, col: string): CurveSeries => {
    const v = sweep.map((r) => r[col] as number).filter(Number.isFinite).sort((a, b) => a - b);
    return { name: `${name} (${v.length} MDPs)`, x: v, y: v.map((_, k) => (k + 1) / v.length) };
  };
  const fig = learningCurves(
    [cdf("d_B (5.1)", "tauB"), cdf("d_M (5.3)", "tauM"), cdf("d̃_M (Def. 5.5.1)", "tauS"), cdf("d_G (5.9), deterministic P", "tauG")],
    {
      title: "Tightness of the value bounds over the sweep (1 = attained)",
      xTitle: "τ = mean over pairs of |V_i − V_j| / d(i, j)",
      yTitle: "fraction of MDPs with tightness ≤ τ",
      width: 720,
      height: 440,
    },
  );
  legendBelow(fig);
  return fig;
}

/** Horizontal legend under the plot (long series names would squeeze a side legend). */
function legendBelow(fig: Figure): void {
  fig.layout.legend = { orientation: "h", x: 0, xanchor: "left", y: -0.2, yanchor: "top", font: { size: 12 } };
  const margin = (fig.layout.margin ?? {}) as Record<string, unknown>;
  fig.layout.margin = { ...margin, b: 110 };
}

/** One heatmap per stored matrix of the illustrative MDP. */
export function heatmapFigures(res: Ch5Results): { name: string; figure: Figure }[] {
  const rows = res.tables.heatmaps;
  const names = [...new Set(rows.map((r) => String(r.matrix)))];
  const slug: Record<string, string> = {
    "|V_i − V_j|": "value-gap",
    "d_B (5.1)": "bisimulation",
    "d_M (5.3)": "mico",
    "d̃_M (Def. 5.5.1)": "shift-mico",
    "d_G (5.9)": "rap",
  };
  return names.map((m) => {
    const rs: Row[] = rows.filter((r) => r.matrix === m);
    const n = Math.max(...rs.map((r) => r.i as number)) + 1;
    const values = new Float64Array(n * n);
    for (const r of rs) values[(r.i as number) * n + (r.j as number)] = r.value as number;
    return {
      name: `heatmap-${slug[m] ?? m.replace(/[^A-Za-z0-9]+/g, "-")}`,
      figure: heatmap(
        { values, rows: n, cols: n },
        {
          title: `${m} — mean-closed MDP, 8 states on a line, γ = 0.9`,
          xLabels: Array.from({ length: n }, (_, k) => `s${k}`),
          yLabels: Array.from({ length: n }, (_, k) => `s${k}`),
          zmin: 0,
          digits: 1,
          width: 560,
          height: 520,
        },
      ),
    };
  });
}

/** Every figure of the notebook by export name. */
export function ch5Figures(res: Ch5Results): Record<string, Figure> {
  const out: Record<string, Figure> = {};
  for (const g of [...new Set(res.tables.convergence.map((r) => r.gamma as number))]) {
    out[`convergence-gamma-${g}`] = convergenceFigure(res, g);
  }
  out["scatter-bisimulation"] = scatterFigure(res, "d_B", "(5.2): |ΔV| ≤ d_B (all points on or below y = x)");
  out["scatter-mico"] = scatterFigure(res, "d_M", "(5.4): |ΔV| ≤ d_M");
  out["scatter-shift-mico"] = scatterFigure(res, "d̃_M", "(5.8): |ΔV| ≤ d_M ≤ d̃_M");
  out["scatter-rap"] = scatterFigure(res, "d_G", "(5.10): |ΔV| ≤ d_G? (points above y = x violate it)");
  out["shift-gap"] = gapFigure(res);
  out["tightness"] = tightnessFigure(res);
  for (const h of heatmapFigures(res)) out[h.name] = h.figure;
  return out;
}
