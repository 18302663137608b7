/**
 * The prunable backbone with its importance predictors (§6.3.1), in TensorFlow.js (NHWC).
 *
 * Backbone: M-CifarNet topology (research D.6, external to the thesis): 8 conv 3×3 layers with
 * widths [64,64,128,128,128,192,192,192]·widthScale, strides [1,1,2,1,1,2,1,1], each conv +
 * bias + ReLU, then global average pooling and FC-10.  (No dropout in this
 * scaled version.) Each conv is followed by batch norm (batch statistics in training passes,
 * running statistics at evaluation — re-estimated after pruning changes the activations),
 * then ReLU; BN folds into the conv at inference, so the counts ignore it.
 * Runtime predictor f_t: global-average-pool F_in → FC(C_in → C_out) with bias, no activation
 * (§6.3.1.1); initialised with zero weights and bias 1, so u_r = 1 until trained.
 * Static predictor h: FC(4 → 16) → SELU → FC(16 → 1) shared by all layers, with input
 * (n_i, d_i, H_i, v_i) per channel (§6.3.1.2); n, d, H are fixed after pretraining (each divided
 * by its layer mean so layers are comparable); v is a learnable per-layer vector. Its final
 * bias starts at 1 and its last weights at 0, so u_s = 1 until trained.
 * Masked output (6.1): F̂ = F ⊗ (1 − m) ⊗ u, applied after the ReLU; the mask is a constant
 * (no gradient), u = u_r ⊗ u_s carries the gradient to f, h and v.
 */
import * as tf from "@tensorflow/tfjs";
import { warnIfDefaultBackend } from "../backend/ensure.js";
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { randomNormal } from "../core/tf-random.js";
import type { NetSpec } from "./counting.js";
import { staticFeatures } from "./features.js";

export const M_CIFARNET_WIDTHS = [64, 64, 128, 128, 128, 192, 192, 192] as const;
export const M_CIFARNET_STRIDES = [1, 1, 2, 1, 1, 2, 1, 1] as const;

/** M-CifarNet with widths scaled by `widthScale` (rounded, ≥ 1), as a counting spec. */
export function mCifarNetSpec(widthScale = 1, opts: { height?: number; width?: number; channels?: number; classes?: number } = {}): NetSpec {
  if (!(widthScale > 0)) throw new ReproError(`widthScale must be > 0, got ${widthScale}`);
  const widths = M_CIFARNET_WIDTHS.map((w) => Math.max(1, Math.round(w * widthScale)));
  const channels = opts.channels ?? 3;
  return {
    input: { channels, height: opts.height ?? 32, width: opts.width ?? 32 },
    convs: widths.map((cout, t) => ({ cin: t === 0 ? channels : widths[t - 1]!, cout, kernel: 3, stride: M_CIFARNET_STRIDES[t]! })),
    classes: opts.classes ?? 10,
  };
}

const H_HIDDEN = 16;
let nextNetId = 0;

/** Per-layer decision: which channels to zero (mask [B, C] of 1 = pruned) and which importances to apply. */
export interface LayerDecision {
  /** [B, C] float32 0/1, 1 = pruned; null = keep all. */
  mask: tf.Tensor2D | null;
  /** Multiply by u_r (runtime importance). */
  useUr: boolean;
  /** Multiply by u_s (static importance). */
  useUs: boolean;
}

/** What the decision callback sees at layer t (tensors live only during the call). */
export interface LayerContext {
  t: number;
  /** Global-average-pooled F_in, [B, C_in]. */
  pooledIn: tf.Tensor2D;
  /** u_r = f_t(pooled F_in), [B, C_out] (computed on first call). */
  ur: () => tf.Tensor2D;
  /** u_s = h(n, d, H, v), [C_out] (computed on first call). */
  us: () => tf.Tensor1D;
}

export type Decide = (ctx: LayerContext) => LayerDecision;

/** Keep everything, no importance scaling: the plain backbone. */
export const PLAIN: Decide = () => ({ mask: null, useUr: false, useUs: false });

