/**
 * The Chapter 4/5 statements as pure check functions. Each returns
 * { name, holds, worstSlack, counterexample? }, where worstSlack is the smallest
 * (allowed − observed) margin seen (negative = violated) and the counterexample names the
 * worst entry. Property tests run them over many random MDPs; the mutation tests feed them
 * deliberately broken operators and expect `holds: false`; notebooks reuse them at scale.
 *
 * The checks compute their reference quantities independently of the operator under test
 * (e.g. V^π by src/mdp's linear solve, the lifted MDPs built from their definitions, the
 * Gini mean difference directly from R and π), so a wrong operator cannot certify itself.
 */

import type { Rng } from "../core/rng.js";
import { evaluatePolicy, policyRewards } from "../mdp/evaluate.js";
import type { FiniteMdp, Policy, StateMatrix } from "../mdp/types.js";
import { fixedPoint, supDistance, type MetricOperator } from "./fixed-point.js";
import { liftedMdp, liftedPolicy } from "./lifted.js";

export interface CheckResult {
  readonly name: string;
  readonly holds: boolean;
  /** Smallest margin (allowed − observed); negative means the statement was violated. */
  readonly worstSlack: number;
  /** Details of the worst case. */
  readonly counterexample?: Record<string, unknown>;
}

function normSup(x: ArrayLike<number>): number {
  let m = 0;
  for (let t = 0; t < x.length; t++) m = Math.max(m, Math.abs(x[t]!));
  return m;
}

/** A CheckResult from the worst slack seen (holds when ≥ −tol), naming the counterexample when violated. */
export function checkResult(name: string, worstSlack: number, tol: number, counterexample?: Record<string, unknown>): CheckResult {
  const holds = worstSlack >= -tol;
  return counterexample && !holds ? { name, holds, worstSlack, counterexample } : { name, holds, worstSlack };
}

// ---------------------------------------------------------------------------------------------
// Operator-level checks: contraction and uniqueness (Thm 5.4.1, 5.4.3, Lemma 5.5.2, Thm 5.6.2)
// ---------------------------------------------------------------------------------------------

/** Random test matrices for probing an operator: nonnegative, pseudometric, near-identical pairs. */
function probePairs(n: number, rng: Rng, samples: number, scale: number): [StateMatrix, StateMatrix][] {
  const pairs: [StateMatrix, StateMatrix][] = [];
  const randomNonneg = () => Float64Array.from({ length: n * n }, () => scale * rng.uniform());
  const randomPseudometric = () => {
    const pts = Array.from({ length: n }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const s = scale * rng.uniform();
    const d = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let v = 0;
        for (let t = 0; t < 3; t++) v += Math.abs(pts[i]![t]! - pts[j]![t]!);
        d[i * n + j] = s * v;
      }
    return d;
  };
  for (let q = 0; q < samples; q++) {
    const kind = q % 4;
    const d = kind === 0 || kind === 3 ? randomNonneg() : randomPseudometric();
    let d2: StateMatrix;
    if (kind === 0) d2 = randomNonneg();
    else if (kind === 1) d2 = randomPseudometric();
    else if (kind === 2) d2 = d.map((v) => v + scale * 0.1 * rng.uniform());
    else {
      const c = scale * rng.uniform();
      d2 = d.map((v) => v + c); // constant shift: affine operators attain ratio = modulus here
    }
    pairs.push([d, d2]);
  }
  return pairs;
}

/**
 * ‖F(d) − F(d')‖∞ ≤ modulus · ‖d − d'‖∞ on random pairs (nonnegative matrices, L1 point-cloud
 * pseudometrics, small perturbations, constant shifts), and observed ratios along the
 * iteration from 0. `modulus` is what the theory claims (γ; c for (4.1)), passed explicitly so
 * an operator that silently changed its weight is caught.
 */
