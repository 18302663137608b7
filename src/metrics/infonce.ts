/**
 * CURL's contrastive objective as the thesis prints it (Eq. 3.4, §3.1.3), in float64:
 *
 *   L = log [ exp(qᵀW k₊) / (exp(qᵀW k₊) + Σ_{i=0}^{K−1} exp(qᵀW k_i)) ]
 *
 * As written (3.4) is a log-likelihood (to be maximised, ≤ 0); the loss CURL minimises is −L,
 * the softmax cross-entropy of the logits [qᵀWk₊, qᵀWk_0, …] with the positive at index 0
 * (research note T23). Both are written out here so the check compares two computations.
 */
import { ReproError } from "../core/errors.js";

/** qᵀ W k for W [d × d] row-major. */
export function bilinear(q: ArrayLike<number>, W: ArrayLike<number>, k: ArrayLike<number>): number {
  const d = q.length;
  if (k.length !== d || W.length !== d * d) throw new ReproError(`bilinear: q has ${d} entries, k ${k.length}, W ${W.length} (expected ${d}×${d})`);
  let s = 0;
  for (let a = 0; a < d; a++) {
    let row = 0;
    for (let b = 0; b < d; b++) row += W[a * d + b]! * k[b]!;
    s += q[a]! * row;
  }
  return s;
}

/** (3.4) as printed: log of the positive's share, with K negatives k_0 … k_{K−1}. */
export function infoNceAsPrinted(q: ArrayLike<number>, W: ArrayLike<number>, positive: ArrayLike<number>, negatives: readonly ArrayLike<number>[]): number {
  const pos = Math.exp(bilinear(q, W, positive));
  let den = pos;
  for (const k of negatives) den += Math.exp(bilinear(q, W, k));
  return Math.log(pos / den);
}

/** Softmax cross-entropy −log softmax(logits)[label], computed with the max subtracted. */
export function softmaxCrossEntropy(logits: ArrayLike<number>, label: number): number {
  if (!Number.isInteger(label) || label < 0 || label >= logits.length) throw new ReproError(`label ${label} is not an index of ${logits.length} logits`);
  let m = -Infinity;
  for (let t = 0; t < logits.length; t++) m = Math.max(m, logits[t]!);
  let z = 0;
  for (let t = 0; t < logits.length; t++) z += Math.exp(logits[t]! - m);
  return -(logits[label]! - m - Math.log(z));
}
