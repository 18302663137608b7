/**
 * RAP — the Reducing-Approximation-Gap distance (Chen & Pan, NeurIPS 2022; thesis Chapter 5,
 * research/seed000-ch5-7.md Parts A.8–A.9 and C; reference jianda-chen/RAP_distance @ 89f5f9a,
 * agent/rap.py, train.py, run_local.sh). Built here because it shares everything with DBC and
 * AMBS; the Chapter 5 issue uses it.
 *
 * The SAC core (sac.ts) with one objective:
 *   encoder      φ_ω: conv → fc → LayerNorm (`featureDim` 100; from states the MLP trunk of
 *                state-encoder.ts replaces the convs, `stateEncoder`), pairs (i, j) = (b, perm(b))
 *   r_ψ          state reward head N(μ̂_r, σ̂_r²) on φ(s), σ̂_r ∈ (1e-4, `rewardSigmaMax`) by a scaled sigmoid (rap.py:27-45)
 *   P̂           latent transition model N(μ̂, σ̂) on [φ, a] (metric-blocks.ts)
 *   d̂_G(x, y)   = ‖x‖² + ‖y‖² + k θ(x, y)   (Definition 5.6.4; `rapK`)
 *   practical loss (5.15), the target side stop-gradiented:
 *     L_RAP = mean_pairs [ (d̂_G(φ(s_i), φ(s_j)) − γ d̂_G(μ̂_i, μ̂_j))² − (|r_i − r_j|² − σ̂_r,i² − σ̂_r,j²) ]²
 *     μ̂_i = μ̂(P̂(φ_ω̄(s_i), a_i)) with φ_ω̄ the target encoder; σ̂_r² = r_ψ's variance (detached).
 *   Thesis order (Algorithm 3): critic, actor, α, then P̂ by α_P·L_P, r_ψ by L_r, the encoder by
 *   α_RAP·L_RAP, then the soft updates. L_P and L_r are Gaussian NLLs (erratum below) on the
 *   detached embeddings: each trains only its model; only L_RAP trains the encoder.
 *
 * Erratum fixed (as AMBS's (4.16)): the printed L_r = E[((r − μ̂)/(2σ̂))²] and L_P lack log σ̂ and
 * drive σ̂ to its bound; both use the Gaussian NLL mean(½((μ̂ − x)/σ̂)² + log σ̂) (`rapRewardLoss`,
 * test/agents/metric-rap.test.ts). The temperature loss (5.16) has (4.15)'s sign error; the core
 * uses the standard form (losses.ts).
 *
 * Preset differences (thesis vs authors-code) — every key on which "rap-thesis" and "rap-authors-code" differ:
 *   | `rapK`              | 1e-5: Definition 5.6.4                     | 1e-6: rap.py:352 (β of 'mico_angular'; "1e-5" left in a comment) |
 *   | `nextStateDistance` | "rap": d̂_G(μ̂_i, μ̂_j), (5.15)               | "w2-mean-per-dim": mean_k √(Δμ_k² + Δσ_k²), rap.py:319-328 |
 *   | `regression`        | "squared": (5.15)                          | "smooth-l1": rap.py:336 F.smooth_l1_loss |
 *   | `dynamicsEncoder`   | "target": P̂(φ_ω̄(s), a), (5.15)            | "online": P̂(φ(s), a) under no_grad, rap.py:277 |
 *   | `modelLoss`         | "thesis": Algorithm 3, P̂ and r_ψ in their own steps on detached inputs | "code": one step on 0.5·(L_RAP + L_r′) + 1e-4·(L_P + reward MSE), the encoder trained by all, rap.py:296-299, :373-404 |
 *   | `metricStage`       | "after-actor": Algorithm 3                 | "after-critic": rap.py:396-409 |
 *   | `criticLoss`        | "mse": §5.7.1 L_Q                          | "huber": rap.py:223-224 smooth-L1 TD loss |
 *   | `gradClipNorm`      | 0                                          | 40: rap.py:231, :253 |
 *   | `actorEncoder`      | "critic-head": the actor reads φ_ω(s), §5.7.1 | "own-head": tied convs + own fc/LN, rap.py:150 |
 *
 * In "code" mode the authors' extra pieces are trained: r_ψ's loss is rap.py:48-53's
 * ½·mean(½((μ̂ − r)/σ̂)² + log σ̂) inside the α_RAP term, the DBC reward decoder R̂ on a sample of
 * P̂ with MSE inside the α_P term (rap.py:385-388). Where the thesis is silent both presets take
 * the code's choice: permutation pairs, `rewardSigmaMax` 1 (rap.py:28), α₀ 0.1 and α β1 0.5
 * (run_local.sh:56-57), LayerNorm without tanh, delta-orthogonal init, the initial update burst.
 *
 * Gaps of (5.15) the research notes measure (seed000-ch5-7.md A.8) are kept as the thesis has them:
 * the squared form admits the root d = γ E d′ − |Δr|; the buffer's sampled actions replace the
 * expectation over π; μ̂ of next embeddings stands in for the embedding of the mean next state.
 *
 * Deliberate deviations from the authors' code: random draws from the agent's update stream (the
 * critic's, then the permutation, then, in "code" mode, ε for R̂'s sample); the models use the
 * agent's `weightInit`; the periods count the agent's updates. Not offered: the code's other
 * structural distances ('l1_smooth', 'l2', 'x^2+y^2-xy') and its non-square target.
 */