export class PrunableNet {
  readonly spec: NetSpec;
  readonly convW: tf.Variable[];
  readonly convB: tf.Variable[];
  readonly fcW: tf.Variable;
  readonly fcB: tf.Variable;
  readonly fW: tf.Variable[];
  readonly fB: tf.Variable[];
  readonly h1W: tf.Variable;
  readonly h1B: tf.Variable;
  readonly h2W: tf.Variable;
  readonly h2B: tf.Variable;
  readonly v: tf.Variable[];
  /** Fixed static features per layer, [C_out, 3] (n, d, H each / its layer mean). */
  features: tf.Tensor2D[];
  /** Batch norm after every conv (before ReLU and before the mask of (6.1)). */
  readonly bnGamma: tf.Variable[];
  readonly bnBeta: tf.Variable[];
  /** Running (population) statistics used when `training` is false. */
  runningMean: Float32Array[];
  runningVar: Float32Array[];
  /** Batch statistics (and running-statistics EMA updates) when true; running statistics when false. */
  training = true;
  /** EMA momentum of the running statistics. */
  bnMomentum = 0.9;
  static readonly BN_EPS = 1e-3;

  constructor(spec: NetSpec, rng: Rng) {
    warnIfDefaultBackend("a prunable network");
    this.spec = spec;
    const id = `pn${nextNetId++}_`;
    const variable = (init: tf.Tensor, name: string) => tf.variable(init, true, id + name);
    const he = (shape: number[], fanIn: number, name: string) => variable(randomNormal(rng, shape, 0, Math.sqrt(2 / fanIn)), name);
    this.convW = spec.convs.map((c, t) => he([c.kernel, c.kernel, c.cin, c.cout], c.kernel * c.kernel * c.cin, `conv${t}W`));
    this.convB = spec.convs.map((c, t) => variable(tf.zeros([c.cout]), `conv${t}B`));
    const last = spec.convs[spec.convs.length - 1]!.cout;
    this.fcW = variable(randomNormal(rng, [last, spec.classes], 0, Math.sqrt(1 / last)), "fcW");
    this.fcB = variable(tf.zeros([spec.classes]), "fcB");
    this.fW = spec.convs.map((c, t) => variable(tf.zeros([c.cin, c.cout]), `f${t}W`));
    this.fB = spec.convs.map((c, t) => variable(tf.ones([c.cout]), `f${t}B`));
    this.h1W = variable(randomNormal(rng, [4, H_HIDDEN], 0, Math.sqrt(1 / 4)), "h1W");
    this.h1B = variable(tf.zeros([H_HIDDEN]), "h1B");
    this.h2W = variable(tf.zeros([H_HIDDEN, 1]), "h2W");
    this.h2B = variable(tf.ones([1]), "h2B");
    this.v = spec.convs.map((c, t) => variable(randomNormal(rng, [c.cout], 0, 0.1), `v${t}`));
    this.features = spec.convs.map((c) => tf.ones([c.cout, 3]) as tf.Tensor2D);
    this.bnGamma = spec.convs.map((c, t) => variable(tf.ones([c.cout]), `bn${t}G`));
    this.bnBeta = spec.convs.map((c, t) => variable(tf.zeros([c.cout]), `bn${t}B`));
    this.runningMean = spec.convs.map((c) => new Float32Array(c.cout));
    this.runningVar = spec.convs.map((c) => new Float32Array(c.cout).fill(1));
  }

  /**
   * Set the running statistics to the average batch moments over `batches` (in training-mode
   * passes with `decide`), e.g. after pretraining or after pruning changed the activations.
   */
  recalibrate(batches: readonly tf.Tensor4D[], decide: Decide = PLAIN): void {
    const means = this.spec.convs.map((c) => new Float64Array(c.cout));
    const vars = this.spec.convs.map((c) => new Float64Array(c.cout));
    const was = this.training;
    this.training = true;
    for (const x of batches) {
      tf.tidy(() => {
        this.forward(x, decide, (t, m, v) => {
          for (let i = 0; i < m.length; i++) {
            means[t]![i]! += m[i]! / batches.length;
            vars[t]![i]! += v[i]! / batches.length;
          }
        });
      });
    }
    this.training = was;
    this.runningMean = means.map((m) => Float32Array.from(m));
    this.runningVar = vars.map((v) => Float32Array.from(v));
  }

