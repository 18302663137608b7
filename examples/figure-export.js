// @ts-check
/**
 * Paper figures from a plain script: a bar chart with error bars (IQM and mean of three
 * simulated methods, with stratified-bootstrap 95% CIs) and a heatmap (P(row > column), the
 * probability of improvement between them), built from numbers computed here. `fig.show()` is
 * for notebooks; a script exports: self-contained HTML always, SVG and PNG when a headless
 * Chromium is found (CHROME_PATH, /usr/bin/chromium, …; otherwise a one-line note says so).
 *
 * Run from the package root; files go to <out>/figure-export/:
 *   node examples/figure-export.js [out-folder (default examples/out)] [--runs=10] [--seed=0]
 */
"use strict";
const path = require("node:path");
const { parseArgs } = require("node:util");
const { Rng, figures, stats } = require("reprorl");

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: "string", default: "10" }, seed: { type: "string", default: "0" } },
});
const out = positionals[0] ?? path.join(__dirname, "out");
const runs = Number(args.runs);

// Simulated normalised scores, runs × 4 tasks: each method has its own mean and spread.
const rng = new Rng(Number(args.seed));
const methods = [
  { name: "baseline", mean: 0.45, std: 0.15 },
  { name: "+ augmentation", mean: 0.6, std: 0.12 },
  { name: "+ auxiliary loss", mean: 0.55, std: 0.25 },
];
/** @type {Record<string, number[][]>} */
const scores = {};
for (const m of methods) {
  scores[m.name] = Array.from({ length: runs }, () => Array.from({ length: 4 }, () => Math.min(1, Math.max(0, rng.normal(m.mean, m.std)))));
}
const names = methods.map((m) => m.name);

(async () => {
  const iqm = names.map((n) => stats.aggregateInterval(scores[n], "iqm", { seed: 1 }));
  const mean = names.map((n) => stats.aggregateInterval(scores[n], "mean", { seed: 2 }));
  names.forEach((n, i) => console.log(`${n}: IQM ${iqm[i].point.toFixed(3)} [${iqm[i].lo.toFixed(3)}, ${iqm[i].hi.toFixed(3)}], mean ${mean[i].point.toFixed(3)} [${mean[i].lo.toFixed(3)}, ${mean[i].hi.toFixed(3)}]`));
  const bars = figures.barChart(names, [figures.barsFromIntervals("IQM", iqm), figures.barsFromIntervals("mean", mean)], {
    title: `Aggregate score (${runs} runs × 4 tasks, 95% CIs)`,
    yTitle: "normalised score",
  });

  const poi = names.map((x) => names.map((y) => (x === y ? NaN : stats.probabilityOfImprovement(scores[x], scores[y]))));
  poi.forEach((row, i) => console.log(`P(${names[i]} > ·) = [${row.map((p) => (Number.isNaN(p) ? "  —  " : p.toFixed(3))).join(", ")}]`));
  const heat = figures.heatmap(poi, {
    xLabels: names, yLabels: names, zmin: 0, zmax: 1, colorbarTitle: "P(row > column)", title: "Probability of improvement",
  });

  for (const [name, fig] of /** @type {const} */ ([["bars", bars], ["heatmap", heat]])) {
    const files = await fig.export("figure-export", name, { root: out, formats: ["svg", "png"] });
    console.log(`wrote ${files.paths.join(", ")}`);
  }
})().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
