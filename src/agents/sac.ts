/**
 * SAC (v2: twin Q, learned α, tanh-Gaussian actor) from pixels or from states — and the core
 * every agent of this folder is built from. An agent is this core plus an `AgentRecipe`:
 * encoder options, the critic's views of a batch, and named auxiliary objectives (module.ts).
 * DrQ (drq.ts) changes the views, CURL (curl.ts) adds a contrastive objective, SAC+AE (sac-ae.ts)
 * adds a decoder objective and the β-VAE encoder options; DBC, MICo, AMBS and RAP add an
 * objective each (README.md).
 *
 * One update (reference pytorch_sac_ae `SacAeAgent.update`; thesis §4.7.2; equations in losses.ts):
 *   1. critic: y = mean_k [r + γ·notDone·(min_j Q̄_j(ḡ(o′_k), a′_k) − α log π(a′_k|h(o′_k)))],
 *      a′_k ~ π(·|h(o′_k)) with h the actor's encoder (below); L_Q = Σ_m Σ_j mean (Q_j(g(o_m), a) − y)². The critic's Adam also
 *      trains the encoder g (unless the encoder is frozen for RL). K = M = 1 except DrQ. The
 *      `criticTerm`s of "with-critic" objectives (MICo) are added to L_Q in the same step.
 *   2. auxiliary objectives of stage "after-critic" (DBC's bisimulation step: dbc.ts).
 *   3. every `actorUpdateFreq` updates: actor with ã ~ π(·|h(o₁)), h = the actor's head on the
 *      detached conv output, and z = g(o₁) detached: L_π = mean(α log π(ã|h) − min_j Q_j(z, ã));
 *      then α with L_α = mean(α(−log π − H̄)); then the objectives of stage "after-actor"
 *      (every update; AMBS's thesis order, Algorithm 2 steps 7–8 before the soft updates).
 *   4. every `targetUpdateFreq` updates: Q̄ ← τ_Q Q + (1 − τ_Q) Q̄ and ḡ ← τ_enc g + (1 − τ_enc) ḡ.
 *   5. auxiliary objectives of stage "last" (SAC+AE decoder, CURL: the reference calls
 *      `update_decoder` / `update_cpc` after the soft updates).
 * A schedule (SAC+AE's alternating β-VAE) may run only the RL part (1–4) or only stage 5.
 * Steps 1, 3 and 4 are public methods (`updateCritic`, `updateActorAndAlpha`, `updateTargets`)
 * so tests can check each on its own.
 * From states the encoder is the identity (features = observation).
 *
 * Random draws of an update, in order, all from the agent's update stream: the views' shifts
 * (DrQ/CURL), then per next view k: encoder noise (sampling β-VAE), policy noise, target-encoder
 * noise; then per observation view: encoder noise; then the "with-critic" terms' draws; then the
 * "after-critic" objectives' draws; then the actor's encoder noise and policy noise; then the
 * "after-actor" and then the "last" objectives' draws.
 *
 * The actor's features (`actorEncoder`): "own-head" (all four references) — the actor's encoder
 * ties only the conv layers to the critic's and has its own fc + LayerNorm (+ tanh) head, trained
 * by the actor loss; the actor update detaches the conv output; the next action of the critic
 * target and the acting policy use the actor's head. "critic-head" (legacy; no stored run
 * uses it since the sac-ae re-run): the actor reads the critic's whole encoder output, detached, everywhere.
 * In the actor update Q is evaluated on the critic's own (detached) features of the same obs
 * (reference `self.critic(obs, pi, detach_encoder=True)`).
 *
 * Deviations from the references kept on purpose: the order of the random draws (one stream,
 * stated above; the references use torch's global generator); `initialUpdateBurst` counts
 * `initSteps` updates exactly as train.py does (so 0 when initSteps = 0).
 */
