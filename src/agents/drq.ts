/**
 * DrQ (Kostrikov, Yarats & Fergus 2021; reference denisyarats/drq): SAC from pixels where the
 * critic sees randomly shifted images (replicate pad `augPad`, integer crop; augment.ts).
 *   target  y = (1/K) Σ_k [r + γ·notDone·(min Q̄(ḡ(aug_k(o′)), a′_k) − α log π(a′_k|g(aug_k(o′))))]
 *   L_Q     = Σ_m Σ_j mean (Q_j(g(aug_m(o)), a) − y)²
 * Each view is an independent shift (the M observation shifts are drawn first, then the K
 * next-observation shifts); as in the reference every view is augmented, the "original" obs too
 * (replay_buffer.py:64-68 applies `aug_trans` to obs, next_obs, obs_aug and next_obs_aug). The
 * actor and α update use the first observation view (drq.py:303 `update_actor_and_alpha(obs)`).
 * Reference defaults K = M = 2 (`drqK`, `drqM`). Everything else is the SAC core (sac.ts), with
 * DrQ's own hyper-parameters (presets.ts DRQ_REFERENCE, from drq config.yaml / drq.py): one lr
 * 1e-3 and Adam's default β1 0.9 for actor, critic and α; the whole critic, encoder included,
 * soft-updated with τ = 0.01 (`encoderTau` = `criticTau` = 0.01); orthogonal conv init.
 *
 * Deviations from the reference: the random draws come from the agent's update stream in the
 * order M observation views, then K next views (the reference draws obs, next_obs, obs_aug,
 * next_obs_aug from torch's generator); `drqK`/`drqM` generalise its fixed 2 and 2. The sac-ae
 * small-tier runs before issue 12 used SAC-AE's values (α lr 1e-4, β1 0.5, τ_enc 0.05) and the
 * legacy switches; since the re-run no stored run does.
 */
import type * as tf from "@tensorflow/tfjs";
import type { ConfigOf, Schema } from "../core/config.js";
import { ReproError } from "../core/errors.js";
import { randomShift } from "./augment.js";
import type { AgentSpec } from "./config.js";
import { DRQ_REFERENCE, withDefaults } from "./presets.js";
import { SAC_CORE_SCHEMA, SacAgent, type ViewsFn } from "./sac.js";

/** Random-shift augmentation (DrQ, CURL). */
export const AUGMENT_SCHEMA = {
  augPad: { type: "number", default: 4, min: 0, integer: true, doc: "random-shift padding in pixels (reference: 4 at 84 px)" },
} as const satisfies Schema;

export const DRQ_SCHEMA = withDefaults({
  algorithm: { type: "enum", values: ["drq"], default: "drq", doc: "SAC + random shifts, target averaged over K views" },
  ...SAC_CORE_SCHEMA,
  ...AUGMENT_SCHEMA,
  drqK: { type: "number", default: 2, min: 1, integer: true, doc: "augmentations averaged in the target" },
  drqM: { type: "number", default: 2, min: 1, integer: true, doc: "augmentations in the Q loss" },
} as const satisfies Schema, DRQ_REFERENCE);

export type DrqConfig = ConfigOf<typeof DRQ_SCHEMA>;

/** A randomly shifted copy of a uint8 [B, H, W, C] batch, as a float tensor (shifts from the agent's update stream). */
export function shiftedView(agent: SacAgent, images: ArrayLike<number>, batch: number, pad: number): tf.Tensor {
  const [H, W, C] = agent.spec.obsShape as [number, number, number];
  return agent.obsTensor(randomShift(images as Uint8Array, batch, H, W, C, pad, agent.updateRng).images, batch);
}

/** M shifted observation views for the Q loss, then K shifted next-observation views for the target. */
export function shiftedViews(pad: number, M: number, K: number): ViewsFn {
  return (batch, agent) => {
    const obs: tf.Tensor[] = [];
    const next: tf.Tensor[] = [];
    for (let m = 0; m < M; m++) obs.push(shiftedView(agent, batch.obs, batch.size, pad));
    for (let k = 0; k < K; k++) next.push(shiftedView(agent, batch.nextObs, batch.size, pad));
    return { obs, next };
  };
}

export function requirePixels(spec: AgentSpec, algorithm: string, why: string): void {
  if (spec.observation !== "pixels") throw new ReproError(`${algorithm} ${why}; use observation "pixels" (or algorithm "sac" for states)`);
}

/**
 * The representation-learning agents (DBC, MICo, AMBS, RAP) need an encoder to shape: the conv
 * encoder from pixels, or from states the MLP encoder (`stateEncoder`, state-encoder.ts).
 */
export function requireLearnedEncoder(spec: AgentSpec, config: { stateEncoder?: readonly number[] }, algorithm: string, why: string): void {
  if (spec.observation !== "pixels" && config.stateEncoder === undefined) {
    throw new ReproError(`${algorithm} ${why}; use observation "pixels", or for states set stateEncoder (the MLP encoder's hidden widths, e.g. [256, 256])`);
  }
}

/** DrQ's random shifts move images: from states they are an error (the plan's Tier B has no crop analogue). */
export function requireImagesForShifts(spec: AgentSpec, algorithm: string): void {
  if (spec.observation !== "pixels") throw new ReproError(`${algorithm}'s augmentation "drq" shifts images; from states use augmentation "none"`);
}

/** DrQ (algorithm "drq"). */
export function makeDrq(config: DrqConfig, spec: AgentSpec, seed: number): SacAgent {
  requirePixels(spec, "DrQ", "augments images");
  return new SacAgent(config, spec, seed, { views: shiftedViews(config.augPad, config.drqM, config.drqK) });
}
