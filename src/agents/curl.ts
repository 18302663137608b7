/**
 * CURL (Laskin, Srinivas & Abbeel 2020; reference MishaLaskin/curl): SAC from pixels on
 * augmented observations plus a contrastive auxiliary objective.
 *   anchors  q = g(aug₁(o))   (online encoder)        keys  k = ḡ(aug₂(o))   (momentum encoder, no gradient)
 *   logits   = q W kᵀ − row max;   L_CURL = cross-entropy with the diagonal as positives (losses.ts)
 * W (featureDim × featureDim, bilinear) and the encoder are trained on L_CURL by their own Adam
 * (`curlLr`); the momentum encoder is the critic's target encoder (τ_enc = 0.05). The objective
 * runs last in an update, after the soft target updates (reference `update_cpc`).
 *
 * Deviations: the reference crops 100 → 84; here the same random shift as DrQ (pad `augPad`), so
 * the three pixel methods differ only in their auxiliary signal. The critic sees aug₁(o)
 * (K = M = 1). W is initialised U[0, 1) (the reference's `torch.rand`) from the agent's init
 * stream (fork "curl-W"); through commit f0eb35c it came from tfjs's own seed `seed + 7919`,
 * outside the project Rng, so CURL's numbers differ from runs made with that code (the stored
 * small-tier augment32/curl runs).
 */
import * as tf from "@tensorflow/tfjs";
import type { ConfigOf, Schema } from "../core/config.js";
import type { Rng } from "../core/rng.js";
import { randomUniform } from "../core/tf-random.js";
import { Adam, gradStep } from "./adam.js";
import type { AgentSpec } from "./config.js";
import { AUGMENT_SCHEMA, requirePixels, shiftedView, shiftedViews } from "./drq.js";
import { curlLoss } from "./losses.js";
import type { AuxiliaryObjective, UpdateContext } from "./module.js";
import { ParamSet } from "./nn.js";
import { SAC_CORE_SCHEMA, SacAgent } from "./sac.js";

export const CURL_SCHEMA = {
  algorithm: { type: "enum", values: ["curl"], default: "curl", doc: "SAC + random shifts + contrastive loss" },
  ...SAC_CORE_SCHEMA,
  ...AUGMENT_SCHEMA,
  curlLr: { type: "number", default: 1e-3, min: 0, exclusiveMin: true, doc: "Adam lr of the encoder + W on the contrastive loss" },
} as const satisfies Schema;

export type CurlConfig = ConfigOf<typeof CURL_SCHEMA>;

/** The contrastive objective: W, its Adam over encoder + W, and the InfoNCE step. */
export class CurlObjective implements AuxiliaryObjective {
  readonly name = "curl";
  readonly stage = "last";
  readonly params = new ParamSet();
  readonly W: tf.Variable;
  private readonly opt: Adam;

  constructor(private readonly agent: SacAgent, private readonly pad: number, lr: number, init: Rng) {
    const d = agent.config.featureDim;
    this.W = this.params.add("W", randomUniform(init.fork("curl-W"), [d, d], 0, 1));
    this.opt = new Adam([...agent.encoder.vars, this.W], { lr });
  }

  update(ctx: UpdateContext): number {
    const enc = this.agent.encoder;
    const anchorsIn = ctx.views.obs[0]!;
    const keysIn = shiftedView(this.agent, ctx.batch.obs, ctx.batch.size, this.pad);
    const keys = tf.tidy(() => enc.targetFeatures(keysIn, ctx.rng));
    try {
      return gradStep(() => curlLoss(enc.features(anchorsIn, ctx.rng), keys, this.W as tf.Tensor2D), [this.opt]);
    } finally {
      tf.dispose([keysIn, keys]);
    }
  }

  paramGroups(): tf.Variable[][] {
    return [this.params.vars];
  }

  optimizers(): Adam[] {
    return [this.opt];
  }

  dispose(): void {
    this.opt.dispose();
    this.params.dispose();
  }
}

/** CURL (algorithm "curl"). */
export function makeCurl(config: CurlConfig, spec: AgentSpec, seed: number): SacAgent {
  requirePixels(spec, "CURL", "contrasts augmented images");
  return new SacAgent(config, spec, seed, {
    views: shiftedViews(config.augPad, 1, 1),
    auxiliary: (agent, init) => [new CurlObjective(agent, config.augPad, config.curlLr, init)],
  });
}
