/**
 * Exact Wasserstein distances between two distributions on one finite space of n points
 * with a ground cost d (row-major n × n, d[x·n + y] = d(x, y)).
 *
 *   W1(d)(μ, ν) = min over couplings c of μ and ν of Σ_xy c(x, y) d(x, y)
 *   Wp(d)(μ, ν) = ( W1(d^p)(μ, ν) )^{1/p}
 *
 * Only points that carry mass enter the transportation problem (support restriction), so a
 * pair of sparse distributions on 64 points costs a small network-simplex solve.
 */

import { ReproError } from "../core/errors.js";
import { solveTransport, type TransportBasis } from "./transport.js";

/** An optimal coupling in sparse form: mass[t] moves from point from[t] to point to[t]. */
export interface OptimalCoupling {
  readonly cost: number;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly mass: Float64Array;
  /** The solver's optimal basis, reusable as a warm start when only d changes. */
  readonly basis: TransportBasis;
  readonly pivots: number;
}

const MASS_TOL = 1e-9;

function checkDistribution(p: ArrayLike<number>, n: number, name: string): number {
  if (p.length !== n) {
    throw new ReproError(`${name} has length ${p.length} but the space has ${n} points`);
  }
  let sum = 0;
  for (let x = 0; x < n; x++) {
    const v = p[x]!;
    if (!(v >= 0) || !Number.isFinite(v)) {
      throw new ReproError(`${name}[${x}] = ${v}; probabilities must be finite and non-negative`);
    }
    sum += v;
  }
  return sum;
}

/** Indices of the points with positive mass. */
export function supportOf(p: ArrayLike<number>): Int32Array {
  let count = 0;
  for (let x = 0; x < p.length; x++) if (p[x]! > 0) count++;
  const out = new Int32Array(count);
  let q = 0;
  for (let x = 0; x < p.length; x++) if (p[x]! > 0) out[q++] = x;
  return out;
}

/**
 * The optimal coupling between μ and ν under ground cost d (any real n × n matrix: it need
 * not be a metric). `warmStart` is a basis returned by an earlier call with the same μ, ν.
 */
export function optimalCoupling(
  d: ArrayLike<number>,
  n: number,
  mu: ArrayLike<number>,
  nu: ArrayLike<number>,
  warmStart?: TransportBasis,
): OptimalCoupling {
  if (!Number.isInteger(n) || n <= 0) throw new ReproError(`number of points must be a positive integer, got ${n}`);
  if (d.length !== n * n) throw new ReproError(`ground cost has length ${d.length}, expected ${n}×${n} = ${n * n}`);
  const sMu = checkDistribution(mu, n, "mu");
  const sNu = checkDistribution(nu, n, "nu");
  if (!(sMu > 0) || Math.abs(sMu - sNu) > MASS_TOL * Math.max(1, sMu)) {
    throw new ReproError(
      `mu and nu must have equal positive total mass (got ${sMu} and ${sNu}); normalise both to 1`,
    );
  }
  const rowsIdx = supportOf(mu);
  const colsIdx = supportOf(nu);
  const m = rowsIdx.length;
  const k = colsIdx.length;
  const supply = new Float64Array(m);
  const demand = new Float64Array(k);
  for (let a = 0; a < m; a++) supply[a] = mu[rowsIdx[a]!]!;
  for (let b = 0; b < k; b++) demand[b] = nu[colsIdx[b]!]! * (sMu / sNu);
  const cost = new Float64Array(m * k);
  for (let a = 0; a < m; a++) {
    const base = rowsIdx[a]! * n;
    for (let b = 0; b < k; b++) cost[a * k + b] = d[base + colsIdx[b]!]!;
  }
  const sol = solveTransport(supply, demand, cost, warmStart ? { warmStart } : {});
  const from = new Int32Array(sol.rows.length);
  const to = new Int32Array(sol.rows.length);
  for (let t = 0; t < from.length; t++) {
    from[t] = rowsIdx[sol.rows[t]!]!;
    to[t] = colsIdx[sol.cols[t]!]!;
  }
  return {
    cost: sol.cost,
    from,
    to,
    mass: sol.flows,
    basis: { rows: sol.rows, cols: sol.cols },
    pivots: sol.pivots,
  };
}

/** Exact 1-Wasserstein distance W1(d)(μ, ν) on a finite space. */
export function w1(d: ArrayLike<number>, n: number, mu: ArrayLike<number>, nu: ArrayLike<number>): number {
  return optimalCoupling(d, n, mu, nu).cost;
}

/** Exact p-Wasserstein distance (min Σ c·d^p)^{1/p}, p ≥ 1. W1 ≤ Wp ≤ Wq for p ≤ q. */
export function wp(d: ArrayLike<number>, n: number, mu: ArrayLike<number>, nu: ArrayLike<number>, p: number): number {
  if (!(p >= 1) || !Number.isFinite(p)) throw new ReproError(`Wasserstein order p must be a finite number ≥ 1, got ${p}`);
  const dp = new Float64Array(d.length);
  for (let t = 0; t < d.length; t++) {
    const v = d[t]!;
    if (!(v >= 0)) throw new ReproError(`Wp needs a non-negative ground cost; d[${t}] = ${v}`);
    dp[t] = Math.pow(v, p);
  }
  const c = optimalCoupling(dp, n, mu, nu).cost;
  return Math.pow(Math.max(0, c), 1 / p);
}