  backboneVars(): tf.Variable[] {
    return [...this.convW, ...this.convB, this.fcW, this.fcB, ...this.bnGamma, ...this.bnBeta];
  }
  runtimePredictorVars(): tf.Variable[] {
    return [...this.fW, ...this.fB];
  }
  staticPredictorVars(): tf.Variable[] {
    return [this.h1W, this.h1B, this.h2W, this.h2B, ...this.v];
  }

  /** u_s for layer t: h(n, d, H, v) (§6.3.1.2), [C_out]. */
  staticImportance(t: number): tf.Tensor1D {
    return tf.tidy(() => {
      const x = tf.concat([this.features[t]!, this.v[t]!.reshape([-1, 1])], 1);
      const hid = tf.selu(tf.add(tf.matMul(x, this.h1W), this.h1B));
      return tf.add(tf.matMul(hid, this.h2W), this.h2B).reshape([-1]) as tf.Tensor1D;
    });
  }

  /**
   * Forward pass with per-layer decisions; returns logits [B, classes]. Decisions may read
   * the context tensors synchronously (e.g. dataSync to build masks in JS).
   */
  forward(x: tf.Tensor4D, decide: Decide = PLAIN, onMoments?: (t: number, mean: Float32Array, variance: Float32Array) => void): tf.Tensor2D {
    let h: tf.Tensor4D = x;
    this.spec.convs.forEach((c, t) => {
      const input = h;
      let pooledIn: tf.Tensor2D | null = null;
      let urT: tf.Tensor2D | null = null;
      let usT: tf.Tensor1D | null = null;
      const pooled = () => (pooledIn ??= tf.mean(input, [1, 2]) as tf.Tensor2D);
      const ur = () => (urT ??= tf.add(tf.matMul(pooled(), this.fW[t]!), this.fB[t]!) as tf.Tensor2D);
      const us = () => (usT ??= this.staticImportance(t));
      const d = decide({ t, get pooledIn() { return pooled(); }, ur, us });
      let pre = tf.add(tf.conv2d(h, this.convW[t] as tf.Tensor4D, c.stride, "same"), this.convB[t]!) as tf.Tensor4D;
      if (this.training) {
        const m = tf.moments(pre, [0, 1, 2]);
        const md = m.mean.dataSync() as Float32Array;
        const vd = m.variance.dataSync() as Float32Array;
        onMoments?.(t, md, vd);
        const rm = this.runningMean[t]!;
        const rv = this.runningVar[t]!;
        const mo = this.bnMomentum;
        for (let i = 0; i < rm.length; i++) {
          rm[i] = mo * rm[i]! + (1 - mo) * md[i]!;
          rv[i] = mo * rv[i]! + (1 - mo) * vd[i]!;
        }
        pre = tf.batchNorm(pre, m.mean, m.variance, this.bnBeta[t]!, this.bnGamma[t]!, PrunableNet.BN_EPS) as tf.Tensor4D;
      } else {
        pre = tf.batchNorm(pre, tf.tensor1d(this.runningMean[t]!), tf.tensor1d(this.runningVar[t]!), this.bnBeta[t]!, this.bnGamma[t]!, PrunableNet.BN_EPS) as tf.Tensor4D;
      }
      let out = tf.relu(pre) as tf.Tensor4D;
      let scale: tf.Tensor | null = null;
      if (d.useUr) scale = ur();
      if (d.useUs) scale = scale ? tf.mul(scale, us()) : tf.tile(us().reshape([1, -1]), [out.shape[0], 1]);
      if (d.mask) {
        const keep = tf.sub(1, d.mask) as tf.Tensor2D;
        scale = scale ? tf.mul(scale, keep) : keep;
      }
      if (scale) out = tf.mul(out, scale.reshape([out.shape[0], 1, 1, c.cout])) as tf.Tensor4D;
      h = out;
    });
    const pooled = tf.mean(h, [1, 2]);
    return tf.add(tf.matMul(pooled, this.fcW), this.fcB) as tf.Tensor2D;
  }

