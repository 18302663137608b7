/**
 * MICo — SAC with the MICo representation loss (Castro et al., NeurIPS 2021; reference
 * google-research/google-research `mico/`: `dm_control/metric_sac_agent.py` (MetricSACAgent,
 * `train`), `atari/metric_utils.py`, `dm_control/configs/sac.gin`; Dopamine's
 * `jax/agents/sac/sac_agent.py` for the SAC defaults it inherits; research/anchors.md §1.1).
 * Citations are by symbol in those files (google-research is a monorepo read by file, not by
 * checkout, so no line numbers), except sac.gin's lines.
 *
 * The loss (metric_sac_agent.py `train` → metric_utils.py), on the critic's first observation
 * view o and next view o′, all B² ordered pairs (i, j) of the batch:
 *   online_ij = U(φ(o_i), sg(φ₂(o_j)))                        the critic's encoder output φ, with gradient
 *   target_ij = sg(|r_i − r_j| + γ · U(φ̄(o′_i), φ̄(o′_j)))      φ̄ = the target (momentum) encoder
 *   U(x, y)   = ½(‖x‖² + ‖y‖²) + β θ(x, y),   θ = atan2(√(1 − cos²), cos)   (metric-blocks.ts)
 *   L_MICo    = mean_ij huber(online_ij − target_ij)          (δ = 1)
 * φ₂, `micoSecond`: "online-detached" — the SAC agent's `frozen_critic_online(states, …)`
 * representation, i.e. the online encoder's output with no gradient (here exactly sg(φ(o))) —
 * or "target", the target encoder, as the DQN-family agents do (metric_dqn_agent.py
 * `target_outputs`: `curr_state_representation` from the target network).
 *
 * Where it runs: the reference minimises one combined loss (1 − w)·(½ L_Q + L_π + L_α) + w·L_MICo
 * with one optimizer over all parameters, so the encoder's gradient is (1 − w)·½·∇L_Q + w·∇L_MICo.
 * Here the MICo term is a "with-critic" objective: it is added to the critic loss inside the
 * critic's gradient step as κ·L_MICo with κ = 2w/(1 − w), which gives the encoder the same
 * gradient up to the factor (1 − w)·½ that Adam's normalisation removes (Adam is invariant to a
 * constant scale of a parameter's gradient, up to its ε). The critic MLP sees no MICo gradient.
 *
 * Defaults (presets.ts MICO_REFERENCE): the MICo weight w 1e-5 (MetricSACAgent), β 0.1
 * (metric_utils.py `representation_distances`), and Dopamine's SAC as sac.gin configures it
 * where the core has the key — lr 3e-4 everywhere, β1 0.9, one soft update of the whole target
 * network (critic and encoder) with τ 0.005 at every update, one actor step per update, batch 256,
 * hidden 1024 × 2, γ 0.99, α₀ = 1 (log α initialised to 0), no initial update burst.
 *
 * Deliberate deviations from the reference:
 *   - from states the encoder is the MLP state encoder (`stateEncoder`, state-encoder.ts; the
 *     thesis plan's Tier B) — the reference has no state variant;
 *   - the networks are the project's SAC-AE ones (conv encoder with fc + LayerNorm + tanh, the
 *     actor's own head on tied convs, delta-orthogonal init); Dopamine's SACEncoderNetwork and
 *     its initialisers are not reproduced;
 *   - the core's target entropy is −|A| (Dopamine's default is −|A|/2); the critic sees raw
 *     rewards (sac.gin:13 scales them by 0.1 in the critic target; the MICo target uses raw
 *     rewards in both);
 *   - the combined single-optimizer step is split as the core does it (critic + encoder step
 *     with the MICo term, then actor, then α), which changes nothing for the encoder's gradient
 *     direction (above) but orders the updates;
 *   - the critic's encoder forward pass is done twice per update (once for L_Q, once for the MICo
 *     term; same values); the MICo loss makes no random draws.
 */