import * as tf from "@tensorflow/tfjs";
import type { ConfigOf, Schema } from "../core/config.js";
import type { Rng } from "../core/rng.js";
import { randomNormal } from "../core/tf-random.js";
import { Adam, gradStep } from "./adam.js";
import type { AgentSpec } from "./config.js";
import { LATENT_MODEL_SCHEMA } from "./dbc.js";
import { requireLearnedEncoder } from "./drq.js";
import { stopGradient } from "./losses.js";
import { GaussianTransitionModel, gaussianNll, l2Distance, rapDistance, RewardDecoder, rows, samplePairs, smoothL1, w2PerDimension, type Pairs } from "./metric-blocks.js";
import type { AuxiliaryObjective, UpdateContext } from "./module.js";
import { applyDense, dense, layerNorm, ParamSet, type Dense, type InitKind } from "./nn.js";
import { RAP_THESIS, withDefaults } from "./presets.js";
import { SAC_CORE_SCHEMA, SacAgent } from "./sac.js";

export const RAP_SCHEMA = withDefaults({
  algorithm: { type: "enum", values: ["rap"], default: "rap", doc: "SAC + the RAP distance (thesis Ch. 5)" },
  ...SAC_CORE_SCHEMA,
  ...LATENT_MODEL_SCHEMA,
  rapCoef: { type: "number", default: 0.5, min: 0, doc: "α_RAP, weight of L_RAP" },
  modelCoef: { type: "number", default: 1e-4, min: 0, doc: "α_P, weight of the transition (and, code, reward-decoder) loss" },
  rapK: { type: "number", default: 1e-5, min: 0, exclusiveMin: true, doc: "k of d̂_G(x, y) = ‖x‖² + ‖y‖² + k θ(x, y)" },
  rewardSigmaMax: { type: "number", default: 1, min: 0, exclusiveMin: true, doc: "upper bound of r_ψ's σ̂" },
  nextStateDistance: { type: "enum", values: ["rap", "w2-mean-per-dim"], default: "rap", doc: "d̂_G on the predicted means (5.15) or the code's mean per-dimension W2" },
  regression: { type: "enum", values: ["squared", "smooth-l1"], default: "squared", doc: "penalty of (5.15)'s residual" },
  dynamicsEncoder: { type: "enum", values: ["target", "online"], default: "target", doc: "P̂'s input in the target: φ_ω̄(s) (5.15) or the online φ(s) (code)" },
  modelLoss: { type: "enum", values: ["thesis", "code"], default: "thesis", doc: "Algorithm 3's separate steps, or the code's one joint step" },
  metricStage: { type: "enum", values: ["after-actor", "after-critic"], default: "after-actor", doc: "Algorithm 3 order, or the code's (right after the critic)" },
  criticLoss: { type: "enum", values: ["mse", "huber"], default: "mse", doc: "TD penalty of the critic" },
  gradClipNorm: { type: "number", default: 0, min: 0, doc: "clip the critic's and actor's gradient norm (0: off; code 40)" },
} as const satisfies Schema, RAP_THESIS);

