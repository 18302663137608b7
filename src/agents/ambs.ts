/**
 * AMBS — Adaptive Meta-learner of Behavioral Similarities (Chen & Pan, ICLR 2022; thesis
 * Chapter 4, research/seed000-ch1-4.md §4; reference jianda-chen/AMBS @ 20c8636, read in full:
 * agent/ambs_agent.py, encoder_ratio.py, sac_ae_ratio.py, train.py, run_local.sh).
 *
 * The SAC core (sac.ts) with weighted critic features and one metric objective:
 *   encoder     conv → fc → LayerNorm = [φ_r : φ_d] (`rewardFraction` of the features are φ_r);
 *               from states (the plan's Tier B) the MLP trunk of state-encoder.ts replaces the
 *               convs (`stateEncoder`), and only `augmentation` "none" runs there;
 *               the critic reads [(1 − c)·φ_r : c·φ_d], (1 − c, c) = softmax(η), η ∈ ℝ² a
 *               parameter of the encoder (init 0, so c = ½) trained by the critic's Adam only —
 *               the Q loss (4.12) is the only loss with a gradient path to η; the target
 *               encoder carries η̄, soft-updated with τ_φ (Algorithm 2 step 11). encoder.ts
 *               `weighting`.
 *   views       DrQ's random shifts (pad 4): s^(1), s^(2) are the critic's two observation views
 *               and the target averages two next views (Eq. 4.12–4.13).
 *   f_r, f_d    meta-learners MLP([z_a : z_b]) 2n → 50 → 1 (ReLU), output squared (`fOutput`).
 *   P̂          latent transition model N(μ, σ) on [φ_d, a] (metric-blocks.ts), 512 wide.
 *   metric loss (4.8), pairs (i, j) = (b, perm(b)), with stop-gradient on c, on the target and on P̂:
 *     ℓ = mean_b [ w_r (f_r(φ_r(a₁), φ_r(b₁)) − Δr_ij)² + w_d (f_d(φ_d(a₁), φ_d(b₁)) − W_ij)²
 *                + w_r (f_r(φ_r(a₂), φ_r(b₂)) − Δr_ij)² + w_d (f_d(φ_d(a₂), φ_d(b₂)) − W_ij)² ]
 *     with (a₁, b₁) = (s_i^(1), s_j^(1)) and the second pair per `secondViews`/`secondOrder`,
 *     Δr_ij = |r_i − r_j|, W_ij = W2(P̂(·|φ_d(s_i^(1)), a_i), P̂(·|φ_d(s_j^(1)), a_j)) (closed form).
 *   The metric step trains the encoder (all of it but η) and f_r, f_d; then (thesis) P̂ is
 *   trained by its own loss (4.16, fixed below).
 *
 * Errata of thesis §4.7 fixed here (research/seed000-ch1-4.md §4.7; each has a test in
 * test/agents/metric-ambs.test.ts that shows the printed form wrong on a hand-checkable input):
 *   (4.13) V(s′) prints "+ α log π": the soft value is min Q̄ − α log π (losses.ts `softTarget`).
 *   (4.15) J(α) = E[α log π − α H̄] moves α the wrong way; the core uses E[α(−log π − H̄)], log π
 *          detached (losses.ts `temperatureLoss`).
 *   (4.16) ((φ_d(s′) − μ)/(2σ))² has no log σ and drives σ to its upper bound; the thesis preset
 *          uses the Gaussian NLL mean(½((μ − φ_d(s′))/σ)² + log σ) (`ambsDynamicsLoss`), whose σ
 *          is the prediction's standard deviation. (The authors' code, `modelLoss` "code", uses
 *          ½((0.5μ − 0.5φ_d(s′))/σ)² + log σ — the source of the printed "2σ" — whose σ is half of it.)
 *   Also: (4.9)'s a ~ D is read as a ~ π (4.14); the (4.8)/(4.10) order conflict is `secondOrder`
 *   (default (4.8)'s (j, i), which §4.5.3 motivates).
 *
 * Preset differences (thesis vs authors-code) — every key on which "ambs-thesis" and "ambs-authors-code" differ:
 *   | `secondViews`       | "thesis": (s_j^(2), s_i^(2)), (4.8)      | "code": (s_j^(1), s_i^(2)), ambs_agent.py:329-332 |
 *   | `lossWeights`       | "c": (1 − c, c), (4.7)                   | "c-squared": (c_r·f − c_r·t)², ambs_agent.py:358-364, :373-374 |
 *   | `rewardDistance`    | "abs": |r_i − r_j|, (4.4)                | "smooth-l1", ambs_agent.py:364 |
 *   | `w2Form`            | "vector": √(‖Δμ‖² + ‖Δσ‖²), §4.7.1        | "mean-per-dim": mean_k √(Δμ_k² + Δσ_k²), ambs_agent.py:368-371 |
 *   | `gammaOnDynTarget`  | false: W_ij, (4.5)                       | true: γ·W_ij, ambs_agent.py:374 |
 *   | `dynActions`        | "buffer": a_i, (4.5)                      | "policy-mean": tanh(μ_ψ(s)), ambs_agent.py:315 |
 *   | `metricStage`       | "after-actor": Algorithm 2 steps 4–8     | "after-critic": ambs_agent.py:445-456 |
 *   | `modelLoss`         | "thesis": (4.16) fixed, P̂ alone, own step | "code": one step on 0.5·ℓ + 0.01·(NLL′ + reward MSE), the encoder trained by both, ambs_agent.py:402-453 |
 *   | `gradClipNorm`      | 0: the thesis clips nothing               | 40: critic and actor, ambs_agent.py:262, :284 |
 *   | `actorHeadScale`    | 1: the actor reads its own head, (4.14)   | 0.5: the actor encoder's frozen ratio softmax(0, 0), ambs_agent.py:168, encoder_ratio.py:73-77 |
 *
 * Where the thesis is silent both presets take the code's choice: the f output squared, f on
 * the concatenation [z_a : z_b], the LayerNorm without tanh, the replicate-pad-4 shift, Adam β1
 * 0.9 (0.5 for α), the initial update burst, the orthogonal / delta-orthogonal init, the code's
 * unused-in-thesis-mode coefficients `metricCoef` 0.5 (train.py:41 bisim_coef) and `modelCoef`
 * 0.01 (ambs_agent.py:448). In "code" mode the reward decoder R̂ (Linear–LN–ReLU–Linear on a
 * sample of P̂, ambs_agent.py:81-85, :424-428), which the thesis does not mention, is trained too.
 *
 * Ablations of thesis Fig. 4.6 (`AMBS_ABLATIONS`, presets.ts): "w/o data aug" `augmentation`
 * "none" (the critic sees the raw batch and s^(2) = s^(1)); "w/o f" `metricHead` "l1"
 * (f(x, y) = ‖x − y‖₁, as DBC); "w/o c" `weighting` "none" (one embedding of `featureDim`, one
 * meta-learner fitting Δr + W, one P̂); "c = 0.5" `weighting` "fixed-half"; "(1, γ)" `weighting`
 * "one-gamma" (the weights 1 and γ replace 1 − c and c in the critic input and the loss: both,
 * research notes §5.3); "DBC + DrQ" is algorithm "dbc" with `augmentation` "drq" and AMBS's
 * network and optimiser settings.
 *
 * Deliberate deviations from the authors' code (both presets): random draws from the agent's
 * update stream (the critic's, then the permutation, then, in "code" mode, ε for R̂'s sample);
 * P̂, R̂ and the meta-learners use the agent's `weightInit` (the code: PyTorch's default Linear
 * init); the critic loss is summed over the two views, not averaged (a constant factor, which
 * Adam removes); the periods count the agent's updates (sac.ts). Not offered: the code's
 * non-`deep_metric` distances (per-dimension smooth-L1 / MSE), the ensemble transition model.
 */
