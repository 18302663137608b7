/**
 * The state encoder of the thesis plan's Tier B (research/seed000-ch1-4.md §7.0: "vector-distractor
 * control … MLP encoders"): state observations (true state + distractor dimensions,
 * envs/vector-distractors.ts) through an MLP trunk — dense layers of the `hidden` widths, ReLU
 * after each — and then the pixel encoder's head (encoder-head.ts: dense to `featureDim`,
 * LayerNorm, tanh per `featureTanh`, AMBS's [φ_r : φ_d] weighting). It plays the role of the
 * conv encoder: the critic's Adam and the metric losses (DBC, MICo, AMBS, RAP) train it, a
 * momentum copy feeds the critic target, and the actor has its own head on the tied trunk, which
 * the actor update detaches (encoder.ts, sac.ts). Agent key `stateEncoder` (the hidden widths);
 * without it the features are the observation itself.
 *
 * Not from a reference: the thesis and DBC/AMBS code learn pixel encoders only (DBC's code has an
 * identity encoder for states); the trunk stands in for the convs so that the metric losses have
 * a representation to shape when the input is a vector.
 */
import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { EncoderHead, type EncoderHeadConfig, type EncoderOutput } from "./encoder-head.js";
import type { FeatureEncoder } from "./encoder.js";
import { applyDense, dense, ParamSet, type Dense } from "./nn.js";

export interface StateEncoderConfig extends EncoderHeadConfig {
  /** Observation size d. */
  inputDim: number;
  /** Widths of the trunk's hidden layers (ReLU after each); at least one. */
  hidden: readonly number[];
}

export class StateEncoder implements FeatureEncoder {
  readonly config: StateEncoderConfig;
  readonly params = new ParamSet();
  readonly trunkDim: number;
  private readonly layers: Dense[] = [];
  private readonly head: EncoderHead;

  constructor(config: StateEncoderConfig, rng: Rng) {
    if (config.stochastic) throw new ReproError("the state encoder is deterministic; the stochastic (β-VAE) encoder needs pixel observations");
    if (config.hidden.length === 0 || config.hidden.some((w) => !Number.isInteger(w) || w < 1)) {
      throw new ReproError(`stateEncoder must list positive integer hidden widths, e.g. [256, 256], got [${config.hidden.join(", ")}]; leave it out for the identity encoder`);
    }
    this.config = config;
    const init = config.weightInit ?? "glorot";
    let inDim = config.inputDim;
    config.hidden.forEach((w, l) => {
      this.layers.push(dense(this.params, rng, `trunk${l}`, inDim, w, init));
      inDim = w;
    });
    this.trunkDim = inDim;
    this.head = new EncoderHead(this.params, rng, this.trunkDim, config);
  }

  get featureDim(): number {
    return this.config.featureDim;
  }

  get eta(): tf.Variable | null {
    return this.head.eta;
  }

  weights(): tf.Tensor1D {
    return this.head.weights();
  }

  /** ReLU after every trunk layer ([B, d] → [B, last hidden width]). */
  trunk(obs: tf.Tensor): tf.Tensor2D {
    let h = obs as tf.Tensor2D;
    for (const l of this.layers) h = tf.relu(applyDense(l, h)) as tf.Tensor2D;
    return h;
  }

  forward(obs: tf.Tensor, rng?: Rng): EncoderOutput {
    return this.head.forward(this.trunk(obs), rng);
  }

  /** The trunk's weights only (the part the actor's head shares). */
  get trunkParams(): tf.Variable[] {
    return this.layers.flatMap((l) => [l.w, l.b]);
  }

  dispose(): void {
    this.params.dispose();
  }
}
