/**
 * Shared pieces of the behavioural-metric agents (dbc.ts, mico.ts, ambs.ts, rap.ts), as pure
 * tensor functions and two small networks. Unit-tested on hand-checkable inputs in
 * test/agents/metric-blocks.test.ts; the float64 references they are checked against live in
 * src/ot (W2 of Gaussians) and src/metrics (MICo's U, RAP's d̂_G) and are not re-implemented here.
 *
 * Pairs of a batch (research/anchors.md §1.10):
 *   "permutation"  B pairs (b, perm(b)), perm a uniform random permutation of the batch drawn
 *                  from the agent's update stream (Fisher–Yates, `rng.int`); DBC, AMBS and RAP
 *                  (`np.random.permutation(batch_size)`, bisim_agent.py:208). Self-pairs occur; their target is 0 + γ·0.
 *   "all-pairs"    all B² ordered pairs (i, j), row-major (pair i·B + j); MICo
 *                  (metric_utils.py `squarify`: first = x_i, second = y_j).
 *
 * Distances (tensors, one row per pair):
 *   W2 of diagonal Gaussians, vector form  sqrt(Σ_k (μ_ik − μ_jk)² + (σ_ik − σ_jk)²)   (thesis §4.7.1; DBC paper)
 *   W2 per dimension                       sqrt((μ_ik − μ_jk)² + (σ_ik − σ_jk)²)       (bisim_agent.py:232-235)
 *   angle θ(x, y)                          atan2(√(1 − cos²), cos), cos = ⟨x,y⟩/(‖x‖‖y‖ + 1e-9)   (metric_utils.py `cosine_distance`)
 *   MICo U(x, y)                           ½(‖x‖² + ‖y‖²) + β θ(x, y)                  (metric_utils.py `representation_distances`)
 *   RAP d̂_G(x, y)                          ‖x‖² + ‖y‖² + k θ(x, y)                     (thesis Definition 5.6.4)
 *   L1, L2                                 ‖x − y‖₁ (DBC paper), ‖x − y‖₂ (thesis §5.5.3 ablation)
 * Every square root is `safeSqrt` (gradient 0 where its argument is ≤ 1e-30, the MICo
 * reference's `_sqrt` JVP), so a zero distance — a self-pair, equal predictions — never sends
 * NaN back through a stop-gradient into a network.
 *
 * Networks (DBC transition_model.py, bisim_agent.py:86-90; reused by AMBS and RAP):
 *   GaussianTransitionModel  [z, a] → dense(w) → LayerNorm → ReLU → μ = dense(Z), σ = σ_min + (σ_max − σ_min)·sigmoid(dense(Z))
 *                            (probabilistic; σ_min 1e-4, σ_max 10) or σ absent (deterministic)
 *   RewardDecoder            z → dense(w) → LayerNorm → ReLU → dense(1)
 * Deviation (all four agents): these models use the agent's `weightInit` (orthogonal linear
 * weights, zero biases); the references leave them at PyTorch's default Linear init.
 */
import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { stopGradient } from "./losses.js";
import { applyDense, dense, layerNorm, ParamSet, type Dense, type InitKind } from "./nn.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const safeSqrtImpl = tf.customGrad(((x: tf.Tensor, save: (ts: tf.Tensor[]) => void) => {
  save([x]);
  return {
    value: tf.sqrt(tf.relu(x)),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const s = saved[0]!;
      const ok = tf.greater(s, 1e-30);
      return tf.where(ok, tf.div(dy, tf.mul(2, tf.sqrt(tf.maximum(s, 1e-30)))), tf.zerosLike(dy));
    },
  };
}) as any) as unknown as (x: tf.Tensor) => tf.Tensor;

/** √max(x, 0) whose gradient is 0 where x ≤ 1e-30 (MICo metric_utils.py `_sqrt` with its custom JVP). */
export function safeSqrt(x: tf.Tensor): tf.Tensor {
  return safeSqrtImpl(x);
}

/**
 * PyTorch `smooth_l1_loss(a, b, reduction='none')` with β = 1, which is also Dopamine's
 * `huber_loss` with δ = 1: ½d² where |d| < 1, |d| − ½ elsewhere, d = a − b. Elementwise.
 */
export function smoothL1(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  // ½q² + (|d| − q) with q = min(|d|, 1): the same function, written without a comparison (tfjs has no gradient for `less`)
  const ad = tf.abs(tf.sub(a, b));
  const q = tf.minimum(ad, 1);
  return tf.add(tf.mul(0.5, tf.square(q)), tf.sub(ad, q));
}