export function checkContraction(
  op: MetricOperator,
  modulus: number,
  rng: Rng,
  opts: { samples?: number; scale?: number; tol?: number } = {},
): CheckResult {
  const n = op.nStates;
  const tol = opts.tol ?? 1e-12;
  let worst = Infinity;
  let ce: Record<string, unknown> | undefined;
  for (const [d, d2] of probePairs(n, rng, opts.samples ?? 12, opts.scale ?? 5)) {
    const dist = supDistance(d, d2);
    if (dist === 0) continue;
    const Fd = op.apply(d);
    const Fd2 = op.apply(d2);
    const ratio = supDistance(Fd, Fd2) / dist;
    const rounding = (1e-15 * (1 + normSup(Fd) + normSup(Fd2))) / dist;
    const slack = modulus - ratio + rounding;
    if (slack < worst) {
      worst = slack;
      ce = { ratio, modulus, inputDistance: dist };
    }
  }
  // Ratios of successive changes along the iteration from 0 (while changes are far above rounding).
  let d: StateMatrix = new Float64Array(n * n);
  let prev = -1;
  for (let k = 0; k < 30; k++) {
    const next = op.apply(d);
    const change = supDistance(next, d);
    if (prev > 1e-8) {
      // Allow for rounding in the computed changes (relative to the size of the iterates).
      const rounding = (1e-14 * (1 + Math.max(normSup(next), normSup(d)))) / prev;
      const slack = modulus - change / prev + rounding;
      if (slack < worst) (worst = slack), (ce = { ratio: change / prev, modulus, alongIterationFromZero: k });
    }
    if (change <= 1e-8) break;
    prev = change;
    d = next;
  }
  return checkResult(`${op.name}: L∞ contraction with modulus ${modulus}`, worst, tol, ce);
}

/**
 * Uniqueness: iterations from 0, from a large constant, and from a random nonnegative matrix
 * all converge and end within `tol` of each other.
 */
export function checkUniqueness(
  op: MetricOperator,
  modulus: number,
  rng: Rng,
  opts: { tol?: number; maxIter?: number; scale?: number } = {},
): CheckResult {
  const n = op.nStates;
  const tol = opts.tol ?? 1e-8;
  const scale = opts.scale ?? 10;
  const starts: StateMatrix[] = [
    new Float64Array(n * n),
    new Float64Array(n * n).fill(scale),
    Float64Array.from({ length: n * n }, () => scale * rng.uniform()),
  ];
  const ends: StateMatrix[] = [];
  for (const d0 of starts) {
    const res = fixedPoint(op, d0, { tol: tol / 10, maxIter: opts.maxIter ?? 20000, modulus });
    if (!res.converged) {
      return checkResult(`${op.name}: unique fixed point`, -Infinity, tol, {
        reason: "iteration did not converge",
        iterations: res.iterations,
        lastChange: res.residuals[res.residuals.length - 1],
      });
    }
    ends.push(res.d);
  }
  let worstGap = 0;
  for (let a = 0; a < ends.length; a++)
    for (let b = a + 1; b < ends.length; b++) worstGap = Math.max(worstGap, supDistance(ends[a]!, ends[b]!));
  return checkResult(`${op.name}: unique fixed point`, tol - worstGap, 0, { maxGapBetweenStarts: worstGap });
}

// ---------------------------------------------------------------------------------------------
// Value-difference bounds (5.2), (5.4), (5.10), chain (5.8), Chapter 4 c-weighted bound
// ---------------------------------------------------------------------------------------------

/** |V_i − V_j| ≤ scale · d(i, j) for all pairs (scale = 1/(1−c) for the c-weighted metric). */
export function checkValueBound(
  V: ArrayLike<number>,
  d: StateMatrix,
  opts: { name?: string; scale?: number; tol?: number } = {},
): CheckResult {
  const n = V.length;
  const scale = opts.scale ?? 1;
  let worst = Infinity;
  let ce: Record<string, unknown> | undefined;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const gap = Math.abs(V[i]! - V[j]!);
      const bound = scale * d[i * n + j]!;
      const slack = bound - gap;
      if (slack < worst) {
        worst = slack;
        ce = { i, j, valueGap: gap, bound };
      }
    }
  }
  return checkResult(opts.name ?? "|V_i − V_j| ≤ d(i, j)", worst, opts.tol ?? 1e-9, ce);
}

/** Value bound for the fixed point of `op` on (mdp, π): V from src/mdp's exact solve. */
export function checkValueBoundOf(op: MetricOperator, mdp: FiniteMdp, pi: Policy, d?: StateMatrix): CheckResult {
  const V = evaluatePolicy(mdp, pi);
  let metric = d;
  if (!metric) {
    const res = fixedPoint(op, new Float64Array(mdp.nStates ** 2), { tol: 1e-11, maxIter: 20000 });
    if (!res.converged) {
      return checkResult(`${op.name}: value bound`, -Infinity, 0, { reason: "fixed point not reached", iterations: res.iterations });
    }
    metric = res.d;
  }
  return checkValueBound(V, metric, { name: `${op.name}: |V_i − V_j| ≤ d(i, j)` });
}

