/**
 * Pixel encoder of SAC-AE / DrQ / CURL / AMBS (thesis §4.7.4, Table 5.1 shapes; reference
 * `PixelEncoder`): `numLayers` 3×3 convs with `filters` channels, stride 2 for the first and 1
 * after, ReLU after each, 'valid' padding; flatten; then the head (encoder-head.ts): dense to
 * `featureDim`; LayerNorm; tanh (`featureTanh`: SAC-AE and DrQ apply it, CURL
 * (`output_logits=True`) and DBC do not); AMBS's feature weighting; or the stochastic heads.
 * From states the encoder is the identity, or with `stateEncoder` the MLP trunk of
 * state-encoder.ts under the same head.
 *
 * Actor/critic split (`actorEncoder`, presets.ts): in all four references the actor has its own
 * encoder whose conv layers are tied to the critic's (`copy_conv_weights_from`: the same
 * parameters) and whose fc + LayerNorm (+ tanh) head is its own, trained by the actor loss; the
 * actor update detaches the conv output only. `EncoderModule.actorHead` is that head (on the
 * state encoder it sits on the tied MLP trunk in the same way); "critic-head"
 * (the project's earlier behaviour, a named option no stored run uses since the sac-ae re-run) lets the actor read the
 * critic's whole encoder output, detached. The β-VAE ablations of SAC+AE (stochastic encoder, no
 * reference code) always give the actor the shared latent z: the ablation is about that latent.
 * Spatial size 84 → 41 → 39 → 37 → 35 (39,200 features at 84×84 with 4 layers × 32 filters).
 *
 * Input: float NHWC [B, H, W, C] with pixels already divided by 255.
 */
import * as tf from "@tensorflow/tfjs";
import type { Schema } from "../core/config.js";
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { Adam } from "./adam.js";
import type { AgentSpec } from "./config.js";
import { EncoderHead, type EncoderHeadConfig, type EncoderOutput, type FeatureWeighting } from "./encoder-head.js";
import type { AgentModule } from "./module.js";
import { copyParams, ParamSet, softUpdate, type WeightInit } from "./nn.js";
import { StateEncoder } from "./state-encoder.js";

export type { EncoderOutput, FeatureWeighting } from "./encoder-head.js";

/** The pixel encoder's keys (reference defaults, research/anchors.md §1.6), and the state encoder's. */
export const ENCODER_SCHEMA = {
  featureDim: { type: "number", default: 50, min: 1, integer: true, doc: "encoder output size (from states: only with stateEncoder)" },
  numLayers: { type: "number", default: 4, min: 1, integer: true, doc: "conv layers" },
  numFilters: { type: "number", default: 32, min: 1, integer: true },
  encoderTau: { type: "number", default: 0.05, min: 0, max: 1, doc: "Polyak rate of the momentum (target) encoder" },
  featureTanh: { type: "boolean", default: true, doc: "tanh after the encoder's LayerNorm (SAC-AE, DrQ: yes; CURL, DBC: no)" },
  actorEncoder: { type: "enum", values: ["own-head", "critic-head"], default: "own-head", doc: "own-head: tied convs + the actor's own fc/LN head (references); critic-head: the actor reads the critic's encoder output (legacy)" },
  stateEncoder: { type: "numberArray", optional: true, doc: "states only: hidden widths of an MLP trunk (ReLU) under the pixel encoder's head (fc, LayerNorm, tanh per featureTanh) — the plan's Tier-B MLP encoder; absent: identity (features = observation)" },
} as const satisfies Schema;

export interface EncoderConfig extends EncoderHeadConfig {
  /** Square image side. */
  size: number;
  /** Input channels (3 × frame stack). */
  channels: number;
  numLayers: number;
  filters: number;
}

/** Side of the last conv output: first conv stride 2, the rest stride 1, 3×3 'valid'. */
export function convOutputSize(size: number, numLayers: number): number {
  const o = Math.floor((size - 3) / 2) + 1 - 2 * (numLayers - 1);
  if (o < 1) throw new ReproError(`image side ${size} is too small for ${numLayers} conv layers; use a larger size or fewer layers`);
  return o;
}

