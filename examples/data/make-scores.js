// @ts-check
/**
 * Regenerates examples/data/sac-ae-final-scores.csv from the committed stored results of the
 * sac-ae chapter (data/results/sac-ae/): one row per run of the 32×32-pixel experiments
 * (pixels32, augment32 — all cartpole-swingup), with the run's final score as the chapter
 * computes it (`sacAe.finalScore`: mean evaluation return over the last 3 evaluations).
 *
 *   node examples/data/make-scores.js [--out=examples/data/sac-ae-final-scores.csv]
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { resultsRoot, results, sacAe } = require("reprorl");

const { values: args } = parseArgs({
  options: { out: { type: "string", default: path.join(__dirname, "sac-ae-final-scores.csv") } },
});
const EXPERIMENTS = ["pixels32", "augment32"];

/** @type {string[][]} */
const records = [];
for (const experiment of EXPERIMENTS) {
  // curvesFromStored sorts by method, then seed
  const curves = sacAe.curvesFromStored(results.readRuns({ chapter: sacAe.SAC_AE_CHAPTER, experiment }));
  if (curves.length === 0) throw new Error(`no stored runs of sac-ae/${experiment} under ${resultsRoot()}`);
  for (const run of curves) {
    records.push([run.method, String(run.seed), String(sacAe.finalScore(run.rows)), "cartpole-swingup", experiment]);
  }
}
fs.writeFileSync(args.out, results.formatCsv(["method", "seed", "score", "task", "experiment"], records));
console.log(`wrote ${records.length} final scores (${new Set(records.map((r) => r[0])).size} methods) to ${args.out}`);
