/**
 * The part of an encoder after its trunk (the pixel encoder's convs, encoder.ts; the state
 * encoder's MLP, state-encoder.ts): dense to `featureDim`, LayerNorm, tanh unless `featureTanh`
 * is false (SAC-AE, DrQ: tanh; CURL, DBC, AMBS: none), and the AMBS feature weighting — or, for
 * the stochastic encoder (β-VAE ablations of SAC+AE), the two heads μ and log σ ∈ [−10, 2] and
 * z = μ + σ ε.
 *
 * Weighted features (`weighting`, AMBS: ambs.ts): the output is split into φ_r (the first
 * `rewardDim` features) and φ_d (the rest) and the critic sees [w_r·φ_r : w_d·φ_d] with
 * (w_r, w_d) = softmax(η) — η a [2] parameter initialised to 0 (so c = w_d = ½), trained by the
 * critic's Adam with the rest of the encoder, copied into the target encoder and soft-updated
 * with it (reference encoder_ratio.py:36, :73-77) — or fixed weights. `EncoderOutput.unweighted`
 * is the output before the weights (the reference's `pre_ratio`).
 *
 * The head writes its parameters into the encoder's `ParamSet` (after the trunk's, so an encoder
 * lists trunk, fc, LayerNorm / log σ head, η in that order), under `prefix` + "fc", "ln/…",
 * "fc_logstd", "eta".
 */
import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { randomNormal } from "../core/tf-random.js";
import { boundLogStd } from "./losses.js";
import { applyDense, dense, layerNorm, type Dense, type InitKind, type ParamSet } from "./nn.js";

/** How the critic's features are weighted (AMBS): [w_r·φ_r : w_d·φ_d]. */
export interface FeatureWeighting {
  /** Size of φ_r, the first features; φ_d is the rest. */
  rewardDim: number;
  /** "adaptive": (w_r, w_d) = softmax(η), η trainable (init 0); or the fixed pair (w_r, w_d). */
  weights: "adaptive" | readonly [number, number];
}

export interface EncoderOutput {
  /** What the actor/critic see: tanh(LN(dense(h))) (weighted when `weighting`) or, stochastic, a sample z. */
  features: tf.Tensor2D;
  /** With `weighting`: the features before the weights (φ_r and φ_d side by side). */
  unweighted?: tf.Tensor2D;
  /** Stochastic only: mean and log-std of q(z|o). */
  mu?: tf.Tensor2D;
  logStd?: tf.Tensor2D;
}

/** The head's settings (a subset of every encoder's config). */
export interface EncoderHeadConfig {
  featureDim: number;
  /** β-VAE-style Gaussian head instead of the deterministic one. */
  stochastic?: boolean;
  /** tanh after the LayerNorm (default true). */
  featureTanh?: boolean;
  /** Weight init (default "glorot"; "zeros" for a copy overwritten after construction). */
  weightInit?: InitKind;
  /** Split the output into φ_r and φ_d and weight them (AMBS); absent: no weighting. */
  weighting?: FeatureWeighting;
}

export class EncoderHead {
  private readonly fc: Dense;
  private readonly fcLogStd: Dense | null = null;
  private readonly lnGamma: tf.Variable | null = null;
  private readonly lnBeta: tf.Variable | null = null;
  /** η of adaptive weighting (trainable, init 0), or null. */
  readonly eta: tf.Variable | null = null;

  /** `scale`: a constant factor on the output (AMBS's code: the actor's frozen ratio, softmax(0, 0) = ½). */
  constructor(params: ParamSet, rng: Rng, inDim: number, private readonly config: EncoderHeadConfig, prefix = "", private readonly scale = 1) {
    const init = config.weightInit ?? "glorot";
    this.fc = dense(params, rng, `${prefix}fc`, inDim, config.featureDim, init);
    if (config.stochastic) {
      this.fcLogStd = dense(params, rng, `${prefix}fc_logstd`, inDim, config.featureDim, init);
    } else {
      this.lnGamma = params.ones(`${prefix}ln/gamma`, [config.featureDim]);
      this.lnBeta = params.zeros(`${prefix}ln/beta`, [config.featureDim]);
    }
    const w = config.weighting;
    if (w) {
      if (config.stochastic) throw new ReproError("weighted features need the deterministic encoder");
      if (!Number.isInteger(w.rewardDim) || w.rewardDim < 1 || w.rewardDim >= config.featureDim) {
        throw new ReproError(`the reward part of the features must have 1…${config.featureDim - 1} dimensions, got ${w.rewardDim}`);
      }
      if (w.weights === "adaptive") this.eta = params.zeros(`${prefix}eta`, [2]);
    }
  }

  /** (w_r, w_d): softmax(η) or the fixed pair ([2]; use inside a tidy). Throws without weighting. */
  weights(): tf.Tensor1D {
    const w = this.config.weighting;
    if (!w) throw new ReproError("this encoder has no feature weighting");
    if (this.eta) return tf.softmax(this.eta) as tf.Tensor1D;
    const fixed = w.weights as readonly [number, number];
    return tf.tensor1d([fixed[0], fixed[1]]);
  }

  /**
   * Deterministic: tanh(LN(dense(h))) (weighted when `weighting`). Stochastic: z = μ + σ ε with ε
   * from `rng` (or z = μ when `rng` is omitted).
   */
  forward(h: tf.Tensor2D, rng?: Rng): EncoderOutput {
    if (!this.config.stochastic) {
      const ln = layerNorm(applyDense(this.fc, h), this.lnGamma!, this.lnBeta!);
      const tanh = this.config.featureTanh === false ? ln : (tf.tanh(ln) as tf.Tensor2D);
      const out = this.scale === 1 ? tanh : (tf.mul(tanh, this.scale) as tf.Tensor2D);
      const w = this.config.weighting;
      if (!w) return { features: out };
      const [wr, wd] = tf.split(this.weights(), 2) as [tf.Tensor1D, tf.Tensor1D];
      const scale = tf.concat([tf.tile(wr, [w.rewardDim]), tf.tile(wd, [this.config.featureDim - w.rewardDim])]);
      return { features: tf.mul(out, scale) as tf.Tensor2D, unweighted: out };
    }
    const mu = applyDense(this.fc, h);
    const logStd = boundLogStd(applyDense(this.fcLogStd!, h), -10, 2);
    const features = rng ? (tf.add(mu, tf.mul(tf.exp(logStd), randomNormal(rng, mu.shape))) as tf.Tensor2D) : mu;
    return { features, mu, logStd };
  }
}
