/**
 * Input checks for figure builders. Every check throws a one-line `ReproError` naming the
 * figure, the series and what to do, before any trace is built or any file is written.
 */

import { ReproError } from "../../core/errors.js";

/** A numeric column: plain array or typed array. */
export type NumArray = ArrayLike<number>;

/** Copies `values` to a JSON-safe array: non-finite entries become `null` (plotly draws a gap). */
export function toPlain(values: NumArray): (number | null)[] {
  const out: (number | null)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = Number.isFinite(v) ? v : null;
  }
  return out;
}

export function countFinite(values: NumArray): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) n++;
  return n;
}

/** Throws unless `items` is a non-empty array. */
export function requireNonEmpty<T>(items: readonly T[] | undefined, what: string, figure: string): readonly T[] {
  if (!Array.isArray(items) || items.length === 0) {
    throw new ReproError(`${figure}: ${what} is empty; pass at least one`);
  }
  return items;
}

/** Throws unless `values` is array-like, non-empty and has at least one finite number. */
export function requireSeries(values: NumArray | undefined, what: string, figure: string): NumArray {
  if (values === undefined || values === null || typeof (values as NumArray).length !== "number") {
    throw new ReproError(`${figure}: ${what} is missing; pass an array of numbers`);
  }
  if (values.length === 0) {
    throw new ReproError(`${figure}: ${what} is empty; pass at least one value`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number") {
      throw new ReproError(`${figure}: ${what}[${i}] is ${typeof v}, not a number; pass numbers only`);
    }
  }
  if (countFinite(values) === 0) {
    throw new ReproError(`${figure}: ${what} has no finite value (all NaN/Infinity); check the data feeding it`);
  }
  return values;
}

/** Throws unless `values` has exactly `n` entries. */
export function requireLength(values: NumArray | readonly unknown[], n: number, what: string, against: string, figure: string): void {
  if (values.length !== n) {
    throw new ReproError(
      `${figure}: ${what} has ${values.length} values but ${against} has ${n}; pass equally long arrays`,
    );
  }
}

/** Throws unless `n` is a positive integer. */
export function requirePositiveInt(n: unknown, what: string, figure: string): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n <= 0) {
    throw new ReproError(`${figure}: ${what} must be a positive integer, got ${String(n)}`);
  }
  return n;
}

/** Min and max over the finite entries of several arrays (undefined when there are none). */
export function finiteRange(arrays: readonly NumArray[]): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max } : undefined;
}
