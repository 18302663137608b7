/**
 * How the shift-MICo gap Γ = d̃_M − d_M grows with policy entropy and with the spread of
 * rewards across actions (Theorem 5.5.3, Lemma 5.5.4; research note N4). For each base MDP
 * (Dirichlet transitions, base reward R₀(s) ~ U[0,1], zero-mean action offsets ξ(s,a) ~
 * U[−½,½], logits z(s,a) ~ N(0,1)) we set R = R₀ + σ·ξ and π = softmax(z/τ) (τ = 0: argmax,
 * deterministic) and record the mean gaps. Lemma 5.5.4 predicts Γ ≡ 0 at σ = 0 or τ = 0.
 */

import type { Rng } from "../../../core/rng.js";
import type { Row } from "../../../analysis/results/store.js";
import { randomMdp } from "../../../mdp/generate.js";
import { validateMdp } from "../../../mdp/validate.js";
import { micoMetric, shiftMicoMetric } from "../../../metrics/mico.js";
import { meanPolicyEntropy } from "./cases.js";
import type { Ch5Config } from "./config.js";
import { offDiagonalMean, sig } from "./util.js";

/** π(·|s) = softmax(z(s,·)/τ); τ = 0 gives the argmax (deterministic) policy. */
export function softmaxPolicy(z: Float64Array, nStates: number, nActions: number, tau: number): Float64Array {
  const pi = new Float64Array(nStates * nActions);
  for (let s = 0; s < nStates; s++) {
    let best = 0;
    for (let a = 1; a < nActions; a++) if (z[s * nActions + a]! > z[s * nActions + best]!) best = a;
    if (tau === 0) {
      pi[s * nActions + best] = 1;
      continue;
    }
    let sum = 0;
    for (let a = 0; a < nActions; a++) sum += pi[s * nActions + a] = Math.exp((z[s * nActions + a]! - z[s * nActions + best]!) / tau);
    for (let a = 0; a < nActions; a++) pi[s * nActions + a]! /= sum;
  }
  return pi;
}

export function runGapExperiment(rng: Rng, cfg: Ch5Config): Row[] {
  const rows: Row[] = [];
  const n = cfg.gapStates;
  const A = cfg.gapActions;
  for (let b = 0; b < cfg.gapBases; b++) {
    const r = rng.fork(`gap-base-${b}`);
    const base = randomMdp(r, { nStates: n, nActions: A, gamma: 0.9 });
    const R0 = Float64Array.from({ length: n }, () => r.uniform());
    const xi = Float64Array.from({ length: n * A }, () => r.uniformIn(-0.5, 0.5));
    const z = Float64Array.from({ length: n * A }, () => r.normal());
    for (const spread of cfg.gapSpreads) {
      const R = Float64Array.from({ length: n * A }, (_, t) => R0[Math.floor(t / A)]! + spread * xi[t]!);
      const mdp = validateMdp({ ...base, R });
      for (const tau of cfg.gapTemperatures) {
        const pi = softmaxPolicy(z, n, A, tau);
        const dM = micoMetric(mdp, pi, 1e-11);
        const dS = shiftMicoMetric(mdp, pi, 1e-11);
        const gap = Float64Array.from(dS, (v, t) => v - dM[t]!);
        const g = offDiagonalMean(gap, n);
        const m = offDiagonalMean(dM, n);
        let minGap = Infinity;
        for (const v of gap) minGap = Math.min(minGap, v);
        rows.push({
          base: b,
          spread,
          temperature: tau,
          entropy: sig(meanPolicyEntropy(mdp, pi)),
          gapOff: sig(g.off),
          gapDiag: sig(g.diag),
          relGapOff: sig(m.off > 0 ? g.off / m.off : Number.NaN),
          minGap: sig(minGap, 4),
        });
      }
    }
  }
  return rows;
}
