/**
 * Distances on the embedding space with non-zero self-distance.
 *
 *   MICo:  U(x, y)   = ½(‖x‖² + ‖y‖²) + β θ(x, y)      (MICo paper, squared norms; the thesis's
 *                                                      Eq. (3.10) prints unsquared norms)
 *   RAP:   d̂_G(x, y) = ‖x‖² + ‖y‖² + k θ(x, y)         (Definition 5.6.4; thesis k = 1e-5)
 *
 * θ is the angle between x and y in [0, π], computed with Kahan's formula
 * θ = 2·atan2(‖ ‖y‖x − ‖x‖y ‖, ‖ ‖y‖x + ‖x‖y ‖), which is exactly 0 for x = y and stable near
 * 0 and π (no arccos of a rounded cosine). θ(0, ·) is defined as 0.
 * Lemma 5.6.5: d̂_G(x, x) = 2‖x‖² ≥ 0, zero only at x = 0. With small k, d̂_G is nearly
 * additive (‖x‖² + ‖y‖²) and can fit only targets of the form a_i + a_j.
 */

import { ReproError } from "../core/errors.js";

function norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let t = 0; t < x.length; t++) s += x[t]! * x[t]!;
  return Math.sqrt(s);
}

/** The angle θ(x, y) ∈ [0, π] between two vectors (0 if either is zero). */
export function angleBetween(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new ReproError(`angleBetween: vectors have lengths ${x.length} and ${y.length}`);
  const nx = norm(x);
  const ny = norm(y);
  if (nx === 0 || ny === 0) return 0;
  let diff = 0;
  let sum = 0;
  for (let t = 0; t < x.length; t++) {
    const a = ny * x[t]!;
    const b = nx * y[t]!;
    diff += (a - b) * (a - b);
    sum += (a + b) * (a + b);
  }
  return 2 * Math.atan2(Math.sqrt(diff), Math.sqrt(sum));
}

function sqNorm(x: ArrayLike<number>): number {
  let s = 0;
  for (let t = 0; t < x.length; t++) s += x[t]! * x[t]!;
  return s;
}

/** MICo's embedding distance U(x, y) = ½(‖x‖² + ‖y‖²) + β θ(x, y). */
export function micoEmbeddingDistance(x: ArrayLike<number>, y: ArrayLike<number>, beta: number): number {
  if (!(beta >= 0)) throw new ReproError(`MICo β must be ≥ 0, got ${beta}`);
  return 0.5 * (sqNorm(x) + sqNorm(y)) + beta * angleBetween(x, y);
}

/** RAP's embedding distance d̂_G(x, y) = ‖x‖² + ‖y‖² + k θ(x, y) (Definition 5.6.4). */
export function rapEmbeddingDistance(x: ArrayLike<number>, y: ArrayLike<number>, k: number): number {
  if (!(k > 0)) throw new ReproError(`RAP k must be > 0 (Definition 5.6.4; thesis uses 1e-5), got ${k}`);
  return sqNorm(x) + sqNorm(y) + k * angleBetween(x, y);
}
