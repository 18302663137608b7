/**
 * Pixel encoder of SAC-AE / DrQ / CURL / AMBS (thesis §4.7.4, Table 5.1 shapes; reference
 * `PixelEncoder`): `numLayers` 3×3 convs with `filters` channels, stride 2 for the first and 1
 * after, ReLU after each, 'valid' padding; flatten; dense to `featureDim`; LayerNorm; tanh
 * (`featureTanh`: SAC-AE and DrQ apply it, CURL (`output_logits=True`) and DBC do not).
 *
 * Actor/critic split (`actorEncoder`, presets.ts): in all four references the actor has its own
 * encoder whose conv layers are tied to the critic's (`copy_conv_weights_from`: the same
 * parameters) and whose fc + LayerNorm (+ tanh) head is its own, trained by the actor loss; the
 * actor update detaches the conv output only. `EncoderModule.actorHead` is that head; "critic-head"
 * (the project's earlier behaviour, a named option no stored run uses since the sac-ae re-run) lets the actor read the
 * critic's whole encoder output, detached. The β-VAE ablations of SAC+AE (stochastic encoder, no
 * reference code) always give the actor the shared latent z: the ablation is about that latent.
 * Spatial size 84 → 41 → 39 → 37 → 35 (39,200 features at 84×84 with 4 layers × 32 filters).
 *
 * The stochastic variant (β-VAE ablations of S3) replaces dense→LayerNorm→tanh by two heads μ
 * and log σ (bounded to [−10, 2]) and returns z = μ + σ ε.
 *
 * Weighted features (`weighting`, AMBS: ambs.ts): the output is split into φ_r (the first
 * `rewardDim` features) and φ_d (the rest) and the critic sees [w_r·φ_r : w_d·φ_d] with
 * (w_r, w_d) = softmax(η) — η a [2] parameter of the encoder initialised to 0 (so c = w_d = ½),
 * trained by the critic's Adam with the rest of the encoder, copied into the target encoder and
 * soft-updated with it (reference encoder_ratio.py:36, :73-77) — or fixed weights.
 * `EncoderOutput.unweighted` is the output before the weights (the reference's `pre_ratio`).
 *
 * Input: float NHWC [B, H, W, C] with pixels already divided by 255.
 */
import * as tf from "@tensorflow/tfjs";
import type { Schema } from "../core/config.js";
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { randomNormal } from "../core/tf-random.js";
import { Adam } from "./adam.js";
import type { AgentSpec } from "./config.js";
import { boundLogStd } from "./losses.js";
import type { AgentModule } from "./module.js";
import { applyDense, copyParams, dense, layerNorm, ParamSet, softUpdate, type Dense, type InitKind, type WeightInit } from "./nn.js";

/** The pixel encoder's keys (reference defaults, research/anchors.md §1.6). Unused from states. */
export const ENCODER_SCHEMA = {
  featureDim: { type: "number", default: 50, min: 1, integer: true, doc: "encoder output size" },
  numLayers: { type: "number", default: 4, min: 1, integer: true, doc: "conv layers" },
  numFilters: { type: "number", default: 32, min: 1, integer: true },
  encoderTau: { type: "number", default: 0.05, min: 0, max: 1, doc: "Polyak rate of the momentum (target) encoder" },
  featureTanh: { type: "boolean", default: true, doc: "tanh after the encoder's LayerNorm (SAC-AE, DrQ: yes; CURL, DBC: no)" },
  actorEncoder: { type: "enum", values: ["own-head", "critic-head"], default: "own-head", doc: "own-head: tied convs + the actor's own fc/LN head (references); critic-head: the actor reads the critic's encoder output (legacy)" },
} as const satisfies Schema;

