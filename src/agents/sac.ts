/**
 * SAC (v2: twin Q, learned α, tanh-Gaussian actor) from pixels or from states.
 *
 * One update (reference `SacAeAgent.update`, thesis Algorithm in §4.7.2 without the metric
 * losses; equations in losses.ts):
 *   1. critic: y = r + γ·notDone·(min Q̄(ḡ(o′), a′) − α log π(a′|g(o′))), a′ ~ π(·|g(o′));
 *      L_Q = Σ_j mean (Q_j(g(o), a) − y)²; the critic's Adam also trains the encoder g.
 *   2. every `actorUpdateFreq` updates: actor on detached features z = g(o):
 *      L_π = mean(α log π(ã|z) − min_j Q_j(z, ã)); then α with L_α = mean(α(−log π − H̄)).
 *   3. every `targetUpdateFreq` updates: Q̄ ← τ_Q Q + (1 − τ_Q) Q̄ and ḡ ← τ_enc g + (1 − τ_enc) ḡ.
 * From states the encoder is the identity (features = observation).
 *
 * The actor shares the critic's whole encoder, detached (DrQ's choice; SAC-AE ties only the conv
 * layers and gives the actor its own dense+LayerNorm head).
 *
 * Subclasses (drq.ts, curl.ts, sac-ae.ts) override `views` (which observations the critic
 * sees) and `auxiliaryUpdate` (a representation loss after the RL update).
 */
import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { Actor } from "./actor.js";
import { Adam, gradStep } from "./adam.js";
import type { AgentConfig, AgentSpec } from "./config.js";
import { Critic } from "./critic.js";
import { PixelEncoder } from "./encoder.js";
import { actorLoss, criticLoss, softTarget, temperatureLoss } from "./losses.js";
import { copyParams, readParams, softUpdate, writeParams } from "./nn.js";
import type { ReplayBatch } from "./replay.js";
import { Temperature } from "./temperature.js";

/** Losses and α of the last update (NaN for parts that did not run). */
export interface UpdateMetrics {
  criticLoss: number;
  actorLoss: number;
  alphaLoss: number;
  alpha: number;
  auxLoss: number;
}

/** Everything a checkpoint needs to continue an agent bit for bit. */
export interface AgentState {
  updates: number;
  rngs: Record<string, number[]>;
  params: Float32Array[];
  optimizers: { t: number; m: Float32Array[]; v: Float32Array[] }[];
}

/** The critic's view of a batch: M observation tensors for the loss, K next-observation tensors for the target. */
export interface BatchViews {
  obs: tf.Tensor[];
  next: tf.Tensor[];
}

export class SacAgent {
  readonly config: AgentConfig;
  readonly spec: AgentSpec;
  readonly encoder: PixelEncoder | null;
  readonly targetEncoder: PixelEncoder | null;
  readonly actor: Actor;
  readonly critic: Critic;
  readonly temperature: Temperature;
  protected readonly criticOpt: Adam;
  protected readonly actorOpt: Adam;
  protected readonly alphaOpt: Adam;
  /** Randomness of updates (policy samples, augmentations, VAE noise). */
  protected readonly updateRng: Rng;
  /** Randomness of exploration actions. */
  protected readonly actRng: Rng;
  /** True: the RL losses do not train the encoder (alternating β-VAE). */
  protected encoderFrozenForRl = false;
  updates = 0;
  lastMetrics: UpdateMetrics = { criticLoss: NaN, actorLoss: NaN, alphaLoss: NaN, alpha: NaN, auxLoss: NaN };

