/**
 * Adam steps and Polyak averaging as one wasm SIMD pass per variable (backend/wasm-kernels/
 * optimizer.wat) instead of ~12 (Adam) or 3 (Polyak) dispatched tensor ops per variable: the
 * fast path of adam.ts and nn.ts `softUpdate` on the wasm backend with the "current" kernel
 * generation. The pass does the same IEEE float32 operations in the same order as the op
 * sequences (constants rounded to float32, as tfjs makes scalar tensors of them), so the results
 * are bit-identical (test/agents/adam-fused.test.ts; the agent goldens are unchanged).
 *
 *   Adam:   g ← g·clip (if clip < 1); g ← g + p·λ (if λ ≠ 0)
 *           m ← m·β1 + g·(1−β1);  v ← v·β2 + g²·(1−β2);  p ← p − ((m / c1) / (sqrt(v / c2) + ε))·lr
 *   Polyak: t ← s·τ + t·(1−τ)
 *
 * The new values go to fresh tensors assigned to the variables (no in-place writes: a variable's
 * memory may be shared with a clone).
 */
import * as tf from "@tensorflow/tfjs";
import { kernelGeneration } from "../backend/wasm-kernels/register.js";
import { memoryOffset, type Backend } from "../backend/wasm-kernels/wasm-internals.js";
import { wasmModule } from "../backend/wasm-kernels/wasm-modules.js";

/**
 * Whether optimizer-style elementwise updates (Adam, Polyak averaging) run as one wasm pass: on
 * the wasm backend with the "current" kernel generation; elsewhere the tensor ops run.
 */
export function fusedUpdatesEnabled(): boolean {
  return tf.getBackend() === "wasm" && kernelGeneration() === "current";
}

export interface AdamConstants {
  beta1: number;
  beta2: number;
  eps: number;
  lr: number;
  weightDecay: number;
  /** Gradient scale from norm clipping (1: none). */
  clip: number;
  /** Bias corrections 1 − β1ᵗ and 1 − β2ᵗ. */
  c1: number;
  c2: number;
}

interface OptimizerExports {
  adam(p: number, g: number, m: number, v: number, po: number, mo: number, vo: number, n: number,
    b1: number, ob1: number, b2: number, ob2: number, c1: number, c2: number, eps: number, lr: number,
    clip: number, wd: number, useClip: number, useWd: number): void;
  polyak(s: number, t: number, out: number, n: number, tau: number, otau: number): void;
}

function wasmBackend(): Backend {
  return tf.backend() as unknown as Backend;
}

function checkFloat(name: string, ...ts: tf.Tensor[]): void {
  const n = ts[0]!.size;
  for (const t of ts) {
    if (t.dtype !== "float32" || t.size !== n) throw new Error(`fused optimizer update: ${name} needs float32 tensors of one size`);
  }
}

/** Assign a fresh wasm output (already written) to `dst`. */
function assignInfo(dst: tf.Variable, info: tf.TensorInfo): void {
  const t = tf.engine().makeTensorFromTensorInfo(info);
  dst.assign(t);
  t.dispose();
}

export function adamStepFused(p: tf.Variable, grad: tf.Tensor, m: tf.Variable, v: tf.Variable, k: AdamConstants): void {
  checkFloat(p.name, p, grad, m, v);
  const backend = wasmBackend();
  const wasm = wasmModule<OptimizerExports>(backend, "optimizer");
  const po = backend.makeOutput(p.shape, "float32");
  const mo = backend.makeOutput(m.shape, "float32");
  const vo = backend.makeOutput(v.shape, "float32");
  const at = (t: tf.TensorInfo): number => memoryOffset(backend, t);
  // (wasm f32 params take the JS numbers rounded to float32, as tfjs's scalar tensors do)
  wasm.adam(at(p), at(grad), at(m), at(v), at(po), at(mo), at(vo), p.size,
    k.beta1, 1 - k.beta1, k.beta2, 1 - k.beta2, k.c1, k.c2, k.eps, k.lr, k.clip, k.weightDecay,
    k.clip < 1 ? 1 : 0, k.weightDecay !== 0 ? 1 : 0);
  assignInfo(m, mo);
  assignInfo(v, vo);
  assignInfo(p, po);
}

/** target ← τ·source + (1 − τ)·target in one pass, bit-identical to nn.ts's op sequence. */
export function softUpdateFused(target: tf.Variable, source: tf.Variable, tau: number): void {
  checkFloat(target.name, target, source);
  const backend = wasmBackend();
  const wasm = wasmModule<OptimizerExports>(backend, "optimizer");
  const out = backend.makeOutput(target.shape, "float32");
  wasm.polyak(memoryOffset(backend, source), memoryOffset(backend, target), memoryOffset(backend, out), target.size, tau, 1 - tau);
  assignInfo(target, out);
}
