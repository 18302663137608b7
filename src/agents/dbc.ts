/**
 * DBC — Deep Bisimulation for Control (Zhang et al., ICLR 2021; reference
 * facebookresearch/deep_bisim4control @ 5967b6d, read in full; research/anchors.md §1.2).
 * The SAC core (sac.ts) plus one objective that runs between the critic and the actor update
 * (stage "after-critic": bisim_agent.py:266-277 — `update_critic`, then transition/reward model
 * + encoder in one backward pass, then `update_actor_and_alpha`, then the soft updates).
 *
 * One DBC step (bisim_agent.py:203-274), on the critic's first observation view o and next view o′:
 *   h = g(o) (online encoder, with gradient),  h′ = g(o′) (detached),  pairs (i, j) = (b, perm(b))
 *   (μ, σ) = P̂([h, a])                                     probabilistic latent transition model
 *   L_P   = mean(½((μ − h′)/σ)² + log σ)                     Gaussian NLL (:250-252)
 *   L_R   = mean((R̂(μ + σε) − r)²)                          reward decoder on a sampled next latent (:255-257)
 *   target_ij = |r_i − r_j| + γ · W2(N(μ_i, σ_i), N(μ_j, σ_j))   under stop-gradient (:211-213, :239)
 *   L_bisim, `dbcForm`:
 *     "paper"  mean_pairs (‖h_i − h_j‖₁ − target_ij)²  with W2 the vector closed form (DBC paper
 *              Eq. 4; thesis §4.2: "‖φ(s_i) − φ(s_j)‖₁ − |R_i − R_j| − γ W2")
 *     "code"   mean_{pairs, k} (smoothL1(h_ik, h_jk) − [smoothL1(r_i, r_j) + γ·sqrt((μ_ik − μ_jk)² + (σ_ik − σ_jk)²)])²
 *              per latent dimension, as bisim_agent.py:227-240 computes it (smooth-L1, not |·|;
 *              W2 per dimension; the B×1 reward term broadcast over the Z dimensions)
 *   one step of the encoder's Adam (lr `encoderLr`, β (0.9, 0.999): :121-123) and the model Adam
 *   (P̂ + R̂, lr `decoderLr`, weight decay `decoderWeightLambda`: :114-118) on
 *   `bisimCoef`·L_bisim + L_P + L_R (:269-274). The transition and reward losses train the
 *   encoder too (h carries gradient there), as in the reference.
 * From states the encoder is the MLP state encoder (`stateEncoder`, state-encoder.ts; the thesis
 * plan's Tier B), and `augmentation` "drq" is refused there (it shifts images).
 * The critic also trains the encoder (its Adam holds it); the actor has its own head on the tied
 * convs (sac.ts); the encoder output is the LayerNorm output, no tanh (encoder.py:58-70).
 *
 * Options beyond the reference: `pairs` "all-pairs" (MICo's sampler: all B² pairs) instead of
 * the permutation; `augmentation` "drq" (the "DBC + DrQ" ablation of thesis Fig. 4.6: the
 * critic sees DrQ's K = M = 2 random shifts and the bisimulation loss reads the first shifted
 * view); `transitionModel` "deterministic" (σ ≡ 0 in the W2 target, σ ≡ 1 in the NLL, as the
 * reference's `deterministic` type; its '' type, which switches the code form's dynamics term
 * to smoothL1 of the means, is not offered).
 *
 * Presets (presets.ts): "dbc" = train.py's argparse defaults with the paper's loss;
 * "dbc-code" = the same with `dbcForm` "code"; "dbc-run-local" = run_local.sh's overrides
 * (the hyper-parameters the authors point users to, issue #5) with the code form.
 *
 * Deliberate deviations from the reference:
 *   - train.py's default `transition_model_type` is '' (deterministic); every run script uses
 *     'probabilistic' (run_local.sh:18), which is the default here;
 *   - P̂ and R̂ use the agent's `weightInit` (metric-blocks.ts), the reference PyTorch's default;
 *   - random draws from the agent's update stream in the order: the critic's (sac.ts), then the
 *     permutation (B − 1 draws), then ε ~ N(0, I) [B, Z] for the reward decoder's sample;
 *   - the reference recomputes h for the bisimulation loss and feeds P̂ under no_grad; here the
 *     same h and (μ, σ) serve both losses and the target is cut by a stop-gradient (same values
 *     and gradients);
 *   - the periods count the agent's updates (sac.ts), the reference `step % freq`.
 */
