/**
 * T9: PPO clipped surrogate (Eqs. 2.17–2.18).
 *   L^CLIP = Ê_t[min(ṙ_t Â_t, clip(ṙ_t, 1−ε, 1+ε) Â_t)],  ṙ_t = π_θ(a|s)/π_θold(a|s).
 * On a grid r ∈ [0,3], A ∈ [−2,2], ε ∈ {0.1, 0.2}: L ≤ rA; for A > 0, L = min(r, 1+ε)A and for
 * A < 0, L = max(r, 1−ε)A; dL/dr = 0 exactly when (A>0, r>1+ε) or (A<0, r<1−ε) and = A
 * elsewhere (off the kinks), checked with TensorFlow.js autodiff and float64 finite
 * differences; the ratio from log-probs equals the ratio of probabilities to 1e-12.
 */

import * as tf from "@tensorflow/tfjs";
import { ppoClipObjective, ppoClipObjectiveTf } from "../../../agents/ppo-clip.js";
import type { Rng } from "../../../core/rng.js";
import type { Ch2Config } from "./config.js";
import { softmaxPolicy } from "./policy-gradient.js";
import { type CheckResult, makeCheck, makePart, WorstCase } from "./types.js";

/** The surrogate under test is the library's (src/agents/ppo-clip.ts), the one the pruning agents train with. */
export { ppoClipObjective, ppoClipObjectiveTf };

/** The analytic ∂L/∂r away from the kinks r = 1 ± ε. */
export function ppoClipDerivative(r: number, A: number, eps: number): number {
  if (A > 0 && r > 1 + eps) return 0;
  if (A < 0 && r < 1 - eps) return 0;
  return A;
}

/**
 * T9. `objective` is the float64 per-sample objective under test (default: Eq. 2.17); pass a
 * wrong one (e.g. clip(r)·A without the min) as a negative control. The autodiff part always
 * differentiates the tfjs form of (2.17).
 */