import * as tf from "@tensorflow/tfjs";
import type { ConfigOf, Schema } from "../core/config.js";
import type { Rng } from "../core/rng.js";
import { randomNormal } from "../core/tf-random.js";
import { Adam, gradStep } from "./adam.js";
import type { AgentSpec } from "./config.js";
import { LATENT_MODEL_SCHEMA } from "./dbc.js";
import { AUGMENT_SCHEMA, requireImagesForShifts, requireLearnedEncoder, shiftedViews } from "./drq.js";
import type { FeatureWeighting } from "./encoder.js";
import { CRITIC_TRAINED_ENCODER } from "./encoder.js";
import { stopGradient } from "./losses.js";
import { GaussianTransitionModel, gaussianNll, RewardDecoder, rows, samplePairs, smoothL1, w2Gaussian, w2PerDimension, type Pairs } from "./metric-blocks.js";
import type { AuxiliaryObjective, UpdateContext } from "./module.js";
import { applyMlp, mlp, ParamSet, type Dense, type InitKind } from "./nn.js";
import { AMBS_THESIS, withDefaults } from "./presets.js";
import { SAC_CORE_SCHEMA, SacAgent } from "./sac.js";

export const AMBS_SCHEMA = withDefaults({
  algorithm: { type: "enum", values: ["ambs"], default: "ambs", doc: "SAC + adaptive meta-learners of behavioural similarity (thesis Ch. 4)" },
  ...SAC_CORE_SCHEMA,
  ...AUGMENT_SCHEMA,
  ...LATENT_MODEL_SCHEMA,
  rewardFraction: { type: "number", default: 0.5, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true, doc: "share of the features that form φ_r (the rest is φ_d)" },
  weighting: { type: "enum", values: ["adaptive", "fixed-half", "one-gamma", "none"], default: "adaptive", doc: "critic/loss weights: softmax(η); (½, ½); (1, γ); none = one embedding (w/o c)" },
  metricHead: { type: "enum", values: ["meta", "l1"], default: "meta", doc: "meta-learners f_r, f_d, or the L1 distance (w/o f)" },
  metaHidden: { type: "number", default: 50, min: 1, integer: true, doc: "hidden width of the meta-learners" },
  fOutput: { type: "enum", values: ["square", "linear"], default: "square", doc: "meta-learner output squared (code) or as is" },
  augmentation: { type: "enum", values: ["drq", "none"], default: "drq", doc: "DrQ random shifts (K = M = 2) or none (w/o data aug)" },
  secondViews: { type: "enum", values: ["thesis", "code"], default: "thesis", doc: "second half of (4.8): (s_j^(2), s_i^(2)) or the code's (s_j^(1), s_i^(2))" },
  secondOrder: { type: "enum", values: ["ji", "ij"], default: "ji", doc: "order of the second half: (4.8)'s (j, i) or (4.10)'s (i, j)" },
  lossWeights: { type: "enum", values: ["c", "c-squared"], default: "c", doc: "weights of the reward/dynamics terms: (1 − c, c) (4.7) or their squares (code)" },
  rewardDistance: { type: "enum", values: ["abs", "smooth-l1"], default: "abs", doc: "reward target |r_i − r_j| (4.4) or smooth-L1 (code)" },
  w2Form: { type: "enum", values: ["vector", "mean-per-dim"], default: "vector", doc: "W2 closed form (vector) or the code's mean of per-dimension W2" },
  gammaOnDynTarget: { type: "boolean", default: false, doc: "γ·W2 as the dynamics target (code) instead of W2 (4.5)" },
  dynActions: { type: "enum", values: ["buffer", "policy-mean"], default: "buffer", doc: "P̂'s action in the target: a_i (4.5) or tanh(μ_ψ(s)) (code)" },
  metricStage: { type: "enum", values: ["after-actor", "after-critic"], default: "after-actor", doc: "thesis Algorithm 2 order, or the code's (right after the critic)" },
  modelLoss: { type: "enum", values: ["thesis", "code"], default: "thesis", doc: "P̂ by the fixed (4.16) NLL in its own step, or the code's joint step with the reward decoder" },
  metricCoef: { type: "number", default: 0.5, min: 0, doc: "modelLoss code: weight of ℓ in the joint step (bisim_coef)" },
  modelCoef: { type: "number", default: 0.01, min: 0, doc: "modelLoss code: weight of the transition + reward losses" },
  gradClipNorm: { type: "number", default: 0, min: 0, doc: "clip the critic's and actor's gradient norm (0: off; code 40)" },
  actorHeadScale: { type: "number", default: 1, min: 0, exclusiveMin: true, doc: "constant factor on the actor's own head (code: ½, its frozen ratio)" },
} as const satisfies Schema, AMBS_THESIS);