import * as tf from "@tensorflow/tfjs";
import type { ConfigOf, Schema } from "../core/config.js";
import type { Rng } from "../core/rng.js";
import { randomNormal } from "../core/tf-random.js";
import { Adam, gradStep } from "./adam.js";
import type { AgentSpec } from "./config.js";
import { AUGMENT_SCHEMA, requireImagesForShifts, requireLearnedEncoder, shiftedViews } from "./drq.js";
import { stopGradient } from "./losses.js";
import { GaussianTransitionModel, gaussianNll, l1Distance, RewardDecoder, rows, samplePairs, smoothL1, w2Gaussian, w2PerDimension, type PairSampler, type Pairs } from "./metric-blocks.js";
import type { AuxiliaryObjective, UpdateContext } from "./module.js";
import { DBC_REFERENCE, withDefaults } from "./presets.js";
import { SAC_CORE_SCHEMA, SacAgent } from "./sac.js";

/** The latent-model keys DBC shares with AMBS and RAP. */
export const LATENT_MODEL_SCHEMA = {
  encoderLr: { type: "number", default: 1e-3, min: 0, exclusiveMin: true, doc: "Adam lr of the encoder on the metric + model losses" },
  decoderLr: { type: "number", default: 1e-3, min: 0, exclusiveMin: true, doc: "Adam lr of the transition and reward models" },
  decoderWeightLambda: { type: "number", default: 0, min: 0, doc: "weight decay (coupled L2) of the model Adam" },
  transitionModel: { type: "enum", values: ["probabilistic", "deterministic"], default: "probabilistic", doc: "latent transition model N(μ, σ) or μ only" },
  modelWidth: { type: "number", default: 512, min: 1, integer: true, doc: "hidden width of the transition and reward models" },
} as const satisfies Schema;

export const DBC_SCHEMA = withDefaults({
  algorithm: { type: "enum", values: ["dbc"], default: "dbc", doc: "SAC + bisimulation-metric representation loss (DBC)" },
  ...SAC_CORE_SCHEMA,
  ...AUGMENT_SCHEMA,
  ...LATENT_MODEL_SCHEMA,
  bisimCoef: { type: "number", default: 0.5, min: 0, doc: "weight of the bisimulation loss" },
  dbcForm: { type: "enum", values: ["paper", "code"], default: "paper", doc: "paper: ‖h_i − h_j‖₁ vs |Δr| + γ W2 (vector); code: per-dimension smooth-L1 vs smooth-L1(Δr) + γ W2 per dimension" },
  pairs: { type: "enum", values: ["permutation", "all-pairs"], default: "permutation", doc: "pairs of the batch: (b, perm(b)) or all B² pairs" },
  augmentation: { type: "enum", values: ["none", "drq"], default: "none", doc: "none (DBC); drq: DrQ's random shifts, K = M = 2 (the DBC + DrQ ablation)" },
} as const satisfies Schema, DBC_REFERENCE);

export type DbcConfig = ConfigOf<typeof DBC_SCHEMA>;

/**
 * DBC's bisimulation loss on given tensors (the target side — r, μ, σ — is stop-gradiented here):
 *   h [B, Z] encoder output, r [B, 1] rewards, mu/sigma [B, Z] the predicted next-latent Gaussians
 *   (sigma null: deterministic, σ ≡ 0), pairs (i, j), γ, form "paper" | "code" (file comment).
 */
export function dbcBisimulationLoss(h: tf.Tensor, r: tf.Tensor, mu: tf.Tensor, sigma: tf.Tensor | null, pairs: Pairs, gamma: number, form: "paper" | "code"): tf.Scalar {
  const hi = rows(h, pairs.first);
  const hj = rows(h, pairs.second);
  const s = sigma ?? tf.zerosLike(mu);
  const [mi, mj, si, sj] = [rows(mu, pairs.first), rows(mu, pairs.second), rows(s, pairs.first), rows(s, pairs.second)];
  const ri = rows(r, pairs.first);
  const rj = rows(r, pairs.second);
  const target = stopGradient(form === "paper"
    ? tf.add(tf.abs(tf.sub(ri, rj)), tf.mul(gamma, w2Gaussian(mi, si, mj, sj)))
    : tf.add(smoothL1(ri, rj), tf.mul(gamma, w2PerDimension(mi, si, mj, sj))));
  const zDist = form === "paper" ? l1Distance(hi, hj) : smoothL1(hi, hj);
  return tf.mean(tf.square(tf.sub(zDist, target))) as tf.Scalar;
}

/** Losses of the last DBC step (NaN before the first). */
export interface DbcLosses {
  bisimulation: number;
  transition: number;
  reward: number;
}

