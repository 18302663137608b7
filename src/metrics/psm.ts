/**
 * The policy similarity metric (PSM) of Agarwal et al. 2021 as the thesis states it (§3.1.4):
 *
 *   (3.7)  d(s_i, s_j) = DIST(π(·|s_i), π(·|s_j)) + γ W1(d)(P^π_{s_i}, P^π_{s_j}),  DIST = TV
 *   (3.8)  deterministic environments: d(s_i, s_j) = DIST(π(·|s_i), π(·|s_j)) + γ d(s'_i, s'_j)
 *
 * TV(p, q) = ½‖p − q‖₁ (1[π(s_i) ≠ π(s_j)] for deterministic π). `psmOperator` is (3.7) with
 * exact W1 (src/ot), a γ-contraction in L∞ (research note T17); `psmDeterministic` solves the
 * pair recursion (3.8) directly on a successor table, with no transport at all, so the two are
 * independent computations of the same fixed point when P^π is deterministic.
 */
import { ReproError } from "../core/errors.js";
import { policyTransitions } from "../mdp/evaluate.js";
import type { FiniteMdp, Policy, StateMatrix } from "../mdp/types.js";
import { w1 } from "../ot/wasserstein.js";
import { fixedPoint, type MetricOperator } from "./fixed-point.js";

/** TV(π(·|s_i), π(·|s_j)) = ½ Σ_a |π(a|s_i) − π(a|s_j)| for all pairs. */
export function policyTotalVariation(pi: Policy, nStates: number, nActions: number): StateMatrix {
  if (pi.length !== nStates * nActions) throw new ReproError(`policy has ${pi.length} entries, expected ${nStates}×${nActions}`);
  const out = new Float64Array(nStates * nStates);
  for (let i = 0; i < nStates; i++)
    for (let j = 0; j < nStates; j++) {
      let s = 0;
      for (let a = 0; a < nActions; a++) s += Math.abs(pi[i * nActions + a]! - pi[j * nActions + a]!);
      out[i * nStates + j] = 0.5 * s;
    }
  return out;
}

/** (3.7): F(d)(i, j) = DIST(i, j) + γ W1(d)(P^π_i, P^π_j), DIST = TV unless given. */
export function psmOperator(mdp: FiniteMdp, pi: Policy, dist: StateMatrix = policyTotalVariation(pi, mdp.nStates, mdp.nActions)): MetricOperator {
  const n = mdp.nStates;
  const Ppi = policyTransitions(mdp, pi);
  const row = (i: number) => Ppi.subarray(i * n, (i + 1) * n);
  return {
    name: "PSM (3.7)",
    nStates: n,
    modulus: mdp.gamma,
    apply(d: StateMatrix): StateMatrix {
      const out = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = dist[i * n + j]! + mdp.gamma * w1(d, n, row(i), row(j));
      return out;
    },
  };
}

/**
 * (3.8) on a successor table: d(i, j) = DIST(i, j) + γ d(next_i, next_j), iterated on pairs
 * to a certified sup-norm error `tol` (γ/(1 − γ)·δ_k, Banach).
 */
export function psmDeterministic(next: ArrayLike<number>, dist: StateMatrix, gamma: number, tol = 1e-13): StateMatrix {
  const n = next.length;
  if (dist.length !== n * n) throw new ReproError(`DIST has ${dist.length} entries, expected ${n}×${n}`);
  if (!(gamma >= 0 && gamma < 1)) throw new ReproError(`γ must be in [0, 1), got ${gamma}`);
  const step = (d: StateMatrix) => {
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = dist[i * n + j]! + gamma * d[next[i]! * n + next[j]!]!;
    return out;
  };
  return fixedPoint(step, new Float64Array(n * n), { tol, modulus: gamma }).d;
}

/** The successor of each state under π when P^π is deterministic (a one-hot row per state). */
export function deterministicSuccessors(mdp: FiniteMdp, pi: Policy): Int32Array {
  const n = mdp.nStates;
  const Ppi = policyTransitions(mdp, pi);
  return Int32Array.from({ length: n }, (_, s) => {
    for (let t = 0; t < n; t++) {
      const p = Ppi[s * n + t]!;
      if (p === 1) return t;
      if (p > 0) break;
    }
    throw new ReproError(`P^π is not deterministic at state ${s}: (3.8) needs deterministic transitions and policy`);
  });
}