export interface EncoderConfig {
  /** Square image side. */
  size: number;
  /** Input channels (3 × frame stack). */
  channels: number;
  numLayers: number;
  filters: number;
  featureDim: number;
  /** β-VAE-style Gaussian encoder instead of the deterministic one. */
  stochastic?: boolean;
  /** tanh after the LayerNorm (default true). */
  featureTanh?: boolean;
  /** Weight init (default "glorot"; "zeros" for a copy overwritten after construction). */
  weightInit?: InitKind;
  /** Split the output into φ_r and φ_d and weight them (AMBS); absent: no weighting. */
  weighting?: FeatureWeighting;
}

/** How the critic's features are weighted (AMBS): [w_r·φ_r : w_d·φ_d]. */
export interface FeatureWeighting {
  /** Size of φ_r, the first features; φ_d is the rest. */
  rewardDim: number;
  /** "adaptive": (w_r, w_d) = softmax(η), η trainable (init 0); or the fixed pair (w_r, w_d). */
  weights: "adaptive" | readonly [number, number];
}

/** Side of the last conv output: first conv stride 2, the rest stride 1, 3×3 'valid'. */
export function convOutputSize(size: number, numLayers: number): number {
  const o = Math.floor((size - 3) / 2) + 1 - 2 * (numLayers - 1);
  if (o < 1) throw new ReproError(`image side ${size} is too small for ${numLayers} conv layers; use a larger size or fewer layers`);
  return o;
}

export interface EncoderOutput {
  /** What the actor/critic see: tanh(LN(dense(h))) (weighted when `weighting`) or, stochastic, a sample z. */
  features: tf.Tensor2D;
  /** With `weighting`: the features before the weights (φ_r and φ_d side by side). */
  unweighted?: tf.Tensor2D;
  /** Stochastic only: mean and log-std of q(z|o). */
  mu?: tf.Tensor2D;
  logStd?: tf.Tensor2D;
}

export class PixelEncoder {
  readonly config: EncoderConfig;
  readonly params = new ParamSet();
  readonly outSize: number;
  private readonly convs: { w: tf.Variable; b: tf.Variable }[] = [];
  private readonly fc: Dense;
  private readonly fcLogStd: Dense | null = null;
  private readonly lnGamma: tf.Variable | null = null;
  private readonly lnBeta: tf.Variable | null = null;
  /** η of adaptive weighting (trainable, init 0), or null. */
  readonly eta: tf.Variable | null = null;

  constructor(config: EncoderConfig, rng: Rng) {
    this.config = config;
    this.outSize = convOutputSize(config.size, config.numLayers);
    const init = config.weightInit ?? "glorot";
    let inC = config.channels;
    for (let l = 0; l < config.numLayers; l++) {
      this.convs.push({
        w: this.params.conv(`conv${l}/w`, rng, [3, 3, inC, config.filters], init),
        b: this.params.zeros(`conv${l}/b`, [config.filters]),
      });
      inC = config.filters;
    }
    const flat = this.outSize * this.outSize * config.filters;
    this.fc = dense(this.params, rng, "fc", flat, config.featureDim, init);
    if (config.stochastic) {
      this.fcLogStd = dense(this.params, rng, "fc_logstd", flat, config.featureDim, init);
    } else {
      this.lnGamma = this.params.ones("ln/gamma", [config.featureDim]);
      this.lnBeta = this.params.zeros("ln/beta", [config.featureDim]);
    }
    const w = config.weighting;
    if (w) {
      if (config.stochastic) throw new ReproError("weighted features need the deterministic encoder");
      if (!Number.isInteger(w.rewardDim) || w.rewardDim < 1 || w.rewardDim >= config.featureDim) {
        throw new ReproError(`the reward part of the features must have 1…${config.featureDim - 1} dimensions, got ${w.rewardDim}`);
      }
      if (w.weights === "adaptive") this.eta = this.params.zeros("eta", [2]);
    }
  }

