/**
 * Seeded random numbers for everything JS-side.
 *
 * One integer seed drives a run. `Rng` is a xoshiro128** generator (32-bit state words,
 * exact in JS integer arithmetic, so the same seed gives the same stream on every machine).
 * Floats use 53 random bits. Named child streams (`rng.fork("replay")`) derive independent
 * generators from the parent seed and a label, so adding a consumer does not shift the
 * numbers other consumers see. `rng.tfSeed()` yields integer seeds for tfjs random ops.
 */

import { ReproError } from "./errors.js";

/** SplitMix32 step: turns any 32-bit value into a well-mixed one (used for seeding). */
function splitmix32(state: number): [next: number, out: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

/** FNV-1a hash of a label, for deriving child streams. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export class Rng {
  /** The seed this generator was created from (children record their derived seed). */
  readonly seed: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new ReproError(`seed must be an integer in [0, 2^32), got ${seed}`);
    }
    this.seed = seed;
    let st = seed | 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(st);
      st = next;
      words.push(out);
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform float in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) {
      throw new ReproError(`int(n) needs an integer n in [1, 2^32], got ${n}`);
    }
    const limit = Math.floor(0x100000000 / n) * n;
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Standard normal sample (polar Box–Muller; caches the second value). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + std * u * f;
  }

  /** Gamma(shape, 1) sample (Marsaglia–Tsang; boosted for shape < 1). */
  gamma(shape: number): number {
    if (!(shape > 0) || !Number.isFinite(shape)) {
      throw new ReproError(`gamma shape must be a positive finite number, got ${shape}`);
    }
    if (shape < 1) {
      const u = this.uniform();
      return this.gamma(shape + 1) * Math.pow(u === 0 ? Number.MIN_VALUE : u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x = 0;
      let v = 0;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Dirichlet sample with concentration `alpha` (one number repeated `k` times, or a vector). */
  dirichlet(alpha: number | readonly number[], k?: number): Float64Array {
    const a =
      typeof alpha === "number"
        ? new Array<number>(k ?? 0).fill(alpha)
        : Array.from(alpha);
    if (a.length === 0) throw new ReproError("dirichlet needs at least one component");
    const out = new Float64Array(a.length);
    let sum = 0;
    for (let i = 0; i < a.length; i++) {
      out[i] = this.gamma(a[i]!);
      sum += out[i]!;
    }
    if (sum === 0) {
      out[this.int(a.length)] = 1;
      return out;
    }
    for (let i = 0; i < a.length; i++) out[i]! /= sum;
    return out;
  }

  /** Index drawn from an (unnormalised, non-negative) weight vector. */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    if (!(total > 0)) throw new ReproError("categorical needs weights with a positive sum");
    let u = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i]!;
      if (u < 0) return i;
    }
    // Floating-point leftovers: return the last index with positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
    return weights.length - 1;
  }

  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** An integer seed for a tfjs random op (tf.randomNormal(shape, mean, std, dtype, seed)). */
  tfSeed(): number {
    return this.nextUint32() & 0x7fffffff;
  }

  /**
   * An independent child generator named `label`. The child depends only on this
   * generator's seed and the label, not on how many numbers the parent has drawn.
   */
  fork(label: string): Rng {
    const [, mixed] = splitmix32((this.seed ^ hashLabel(label)) >>> 0);
    return new Rng(mixed);
  }

  /** A snapshot of the internal state, for checkpoints. */
  getState(): number[] {
    return [this.s0, this.s1, this.s2, this.s3, this.spareNormal ?? Number.NaN];
  }

  /** Restore a snapshot taken with `getState`. */
  setState(state: readonly number[]): void {
    if (state.length !== 5) throw new ReproError("rng state must have 5 numbers");
    [this.s0, this.s1, this.s2, this.s3] = state.slice(0, 4).map((x) => x >>> 0) as [
      number,
      number,
      number,
      number,
    ];
    this.spareNormal = Number.isNaN(state[4]!) ? null : state[4]!;
  }
}
