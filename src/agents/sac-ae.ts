/**
 * SAC+AE (Yarats et al. 2021; S3 = research/seed001-003.md Part C) and the ablations the
 * summary discusses, selected by `decoder`, `actorGradToEncoder` and `alternateEvery`:
 *
 *   decoder "rae"  (SAC+AE)   deterministic encoder; after each RL update (every
 *                             `decoderUpdateFreq`): L = mean (f_θ(g(o)) − ō)² + λ_z mean ½‖g(o)‖²,
 *                             ō the reconstruction target (`reconstructionTarget`, below),
 *                             decoder weight decay λ_θ (coupled L2); the
 *                             encoder's and decoder's Adams step on it. Critic gradients reach
 *                             the encoder, actor gradients do not.
 *   decoder "off"  (SAC:pixel) no decoder: identical to SAC from pixels.
 *   decoder "vae"             Gaussian encoder q(z|o) = N(μ, σ²), z = μ + σε fed to the critic,
 *                             β-VAE loss mean (f_θ(z) − ō)² + β·KL/D (S3 Eq. 6).
 *     + actorGradToEncoder    "end-to-end β-VAE": actor gradients also reach the encoder
 *                             (S3: "severe instability").
 *     + alternateEvery = K    "alternating": blocks of K VAE-only updates and K RL-only updates;
 *                             the RL blocks do not train the encoder and see its mean μ (S3:
 *                             performance grows with alternation frequency but does not close the gap).
 *
 * The SAC core (sac.ts) does the RL part; this file adds the decoder objective (stage "last",
 * reference `update_decoder` after the soft updates), chooses the encoder options, and owns the
 * alternation schedule. Defaults: presets.ts SAC_AE_REFERENCE (pytorch_sac_ae train.py).
 *
 * Reconstruction target (`reconstructionTarget`): "quantized" is the reference's
 * `utils.preprocess_obs` (utils.py:56-65, bits = 5; sac_ae.py:374): ō = ⌊o / 2³⌋ / 2⁵ + u / 2⁵ − 0.5
 * with o the byte value and u ~ U[0, 1) per pixel (drawn from the update stream); "plain" is the
 * project's earlier ō = o/255 − 0.5 (stored runs). The first learning step does `initSteps`
 * updates (`initialUpdateBurst`, train.py:223-226; train.ts).
 *
 * Deviations kept: the β-VAE ablations (decoder "vae", `actorGradToEncoder`, `alternateEvery`)
 * have no reference code; their actor reads the shared latent z (encoder.ts). The sac-ae
 * small-tier runs before issue 12 used the legacy switches (critic-head, glorot, plain target,
 * no burst); since the re-run no stored run does.
 */
import * as tf from "@tensorflow/tfjs";
import type { ConfigOf, Schema } from "../core/config.js";
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { randomUniform } from "../core/tf-random.js";
import { Adam, gradStep } from "./adam.js";
import type { AgentSpec } from "./config.js";
import { PixelDecoder } from "./decoder.js";
import { requirePixels } from "./drq.js";
import type { EncoderOptions } from "./encoder.js";
import { betaVaeLoss, raeLoss } from "./losses.js";
import { NetworkModule, type AuxiliaryObjective, type UpdateContext, type UpdateParts, type UpdateSchedule } from "./module.js";
import { SAC_AE_REFERENCE, withDefaults } from "./presets.js";
import { SAC_CORE_SCHEMA, SacAgent } from "./sac.js";

export const SAC_AE_SCHEMA = withDefaults({
  algorithm: { type: "enum", values: ["sac-ae"], default: "sac-ae", doc: "SAC + pixel decoder (and its β-VAE ablations)" },
  ...SAC_CORE_SCHEMA,
  encoderLr: { type: "number", default: 1e-3, min: 0, exclusiveMin: true, doc: "Adam lr of the encoder on the decoder loss" },
  decoderLr: { type: "number", default: 1e-3, min: 0, exclusiveMin: true },
  decoder: { type: "enum", values: ["rae", "vae", "off"], default: "rae", doc: "deterministic RAE, β-VAE, or no decoder (= SAC:pixel)" },
  decoderUpdateFreq: { type: "number", default: 1, min: 1, integer: true },
  latentLambda: { type: "number", default: 1e-6, min: 0, doc: "RAE latent L2 λ_z" },
  decoderWeightLambda: { type: "number", default: 1e-7, min: 0, doc: "decoder weight decay λ_θ (coupled L2)" },
  beta: { type: "number", default: 1, min: 0, doc: "β of the β-VAE" },
  actorGradToEncoder: { type: "boolean", default: false, doc: "let actor gradients reach the encoder (end-to-end β-VAE)" },
  alternateEvery: { type: "number", default: 0, min: 0, integer: true, doc: ">0: alternate K VAE updates and K RL updates; the RL phase does not train the encoder" },
  reconstructionTarget: { type: "enum", values: ["quantized", "plain"], default: "quantized", doc: "quantized: reference preprocess_obs (5 bits + uniform noise − 0.5); plain: o/255 − 0.5 (legacy)" },
} as const satisfies Schema, SAC_AE_REFERENCE);