  constructor(config: AgentConfig, spec: AgentSpec, seed: number, opts: { stochasticEncoder?: boolean } = {}) {
    this.config = config;
    this.spec = spec;
    const root = new Rng(seed);
    const init = root.fork("init");
    this.updateRng = root.fork("update");
    this.actRng = root.fork("act");
    let featureDim: number;
    if (spec.observation === "pixels") {
      const [H, W, C] = spec.obsShape as [number, number, number];
      if (H !== W) throw new ReproError(`pixel observations must be square, got ${H}×${W}`);
      const enc = { size: H, channels: C, numLayers: config.numLayers, filters: config.numFilters, featureDim: config.featureDim, stochastic: opts.stochasticEncoder ?? false };
      this.encoder = new PixelEncoder(enc, init.fork("encoder"));
      this.targetEncoder = new PixelEncoder(enc, init.fork("encoder"));
      copyParams(this.targetEncoder.params.vars, this.encoder.params.vars);
      featureDim = config.featureDim;
    } else {
      this.encoder = null;
      this.targetEncoder = null;
      featureDim = spec.obsShape[0]!;
    }
    const A = spec.actionDim;
    this.actor = new Actor({ featureDim, actionDim: A, hiddenDim: config.hiddenDim, hiddenLayers: config.hiddenLayers, logStdMin: config.logStdMin, logStdMax: config.logStdMax }, init.fork("actor"));
    this.critic = new Critic({ featureDim, actionDim: A, hiddenDim: config.hiddenDim, hiddenLayers: config.hiddenLayers }, init.fork("critic"));
    this.temperature = new Temperature(config.initTemperature, A);
    const encVars = this.encoder ? this.encoder.params.vars : [];
    this.criticOpt = new Adam([...this.critic.params.vars, ...encVars], { lr: config.criticLr, beta1: config.criticBeta });
    this.actorOpt = new Adam(this.actor.params.vars, { lr: config.actorLr, beta1: config.actorBeta });
    this.alphaOpt = new Adam(this.temperature.params.vars, { lr: config.alphaLr, beta1: config.alphaBeta });
  }

  /** Turn a batch of raw observations into a tensor: pixels uint8 → [B, H, W, C] float in [0, 1]; states → [B, d]. */
  obsTensor(obs: ArrayLike<number>, batch: number): tf.Tensor {
    if (this.spec.observation === "pixels") {
      const [H, W, C] = this.spec.obsShape as [number, number, number];
      const f = new Float32Array(obs.length);
      for (let i = 0; i < f.length; i++) f[i] = obs[i]! / 255;
      return tf.tensor4d(f, [batch, H, W, C]);
    }
    return tf.tensor2d(Float32Array.from(obs), [batch, this.spec.obsShape[0]!]);
  }

  /** Online features of an observation tensor (inside a gradient closure they carry gradients). */
  protected features(obs: tf.Tensor): tf.Tensor2D {
    return this.encoder ? this.encoder.forward(obs as tf.Tensor4D, this.featureNoise()).features : (obs as tf.Tensor2D);
  }

  protected targetFeatures(obs: tf.Tensor): tf.Tensor2D {
    return this.targetEncoder ? this.targetEncoder.forward(obs as tf.Tensor4D, this.featureNoise()).features : (obs as tf.Tensor2D);
  }

  /** Noise source for a stochastic encoder (undefined: deterministic). */
  protected featureNoise(): Rng | undefined {
    return undefined;
  }

  /** Observations the critic loss and target see. SAC: the raw batch (M = K = 1). */
  protected views(batch: ReplayBatch): BatchViews {
    return { obs: [this.obsTensor(batch.obs, batch.size)], next: [this.obsTensor(batch.nextObs, batch.size)] };
  }

  /** A representation update after the RL update (SAC+AE decoder, CURL). Returns its loss or NaN. */
  protected auxiliaryUpdate(_batch: ReplayBatch, _views: BatchViews): number {
    return NaN;
  }

  /** One full update on a sampled batch. */
  update(batch: ReplayBatch): UpdateMetrics {
    const views = this.views(batch);
    try {
      const m = this.rlUpdate(batch, views);
      m.auxLoss = this.auxiliaryUpdate(batch, views);
      this.lastMetrics = m;
      return m;
    } finally {
      tf.dispose([...views.obs, ...views.next]);
    }
  }

