/**
 * The two Chapter 4 statements the issue asks for (research note seed000-ch1-4 T16, T19):
 *
 * 1. The c-weighted metric d_c, fixed point of (4.1) with weights (1 − c, c), bounds values as
 *    |V_i − V_j| ≤ d_c(i, j)/(1 − c) for every MDP only when c ≥ γ. We run random MDPs at
 *    several c on both sides of γ, plus the 4-state counterexample where the bound fails
 *    exactly when c < γ (|ΔV| = γ/(1−γ) against c/(1−c)).
 * 2. K₂,₃: any L1 or L2 embedding distance has MSE ≥ 0.04 against its shortest-path metric
 *    (pentagonal inequality), while a meta-learner distance f(z_i, z_j) fits it.
 */

import type { Rng } from "../../../core/rng.js";
import type { Row } from "../../../analysis/results/store.js";
import { evaluatePolicy } from "../../../mdp/evaluate.js";
import { randomMdp, randomPolicy } from "../../../mdp/generate.js";
import { bisimulationMetric } from "../../../metrics/bisimulation.js";
import { checkValueBound } from "../../../metrics/checks.js";
import { fitMetaLearner, fitNormEmbedding, pentagonalMseFloor } from "../../../metrics/embedding-fit.js";
import { cWeightedCounterexample, k23Target } from "../../../metrics/examples.js";
import type { Ch5Config } from "./config.js";
import { flag, maxAbs, sig } from "./util.js";

/** Worst slack of |ΔV| ≤ d_c/(1 − c) on one (MDP, π, c). */
function cBound(mdp: Parameters<typeof evaluatePolicy>[0], pi: Float64Array, c: number): { slack: number; holds: boolean; worst: string } {
  const V = evaluatePolicy(mdp, pi);
  const tol = 1e-9 * Math.max(1, maxAbs(V));
  const dc = bisimulationMetric(mdp, pi, { rewardWeight: 1 - c, transitionWeight: c, tol: 1e-12 }).d;
  const res = checkValueBound(V, dc, { scale: 1 / (1 - c), tol });
  return { slack: res.worstSlack, holds: res.holds, worst: res.holds ? "" : JSON.stringify(res.counterexample) };
}

export function runCWeighted(rng: Rng, cfg: Ch5Config): Row[] {
  const rows: Row[] = [];
  for (const gamma of [0.5, 0.9]) {
    const ex = cWeightedCounterexample(gamma);
    for (const c of [...new Set([...cfg.cValues, gamma])].sort((a, b) => a - b)) {
      const b = cBound(ex.mdp, ex.pi, c);
      rows.push({ kind: "counterexample (4 states)", id: -1, nStates: 4, gamma, c, cAtLeastGamma: flag(c >= gamma), slack: sig(b.slack, 6), holds: flag(b.holds), worst: b.worst });
    }
  }
  for (let id = 0; id < cfg.cWeightedMdps; id++) {
    const r = rng.fork(`c-weighted-${id}`);
    const gamma = id % 2 === 0 ? 0.5 : 0.9;
    const nStates = 3 + r.int(8);
    const mdp = randomMdp(r, { nStates, nActions: 2 + r.int(2), gamma, transitions: id % 3 === 0 ? "deterministic" : "dirichlet" });
    const pi = randomPolicy(r, mdp);
    for (const c of [...new Set([...cfg.cValues, gamma])].sort((a, b) => a - b)) {
      const b = cBound(mdp, pi, c);
      rows.push({ kind: "random MDP", id, nStates, gamma, c, cAtLeastGamma: flag(c >= gamma), slack: sig(b.slack, 6), holds: flag(b.holds), worst: b.worst });
    }
  }
  return rows;
}

export function runK23(rng: Rng, cfg: Ch5Config): Row[] {
  const { target, n, b } = k23Target();
  const floor = pentagonalMseFloor(target, n, b);
  const rows: Row[] = [];
  for (const norm of ["l1", "l2"] as const) {
    for (const dim of cfg.k23NormDims) {
      const fit = fitNormEmbedding(target, n, norm, rng.fork(`k23-${norm}-${dim}`), {
        dim,
        restarts: cfg.k23NormRestarts,
        steps: cfg.k23NormSteps,
      });
      rows.push({ method: norm === "l1" ? "L1 embedding" : "L2 embedding", dim, mse: sig(fit.mse), floor: sig(floor), restarts: cfg.k23NormRestarts, steps: cfg.k23NormSteps });
    }
  }
  const meta = fitMetaLearner(target, n, rng.fork("k23-meta"), { restarts: cfg.k23MetaRestarts, steps: cfg.k23MetaSteps });
  rows.push({ method: "meta-learner MLP", dim: 4, mse: sig(meta.mse), floor: sig(floor), restarts: cfg.k23MetaRestarts, steps: cfg.k23MetaSteps });
  return rows;
}