export type AmbsConfig = ConfigOf<typeof AMBS_SCHEMA>;

/** A similarity on embedding pairs: [N, n] × [N, n] → [N, 1]. */
export type Similarity = (x: tf.Tensor, y: tf.Tensor) => tf.Tensor;

/** ‖x − y‖₁ per row (the "w/o f" ablation; DBC's distance). */
export const l1Similarity: Similarity = (x, y) => tf.sum(tf.abs(tf.sub(x, y)), -1, true);

/** A meta-learner f(x, y) = MLP([x : y]) (2n → hidden → 1, ReLU), output squared or as is (ambs_agent.py:97-106, :358-359). */
export class MetaLearner {
  readonly params = new ParamSet();
  private readonly layers: Dense[];

  constructor(name: string, dim: number, hidden: number, rng: Rng, init: InitKind, private readonly square: boolean) {
    this.layers = mlp(this.params, rng, name, [2 * dim, hidden, 1], init);
  }

  readonly forward: Similarity = (x, y) => {
    const out = applyMlp(this.layers, tf.concat([x, y], 1));
    return this.square ? tf.square(out) : out;
  };

  dispose(): void {
    this.params.dispose();
  }
}

/** What distinguishes the metric loss's variants (AmbsConfig keys; see the file comment). */
export interface AmbsMetricSettings {
  /** Size of φ_r, or null for one embedding (w/o c: one similarity fits Δr + W). */
  rewardDim: number | null;
  gamma: number;
  secondViews: "thesis" | "code";
  secondOrder: "ji" | "ij";
  lossWeights: "c" | "c-squared";
  rewardDistance: "abs" | "smooth-l1";
  w2Form: "vector" | "mean-per-dim";
  gammaOnDynTarget: boolean;
  /** The loss is scale × the mean over the 2B rows: 2 gives (4.8) averaged over pairs, 0.5 the code's. */
  scale: number;
}