/** Elementwise lower ≤ upper (e.g. d_B ≤ d_M, d_M ≤ d̃_M, d_B ≤ d_{W2}). */
export function checkOrdered(lower: StateMatrix, upper: StateMatrix, name: string, tol = 1e-9): CheckResult {
  let worst = Infinity;
  let at = -1;
  for (let t = 0; t < lower.length; t++) {
    const s = upper[t]! - lower[t]!;
    if (s < worst) (worst = s), (at = t);
  }
  const n = Math.round(Math.sqrt(lower.length));
  return checkResult(name, worst, tol, { i: Math.floor(at / n), j: at % n, lower: lower[at], upper: upper[at] });
}

/** The chain (5.8): |V_i − V_j| ≤ d_M(i, j) ≤ d̃_M(i, j). */
export function checkMicoChain(V: ArrayLike<number>, dM: StateMatrix, dShift: StateMatrix, tol = 1e-9): CheckResult {
  const a = checkValueBound(V, dM, { tol });
  const b = checkOrdered(dM, dShift, "d_M ≤ d̃_M", tol);
  const worst = Math.min(a.worstSlack, b.worstSlack);
  return checkResult("chain (5.8): |ΔV| ≤ d_M ≤ d̃_M", worst, tol, a.worstSlack <= b.worstSlack ? a.counterexample : b.counterexample);
}

// ---------------------------------------------------------------------------------------------
// Pseudometric properties (Thm 5.4.1: d_B is a pseudometric)
// ---------------------------------------------------------------------------------------------

/** d(s, s) = 0, symmetry, triangle inequality. */
export function checkPseudometric(d: StateMatrix, n: number, tol = 1e-9): CheckResult {
  let worst = Infinity;
  let ce: Record<string, unknown> | undefined;
  const note = (slack: number, info: Record<string, unknown>) => {
    if (slack < worst) (worst = slack), (ce = info);
  };
  for (let i = 0; i < n; i++) {
    note(-Math.abs(d[i * n + i]!), { property: "zero self-distance", i, value: d[i * n + i] });
    for (let j = 0; j < n; j++) {
      note(-Math.abs(d[i * n + j]! - d[j * n + i]!), { property: "symmetry", i, j });
      for (let k = 0; k < n; k++) {
        note(d[i * n + k]! + d[k * n + j]! - d[i * n + j]!, { property: "triangle", i, j, k });
      }
    }
  }
  return checkResult("pseudometric: zero diagonal, symmetric, triangle inequality", worst, tol, ce);
}

// ---------------------------------------------------------------------------------------------
// Shift MICo: Lemma 5.5.4, the gap d̃_M − d_M (Thm 5.5.3 / Lemma 5.9.4), lifted MDPs
// ---------------------------------------------------------------------------------------------

/** Whether r(s, ·) is constant on the support of π(·|s). */
function rewardConstantOnSupport(mdp: FiniteMdp, pi: Policy, s: number, tol = 1e-12): boolean {
  const A = mdp.nActions;
  let lo = Infinity;
  let hi = -Infinity;
  for (let a = 0; a < A; a++) {
    if (pi[s * A + a]! > 0) {
      lo = Math.min(lo, mdp.R[s * A + a]!);
      hi = Math.max(hi, mdp.R[s * A + a]!);
    }
  }
  return hi - lo <= tol;
}

/** Gini mean difference Σ_{a,b} π(a|s) π(b|s) |r(s,a) − r(s,b)|, computed here from R and π. */
function giniMeanDifference(mdp: FiniteMdp, pi: Policy, s: number): number {
  const A = mdp.nActions;
  let v = 0;
  for (let a = 0; a < A; a++)
    for (let b = 0; b < A; b++) v += pi[s * A + a]! * pi[s * A + b]! * Math.abs(mdp.R[s * A + a]! - mdp.R[s * A + b]!);
  return v;
}

/**
 * Lemma 5.5.4 on a shift-MICo reward term R̃ (as produced by the implementation under test):
 * R̃(s, s) ≥ 0, and R̃(s, s) = 0 exactly when r(s, ·) is constant on supp π(·|s) (which covers
 * a deterministic π). Also R̃(s, s) must equal the Gini mean difference of r(s, ·) under π.
 */
