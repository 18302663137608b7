/**
 * One Adam step of one variable as a single JS loop over float32 data (adam.ts's fast path on
 * wasm): the same arithmetic as adam.ts's op sequence
 *
 *   g ← g·clip (if clip < 1); g ← g + p·λ (if λ ≠ 0)
 *   m ← m·β1 + g·(1−β1);  v ← v·β2 + g²·(1−β2)
 *   p ← p − ((m / c1) / (sqrt(v / c2) + ε))·lr
 *
 * with every constant rounded to float32 (as tfjs makes scalar tensors of them) and every
 * intermediate rounded to float32 (Math.fround) in the same order. Doing one IEEE operation in
 * double and rounding to float32 gives the correctly rounded float32 result for + − × ÷ and sqrt
 * (53 ≥ 2·24 + 2), so this is bit-identical to the dispatched ops, at one kernel-free pass instead
 * of ~12 dispatched ops per variable. The new p, m, v are fresh tensors assigned to the variables
 * (no in-place writes: a variable's memory may be shared with a clone).
 */
import * as tf from "@tensorflow/tfjs";
import { kernelGeneration } from "../backend/wasm-kernels/register.js";

/**
 * Whether optimizer-style elementwise updates (Adam, Polyak averaging) run as JS loops: on the
 * wasm backend with the "current" kernel generation (where each dispatched op costs more than
 * the arithmetic); elsewhere the tensor ops run.
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

const f = Math.fround;

export function adamStepFused(p: tf.Variable, grad: tf.Tensor, m: tf.Variable, v: tf.Variable, k: AdamConstants): void {
  const P = p.dataSync() as Float32Array;
  const G = grad.dataSync() as Float32Array;
  const M = m.dataSync() as Float32Array;
  const V = v.dataSync() as Float32Array;
  const n = P.length;
  if (G.length !== n || M.length !== n || V.length !== n) throw new Error(`adamStepFused: size mismatch for ${p.name}`);
  const B1 = f(k.beta1), OB1 = f(1 - k.beta1), B2 = f(k.beta2), OB2 = f(1 - k.beta2);
  const C1 = f(k.c1), C2 = f(k.c2), EPS = f(k.eps), LR = f(k.lr), WD = f(k.weightDecay), CLIP = f(k.clip);
  const clip = k.clip < 1;
  const decay = k.weightDecay !== 0;
  const P2 = new Float32Array(n);
  const M2 = new Float32Array(n);
  const V2 = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let g = G[i]!;
    if (clip) g = f(g * CLIP);
    const pi = P[i]!;
    if (decay) g = f(g + f(pi * WD));
    const mi = f(f(M[i]! * B1) + f(g * OB1));
    const vi = f(f(V[i]! * B2) + f(f(g * g) * OB2));
    M2[i] = mi;
    V2[i] = vi;
    const step = f(f(mi / C1) / f(f(Math.sqrt(f(vi / C2))) + EPS));
    P2[i] = pi - f(step * LR);
  }
  const put = (dst: tf.Variable, data: Float32Array): void => {
    const t = tf.tensor(data, dst.shape, "float32");
    dst.assign(t);
    t.dispose();
  };
  put(m, M2);
  put(v, V2);
  put(p, P2);
}

/**
 * Polyak averaging target ← τ·source + (1 − τ)·target as one JS loop per variable, bit-identical
 * to nn.ts's `add(mul(source, τ), mul(target, 1 − τ))` (same float32 roundings, same order).
 */
export function softUpdateFused(target: tf.Variable, source: tf.Variable, tau: number): void {
  const S = source.dataSync() as Float32Array;
  const T = target.dataSync() as Float32Array;
  if (S.length !== T.length) throw new Error(`softUpdateFused: size mismatch for ${target.name}`);
  const TAU = f(tau);
  const OTAU = f(1 - tau);
  const out = new Float32Array(S.length);
  for (let i = 0; i < S.length; i++) out[i] = f(S[i]! * TAU) + f(T[i]! * OTAU);
  const t = tf.tensor(out, target.shape, "float32");
  target.assign(t);
  t.dispose();
}
