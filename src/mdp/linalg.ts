/**
 * Small dense float64 linear algebra for finite MDPs (row-major Float64Array matrices).
 *
 * Sizes here are tiny (n ≤ a few hundred), so plain O(n³) Gaussian elimination with partial
 * pivoting is exact enough (backward stable) and fast.
 */

import { ReproError } from "../core/errors.js";

/** An LU factorisation PA = LU of an n×n matrix, stored compactly (unit-diagonal L below, U on/above). */
export interface LuFactors {
  readonly n: number;
  /** L (strictly below the diagonal, unit diagonal implied) and U (on and above), row-major n×n. */
  readonly lu: Float64Array;
  /** Row permutation: row i of PA is row perm[i] of A. */
  readonly perm: Int32Array;
}

function checkSquare(a: ArrayLike<number>, n: number, what: string): void {
  if (!Number.isInteger(n) || n <= 0) {
    throw new ReproError(`${what}: matrix size must be a positive integer, got ${n}`);
  }
  if (a.length !== n * n) {
    throw new ReproError(`${what}: matrix has ${a.length} entries, expected ${n}×${n} = ${n * n}`);
  }
}

/**
 * LU factorisation with partial pivoting (row swaps choosing the largest |pivot|).
 * Throws a ReproError if the matrix is singular to working precision.
 */
export function luFactor(a: ArrayLike<number>, n: number): LuFactors {
  checkSquare(a, n, "luFactor");
  const lu = Float64Array.from(a);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(lu[i]!));
  if (!Number.isFinite(scale)) throw new ReproError("luFactor: matrix contains NaN or Infinity");
  const tiny = (scale === 0 ? 1 : scale) * n * Number.EPSILON;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(lu[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]!);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (best <= tiny) {
      throw new ReproError(
        `luFactor: matrix is singular to working precision (pivot ${best} in column ${k}); check the system (e.g. gamma must be < 1)`,
      );
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j]!;
        lu[k * n + j] = lu[p * n + j]!;
        lu[p * n + j] = t;
      }
      const t = perm[k]!;
      perm[k] = perm[p]!;
      perm[p] = t;
    }
    const pivot = lu[k * n + k]!;
    for (let i = k + 1; i < n; i++) {
      const f = lu[i * n + k]! / pivot;
      lu[i * n + k] = f;
      if (f !== 0) {
        for (let j = k + 1; j < n; j++) lu[i * n + j]! -= f * lu[k * n + j]!;
      }
    }
  }
  return { n, lu, perm };
}

/** Solve A x = b given the factors of A. */
export function luSolve(f: LuFactors, b: ArrayLike<number>): Float64Array {
  const { n, lu, perm } = f;
  if (b.length !== n) throw new ReproError(`luSolve: right-hand side has length ${b.length}, expected ${n}`);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = b[perm[i]!]!;
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    for (let j = 0; j < i; j++) s -= lu[i * n + j]! * x[j]!;
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let j = i + 1; j < n; j++) s -= lu[i * n + j]! * x[j]!;
    x[i] = s / lu[i * n + i]!;
  }
  return x;
}

/** Solve the n×n system A x = b (Gaussian elimination with partial pivoting). */
export function solveLinear(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  return luSolve(luFactor(a, n), b);
}

/** Inverse of an n×n matrix (column by column from one LU factorisation). */
export function invertMatrix(a: ArrayLike<number>, n: number): Float64Array {
  const f = luFactor(a, n);
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = luSolve(f, e);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i]!;
  }
  return inv;
}

/** y = A x for a rows×cols matrix A. */
export function matVec(a: ArrayLike<number>, x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  if (a.length !== rows * cols || x.length !== cols) {
    throw new ReproError(`matVec: shapes do not match (A has ${a.length} entries for ${rows}×${cols}, x has ${x.length})`);
  }
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const o = i * cols;
    for (let j = 0; j < cols; j++) s += a[o + j]! * x[j]!;
    y[i] = s;
  }
  return y;
}

/** y = xᵀ A (row vector times matrix) for a rows×cols matrix A. */
export function vecMat(x: ArrayLike<number>, a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  if (a.length !== rows * cols || x.length !== rows) {
    throw new ReproError(`vecMat: shapes do not match (A has ${a.length} entries for ${rows}×${cols}, x has ${x.length})`);
  }
  const y = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const o = i * cols;
    for (let j = 0; j < cols; j++) y[j]! += xi * a[o + j]!;
  }
  return y;
}

/** C = A B for A rows×inner and B inner×cols. */
export function matMul(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  rows: number,
  inner: number,
  cols: number,
): Float64Array {
  if (a.length !== rows * inner || b.length !== inner * cols) {
    throw new ReproError(`matMul: shapes do not match (${a.length} vs ${rows}×${inner}, ${b.length} vs ${inner}×${cols})`);
  }
  const c = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < inner; k++) {
      const aik = a[i * inner + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < cols; j++) c[i * cols + j]! += aik * b[k * cols + j]!;
    }
  }
  return c;
}

/** Transpose of a rows×cols matrix. */
export function transpose(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j]!;
  return t;
}

/** The n×n identity matrix. */
export function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

/** Dot product, max |x_i| and max |x_i − y_i| live in src/core/float64.ts; re-exported for MDP code. */
export { dot, maxAbs as normInf, maxAbsDiff } from "../core/float64.js";
