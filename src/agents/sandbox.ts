/**
 * The Chapter 5 representation-learning sandbox (research/seed000-ch5-7.md F.2): an MLP encoder
 * φ_ω trained on a fixed set of transitions by one behavioural-metric loss, with no RL. Every
 * loss is the agents' own function, imported, not re-implemented:
 *
 *   "mico"       micoLoss (mico.ts): the sampled loss (5.7), U(x, y) = ½(‖x‖² + ‖y‖²) + β θ,
 *                all B² pairs, target |r_i − r_j| + γ U(φ̄(s′_i), φ̄(s′_j)), Huber penalty
 *   "dbc"        dbcBisimulationLoss (dbc.ts, "paper" form): (‖φ_i − φ_j‖₁ − |r_i − r_j| − γ W2(P̂_i, P̂_j))²,
 *                P̂ a GaussianTransitionModel trained by Gaussian NLL
 *   "rap"        rapLoss (rap.ts): the practical RAP loss (5.15) with d̂_G and `k`, r_ψ's σ̂² from a
 *                GaussianRewardHead trained by NLL (rapRewardLoss "thesis"), μ̂ from P̂ on the target encoder
 *   "rap-l2"     the same with d̂ = ‖x − y‖₂ (the §5.5.3 ablation; rapLoss `embeddingDistance` "l2")
 *   "rap-shift"  the same with σ̂ ≡ 0: the reward target (r_i − r_j)², no variance correction
 *                (the §5.5.1 ablation; research F.3 A1)
 *
 * One step (Algorithm 3 lines 6–10, without the SAC lines): P̂ (and r_ψ) take one Adam step on
 * their NLL on detached embeddings; the encoder takes one Adam step on the metric loss alone; the
 * target encoder is Polyak-averaged with τ_φ. Only the metric loss trains the encoder, so each
 * method's representation is what its loss asks for.
 *
 * Deviations (F.2 sizes; the thesis's networks are conv encoders inside SAC):
 *   - encoder: MLP obsDim → `hidden` (ReLU) → `latent`, no LayerNorm (LayerNorm would pin ‖φ‖²,
 *     the part of d̂_G and U that carries the distance), glorot init;
 *   - DBC's encoder is trained by the bisimulation loss only (the reference also back-propagates
 *     L_P and the reward decoder's loss into it; there is no reward decoder here);
 *   - P̂'s next-embedding target is the online encoder's output on s′, detached (rap.py:277,
 *     bisim_agent.py:208); MICo's next-state features come from the target encoder (its reference).
 * Random draws (all from the `rng` passed in): encoder and model initialisation (forks
 * "encoder", "models"), then per step the batch indices and, for the permutation losses, the
 * permutation.
 */
import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { Adam, gradStep } from "./adam.js";
import { dbcBisimulationLoss } from "./dbc.js";
import { GaussianTransitionModel, gaussianNll, l1Distance, l2Distance, micoDistance, rapDistance, samplePairs } from "./metric-blocks.js";
import { micoLoss } from "./mico.js";
import { applyMlp, copyParams, mlp, ParamSet, softUpdate, type Dense } from "./nn.js";
import { GaussianRewardHead, rapLoss, rapRewardLoss } from "./rap.js";

export const SANDBOX_LOSSES = ["mico", "dbc", "rap", "rap-l2", "rap-shift"] as const;
export type SandboxLoss = (typeof SANDBOX_LOSSES)[number];

/** One method of the sandbox: a loss and its distance's parameter (β for MICo, k for d̂_G). */
export interface SandboxMethod {
  /** Readable name, e.g. "RAP d̂_G k=1e-5". */
  name: string;
  loss: SandboxLoss;
  /** k of d̂_G (rap, rap-shift). */
  k?: number;
  /** β of MICo's U (mico). */
  beta?: number;
}

export interface SandboxTraining {
  hidden: number;
  latent: number;
  /** Transitions per step (MICo: all B² pairs of them; the others: B permutation pairs). */
  batch: number;
  steps: number;
  /** Adam learning rate of the encoder and the models. */
  lr: number;
  /** Width of P̂ and r_ψ. */
  modelWidth: number;
  /** τ_φ of the target encoder (Table 5.1: 0.05). */
  tau: number;
  gamma: number;
  /** The loss is recorded as the mean over windows of this many steps. */
  logEvery: number;
  /**
   * The encoder's last glorot layer is multiplied by this at initialisation, so that ‖φ‖² starts
   * on the scale of the target distances (the thesis's LayerNorm output has ‖φ‖² ≈ Z instead).
   */
  outputScale: number;
}