export function checkLemma554(mdp: FiniteMdp, pi: Policy, shiftRewardTerm: StateMatrix, tol = 1e-12): CheckResult {
  const n = mdp.nStates;
  let worst = Infinity;
  let ce: Record<string, unknown> | undefined;
  for (let s = 0; s < n; s++) {
    const self = shiftRewardTerm[s * n + s]!;
    const gini = giniMeanDifference(mdp, pi, s);
    const constant = rewardConstantOnSupport(mdp, pi, s);
    // zero iff constant: if constant the self term must be ≤ tol, else it must be > tol.
    const slackZero = constant ? -Math.abs(self) : Math.abs(self) - 2 * tol;
    const slackValue = -Math.abs(self - gini);
    const s1 = Math.min(self, slackZero, slackValue);
    if (s1 < worst) {
      worst = s1;
      ce = { s, selfTerm: self, giniMeanDifference: gini, rewardConstantOnSupport: constant };
    }
  }
  return checkResult("Lemma 5.5.4: E|r_s − r_s'| over independent actions is ≥ 0, = 0 iff r(s,·) constant on supp π", worst, tol, ce);
}

/**
 * The shift-MICo gap Γ = d̃_M − d_M: Γ ≥ 0 everywhere; Γ ≡ 0 when every state satisfies
 * Lemma 5.5.4's condition (reward constant on supp π, e.g. π deterministic); and where a state
 * violates it, Γ(s, s) ≥ R̃(s, s) > 0 (the first-step gap alone).
 */
export function checkShiftGap(mdp: FiniteMdp, pi: Policy, dM: StateMatrix, dShift: StateMatrix, tol = 1e-9): CheckResult {
  const n = mdp.nStates;
  let worst = Infinity;
  let ce: Record<string, unknown> | undefined;
  const note = (slack: number, info: Record<string, unknown>) => {
    if (slack < worst) (worst = slack), (ce = info);
  };
  let allConstant = true;
  for (let s = 0; s < n; s++) if (!rewardConstantOnSupport(mdp, pi, s)) allConstant = false;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const gap = dShift[i * n + j]! - dM[i * n + j]!;
      note(gap, { property: "gap ≥ 0", i, j, gap });
      if (allConstant) note(-Math.abs(gap), { property: "gap = 0 when the Lemma 5.5.4 condition holds everywhere", i, j, gap });
    }
    if (!rewardConstantOnSupport(mdp, pi, i)) {
      const gini = giniMeanDifference(mdp, pi, i);
      const gap = dShift[i * n + i]! - dM[i * n + i]!;
      note(gap - gini, { property: "Γ(s,s) ≥ E|r_s − r_s'| > 0 when r(s,·) varies on supp π", s: i, gap, gini });
    }
  }
  return checkResult("shift-MICo gap d̃_M − d_M: ≥ 0, zero exactly under Lemma 5.5.4's conditions", worst, tol, ce);
}

/**
 * Lemmas 5.9.2–5.9.4: the values of the explicitly built lifted MDPs (policy evaluation in
 * src/mdp) equal d_M (reward R̂) and d̃_M (reward R̃); V_Δ ≥ 0 and V_Δ = d̃_M − d_M.
 * Small MDPs only (n⁴|A|² transition entries).
 */
export function checkLiftedMdp(mdp: FiniteMdp, pi: Policy, dM: StateMatrix, dShift: StateMatrix, tol = 1e-8): CheckResult {
  const pih = liftedPolicy(mdp, pi);
  const vM = evaluatePolicy(liftedMdp(mdp, pi, "mico"), pih);
  const vS = evaluatePolicy(liftedMdp(mdp, pi, "shift"), pih);
  const vD = evaluatePolicy(liftedMdp(mdp, pi, "delta"), pih);
  let worst = Infinity;
  let ce: Record<string, unknown> | undefined;
  const note = (slack: number, info: Record<string, unknown>) => {
    if (slack < worst) (worst = slack), (ce = info);
  };
  for (let t = 0; t < vM.length; t++) {
    note(-Math.abs(vM[t]! - dM[t]!), { lemma: "5.9.2: V_lifted(R̂) = d_M", pair: t, lifted: vM[t], metric: dM[t] });
    note(-Math.abs(vS[t]! - dShift[t]!), { lemma: "5.9.3: V_lifted(R̃) = d̃_M", pair: t, lifted: vS[t], metric: dShift[t] });
    note(vD[t]!, { lemma: "5.9.4: V_Δ ≥ 0", pair: t, value: vD[t] });
    note(-Math.abs(vD[t]! - (dShift[t]! - dM[t]!)), { lemma: "Thm 5.5.3 proof: V_Δ = d̃_M − d_M", pair: t });
  }
  return checkResult("lifted MDPs (Lemmas 5.9.2–5.9.4)", worst, tol, ce);
}