export type RapConfig = ConfigOf<typeof RAP_SCHEMA>;

/** r_ψ: φ → dense(w) → LayerNorm → ReLU → dense(2) = (μ̂, σ̂), σ̂ = σ_min + (σ_max − σ_min)·sigmoid (rap.py:27-45). */
export class GaussianRewardHead {
  readonly params = new ParamSet();
  private readonly fc: Dense;
  private readonly lnGamma: tf.Variable;
  private readonly lnBeta: tf.Variable;
  private readonly out: Dense;

  constructor(latentDim: number, width: number, rng: Rng, init: InitKind, readonly sigmaMax = 1, readonly sigmaMin = 1e-4) {
    this.fc = dense(this.params, rng, "reward_head/fc", latentDim, width, init);
    this.lnGamma = this.params.ones("reward_head/ln/gamma", [width]);
    this.lnBeta = this.params.zeros("reward_head/ln/beta", [width]);
    this.out = dense(this.params, rng, "reward_head/out", width, 2, init);
  }

  forward(z: tf.Tensor): { mu: tf.Tensor2D; sigma: tf.Tensor2D } {
    const y = applyDense(this.out, tf.relu(layerNorm(applyDense(this.fc, z), this.lnGamma, this.lnBeta)));
    const [mu, raw] = tf.split(y, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return { mu, sigma: tf.add(this.sigmaMin, tf.mul(this.sigmaMax - this.sigmaMin, tf.sigmoid(raw))) as tf.Tensor2D };
  }

  dispose(): void {
    this.params.dispose();
  }
}

/** The reward head's loss: "thesis" the Gaussian NLL (L_r of §5.7.2 with its erratum fixed); "code" rap.py:48-53's ½·mean(½((μ̂ − r)/σ̂)² + log σ̂). */
export function rapRewardLoss(mu: tf.Tensor, sigma: tf.Tensor, r: tf.Tensor, form: "thesis" | "code"): tf.Scalar {
  if (form === "thesis") return gaussianNll(mu, sigma, r);
  const diff = tf.div(tf.sub(mu, stopGradient(r)), sigma);
  return tf.mul(0.5, tf.mean(tf.add(tf.mul(0.5, tf.square(diff)), tf.log(sigma)))) as tf.Scalar;
}

export interface RapLossSettings {
  gamma: number;
  k: number;
  nextStateDistance: "rap" | "w2-mean-per-dim";
  regression: "squared" | "smooth-l1";
  /**
   * The embedding distance d̂ on both sides of (5.15): "rap" d̂_G with `k` (Definition 5.6.4,
   * default), or "l2" ‖x − y‖₂, the zero-self-distance norm of the §5.5.3 ablation (research
   * F.2 (d), F.3 A2). With "w2-mean-per-dim" only the online side changes.
   */
  embeddingDistance?: "rap" | "l2";
}

/**
 * The practical RAP loss (5.15) on given tensors: z [B, Z] the encoder output (with gradient);
 * r [B, 1]; rewardSigma [B, 1] r_ψ's σ̂; mu, sigma [B, Z] P̂'s predictions for the target (sigma
 * only for "w2-mean-per-dim"); pairs. Everything but z is stop-gradiented here.
 */
export function rapLoss(z: tf.Tensor, r: tf.Tensor, rewardSigma: tf.Tensor, mu: tf.Tensor, sigma: tf.Tensor | null, pairs: Pairs, s: RapLossSettings): tf.Scalar {
  const { first: I, second: J } = pairs;
  const dist = s.embeddingDistance === "l2" ? l2Distance : (x: tf.Tensor, y: tf.Tensor) => rapDistance(x, y, s.k);
  const zDist = dist(rows(z, I), rows(z, J));
  const [mi, mj] = [rows(mu, I), rows(mu, J)];
  const sg = sigma ?? tf.zerosLike(mu);
  const next = stopGradient(s.nextStateDistance === "rap" ? dist(mi, mj) : tf.mean(w2PerDimension(mi, rows(sg, I), mj, rows(sg, J)), -1, true));
  const lhs = tf.square(tf.sub(zDist, tf.mul(s.gamma, next)));
  const v = tf.square(rewardSigma);
  const rhs = stopGradient(tf.sub(tf.sub(tf.square(tf.sub(rows(r, I), rows(r, J))), rows(v, I)), rows(v, J)));
  return (s.regression === "squared" ? tf.mean(tf.square(tf.sub(lhs, rhs))) : tf.mean(smoothL1(lhs, rhs))) as tf.Scalar;
}

/** Losses of the last RAP step (NaN before the first, or for parts a mode does not have). */
export interface RapLosses {
  rap: number;
  transition: number;
  rewardHead: number;
  rewardDecoder: number;
}

/** r_ψ, P̂ (and R̂ in code mode), their Adams, the encoder's Adam, and the RAP step. */
export class RapObjective implements AuxiliaryObjective {
  readonly name = "rap";
  readonly stage: "after-actor" | "after-critic";
  readonly transition: GaussianTransitionModel;
  readonly rewardHead: GaussianRewardHead;
  readonly rewardDecoder: RewardDecoder | null;
  readonly encoderOpt: Adam;
  /** P̂ (and R̂). */
  readonly modelOpt: Adam;
  /** r_ψ. */
  readonly headOpt: Adam;
  last: RapLosses = { rap: NaN, transition: NaN, rewardHead: NaN, rewardDecoder: NaN };

