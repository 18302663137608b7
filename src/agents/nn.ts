/**
 * Small functional building blocks on tfjs variables: parameter sets, dense layers, LayerNorm,
 * Polyak (soft) target updates, and parameter (de)serialisation for checkpoints.
 *
 * Networks are plain functions of their parameters (no tf.layers), so tying, detaching and
 * target copies are explicit. Weights are initialised from the run's `Rng` as the references
 * do (`WeightInit`): orthogonal linear weights and delta-orthogonal (SAC-AE, CURL, DBC) or
 * orthogonal (DrQ) conv kernels; "glorot" is the project's earlier Glorot-uniform. Biases 0.
 */
import * as tf from "@tensorflow/tfjs";
import { fusedUpdatesEnabled, softUpdateFused } from "./adam-fused.js";
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { glorotUniform } from "../core/tf-random.js";

/**
 * Weight initialisation (presets.ts `weightInit`):
 *   "delta-orthogonal"  linear: orthogonal, gain 1; conv / transposed conv: all taps 0 except
 *                       the centre, which is orthogonal with gain √2 (reference `weight_init` of
 *                       pytorch_sac_ae sac_ae.py:33-45, curl curl_sac.py:32-44, DBC sac_ae.py:36-48);
 *   "orthogonal"        linear as above; conv kernels orthogonal over the flattened kernel
 *                       (out × in·kh·kw), gain √2 (drq utils.py:62-72);
 *   "glorot"            Glorot-uniform everywhere (the project's earlier init; stored runs).
 */
export type WeightInit = "delta-orthogonal" | "orthogonal" | "glorot";
/** `WeightInit` or "zeros": for copies (target networks) that are overwritten right after construction. */
export type InitKind = WeightInit | "zeros";
export const RELU_GAIN = Math.SQRT2;

/**
 * A rows × cols matrix (row-major, float64) with PyTorch `nn.init.orthogonal_` semantics:
 * orthonormal rows when rows ≤ cols, orthonormal columns otherwise, times `gain`. Gaussian
 * draws from `rng`, then QR of the tall orientation by modified Gram–Schmidt; the signs make
 * R's diagonal positive (torch: q *= sign(diag r)).
 */
export function orthogonalMatrix(rng: Rng, rows: number, cols: number, gain = 1): Float64Array {
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  const q: Float64Array[] = [];
  for (let j = 0; j < n; j++) q.push(Float64Array.from({ length: m }, () => rng.normal()));
  for (let j = 0; j < n; j++) {
    const v = q[j]!;
    for (let k = 0; k < j; k++) {
      const u = q[k]!;
      let dot = 0;
      for (let i = 0; i < m; i++) dot += u[i]! * v[i]!;
      for (let i = 0; i < m; i++) v[i]! -= dot * u[i]!;
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    if (!(norm > 1e-12)) throw new ReproError(`orthogonal init: degenerate ${rows}×${cols} draw`);
    for (let i = 0; i < m; i++) v[i]! /= norm;
  }
  const out = new Float64Array(rows * cols);
  // tall: W = Q (m × n, column j = q[j]); wide: W = Qᵀ (row j = q[j])
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = gain * (tall ? q[c]![r]! : q[r]![c]!);
  return out;
}

/** An ordered list of named trainable variables. */
export class ParamSet {
  readonly names: string[] = [];
  readonly vars: tf.Variable[] = [];

  add(name: string, init: tf.Tensor): tf.Variable {
    if (this.names.includes(name)) throw new ReproError(`parameter '${name}' defined twice`);
    const v = tf.variable(init, true);
    init.dispose();
    this.names.push(name);
    this.vars.push(v);
    return v;
  }

  /** Glorot-uniform weight. */
  weight(name: string, rng: Rng, shape: number[]): tf.Variable {
    return this.add(name, glorotUniform(rng, shape));
  }

  /** Dense weight [in, out] (torch weight = its transpose, [out, in]). */
  linear(name: string, rng: Rng, inDim: number, outDim: number, init: InitKind): tf.Variable {
    if (init === "glorot") return this.weight(name, rng, [inDim, outDim]);
    if (init === "zeros") return this.zeros(name, [inDim, outDim]);
    const W = orthogonalMatrix(rng, outDim, inDim, 1); // torch [out, in]
    const w = new Float32Array(inDim * outDim);
    for (let o = 0; o < outDim; o++) for (let i = 0; i < inDim; i++) w[i * outDim + o] = W[o * inDim + i]!;
    return this.add(name, tf.tensor2d(w, [inDim, outDim]));
  }

  /**
   * Conv kernel in tfjs layout [kh, kw, in, out] (`transposed`: conv2dTranspose layout
   * [kh, kw, out, in], whose torch weight is [in, out, kh, kw]). Torch's matrix is
   * weight.view(rows, cols) with rows = its first dimension.
   */
  conv(name: string, rng: Rng, shape: [number, number, number, number], init: InitKind, transposed = false): tf.Variable {
    if (init === "glorot") return this.weight(name, rng, shape);
    if (init === "zeros") return this.zeros(name, shape);
    const [kh, kw, a, b] = shape;
    // torch weight [rows, cols, kh, kw]: conv rows = out (b), cols = in (a); transposed rows = in (b), cols = out (a)
    const rows = b;
    const cols = a;
    const w = new Float32Array(kh * kw * a * b);
    const at = (y: number, x: number, ai: number, bi: number) => ((y * kw + x) * a + ai) * b + bi;
    if (init === "delta-orthogonal") {
      const C = orthogonalMatrix(rng, rows, cols, RELU_GAIN);
      const my = Math.floor(kh / 2);
      const mx = Math.floor(kw / 2);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) w[at(my, mx, c, r)] = C[r * cols + c]!;
    } else {
      const W = orthogonalMatrix(rng, rows, cols * kh * kw, RELU_GAIN);
      const K = cols * kh * kw;
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) {
        w[at(y, x, c, r)] = W[r * K + (c * kh + y) * kw + x]!;
      }
    }
    void transposed; // same index mapping: the layout's last two axes are (cols, rows) of torch's matrix in both cases
    return this.add(name, tf.tensor4d(w, shape));
  }

  zeros(name: string, shape: number[]): tf.Variable {
    return this.add(name, tf.zeros(shape));
  }

  ones(name: string, shape: number[]): tf.Variable {
    return this.add(name, tf.ones(shape));
  }

  get count(): number {
    return this.vars.reduce((n, v) => n + v.size, 0);
  }

  dispose(): void {
    for (const v of this.vars) v.dispose();
  }
}

