/**
 * DrQ's target averaging (thesis Eq. 3.3: y = r + γ (1/N) Σ_k Q(f(s′, v_k), a′_k), "N … usually
 * 2"), research note T22: for a fixed network and state, the average over N i.i.d. random
 * shifts has Var(ȳ_N) = Var(y₁)/N. The "network" here is a fixed random float64 MLP on the
 * shifted image (the project's DrQ shift, augment.ts `randomShift`); every one of
 * the (2·pad + 1)² shifts is enumerated, so Var(y₁) is exact and only Var(ȳ_N) is estimated.
 */
import { randomShift } from "./augment.js";
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";

export interface AveragingSetup {
  side: number;
  pad: number;
  hidden: number;
}

/** A fixed random image and a fixed random 1-hidden-layer tanh network y(x) = w₂ · tanh(W₁ x / 255). */
export function fixedShiftValue(rng: Rng, setup: AveragingSetup): { image: Uint8Array; value: (img: Uint8Array) => number } {
  const { side, hidden } = setup;
  const D = side * side;
  const image = Uint8Array.from({ length: D }, () => rng.int(256));
  const W1 = Float64Array.from({ length: hidden * D }, () => rng.normal(0, 3 / Math.sqrt(D)));
  const w2 = Float64Array.from({ length: hidden }, () => rng.normal(0, 1 / Math.sqrt(hidden)));
  const value = (img: Uint8Array) => {
    let y = 0;
    for (let h = 0; h < hidden; h++) {
      let a = 0;
      for (let t = 0; t < D; t++) a += W1[h * D + t]! * (img[t]! / 255 - 0.5);
      y += w2[h]! * Math.tanh(a);
    }
    return y;
  };
  return { image, value };
}

/** y over every shift (dx, dy) ∈ {0..2pad}² — the exact law of y₁ under a uniform shift. */
export function valuesOverAllShifts(image: Uint8Array, side: number, pad: number, value: (img: Uint8Array) => number): Float64Array {
  const k = 2 * pad + 1;
  const out = new Float64Array(k * k);
  // a deterministic "rng" that replays each shift in turn through the project's randomShift
  for (let dy = 0; dy < k; dy++)
    for (let dx = 0; dx < k; dx++) {
      const draws = [dx, dy];
      const replay = { int: () => draws.shift()! } as unknown as Rng;
      out[dy * k + dx] = value(randomShift(image, 1, side, side, 1, pad, replay).images);
    }
  return out;
}

/** Population variance. */
export function variance(x: ArrayLike<number>): number {
  let m = 0;
  for (let t = 0; t < x.length; t++) m += x[t]!;
  m /= x.length;
  let v = 0;
  for (let t = 0; t < x.length; t++) v += (x[t]! - m) ** 2;
  return v / x.length;
}

/**
 * Var over `draws` of aggregate(y(shift_1), …, y(shift_N)) for N i.i.d. uniform shifts, drawn
 * through `randomShift` (aggregate = the mean of (3.3); a test passes the sum).
 */
export function averagedTargetVariance(
  image: Uint8Array,
  setup: AveragingSetup,
  values: Float64Array,
  N: number,
  draws: number,
  rng: Rng,
  aggregate: (ys: number[]) => number = (ys) => ys.reduce((a, b) => a + b, 0) / ys.length,
): number {
  if (!Number.isInteger(N) || N < 1) throw new ReproError(`N must be a positive integer, got ${N}`);
  const k = 2 * setup.pad + 1;
  const out = new Float64Array(draws);
  for (let t = 0; t < draws; t++) {
    const ys: number[] = [];
    for (let n = 0; n < N; n++) {
      // the same draws randomShift makes (dx then dy), looked up in the enumerated values
      const dx = rng.int(k);
      const dy = rng.int(k);
      ys.push(values[dy * k + dx]!);
    }
    out[t] = aggregate(ys);
  }
  return variance(out);
}
