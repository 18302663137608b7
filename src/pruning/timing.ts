/**
 * CPU time of the physically pruned forward pass (§6.4's measured speed-up): one measurement
 * used by the Chapter 6 runs (src/experiments/drl-thesis/ch6-pruning/run.ts) and by the
 * pruning benchmark (src/bench/pruning.ts), so both time the same thing the same way.
 */
import * as tf from "@tensorflow/tfjs";
import { compactForward, compactNet, disposeCompact } from "./compact.js";
import type { PrunableNet } from "./network.js";

/**
 * Minimum wall time (ms) of `fn` over `reps` calls after one warm-up. The minimum, not the
 * median: on a shared machine other processes only ever add time.
 */
export function minMs(fn: () => void, reps: number): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** ms per batch of the physically pruned net keeping `kept[t]` channels. */
export function timeCompact(net: PrunableNet, kept: number[][], batch: number, reps: number, scales?: (number[] | null)[]): number {
  const c = compactNet(net, kept, scales);
  const { height, width, channels } = net.spec.input;
  const x = tf.randomNormal([batch, height, width, channels]) as tf.Tensor4D;
  const ms = minMs(() => tf.tidy(() => void compactForward(c, x).dataSync()), reps);
  x.dispose();
  disposeCompact(c);
  return ms;
}