import * as tf from "@tensorflow/tfjs";
import type { ConfigOf, Schema } from "../core/config.js";
import { ReproError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { ACTOR_SCHEMA, ActorModule } from "./actor.js";
import { gradStep } from "./adam.js";
import type { AgentSpec } from "./config.js";
import { CRITIC_SCHEMA, CriticModule } from "./critic.js";
import { CRITIC_TRAINED_ENCODER, ENCODER_SCHEMA, EncoderModule, type EncoderOptions } from "./encoder.js";
import { actorLoss, criticHuberLoss, criticLoss, softTarget, temperatureLoss } from "./losses.js";
import type { AgentModule, AuxiliaryObjective, AuxiliaryStage, BatchViews, UpdateContext, UpdateParts, UpdateSchedule } from "./module.js";
import { readParams, writeParams } from "./nn.js";
import { centreCrop } from "./augment.js";
import { SAC_AE_REFERENCE, withDefaults } from "./presets.js";
import type { ReplayBatch } from "./replay.js";
import { TEMPERATURE_SCHEMA, TemperatureModule } from "./temperature.js";

/** The SAC core's keys: shared network sizes and the batch, plus each core module's keys. */
export const SAC_CORE_SCHEMA = {
  hiddenDim: { type: "number", default: 1024, min: 1, integer: true, doc: "actor/critic MLP width" },
  hiddenLayers: { type: "number", default: 2, min: 1, integer: true },
  batchSize: { type: "number", default: 128, min: 2, integer: true },
  gamma: { type: "number", default: 0.99, min: 0, max: 1 },
  weightInit: { type: "enum", values: ["delta-orthogonal", "orthogonal", "glorot"], default: "delta-orthogonal", doc: "weight init (nn.ts WeightInit); glorot = legacy" },
  initialUpdateBurst: { type: "boolean", default: true, doc: "train.ts: initSteps updates at the first learning step (reference train.py); false = legacy" },
  ...ACTOR_SCHEMA,
  ...CRITIC_SCHEMA,
  ...TEMPERATURE_SCHEMA,
  ...ENCODER_SCHEMA,
} as const satisfies Schema;

/** Plain SAC: the core and nothing else. */
/** Plain SAC: the SAC-AE repository's pixel SAC (its defaults: presets.ts SAC_AE_REFERENCE). */
export const SAC_SCHEMA = withDefaults({
  algorithm: { type: "enum", values: ["sac"], default: "sac", doc: "SAC from states or pixels" },
  ...SAC_CORE_SCHEMA,
} as const satisfies Schema, SAC_AE_REFERENCE);

export type SacCoreConfig = ConfigOf<typeof SAC_CORE_SCHEMA>;
export type SacConfig = ConfigOf<typeof SAC_SCHEMA>;

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
  /** Plain counters of modules that have them (by module name). */
  counters: Record<string, number[]>;
}

/** The critic's views of a batch; created per update, disposed by the core. */
export type ViewsFn = (batch: ReplayBatch, agent: SacAgent) => BatchViews;

/** What makes an algorithm out of the core (each algorithm file builds one). */
export interface AgentRecipe {
  /** Which losses train the encoder and what the RL losses see (default: trained by the critic). */
  encoder?: EncoderOptions;
  /** The observations the critic loss and target see (default: the raw batch, M = K = 1). */
  views?: ViewsFn;
  /** Auxiliary objectives, built once the core exists (they may share its encoder); `init` is the agent's init stream. */
  auxiliary?: (agent: SacAgent, init: Rng) => AuxiliaryObjective[];
  /** Which parts of each update run (default: all of them). */
  schedule?: UpdateSchedule;
  /** The views crop observations rendered larger than the networks' input (`spec.cropSize`; CURL). */
  crops?: boolean;
  /** Clip the critic's and the actor's gradient norm to this (AMBS/RAP code: 40); absent/0: off. */
  gradClipNorm?: number;
  /** The TD penalty: "mse" (default) or "huber" (RAP's code: smooth-L1). */
  criticLoss?: "mse" | "huber";
}

/** The raw batch as the only view (SAC). */
export const rawViews: ViewsFn = (batch, agent) => ({ obs: [agent.obsTensor(batch.obs, batch.size)], next: [agent.obsTensor(batch.nextObs, batch.size)] });

const EVERY_PART: UpdateParts = { rl: true, auxiliary: true };

/** NaN when both are NaN, else the sum of the finite ones. */
function addLosses(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  return Number.isNaN(b) ? a : a + b;
}

export class SacAgent {
  readonly config: SacCoreConfig;
  readonly spec: AgentSpec;
  readonly encoder: EncoderModule;
  readonly actor: ActorModule;
  readonly critic: CriticModule;
  readonly temperature: TemperatureModule;
  readonly auxiliary: readonly AuxiliaryObjective[];
  readonly schedule: UpdateSchedule | null;
  /** Randomness of updates (policy samples, augmentations, VAE noise). */
  readonly updateRng: Rng;
  /** Randomness of exploration actions. */
  private readonly actRng: Rng;
  private readonly views: ViewsFn;
  private readonly tdLoss: typeof criticLoss;
  updates = 0;
  lastMetrics: UpdateMetrics = { criticLoss: NaN, actorLoss: NaN, alphaLoss: NaN, alpha: NaN, auxLoss: NaN };