/**
 * The AMBS metric loss (4.8) on given tensors. h1, h2 [B, Z]: unweighted features of the two
 * views (with gradient); r [B, 1]; mu, sigma [B, Z_d] the predicted next-latent Gaussians of
 * s^(1) (sigma null: deterministic); weights [2] = (w_r, w_d) or null (one embedding); pairs
 * (b, perm(b)); fr, fd the similarities. r, μ, σ and the weights are stop-gradiented here.
 */
export function ambsMetricLoss(h1: tf.Tensor, h2: tf.Tensor, r: tf.Tensor, mu: tf.Tensor, sigma: tf.Tensor | null, weights: tf.Tensor | null, pairs: Pairs, fr: Similarity, fd: Similarity, s: AmbsMetricSettings): tf.Scalar {
  const { first: I, second: J } = pairs;
  // the targets: no gradient to r, to P̂'s outputs, or through them to P̂ and the encoder
  const ri = rows(r, I);
  const rj = rows(r, J);
  const dr = stopGradient(s.rewardDistance === "abs" ? tf.abs(tf.sub(ri, rj)) : smoothL1(ri, rj));
  const sg = sigma ?? tf.zerosLike(mu);
  const [mi, mj, si, sj] = [rows(mu, I), rows(mu, J), rows(sg, I), rows(sg, J)];
  const w2 = s.w2Form === "vector" ? w2Gaussian(mi, si, mj, sj) : tf.mean(w2PerDimension(mi, si, mj, sj), -1, true);
  const dyn = stopGradient(s.gammaOnDynTarget ? tf.mul(s.gamma, w2) : w2);
  // the two halves: (a₁, b₁) = (s_i^(1), s_j^(1)); (a₂, b₂) per secondViews / secondOrder
  const a1 = rows(h1, I);
  const b1 = rows(h1, J);
  let a2: tf.Tensor;
  let b2: tf.Tensor;
  if (s.secondViews === "code") [a2, b2] = [rows(h1, J), rows(h2, I)];
  else [a2, b2] = s.secondOrder === "ji" ? [rows(h2, J), rows(h2, I)] : [rows(h2, I), rows(h2, J)];
  const A = tf.concat([a1, a2], 0);
  const Bv = tf.concat([b1, b2], 0);
  const dr2 = tf.concat([dr, dr], 0);
  const dyn2 = tf.concat([dyn, dyn], 0);
  let rowsLoss: tf.Tensor;
  if (s.rewardDim === null || weights === null) {
    rowsLoss = tf.square(tf.sub(fr(A, Bv), tf.add(dr2, dyn2)));
  } else {
    const n = s.rewardDim;
    const Z = A.shape[1]!;
    const w = stopGradient(s.lossWeights === "c" ? weights : tf.square(weights));
    const [wr, wd] = tf.split(w, 2) as [tf.Tensor, tf.Tensor];
    const rew = tf.square(tf.sub(fr(tf.slice(A, [0, 0], [-1, n]), tf.slice(Bv, [0, 0], [-1, n])), dr2));
    const dy = tf.square(tf.sub(fd(tf.slice(A, [0, n], [-1, Z - n]), tf.slice(Bv, [0, n], [-1, Z - n])), dyn2));
    rowsLoss = tf.add(tf.mul(wr, rew), tf.mul(wd, dy));
  }
  return tf.mul(s.scale, tf.mean(rowsLoss)) as tf.Scalar;
}