/** W2 between diagonal Gaussians, vector form: sqrt(‖μ₁ − μ₂‖² + ‖σ₁ − σ₂‖²), [N, Z] → [N, 1] (σ = standard deviations). */
export function w2Gaussian(mu1: tf.Tensor, sigma1: tf.Tensor, mu2: tf.Tensor, sigma2: tf.Tensor): tf.Tensor2D {
  return safeSqrt(tf.sum(tf.add(tf.square(tf.sub(mu1, mu2)), tf.square(tf.sub(sigma1, sigma2))), -1, true)) as tf.Tensor2D;
}

/** W2 per latent dimension, sqrt((μ₁ − μ₂)² + (σ₁ − σ₂)²), [N, Z] → [N, Z] (DBC code, bisim_agent.py:232-235). */
export function w2PerDimension(mu1: tf.Tensor, sigma1: tf.Tensor, mu2: tf.Tensor, sigma2: tf.Tensor): tf.Tensor2D {
  return safeSqrt(tf.add(tf.square(tf.sub(mu1, mu2)), tf.square(tf.sub(sigma1, sigma2)))) as tf.Tensor2D;
}

/** ‖x‖² per row, [N, Z] → [N, 1]. */
export function squaredNorm(x: tf.Tensor): tf.Tensor2D {
  return tf.sum(tf.square(x), -1, true) as tf.Tensor2D;
}

/** θ(x, y) per row as MICo computes it: atan2(√(1 − cos²), cos), cos = ⟨x,y⟩/(‖x‖‖y‖ + 1e-9); [N, Z] → [N, 1]. */
export function angle(x: tf.Tensor, y: tf.Tensor): tf.Tensor2D {
  const dot = tf.sum(tf.mul(x, y), -1, true);
  const norms = tf.mul(safeSqrt(squaredNorm(x)), safeSqrt(squaredNorm(y)));
  const cos = tf.div(dot, tf.add(norms, 1e-9));
  return tf.atan2(safeSqrt(tf.sub(1, tf.square(cos))), cos) as tf.Tensor2D;
}

/** MICo's U(x, y) = ½(‖x‖² + ‖y‖²) + β θ(x, y), per row ([N, 1]). */
export function micoDistance(x: tf.Tensor, y: tf.Tensor, beta: number): tf.Tensor2D {
  return tf.add(tf.mul(0.5, tf.add(squaredNorm(x), squaredNorm(y))), tf.mul(beta, angle(x, y))) as tf.Tensor2D;
}

/** ‖x − y‖₁ per row ([N, 1]): DBC's embedding distance (paper form). */
export function l1Distance(x: tf.Tensor, y: tf.Tensor): tf.Tensor2D {
  return tf.sum(tf.abs(tf.sub(x, y)), -1, true) as tf.Tensor2D;
}

/** ‖x − y‖₂ per row ([N, 1]), with `safeSqrt` (zero self-distance: the §5.5.3 ablation of d̂_G). */
export function l2Distance(x: tf.Tensor, y: tf.Tensor): tf.Tensor2D {
  return safeSqrt(squaredNorm(tf.sub(x, y))) as tf.Tensor2D;
}

/** RAP's d̂_G(x, y) = ‖x‖² + ‖y‖² + k θ(x, y) (Definition 5.6.4), per row ([N, 1]). */
export function rapDistance(x: tf.Tensor, y: tf.Tensor, k: number): tf.Tensor2D {
  return tf.add(tf.add(squaredNorm(x), squaredNorm(y)), tf.mul(k, angle(x, y))) as tf.Tensor2D;
}

/** Gaussian negative log-likelihood (without the constant): mean(½((μ − x)/σ)² + log σ); x carries no gradient. */
export function gaussianNll(mu: tf.Tensor, sigma: tf.Tensor, x: tf.Tensor): tf.Scalar {
  const diff = tf.div(tf.sub(mu, stopGradient(x)), sigma);
  return tf.mean(tf.add(tf.mul(0.5, tf.square(diff)), tf.log(sigma))) as tf.Scalar;
}

// ---- pairs ---------------------------------------------------------------------------------------

export type PairSampler = "permutation" | "all-pairs";

/** Row indices of the two members of each pair. */
export interface Pairs {
  readonly first: Int32Array;
  readonly second: Int32Array;
}