/** The transition model, the reward decoder, their Adam, the encoder's Adam, and the DBC step. */
export class BisimulationObjective implements AuxiliaryObjective {
  readonly name = "bisimulation";
  readonly stage = "after-critic";
  readonly transition: GaussianTransitionModel;
  readonly reward: RewardDecoder;
  /** encoder_optimizer: the critic's encoder. */
  readonly encoderOpt: Adam;
  /** decoder_optimizer: transition model + reward decoder. */
  readonly modelOpt: Adam;
  last: DbcLosses = { bisimulation: NaN, transition: NaN, reward: NaN };

  constructor(private readonly agent: SacAgent, private readonly config: DbcConfig, init: Rng) {
    const Z = agent.encoder.featureDim;
    const rng = init.fork("dbc-models");
    this.transition = new GaussianTransitionModel(Z, agent.spec.actionDim, config.modelWidth, config.transitionModel === "probabilistic", rng, config.weightInit);
    this.reward = new RewardDecoder(Z, config.modelWidth, rng, config.weightInit);
    this.encoderOpt = new Adam(agent.encoder.vars, { lr: config.encoderLr });
    this.modelOpt = new Adam([...this.transition.params.vars, ...this.reward.params.vars], { lr: config.decoderLr, weightDecay: config.decoderWeightLambda });
  }

  /**
   * The three losses of one step as tensors (call inside a gradient closure; tests take their
   * gradients one by one). `nextH` = g(o′) detached; `noise` ε [B, Z] for the reward decoder's sample.
   */
  terms(obs: tf.Tensor, action: tf.Tensor, reward: tf.Tensor, nextH: tf.Tensor, pairs: Pairs, noise: tf.Tensor, rng: Rng): { bisimulation: tf.Scalar; transition: tf.Scalar; reward: tf.Scalar } {
    const h = this.agent.encoder.features(obs, rng);
    const { mu, sigma } = this.transition.forward(h, action);
    const transition = gaussianNll(mu, sigma ?? tf.onesLike(mu), nextH);
    const sample = sigma ? tf.add(mu, tf.mul(sigma, noise)) : mu;
    const rewardLoss = tf.mean(tf.square(tf.sub(this.reward.forward(sample), reward))) as tf.Scalar;
    const bisimulation = dbcBisimulationLoss(h, reward, mu, sigma, pairs, this.agent.config.gamma, this.config.dbcForm);
    return { bisimulation, transition, reward: rewardLoss };
  }

  update(ctx: UpdateContext): number {
    const cfg = this.config;
    const enc = this.agent.encoder;
    const B = ctx.batch.size;
    const action = tf.tensor2d(ctx.batch.actions, [B, this.agent.spec.actionDim]);
    const reward = tf.tensor2d(ctx.batch.rewards, [B, 1]);
    // h′ detached: computed outside the gradient closure
    const nextH = tf.tidy(() => enc.features(ctx.views.next[0]!, ctx.rng));
    const pairs = samplePairs(cfg.pairs as PairSampler, B, ctx.rng);
    const noise = randomNormal(ctx.rng, [B, enc.featureDim]);
    let parts: number[] = [];
    try {
      const total = gradStep(() => {
        const t = this.terms(ctx.views.obs[0]!, action, reward, nextH, pairs, noise, ctx.rng);
        parts = [t.bisimulation, t.transition, t.reward].map((x) => x.dataSync()[0]!);
        return tf.addN([tf.mul(cfg.bisimCoef, t.bisimulation), t.transition, t.reward]) as tf.Scalar;
      }, [this.encoderOpt, this.modelOpt]);
      this.last = { bisimulation: parts[0]!, transition: parts[1]!, reward: parts[2]! };
      return total;
    } finally {
      tf.dispose([action, reward, nextH, noise]);
    }
  }

  paramGroups(): tf.Variable[][] {
    return [this.transition.params.vars, this.reward.params.vars];
  }

  optimizers(): Adam[] {
    return [this.encoderOpt, this.modelOpt];
  }

  dispose(): void {
    this.encoderOpt.dispose();
    this.modelOpt.dispose();
    this.transition.dispose();
    this.reward.dispose();
  }
}

/** DBC (algorithm "dbc"). */
export function makeDbc(config: DbcConfig, spec: AgentSpec, seed: number): SacAgent {
  requireLearnedEncoder(spec, config, "DBC", "learns an encoder with the bisimulation loss");
  if (config.augmentation === "drq") requireImagesForShifts(spec, "DBC");
  return new SacAgent(config, spec, seed, {
    views: config.augmentation === "drq" ? shiftedViews(config.augPad, 2, 2) : undefined,
    auxiliary: (agent, init) => [new BisimulationObjective(agent, config, init)],
  });
}