/**
 * P̂'s loss. "thesis": (4.16) with its erratum fixed — the Gaussian NLL mean(½((μ − x)/σ)² + log σ);
 * "code": ambs_agent.py:417-420, mean(½((0.5μ − 0.5x)/σ)² + log σ). The target x carries no gradient.
 */
export function ambsDynamicsLoss(mu: tf.Tensor, sigma: tf.Tensor, x: tf.Tensor, form: "thesis" | "code"): tf.Scalar {
  return form === "thesis" ? gaussianNll(mu, sigma, x) : gaussianNll(tf.mul(0.5, mu), sigma, tf.mul(0.5, x));
}

/** The weights of the critic's features and of the loss, per `weighting` (null: one embedding). */
export function ambsWeighting(config: AmbsConfig): FeatureWeighting | undefined {
  if (config.weighting === "none") return undefined;
  const rewardDim = Math.round(config.featureDim * config.rewardFraction);
  const weights = config.weighting === "adaptive" ? "adaptive" : config.weighting === "fixed-half" ? ([0.5, 0.5] as const) : ([1, config.gamma] as const);
  return { rewardDim, weights };
}

/** Losses of the last AMBS step (NaN before the first, or for parts a variant does not have). */
export interface AmbsLosses {
  metric: number;
  dynamics: number;
  reward: number;
}

/** The meta-learners, P̂ (and R̂ in code mode), their Adams, the encoder's Adam, and the AMBS step. */
export class AmbsObjective implements AuxiliaryObjective {
  readonly name = "ambs";
  readonly stage: "after-actor" | "after-critic";
  readonly fr: MetaLearner | null;
  readonly fd: MetaLearner | null;
  readonly transition: GaussianTransitionModel;
  readonly reward: RewardDecoder | null;
  /** The encoder without η (η is trained by the critic only). */
  readonly encoderOpt: Adam;
  /** The meta-learners (null for the L1 head). */
  readonly metaOpt: Adam | null;
  /** P̂ (and R̂). */
  readonly modelOpt: Adam;
  readonly rewardDim: number | null;
  last: AmbsLosses = { metric: NaN, dynamics: NaN, reward: NaN };
  /** The last update's batch (plain arrays, fresh per sample): the embedding norms are measured on it when asked. */
  private lastBatch: UpdateContext["batch"] | null = null;

  constructor(private readonly agent: SacAgent, private readonly config: AmbsConfig, init: Rng) {
    const Z = agent.encoder.featureDim;
    const w = ambsWeighting(config);
    this.rewardDim = w ? w.rewardDim : null;
    const Zd = w ? Z - w.rewardDim : Z;
    this.stage = config.metricStage;
    const rng = init.fork("ambs-models");
    const square = config.fOutput === "square";
    if (config.metricHead === "meta") {
      this.fr = new MetaLearner("f_r", w ? w.rewardDim : Z, config.metaHidden, rng, config.weightInit, square);
      this.fd = w ? new MetaLearner("f_d", Zd, config.metaHidden, rng, config.weightInit, square) : null;
    } else {
      this.fr = null;
      this.fd = null;
    }
    this.transition = new GaussianTransitionModel(Zd, agent.spec.actionDim, config.modelWidth, config.transitionModel === "probabilistic", rng, config.weightInit);
    this.reward = config.modelLoss === "code" ? new RewardDecoder(Zd, config.modelWidth, rng, config.weightInit) : null;
    this.encoderOpt = new Adam(agent.encoder.representationVars, { lr: config.encoderLr });
    const metaVars = [...(this.fr?.params.vars ?? []), ...(this.fd?.params.vars ?? [])];
    this.metaOpt = metaVars.length > 0 ? new Adam(metaVars, { lr: config.decoderLr, weightDecay: config.decoderWeightLambda }) : null;
    this.modelOpt = new Adam([...this.transition.params.vars, ...(this.reward?.params.vars ?? [])], { lr: config.decoderLr, weightDecay: config.decoderWeightLambda });
  }

