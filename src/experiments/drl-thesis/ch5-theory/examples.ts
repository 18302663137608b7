/**
 * Hand-built examples with exact expected numbers (research note N4, N8, N11, N12, N14;
 * T16), and the illustrative MDP whose distance matrices the notebook draws as heatmaps.
 * Every example row states the value we computed and the value the closed form predicts.
 */

import type { Rng } from "../../../core/rng.js";
import type { Row } from "../../../analysis/results/store.js";
import { evaluatePolicy } from "../../../mdp/evaluate.js";
import type { StateMatrix } from "../../../mdp/types.js";
import { w1 } from "../../../ot/wasserstein.js";
import { bisimulationMetric } from "../../../metrics/bisimulation.js";
import { checkSelfDistance, checkValueBound } from "../../../metrics/checks.js";
import { dbcGaussianDistance } from "../../../metrics/dbc.js";
import { rapEmbeddingDistance } from "../../../metrics/embedding-distance.js";
import {
  cWeightedTwoStateCounterexample,
  dbcGaussianCounterexample,
  meanClosedMdp,
  msaCounterexample,
  msaMinimalCounterexample,
  singleStateShiftExample,
} from "../../../metrics/examples.js";
import { micoMetric, shiftMicoMetric } from "../../../metrics/mico.js";
import { meanNextStateMap, meanStateJensenGap, rapMetric } from "../../../metrics/rap.js";
import { flag, sig } from "./util.js";

function row(example: string, quantity: string, value: number, expected: number, tol: number, detail = ""): Row {
  return { example, quantity, value: sig(value, 10), expected: sig(expected, 10), holds: flag(Math.abs(value - expected) <= tol), detail };
}

