/** Batches of an `ImageDataset` as float tensors (NHWC, per-channel standardised). */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../core/rng.js";
import type { ImageDataset } from "./types.js";

/** Per-channel mean and std of the pixels in [0, 1] units. */
export function channelStats(d: ImageDataset): { mean: number[]; std: number[] } {
  const c = d.channels;
  const s = new Float64Array(c);
  const s2 = new Float64Array(c);
  for (let i = 0; i < d.images.length; i++) {
    const v = d.images[i]! / 255;
    s[i % c]! += v;
    s2[i % c]! += v * v;
  }
  const n = d.images.length / c;
  const mean = [...s].map((x) => x / n);
  const std = [...s2].map((x, k) => Math.sqrt(Math.max(1e-12, x / n - mean[k]! ** 2)));
  return { mean, std };
}

/** Images `idx` as a [B, H, W, C] float32 tensor standardised with `stats`, and int32 labels. */
export function batchTensors(d: ImageDataset, idx: readonly number[], stats: { mean: number[]; std: number[] }): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const per = d.height * d.width * d.channels;
  const out = new Float32Array(idx.length * per);
  const labels = new Int32Array(idx.length);
  idx.forEach((i, b) => {
    const src = i * per;
    for (let j = 0; j < per; j++) {
      const c = j % d.channels;
      out[b * per + j] = (d.images[src + j]! / 255 - stats.mean[c]!) / stats.std[c]!;
    }
    labels[b] = d.labels[i]!;
  });
  return { x: tf.tensor4d(out, [idx.length, d.height, d.width, d.channels]), y: tf.tensor1d(labels, "int32") };
}

/** Shuffled minibatch index lists covering the set once (last partial batch dropped when `dropLast`). */
export function epochBatches(count: number, batch: number, rng: Rng, dropLast = true): number[][] {
  const order = rng.shuffle(Array.from({ length: count }, (_, i) => i));
  const out: number[][] = [];
  for (let i = 0; i + (dropLast ? batch : 1) <= count; i += batch) out.push(order.slice(i, i + batch));
  return out;
}