  /** (w_r, w_d): softmax(η) or the fixed pair ([2]; use inside a tidy). Throws without weighting. */
  weights(): tf.Tensor1D {
    const w = this.config.weighting;
    if (!w) throw new ReproError("this encoder has no feature weighting");
    if (this.eta) return tf.softmax(this.eta) as tf.Tensor1D;
    const fixed = w.weights as readonly [number, number];
    return tf.tensor1d([fixed[0], fixed[1]]);
  }

  get featureDim(): number {
    return this.config.featureDim;
  }

  /** The flattened conv trunk. */
  trunk(obs: tf.Tensor4D): tf.Tensor2D {
    let h = obs;
    this.convs.forEach((c, l) => {
      h = tf.relu(tf.add(tf.conv2d(h, c.w as tf.Tensor4D, l === 0 ? 2 : 1, "valid"), c.b)) as tf.Tensor4D;
    });
    return tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
  }

  /**
   * Encode. Deterministic: tanh(LN(dense(trunk))). Stochastic: z = μ + σ ε with ε from `rng`
   * (or z = μ when `rng` is omitted).
   */
  forward(obs: tf.Tensor4D, rng?: Rng): EncoderOutput {
    const h = this.trunk(obs);
    if (!this.config.stochastic) {
      const ln = layerNorm(applyDense(this.fc, h), this.lnGamma!, this.lnBeta!);
      const out = this.config.featureTanh === false ? ln : (tf.tanh(ln) as tf.Tensor2D);
      const w = this.config.weighting;
      if (!w) return { features: out };
      const [wr, wd] = tf.split(this.weights(), 2) as [tf.Tensor1D, tf.Tensor1D];
      const scale = tf.concat([tf.tile(wr, [w.rewardDim]), tf.tile(wd, [this.config.featureDim - w.rewardDim])]);
      return { features: tf.mul(out, scale) as tf.Tensor2D, unweighted: out };
    }
    const mu = applyDense(this.fc, h);
    const logStd = boundLogStd(applyDense(this.fcLogStd!, h), -10, 2);
    const features = rng ? (tf.add(mu, tf.mul(tf.exp(logStd), randomNormal(rng, mu.shape))) as tf.Tensor2D) : mu;
    return { features, mu, logStd };
  }

  /** The conv weights only (SAC-AE ties the actor's convs to these). */
  get convParams(): tf.Variable[] {
    return this.convs.flatMap((c) => [c.w, c.b]);
  }

  dispose(): void {
    this.params.dispose();
  }
}

/**
 * The actor's own encoder head (reference: `actor.encoder.fc`, `actor.encoder.ln`): dense from the
 * flattened conv output of the (tied) convs to `featureDim`, LayerNorm, tanh if `featureTanh`.
 */
export class FeatureHead {
  readonly params = new ParamSet();
  private readonly fc: Dense;
  private readonly lnGamma: tf.Variable;
  private readonly lnBeta: tf.Variable;

  /** `scale`: a constant factor on the head's output (AMBS's code: the actor's frozen ratio, softmax(0, 0) = ½). */
  constructor(private readonly config: EncoderConfig, rng: Rng, private readonly scale = 1) {
    const o = convOutputSize(config.size, config.numLayers);
    this.fc = dense(this.params, rng, "actor_fc", o * o * config.filters, config.featureDim, config.weightInit ?? "glorot");
    this.lnGamma = this.params.ones("actor_ln/gamma", [config.featureDim]);
    this.lnBeta = this.params.zeros("actor_ln/beta", [config.featureDim]);
  }

  forward(h: tf.Tensor2D): tf.Tensor2D {
    const ln = layerNorm(applyDense(this.fc, h), this.lnGamma, this.lnBeta);
    const out = this.config.featureTanh === false ? ln : (tf.tanh(ln) as tf.Tensor2D);
    return this.scale === 1 ? out : (tf.mul(out, this.scale) as tf.Tensor2D);
  }

  dispose(): void {
    this.params.dispose();
  }
}

