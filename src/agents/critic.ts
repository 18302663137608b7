/**
 * Double-Q critic (clipped double Q, thesis Eq. 4.13; reference `Critic`): two MLPs on
 * [features, action] → hidden → hidden → 1, plus a target copy updated by Polyak averaging.
 */
import * as tf from "@tensorflow/tfjs";
import type { Schema } from "../core/config.js";
import type { Rng } from "../core/rng.js";
import { Adam } from "./adam.js";
import type { AgentModule } from "./module.js";
import { applyMlp, copyParams, mlp, ParamSet, softUpdate, type Dense, type InitKind, type WeightInit } from "./nn.js";

/** The critic's keys (SAC-AE reference defaults, research/anchors.md §1.6; thesis Table 4.2; each algorithm's schema sets its reference's: presets.ts). */
export const CRITIC_SCHEMA = {
  criticLr: { type: "number", default: 1e-3, min: 0, exclusiveMin: true },
  criticBeta: { type: "number", default: 0.9, min: 0, max: 1, doc: "Adam β1 of the critic" },
  criticTau: { type: "number", default: 0.01, min: 0, max: 1, doc: "Polyak rate of the target critic" },
  targetUpdateFreq: { type: "number", default: 2, min: 1, integer: true, doc: "soft target updates every this many updates" },
} as const satisfies Schema;

export interface CriticConfig {
  featureDim: number;
  actionDim: number;
  hiddenDim: number;
  hiddenLayers: number;
  /** Weight init (default "glorot"). */
  weightInit?: WeightInit;
}

class QPair {
  readonly params = new ParamSet();
  readonly q1: Dense[];
  readonly q2: Dense[];
  constructor(cfg: CriticConfig, rng: Rng, name: string, init: InitKind) {
    const sizes = [cfg.featureDim + cfg.actionDim, ...Array(cfg.hiddenLayers).fill(cfg.hiddenDim), 1];
    this.q1 = mlp(this.params, rng, `${name}/q1`, sizes, init);
    this.q2 = mlp(this.params, rng, `${name}/q2`, sizes, init);
  }
  forward(features: tf.Tensor2D, action: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
    const x = tf.concat([features, action], 1);
    return [applyMlp(this.q1, x), applyMlp(this.q2, x)];
  }
}

export class Critic {
  readonly online: QPair;
  readonly target: QPair;

  constructor(cfg: CriticConfig, rng: Rng) {
    const init = cfg.weightInit ?? "glorot";
    this.online = new QPair(cfg, rng, "critic", init);
    // the target is a copy (reference: critic_target.load_state_dict(critic.state_dict())); the
    // legacy Glorot path still draws its (overwritten) init so the stored runs' streams are unchanged
    this.target = new QPair(cfg, rng, "critic_target", init === "glorot" ? "glorot" : "zeros");
    copyParams(this.target.params.vars, this.online.params.vars);
  }

  get params(): ParamSet {
    return this.online.params;
  }

  q(features: tf.Tensor2D, action: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
    return this.online.forward(features, action);
  }

  qTarget(features: tf.Tensor2D, action: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
    return this.target.forward(features, action);
  }

  /** Q̄ ← τ Q + (1 − τ) Q̄. */
  updateTarget(tau: number): void {
    softUpdate(this.target.params.vars, this.online.params.vars, tau);
  }

  dispose(): void {
    this.online.params.dispose();
    this.target.params.dispose();
  }
}

/**
 * The critic as an agent module: online and target Q pairs and the critic's Adam (lr
 * `criticLr`, β1 `criticBeta`). `alsoTrains` are the encoder parameters the critic loss trains
 * (reference: the critic optimizer holds `critic.parameters()`, encoder included); empty when
 * the encoder is not trained by RL.
 */
export class CriticModule implements AgentModule {
  readonly name = "critic";
  readonly net: Critic;
  readonly opt: Adam;

  constructor(config: CriticConfig & { lr: number; beta1: number; maxGradNorm?: number }, rng: Rng, alsoTrains: readonly tf.Variable[]) {
    this.net = new Critic(config, rng);
    this.opt = new Adam([...this.net.params.vars, ...alsoTrains], { lr: config.lr, beta1: config.beta1, maxGradNorm: config.maxGradNorm });
  }

  paramGroups(): tf.Variable[][] {
    return [this.net.online.params.vars, this.net.target.params.vars];
  }

  optimizers(): Adam[] {
    return [this.opt];
  }

  dispose(): void {
    this.opt.dispose();
    this.net.dispose();
  }
}