// ---------------------------------------------------------------------------------------------
// RAP: (5.11) identity, (5.12)/(5.13) at d_G, the §5.9.2 induction and its assumption
// ---------------------------------------------------------------------------------------------

/**
 * (5.11) with independent actions: E[(r_i − r_j)²] − (E r_i − E r_j)² = Var r_i + Var r_j,
 * for the implementation's squared-difference matrix and variance vector. E r is recomputed
 * here from R and π.
 */
export function checkRewardIdentity(
  mdp: FiniteMdp,
  pi: Policy,
  expectedSquaredDiff: StateMatrix,
  variance: ArrayLike<number>,
  tol = 1e-12,
): CheckResult {
  const n = mdp.nStates;
  const r = policyRewards(mdp, pi);
  let worst = Infinity;
  let ce: Record<string, unknown> | undefined;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const lhs = expectedSquaredDiff[i * n + j]! - (r[i]! - r[j]!) ** 2;
      const rhs = variance[i]! + variance[j]!;
      const s = -Math.abs(lhs - rhs);
      if (s < worst) (worst = s), (ce = { i, j, lhs, rhs });
    }
  }
  return checkResult("(5.11): E[(r_i − r_j)²] − (E r_i − E r_j)² = Var r_i + Var r_j", worst, tol, ce);
}

/** (5.12) and (5.13) hold at d_G: `varianceForm` (RHS of (5.12) at d_G) reproduces d_G. */
export function checkRapVarianceForm(dG: StateMatrix, varianceForm: StateMatrix, tol = 1e-7): CheckResult {
  let worst = Infinity;
  let at = 0;
  for (let t = 0; t < dG.length; t++) {
    const s = -Math.abs(dG[t]! - varianceForm[t]!);
    if (s < worst) (worst = s), (at = t);
  }
  return checkResult("(5.12): sqrt(E(r_i−r_j)² − Var_i − Var_j) + γE d_G(E s'_i, E s'_j) = d_G", worst, tol, {
    pair: at,
    dG: dG[at],
    rhs: varianceForm[at],
  });
}

/**
 * The induction in the proof of Theorem 5.6.3 (§5.9.2): starting from d_0 = 2 max|r|/(1−γ),
 * every iterate d_k = F_G^k(d_0) must satisfy |V_i − V_j| ≤ d_k(i, j). Holds under the
 * mean-state assumption; fails (at some k, and at the limit d_G) without it.
 */
export function checkRapInduction(op: MetricOperator, mdp: FiniteMdp, pi: Policy, opts: { steps?: number; tol?: number } = {}): CheckResult {
  const n = mdp.nStates;
  const V = evaluatePolicy(mdp, pi);
  let rmax = 0;
  for (let t = 0; t < mdp.R.length; t++) rmax = Math.max(rmax, Math.abs(mdp.R[t]!));
  let d: StateMatrix = new Float64Array(n * n).fill((2 * rmax) / (1 - mdp.gamma));
  let worst = Infinity;
  let ce: Record<string, unknown> | undefined;
  const steps = opts.steps ?? 400;
  for (let k = 0; k <= steps; k++) {
    const c = checkValueBound(V, d, { tol: opts.tol ?? 1e-9 });
    if (c.worstSlack < worst) (worst = c.worstSlack), (ce = { iterate: k, ...c.counterexample });
    d = op.apply(d);
  }
  return checkResult(`${op.name}: |ΔV| ≤ d_k along the §5.9.2 induction`, worst, opts.tol ?? 1e-9, ce);
}

/** The mean-state assumption Σ_{s'} P(s'|s,a) V(s') = V(E[s']), as a Jensen gap ≡ 0. */
export function checkMeanStateAssumption(jensenGap: ArrayLike<number>, tol = 1e-9): CheckResult {
  let worst = Infinity;
  let at = 0;
  for (let t = 0; t < jensenGap.length; t++) {
    const s = -Math.abs(jensenGap[t]!);
    if (s < worst) (worst = s), (at = t);
  }
  return checkResult("mean-state assumption of §5.9.2: E_P V(s') = V(E s')", worst, tol, { stateAction: at, jensenGap: jensenGap[at] });
}

