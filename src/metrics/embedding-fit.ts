/**
 * Fitting a target distance matrix with (a) an L1 or L2 distance between free embeddings and
 * (b) a learned "meta-learner" distance f(z_i, z_j) (Chapter 4, §4.5.1), by full-batch Adam on
 * hand-written float64 gradients. Used for T19: on the K₂,₃ shortest-path metric every L1/L2
 * embedding has mean squared error ≥ 0.04 in any dimension (pentagonal inequality + Cauchy–
 * Schwarz, see `pentagonalMseFloor`), while a small MLP on concatenated embeddings fits it.
 */

import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import type { StateMatrix } from "../mdp/types.js";
import { Adam64 as Adam } from "./adam64.js";

export interface FitOptions {
  /** Embedding dimension; default 5. */
  readonly dim?: number;
  /** Random restarts (the best is kept); default 5. */
  readonly restarts?: number;
  /** Adam steps per restart; default 5000. */
  readonly steps?: number;
  /** Adam learning rate; default 0.01. */
  readonly lr?: number;
}

export interface FitResult {
  /** Best mean squared error over the fitted pairs. */
  readonly mse: number;
  /** MSE of every restart. */
  readonly restartMse: number[];
}

/**
 * Fit ‖x_i − x_j‖_p (p = 1 or 2) to target(i, j) over the pairs i < j; returns the best MSE.
 */
export function fitNormEmbedding(target: StateMatrix, n: number, norm: "l1" | "l2", rng: Rng, opts: FitOptions = {}): FitResult {
  if (target.length !== n * n) throw new ReproError(`target has length ${target.length}, expected ${n}×${n}`);
  const dim = opts.dim ?? 5;
  const restarts = opts.restarts ?? 5;
  const steps = opts.steps ?? 5000;
  const lr = opts.lr ?? 0.01;
  const nPairs = (n * (n - 1)) / 2;
  const restartMse: number[] = [];
  const diff = new Float64Array(dim);
  for (let r = 0; r < restarts; r++) {
    const X = Float64Array.from({ length: n * dim }, () => rng.normal(0, 1));
    const grad = new Float64Array(n * dim);
    const adam = new Adam(n * dim, lr);
    let mse = Infinity;
    for (let step = 0; step <= steps; step++) {
      grad.fill(0);
      let loss = 0;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let dist = 0;
          for (let t = 0; t < dim; t++) {
            diff[t] = X[i * dim + t]! - X[j * dim + t]!;
            dist += norm === "l1" ? Math.abs(diff[t]!) : diff[t]! * diff[t]!;
          }
          if (norm === "l2") dist = Math.sqrt(dist);
          const e = dist - target[i * n + j]!;
          loss += e * e;
          const scale = (2 * e) / nPairs;
          for (let t = 0; t < dim; t++) {
            const g = norm === "l1" ? Math.sign(diff[t]!) : dist > 0 ? diff[t]! / dist : 0;
            grad[i * dim + t]! += scale * g;
            grad[j * dim + t]! -= scale * g;
          }
        }
      }
      mse = Math.min(mse, loss / nPairs);
      if (step < steps) adam.step(X, grad);
    }
    restartMse.push(mse);
  }
  return { mse: Math.min(...restartMse), restartMse };
}

export interface MetaFitOptions {
  /** Embedding size per node; default 4. */
  readonly dim?: number;
  /** Hidden units of the 2-layer MLP; default 50 (§4.7.4). */
  readonly hidden?: number;
  readonly restarts?: number;
  /** Adam steps per restart; default 20000 (stops early below `targetMse`). */
  readonly steps?: number;
  /** Adam learning rate; default 3e-3. */
  readonly lr?: number;
  /** Early stop once the MSE falls below this; default 1e-5. */
  readonly targetMse?: number;
}

/**
 * Fit a meta-learner distance f(z_i, z_j) = (w₂ · ReLU(W₁[z_i; z_j] + b₁) + b₂)² with free
 * embeddings z to target(i, j) over all ordered pairs i ≠ j; returns the best MSE.
 */
