/**
 * Shared by the wasm kernel tests (kernels.test.ts, winograd.test.ts): the max-abs relative error
 * of a result against a reference, and seeded standard-normal inputs.
 */
import { expect } from "vitest";
import type { Rng } from "../../src/core/rng.js";

/** max |a − b| / max |b| (floored at 1e-6); Infinity when `a` has a non-finite entry. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]!)) return Infinity;
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return num / Math.max(1e-6, den);
}

export function randn(rng: Rng, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}