// ---------------------------------------------------------------------------------------------
// W1 solver oracles (for the exact-W1 claim of (5.1))
// ---------------------------------------------------------------------------------------------

export type W1Function = (d: ArrayLike<number>, n: number, mu: ArrayLike<number>, nu: ArrayLike<number>) => number;

/**
 * Closed-form oracles any exact W1 must meet: Dirac–Dirac = d(x, y); discrete metric = TV;
 * line metric = Σ|F_μ − F_ν|Δx; W1(μ, μ) = 0; symmetry. A feasible-but-not-optimal coupling
 * (north-west corner, independent) fails them.
 */
export function checkW1Oracles(w1fn: W1Function, rng: Rng, opts: { samples?: number; tol?: number } = {}): CheckResult {
  const tol = opts.tol ?? 1e-12;
  let worst = Infinity;
  let ce: Record<string, unknown> | undefined;
  const note = (slack: number, info: Record<string, unknown>) => {
    if (slack < worst) (worst = slack), (ce = info);
  };
  const dist = (n: number) => {
    const p = rng.dirichlet(1, n);
    return p;
  };
  for (let q = 0; q < (opts.samples ?? 30); q++) {
    const n = 2 + rng.int(7);
    const xs = Array.from({ length: n }, () => rng.uniformIn(-2, 2)).sort((a, b) => a - b);
    const line = Float64Array.from({ length: n * n }, (_, c) => Math.abs(xs[Math.floor(c / n)]! - xs[c % n]!));
    const discrete = Float64Array.from({ length: n * n }, (_, c) => (Math.floor(c / n) === c % n ? 0 : 1));
    const mu = dist(n);
    const nu = dist(n);
    let F1 = 0;
    let F2 = 0;
    let area = 0;
    for (let x = 0; x < n - 1; x++) {
      F1 += mu[x]!;
      F2 += nu[x]!;
      area += Math.abs(F1 - F2) * (xs[x + 1]! - xs[x]!);
    }
    note(-Math.abs(w1fn(line, n, mu, nu) - area), { oracle: "line metric", n, expected: area });
    let tv = 0;
    for (let x = 0; x < n; x++) tv += Math.abs(mu[x]! - nu[x]!) / 2;
    note(-Math.abs(w1fn(discrete, n, mu, nu) - tv), { oracle: "discrete metric = TV", n, expected: tv });
    note(-Math.abs(w1fn(line, n, mu, mu)), { oracle: "W1(μ, μ) = 0", n });
    note(-Math.abs(w1fn(line, n, mu, nu) - w1fn(line, n, nu, mu)), { oracle: "symmetry", n });
    const x = rng.int(n);
    const y = rng.int(n);
    const dx = new Float64Array(n);
    const dy = new Float64Array(n);
    dx[x] = 1;
    dy[y] = 1;
    note(-Math.abs(w1fn(line, n, dx, dy) - line[x * n + y]!), { oracle: "Dirac–Dirac = d(x, y)", n });
  }
  return checkResult("exact W1 oracles", worst, tol, ce);
}

// ---------------------------------------------------------------------------------------------
// Lemma 5.6.5: self-distance of the RAP embedding distance
// ---------------------------------------------------------------------------------------------

/**
 * Lemma 5.6.5 for an embedding distance `dist` (meant: d̂_G with some k): d̂(x, x) = 2‖x‖²,
 * d̂(0, 0) = 0, plus d̂ ≥ 0, symmetry and the triangle inequality on random vectors.
 */