  /** Steps 1–3 of the update (see the file comment). */
  protected rlUpdate(batch: ReplayBatch, views: BatchViews): UpdateMetrics {
    const B = batch.size;
    const A = this.spec.actionDim;
    const cfg = this.config;
    const metrics: UpdateMetrics = { criticLoss: NaN, actorLoss: NaN, alphaLoss: NaN, alpha: this.temperature.value, auxLoss: NaN };
    const action = tf.tensor2d(batch.actions, [B, A]);
    const reward = tf.tensor2d(batch.rewards, [B, 1]);
    const notDone = tf.tensor2d(batch.notDones, [B, 1]);
    try {
      // 1. critic target, averaged over the K next-observation views (K = 1 unless DrQ)
      const target = tf.tidy(() => {
        const alpha = this.temperature.alpha();
        const ys = views.next.map((next) => {
          const pi = this.actor.sample(this.features(next), this.updateRng);
          const [q1, q2] = this.critic.qTarget(this.targetFeatures(next), pi.action);
          return softTarget(reward, notDone, cfg.gamma, q1, q2, alpha, pi.logProb);
        });
        return ys.length === 1 ? ys[0]! : tf.div(tf.addN(ys), ys.length);
      });
      // frozen encoder: features are constants of the critic loss
      const frozen = this.encoderFrozenForRl && this.encoder
        ? views.obs.map((o) => tf.tidy(() => this.features(o)))
        : null;
      try {
        metrics.criticLoss = gradStep(() => {
          const losses = views.obs.map((o, i) => {
            const [q1, q2] = this.critic.q(frozen ? frozen[i]! : this.features(o), action);
            return criticLoss(q1, q2, target);
          });
          return (losses.length === 1 ? losses[0]! : tf.addN(losses)) as tf.Scalar;
        }, [this.encoderFrozenForRl ? this.criticOnlyOpt() : this.criticOpt]);
      } finally {
        target.dispose();
        if (frozen) tf.dispose(frozen);
      }
      this.updates++;

      // 2. actor and temperature
      if (this.updates % cfg.actorUpdateFreq === 0) {
        const r = this.actorUpdate(views.obs[0]!);
        metrics.actorLoss = r.actorLoss;
        metrics.alphaLoss = r.alphaLoss;
        metrics.alpha = this.temperature.value;
      }
      // 3. target networks
      if (this.updates % cfg.targetUpdateFreq === 0) {
        this.critic.updateTarget(cfg.criticTau);
        if (this.encoder && this.targetEncoder) softUpdate(this.targetEncoder.params.vars, this.encoder.params.vars, cfg.encoderTau);
      }
      return metrics;
    } finally {
      tf.dispose([action, reward, notDone]);
    }
  }

  private criticOnlyOptCache: Adam | null = null;
  /** Adam over the Q heads only (used when the encoder is frozen for RL). */
  protected criticOnlyOpt(): Adam {
    if (!this.criticOnlyOptCache) this.criticOnlyOptCache = new Adam(this.critic.params.vars, { lr: this.config.criticLr, beta1: this.config.criticBeta });
    return this.criticOnlyOptCache;
  }

  /** Optimizers whose gradients the actor loss feeds (actor only; + encoder in end-to-end variants). */
  protected actorOptimizers(): Adam[] {
    return [this.actorOpt];
  }

  /** Whether the actor loss differentiates through the encoder. */
  protected actorThroughEncoder(): boolean {
    return false;
  }