  /** φ_d of unweighted features (all of them for one embedding). */
  private dynPart(h: tf.Tensor): tf.Tensor {
    return this.rewardDim === null ? h : tf.slice(h, [0, this.rewardDim], [-1, h.shape[1]! - this.rewardDim]);
  }

  private settings(): AmbsMetricSettings {
    const c = this.config;
    return {
      rewardDim: this.rewardDim, gamma: this.agent.config.gamma, secondViews: c.secondViews, secondOrder: c.secondOrder, lossWeights: c.lossWeights,
      rewardDistance: c.rewardDistance, w2Form: c.w2Form, gammaOnDynTarget: c.gammaOnDynTarget, scale: c.modelLoss === "code" ? 0.5 : 2,
    };
  }

  /** The metric loss ℓ for views s1, s2 (call inside a gradient closure; tests take its gradient w.r.t. any variable). */
  metricLoss(s1: tf.Tensor, s2: tf.Tensor, reward: tf.Tensor, dynAction: tf.Tensor, pairs: Pairs): tf.Scalar {
    const enc = this.agent.encoder;
    const h1 = enc.unweightedFeatures(s1);
    const h2 = s2 === s1 ? h1 : enc.unweightedFeatures(s2);
    const { mu, sigma } = this.transition.forward(stopGradient(this.dynPart(h1)), dynAction);
    const weights = this.rewardDim === null ? null : enc.online!.weights();
    const fr = this.fr?.forward ?? l1Similarity;
    const fd = this.fd?.forward ?? l1Similarity;
    return ambsMetricLoss(h1, h2, reward, mu, sigma, weights, pairs, fr, fd, this.settings());
  }

  update(ctx: UpdateContext): number {
    this.lastBatch = ctx.batch;
    const cfg = this.config;
    const enc = this.agent.encoder;
    const B = ctx.batch.size;
    const s1 = ctx.views.obs[0]!;
    const s2 = ctx.views.obs[1] ?? s1;
    const action = tf.tensor2d(ctx.batch.actions, [B, this.agent.spec.actionDim]);
    const reward = tf.tensor2d(ctx.batch.rewards, [B, 1]);
    const pairs = samplePairs("permutation", B, ctx.rng);
    // the code's action for P̂ in the target: the policy's mean action at s^(1), no gradient
    const dynAction = cfg.dynActions === "buffer" ? action : tf.tidy(() => tf.tanh(this.agent.actor.net.distribution(enc.actorFeatures(s1, ctx.rng)).mu));
    const nextDyn = (): tf.Tensor => tf.tidy(() => this.dynPart(enc.unweightedFeatures(ctx.views.next[0]!)));
    const owned: tf.Tensor[] = [action, reward];
    if (dynAction !== action) owned.push(dynAction);
    const metaOpts = this.metaOpt ? [this.metaOpt] : [];
    try {
      if (cfg.modelLoss === "thesis") {
        // Algorithm 2 step 7: Θ = {f_r, f_d, φ_r, φ_d} by (4.8); step 8: P̂ by (4.16) (fixed), on the updated encoder
        const metric = gradStep(() => this.metricLoss(s1, s2, reward, dynAction, pairs), [this.encoderOpt, ...metaOpts]);
        const h1d = tf.tidy(() => this.dynPart(enc.unweightedFeatures(s1)));
        const next = nextDyn();
        owned.push(h1d, next);
        const dynamics = gradStep(() => {
          const { mu, sigma } = this.transition.forward(h1d, action);
          return ambsDynamicsLoss(mu, sigma ?? tf.onesLike(mu), next, "thesis");
        }, [this.modelOpt]);
        this.last = { metric, dynamics, reward: NaN };
        return metric + dynamics;
      }
      // the code: one step on metricCoef·ℓ + modelCoef·(NLL′ + reward MSE); the encoder is trained by both
      const next = nextDyn();
      const Zd = this.rewardDim === null ? enc.featureDim : enc.featureDim - this.rewardDim;
      const noise = randomNormal(ctx.rng, [B, Zd]);
      owned.push(next, noise);
      let parts: number[] = [];
      const total = gradStep(() => {
        const metric = this.metricLoss(s1, s2, reward, dynAction, pairs);
        const h1d = this.dynPart(enc.unweightedFeatures(s1));
        const { mu, sigma } = this.transition.forward(h1d, action);
        const dynamics = ambsDynamicsLoss(mu, sigma ?? tf.onesLike(mu), next, "code");
        const sample = sigma ? tf.add(mu, tf.mul(sigma, noise)) : mu;
        const rewardLoss = tf.mean(tf.square(tf.sub(this.reward!.forward(sample), reward)));
        parts = [metric, dynamics, rewardLoss].map((t) => t.dataSync()[0]!);
        return tf.add(tf.mul(cfg.metricCoef, metric), tf.mul(cfg.modelCoef, tf.add(dynamics, rewardLoss))) as tf.Scalar;
      }, [this.encoderOpt, ...metaOpts, this.modelOpt]);
      this.last = { metric: parts[0]!, dynamics: parts[1]!, reward: parts[2]! };
      return total;
    } finally {
      tf.dispose(owned);
    }
  }

