/**
 * CURL (Laskin, Srinivas & Abbeel 2020; reference MishaLaskin/curl): SAC from pixels on
 * augmented observations plus a contrastive auxiliary loss.
 *   anchors  q = g(aug₁(o))   (online encoder)        keys  k = ḡ(aug₂(o))   (momentum encoder, no gradient)
 *   logits   = q W kᵀ − row max;   L_CURL = cross-entropy with the diagonal as positives (losses.ts)
 * W (featureDim × featureDim, bilinear) and the encoder are trained on L_CURL by their own Adam
 * (`curlLr`); the momentum encoder is the critic's target encoder (τ_enc = 0.05).
 * Augmentation: the reference crops 100 → 84; here the same random shift as DrQ (pad 4), so the
 * three pixel methods differ only in their auxiliary signal. The critic sees aug₁(o).
 */
import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../core/errors.js";
import { Adam, gradStep } from "./adam.js";
import type { AgentConfig, AgentSpec } from "./config.js";
import { DrqAgent } from "./drq.js";
import { curlLoss } from "./losses.js";
import { ParamSet } from "./nn.js";
import type { ReplayBatch } from "./replay.js";
import type { BatchViews } from "./sac.js";
import type { Adam as AdamT } from "./adam.js";

export class CurlAgent extends DrqAgent {
  readonly curlParams = new ParamSet();
  readonly W: tf.Variable;
  private readonly curlOpt: Adam;

  constructor(config: AgentConfig, spec: AgentSpec, seed: number) {
    super(config, spec, seed);
    if (!this.encoder) throw new ReproError("CURL needs a pixel encoder");
    const d = config.featureDim;
    this.W = this.curlParams.add("W", tf.randomUniform([d, d], 0, 1, "float32", seed + 7919));
    this.curlOpt = new Adam([...this.encoder.params.vars, this.W], { lr: config.curlLr });
  }

  /** One augmented view for the critic (K = M = 1). */
  protected override views(batch: ReplayBatch): BatchViews {
    return { obs: [this.shifted(batch.obs, batch.size)], next: [this.shifted(batch.nextObs, batch.size)] };
  }

  protected override auxiliaryUpdate(batch: ReplayBatch, views: BatchViews): number {
    const anchorsIn = views.obs[0]!;
    const keysIn = this.shifted(batch.obs, batch.size);
    try {
      const keys = tf.tidy(() => this.targetEncoder!.forward(keysIn as tf.Tensor4D).features);
      try {
        return gradStep(() => curlLoss(this.encoder!.forward(anchorsIn as tf.Tensor4D).features, keys, this.W as tf.Tensor2D), [this.curlOpt]);
      } finally {
        keys.dispose();
      }
    } finally {
      keysIn.dispose();
    }
  }

  protected override paramGroups(): tf.Variable[][] {
    return [...super.paramGroups(), this.curlParams.vars];
  }

  protected override optimizers(): AdamT[] {
    return [...super.optimizers(), this.curlOpt];
  }

  override dispose(): void {
    super.dispose();
    this.curlParams.dispose();
  }
}
