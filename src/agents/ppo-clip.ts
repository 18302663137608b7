/**
 * PPO's clipped surrogate (thesis Eq. 2.17; Schulman et al. 2017, Eq. 7):
 *   L^CLIP = min(ṙ A, clip(ṙ, 1−ε, 1+ε) A),  ṙ = π_θ(a|s) / π_θold(a|s)  (Eq. 2.18),
 * per sample, to be maximised (a loss is its negated mean). One definition, used by the
 * Chapter 6 pruning agents (src/pruning/agent.ts) and checked by the Chapter 2 check T9
 * (src/experiments/drl-thesis/ch2-background/ppo-clip.ts), so the check tests the code that trains.
 */
import * as tf from "@tensorflow/tfjs";

/** Per-sample clipped surrogate min(rA, clip(r, 1−ε, 1+ε)A) in float64. */
export function ppoClipObjective(r: number, A: number, eps: number): number {
  const clipped = Math.min(Math.max(r, 1 - eps), 1 + eps);
  return Math.min(r * A, clipped * A);
}

/** The same objective as tfjs ops (elementwise over `r` and `A`; differentiable in r). */
export function ppoClipObjectiveTf(r: tf.Tensor, A: tf.Tensor, eps: number): tf.Tensor {
  return tf.minimum(tf.mul(r, A), tf.mul(tf.clipByValue(r, 1 - eps, 1 + eps), A));
}
