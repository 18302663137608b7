/** Chapter 6 figures, rebuilt from stored runs (see store.ts). */
import { barChart, learningCurves, type Figure } from "../../../analysis/figures/index.js";
import type { Ch6Results } from "./tables.js";
import { meanInterval, type RunSummary } from "./summary.js";
import { Rng } from "../../../core/rng.js";
import { agentSummaries, backboneCurves } from "./learning.js";

function curve(name: string, pts: { x: number; s: RunSummary; key: "deltaAcc" | "accuracy" | "paramRatio"; scale: number }[]) {
  const sorted = [...pts].sort((a, b) => a.x - b.x);
  return {
    name,
    x: sorted.map((p) => p.x),
    y: sorted.map((p) => p.s.ci[p.key].point * p.scale),
    lower: sorted.map((p) => p.s.ci[p.key].lo * p.scale),
    upper: sorted.map((p) => p.s.ci[p.key].hi * p.scale),
  };
}

export function ch6Figures(res: Ch6Results, sums: readonly RunSummary[]): Record<string, Figure> {
  const figs: Record<string, Figure> = {};
  const sub = `${res.dataset.split(" ")[0]}, ×${res.config.widthScale} width, ${res.seeds.length} seeds`;
  // Fig. 6.2 analogue: accuracy drop vs MAC speed-up (ours, R_r = 0.5, keep ratio sweep).
  const budget = sums.filter((s) => s.tables.includes("6.2fig") && s.id.startsWith("ours-rr0.5@"));
  if (budget.length > 1) {
    figs["fig6-2-accuracy-drop-vs-budget"] = learningCurves([curve("ours (R_r = 0.5)", budget.map((s) => ({ x: s.ci.speedup.point, s, key: "deltaAcc", scale: 100 })))], {
      title: `Fig. 6.2 analogue: accuracy drop vs MACs (${sub})`,
      xTitle: "speed-up on MACs (×)",
      yTitle: "Δ accuracy vs unpruned (%, 95% CI)",
      bandLabel: "95% CI over seeds",
    });
  }
  // Fig. 6.3 analogue: trade-off R_r at keep ratio 0.45.
  const rr = sums.filter((s) => s.tables.includes("6.3fig"));
  if (rr.length > 1) {
    figs["fig6-3-tradeoff-accuracy"] = learningCurves([curve("accuracy", rr.map((s) => ({ x: s.rr, s, key: "accuracy", scale: 100 })))], {
      title: `Fig. 6.3 analogue: accuracy vs R_r, keep 0.5 (${sub})`,
      xTitle: "R_r (trust in runtime pruning)",
      yTitle: "test accuracy (%, 95% CI)",
      bandLabel: "95% CI over seeds",
    });
    figs["fig6-3-tradeoff-params"] = learningCurves([curve("stored parameters", rr.map((s) => ({ x: s.rr, s, key: "paramRatio", scale: 1 })))], {
      title: `Fig. 6.3 analogue: stored parameters vs R_r, keep 0.5 (${sub})`,
      xTitle: "R_r (trust in runtime pruning)",
      yTitle: "#params / backbone (incl. f(·))",
      bandLabel: "95% CI over seeds",
    });
  }
  // Table 6.1 as bars.
  const t61 = sums.filter((s) => s.tables.includes("6.1"));
  if (t61.length > 0) {
    figs["table6-1-accuracy-bars"] = barChart(
      t61.map((s) => s.method),
      [{ name: "test accuracy (%)", values: t61.map((s) => 100 * s.ci.accuracy.point), lower: t61.map((s) => 100 * s.ci.accuracy.lo), upper: t61.map((s) => 100 * s.ci.accuracy.hi) }],
      { title: `Table 6.1 analogue, keep 0.5 (${sub})`, yTitle: "test accuracy (%, 95% CI)" },
    );
  }
  // Measured CPU time of the physically pruned forward pass vs keep ratio.
  const lat = res.seeds.filter((s) => s.latency.length > 0);
  if (lat.length > 0) {
    const ratios = lat[0]!.latency.map((l) => l.sparsity);
    const rng = new Rng(7);
    const meas = ratios.map((r, i) => meanInterval(lat.map((s) => s.latency.find((l) => l.sparsity === r)!.speedupMeasured), rng.fork(`m${i}`)));
    const macs = ratios.map((r) => 1 / lat[0]!.latency.find((l) => l.sparsity === r)!.macFraction);
    figs["cpu-speedup-vs-keep-ratio"] = learningCurves(
      [
        { name: "measured CPU speed-up (ms per batch)", x: ratios, y: meas.map((m) => m.point), lower: meas.map((m) => m.lo), upper: meas.map((m) => m.hi) },
        { name: "MAC speed-up (counted)", x: ratios, y: macs, dash: "dash" },
      ],
      { title: `Pruned forward pass: speed-up vs uniform keep ratio (batch ${res.config.timingBatch})`, xTitle: "keep ratio s", yTitle: "speed-up over the unpruned net (×)", bandLabel: "95% CI over seeds" },
    );
  }
  Object.assign(figs, learningFigures(res, sums));
  return figs;
}