/** The data the sandbox trains on (src/mdp/observations.ts `ObservedTransitions` has this shape). */
export interface SandboxData {
  readonly count: number;
  readonly obsDim: number;
  readonly nActions: number;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  readonly obs: Float32Array;
  readonly nextObs: Float32Array;
}

/** An MLP encoder and its target copy. */
export class SandboxEncoder {
  readonly params = new ParamSet();
  readonly target = new ParamSet();
  private readonly layers: Dense[];
  private readonly targetLayers: Dense[];

  constructor(obsDim: number, hidden: number, latent: number, rng: Rng, outputScale = 1) {
    if (![obsDim, hidden, latent].every((d) => Number.isInteger(d) && d > 0)) throw new ReproError(`sandbox encoder: sizes must be positive integers, got ${obsDim}, ${hidden}, ${latent}`);
    if (!(outputScale > 0)) throw new ReproError(`sandbox encoder: outputScale must be > 0, got ${outputScale}`);
    this.layers = mlp(this.params, rng.fork("online"), "enc", [obsDim, hidden, latent], "glorot");
    this.targetLayers = mlp(this.target, rng.fork("target"), "enc", [obsDim, hidden, latent], "glorot");
    const last = this.layers[this.layers.length - 1]!.w;
    tf.tidy(() => last.assign(tf.mul(last, outputScale)));
    copyParams(this.target.vars, this.params.vars);
  }

  embed(x: tf.Tensor): tf.Tensor2D {
    return applyMlp(this.layers, x);
  }

  embedTarget(x: tf.Tensor): tf.Tensor2D {
    return applyMlp(this.targetLayers, x);
  }

  dispose(): void {
    this.params.dispose();
    this.target.dispose();
  }
}

/** The learned distance d̂ each method regresses (what the evaluation reads). */
export function sandboxDistance(m: SandboxMethod): (x: tf.Tensor, y: tf.Tensor) => tf.Tensor2D {
  switch (m.loss) {
    case "mico": {
      const beta = methodBeta(m);
      return (x, y) => micoDistance(x, y, beta);
    }
    case "dbc":
      return l1Distance;
    case "rap-l2":
      return l2Distance;
    case "rap":
    case "rap-shift": {
      const k = methodK(m);
      return (x, y) => rapDistance(x, y, k);
    }
  }
}

function methodK(m: SandboxMethod): number {
  if (!(m.k !== undefined && m.k > 0)) throw new ReproError(`sandbox method "${m.name}" (${m.loss}) needs k > 0 for d̂_G`);
  return m.k;
}

function methodBeta(m: SandboxMethod): number {
  if (!(m.beta !== undefined && m.beta >= 0)) throw new ReproError(`sandbox method "${m.name}" (mico) needs β ≥ 0`);
  return m.beta;
}

function checkTraining(t: SandboxTraining): void {
  for (const key of ["hidden", "latent", "batch", "steps", "modelWidth", "logEvery"] as const) {
    if (!(Number.isInteger(t[key]) && t[key] > 0)) throw new ReproError(`sandbox: ${key} must be a positive integer, got ${t[key]}`);
  }
  if (!(t.lr > 0) || !(t.tau > 0 && t.tau <= 1) || !(t.gamma >= 0 && t.gamma < 1) || !(t.outputScale > 0)) throw new ReproError(`sandbox: need lr > 0, 0 < τ ≤ 1, 0 ≤ γ < 1, outputScale > 0 (got ${t.lr}, ${t.tau}, ${t.gamma}, ${t.outputScale})`);
}

/** Loss of the metric term, one point per `logEvery` steps (mean over the window). */
export interface LossPoint {
  step: number;
  loss: number;
}

export interface SandboxModels {
  transition: GaussianTransitionModel | null;
  rewardHead: GaussianRewardHead | null;
}

