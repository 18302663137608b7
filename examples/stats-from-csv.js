// @ts-check
/**
 * rliable-style statistics from a CSV of scores (columns method, seed, score and optionally
 * task; other columns are ignored): per method the IQM, mean, median and optimality gap with
 * stratified-bootstrap 95% CIs, then P(X > Y) with its CI for every pair of methods.
 * Scores are divided by --max-score first (DMC returns are at most 1000, the default), so the
 * optimality gap is the mean shortfall below 1. Default CSV: the sac-ae chapter's final scores.
 *
 * Run from the package root:
 *   node examples/stats-from-csv.js [scores.csv] [--max-score=1000] [--reps=2000] [--seed=0]
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { results, stats } = require("reprorl");

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "max-score": { type: "string", default: "1000" },
    reps: { type: "string", default: "2000" },
    seed: { type: "string", default: "0" },
  },
});
const file = positionals[0] ?? path.join(__dirname, "data", "sac-ae-final-scores.csv");
const maxScore = Number(args["max-score"]);
const boot = { reps: Number(args.reps), seed: Number(args.seed) };

const [header, ...lines] = results.parseCsv(fs.readFileSync(file, "utf8"));
const col = (/** @type {string} */ name) => header.indexOf(name);
for (const name of ["method", "seed", "score"]) if (col(name) < 0) throw new Error(`${file} has no "${name}" column; columns: ${header.join(", ")}`);
const cell = (/** @type {string[]} */ row, /** @type {string} */ name) => (col(name) < 0 ? "all" : row[col(name)]);

// method → task → [seed, normalised score][]
/** @type {Map<string, Map<string, [number, number][]>>} */
const byMethod = new Map();
for (const row of lines) {
  const score = cell(row, "score").trim() === "" ? NaN : Number(cell(row, "score")) / maxScore;
  if (!Number.isFinite(score)) throw new Error(`${file}: score "${cell(row, "score")}" is not a number`);
  const tasks = byMethod.get(cell(row, "method")) ?? new Map();
  byMethod.set(cell(row, "method"), tasks);
  tasks.set(cell(row, "task"), [...(tasks.get(cell(row, "task")) ?? []), [Number(cell(row, "seed")), score]]);
}
const taskNames = [...new Set([...byMethod.values()].flatMap((t) => [...t.keys()]))].sort();

// rliable's layout: one runs × tasks matrix per method (run r = the r-th seed of every task)
/** @type {Record<string, number[][]>} */
const scores = {};
for (const [method, tasks] of byMethod) {
  const columns = taskNames.map((t) => (tasks.get(t) ?? []).sort((a, b) => a[0] - b[0]).map((p) => p[1]));
  const runs = Math.min(...columns.map((c) => c.length));
  if (runs === 0 || columns.some((c) => c.length !== runs)) throw new Error(`${method} needs the same number of runs on every task (${taskNames.join(", ")})`);
  scores[method] = Array.from({ length: runs }, (_, r) => columns.map((c) => c[r]));
}

const methods = Object.keys(scores);
console.log(`${path.basename(file)}: ${methods.length} methods, ${taskNames.length} task(s), scores / ${maxScore}; 95% CIs from ${boot.reps} stratified bootstrap resamples`);
const metricNames = /** @type {const} */ (["iqm", "mean", "median", "optimalityGap"]);
const rows = stats.compareAggregates(scores, metricNames, boot);
const fmt = (/** @type {stats.Interval} */ iv) => `${iv.point.toFixed(3)} [${iv.lo.toFixed(3)}, ${iv.hi.toFixed(3)}]`.padEnd(22);
const width = Math.max(6, ...methods.map((m) => m.length));
console.log(`${"method".padEnd(width)}  runs  ${metricNames.map((m) => m.padEnd(22)).join("  ")}`);
for (const method of methods) {
  const own = new Map(rows.filter((r) => r.method === method).map((r) => [r.metric, r]));
  const runs = String(scores[method].length).padStart(4);
  console.log(`${method.padEnd(width)}  ${runs}  ${metricNames.map((m) => fmt(/** @type {stats.Interval} */ (own.get(m)))).join("  ")}`);
}

console.log("probability of improvement P(X > Y) [95% CI]:");
for (let i = 0; i < methods.length; i++)
  for (let j = i + 1; j < methods.length; j++) {
    const p = stats.probabilityOfImprovementInterval(scores[methods[i]], scores[methods[j]], boot);
    console.log(`  P(${methods[i]} > ${methods[j]}) = ${fmt(p).trim()}`);
  }
