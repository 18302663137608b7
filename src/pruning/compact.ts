/**
 * The physically pruned forward pass: gather the kept channels of every layer into smaller
 * weight tensors (output channels of conv t, and the matching input channels of conv t+1 and
 * of the classifier) and run smaller convolutions, so CPU time falls with the channel count.
 * Batch norm (running statistics) is folded into the gathered weights; importance scaling u
 * (per channel, fixed) multiplies the kept channels' output.
 * `compactRuntimeForward` does the same per input (each image its own kept sets), which is
 * what runtime pruning costs on a CPU when pruned channels are really skipped.
 */
import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../core/errors.js";
import { PrunableNet } from "./network.js";

export interface CompactNet {
  kept: number[][];
  convW: tf.Tensor4D[];
  convB: tf.Tensor1D[];
  scale: (tf.Tensor1D | null)[];
  fcW: tf.Tensor2D;
  fcB: tf.Tensor1D;
  strides: number[];
}

/**
 * Build the smaller weights for kept channel lists `kept[t]` (ascending indices) and optional
 * per-layer fixed scales (length C_out of the full layer).
 */
export function compactNet(net: PrunableNet, kept: readonly (readonly number[])[], scales?: readonly (ArrayLike<number> | null)[]): CompactNet {
  const convs = net.spec.convs;
  if (kept.length !== convs.length) throw new ReproError(`compactNet needs ${convs.length} kept-channel lists, got ${kept.length}`);
  const convW: tf.Tensor4D[] = [];
  const convB: tf.Tensor1D[] = [];
  const scale: (tf.Tensor1D | null)[] = [];
  kept.forEach((k, t) => {
    if (k.length === 0) throw new ReproError(`layer ${t} keeps no channels; keep at least one (a ≥ α > 0)`);
    // Batch norm with the running statistics folded in: W·γ/√(σ²+ε), β + (b − μ)·γ/√(σ²+ε).
    const g = net.bnGamma[t]!.dataSync();
    const be = net.bnBeta[t]!.dataSync();
    const b0 = net.convB[t]!.dataSync();
    const inv = k.map((i) => g[i]! / Math.sqrt(net.runningVar[t]![i]! + PrunableNet.BN_EPS));
    convW.push(
      tf.tidy(() => {
        let w = tf.gather(net.convW[t]!, tf.tensor1d(k as number[], "int32"), 3);
        if (t > 0) w = tf.gather(w, tf.tensor1d(kept[t - 1] as number[], "int32"), 2);
        return tf.mul(w, tf.tensor1d(inv)) as tf.Tensor4D;
      }),
    );
    convB.push(tf.tensor1d(k.map((i, j) => be[i]! + (b0[i]! - net.runningMean[t]![i]!) * inv[j]!)));
    const s = scales?.[t];
    scale.push(s ? tf.tensor1d(k.map((i) => s[i]!)) : null);
  });
  const fcW = tf.tidy(() => tf.gather(net.fcW, tf.tensor1d(kept[kept.length - 1] as number[], "int32"), 0) as tf.Tensor2D);
  return { kept: kept.map((k) => [...k]), convW, convB, scale, fcW, fcB: net.fcB.clone() as tf.Tensor1D, strides: convs.map((c) => c.stride) };
}

export function compactForward(c: CompactNet, x: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    let h: tf.Tensor4D = x;
    c.convW.forEach((w, t) => {
      h = tf.relu(tf.add(tf.conv2d(h, w, c.strides[t]!, "same"), c.convB[t]!)) as tf.Tensor4D;
      const s = c.scale[t];
      if (s) h = tf.mul(h, s) as tf.Tensor4D;
    });
    return tf.add(tf.matMul(tf.mean(h, [1, 2]) as tf.Tensor2D, c.fcW), c.fcB) as tf.Tensor2D;
  });
}

export function disposeCompact(c: CompactNet): void {
  tf.dispose([...c.convW, ...c.convB, ...c.scale.filter((s): s is tf.Tensor1D => s !== null), c.fcW, c.fcB]);
}