  constructor(config: SacCoreConfig, spec: AgentSpec, seed: number, recipe: AgentRecipe = {}) {
    this.config = config;
    this.spec = spec;
    const root = new Rng(seed);
    const init = root.fork("init");
    this.updateRng = root.fork("update");
    this.actRng = root.fork("act");
    if (spec.cropSize !== undefined) {
      if (spec.observation !== "pixels" || !recipe.crops) throw new ReproError("a pre-crop render (env.preCropSize / spec.cropSize) is only for CURL's random crop (augmentation \"crop\")");
      const H = spec.obsShape[0]!;
      if (!Number.isInteger(spec.cropSize) || spec.cropSize < 1 || spec.cropSize >= H) throw new ReproError(`crop size ${spec.cropSize} must be an integer smaller than the rendered side ${H}`);
    } else if (recipe.crops) {
      throw new ReproError("CURL's random crop needs observations rendered larger than the crop: set env.preCropSize (reference: render 100, crop 84) or augmentation \"shift\"");
    }
    this.encoder = new EncoderModule(spec, config, init, recipe.encoder ?? CRITIC_TRAINED_ENCODER);
    const net = { featureDim: this.encoder.featureDim, actionDim: spec.actionDim, hiddenDim: config.hiddenDim, hiddenLayers: config.hiddenLayers, weightInit: config.weightInit };
    // the actor's Adam also trains its own encoder head (reference: actor.parameters() holds actor.encoder)
    this.actor = new ActorModule({ ...net, logStdMin: config.logStdMin, logStdMax: config.logStdMax, lr: config.actorLr, beta1: config.actorBeta, maxGradNorm: recipe.gradClipNorm }, init.fork("actor"), this.encoder.actorHeadVars);
    // the critic's Adam holds the encoder too (reference: the encoder is part of `critic.parameters()`)
    this.critic = new CriticModule({ ...net, lr: config.criticLr, beta1: config.criticBeta, maxGradNorm: recipe.gradClipNorm }, init.fork("critic"), this.encoder.options.trainedByCritic ? this.encoder.vars : []);
    this.temperature = new TemperatureModule({ initTemperature: config.initTemperature, lr: config.alphaLr, beta1: config.alphaBeta }, spec.actionDim);
    this.views = recipe.views ?? rawViews;
    this.tdLoss = recipe.criticLoss === "huber" ? criticHuberLoss : criticLoss;
    this.auxiliary = recipe.auxiliary?.(this, init) ?? [];
    for (const aux of this.auxiliary) {
      if (aux.stage === "with-critic" ? !aux.criticTerm : !aux.update) throw new ReproError(`auxiliary objective '${aux.name}' of stage "${aux.stage}" needs ${aux.stage === "with-critic" ? "criticTerm" : "update"}`);
    }
    this.schedule = recipe.schedule ?? null;
    const names = this.modules.map((m) => m.name);
    if (new Set(names).size !== names.length) throw new ReproError(`agent modules must have distinct names, got ${names.join(", ")}`);
  }

  /** Every module in checkpoint order. */
  get modules(): AgentModule[] {
    return [this.actor, this.critic, this.temperature, this.encoder, ...this.auxiliary, ...(this.schedule ? [this.schedule] : [])];
  }

  /** One update on a sampled batch, in the order of the file comment. */
  update(batch: ReplayBatch): UpdateMetrics {
    const cfg = this.config;
    const parts = this.schedule ? this.schedule.next() : EVERY_PART;
    const views = this.views(batch, this);
    const ctx = (updates = this.updates): UpdateContext => ({ batch, views, updates, rng: this.updateRng });
    try {
      // an update without its RL part reports the last RL losses (as the alternating β-VAE always did)
      const m: UpdateMetrics = parts.rl ? { criticLoss: NaN, actorLoss: NaN, alphaLoss: NaN, alpha: this.temperature.value, auxLoss: NaN } : { ...this.lastMetrics };
      let auxLoss = NaN;
      if (parts.rl) {
        m.criticLoss = this.updateCritic(batch, views, ctx(this.updates + 1));
        this.updates++;
        for (const aux of this.auxiliary) if (aux.stage === "with-critic") auxLoss = addLosses(auxLoss, aux.lastTerm ?? NaN);
        auxLoss = addLosses(auxLoss, this.updateAuxiliary("after-critic", ctx()));
        if (this.updates % cfg.actorUpdateFreq === 0) {
          [m.actorLoss, m.alphaLoss] = this.updateActorAndAlpha(views.obs[0]!);
          m.alpha = this.temperature.value;
        }
        auxLoss = addLosses(auxLoss, this.updateAuxiliary("after-actor", ctx()));
        if (this.updates % cfg.targetUpdateFreq === 0) this.updateTargets();
      }
      if (parts.auxiliary) auxLoss = addLosses(auxLoss, this.updateAuxiliary("last", ctx()));
      m.auxLoss = auxLoss;
      this.lastMetrics = m;
      return m;
    } finally {
      tf.dispose([...views.obs, ...views.next]);
    }
  }

