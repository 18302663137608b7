// @ts-check
/**
 * Behavioral metrics on a random finite MDP. Draws an MDP and a stochastic policy π, computes
 * the π-bisimulation metric d_B (Eq. 5.1, exact optimal transport) and the MICo metric d_M
 * (Eq. 5.3), prints both as matrices, and checks numerically — with the library's own check
 * functions — that each bounds value differences, |V^π(x) − V^π(y)| ≤ d(x, y), and that
 * d_B ≤ d_M. Exits non-zero if a check fails.
 *
 * Run from the package root:
 *   node examples/metrics-random-mdp.js [--states=6] [--actions=3] [--gamma=0.9] [--seed=0]
 */
"use strict";
const { parseArgs } = require("node:util");
const { Rng, mdp, metrics } = require("reprorl");

const { values: args } = parseArgs({
  options: {
    states: { type: "string", default: "6" },
    actions: { type: "string", default: "3" },
    gamma: { type: "string", default: "0.9" },
    seed: { type: "string", default: "0" },
  },
});
const rng = new Rng(Number(args.seed));
const m = mdp.randomMdp(rng, { nStates: Number(args.states), nActions: Number(args.actions), gamma: Number(args.gamma) });
const pi = mdp.randomPolicy(rng, m);
const n = m.nStates;

/**
 * Prints an n × n matrix stored row-major.
 * @param {string} title
 * @param {ArrayLike<number>} d
 */
function printMatrix(title, d) {
  console.log(`${title}:`);
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: n }, (_, j) => d[i * n + j].toFixed(3).padStart(7));
    console.log(`  s${i} ${row.join(" ")}`);
  }
}

const V = mdp.evaluatePolicy(m, pi); // exact V^π (linear solve)
console.log(`random MDP: ${n} states, ${m.nActions} actions, γ = ${m.gamma}; random stochastic policy (seed ${args.seed})`);
console.log(`V^π = [${Array.from(V, (v) => v.toFixed(3)).join(", ")}]`);

const bisim = metrics.bisimulationMetric(m, pi); // policy iteration over optimal couplings
printMatrix(`π-bisimulation metric d_B (${bisim.rounds} rounds, ${bisim.w1Solves} W1 solves, error ≤ ${bisim.errorBound.toExponential(1)})`, bisim.d);
const mico = metrics.micoMetric(m, pi);
printMatrix("MICo metric d_M (a diffuse metric: d_M(x, x) can be > 0)", mico);

/** Largest |V(x) − V(y)| / d(x, y) over x ≠ y: how tight the value bound is (≤ 1 when it holds). */
function tightness(/** @type {ArrayLike<number>} */ d) {
  let worst = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) worst = Math.max(worst, Math.abs(V[i] - V[j]) / d[i * n + j]);
  return worst;
}
console.log(`max over x ≠ y of |V(x) − V(y)| / d: ${tightness(bisim.d).toFixed(3)} for d_B, ${tightness(mico).toFixed(3)} for d_M`);

const checks = [
  metrics.checkPseudometric(bisim.d, n),
  metrics.checkValueBound(V, bisim.d, { name: "|V(x) − V(y)| ≤ d_B(x, y)" }),
  metrics.checkValueBound(V, mico, { name: "|V(x) − V(y)| ≤ d_M(x, y)" }),
  metrics.checkOrdered(bisim.d, mico, "d_B ≤ d_M"),
];
for (const c of checks) {
  console.log(`${c.holds ? "holds" : "FAILS"}: ${c.name} (smallest margin ${c.worstSlack.toExponential(2)})`);
  if (!c.holds) console.log(`  worst case: ${JSON.stringify(c.counterexample)}`);
}
if (!checks.every((c) => c.holds)) process.exitCode = 1;
