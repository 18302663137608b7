/**
 * Tanh-squashed Gaussian actor (SAC-v2; thesis Eqs. 4.12/4.14; reference `Actor`): MLP
 * features → hidden → hidden → (μ, raw log σ); log σ bounded to [logStdMin, logStdMax] by tanh
 * rescaling; a = tanh(μ + σ ε) with the reparameterisation trick; log π with the tanh correction.
 */
import * as tf from "@tensorflow/tfjs";
import type { Schema } from "../core/config.js";
import type { Rng } from "../core/rng.js";
import { randomNormal } from "../core/tf-random.js";
import { Adam } from "./adam.js";
import { boundLogStd, squashedGaussianLogProb } from "./losses.js";
import { NetworkModule } from "./module.js";
import { applyMlp, mlp, ParamSet, type Dense, type WeightInit } from "./nn.js";

/** The actor's keys (SAC-AE reference defaults, research/anchors.md §1.6; thesis Table 4.2; each algorithm's schema sets its reference's: presets.ts). */
export const ACTOR_SCHEMA = {
  actorLr: { type: "number", default: 1e-3, min: 0, exclusiveMin: true },
  actorBeta: { type: "number", default: 0.9, min: 0, max: 1, doc: "Adam β1 of the actor" },
  actorUpdateFreq: { type: "number", default: 2, min: 1, integer: true, doc: "actor and α step every this many updates" },
  logStdMin: { type: "number", default: -10 },
  logStdMax: { type: "number", default: 2 },
} as const satisfies Schema;

export interface ActorConfig {
  featureDim: number;
  actionDim: number;
  hiddenDim: number;
  /** Hidden layers (2 in SAC-AE/DrQ/CURL). */
  hiddenLayers: number;
  logStdMin: number;
  logStdMax: number;
  /** Weight init (default "glorot"). */
  weightInit?: WeightInit;
}

export interface PolicySample {
  /** tanh(μ) — the deterministic (evaluation) action. */
  mean: tf.Tensor2D;
  /** tanh(μ + σ ε). */
  action: tf.Tensor2D;
  /** [B, 1] */
  logProb: tf.Tensor2D;
  logStd: tf.Tensor2D;
}

export class Actor {
  readonly config: ActorConfig;
  readonly params = new ParamSet();
  private readonly layers: Dense[];

  constructor(config: ActorConfig, rng: Rng) {
    this.config = config;
    const sizes = [config.featureDim, ...Array(config.hiddenLayers).fill(config.hiddenDim), 2 * config.actionDim];
    this.layers = mlp(this.params, rng, "actor", sizes, config.weightInit ?? "glorot");
  }

  /** μ and bounded log σ. */
  distribution(features: tf.Tensor2D): { mu: tf.Tensor2D; logStd: tf.Tensor2D } {
    const out = applyMlp(this.layers, features);
    const A = this.config.actionDim;
    const [mu, raw] = tf.split(out, [A, A], 1) as [tf.Tensor2D, tf.Tensor2D];
    return { mu, logStd: boundLogStd(raw, this.config.logStdMin, this.config.logStdMax) };
  }

  /** Reparameterised sample with ε ~ N(0, I) drawn from `rng`. */
  sample(features: tf.Tensor2D, rng: Rng): PolicySample {
    const { mu, logStd } = this.distribution(features);
    const noise = randomNormal(rng, mu.shape) as tf.Tensor2D;
    const action = tf.tanh(tf.add(mu, tf.mul(tf.exp(logStd), noise))) as tf.Tensor2D;
    return { mean: tf.tanh(mu) as tf.Tensor2D, action, logProb: squashedGaussianLogProb(noise, logStd, action), logStd };
  }

  dispose(): void {
    this.params.dispose();
  }
}

/**
 * The actor as an agent module: the network and its Adam (lr `actorLr`, β1 `actorBeta`).
 * `alsoTrains`: the actor's own encoder head (fc + LayerNorm; reference: `actor.parameters()`
 * holds `actor.encoder`), trained by the actor loss.
 */
export class ActorModule extends NetworkModule<Actor> {
  readonly name = "actor";

  constructor(config: ActorConfig & { lr: number; beta1: number; maxGradNorm?: number }, rng: Rng, alsoTrains: readonly tf.Variable[] = []) {
    const net = new Actor(config, rng);
    super(net, new Adam([...net.params.vars, ...alsoTrains], { lr: config.lr, beta1: config.beta1, maxGradNorm: config.maxGradNorm }));
  }
}