export interface Dense {
  w: tf.Variable;
  b: tf.Variable;
}

export function dense(ps: ParamSet, rng: Rng, name: string, inDim: number, outDim: number, init: InitKind = "glorot"): Dense {
  return { w: ps.linear(`${name}/w`, rng, inDim, outDim, init), b: ps.zeros(`${name}/b`, [outDim]) };
}

export function applyDense(layer: Dense, x: tf.Tensor): tf.Tensor2D {
  return tf.add(tf.matMul(x as tf.Tensor2D, layer.w as tf.Tensor2D), layer.b) as tf.Tensor2D;
}

/** An MLP: ReLU between layers, no activation after the last. */
export function mlp(ps: ParamSet, rng: Rng, name: string, sizes: readonly number[], init: InitKind = "glorot"): Dense[] {
  const layers: Dense[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) layers.push(dense(ps, rng, `${name}/l${i}`, sizes[i]!, sizes[i + 1]!, init));
  return layers;
}

export function applyMlp(layers: readonly Dense[], x: tf.Tensor): tf.Tensor2D {
  let h = x as tf.Tensor2D;
  layers.forEach((l, i) => {
    h = applyDense(l, h);
    if (i < layers.length - 1) h = tf.relu(h);
  });
  return h;
}

/** LayerNorm over the last axis: γ (x − mean)/sqrt(var + ε) + β (ε = 1e-5 as PyTorch). */
export function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor, beta: tf.Tensor, eps = 1e-5): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), gamma), beta) as tf.Tensor2D;
}

/** Polyak averaging: target ← τ·source + (1 − τ)·target, element by element. */
export function softUpdate(target: readonly tf.Variable[], source: readonly tf.Variable[], tau: number): void {
  if (target.length !== source.length) throw new ReproError(`soft update: ${target.length} target vs ${source.length} source parameters`);
  if (fusedUpdatesEnabled()) {
    // one JS loop per variable on wasm, bit-identical to the ops below (adam-fused.ts)
    for (let i = 0; i < target.length; i++) softUpdateFused(target[i]!, source[i]!, tau);
    return;
  }
  tf.tidy(() => {
    for (let i = 0; i < target.length; i++) {
      target[i]!.assign(tf.add(tf.mul(source[i]!, tau), tf.mul(target[i]!, 1 - tau)));
    }
  });
}

/** target ← source (hard copy). */
export function copyParams(target: readonly tf.Variable[], source: readonly tf.Variable[]): void {
  softUpdate(target, source, 1);
}

/** Parameter values as plain Float32Arrays (for checkpoints). */
export function readParams(vars: readonly tf.Variable[]): Float32Array[] {
  return vars.map((v) => v.dataSync() as Float32Array).map((a) => new Float32Array(a));
}

export function writeParams(vars: readonly tf.Variable[], values: readonly Float32Array[]): void {
  if (vars.length !== values.length) throw new ReproError(`checkpoint has ${values.length} arrays for ${vars.length} parameters`);
  vars.forEach((v, i) => {
    if (values[i]!.length !== v.size) throw new ReproError(`checkpoint array ${i} has ${values[i]!.length} values, parameter has ${v.size}`);
    const t = tf.tensor(values[i]!, v.shape);
    v.assign(t);
    t.dispose();
  });
}