export function checkSelfDistance(
  dist: (x: ArrayLike<number>, y: ArrayLike<number>) => number,
  rng: Rng,
  opts: { samples?: number; tol?: number } = {},
): CheckResult {
  const tol = opts.tol ?? 1e-12;
  let worst = Infinity;
  let ce: Record<string, unknown> | undefined;
  const note = (slack: number, info: Record<string, unknown>) => {
    if (slack < worst) (worst = slack), (ce = info);
  };
  for (let q = 0; q < (opts.samples ?? 200); q++) {
    const dim = 1 + rng.int(6);
    const scale = [0.1, 1, 3][q % 3]!;
    const v = () => Array.from({ length: dim }, () => scale * rng.normal());
    const [x, y, z] = [v(), v(), v()];
    let nx = 0;
    for (const t of x) nx += t * t;
    const self = dist(x, x);
    note(-Math.abs(self - 2 * nx) / Math.max(1, 2 * nx), { property: "d̂(x, x) = 2‖x‖²", self, expected: 2 * nx });
    note(dist(x, y), { property: "d̂ ≥ 0" });
    note(-Math.abs(dist(x, y) - dist(y, x)), { property: "symmetry" });
    note(dist(x, y) + dist(y, z) - dist(x, z), { property: "triangle inequality" });
  }
  const zero = new Array<number>(3).fill(0);
  note(-Math.abs(dist(zero, zero)), { property: "d̂(0, 0) = 0" });
  return checkResult("Lemma 5.6.5: d̂_G(x, x) = 2‖x‖² ≥ 0, zero only at x = 0", worst, tol, ce);
}

// ---------------------------------------------------------------------------------------------
// Exact W1 inside a bisimulation-type operator (closed-form ground costs)
// ---------------------------------------------------------------------------------------------

/**
 * The W1 inside F(d) = w_r |ΔE_π r| + w_d W1(d)(P^π_i, P^π_j) must be exact. On ground costs
 * with closed-form W1 — states placed at random points of a line (in shuffled order), where
 * W1 = Σ |F_i − F_j| Δx, and the discrete metric, where W1 = TV — the operator's output is
 * compared with w_r |ΔE_π r| + w_d · (closed form), all computed here from P^π and r^π.
 */
export function checkExactW1InOperator(
  op: MetricOperator,
  mdp: FiniteMdp,
  pi: Policy,
  rng: Rng,
  opts: { rewardWeight?: number; transitionWeight?: number; samples?: number; tol?: number } = {},
): CheckResult {
  const n = mdp.nStates;
  const wr = opts.rewardWeight ?? 1;
  const wd = opts.transitionWeight ?? mdp.gamma;
  const tol = opts.tol ?? 1e-10;
  const r = policyRewards(mdp, pi);
  const P = new Float64Array(n * n);
  for (let s = 0; s < n; s++)
    for (let a = 0; a < mdp.nActions; a++)
      for (let t = 0; t < n; t++) P[s * n + t]! += pi[s * mdp.nActions + a]! * mdp.P[(s * mdp.nActions + a) * n + t]!;
  let worst = Infinity;
  let ce: Record<string, unknown> | undefined;
  for (let q = 0; q < (opts.samples ?? 3); q++) {
    const x = Array.from({ length: n }, () => rng.uniformIn(-3, 3));
    const order = Array.from({ length: n }, (_, s) => s).sort((a, b) => x[a]! - x[b]!);
    const line = Float64Array.from({ length: n * n }, (_, t) => Math.abs(x[Math.floor(t / n)]! - x[t % n]!));
    const discrete = Float64Array.from({ length: n * n }, (_, t) => (Math.floor(t / n) === t % n ? 0 : 1));
    const Fl = op.apply(line);
    const Fd = op.apply(discrete);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let ci = 0;
        let cj = 0;
        let area = 0;
        for (let u = 0; u < n - 1; u++) {
          ci += P[i * n + order[u]!]!;
          cj += P[j * n + order[u]!]!;
          area += Math.abs(ci - cj) * (x[order[u + 1]!]! - x[order[u]!]!);
        }
        let tv = 0;
        for (let t = 0; t < n; t++) tv += Math.abs(P[i * n + t]! - P[j * n + t]!) / 2;
        const base = wr * Math.abs(r[i]! - r[j]!);
        const s1 = -Math.abs(Fl[i * n + j]! - (base + wd * area));
        const s2 = -Math.abs(Fd[i * n + j]! - (base + wd * tv));
        if (Math.min(s1, s2) < worst) {
          worst = Math.min(s1, s2);
          ce = { i, j, groundCost: s1 <= s2 ? "line" : "discrete", got: s1 <= s2 ? Fl[i * n + j] : Fd[i * n + j], expected: s1 <= s2 ? base + wd * area : base + wd * tv };
        }
      }
    }
  }
  return checkResult(`${op.name}: exact W1 (line-metric and TV closed forms)`, worst, tol, ce);
}