export function checkPpoClip(
  rng: Rng,
  cfg: Ch2Config,
  objective: (r: number, A: number, eps: number) => number = ppoClipObjective,
): CheckResult {
  const t0 = Date.now();
  const rs = Array.from({ length: cfg.ppoGridR }, (_, i) => (3 * i) / (cfg.ppoGridR - 1));
  const As = Array.from({ length: cfg.ppoGridA }, (_, j) => -2 + (4 * j) / (cfg.ppoGridA - 1));
  const epsList = [0.1, 0.2];
  let maxAboveUnclipped = Number.NEGATIVE_INFINITY;
  const closedForm = new WorstCase();
  const autodiffZero = new WorstCase();
  const autodiffSlope = new WorstCase();
  const fdSlope = new WorstCase();
  let zeroRegionPoints = 0;
  const surface: { eps: number; r: number[]; A: number[]; L: number[][] }[] = [];
  for (const eps of epsList) {
    const grid: number[][] = [];
    for (const A of As) {
      const row: number[] = [];
      for (const r of rs) {
        const L = objective(r, A, eps);
        row.push(L);
        maxAboveUnclipped = Math.max(maxAboveUnclipped, L - r * A);
        const expected = A > 0 ? Math.min(r, 1 + eps) * A : A < 0 ? Math.max(r, 1 - eps) * A : 0;
        closedForm.update(Math.abs(L - expected), `ε=${eps}, r=${r}, A=${A}`);
        const offKink = Math.abs(r - (1 + eps)) > 1e-6 && Math.abs(r - (1 - eps)) > 1e-6;
        if (offKink && r > 1e-6) {
          const h = 1e-7;
          const fd = (objective(r + h, A, eps) - objective(r - h, A, eps)) / (2 * h);
          fdSlope.update(Math.abs(fd - ppoClipDerivative(r, A, eps)), `ε=${eps}, r=${r}, A=${A}`);
        }
      }
      grid.push(row);
    }
    surface.push({ eps, r: rs, A: As, L: grid });
    // autodiff over the whole grid at once: d(Σ L_i)/d r_i = dL_i/dr_i
    const flatR: number[] = [];
    const flatA: number[] = [];
    for (const A of As) for (const r of rs) {
      flatR.push(r);
      flatA.push(A);
    }
    const grads = tf.tidy(() => {
      const At = tf.tensor1d(flatA);
      const g = tf.grad((r: tf.Tensor) => tf.sum(ppoClipObjectiveTf(r, At, eps)));
      return g(tf.tensor1d(flatR)).dataSync();
    });
    for (let i = 0; i < flatR.length; i++) {
      const r = flatR[i]!;
      const A = flatA[i]!;
      if (Math.abs(r - (1 + eps)) < 1e-6 || Math.abs(r - (1 - eps)) < 1e-6) continue;
      const clippedRegion = (A > 0 && r > 1 + eps) || (A < 0 && r < 1 - eps);
      if (clippedRegion) {
        zeroRegionPoints++;
        autodiffZero.update(Math.abs(grads[i]!), `ε=${eps}, r=${r}, A=${A}`);
      } else {
        // float32 autodiff: the slope is A rounded to float32
        autodiffSlope.update(Math.abs(grads[i]! - A), `ε=${eps}, r=${r}, A=${A}`);
      }
    }
  }
  // Ratio (2.18) from log-probabilities vs from probabilities, random softmax policies.
  const ratio = new WorstCase();
  const r = rng.fork("T9-ratio");
  for (let k = 0; k < 200; k++) {
    const m = 2 + r.int(5);
    const thOld = Float64Array.from({ length: m }, () => r.normal(0, 2));
    const thNew = thOld.map((x) => x + r.normal(0, 0.3));
    const pOld = softmaxPolicy(thOld, 1, m);
    const pNew = softmaxPolicy(thNew, 1, m);
    // log-softmax computed directly: θ − logsumexp(θ)
    const lse = (th: Float64Array) => {
      const mx = Math.max(...th);
      return mx + Math.log(th.reduce((acc, x) => acc + Math.exp(x - mx), 0));
    };
    const lsOld = lse(thOld);
    const lsNew = lse(thNew);
    for (let a = 0; a < m; a++) {
      const fromLog = Math.exp(thNew[a]! - lsNew - (thOld[a]! - lsOld));
      const fromProb = pNew[a]! / pOld[a]!;
      ratio.update(Math.abs(fromLog - fromProb) / fromProb, `policy ${k}, a=${a}`);
    }
  }
  return makeCheck(
    {
      id: "T9",
      source: "§2.3.2, Eqs. (2.17)–(2.18)",
      title: "PPO clipped objective",
      claim:
        "Eq. (2.17) L^CLIP(θ) = Ê_t[min(ṙ_t(θ)Â_t, clip(ṙ_t(θ), 1−ε, 1+ε)Â_t)], (2.18) ṙ_t(θ) = π_θ(a|s)/π_θold(a|s); PPO limits how far the new policy moves from the old one.",
      what: `Grid of ${cfg.ppoGridR} ratios in [0,3] × ${cfg.ppoGridA} advantages in [−2,2], ε ∈ {0.1, 0.2}: float64 objective vs closed forms, derivative by float64 central differences and by TensorFlow.js autodiff (float32, backend ${tf.getBackend()}); 200 random softmax policy pairs for (2.18).`,
      mdpsTried: 0,
      parts: [
        makePart("max (L^CLIP − rA) (pessimistic bound)", maxAboveUnclipped, "<=", 0),
        makePart("max |L − min(r,1+ε)A or max(r,1−ε)A|", closedForm.value, "<=", 0, { worst: closedForm.where }),
        makePart(`max |∂L/∂r| by autodiff in the clipped regions (${zeroRegionPoints} points)`, autodiffZero.value, "<=", 0, {
          worst: autodiffZero.where,
        }),
        makePart("max |∂L/∂r − A| by autodiff elsewhere (float32)", autodiffSlope.value, "<=", 1e-6, { worst: autodiffSlope.where }),
        makePart("max |FD ∂L/∂r − analytic| (float64, off the kinks)", fdSlope.value, "<=", 1e-6, { worst: fdSlope.where }),
        makePart("max relative |exp(logπ_new − logπ_old) − π_new/π_old|", ratio.value, "<=", 1e-12, { worst: ratio.where }),
      ],
      discrepancy:
        "The thesis gives no value of ε (the PPO paper uses 0.2) and does not specify Â_t (usually GAE(λ)) [EXT-lit]. Note the asymmetry: for A>0 and r<1−ε the objective is NOT clipped (slope A), likewise for A<0 and r>1+ε.",
      details: { zeroRegionPoints },
      series: { surface },
    },
    t0,
  );
}