  constructor(private readonly agent: SacAgent, private readonly config: RapConfig, init: Rng) {
    const Z = agent.encoder.featureDim;
    const rng = init.fork("rap-models");
    this.stage = config.metricStage;
    this.transition = new GaussianTransitionModel(Z, agent.spec.actionDim, config.modelWidth, config.transitionModel === "probabilistic", rng, config.weightInit);
    this.rewardHead = new GaussianRewardHead(Z, config.modelWidth, rng, config.weightInit, config.rewardSigmaMax);
    this.rewardDecoder = config.modelLoss === "code" ? new RewardDecoder(Z, config.modelWidth, rng, config.weightInit) : null;
    this.encoderOpt = new Adam(agent.encoder.vars, { lr: config.encoderLr });
    this.modelOpt = new Adam([...this.transition.params.vars, ...(this.rewardDecoder?.params.vars ?? [])], { lr: config.decoderLr, weightDecay: config.decoderWeightLambda });
    this.headOpt = new Adam(this.rewardHead.params.vars, { lr: config.decoderLr, weightDecay: config.decoderWeightLambda });
  }

  private settings(): RapLossSettings {
    const c = this.config;
    return { gamma: this.agent.config.gamma, k: c.rapK, nextStateDistance: c.nextStateDistance, regression: c.regression };
  }

