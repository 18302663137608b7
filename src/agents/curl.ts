/**
 * CURL (Laskin, Srinivas & Abbeel 2020; reference MishaLaskin/curl): SAC from pixels on
 * augmented observations plus a contrastive auxiliary objective.
 *   anchors  q = g(aug₁(o))   (online encoder)        keys  k = ḡ(aug₂(o))   (momentum encoder, no gradient)
 *   logits   = q W kᵀ − row max;   L_CURL = cross-entropy with the diagonal as positives (losses.ts)
 * W (featureDim × featureDim, bilinear, U[0, 1) as the reference's `torch.rand`, from the agent's
 * init stream, fork "curl-W") and the encoder are trained on L_CURL; the momentum encoder is the
 * critic's target encoder (τ_enc = 0.05). The objective runs last in an update, after the soft
 * target updates (reference `update_cpc`, curl_sac.py:463-465).
 *
 * As the reference (presets.ts CURL_REFERENCE):
 *   - features are the LayerNorm output, no tanh (`output_logits=True`, curl_sac.py:57, :146);
 *   - the encoder sits in two Adams (encoder_optimizer over critic.encoder and cpc_optimizer over
 *     CURL.parameters(), which holds critic.encoder and W: curl_sac.py:320-325) and both step on
 *     the same gradient (curl_sac.py:427-432): `curlEncoderSteps` 2;
 *   - augmentation "crop": observations are rendered at `env.preCropSize` (100) and randomly
 *     cropped to the network side (84; augment.ts `randomCrop`): the critic's obs, its next obs,
 *     then the CURL keys (utils.py:134-136; anchors = the critic's crop); acting and evaluation
 *     centre-crop (sac.ts `act`).
 *
 * Legacy switches (the sac-ae augment32/curl runs before issue 12; no stored run uses them now):
 * augmentation "shift" (DrQ's random shift, pad `augPad`, on an un-enlarged render), `curlEncoderSteps`
 * 1, `featureTanh` true, plus the core's "critic-head" and "glorot". Through commit f0eb35c W came
 * from tfjs's seed `seed + 7919`, outside the project Rng, so CURL's numbers differ from runs made
 * with that code.
 *
 * Deviations kept: random draws from the agent's update stream; the reference's `curl_latent_dim`
 * (128) is unused by its own code (W is featureDim × featureDim), so it has no key here.
 */
import * as tf from "@tensorflow/tfjs";
import type { ConfigOf, Schema } from "../core/config.js";
import type { Rng } from "../core/rng.js";
import { randomUniform } from "../core/tf-random.js";
import { Adam, gradStep } from "./adam.js";
import type { AgentSpec } from "./config.js";
import { randomCrop } from "./augment.js";
import { AUGMENT_SCHEMA, requirePixels, shiftedView, shiftedViews } from "./drq.js";
import { curlLoss } from "./losses.js";
import type { AuxiliaryObjective, UpdateContext } from "./module.js";
import { ParamSet } from "./nn.js";
import { CURL_REFERENCE, withDefaults } from "./presets.js";
import { SAC_CORE_SCHEMA, SacAgent, type ViewsFn } from "./sac.js";

export const CURL_SCHEMA = withDefaults({
  algorithm: { type: "enum", values: ["curl"], default: "curl", doc: "SAC + random crops + contrastive loss" },
  ...SAC_CORE_SCHEMA,
  ...AUGMENT_SCHEMA,
  curlLr: { type: "number", default: 1e-3, min: 0, exclusiveMin: true, doc: "Adam lr of the encoder + W on the contrastive loss" },
  curlEncoderSteps: { type: "number", default: 2, min: 1, max: 2, integer: true, doc: "Adam steps of the encoder per CURL update (reference 2: encoder_optimizer and cpc_optimizer; 1 = legacy)" },
  augmentation: { type: "enum", values: ["crop", "shift"], default: "crop", doc: "crop: random crop of a larger render (env.preCropSize), centre crop to act (reference); shift: random shift (legacy)" },
} as const satisfies Schema, CURL_REFERENCE);

/** A random crop of a uint8 batch rendered at obsShape to `spec.cropSize`, as a float tensor (offsets from the update stream). */
export function croppedView(agent: SacAgent, images: ArrayLike<number>, batch: number): tf.Tensor {
  const [H, W, C] = agent.spec.obsShape as [number, number, number];
  const out = agent.spec.cropSize!;
  return agent.obsTensor(randomCrop(images as Uint8Array, batch, H, W, C, out, agent.updateRng).images, batch, out);
}

/** CURL's crop views: the observation, then the next observation (utils.py:134-135). */
export const croppedViews: ViewsFn = (batch, agent) => ({ obs: [croppedView(agent, batch.obs, batch.size)], next: [croppedView(agent, batch.nextObs, batch.size)] });

export type CurlConfig = ConfigOf<typeof CURL_SCHEMA>;

/** The contrastive objective: W, its Adam over encoder + W, and the InfoNCE step. */
export class CurlObjective implements AuxiliaryObjective {
  readonly name = "curl";
  readonly stage = "last";
  readonly params = new ParamSet();
  readonly W: tf.Variable;
  /** cpc_optimizer: encoder + W. */
  private readonly opt: Adam;
  /** encoder_optimizer: the encoder alone (second step of the encoder), or null (legacy: one step). */
  private readonly encoderOpt: Adam | null;

  /** `pad` null: keys are random crops (augmentation "crop"); else random shifts with that pad. */
  constructor(private readonly agent: SacAgent, private readonly pad: number | null, lr: number, init: Rng, encoderSteps = 1) {
    const d = agent.config.featureDim;
    this.W = this.params.add("W", randomUniform(init.fork("curl-W"), [d, d], 0, 1));
    this.opt = new Adam([...agent.encoder.vars, this.W], { lr });
    this.encoderOpt = encoderSteps === 2 ? new Adam(agent.encoder.vars, { lr }) : null;
  }

  update(ctx: UpdateContext): number {
    const enc = this.agent.encoder;
    const anchorsIn = ctx.views.obs[0]!;
    const keysIn = this.pad === null ? croppedView(this.agent, ctx.batch.obs, ctx.batch.size) : shiftedView(this.agent, ctx.batch.obs, ctx.batch.size, this.pad);
    const keys = tf.tidy(() => enc.targetFeatures(keysIn, ctx.rng));
    try {
      // reference order: encoder_optimizer.step(), then cpc_optimizer.step()
      return gradStep(() => curlLoss(enc.features(anchorsIn, ctx.rng), keys, this.W as tf.Tensor2D), this.encoderOpt ? [this.encoderOpt, this.opt] : [this.opt]);
    } finally {
      tf.dispose([keysIn, keys]);
    }
  }

  paramGroups(): tf.Variable[][] {
    return [this.params.vars];
  }

  optimizers(): Adam[] {
    return this.encoderOpt ? [this.opt, this.encoderOpt] : [this.opt];
  }

  dispose(): void {
    this.opt.dispose();
    this.encoderOpt?.dispose();
    this.params.dispose();
  }
}

/** CURL (algorithm "curl"). */
export function makeCurl(config: CurlConfig, spec: AgentSpec, seed: number): SacAgent {
  requirePixels(spec, "CURL", "contrasts augmented images");
  const crop = config.augmentation === "crop";
  return new SacAgent(config, spec, seed, {
    views: crop ? croppedViews : shiftedViews(config.augPad, 1, 1),
    crops: crop,
    auxiliary: (agent, init) => [new CurlObjective(agent, crop ? null : config.augPad, config.curlLr, init, config.curlEncoderSteps)],
  });
}
