/**
 * SAC+AE (Yarats et al. 2021; S3 = research/seed001-003.md Part C) and the ablations the
 * summary discusses, selected by `decoder`, `actorGradToEncoder` and `alternateEvery`:
 *
 *   decoder "rae"  (SAC+AE)   deterministic encoder; after each RL update (every
 *                             `decoderUpdateFreq`): L = mean (f_θ(g(o)) − ō)² + λ_z mean ½‖g(o)‖²,
 *                             ō = o/255 − 0.5, decoder weight decay λ_θ (coupled L2); the
 *                             encoder's and decoder's Adams step on it. Critic gradients reach
 *                             the encoder, actor gradients do not.
 *   decoder "off"  (SAC:pixel) no decoder: identical to SacAgent from pixels.
 *   decoder "vae"             Gaussian encoder q(z|o) = N(μ, σ²), z = μ + σε fed to the critic,
 *                             β-VAE loss mean (f_θ(z) − ō)² + β·KL/D (S3 Eq. 6).
 *     + actorGradToEncoder    "end-to-end β-VAE": actor gradients also reach the encoder
 *                             (S3: "severe instability").
 *     + alternateEvery = K    "alternating": blocks of K VAE-only updates and K RL-only updates;
 *                             the RL blocks do not train the encoder (S3: performance grows with
 *                             alternation frequency but does not close the gap).
 */
import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { Adam, gradStep } from "./adam.js";
import type { AgentConfig, AgentSpec } from "./config.js";
import { PixelDecoder } from "./decoder.js";
import { betaVaeLoss, raeLoss } from "./losses.js";
import type { ReplayBatch } from "./replay.js";
import { SacAgent, type AgentState, type BatchViews, type UpdateMetrics } from "./sac.js";

export class SacAeAgent extends SacAgent {
  readonly decoder: PixelDecoder | null;
  private readonly encoderOpt: Adam | null;
  private readonly decoderOpt: Adam | null;
  private readonly vae: boolean;

  constructor(config: AgentConfig, spec: AgentSpec, seed: number) {
    if (spec.observation !== "pixels") throw new ReproError("SAC+AE reconstructs images; use observation \"pixels\"");
    const vae = config.decoder === "vae";
    if (!vae && (config.actorGradToEncoder || config.alternateEvery > 0)) {
      throw new ReproError("actorGradToEncoder / alternateEvery are β-VAE ablations: set decoder \"vae\"");
    }
    super(config, spec, seed, { stochasticEncoder: vae });
    this.vae = vae;
    this.encoderFrozenForRl = config.alternateEvery > 0;
    if (this.encoderFrozenForRl) this.criticOnlyOpt();
    if (config.decoder === "off") {
      this.decoder = null;
      this.encoderOpt = null;
      this.decoderOpt = null;
    } else {
      this.decoder = new PixelDecoder(this.encoder!.config, this.updateRng.fork("decoder-init"));
      this.encoderOpt = new Adam(this.encoder!.params.vars, { lr: config.encoderLr });
      this.decoderOpt = new Adam(this.decoder.params.vars, { lr: config.decoderLr, weightDecay: config.decoderWeightLambda });
    }
  }

  /** The β-VAE critic sees samples z ~ q(z|o) (deterministic encoders: no noise). */
  protected override featureNoise(): Rng | undefined {
    return this.vae && !this.encoderFrozenForRl ? this.updateRng : undefined;
  }

  protected override actorThroughEncoder(): boolean {
    return this.config.actorGradToEncoder;
  }

  protected override actorOptimizers(): Adam[] {
    return this.config.actorGradToEncoder ? [this.actorOpt, this.encoderOpt!] : [this.actorOpt];
  }

  /** Update calls seen by the alternation schedule (VAE and RL blocks together). */
  private scheduleCount = 0;

  /** Alternating (`alternateEvery` = K > 0): blocks of K VAE-only updates, then K RL-only updates. */
  override update(batch: ReplayBatch): UpdateMetrics {
    const K = this.config.alternateEvery;
    if (K === 0) return super.update(batch);
    const vaePhase = Math.floor(this.scheduleCount / K) % 2 === 0;
    this.scheduleCount++;
    const views = this.views(batch);
    try {
      if (vaePhase) {
        this.lastMetrics = { ...this.lastMetrics, auxLoss: this.auxiliaryUpdate(batch, views) };
      } else {
        this.lastMetrics = { ...this.rlUpdate(batch, views), auxLoss: NaN };
      }
      return this.lastMetrics;
    } finally {
      tf.dispose([...views.obs, ...views.next]);
    }
  }

  protected override auxiliaryUpdate(_batch: ReplayBatch, views: BatchViews): number {
    if (!this.decoder) return NaN;
    if (this.config.alternateEvery === 0 && this.updates % this.config.decoderUpdateFreq !== 0) return NaN;
    const obs = views.obs[0]! as tf.Tensor4D;
    const target = tf.tidy(() => tf.sub(obs, 0.5));
    const [, H, W, C] = obs.shape;
    try {
      return gradStep(() => {
        const enc = this.encoder!.forward(obs, this.vae ? this.updateRng : undefined);
        const rec = this.decoder!.forward(enc.features);
        return this.vae
          ? betaVaeLoss(rec, target, enc.mu!, enc.logStd!, this.config.beta, H * W * C)
          : raeLoss(rec, target, enc.features, this.config.latentLambda);
      }, [this.encoderOpt!, this.decoderOpt!]);
    } finally {
      target.dispose();
    }
  }

  protected override paramGroups(): tf.Variable[][] {
    return this.decoder ? [...super.paramGroups(), this.decoder.params.vars] : super.paramGroups();
  }

  protected override optimizers(): Adam[] {
    const o = super.optimizers();
    if (this.encoderOpt && this.decoderOpt) o.push(this.encoderOpt, this.decoderOpt);
    return o;
  }

  override getState(): AgentState {
    const s = super.getState();
    return { ...s, rngs: { ...s.rngs, schedule: [this.scheduleCount] } };
  }

  override setState(state: AgentState): void {
    super.setState(state);
    this.scheduleCount = state.rngs["schedule"]?.[0] ?? 0;
  }

  override dispose(): void {
    super.dispose();
    this.decoder?.dispose();
  }
}