/** A uniform random permutation of 0…n−1 (Fisher–Yates from the end, n − 1 draws of `rng.int`). */
export function permutation(rng: Rng, n: number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** The pairs of a batch of size B: (b, perm(b)) for "permutation" (draws from `rng`), all (i, j) row-major for "all-pairs" (no draws). */
export function samplePairs(sampler: PairSampler, B: number, rng: Rng): Pairs {
  if (!Number.isInteger(B) || B < 1) throw new ReproError(`pairs of a batch need a positive integer batch size, got ${B}`);
  if (sampler === "permutation") return { first: Int32Array.from({ length: B }, (_, i) => i), second: permutation(rng, B) };
  const first = new Int32Array(B * B);
  const second = new Int32Array(B * B);
  for (let i = 0; i < B; i++) for (let j = 0; j < B; j++) {
    first[i * B + j] = i;
    second[i * B + j] = j;
  }
  return { first, second };
}

/**
 * Rows `idx` of x [B, Z] (differentiable: the gradient scatters back), as a product with a 0/1
 * selection matrix: the wasm backend has no kernel for the gradient of `tf.gather`
 * (UnsortedSegmentSum).
 */
export function rows(x: tf.Tensor, idx: Int32Array): tf.Tensor {
  const B = x.shape[0]!;
  const sel = new Float32Array(idx.length * B);
  idx.forEach((b, n) => {
    if (!(b >= 0 && b < B)) throw new ReproError(`rows: index ${b} outside a batch of ${B}`);
    sel[n * B + b] = 1;
  });
  return tf.matMul(tf.tensor2d(sel, [idx.length, B]), x.reshape([B, -1]));
}

// ---- networks ------------------------------------------------------------------------------------

export interface GaussianPrediction {
  mu: tf.Tensor2D;
  /** Standard deviations, or null for a deterministic model. */
  sigma: tf.Tensor2D | null;
}

/** The latent transition model of DBC (transition_model.py:12-63): [z, a] → N(μ, diag σ²). */
export class GaussianTransitionModel {
  readonly params = new ParamSet();
  private readonly fc: Dense;
  private readonly lnGamma: tf.Variable;
  private readonly lnBeta: tf.Variable;
  private readonly fcMu: Dense;
  private readonly fcSigma: Dense | null;

  constructor(
    latentDim: number,
    actionDim: number,
    width: number,
    probabilistic: boolean,
    rng: Rng,
    init: InitKind,
    readonly sigmaMin = 1e-4,
    readonly sigmaMax = 10,
    outDim = latentDim,
  ) {
    if (!(sigmaMax >= sigmaMin) || !(sigmaMin > 0)) throw new ReproError(`transition model: need 0 < σ_min ≤ σ_max, got ${sigmaMin}, ${sigmaMax}`);
    this.fc = dense(this.params, rng, "transition/fc", latentDim + actionDim, width, init);
    this.lnGamma = this.params.ones("transition/ln/gamma", [width]);
    this.lnBeta = this.params.zeros("transition/ln/beta", [width]);
    this.fcMu = dense(this.params, rng, "transition/fc_mu", width, outDim, init);
    this.fcSigma = probabilistic ? dense(this.params, rng, "transition/fc_sigma", width, outDim, init) : null;
  }

  forward(z: tf.Tensor, action: tf.Tensor): GaussianPrediction {
    const x = tf.relu(layerNorm(applyDense(this.fc, tf.concat([z, action], 1)), this.lnGamma, this.lnBeta));
    const mu = applyDense(this.fcMu, x);
    if (!this.fcSigma) return { mu, sigma: null };
    const sigma = tf.add(this.sigmaMin, tf.mul(this.sigmaMax - this.sigmaMin, tf.sigmoid(applyDense(this.fcSigma, x)))) as tf.Tensor2D;
    return { mu, sigma };
  }

  dispose(): void {
    this.params.dispose();
  }
}

/** DBC's reward decoder (bisim_agent.py:86-90): z → dense(w) → LayerNorm → ReLU → dense(1). */
export class RewardDecoder {
  readonly params = new ParamSet();
  private readonly fc: Dense;
  private readonly lnGamma: tf.Variable;
  private readonly lnBeta: tf.Variable;
  private readonly out: Dense;

  constructor(latentDim: number, width: number, rng: Rng, init: InitKind, name = "reward") {
    this.fc = dense(this.params, rng, `${name}/fc`, latentDim, width, init);
    this.lnGamma = this.params.ones(`${name}/ln/gamma`, [width]);
    this.lnBeta = this.params.zeros(`${name}/ln/beta`, [width]);
    this.out = dense(this.params, rng, `${name}/out`, width, 1, init);
  }

  forward(z: tf.Tensor): tf.Tensor2D {
    return applyDense(this.out, tf.relu(layerNorm(applyDense(this.fc, z), this.lnGamma, this.lnBeta)));
  }

  dispose(): void {
    this.params.dispose();
  }
}
