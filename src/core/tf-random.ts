/**
 * Seeded tensor randomness. tfjs has no global seed: every random op takes its own. These
 * helpers draw that seed from an `Rng`, so one run seed drives JS-side and tensor-side
 * randomness alike (same seed and backend → identical numbers).
 */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "./rng.js";

export function randomNormal(rng: Rng, shape: number[], mean = 0, std = 1): tf.Tensor {
  return tf.randomNormal(shape, mean, std, "float32", rng.tfSeed());
}

export function truncatedNormal(rng: Rng, shape: number[], mean = 0, std = 1): tf.Tensor {
  return tf.truncatedNormal(shape, mean, std, "float32", rng.tfSeed());
}

export function randomUniform(rng: Rng, shape: number[], lo = 0, hi = 1): tf.Tensor {
  return tf.randomUniform(shape, lo, hi, "float32", rng.tfSeed());
}

/** Glorot/Xavier uniform init for a weight of shape [..., fanIn, fanOut] (conv: [kh, kw, in, out]). */
export function glorotUniform(rng: Rng, shape: number[]): tf.Tensor {
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const fanIn = shape[shape.length - 2]! * receptive;
  const fanOut = shape[shape.length - 1]! * receptive;
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return randomUniform(rng, shape, -limit, limit);
}

/** A tfjs-layers initializer seeded from `rng` (for tf.layers.* kernelInitializer). */
export function seededGlorotInitializer(rng: Rng): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed: rng.tfSeed() });
}