export function runExamples(rng: Rng): Row[] {
  const rows: Row[] = [];
  const g = 0.9;
  {
    // N4: one state, self-loop, rewards (0, 1), π = (½, ½).
    const { mdp, pi } = singleStateShiftExample(g);
    rows.push(row("single-state shift MICo (N4)", "d̃_M(s,s)", shiftMicoMetric(mdp, pi, 1e-12)[0]!, 0.5 / (1 - g), 1e-9));
    rows.push(row("single-state shift MICo (N4)", "d_M(s,s)", micoMetric(mdp, pi, 1e-12)[0]!, 0, 1e-9));
    rows.push(row("single-state shift MICo (N4)", "d_B(s,s)", bisimulationMetric(mdp, pi, { tol: 1e-12 }).d[0]!, 0, 1e-9));
  }
  for (const [name, ex, i, j] of [
    ["MSA counterexample, x = [−1, 0, ½, 1] (N8)", msaCounterexample(g), 1, 2],
    ["minimal MSA counterexample, x = [−1, 0, 1]", msaMinimalCounterexample(g), 0, 1],
  ] as const) {
    const V = evaluatePolicy(ex.mdp, ex.pi);
    const meanMap = meanNextStateMap(ex.mdp, ex.embedding);
    const dG = rapMetric(ex.mdp, ex.pi, meanMap, 1e-12);
    const n = ex.mdp.nStates;
    const bound = checkValueBound(V, dG);
    const detail = JSON.stringify({
      x: Array.from(ex.embedding.coords),
      P: Array.from({ length: n }, (_, s) => Array.from(ex.mdp.P.subarray(s * n, (s + 1) * n))),
      R: Array.from(ex.mdp.R),
      V: Array.from(V, (v) => sig(v, 10)),
      jensenGap: Array.from(meanStateJensenGap(ex.mdp, V, meanMap), (v) => sig(v, 10)),
    });
    rows.push(row(name, `d_G(s${i}, s${j})`, dG[i * n + j]!, 0, 1e-9, detail));
    rows.push(row(name, `|V(s${i}) − V(s${j})|`, Math.abs(V[i]! - V[j]!), g / (1 - g), 1e-9));
    rows.push(row(name, "worst violation of (5.10)", -bound.worstSlack, g / (1 - g), 1e-9));
  }
  {
    // T16 minimal: two absorbing states with rewards 1 and 0, c = 0.5 < γ.
    const { mdp, pi } = cWeightedTwoStateCounterexample(g);
    const c = 0.5;
    const V = evaluatePolicy(mdp, pi);
    const dc = bisimulationMetric(mdp, pi, { rewardWeight: 1 - c, transitionWeight: c, tol: 1e-12 }).d;
    rows.push(row("two-state c-weighted (T16), c = 0.5", "|V(0) − V(1)|", Math.abs(V[0]! - V[1]!), 1 / (1 - g), 1e-9));
    rows.push(row("two-state c-weighted (T16), c = 0.5", "d_c(0,1)/(1−c)", dc[1]! / (1 - c), 1 / (1 - c), 1e-9));
  }
  {
    // N11: DBC's moment-matched Gaussian W2 is 0 between laws with equal mean and variance.
    const ex = dbcGaussianCounterexample(g);
    const V = evaluatePolicy(ex.mdp, ex.pi);
    const d = dbcGaussianDistance(ex.mdp, ex.pi, ex.embedding);
    const n = ex.mdp.nStates;
    rows.push(row("DBC Gaussian W2 (N11)", "d_DBC(p, q)", d[0 * n + 1]!, 0, 1e-12));
    rows.push(row("DBC Gaussian W2 (N11)", "|V(p) − V(q)|", Math.abs(V[0]! - V[1]!), g / 2, 1e-9));
  }
  {
    // N12: Łukaszyk–Karmowski self-distance of p = ½δ₋₁ + ½δ₁ is 1, W1(p, p) = 0.
    const xs = [-1, 1];
    const d = Float64Array.from({ length: 4 }, (_, t) => Math.abs(xs[Math.floor(t / 2)]! - xs[t % 2]!));
    const p = [0.5, 0.5];
    let lk = 0;
    for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) lk += p[a]! * p[b]! * d[a * 2 + b]!;
    rows.push(row("Łukaszyk–Karmowski self-distance (N12)", "D_LK(p, p)", lk, 1, 1e-12));
    rows.push(row("Łukaszyk–Karmowski self-distance (N12)", "W1(p, p)", w1(d, 2, p, p), 0, 1e-12));
  }
  for (const k of [1e-5, 1]) {
    const res = checkSelfDistance((x, y) => rapEmbeddingDistance(x, y, k), rng.fork(`lemma-565-${k}`), { samples: 2000 });
    rows.push(row(`Lemma 5.6.5, d̂_G with k = ${k}`, "worst slack (2000 random triples)", Math.min(0, res.worstSlack), 0, 1e-12, res.holds ? "" : JSON.stringify(res.counterexample)));
  }
  return rows;
}

/** The illustrative MDP of the heatmaps: mean-closed (stochastic transitions on a line) so all four metrics exist. */
export function runHeatmaps(rng: Rng, nStates = 8): { rows: Row[]; summary: Record<string, number> } {
  const ex = meanClosedMdp(rng.fork("heatmap-mdp"), { nStates, nActions: 2, gamma: 0.9, rewards: "random" });
  const { mdp, pi } = ex;
  const V = evaluatePolicy(mdp, pi);
  const n = mdp.nStates;
  const dV = Float64Array.from({ length: n * n }, (_, t) => Math.abs(V[Math.floor(t / n)]! - V[t % n]!));
  const mats: [string, StateMatrix][] = [
    ["|V_i − V_j|", dV],
    ["d_B (5.1)", bisimulationMetric(mdp, pi, { tol: 1e-12 }).d],
    ["d_M (5.3)", micoMetric(mdp, pi, 1e-12)],
    ["d̃_M (Def. 5.5.1)", shiftMicoMetric(mdp, pi, 1e-12)],
    ["d_G (5.9)", rapMetric(mdp, pi, ex.meanMap, 1e-12)],
  ];
  const rows: Row[] = [];
  for (const [matrix, d] of mats) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rows.push({ matrix, i, j, value: sig(d[i * n + j]!, 6) });
  const dG = mats[4]![1];
  return { rows, summary: { boundGWorstSlack: checkValueBound(V, dG).worstSlack } };
}
