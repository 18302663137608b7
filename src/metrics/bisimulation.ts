/**
 * π-bisimulation metric with exact W1 (Theorem 5.4.1, Eq. (5.1); also Eq. (3.5)) and the
 * Chapter 4 reward/dynamics-weighted variant (Eq. (4.1)):
 *
 *   F_B(d)(i, j) = w_r |E_π r_i − E_π r_j| + w_d W1(d)(P^π_i, P^π_j)
 *
 * with (w_r, w_d) = (1, γ) for (5.1) and (1 − c, c) for (4.1). W1 is solved exactly by the
 * network simplex of src/ot on the supports of P^π_i and P^π_j only. F_B is a w_d-contraction
 * in L∞ (W1 is 1-Lipschitz in its ground cost), so its fixed point is unique; (4.1)'s fixed
 * point d_c bounds values only as |V_i − V_j| ≤ d_c/(1 − c) and only when c ≥ γ (T16).
 *
 * `bisimulationMetric` finds the fixed point by policy iteration on the pair MDP whose
 * "actions" are couplings: fix the optimal couplings of the current d, solve the linear
 * system d = R + w_d C d they define (Gauss–Seidel on the sparse couplings), re-solve every
 * pair's W1 warm-started from its previous optimal basis, and stop when the exact operator's
 * residual certifies ‖T(d) − d*‖∞ ≤ w_d/(1 − w_d)·‖T(d) − d‖∞ ≤ tol. This is the exact fixed
 * point to tolerance, usually in 3–6 rounds of W1 solves instead of hundreds.
 */

import { ReproError } from "../core/errors.js";
import { policyTransitions } from "../mdp/evaluate.js";
import type { FiniteMdp, Policy, StateMatrix } from "../mdp/types.js";
import { solveTransport, type TransportBasis } from "../ot/transport.js";
import type { MetricOperator } from "./fixed-point.js";
import { rewardDifference } from "./rewards.js";

export interface BisimulationOptions {
  /** Weight of the reward term; default 1 (Eq. 5.1). */
  readonly rewardWeight?: number;
  /** Weight of the W1 term; default the MDP's γ (Eq. 5.1). */
  readonly transitionWeight?: number;
}

/** Each state's next-state support under P^π: the indices with positive mass, and the masses. */
export interface Supports {
  idx: Int32Array[];
  mass: Float64Array[];
}

export function supportsOf(Ppi: StateMatrix, n: number): Supports {
  const idx: Int32Array[] = [];
  const mass: Float64Array[] = [];
  for (let s = 0; s < n; s++) {
    const cols: number[] = [];
    for (let t = 0; t < n; t++) if (Ppi[s * n + t]! > 0) cols.push(t);
    idx.push(Int32Array.from(cols));
    mass.push(Float64Array.from(cols, (t) => Ppi[s * n + t]!));
  }
  return { idx, mass };
}

function weightsOf(mdp: FiniteMdp, opts: BisimulationOptions): { wr: number; wd: number } {
  const wr = opts.rewardWeight ?? 1;
  const wd = opts.transitionWeight ?? mdp.gamma;
  if (!(wr >= 0) || !(wd >= 0) || !Number.isFinite(wr) || !Number.isFinite(wd)) {
    throw new ReproError(`bisimulation weights must be finite and ≥ 0, got rewardWeight=${wr}, transitionWeight=${wd}`);
  }
  return { wr, wd };
}

/** W1 between rows i and j of P^π under ground cost d, warm-started from `basis` if given. */
function pairW1(
  sup: Supports,
  i: number,
  j: number,
  d: ArrayLike<number>,
  n: number,
  basis: TransportBasis | undefined,
  cost: Float64Array,
): ReturnType<typeof solveTransport> {
  const ri = sup.idx[i]!;
  const cj = sup.idx[j]!;
  const m = ri.length;
  const k = cj.length;
  for (let a = 0; a < m; a++) {
    const base = ri[a]! * n;
    for (let b = 0; b < k; b++) cost[a * k + b] = d[base + cj[b]!]!;
  }
  return solveTransport(sup.mass[i]!, sup.mass[j]!, cost.subarray(0, m * k), basis ? { warmStart: basis } : {});
}

/**
 * The operator F_B of (5.1) (or (4.1) with weights (1 − c, c)) on arbitrary n × n ground
 * costs d (not only pseudometrics). Each application solves n² exact W1 problems, warm-
 * started from the bases of the previous application.
 */
export function bisimulationOperator(mdp: FiniteMdp, pi: Policy, opts: BisimulationOptions = {}): MetricOperator {
  const n = mdp.nStates;
  const { wr, wd } = weightsOf(mdp, opts);
  const R = rewardDifference(mdp, pi);
  const sup = supportsOf(policyTransitions(mdp, pi), n);
  const bases: (TransportBasis | undefined)[] = new Array(n * n);
  const cost = new Float64Array(n * n);
  const isStandard = opts.rewardWeight === undefined && opts.transitionWeight === undefined;
  return {
    name: isStandard ? "π-bisimulation F_B (5.1)" : `weighted π-bisimulation (4.1) w_r=${wr}, w_d=${wd}`,
    nStates: n,
    modulus: wd,
    apply(d: StateMatrix): StateMatrix {
      const out = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const sol = pairW1(sup, i, j, d, n, bases[i * n + j], cost);
          bases[i * n + j] = { rows: sol.rows, cols: sol.cols };
          out[i * n + j] = wr * R[i * n + j]! + wd * sol.cost;
        }
      }
      return out;
    },
    solve(tol: number): StateMatrix {
      return bisimulationMetric(mdp, pi, { ...opts, tol }).d;
    },
  };
}