  /**
   * Step 1: the soft Bellman target over the K next views, then the critic (and encoder) step on
   * the M views, plus the terms of "with-critic" objectives (`ctx` required when there are any).
   * Returns L_Q alone (the terms are reported by their objectives).
   */
  updateCritic(batch: ReplayBatch, views: BatchViews, ctx?: UpdateContext): number {
    const B = batch.size;
    const rng = this.updateRng;
    const action = tf.tensor2d(batch.actions, [B, this.spec.actionDim]);
    const reward = tf.tensor2d(batch.rewards, [B, 1]);
    const notDone = tf.tensor2d(batch.notDones, [B, 1]);
    const target = tf.tidy(() => {
      const alpha = this.temperature.net.alpha();
      const ys = views.next.map((next) => {
        const pi = this.actor.net.sample(this.encoder.actorFeatures(next, rng), rng);
        const [q1, q2] = this.critic.net.qTarget(this.encoder.targetFeatures(next, rng), pi.action);
        return softTarget(reward, notDone, this.config.gamma, q1, q2, alpha, pi.logProb);
      });
      return ys.length === 1 ? ys[0]! : tf.div(tf.addN(ys), ys.length);
    });
    const withCritic = this.auxiliary.filter((a) => a.stage === "with-critic");
    if (withCritic.length > 0 && !ctx) throw new ReproError("updateCritic: objectives of stage \"with-critic\" need the update context");
    let qLoss = NaN;
    try {
      const total = gradStep(() => {
        const losses = views.obs.map((o) => {
          const [q1, q2] = this.critic.net.q(this.encoder.features(o, rng), action);
          return this.tdLoss(q1, q2, target);
        });
        const lq = (losses.length === 1 ? losses[0]! : tf.addN(losses)) as tf.Scalar;
        if (withCritic.length === 0) return lq;
        qLoss = lq.dataSync()[0]!;
        return tf.addN([lq, ...withCritic.map((a) => a.criticTerm!(ctx!))]) as tf.Scalar;
      }, [this.critic.opt, ...withCritic.flatMap((a) => a.optimizers())]);
      return withCritic.length === 0 ? total : qLoss;
    } finally {
      tf.dispose([action, reward, notDone, target]);
    }
  }

  /**
   * Step 3: actor, then α on the same log π. Own head: π reads head(stop-grad(convs(o))) and Q
   * reads the critic's detached features. Critic head: both read z = g(o), detached unless the
   * encoder is trained by the actor (end-to-end β-VAE).
   */
  updateActorAndAlpha(obs: tf.Tensor): [actorLoss: number, alphaLoss: number] {
    const rng = this.updateRng;
    const enc = this.encoder;
    const throughEncoder = enc.options.trainedByActor;
    // the detach: tensors computed outside the gradient closure carry no gradient to the encoder
    const detached = throughEncoder ? null : tf.tidy(() => enc.features(obs, rng));
    const convs = enc.actorHead ? tf.tidy(() => enc.online!.trunk(obs)) : null;
    let logProb: tf.Tensor | null = null;
    try {
      const actorLossValue = gradStep(() => {
        const z = detached ?? enc.features(obs, rng);
        const pi = this.actor.net.sample(convs ? enc.actorHead!.forward(convs) : z, rng);
        const [q1, q2] = this.critic.net.q(z, pi.action);
        logProb = tf.keep(tf.clone(pi.logProb));
        return actorLoss(this.temperature.value, pi.logProb, q1, q2);
      }, throughEncoder ? [this.actor.opt, enc.optimizer!] : [this.actor.opt]);
      const lp = logProb!;
      const alphaLossValue = gradStep(() => temperatureLoss(this.temperature.net.logAlpha, lp, this.temperature.net.targetEntropy), [this.temperature.opt]);
      return [actorLossValue, alphaLossValue];
    } finally {
      if (detached && detached !== obs) detached.dispose();
      convs?.dispose();
      if (logProb) (logProb as tf.Tensor).dispose();
    }
  }

  /** Step 4: Polyak averaging of the target critic and the momentum encoder. */
  updateTargets(): void {
    this.critic.net.updateTarget(this.config.criticTau);
    this.encoder.updateTarget(this.config.encoderTau);
  }

