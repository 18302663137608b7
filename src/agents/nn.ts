/**
 * Small functional building blocks on tfjs variables: parameter sets, dense layers, LayerNorm,
 * Polyak (soft) target updates, and parameter (de)serialisation for checkpoints.
 *
 * Networks are plain functions of their parameters (no tf.layers), so tying, detaching and
 * target copies are explicit. Weights use Glorot-uniform init from the run's `Rng` (the
 * reference code uses orthogonal init; the difference is documented, not hidden), biases 0.
 */
import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { glorotUniform } from "../core/tf-random.js";

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

export function dense(ps: ParamSet, rng: Rng, name: string, inDim: number, outDim: number): Dense {
  return { w: ps.weight(`${name}/w`, rng, [inDim, outDim]), b: ps.zeros(`${name}/b`, [outDim]) };
}

export function applyDense(layer: Dense, x: tf.Tensor): tf.Tensor2D {
  return tf.add(tf.matMul(x as tf.Tensor2D, layer.w as tf.Tensor2D), layer.b) as tf.Tensor2D;
}

/** An MLP: ReLU between layers, no activation after the last. */
export function mlp(ps: ParamSet, rng: Rng, name: string, sizes: readonly number[]): Dense[] {
  const layers: Dense[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) layers.push(dense(ps, rng, `${name}/l${i}`, sizes[i]!, sizes[i + 1]!));
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