/**
 * The reference's reconstruction target (pytorch_sac_ae utils.py:56-65 `preprocess_obs`, bits 5)
 * of observations o/255 in [0, 1]: ⌊byte / 8⌋ / 32 + u / 32 − 0.5, u ~ U[0, 1) from `rng`.
 */
export function quantizedTarget(obs: tf.Tensor, rng: Rng): tf.Tensor {
  const bits = 5;
  const bins = 2 ** bits;
  const noise = randomUniform(rng, obs.shape);
  return tf.tidy(() => {
    const bytes = tf.round(tf.mul(obs, 255)); // the stored uint8 values, exactly
    const q = tf.div(tf.floor(tf.div(bytes, 2 ** (8 - bits))), bins);
    const out = tf.sub(tf.add(q, tf.div(noise, bins)), 0.5);
    noise.dispose();
    return out;
  });
}

export type SacAeConfig = ConfigOf<typeof SAC_AE_SCHEMA>;

/** The decoder objective: f_θ and its Adam; steps the encoder's own Adam with it (reference `update_decoder`). */
export class DecoderObjective extends NetworkModule<PixelDecoder> implements AuxiliaryObjective {
  readonly name = "decoder";
  readonly stage = "last";

  constructor(private readonly agent: SacAgent, private readonly config: SacAeConfig) {
    // the label "decoder-init" on the update stream's seed is kept so SAC+AE's numbers stay those of the stored runs
    const net = new PixelDecoder(agent.encoder.pixelEncoder.config, agent.updateRng.fork("decoder-init"));
    super(net, new Adam(net.params.vars, { lr: config.decoderLr, weightDecay: config.decoderWeightLambda }));
  }

  update(ctx: UpdateContext): number {
    const cfg = this.config;
    // the alternation schedule decides when the VAE phase runs; otherwise every `decoderUpdateFreq` RL updates
    if (cfg.alternateEvery === 0 && ctx.updates % cfg.decoderUpdateFreq !== 0) return NaN;
    const encoder = this.agent.encoder;
    const vae = cfg.decoder === "vae";
    const obs = ctx.views.obs[0]! as tf.Tensor4D;
    const target = this.target(obs, ctx.rng);
    const [, H, W, C] = obs.shape;
    try {
      return gradStep(() => {
        const enc = encoder.online!.forward(obs, vae ? ctx.rng : undefined);
        const rec = this.net.forward(enc.features);
        return vae
          ? betaVaeLoss(rec, target, enc.mu!, enc.logStd!, cfg.beta, H * W * C)
          : raeLoss(rec, target, enc.features, cfg.latentLambda);
      }, [encoder.optimizer!, this.opt]);
    } finally {
      target.dispose();
    }
  }

  /** The reconstruction target ō of observations o/255 (`reconstructionTarget`); "quantized" draws its noise from `rng`. */
  target(obs: tf.Tensor, rng: Rng): tf.Tensor {
    return this.config.reconstructionTarget === "quantized" ? quantizedTarget(obs, rng) : tf.tidy(() => tf.sub(obs, 0.5));
  }
}

/** Alternating β-VAE: blocks of K decoder-only updates, then K RL-only updates, starting with the decoder. */
export class AlternatingSchedule implements UpdateSchedule {
  readonly name = "alternation";
  /** Update calls seen (both phases). */
  private count = 0;

  constructor(private readonly every: number) {}

  next(): UpdateParts {
    const decoderPhase = Math.floor(this.count / this.every) % 2 === 0;
    this.count++;
    return { rl: !decoderPhase, auxiliary: decoderPhase };
  }

  counters(): number[] {
    return [this.count];
  }

  restoreCounters(c: readonly number[]): void {
    this.count = c[0]!;
  }

  paramGroups(): tf.Variable[][] {
    return [];
  }

  optimizers(): Adam[] {
    return [];
  }

  dispose(): void {}
}

/** SAC+AE and its ablations (algorithm "sac-ae"). */
export function makeSacAe(config: SacAeConfig, spec: AgentSpec, seed: number): SacAgent {
  requirePixels(spec, "SAC+AE", "reconstructs images");
  const vae = config.decoder === "vae";
  if (!vae && (config.actorGradToEncoder || config.alternateEvery > 0)) {
    throw new ReproError("actorGradToEncoder / alternateEvery are β-VAE ablations: set decoder \"vae\"");
  }
  const alternating = config.alternateEvery > 0;
  const encoder: EncoderOptions = {
    stochastic: vae,
    sampleInRl: vae && !alternating, // the RL blocks of the alternating variant read the mean μ
    trainedByCritic: !alternating,
    trainedByActor: config.actorGradToEncoder,
    ownLr: config.decoder === "off" ? null : config.encoderLr,
  };
  return new SacAgent(config, spec, seed, {
    encoder,
    auxiliary: config.decoder === "off" ? undefined : (agent) => [new DecoderObjective(agent, config)],
    schedule: alternating ? new AlternatingSchedule(config.alternateEvery) : undefined,
  });
}
