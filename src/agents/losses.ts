/**
 * The losses of SAC from pixels and its representation-learning variants, as pure tensor
 * functions (unit-tested on hand-checkable inputs in test/agents/losses.test.ts).
 *
 * Equation numbers: thesis = research/seed000-ch1-4.md §2.5 (Eqs. 2.19–2.23) and the SAC-v2
 * form of Ch. 4 (Eqs. 4.12–4.15, with the sign fixes of §4.7 items 2–3); S3 = the SAC+AE
 * summary (research/seed001-003.md Part C, Eqs. 1–6).
 */
import * as tf from "@tensorflow/tfjs";

/**
 * Identity whose gradient is zero (PyTorch's `.detach()`; tfjs has no stop-gradient op). Use it
 * for small tensors; large detached inputs (encoder features) are better computed outside the
 * gradient closure, where the tape does not see them at all.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const stopGradient: (x: tf.Tensor) => tf.Tensor = tf.customGrad(((x: tf.Tensor) => ({
  value: tf.clone(x),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as any) as unknown as (x: tf.Tensor) => tf.Tensor;

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Tanh-squashed Gaussian: a = tanh(u), u = μ + σ ε. Log-density with the change-of-variables
 * correction: log π(a) = Σ_k [log N(u_k; μ_k, σ_k) − log(1 − tanh²(u_k) + 1e-6)]
 * (the 1e-6 and the relu guard follow the reference code). Shapes [B, A] → [B, 1].
 */
export function squashedGaussianLogProb(noise: tf.Tensor2D, logStd: tf.Tensor2D, action: tf.Tensor2D): tf.Tensor2D {
  const gaussian = tf.sum(tf.sub(tf.sub(tf.mul(tf.square(noise), -0.5), logStd), HALF_LOG_2PI), -1, true);
  const correction = tf.sum(tf.log(tf.add(tf.relu(tf.sub(1, tf.square(action))), 1e-6)), -1, true);
  return tf.sub(gaussian, correction) as tf.Tensor2D;
}

/**
 * Log-std bounds by tanh rescaling (reference code): logσ = min + ½(max − min)(tanh(x) + 1),
 * with the thesis's bounds [−10, 2] (Table 4.2).
 */
export function boundLogStd(raw: tf.Tensor, min: number, max: number): tf.Tensor2D {
  return tf.add(min, tf.mul(0.5 * (max - min), tf.add(tf.tanh(raw), 1))) as tf.Tensor2D;
}

/**
 * Soft critic target (thesis Eq. 2.20–2.21 / S3 Eqs. 2–3, clipped double Q):
 *   y = r + γ · notDone · (min(Q̄1, Q̄2)(s′, a′) − α log π(a′|s′)),  a′ ~ π(·|s′).
 * notDone is 0 only on termination (time-limit truncation bootstraps). Shapes [B, 1].
 */
export function softTarget(reward: tf.Tensor, notDone: tf.Tensor, gamma: number, q1Next: tf.Tensor, q2Next: tf.Tensor, alpha: tf.Tensor | number, logProbNext: tf.Tensor): tf.Tensor2D {
  const v = tf.sub(tf.minimum(q1Next, q2Next), tf.mul(alpha, logProbNext));
  return tf.add(reward, tf.mul(tf.mul(notDone, gamma), v)) as tf.Tensor2D;
}

/** Critic loss (Eq. 2.21 for each head): mean (Q1 − y)² + mean (Q2 − y)²; y carries no gradient. */
export function criticLoss(q1: tf.Tensor, q2: tf.Tensor, target: tf.Tensor): tf.Scalar {
  const y = stopGradient(target);
  return tf.add(tf.mean(tf.square(tf.sub(q1, y))), tf.mean(tf.square(tf.sub(q2, y)))) as tf.Scalar;
}

/**
 * Critic loss with the Huber / smooth-L1 penalty (δ = 1) per head, summed: the TD loss of RAP's
 * code (rap.py:223-224 `F.smooth_l1_loss`); y carries no gradient.
 */