/** A fresh encoder (and the method's models) for `method`, initialised from `rng`. */
export function initSandbox(method: SandboxMethod, data: SandboxData, t: SandboxTraining, rng: Rng): { encoder: SandboxEncoder; models: SandboxModels } {
  checkTraining(t);
  sandboxDistance(method); // validates k / β
  const encoder = new SandboxEncoder(data.obsDim, t.hidden, t.latent, rng.fork("encoder"), t.outputScale);
  const mr = rng.fork("models");
  const needsP = method.loss !== "mico";
  const needsR = method.loss === "rap" || method.loss === "rap-l2";
  return {
    encoder,
    models: {
      transition: needsP ? new GaussianTransitionModel(t.latent, data.nActions, t.modelWidth, true, mr, "glorot") : null,
      rewardHead: needsR ? new GaussianRewardHead(t.latent, t.modelWidth, mr, "glorot") : null,
    },
  };
}

function batchTensors(data: SandboxData, idx: Int32Array): { obs: tf.Tensor2D; next: tf.Tensor2D; action: tf.Tensor2D; reward: tf.Tensor2D } {
  const B = idx.length;
  const D = data.obsDim;
  const A = data.nActions;
  const obs = new Float32Array(B * D);
  const next = new Float32Array(B * D);
  const action = new Float32Array(B * A);
  const reward = new Float32Array(B);
  idx.forEach((t, b) => {
    obs.set(data.obs.subarray(t * D, (t + 1) * D), b * D);
    next.set(data.nextObs.subarray(t * D, (t + 1) * D), b * D);
    action[b * A + data.actions[t]!] = 1;
    reward[b] = data.rewards[t]!;
  });
  return { obs: tf.tensor2d(obs, [B, D]), next: tf.tensor2d(next, [B, D]), action: tf.tensor2d(action, [B, A]), reward: tf.tensor2d(reward, [B, 1]) };
}

/**
 * Train the encoder by `method`'s loss for `t.steps` steps (see the file comment). Returns the
 * metric loss curve; the encoder and models are updated in place.
 */
export function trainSandbox(method: SandboxMethod, data: SandboxData, t: SandboxTraining, encoder: SandboxEncoder, models: SandboxModels, rng: Rng): LossPoint[] {
  checkTraining(t);
  if (!(data.count >= t.batch)) throw new ReproError(`sandbox: ${data.count} transitions are fewer than one batch of ${t.batch}`);
  const encOpt = new Adam(encoder.params.vars, { lr: t.lr });
  const pOpt = models.transition ? new Adam(models.transition.params.vars, { lr: t.lr }) : null;
  const rOpt = models.rewardHead ? new Adam(models.rewardHead.params.vars, { lr: t.lr }) : null;
  const curve: LossPoint[] = [];
  let acc = 0;
  let inWindow = 0;
  try {
    for (let step = 1; step <= t.steps; step++) {
      const idx = Int32Array.from({ length: t.batch }, () => rng.int(data.count));
      const b = batchTensors(data, idx);
      const owned: tf.Tensor[] = [b.obs, b.next, b.action, b.reward];
      let value: number;
      try {
        if (method.loss === "mico") {
          const nextTarget = tf.tidy(() => encoder.embedTarget(b.next));
          owned.push(nextTarget);
          const pairs = samplePairs("all-pairs", t.batch, rng);
          value = gradStep(() => {
            const z = encoder.embed(b.obs);
            return micoLoss(z, z, nextTarget, b.reward, pairs, t.gamma, methodBeta(method));
          }, [encOpt]);
        } else {
          const pairs = samplePairs("permutation", t.batch, rng);
          // P̂ and r_ψ first, on detached embeddings (Algorithm 3 lines 6–7)
          const z = tf.tidy(() => encoder.embed(b.obs));
          const nextZ = tf.tidy(() => encoder.embed(b.next));
          owned.push(z, nextZ);
          const transition = models.transition!;
          gradStep(() => {
            const p = transition.forward(z, b.action);
            return gaussianNll(p.mu, p.sigma!, nextZ);
          }, [pOpt!]);
          if (models.rewardHead) {
            const head = models.rewardHead;
            gradStep(() => {
              const h = head.forward(z);
              return rapRewardLoss(h.mu, h.sigma, b.reward, "thesis");
            }, [rOpt!]);
          }
          if (method.loss === "dbc") {
            const p = tf.tidy(() => {
              const f = transition.forward(z, b.action);
              return { mu: f.mu, sigma: f.sigma! };
            });
            owned.push(p.mu, p.sigma);
            value = gradStep(() => dbcBisimulationLoss(encoder.embed(b.obs), b.reward, p.mu, p.sigma, pairs, t.gamma, "paper"), [encOpt]);
          } else {
            // (5.15): μ̂ from P̂ on the target encoder; σ̂_r from r_ψ (rap, rap-l2) or 0 (rap-shift)
            const tg = tf.tidy(() => {
              const p = transition.forward(encoder.embedTarget(b.obs), b.action);
              const rs = models.rewardHead ? models.rewardHead.forward(z).sigma : tf.zeros([t.batch, 1]);
              return { mu: p.mu, sigma: p.sigma!, rewardSigma: rs };
            });
            owned.push(tg.mu, tg.sigma, tg.rewardSigma);
            const settings = { gamma: t.gamma, k: method.loss === "rap-l2" ? 1 : methodK(method), nextStateDistance: "rap" as const, regression: "squared" as const, embeddingDistance: method.loss === "rap-l2" ? ("l2" as const) : ("rap" as const) };
            value = gradStep(() => rapLoss(encoder.embed(b.obs), b.reward, tg.rewardSigma, tg.mu, tg.sigma, pairs, settings), [encOpt]);
          }
        }
      } finally {
        tf.dispose(owned);
      }
      softUpdate(encoder.target.vars, encoder.params.vars, t.tau);
      if (!Number.isFinite(value)) throw new ReproError(`sandbox ${method.name}: the loss became ${value} at step ${step}; lower lr`);
      acc += value;
      inWindow++;
      if (step % t.logEvery === 0 || step === t.steps) {
        curve.push({ step, loss: acc / inWindow });
        acc = 0;
        inWindow = 0;
      }
    }
  } finally {
    encOpt.dispose();
    pOpt?.dispose();
    rOpt?.dispose();
  }
  return curve;
}