/** What the encoder module needs of an encoder (the pixel one here, the state one in state-encoder.ts). */
export interface FeatureEncoder {
  readonly params: ParamSet;
  readonly featureDim: number;
  /** Size of the trunk's flat output (the input of the heads). */
  readonly trunkDim: number;
  /** η of adaptive weighting, or null. */
  readonly eta: tf.Variable | null;
  /** The trunk (convs, or the state MLP) flattened: what the actor's own head reads. */
  trunk(obs: tf.Tensor): tf.Tensor2D;
  forward(obs: tf.Tensor, rng?: Rng): EncoderOutput;
  /** (w_r, w_d) of the weighting ([2]; inside a tidy). Throws without weighting. */
  weights(): tf.Tensor1D;
  dispose(): void;
}

export class PixelEncoder implements FeatureEncoder {
  readonly config: EncoderConfig;
  readonly params = new ParamSet();
  readonly outSize: number;
  readonly trunkDim: number;
  private readonly convs: { w: tf.Variable; b: tf.Variable }[] = [];
  private readonly head: EncoderHead;

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
    this.trunkDim = this.outSize * this.outSize * config.filters;
    this.head = new EncoderHead(this.params, rng, this.trunkDim, config);
  }

  /** η of adaptive weighting (trainable, init 0), or null. */
  get eta(): tf.Variable | null {
    return this.head.eta;
  }

  /** (w_r, w_d): softmax(η) or the fixed pair ([2]; use inside a tidy). Throws without weighting. */
  weights(): tf.Tensor1D {
    return this.head.weights();
  }

  get featureDim(): number {
    return this.config.featureDim;
  }

  /** The flattened conv trunk. */
  trunk(obs: tf.Tensor): tf.Tensor2D {
    let h = obs as tf.Tensor4D;
    this.convs.forEach((c, l) => {
      h = tf.relu(tf.add(tf.conv2d(h, c.w as tf.Tensor4D, l === 0 ? 2 : 1, "valid"), c.b)) as tf.Tensor4D;
    });
    return tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
  }

  /**
   * Encode. Deterministic: tanh(LN(dense(trunk))). Stochastic: z = μ + σ ε with ε from `rng`
   * (or z = μ when `rng` is omitted).
   */
  forward(obs: tf.Tensor, rng?: Rng): EncoderOutput {
    return this.head.forward(this.trunk(obs), rng);
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
 * flattened output of the (tied) trunk to `featureDim`, LayerNorm, tanh if `featureTanh`.
 */
export class FeatureHead {
  readonly params = new ParamSet();
  private readonly head: EncoderHead;

  /** `scale`: a constant factor on the head's output (AMBS's code: the actor's frozen ratio, softmax(0, 0) = ½). */
  constructor(inDim: number, config: EncoderHeadConfig, rng: Rng, scale = 1) {
    this.head = new EncoderHead(this.params, rng, inDim, { featureDim: config.featureDim, featureTanh: config.featureTanh, weightInit: config.weightInit }, "actor_", scale);
  }

  forward(h: tf.Tensor2D): tf.Tensor2D {
    return this.head.forward(h).features;
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
  /** States only: the MLP trunk's hidden widths (state-encoder.ts); absent: identity. */
  stateEncoder?: readonly number[];
}

/**
 * The critic's encoder g and its momentum copy ḡ (both initialised from the same stream, so
 * they start equal: the reference's `critic_target.load_state_dict(critic.state_dict())`), and
 * the actor's own head on g's trunk (`actorHead`, when `actorEncoder` is "own-head" and the
 * encoder is deterministic), as one module. g is the conv encoder from pixels, the MLP encoder
 * from states with `stateEncoder`, and otherwise absent: from states the features are the
 * observation. `size`: the side the networks see (CURL crops larger renders to it).
 */
export class EncoderModule implements AgentModule {
  readonly name = "encoder";
  readonly online: FeatureEncoder | null;
  readonly target: FeatureEncoder | null;
  readonly featureDim: number;
  readonly options: EncoderOptions;
  /** The encoder's own Adam (`options.ownLr`), or null. */
  readonly optimizer: Adam | null;
  /** The actor's own fc + LayerNorm head on the tied trunk (trained by the actor's Adam), or null. */
  readonly actorHead: FeatureHead | null;

  constructor(spec: AgentSpec, config: EncoderModuleConfig, rng: Rng, options: EncoderOptions) {
    this.options = options;
    const head: EncoderHeadConfig = {
      featureDim: config.featureDim, stochastic: options.stochastic, featureTanh: config.featureTanh ?? true, weightInit: config.weightInit ?? "glorot",
      ...(options.weighting ? { weighting: options.weighting } : {}),
    };
    const zeros = (h: EncoderHeadConfig): EncoderHeadConfig => (h.weightInit === "glorot" ? h : { ...h, weightInit: "zeros" });
    if (spec.observation === "pixels") {
      if (config.stateEncoder !== undefined) throw new ReproError("stateEncoder is the MLP encoder of state observations; from pixels the conv encoder is used (remove stateEncoder)");
      const [H, W, C] = spec.obsShape as [number, number, number];
      if (H !== W) throw new ReproError(`pixel observations must be square, got ${H}×${W}`);
      const size = spec.cropSize ?? H;
      const enc: EncoderConfig = { size, channels: C, numLayers: config.numLayers, filters: config.numFilters, ...head };
      this.online = new PixelEncoder(enc, rng.fork("encoder"));
      this.target = new PixelEncoder({ ...enc, ...zeros(head) }, rng.fork("encoder"));
    } else if (config.stateEncoder !== undefined) {
      if (options.ownLr !== null) throw new ReproError("a separately trained encoder needs pixel observations");
      const enc = { inputDim: spec.obsShape[0]!, hidden: config.stateEncoder, ...head };
      this.online = new StateEncoder(enc, rng.fork("encoder"));
      this.target = new StateEncoder({ ...enc, ...zeros(head) }, rng.fork("encoder"));
    } else {
      if (options.stochastic || options.ownLr !== null) throw new ReproError("a stochastic or separately trained encoder needs pixel observations");
      if (options.weighting) throw new ReproError("weighted features (AMBS) need a learned encoder: pixels, or stateEncoder from states");
      this.online = null;
      this.target = null;
    }
    if (this.online && this.target) {
      copyParams(this.target.params.vars, this.online.params.vars);
      this.featureDim = config.featureDim;
      this.actorHead = (config.actorEncoder ?? "critic-head") === "own-head" && !options.stochastic ? new FeatureHead(this.online.trunkDim, head, rng.fork("actor-encoder-head"), options.actorHeadScale ?? 1) : null;
    } else {
      this.actorHead = null;
      this.featureDim = spec.obsShape[0]!;
    }
    this.optimizer = this.online && options.ownLr !== null ? new Adam(this.online.params.vars, { lr: options.ownLr }) : null;
    if (options.trainedByActor && !this.optimizer) throw new ReproError("an encoder trained by the actor needs its own optimizer (ownLr)");
  }

  /** The online encoder as the conv encoder (pixel-only code: SAC+AE's decoder mirrors its shapes). */
  get pixelEncoder(): PixelEncoder {
    if (!(this.online instanceof PixelEncoder)) throw new ReproError("this agent has no pixel encoder; use observation \"pixels\"");
    return this.online;
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
    if (!this.online) throw new ReproError("unweighted features need a learned encoder: pixels, or stateEncoder from states");
    const out = this.online.forward(obs);
    return out.unweighted ?? out.features;
  }

  /** Features the RL losses see: g(o), or a sample of q(z|o) drawn from `rng` when `sampleInRl`. */
  features(obs: tf.Tensor, rng: Rng): tf.Tensor2D {
    return this.online ? this.online.forward(obs, this.options.sampleInRl ? rng : undefined).features : (obs as tf.Tensor2D);
  }

  /** Momentum-encoder features ḡ(o′) of the critic target (and CURL's keys). */
  targetFeatures(obs: tf.Tensor, rng: Rng): tf.Tensor2D {
    return this.target ? this.target.forward(obs, this.options.sampleInRl ? rng : undefined).features : (obs as tf.Tensor2D);
  }

  /** Features for acting: g(o), the mean μ for a stochastic encoder. */
  actFeatures(obs: tf.Tensor): tf.Tensor2D {
    return this.online ? this.online.forward(obs).features : (obs as tf.Tensor2D);
  }

  /** The actor's features: its own head on the tied trunk, or (critic-head) `features(obs, rng)`. */
  actorFeatures(obs: tf.Tensor, rng: Rng): tf.Tensor2D {
    return this.actorHead ? this.actorHead.forward(this.online!.trunk(obs)) : this.features(obs, rng);
  }

  /** The actor's features for acting: its own head, or (critic-head) `actFeatures(obs)`. */
  actorActFeatures(obs: tf.Tensor): tf.Tensor2D {
    return this.actorHead ? this.actorHead.forward(this.online!.trunk(obs)) : this.actFeatures(obs);
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