/** Learning checks (issue 13), where stored: backbone test accuracy per epoch, agents' reward per iteration and per-layer ratios before/after. */
export function learningFigures(res: Ch6Results, sums: readonly RunSummary[]): Record<string, Figure> {
  const figs: Record<string, Figure> = {};
  const rng = new Rng(8);
  const band = (name: string, x: number[], perSeed: number[][], scale: number, i: number) => {
    const iv = x.map((_, k) => meanInterval(perSeed.map((p) => p[k]! * scale), rng.fork(`${name}/${i}/${k}`)));
    return { name, x, y: iv.map((v) => v.point), lower: iv.map((v) => v.lo), upper: iv.map((v) => v.hi) };
  };
  const bb = backboneCurves(res);
  if (bb.length > 0) {
    const n = Math.min(...bb.map((c) => c.epoch.length));
    figs["learning-backbone-test-accuracy"] = learningCurves([band("backbone", bb[0]!.epoch.slice(0, n), bb.map((c) => c.accuracy.slice(0, n)), 100, 0)], {
      title: `Learning check: backbone test accuracy per pretraining epoch (epoch 0 = untrained; ${res.seeds.length} seeds)`,
      xTitle: "epoch",
      yTitle: "test accuracy (%, 95% CI)",
      bandLabel: "95% CI over seeds",
    });
  }
  const shown = ["ours-rr0.5@0.5", "ours-rr1@0.5", "ours-rr0@0.5"];
  const agents = sums.filter((s) => shown.includes(s.id)).flatMap((s) => agentSummaries(res, s.id).map((a) => ({ s, a })));
  if (agents.length > 0) {
    figs["learning-agent-reward"] = learningCurves(
      agents.map(({ s, a }, i) => {
        const n = Math.min(...a.rewards.map((r) => r.length));
        return band(`${s.method}: ${a.agent} agent`, Array.from({ length: n }, (_, k) => k + 1), a.rewards.map((r) => r.slice(0, n)), 1, i);
      }),
      { title: "Learning check: pruning agents' reward per Algorithm 4 iteration (keep ratio 0.5)", xTitle: "Algorithm 4 iteration", yTitle: "mean reward (95% CI over seeds)", bandLabel: "95% CI over seeds" },
    );
    const main = agents.filter(({ s }) => s.id === shown[0]);
    if (main.length > 0) {
      const layers = main[0]!.a.before.map((_, t) => `conv ${t + 1}`);
      figs["learning-agent-ratios"] = barChart(
        layers,
        main.flatMap(({ a }) => [
          { name: `${a.agent} agent, before`, values: a.before },
          { name: `${a.agent} agent, after`, values: a.after },
        ]),
        { title: "Learning check: per-layer keep ratios of ours (R_r = 0.5, keep 0.5) before and after Algorithm 4 (mean over seeds)", yTitle: "keep ratio" },
      );
    }
  }
  return figs;
}