  /** Steps 2 and 5: the auxiliary objectives of one stage, in recipe order; their summed loss or NaN. */
  private updateAuxiliary(stage: AuxiliaryStage, ctx: UpdateContext): number {
    let loss = NaN;
    for (const aux of this.auxiliary) if (aux.stage === stage) loss = addLosses(loss, aux.update!(ctx));
    return loss;
  }

  /** Turn a batch of raw observations into a tensor: pixels uint8 → [B, H, W, C] float in [0, 1]; states → [B, d]. */
  obsTensor(obs: ArrayLike<number>, batch: number, side?: number): tf.Tensor {
    if (this.spec.observation === "pixels") {
      const [H0, W0, C] = this.spec.obsShape as [number, number, number];
      const H = side ?? H0;
      const W = side ?? W0;
      const f = new Float32Array(obs.length);
      for (let i = 0; i < f.length; i++) f[i] = obs[i]! / 255;
      return tf.tensor4d(f, [batch, H, W, C]);
    }
    return tf.tensor2d(Float32Array.from(obs), [batch, this.spec.obsShape[0]!]);
  }

  /**
   * An action for one observation: a sample of π (exploration) or tanh(μ) (`deterministic`,
   * evaluation). Sampling happens in JS with the agent's act stream. Observations rendered
   * larger than the networks' input are centre-cropped (CURL: curl_sac.py:352-354, train.py:95).
   */
  act(observation: ArrayLike<number>, deterministic: boolean): number[] {
    const crop = this.spec.cropSize;
    const [H, W, C] = this.spec.obsShape as [number, number, number];
    const input = crop === undefined ? observation : centreCrop(observation as Uint8Array, H, W, C, crop);
    const { mu, logStd } = tf.tidy(() => {
      const d = this.actor.net.distribution(this.encoder.actorActFeatures(this.obsTensor(input, 1, crop)));
      return { mu: d.mu.dataSync(), logStd: d.logStd.dataSync() };
    });
    const out: number[] = [];
    for (let i = 0; i < mu.length; i++) {
      out.push(Math.tanh(deterministic ? mu[i]! : mu[i]! + Math.exp(logStd[i]!) * this.actRng.normal()));
    }
    return out;
  }

  /** Trainable parameters of the networks that act and evaluate (actor, critic, α, encoder; not auxiliary heads). */
  /** The auxiliary objectives' diagnostics (AuxiliaryObjective.diagnostics), merged: logged with each evaluation. */
  diagnostics(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const aux of this.auxiliary) if (aux.diagnostics) Object.assign(out, aux.diagnostics());
    return out;
  }

  get parameterCount(): number {
    return this.actor.net.params.count + this.critic.net.params.count + 1 + this.encoder.parameterCount;
  }

  getState(): AgentState {
    const counters: Record<string, number[]> = {};
    for (const m of this.modules) if (m.counters) counters[m.name] = m.counters();
    return {
      updates: this.updates,
      rngs: { update: this.updateRng.getState(), act: this.actRng.getState() },
      params: this.modules.flatMap((m) => m.paramGroups().flatMap((g) => readParams(g))),
      optimizers: this.modules.flatMap((m) => m.optimizers().map((o) => o.getState())),
      counters,
    };
  }

  setState(state: AgentState): void {
    const opts = this.modules.flatMap((m) => m.optimizers());
    if (opts.length !== state.optimizers.length) throw new ReproError(`agent checkpoint has ${state.optimizers.length} optimizers, agent has ${opts.length}; it was written by another algorithm or code version`);
    for (const [k, r] of [["update", this.updateRng], ["act", this.actRng]] as const) {
      const s = state.rngs[k];
      if (!s) throw new ReproError(`agent checkpoint has no random state '${k}'`);
      r.setState(s);
    }
    this.updates = state.updates;
    writeParams(this.modules.flatMap((m) => m.paramGroups().flat()), state.params);
    opts.forEach((o, i) => o.setState(state.optimizers[i]!));
    for (const m of this.modules) {
      if (!m.restoreCounters) continue;
      const c = state.counters?.[m.name];
      if (!c) throw new ReproError(`agent checkpoint has no counters for module '${m.name}'`);
      m.restoreCounters(c);
    }
  }

  dispose(): void {
    for (const m of this.modules) m.dispose();
  }
}

/** Plain SAC (algorithm "sac"). */
export function makeSac(config: SacConfig, spec: AgentSpec, seed: number): SacAgent {
  return new SacAgent(config, spec, seed);
}