  update(ctx: UpdateContext): number {
    const cfg = this.config;
    const enc = this.agent.encoder;
    const B = ctx.batch.size;
    const obs = ctx.views.obs[0]!;
    const action = tf.tensor2d(ctx.batch.actions, [B, this.agent.spec.actionDim]);
    const reward = tf.tensor2d(ctx.batch.rewards, [B, 1]);
    const nextZ = tf.tidy(() => enc.features(ctx.views.next[0]!, ctx.rng));
    const pairs = samplePairs("permutation", B, ctx.rng);
    const owned: tf.Tensor[] = [action, reward, nextZ];
    try {
      if (cfg.modelLoss === "thesis") {
        // Algorithm 3 lines 6–8: P̂ by α_P·L_P, r_ψ by L_r (detached embeddings), then the encoder by α_RAP·L_RAP
        const z = tf.tidy(() => enc.features(obs, ctx.rng));
        owned.push(z);
        let transition = NaN;
        let rap = NaN;
        const transitionStep = gradStep(() => {
          const { mu, sigma } = this.transition.forward(z, action);
          const l = gaussianNll(mu, sigma ?? tf.onesLike(mu), nextZ);
          transition = l.dataSync()[0]!;
          return tf.mul(cfg.modelCoef, l) as tf.Scalar;
        }, [this.modelOpt]);
        const rewardHead = gradStep(() => {
          const { mu, sigma } = this.rewardHead.forward(z);
          return rapRewardLoss(mu, sigma, reward, "thesis");
        }, [this.headOpt]);
        const targets = tf.tidy(() => {
          const input = cfg.dynamicsEncoder === "target" ? enc.targetFeatures(obs, ctx.rng) : enc.features(obs, ctx.rng);
          const p = this.transition.forward(input, action);
          return { mu: p.mu, sigma: p.sigma ?? tf.zerosLike(p.mu), rewardSigma: this.rewardHead.forward(enc.features(obs, ctx.rng)).sigma };
        });
        owned.push(targets.mu, targets.sigma, targets.rewardSigma);
        const rapStep = gradStep(() => {
          const l = rapLoss(enc.features(obs, ctx.rng), reward, targets.rewardSigma, targets.mu, targets.sigma, pairs, this.settings());
          rap = l.dataSync()[0]!;
          return tf.mul(cfg.rapCoef, l) as tf.Scalar;
        }, [this.encoderOpt]);
        this.last = { rap, transition, rewardHead, rewardDecoder: NaN };
        return rapStep + transitionStep + rewardHead;
      }
      // the code: one step on rapCoef·(L_RAP + L_r′) + modelCoef·(L_P + reward MSE); h trains the encoder through all of them
      const noise = randomNormal(ctx.rng, [B, enc.featureDim]);
      owned.push(noise);
      let parts: number[] = [];
      const total = gradStep(() => {
        const h = enc.features(obs, ctx.rng);
        const { mu, sigma } = this.transition.forward(h, action);
        const transition = gaussianNll(mu, sigma ?? tf.onesLike(mu), nextZ);
        const sample = sigma ? tf.add(mu, tf.mul(sigma, noise)) : mu;
        const decoder = tf.mean(tf.square(tf.sub(this.rewardDecoder!.forward(sample), reward))) as tf.Scalar;
        const head = this.rewardHead.forward(h);
        const headLoss = rapRewardLoss(head.mu, head.sigma, reward, "code");
        const rap = rapLoss(h, reward, head.sigma, mu, sigma, pairs, this.settings());
        parts = [rap, transition, headLoss, decoder].map((t) => t.dataSync()[0]!);
        return tf.add(tf.mul(cfg.rapCoef, tf.add(rap, headLoss)), tf.mul(cfg.modelCoef, tf.add(transition, decoder))) as tf.Scalar;
      }, [this.encoderOpt, this.modelOpt, this.headOpt]);
      this.last = { rap: parts[0]!, transition: parts[1]!, rewardHead: parts[2]!, rewardDecoder: parts[3]! };
      return total;
    } finally {
      tf.dispose(owned);
    }
  }

  paramGroups(): tf.Variable[][] {
    return [this.transition.params.vars, this.rewardHead.params.vars, ...(this.rewardDecoder ? [this.rewardDecoder.params.vars] : [])];
  }

  optimizers(): Adam[] {
    return [this.encoderOpt, this.modelOpt, this.headOpt];
  }

  dispose(): void {
    for (const o of this.optimizers()) o.dispose();
    this.transition.dispose();
    this.rewardHead.dispose();
    this.rewardDecoder?.dispose();
  }
}

/** RAP (algorithm "rap"). */
export function makeRap(config: RapConfig, spec: AgentSpec, seed: number): SacAgent {
  requireLearnedEncoder(spec, config, "RAP", "learns an encoder with the RAP distance");
  return new SacAgent(config, spec, seed, {
    auxiliary: (agent, init) => [new RapObjective(agent, config, init)],
    gradClipNorm: config.gradClipNorm,
    criticLoss: config.criticLoss,
  });
}