/** φ(o) for `count` observations (rows of `obs`), as float64 [count × latent]. */
export function embedObservations(encoder: SandboxEncoder, obs: Float32Array, obsDim: number): Float64Array {
  const count = obs.length / obsDim;
  if (!Number.isInteger(count)) throw new ReproError(`embed: ${obs.length} values are not rows of ${obsDim}`);
  const z = tf.tidy(() => encoder.embed(tf.tensor2d(obs, [count, obsDim])));
  const out = Float64Array.from(z.dataSync());
  z.dispose();
  return out;
}

/** d̂(x_p, y_p) of `method` for paired rows of x and y ([count × latent] each). */
export function pairDistances(method: SandboxMethod, x: Float64Array, y: Float64Array, latent: number): Float64Array {
  if (x.length !== y.length || x.length % latent !== 0) throw new ReproError(`pairDistances: need two [count × ${latent}] arrays of the same size, got ${x.length} and ${y.length}`);
  const count = x.length / latent;
  const d = tf.tidy(() => sandboxDistance(method)(tf.tensor2d(Float32Array.from(x), [count, latent]), tf.tensor2d(Float32Array.from(y), [count, latent])));
  const out = Float64Array.from(d.dataSync());
  d.dispose();
  return out;
}

/** The n × n matrix d̂(e_i, e_j) over rows of `e` ([n × latent]). */
export function distanceMatrix(method: SandboxMethod, e: Float64Array, latent: number): Float64Array {
  const n = e.length / latent;
  const x = new Float64Array(n * n * latent);
  const y = new Float64Array(n * n * latent);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    x.set(e.subarray(i * latent, (i + 1) * latent), (i * n + j) * latent);
    y.set(e.subarray(j * latent, (j + 1) * latent), (i * n + j) * latent);
  }
  return pairDistances(method, x, y, latent);
}

/** Dispose an encoder and its models. */
export function disposeSandbox(encoder: SandboxEncoder, models: SandboxModels): void {
  encoder.dispose();
  models.transition?.dispose();
  models.rewardHead?.dispose();
}
