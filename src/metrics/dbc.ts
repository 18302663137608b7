/**
 * DBC's W2 relaxation of the bisimulation dynamics term (§5.5.2; Eq. (3.6)), in two readings.
 *
 * 1. The lifted W2 operator (research check N10): replace W1(d) in (5.1) by
 *      W2(d)(μ, ν) = ( min_c Σ c(k, l) d(k, l)² )^{1/2},
 *    i.e. F_{W2}(d) = |E_π r_i − E_π r_j| + γ W2(d)(P^π_i, P^π_j). For d ≥ 0 this W2 is monotone
 *    and 1-Lipschitz in ‖d‖∞ (Minkowski in L²(c)), so F_{W2} is a γ-contraction whose fixed
 *    point lies above d_B (W2 ≥ W1). The thesis sentence that continuity/monotonicity fail
 *    with W2 does not hold for this lift.
 * 2. DBC as implemented: a fixed Euclidean ground metric on state embeddings x_s and the
 *    closed form W2 between moment-matched diagonal Gaussians of the next-state embedding,
 *      d_DBC(i, j) = |E_π r_i − E_π r_j| + γ W2(N(μ_i, diag σ_i²), N(μ_j, diag σ_j²)).
 *    It is not recursive in d. Distributions with equal means and variances get distance 0,
 *    so it can fall below |V_i − V_j| (check N11).
 */

import { ReproError } from "../core/errors.js";
import { policyTransitions } from "../mdp/evaluate.js";
import type { FiniteMdp, Policy, StateMatrix } from "../mdp/types.js";
import { w2DiagonalGaussians } from "../ot/gaussian.js";
import { solveTransport, type TransportBasis } from "../ot/transport.js";
import type { MetricOperator } from "./fixed-point.js";
import type { DiscountOverride } from "./mico.js";
import type { StateEmbedding } from "./rap.js";
import { supportsOf } from "./bisimulation.js";
import { rewardDifference } from "./rewards.js";

/** F_{W2}(d) = |ΔE_π r| + γ W2(d)(P^π_i, P^π_j) on non-negative ground costs d (check N10). */
export function w2BisimulationOperator(mdp: FiniteMdp, pi: Policy, opts: DiscountOverride = {}): MetricOperator {
  const n = mdp.nStates;
  const g = opts.gamma ?? mdp.gamma;
  const R = rewardDifference(mdp, pi);
  const Ppi = policyTransitions(mdp, pi);
  const { idx, mass } = supportsOf(Ppi, n);
  const bases: (TransportBasis | undefined)[] = new Array(n * n);
  return {
    name: "lifted-W2 bisimulation (N10)",
    nStates: n,
    modulus: g,
    apply(d: StateMatrix): StateMatrix {
      const out = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const ri = idx[i]!;
          const cj = idx[j]!;
          const cost = new Float64Array(ri.length * cj.length);
          for (let a = 0; a < ri.length; a++) {
            for (let b = 0; b < cj.length; b++) {
              const v = d[ri[a]! * n + cj[b]!]!;
              if (v < 0) throw new ReproError("lifted-W2 operator needs a non-negative ground cost d");
              cost[a * cj.length + b] = v * v;
            }
          }
          const basis = bases[i * n + j];
          const sol = solveTransport(mass[i]!, mass[j]!, cost, basis ? { warmStart: basis } : {});
          bases[i * n + j] = { rows: sol.rows, cols: sol.cols };
          out[i * n + j] = R[i * n + j]! + g * Math.sqrt(Math.max(0, sol.cost));
        }
      }
      return out;
    },
  };
}

/** Mean and per-coordinate standard deviation of the next-state embedding under P^π_s. */
export function nextStateMoments(
  mdp: FiniteMdp,
  pi: Policy,
  embedding: StateEmbedding,
): { mean: Float64Array; std: Float64Array } {
  const n = mdp.nStates;
  const { dim, coords } = embedding;
  if (coords.length !== n * dim) throw new ReproError(`embedding has ${coords.length} coordinates, expected ${n}×${dim}`);
  const Ppi = policyTransitions(mdp, pi);
  const mean = new Float64Array(n * dim);
  const std = new Float64Array(n * dim);
  for (let s = 0; s < n; s++) {
    for (let t = 0; t < dim; t++) {
      let m1 = 0;
      for (let k = 0; k < n; k++) m1 += Ppi[s * n + k]! * coords[k * dim + t]!;
      let v = 0;
      for (let k = 0; k < n; k++) v += Ppi[s * n + k]! * (coords[k * dim + t]! - m1) ** 2;
      mean[s * dim + t] = m1;
      std[s * dim + t] = Math.sqrt(v);
    }
  }
  return { mean, std };
}

/** DBC's moment-matched Gaussian relaxation d_DBC (one shot; no fixed point, see file comment). */
export function dbcGaussianDistance(
  mdp: FiniteMdp,
  pi: Policy,
  embedding: StateEmbedding,
  opts: DiscountOverride = {},
): StateMatrix {
  const n = mdp.nStates;
  const dim = embedding.dim;
  const g = opts.gamma ?? mdp.gamma;
  const R = rewardDifference(mdp, pi);
  const { mean, std } = nextStateMoments(mdp, pi, embedding);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const w2 = w2DiagonalGaussians(
        mean.subarray(i * dim, (i + 1) * dim),
        std.subarray(i * dim, (i + 1) * dim),
        mean.subarray(j * dim, (j + 1) * dim),
        std.subarray(j * dim, (j + 1) * dim),
      );
      out[i * n + j] = R[i * n + j]! + g * w2;
    }
  }
  return out;
}