export function criticHuberLoss(q1: tf.Tensor, q2: tf.Tensor, target: tf.Tensor): tf.Scalar {
  const y = stopGradient(target);
  const huber = (q: tf.Tensor) => {
    const ad = tf.abs(tf.sub(q, y));
    const c = tf.minimum(ad, 1);
    return tf.mean(tf.add(tf.mul(0.5, tf.square(c)), tf.sub(ad, c)));
  };
  return tf.add(huber(q1), huber(q2)) as tf.Scalar;
}

/** Actor loss (Eq. 2.23 as a minimisation, S3 Eq. 4 corrected): mean(α log π(ã|s) − min_j Q_j(s, ã)), α detached. */
export function actorLoss(alpha: tf.Tensor | number, logProb: tf.Tensor, q1: tf.Tensor, q2: tf.Tensor): tf.Scalar {
  const a = typeof alpha === "number" ? alpha : stopGradient(alpha);
  return tf.mean(tf.sub(tf.mul(a, logProb), tf.minimum(q1, q2))) as tf.Scalar;
}

/**
 * Temperature loss (Ch. 4 Eq. 4.15 with the sign fix of §4.7 item 3): mean(α · (−log π − H̄)),
 * log π detached, target entropy H̄ = −|A|, optimised in log α (α = exp(log α)).
 */
export function temperatureLoss(logAlpha: tf.Tensor, logProb: tf.Tensor, targetEntropy: number): tf.Scalar {
  const lp = stopGradient(logProb);
  return tf.mean(tf.mul(tf.exp(logAlpha), tf.sub(tf.neg(lp), targetEntropy))) as tf.Scalar;
}

/**
 * RAE reconstruction loss used by SAC+AE (S3 Eq. 5 as a Gaussian log-likelihood ⇒ MSE, plus the
 * latent penalty of Ghosh et al. 2019): mean((x̂ − x)²) + λ_z · mean_b(½‖z_b‖²).
 * The decoder's weight decay λ_θ is applied by its Adam (coupled L2).
 */
export function raeLoss(reconstruction: tf.Tensor, target: tf.Tensor, z: tf.Tensor2D, latentLambda: number): tf.Scalar {
  const rec = tf.mean(tf.square(tf.sub(reconstruction, target)));
  const latent = tf.mean(tf.mul(0.5, tf.sum(tf.square(z), -1)));
  return tf.add(rec, tf.mul(latentLambda, latent)) as tf.Scalar;
}

/** KL(N(μ, σ²) ‖ N(0, I)) = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²), per row ([B, d] → [B]). */
export function gaussianKl(mu: tf.Tensor2D, logStd: tf.Tensor2D): tf.Tensor1D {
  const logVar = tf.mul(2, logStd);
  return tf.mul(0.5, tf.sum(tf.sub(tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), 1), logVar), -1)) as tf.Tensor1D;
}

/**
 * β-VAE loss (negative of S3 Eq. 6, Gaussian decoder ⇒ MSE): mean((x̂ − x)²) + β · mean_b KL_b / D,
 * where D = elements per observation, so β weighs the KL per pixel the way the summed
 * log-likelihood would (β = 1 ⇒ the ELBO up to the decoder variance).
 */
export function betaVaeLoss(reconstruction: tf.Tensor, target: tf.Tensor, mu: tf.Tensor2D, logStd: tf.Tensor2D, beta: number, elementsPerObs: number): tf.Scalar {
  const rec = tf.mean(tf.square(tf.sub(reconstruction, target)));
  const kl = tf.mean(gaussianKl(mu, logStd));
  return tf.add(rec, tf.mul(beta / elementsPerObs, kl)) as tf.Scalar;
}

/**
 * CURL contrastive loss (InfoNCE with a bilinear similarity): logits = z_a W z_kᵀ (row max
 * subtracted), cross-entropy with the diagonal as the positive. z_k are momentum-encoder keys
 * (no gradient).
 */
export function curlLoss(anchors: tf.Tensor2D, keys: tf.Tensor2D, W: tf.Tensor2D): tf.Scalar {
  const k = stopGradient(keys);
  let logits = tf.matMul(tf.matMul(anchors, W), k, false, true);
  logits = tf.sub(logits, tf.max(logits, 1, true));
  const n = anchors.shape[0];
  const labels = tf.oneHot(tf.range(0, n, 1, "int32"), n);
  return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
}
