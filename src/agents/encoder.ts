/**
 * Pixel encoder of SAC-AE / DrQ / CURL / AMBS (thesis §4.7.4, Table 5.1 shapes; reference
 * `PixelEncoder`): `numLayers` 3×3 convs with `filters` channels, stride 2 for the first and 1
 * after, ReLU after each, 'valid' padding; flatten; dense to `featureDim`; LayerNorm; tanh.
 * Spatial size 84 → 41 → 39 → 37 → 35 (39,200 features at 84×84 with 4 layers × 32 filters).
 *
 * The stochastic variant (β-VAE ablations of S3) replaces dense→LayerNorm→tanh by two heads μ
 * and log σ (bounded to [−10, 2]) and returns z = μ + σ ε.
 *
 * Input: float NHWC [B, H, W, C] with pixels already divided by 255.
 */
import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { randomNormal } from "../core/tf-random.js";
import { boundLogStd } from "./losses.js";
import { applyDense, dense, layerNorm, ParamSet, type Dense } from "./nn.js";

export interface EncoderConfig {
  /** Square image side. */
  size: number;
  /** Input channels (3 × frame stack). */
  channels: number;
  numLayers: number;
  filters: number;
  featureDim: number;
  /** β-VAE-style Gaussian encoder instead of the deterministic one. */
  stochastic?: boolean;
}

/** Side of the last conv output: first conv stride 2, the rest stride 1, 3×3 'valid'. */
export function convOutputSize(size: number, numLayers: number): number {
  const o = Math.floor((size - 3) / 2) + 1 - 2 * (numLayers - 1);
  if (o < 1) throw new ReproError(`image side ${size} is too small for ${numLayers} conv layers; use a larger size or fewer layers`);
  return o;
}

export interface EncoderOutput {
  /** What the actor/critic see: tanh(LN(dense(h))) or, stochastic, a sample z. */
  features: tf.Tensor2D;
  /** Stochastic only: mean and log-std of q(z|o). */
  mu?: tf.Tensor2D;
  logStd?: tf.Tensor2D;
}

export class PixelEncoder {
  readonly config: EncoderConfig;
  readonly params = new ParamSet();
  readonly outSize: number;
  private readonly convs: { w: tf.Variable; b: tf.Variable }[] = [];
  private readonly fc: Dense;
  private readonly fcLogStd: Dense | null = null;
  private readonly lnGamma: tf.Variable | null = null;
  private readonly lnBeta: tf.Variable | null = null;

  constructor(config: EncoderConfig, rng: Rng) {
    this.config = config;
    this.outSize = convOutputSize(config.size, config.numLayers);
    let inC = config.channels;
    for (let l = 0; l < config.numLayers; l++) {
      this.convs.push({
        w: this.params.weight(`conv${l}/w`, rng, [3, 3, inC, config.filters]),
        b: this.params.zeros(`conv${l}/b`, [config.filters]),
      });
      inC = config.filters;
    }
    const flat = this.outSize * this.outSize * config.filters;
    this.fc = dense(this.params, rng, "fc", flat, config.featureDim);
    if (config.stochastic) {
      this.fcLogStd = dense(this.params, rng, "fc_logstd", flat, config.featureDim);
    } else {
      this.lnGamma = this.params.ones("ln/gamma", [config.featureDim]);
      this.lnBeta = this.params.zeros("ln/beta", [config.featureDim]);
    }
  }

  get featureDim(): number {
    return this.config.featureDim;
  }

  /** The flattened conv trunk. */
  trunk(obs: tf.Tensor4D): tf.Tensor2D {
    let h = obs;
    this.convs.forEach((c, l) => {
      h = tf.relu(tf.add(tf.conv2d(h, c.w as tf.Tensor4D, l === 0 ? 2 : 1, "valid"), c.b)) as tf.Tensor4D;
    });
    return tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
  }

  /**
   * Encode. Deterministic: tanh(LN(dense(trunk))). Stochastic: z = μ + σ ε with ε from `rng`
   * (or z = μ when `rng` is omitted).
   */
  forward(obs: tf.Tensor4D, rng?: Rng): EncoderOutput {
    const h = this.trunk(obs);
    if (!this.config.stochastic) {
      return { features: tf.tanh(layerNorm(applyDense(this.fc, h), this.lnGamma!, this.lnBeta!)) as tf.Tensor2D };
    }
    const mu = applyDense(this.fc, h);
    const logStd = boundLogStd(applyDense(this.fcLogStd!, h), -10, 2);
    const features = rng ? (tf.add(mu, tf.mul(tf.exp(logStd), randomNormal(rng, mu.shape))) as tf.Tensor2D) : mu;
    return { features, mu, logStd };
  }

  /** The conv weights only (SAC-AE ties the actor's convs to these). */
  get convParams(): tf.Variable[] {
    return this.convs.flatMap((c) => [c.w, c.b]);
  }

  dispose(): void {
    this.params.dispose();
  }
}