  /**
   * Compute the fixed static features n, d, H of every layer from the current filters and the
   * gradient of the CNN loss accumulated over `batches` (§6.3.1.2: "evaluated on the whole
   * training dataset"; we sum |∂L/∂K| over the given batches' mean-loss gradients).
   */
  setStaticFeatures(batches: Iterable<{ x: tf.Tensor4D; y: tf.Tensor1D }>): void {
    const sums = this.convW.map((w) => new Float64Array(w.size));
    for (const { x, y } of batches) {
      const { grads } = tf.variableGrads(() => crossEntropy(this.forward(x), y), this.convW);
      this.convW.forEach((w, t) => {
        const g = grads[w.name]!.dataSync();
        const s = sums[t]!;
        for (let i = 0; i < g.length; i++) s[i]! += g[i]!;
      });
      tf.dispose(Object.values(grads));
    }
    this.features.forEach((f) => f.dispose());
    this.features = this.spec.convs.map((c, t) => {
      const k = filtersByOutput(this.convW[t]!.dataSync(), c.kernel * c.kernel * c.cin, c.cout);
      const g = filtersByOutput(sums[t]!, c.kernel * c.kernel * c.cin, c.cout);
      const f = staticFeatures(k, g, c.cout);
      const cols = [f.norm, f.distance, f.hessian].map((a) => {
        const m = a.reduce((s, v) => s + v, 0) / a.length || 1;
        return Array.from(a, (v) => v / m);
      });
      const data = new Float32Array(c.cout * 3);
      for (let i = 0; i < c.cout; i++) for (let j = 0; j < 3; j++) data[i * 3 + j] = cols[j]![i]!;
      return tf.tensor2d(data, [c.cout, 3]);
    });
  }

  dispose(): void {
    tf.dispose([...this.bnGamma, ...this.bnBeta, ...this.convW, ...this.convB, this.fcW, this.fcB, ...this.fW, ...this.fB, this.h1W, this.h1B, this.h2W, this.h2B, ...this.v, ...this.features]);
  }

  /** Copy every variable's value from another net of the same spec. */
  copyFrom(other: PrunableNet): void {
    const mine = this.allVars();
    const theirs = other.allVars();
    mine.forEach((v, i) => v.assign(theirs[i]!));
    this.runningMean = other.runningMean.map((m) => m.slice());
    this.runningVar = other.runningVar.map((v) => v.slice());
    this.training = other.training;
    this.features.forEach((f) => f.dispose());
    this.features = other.features.map((f) => f.clone());
  }

  allVars(): tf.Variable[] {
    return [...this.backboneVars(), ...this.runtimePredictorVars(), ...this.staticPredictorVars()];
  }

  /** A new net with the same spec and a copy of every value. */
  clone(rng: Rng): PrunableNet {
    const n = new PrunableNet(this.spec, rng);
    n.copyFrom(this);
    return n;
  }
}

/** Reorder a [k, k, C_in, C_out] (HWIO) array to C_out rows of k·k·C_in. */
export function filtersByOutput(hwio: ArrayLike<number>, perFilter: number, cout: number): Float64Array {
  const out = new Float64Array(perFilter * cout);
  for (let j = 0; j < perFilter; j++) for (let o = 0; o < cout; o++) out[o * perFilter + j] = hwio[j * cout + o]!;
  return out;
}

/** Mean softmax cross-entropy. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.mean(perSampleCrossEntropy(logits, labels)) as tf.Scalar;
}

/** Per-sample softmax cross-entropy, [B]. */
export function perSampleCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    const oh = tf.oneHot(labels, logits.shape[1]);
    return tf.neg(tf.sum(tf.mul(logp, oh), 1)) as tf.Tensor1D;
  });
}