  protected actorUpdate(obs: tf.Tensor): { actorLoss: number; alphaLoss: number } {
    const through = this.actorThroughEncoder();
    const detached = through ? null : tf.tidy(() => this.features(obs));
    let logProb: tf.Tensor | null = null;
    try {
      const actorLossValue = gradStep(() => {
        const z = detached ?? this.features(obs);
        const pi = this.actor.sample(z, this.updateRng);
        const [q1, q2] = this.critic.q(z, pi.action);
        logProb = tf.keep(tf.clone(pi.logProb));
        return actorLoss(this.temperature.value, pi.logProb, q1, q2);
      }, this.actorOptimizers());
      const lp = logProb!;
      const alphaLossValue = gradStep(() => temperatureLoss(this.temperature.logAlpha, lp, this.temperature.targetEntropy), [this.alphaOpt]);
      return { actorLoss: actorLossValue, alphaLoss: alphaLossValue };
    } finally {
      if (detached) detached.dispose();
      if (logProb) (logProb as tf.Tensor).dispose();
    }
  }

  /**
   * An action for one observation: a sample of π (exploration) or tanh(μ) (`deterministic`,
   * evaluation). Sampling happens in JS with the agent's act stream.
   */
  act(observation: ArrayLike<number>, deterministic: boolean): number[] {
    const { mu, logStd } = tf.tidy(() => {
      const x = this.obsTensor(observation, 1);
      const z = this.encoder ? this.encoder.forward(x as tf.Tensor4D).features : (x as tf.Tensor2D);
      const d = this.actor.distribution(z);
      return { mu: d.mu.dataSync(), logStd: d.logStd.dataSync() };
    });
    const out: number[] = [];
    for (let i = 0; i < mu.length; i++) {
      out.push(Math.tanh(deterministic ? mu[i]! : mu[i]! + Math.exp(logStd[i]!) * this.actRng.normal()));
    }
    return out;
  }

  /** Named parameter groups in a fixed order (subclasses append theirs). */
  protected paramGroups(): tf.Variable[][] {
    const g: tf.Variable[][] = [this.actor.params.vars, this.critic.online.params.vars, this.critic.target.params.vars, this.temperature.params.vars];
    if (this.encoder && this.targetEncoder) g.push(this.encoder.params.vars, this.targetEncoder.params.vars);
    return g;
  }

  protected optimizers(): Adam[] {
    const o = [this.criticOpt, this.actorOpt, this.alphaOpt];
    if (this.criticOnlyOptCache) o.push(this.criticOnlyOptCache);
    return o;
  }

  protected rngs(): Record<string, Rng> {
    return { update: this.updateRng, act: this.actRng };
  }

  /** Total trainable parameters of the online networks. */
  get parameterCount(): number {
    let n = this.actor.params.count + this.critic.params.count + 1;
    if (this.encoder) n += this.encoder.params.count;
    return n;
  }

  getState(): AgentState {
    const rngs: Record<string, number[]> = {};
    for (const [k, r] of Object.entries(this.rngs())) rngs[k] = r.getState();
    return {
      updates: this.updates,
      rngs,
      params: this.paramGroups().flatMap((g) => readParams(g)),
      optimizers: this.optimizers().map((o) => o.getState()),
    };
  }

  setState(state: AgentState): void {
    this.updates = state.updates;
    for (const [k, r] of Object.entries(this.rngs())) {
      const s = state.rngs[k];
      if (!s) throw new ReproError(`agent checkpoint has no random state '${k}'`);
      r.setState(s);
    }
    writeParams(this.paramGroups().flat(), state.params);
    if (state.optimizers.length > this.optimizers().length) this.criticOnlyOpt();
    const opts = this.optimizers();
    if (opts.length !== state.optimizers.length) throw new ReproError(`agent checkpoint has ${state.optimizers.length} optimizers, agent has ${opts.length}`);
    opts.forEach((o, i) => o.setState(state.optimizers[i]!));
  }

  dispose(): void {
    for (const o of this.optimizers()) o.dispose();
    this.actor.dispose();
    this.critic.dispose();
    this.temperature.dispose();
    this.encoder?.dispose();
    this.targetEncoder?.dispose();
  }
}
