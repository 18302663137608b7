/**
 * DrQ (Kostrikov, Yarats & Fergus 2021; reference denisyarats/drq): SAC from pixels where the
 * critic sees randomly shifted images (pad 4, integer crop; augment.ts).
 *   target  y = (1/K) Σ_k [r + γ·notDone·(min Q̄(ḡ(aug_k(o′)), a′_k) − α log π(a′_k|g(aug_k(o′))))]
 *   L_Q     = Σ_m Σ_j mean (Q_j(g(aug_m(o)), a) − y)²
 * Each view is an independent shift. The actor and α update use the first observation view.
 * Reference defaults K = M = 2 (`drqK`, `drqM`).
 */
import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../core/errors.js";
import { randomShift } from "./augment.js";
import type { AgentConfig, AgentSpec } from "./config.js";
import type { ReplayBatch } from "./replay.js";
import { SacAgent, type BatchViews } from "./sac.js";

export class DrqAgent extends SacAgent {
  constructor(config: AgentConfig, spec: AgentSpec, seed: number) {
    if (spec.observation !== "pixels") throw new ReproError("DrQ augments images; use observation \"pixels\" (or algorithm \"sac\" for states)");
    super(config, spec, seed);
  }

  /** A randomly shifted copy of a uint8 [B, H, W, C] batch, as a float tensor. */
  protected shifted(images: ArrayLike<number>, batch: number): tf.Tensor {
    const [H, W, C] = this.spec.obsShape as [number, number, number];
    const { images: out } = randomShift(images as Uint8Array, batch, H, W, C, this.config.augPad, this.updateRng);
    return this.obsTensor(out, batch);
  }

  protected override views(batch: ReplayBatch): BatchViews {
    const obs: tf.Tensor[] = [];
    const next: tf.Tensor[] = [];
    for (let m = 0; m < this.config.drqM; m++) obs.push(this.shifted(batch.obs, batch.size));
    for (let k = 0; k < this.config.drqK; k++) next.push(this.shifted(batch.nextObs, batch.size));
    return { obs, next };
  }
}