export interface BisimulationSolveOptions extends BisimulationOptions {
  /** Certified sup-norm distance to the exact fixed point; default 1e-10. */
  readonly tol?: number;
  /** Maximum rounds of W1 solves; default 200. */
  readonly maxRounds?: number;
}

export interface BisimulationResult {
  /** The fixed point, ‖d − d*‖∞ ≤ errorBound. Symmetric with zero diagonal. */
  readonly d: StateMatrix;
  /** Rounds of W1 solves over all pairs (policy-iteration steps). */
  readonly rounds: number;
  /** Total W1 problems solved, and total simplex pivots they took. */
  readonly w1Solves: number;
  readonly pivots: number;
  /** Gauss–Seidel sweeps spent evaluating fixed couplings. */
  readonly sweeps: number;
  /** ‖T(d_prev) − d_prev‖∞ at the last round, and the certified bound w_d/(1−w_d) times it. */
  readonly residual: number;
  readonly errorBound: number;
  readonly converged: boolean;
}

/**
 * The fixed point of (5.1) / (4.1) by policy iteration over optimal couplings (see the file
 * comment). Uses that the fixed point is a pseudometric: it solves the n(n−1)/2 pairs i < j
 * and keeps d symmetric with d(s, s) = 0 (W1(d)(μ, μ) = 0 for such d).
 */
export function bisimulationMetric(mdp: FiniteMdp, pi: Policy, opts: BisimulationSolveOptions = {}): BisimulationResult {
  const n = mdp.nStates;
  const { wr, wd } = weightsOf(mdp, opts);
  if (!(wd < 1)) throw new ReproError(`bisimulationMetric needs transitionWeight < 1 for a unique fixed point, got ${wd}`);
  const tol = opts.tol ?? 1e-10;
  const maxRounds = opts.maxRounds ?? 200;
  const R = rewardDifference(mdp, pi);
  const sup = supportsOf(policyTransitions(mdp, pi), n);
  const nPairs = (n * (n - 1)) / 2;
  const pi0 = new Int32Array(nPairs);
  const pj0 = new Int32Array(nPairs);
  {
    let p = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) (pi0[p] = i), (pj0[p] = j), p++;
  }
  const bases: (TransportBasis | undefined)[] = new Array(nPairs);
  // Couplings of the current policy in CSR form over pairs.
  const start = new Int32Array(nPairs + 1);
  let cellK = new Int32Array(0);
  let cellL = new Int32Array(0);
  let cellMass = new Float64Array(0);
  const cost = new Float64Array(n * n);
  const rewardTerm = new Float64Array(nPairs);
  for (let p = 0; p < nPairs; p++) rewardTerm[p] = wr * R[pi0[p]! * n + pj0[p]!]!;

  // Start from d = reward term (a cheap, sensible guess for the first couplings).
  let d = new Float64Array(n * n);
  for (let p = 0; p < nPairs; p++) d[pi0[p]! * n + pj0[p]!] = d[pj0[p]! * n + pi0[p]!] = rewardTerm[p]!;
  const Td = new Float64Array(n * n);
  let rounds = 0;
  let w1Solves = 0;
  let pivots = 0;
  let sweeps = 0;
  let residual = Infinity;
  const factor = wd / (1 - wd);
  const evalTol = Math.max(1e-15, 1e-3 * tol * (1 - wd));
  while (rounds < maxRounds) {
    rounds++;
    // Improvement: exact T(d) with the optimal couplings of every pair.
    residual = 0;
    let nnz = 0;
    const ks: number[] = [];
    const ls: number[] = [];
    const ms: number[] = [];
    for (let p = 0; p < nPairs; p++) {
      const i = pi0[p]!;
      const j = pj0[p]!;
      const sol = pairW1(sup, i, j, d, n, bases[p], cost);
      w1Solves++;
      pivots += sol.pivots;
      bases[p] = { rows: sol.rows, cols: sol.cols };
      const v = rewardTerm[p]! + wd * sol.cost;
      Td[i * n + j] = Td[j * n + i] = v;
      residual = Math.max(residual, Math.abs(v - d[i * n + j]!));
      start[p] = nnz;
      const ri = sup.idx[i]!;
      const cj = sup.idx[j]!;
      for (let t = 0; t < sol.rows.length; t++) {
        const x = sol.flows[t]!;
        if (x <= 0) continue;
        ks.push(ri[sol.rows[t]!]!);
        ls.push(cj[sol.cols[t]!]!);
        ms.push(x);
        nnz++;
      }
    }
    start[nPairs] = nnz;
    if (factor * residual <= tol || residual === 0) {
      d = Float64Array.from(Td);
      break;
    }
    if (rounds === maxRounds) {
      d = Float64Array.from(Td);
      break;
    }
    cellK = Int32Array.from(ks);
    cellL = Int32Array.from(ls);
    cellMass = Float64Array.from(ms);
    // Evaluation: solve d = R + w_d C d for the fixed couplings C by Gauss–Seidel.
    d = Float64Array.from(Td);
    for (let sweep = 0; sweep < 100000; sweep++) {
      sweeps++;
      let change = 0;
      for (let p = 0; p < nPairs; p++) {
        let acc = 0;
        for (let t = start[p]!; t < start[p + 1]!; t++) acc += cellMass[t]! * d[cellK[t]! * n + cellL[t]!]!;
        const i = pi0[p]!;
        const j = pj0[p]!;
        const v = rewardTerm[p]! + wd * acc;
        const c = Math.abs(v - d[i * n + j]!);
        if (c > change) change = c;
        d[i * n + j] = d[j * n + i] = v;
      }
      if (change <= evalTol) break;
    }
  }
  const converged = factor * residual <= tol || residual === 0;
  return { d, rounds, w1Solves, pivots, sweeps, residual, errorBound: factor * residual, converged };
}