  /**
   * Logged with each evaluation: c, the trajectory of thesis Figs. 4.9–4.10, and the embedding
   * norms of Fig. 4.11 — the per-dimension mean |·| of φ_r and of φ_d (the LayerNorm output before
   * the c-scaling, as the authors' code logs h_rew.abs().mean() and h_dyn.abs().mean()) on the
   * last update's batch s^(1) without augmentation; NaN before the first update, and φ_r's NaN
   * for one embedding ("w/o c", whose whole embedding is reported as φ_d).
   */
  diagnostics(): Readonly<Record<string, number>> {
    return { c: this.c, ...this.embeddingNorms() };
  }

  /** Per-dimension mean |φ_r| and |φ_d| on the last update's batch (see `diagnostics`). */
  embeddingNorms(): { phiRewardAbs: number; phiDynAbs: number } {
    const batch = this.lastBatch;
    if (batch === null) return { phiRewardAbs: NaN, phiDynAbs: NaN };
    const [r, d] = tf.tidy(() => {
      const h = this.agent.encoder.unweightedFeatures(this.agent.obsTensor(batch.obs, batch.size));
      const meanAbs = (x: tf.Tensor) => tf.mean(tf.abs(x));
      const dyn = meanAbs(this.dynPart(h));
      const rew = this.rewardDim === null ? tf.scalar(NaN) : meanAbs(tf.slice(h, [0, 0], [-1, this.rewardDim]));
      return [rew.dataSync()[0]!, dyn.dataSync()[0]!];
    });
    return { phiRewardAbs: r, phiDynAbs: d };
  }

  /** c = the dynamics weight w_d (softmax(η)₁, or the fixed value); NaN for one embedding. */
  get c(): number {
    if (this.rewardDim === null) return NaN;
    return tf.tidy(() => this.agent.encoder.online!.weights().dataSync()[1]!);
  }

  paramGroups(): tf.Variable[][] {
    return [...(this.fr ? [this.fr.params.vars] : []), ...(this.fd ? [this.fd.params.vars] : []), this.transition.params.vars, ...(this.reward ? [this.reward.params.vars] : [])];
  }

  optimizers(): Adam[] {
    return [this.encoderOpt, ...(this.metaOpt ? [this.metaOpt] : []), this.modelOpt];
  }

  dispose(): void {
    for (const o of this.optimizers()) o.dispose();
    this.fr?.dispose();
    this.fd?.dispose();
    this.transition.dispose();
    this.reward?.dispose();
  }
}

/** AMBS (algorithm "ambs"). */
export function makeAmbs(config: AmbsConfig, spec: AgentSpec, seed: number): SacAgent {
  requireLearnedEncoder(spec, config, "AMBS", "learns an encoder with meta-learned behavioural similarities");
  if (config.augmentation === "drq") requireImagesForShifts(spec, "AMBS");
  const weighting = ambsWeighting(config);
  return new SacAgent(config, spec, seed, {
    encoder: { ...CRITIC_TRAINED_ENCODER, weighting, actorHeadScale: config.actorHeadScale },
    views: config.augmentation === "drq" ? shiftedViews(config.augPad, 2, 2) : undefined,
    auxiliary: (agent, init) => [new AmbsObjective(agent, config, init)],
    gradClipNorm: config.gradClipNorm,
  });
}