export function fitMetaLearner(target: StateMatrix, n: number, rng: Rng, opts: MetaFitOptions = {}): FitResult {
  if (target.length !== n * n) throw new ReproError(`target has length ${target.length}, expected ${n}×${n}`);
  const dim = opts.dim ?? 4;
  const H = opts.hidden ?? 50;
  const restarts = opts.restarts ?? 5;
  const steps = opts.steps ?? 20000;
  const lr = opts.lr ?? 3e-3;
  const targetMse = opts.targetMse ?? 1e-5;
  const inDim = 2 * dim;
  // Parameter layout: z (n·dim) | W1 (H·inDim) | b1 (H) | w2 (H) | b2 (1)
  const oZ = 0;
  const oW1 = n * dim;
  const oB1 = oW1 + H * inDim;
  const oW2 = oB1 + H;
  const oB2 = oW2 + H;
  const size = oB2 + 1;
  const nPairs = n * (n - 1);
  const restartMse: number[] = [];
  const input = new Float64Array(inDim);
  const pre = new Float64Array(H);
  for (let r = 0; r < restarts; r++) {
    const theta = new Float64Array(size);
    for (let q = 0; q < n * dim; q++) theta[oZ + q] = rng.normal(0, 1);
    for (let q = 0; q < H * inDim; q++) theta[oW1 + q] = rng.normal(0, Math.sqrt(2 / inDim));
    for (let q = 0; q < H; q++) theta[oW2 + q] = rng.normal(0, Math.sqrt(1 / H));
    theta[oB2] = 1;
    const grad = new Float64Array(size);
    const adam = new Adam(size, lr);
    let mse = Infinity;
    for (let step = 0; step <= steps; step++) {
      grad.fill(0);
      let loss = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (i === j) continue;
          for (let t = 0; t < dim; t++) {
            input[t] = theta[oZ + i * dim + t]!;
            input[dim + t] = theta[oZ + j * dim + t]!;
          }
          let out = theta[oB2]!;
          for (let h = 0; h < H; h++) {
            let a = theta[oB1 + h]!;
            const row = oW1 + h * inDim;
            for (let t = 0; t < inDim; t++) a += theta[row + t]! * input[t]!;
            pre[h] = a;
            if (a > 0) out += theta[oW2 + h]! * a;
          }
          const f = out * out;
          const e = f - target[i * n + j]!;
          loss += e * e;
          const gOut = ((2 * e) / nPairs) * 2 * out; // d loss / d out
          grad[oB2]! += gOut;
          for (let h = 0; h < H; h++) {
            if (!(pre[h]! > 0)) continue;
            grad[oW2 + h]! += gOut * pre[h]!;
            const gPre = gOut * theta[oW2 + h]!;
            grad[oB1 + h]! += gPre;
            const row = oW1 + h * inDim;
            for (let t = 0; t < inDim; t++) {
              grad[row + t]! += gPre * input[t]!;
              const gIn = gPre * theta[row + t]!;
              if (t < dim) grad[oZ + i * dim + t]! += gIn;
              else grad[oZ + j * dim + t - dim]! += gIn;
            }
          }
        }
      }
      mse = Math.min(mse, loss / nPairs);
      if (mse < targetMse) break;
      if (step < steps) adam.step(theta, grad);
    }
    restartMse.push(mse);
    if (mse < targetMse) break;
  }
  return { mse: Math.min(...restartMse), restartMse };
}

/**
 * Lower bound on the MSE over pairs i < j of ANY L1 (or L2) embedding distance against
 * `target`, from the hypermetric (pentagonal) inequality Σ_{i<j} b_i b_j δ_ij ≤ 0 that every
 * L1 metric satisfies for Σ b = 1 integer weights: with v = Σ b_i b_j target_ij > 0,
 * Cauchy–Schwarz gives Σ (δ − target)² ≥ v² / Σ (b_i b_j)², divided by the number of pairs.
 */
export function pentagonalMseFloor(target: StateMatrix, n: number, b: readonly number[]): number {
  let sumB = 0;
  for (const x of b) sumB += x;
  if (b.length !== n || sumB !== 1) throw new ReproError("pentagonalMseFloor needs n integer weights summing to 1");
  let v = 0;
  let norm2 = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const w = b[i]! * b[j]!;
      v += w * target[i * n + j]!;
      norm2 += w * w;
    }
  }
  if (v <= 0) return 0;
  return (v * v) / norm2 / ((n * (n - 1)) / 2);
}