import * as tf from "@tensorflow/tfjs";
import type { ConfigOf, Schema } from "../core/config.js";
import type { Adam } from "./adam.js";
import type { AgentSpec } from "./config.js";
import { requireLearnedEncoder } from "./drq.js";
import { stopGradient } from "./losses.js";
import { micoDistance, rows, samplePairs, smoothL1, type Pairs } from "./metric-blocks.js";
import type { AuxiliaryObjective, UpdateContext } from "./module.js";
import { MICO_REFERENCE, withDefaults } from "./presets.js";
import { SAC_CORE_SCHEMA, SacAgent } from "./sac.js";

export const MICO_SCHEMA = withDefaults({
  algorithm: { type: "enum", values: ["mico"], default: "mico", doc: "SAC + the MICo representation loss (all pairs, U distance)" },
  ...SAC_CORE_SCHEMA,
  micoWeight: { type: "number", default: 1e-5, min: 0, max: 1, exclusiveMax: true, doc: "w of (1 − w)·L_SAC + w·L_MICo" },
  micoBeta: { type: "number", default: 0.1, min: 0, doc: "β, weight of the angle in U(x, y) = ½(‖x‖² + ‖y‖²) + β θ(x, y)" },
  micoSecond: { type: "enum", values: ["online-detached", "target"], default: "online-detached", doc: "second argument of the online distance: the online encoder without gradient (SAC reference) or the target encoder (DQN reference)" },
} as const satisfies Schema, MICO_REFERENCE);

export type MicoConfig = ConfigOf<typeof MICO_SCHEMA>;

/**
 * L_MICo on given tensors: z [B, Z] with gradient, zSecond [B, Z] (stop-gradiented here),
 * nextTarget [B, Z] the target encoder's next-state features, r [B, 1], pairs (normally all B²).
 */
export function micoLoss(z: tf.Tensor, zSecond: tf.Tensor, nextTarget: tf.Tensor, r: tf.Tensor, pairs: Pairs, gamma: number, beta: number): tf.Scalar {
  const second = stopGradient(zSecond);
  const online = micoDistance(rows(z, pairs.first), rows(second, pairs.second), beta);
  const target = stopGradient(tf.add(tf.abs(tf.sub(rows(r, pairs.first), rows(r, pairs.second))), tf.mul(gamma, micoDistance(rows(nextTarget, pairs.first), rows(nextTarget, pairs.second), beta))));
  return tf.mean(smoothL1(online, target)) as tf.Scalar;
}

/** The MICo term of the critic step (no parameters of its own). */
export class MicoObjective implements AuxiliaryObjective {
  readonly name = "mico";
  readonly stage = "with-critic";
  lastTerm = NaN;

  constructor(private readonly agent: SacAgent, private readonly config: MicoConfig) {}

  /** κ = 2w/(1 − w): the weight of L_MICo next to L_Q that gives the encoder the reference's gradient direction. */
  get kappa(): number {
    return (2 * this.config.micoWeight) / (1 - this.config.micoWeight);
  }

  /** L_MICo for this update's batch (inside the critic's gradient closure). */
  loss(ctx: UpdateContext): tf.Scalar {
    const enc = this.agent.encoder;
    const B = ctx.batch.size;
    const obs = ctx.views.obs[0]!;
    const z = enc.features(obs, ctx.rng);
    const zSecond = this.config.micoSecond === "target" ? enc.targetFeatures(obs, ctx.rng) : z;
    const nextTarget = enc.targetFeatures(ctx.views.next[0]!, ctx.rng);
    const r = tf.tensor2d(ctx.batch.rewards, [B, 1]);
    return micoLoss(z, zSecond, nextTarget, r, samplePairs("all-pairs", B, ctx.rng), this.agent.config.gamma, this.config.micoBeta);
  }

  criticTerm(ctx: UpdateContext): tf.Scalar {
    const l = this.loss(ctx);
    this.lastTerm = l.dataSync()[0]!;
    return tf.mul(this.kappa, l) as tf.Scalar;
  }

  paramGroups(): tf.Variable[][] {
    return [];
  }

  optimizers(): Adam[] {
    return [];
  }

  dispose(): void {}
}

/** MICo (algorithm "mico"). */
export function makeMico(config: MicoConfig, spec: AgentSpec, seed: number): SacAgent {
  requireLearnedEncoder(spec, config, "MICo", "learns an encoder with the MICo loss");
  return new SacAgent(config, spec, seed, { auxiliary: (agent) => [new MicoObjective(agent, config)] });
}
