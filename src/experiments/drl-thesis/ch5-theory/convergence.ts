/**
 * Convergence curves (issue 4 item 5): ‖d_k − d*‖∞ along d_{k+1} = F(d_k) from d_0 = 0 for
 * F_B (5.1), F_M (5.3), F̃_M (Def. 5.5.1) and F_G (5.9), one illustrative MDP per γ. Banach
 * gives ‖d_k − d*‖∞ ≤ γ^k ‖d_0 − d*‖∞, so on a log axis every curve must stay on or below
 * the line of slope log γ through its starting error. F_B, F_M, F̃_M use a Dirichlet-
 * transition MDP; F_G uses a mean-closed MDP of the same size (stochastic transitions on a
 * line), where it is defined.
 */

import type { Rng } from "../../../core/rng.js";
import type { Row } from "../../../analysis/results/store.js";
import { randomMdp, randomPolicy } from "../../../mdp/generate.js";
import type { StateMatrix } from "../../../mdp/types.js";
import { bisimulationMetric, bisimulationOperator } from "../../../metrics/bisimulation.js";
import { meanClosedMdp } from "../../../metrics/examples.js";
import { fixedPoint, supDistance, type MetricOperator } from "../../../metrics/fixed-point.js";
import { micoOperator, shiftMicoOperator } from "../../../metrics/mico.js";
import { rapOperator } from "../../../metrics/rap.js";
import type { Ch5Config } from "./config.js";
import { maxAbs, sig } from "./util.js";

function curve(op: MetricOperator, dStar: StateMatrix, gamma: number, label: string): Row[] {
  const n = op.nStates;
  const floor = 1e-11 * Math.max(1, maxAbs(dStar));
  let d: StateMatrix = new Float64Array(n * n);
  const e0 = supDistance(d, dStar);
  const kMax = Math.ceil(Math.log(floor / e0) / Math.log(gamma)) + 5;
  const stride = Math.max(1, Math.ceil(kMax / 150));
  const rows: Row[] = [];
  for (let k = 0; k <= kMax; k++) {
    const err = supDistance(d, dStar);
    if (k % stride === 0 || err < floor) {
      rows.push({ gamma, operator: label, k, error: sig(err, 6), reference: sig(e0 * Math.pow(gamma, k), 6), ratioToBound: sig(err / (e0 * Math.pow(gamma, k)), 6) });
    }
    if (err < floor) break;
    d = op.apply(d);
  }
  return rows;
}

function affineFixedPoint(op: MetricOperator): StateMatrix {
  // Tight tolerance; at γ = 0.99 rounding may stop short of it, which is fine for a reference.
  return fixedPoint(op, new Float64Array(op.nStates ** 2), { tol: 1e-13, maxIter: 20000 }).d;
}

export function runConvergence(rng: Rng, cfg: Ch5Config): Row[] {
  const rows: Row[] = [];
  const n = cfg.convergenceStates;
  for (const gamma of cfg.gammas) {
    const r = rng.fork(`convergence-${gamma}`);
    const mdp = randomMdp(r, { nStates: n, nActions: 3, gamma });
    const pi = randomPolicy(r, mdp);
    const dB = bisimulationMetric(mdp, pi, { tol: 1e-12 }).d;
    rows.push(...curve(bisimulationOperator(mdp, pi), dB, gamma, "F_B (5.1)"));
    const opM = micoOperator(mdp, pi);
    rows.push(...curve(opM, affineFixedPoint(opM), gamma, "F_M (5.3)"));
    const opS = shiftMicoOperator(mdp, pi);
    rows.push(...curve(opS, affineFixedPoint(opS), gamma, "F̃_M (Def. 5.5.1)"));
    const mc = meanClosedMdp(r, { nStates: n, nActions: 3, gamma, rewards: "random" });
    const opG = rapOperator(mc.mdp, mc.pi, mc.meanMap);
    rows.push(...curve(opG, affineFixedPoint(opG), gamma, "F_G (5.9)"));
  }
  return rows;
}