/** Which losses train the encoder and what the RL losses see (the β-VAE ablations of SAC+AE set these). */
export interface EncoderOptions {
  /** Gaussian q(z|o) instead of the deterministic encoder. */
  stochastic: boolean;
  /** The RL losses see samples z ~ q(z|o) (else μ). */
  sampleInRl: boolean;
  /** The critic loss trains the encoder (the critic's Adam holds its parameters). */
  trainedByCritic: boolean;
  /** The actor loss trains the encoder through `optimizer` (end-to-end β-VAE); else the actor sees detached features. */
  trainedByActor: boolean;
  /** Learning rate of the encoder's own Adam (SAC+AE's `encoderLr`: decoder loss, end-to-end actor); null: none. */
  ownLr: number | null;
  /** Weighted critic features (AMBS); absent: none. */
  weighting?: FeatureWeighting;
  /** Constant factor on the actor head's output (default 1; AMBS's code: ½). */
  actorHeadScale?: number;
}

/** SAC, DrQ, CURL and SAC+AE (RAE): deterministic, trained by the critic, detached for the actor. */
export const CRITIC_TRAINED_ENCODER: EncoderOptions = { stochastic: false, sampleInRl: false, trainedByCritic: true, trainedByActor: false, ownLr: null };

/** The encoder keys the module reads (a subset of the SAC core config). */
export interface EncoderModuleConfig {
  featureDim: number;
  numLayers: number;
  numFilters: number;
  featureTanh?: boolean;
  actorEncoder?: "own-head" | "critic-head";
  weightInit?: WeightInit;
}

/**
 * The critic's encoder g and its momentum copy ḡ (both initialised from the same stream, so
 * they start equal: the reference's `critic_target.load_state_dict(critic.state_dict())`), and
 * the actor's own head on g's conv layers (`actorHead`, when `actorEncoder` is "own-head" and the
 * encoder is deterministic), as one module. From states it is the identity: features = observation.
 * `size`: the side the networks see (CURL crops larger renders to it).
 */
export class EncoderModule implements AgentModule {
  readonly name = "encoder";
  readonly online: PixelEncoder | null;
  readonly target: PixelEncoder | null;
  readonly featureDim: number;
  readonly options: EncoderOptions;
  /** The encoder's own Adam (`options.ownLr`), or null. */
  readonly optimizer: Adam | null;
  /** The actor's own fc + LayerNorm head on the tied convs (trained by the actor's Adam), or null. */
  readonly actorHead: FeatureHead | null;

  constructor(spec: AgentSpec, config: EncoderModuleConfig, rng: Rng, options: EncoderOptions) {
    this.options = options;
    if (spec.observation === "pixels") {
      const [H, W, C] = spec.obsShape as [number, number, number];
      if (H !== W) throw new ReproError(`pixel observations must be square, got ${H}×${W}`);
      const size = spec.cropSize ?? H;
      const enc: EncoderConfig = {
        size, channels: C, numLayers: config.numLayers, filters: config.numFilters, featureDim: config.featureDim, stochastic: options.stochastic,
        featureTanh: config.featureTanh ?? true, weightInit: config.weightInit ?? "glorot",
        ...(options.weighting ? { weighting: options.weighting } : {}),
      };
      this.online = new PixelEncoder(enc, rng.fork("encoder"));
      this.target = new PixelEncoder(enc.weightInit === "glorot" ? enc : { ...enc, weightInit: "zeros" }, rng.fork("encoder"));
      copyParams(this.target.params.vars, this.online.params.vars);
      this.featureDim = config.featureDim;
      this.actorHead = (config.actorEncoder ?? "critic-head") === "own-head" && !options.stochastic ? new FeatureHead({ ...enc, weighting: undefined }, rng.fork("actor-encoder-head"), options.actorHeadScale ?? 1) : null;
    } else {
      if (options.stochastic || options.ownLr !== null) throw new ReproError("a stochastic or separately trained encoder needs pixel observations");
      this.online = null;
      this.target = null;
      this.actorHead = null;
      this.featureDim = spec.obsShape[0]!;
    }
    this.optimizer = this.online && options.ownLr !== null ? new Adam(this.online.params.vars, { lr: options.ownLr }) : null;
    if (options.trainedByActor && !this.optimizer) throw new ReproError("an encoder trained by the actor needs its own optimizer (ownLr)");
  }

