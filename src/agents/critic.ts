/**
 * Double-Q critic (clipped double Q, thesis Eq. 4.13; reference `Critic`): two MLPs on
 * [features, action] → hidden → hidden → 1, plus a target copy updated by Polyak averaging.
 */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../core/rng.js";
import { applyMlp, copyParams, mlp, ParamSet, softUpdate, type Dense } from "./nn.js";

export interface CriticConfig {
  featureDim: number;
  actionDim: number;
  hiddenDim: number;
  hiddenLayers: number;
}

class QPair {
  readonly params = new ParamSet();
  readonly q1: Dense[];
  readonly q2: Dense[];
  constructor(cfg: CriticConfig, rng: Rng, name: string) {
    const sizes = [cfg.featureDim + cfg.actionDim, ...Array(cfg.hiddenLayers).fill(cfg.hiddenDim), 1];
    this.q1 = mlp(this.params, rng, `${name}/q1`, sizes);
    this.q2 = mlp(this.params, rng, `${name}/q2`, sizes);
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
    this.online = new QPair(cfg, rng, "critic");
    this.target = new QPair(cfg, rng, "critic_target");
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