  /** Online parameters (empty from states); with adaptive weighting η is among them (the critic's Adam trains it). */
  get vars(): tf.Variable[] {
    return this.online ? this.online.params.vars : [];
  }

  /** Online parameters without η: what a representation loss trains (AMBS: c is learned through the Q loss only). */
  get representationVars(): tf.Variable[] {
    return this.vars.filter((v) => v !== this.online?.eta);
  }

  /** η of adaptive weighting (online), or null. */
  get eta(): tf.Variable | null {
    return this.online?.eta ?? null;
  }

  /** The online encoder's features before the weights (φ_r : φ_d; with gradient to the encoder, none to η). */
  unweightedFeatures(obs: tf.Tensor): tf.Tensor2D {
    if (!this.online) throw new ReproError("unweighted features need a pixel encoder");
    const out = this.online.forward(obs as tf.Tensor4D);
    return out.unweighted ?? out.features;
  }

  /** Features the RL losses see: g(o), or a sample of q(z|o) drawn from `rng` when `sampleInRl`. */
  features(obs: tf.Tensor, rng: Rng): tf.Tensor2D {
    return this.online ? this.online.forward(obs as tf.Tensor4D, this.options.sampleInRl ? rng : undefined).features : (obs as tf.Tensor2D);
  }

  /** Momentum-encoder features ḡ(o′) of the critic target (and CURL's keys). */
  targetFeatures(obs: tf.Tensor, rng: Rng): tf.Tensor2D {
    return this.target ? this.target.forward(obs as tf.Tensor4D, this.options.sampleInRl ? rng : undefined).features : (obs as tf.Tensor2D);
  }

  /** Features for acting: g(o), the mean μ for a stochastic encoder. */
  actFeatures(obs: tf.Tensor): tf.Tensor2D {
    return this.online ? this.online.forward(obs as tf.Tensor4D).features : (obs as tf.Tensor2D);
  }

  /** The actor's features: its own head on the tied convs, or (critic-head) `features(obs, rng)`. */
  actorFeatures(obs: tf.Tensor, rng: Rng): tf.Tensor2D {
    return this.actorHead ? this.actorHead.forward(this.online!.trunk(obs as tf.Tensor4D)) : this.features(obs, rng);
  }

  /** The actor's features for acting: its own head, or (critic-head) `actFeatures(obs)`. */
  actorActFeatures(obs: tf.Tensor): tf.Tensor2D {
    return this.actorHead ? this.actorHead.forward(this.online!.trunk(obs as tf.Tensor4D)) : this.actFeatures(obs);
  }

  /** The actor head's parameters (empty without one): the actor's Adam holds them. */
  get actorHeadVars(): tf.Variable[] {
    return this.actorHead ? this.actorHead.params.vars : [];
  }

  /** ḡ ← τ g + (1 − τ) ḡ. */
  updateTarget(tau: number): void {
    if (this.online && this.target) softUpdate(this.target.params.vars, this.online.params.vars, tau);
  }

  get parameterCount(): number {
    return (this.online ? this.online.params.count : 0) + (this.actorHead ? this.actorHead.params.count : 0);
  }

  paramGroups(): tf.Variable[][] {
    if (!this.online || !this.target) return [];
    return this.actorHead ? [this.online.params.vars, this.target.params.vars, this.actorHead.params.vars] : [this.online.params.vars, this.target.params.vars];
  }

  optimizers(): Adam[] {
    return this.optimizer ? [this.optimizer] : [];
  }

  dispose(): void {
    this.optimizer?.dispose();
    this.online?.dispose();
    this.target?.dispose();
    this.actorHead?.dispose();
  }
}
