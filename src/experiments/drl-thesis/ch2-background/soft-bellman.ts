/**
 * T10: SAC soft Bellman equation (Eqs. 2.19–2.22) and soft policy improvement [EXT-lit,
 * Haarnoja et al. 2018] on finite MDPs with temperature α.
 *   Soft evaluation: Q = R + γPV,  V(s) = Σ_a π(a|s)[Q(s,a) − α log π(a|s)] = E_π[Q] + αH(π(·|s)),
 *   solved linearly as (I − γP^π)V = R^π + αH^π and by iteration (agree to 1e-10).
 *   Improvement: π_new ∝ exp(Q^π/α) ⇒ Q^{π_new} ≥ Q^π; soft policy iteration converges to
 *   π = softmax(Q/α) and to the soft-optimal Q of soft value iteration
 *   Q = R + γP[α log Σ_a exp(Q/α)]; the per-state objective (2.23) increases at each step.
 */

import { policyRewards, policyTransitions, qFromV } from "../../../mdp/evaluate.js";
import { maxAbsDiff, solveLinear } from "../../../mdp/linalg.js";
import type { FiniteMdp, Policy } from "../../../mdp/types.js";
import type { MdpCase } from "./suite.js";
import { type CheckResult, makeCheck, makePart, WorstCase } from "./types.js";

function entropies(pi: Policy, n: number, m: number): Float64Array {
  const H = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let h = 0;
    for (let a = 0; a < m; a++) {
      const p = pi[s * m + a]!;
      if (p > 0) h -= p * Math.log(p);
    }
    H[s] = h;
  }
  return H;
}

/** Soft Q^π and V^π by the linear solve (I − γP^π)V = R^π + αH^π, Q = R + γPV. */
export function softEvaluate(mdp: FiniteMdp, pi: Policy, alpha: number): { Q: Float64Array; V: Float64Array } {
  const { nStates: n, nActions: m, gamma } = mdp;
  const Ppi = policyTransitions(mdp, pi);
  const Rpi = policyRewards(mdp, pi);
  const H = entropies(pi, n, m);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) A[i] = -gamma * Ppi[i]!;
  for (let i = 0; i < n; i++) A[i * n + i]! += 1;
  const V = solveLinear(A, Rpi.map((r, s) => r + alpha * H[s]!), n);
  return { Q: qFromV(mdp, V), V };
}

/** Soft evaluation by iterating Q ← R + γ P Σ_a' π(a'|s')[Q(s',a') − α log π(a'|s')]  (2.20/2.22 fixed point). */
export function softEvaluateIterative(mdp: FiniteMdp, pi: Policy, alpha: number, tol = 1e-12, maxIter = 200000): Float64Array {
  const { nStates: n, nActions: m } = mdp;
  let Q = new Float64Array(n * m);
  const V = new Float64Array(n);
  for (let k = 0; k < maxIter; k++) {
    for (let s = 0; s < n; s++) {
      let v = 0;
      for (let a = 0; a < m; a++) {
        const p = pi[s * m + a]!;
        if (p > 0) v += p * (Q[s * m + a]! - alpha * Math.log(p));
      }
      V[s] = v;
    }
    const next = qFromV(mdp, V);
    const diff = maxAbsDiff(next, Q);
    Q = next;
    if (diff < tol) break;
  }
  return Q;
}

/** π(·|s) ∝ exp(Q(s,·)/α). */
export function boltzmann(Q: ArrayLike<number>, n: number, m: number, alpha: number): Policy {
  const pi = new Float64Array(n * m);
  for (let s = 0; s < n; s++) {
    let mx = -Infinity;
    for (let a = 0; a < m; a++) mx = Math.max(mx, Q[s * m + a]!);
    let z = 0;
    for (let a = 0; a < m; a++) {
      pi[s * m + a] = Math.exp((Q[s * m + a]! - mx) / alpha);
      z += pi[s * m + a]!;
    }
    for (let a = 0; a < m; a++) pi[s * m + a]! /= z;
  }
  return pi;
}

/** Soft value iteration Q ← R + γP[α log Σ_a exp(Q/α)] (an independent route to the soft-optimal Q). */
export function softValueIteration(mdp: FiniteMdp, alpha: number, tol = 1e-12, maxIter = 200000): Float64Array {
  const { nStates: n, nActions: m } = mdp;
  let Q = new Float64Array(n * m);
  const V = new Float64Array(n);
  for (let k = 0; k < maxIter; k++) {
    for (let s = 0; s < n; s++) {
      let mx = -Infinity;
      for (let a = 0; a < m; a++) mx = Math.max(mx, Q[s * m + a]!);
      let z = 0;
      for (let a = 0; a < m; a++) z += Math.exp((Q[s * m + a]! - mx) / alpha);
      V[s] = mx + alpha * Math.log(z);
    }
    const next = qFromV(mdp, V);
    const diff = maxAbsDiff(next, Q);
    Q = next;
    if (diff < tol) break;
  }
  return Q;
}

export function checkSoftBellman(cases: MdpCase[]): CheckResult {
  const t0 = Date.now();
  const evalGap = new WorstCase();
  const entropyForm = new WorstCase();
  let worstImprovementDrop = Number.NEGATIVE_INFINITY;
  let improvementWhere = "";
  let worstObjectiveDrop = Number.NEGATIVE_INFINITY;
  let objectiveWhere = "";
  const fixedPoint = new WorstCase();
  const vsSoftVi = new WorstCase();
  const iterationsUsed: { mdp: string; alpha: number; iterations: number }[] = [];
  cases.forEach((c, idx) => {
    const alpha = idx % 2 === 0 ? 0.2 : 1.0;
    const { nStates: n, nActions: m } = c.mdp;
    const { Q, V } = softEvaluate(c.mdp, c.pi, alpha);
    let scale = 1;
    for (const q of Q) scale = Math.max(scale, Math.abs(q));
    const Qit = softEvaluateIterative(c.mdp, c.pi, alpha);
    for (let i = 0; i < Q.length; i++) evalGap.update(Math.abs(Q[i]! - Qit[i]!) / scale, c.label);
    // (2.20) form: V = E_π[Q − α log π] = E_π[Q] + αH
    const H = entropies(c.pi, n, m);
    for (let s = 0; s < n; s++) {
      let eq = 0;
      let eqlog = 0;
      for (let a = 0; a < m; a++) {
        const p = c.pi[s * m + a]!;
        eq += p * Q[s * m + a]!;
        eqlog += p * (Q[s * m + a]! - alpha * Math.log(p));
      }
      entropyForm.update(Math.max(Math.abs(eq + alpha * H[s]! - V[s]!), Math.abs(eqlog - V[s]!)) / scale, c.label);
    }
    // soft policy iteration
    let pi = c.pi;
    let cur = { Q, V };
    let k = 0;
    for (; k < 500; k++) {
      const next = boltzmann(cur.Q, n, m, alpha);
      // per-state objective (2.23) with Q = Q^{π_old}: E_π[Q − α log π]
      for (let s = 0; s < n; s++) {
        let jOld = 0;
        let jNew = 0;
        for (let a = 0; a < m; a++) {
          const po = pi[s * m + a]!;
          const pn = next[s * m + a]!;
          if (po > 0) jOld += po * (cur.Q[s * m + a]! - alpha * Math.log(po));
          if (pn > 0) jNew += pn * (cur.Q[s * m + a]! - alpha * Math.log(pn));
        }
        if (jOld - jNew > worstObjectiveDrop) {
          worstObjectiveDrop = jOld - jNew;
          objectiveWhere = `${c.label}, step ${k}, s=${s}`;
        }
      }
      const nextEval = softEvaluate(c.mdp, next, alpha);
      for (let i = 0; i < n * m; i++) {
        const drop = (cur.Q[i]! - nextEval.Q[i]!) / scale;
        if (drop > worstImprovementDrop) {
          worstImprovementDrop = drop;
          improvementWhere = `${c.label}, step ${k}`;
        }
      }
      let change = 0;
      for (let i = 0; i < n * m; i++) change = Math.max(change, Math.abs(next[i]! - pi[i]!));
      pi = next;
      cur = nextEval;
      if (change < 1e-14) break;
    }
    iterationsUsed.push({ mdp: c.label, alpha, iterations: k + 1 });
    const target = boltzmann(cur.Q, n, m, alpha);
    for (let i = 0; i < n * m; i++) fixedPoint.update(Math.abs(target[i]! - pi[i]!), c.label);
    const Qsoft = softValueIteration(c.mdp, alpha);
    for (let i = 0; i < n * m; i++) vsSoftVi.update(Math.abs(Qsoft[i]! - cur.Q[i]!) / scale, c.label);
  });
  return makeCheck(
    {
      id: "T10",
      source: "§2.3.2, Eqs. (2.19)–(2.23)",
      title: "SAC soft Bellman equation and soft policy improvement",
      claim:
        "Eqs. (2.19)–(2.22): J = E_π[Σγ^t(R + αH(π(·|s_t)))]; Q^π(s,a) = E[R(s,a) + γ(Q^π(s',a') + αH(π(·|s')))] = E_s'[R + γV^π(s')]; V̄ target E_a∼π[Q − α log π]; policy objective (2.23).",
      what: `${cases.length} random MDPs, α ∈ {0.2, 1.0}: soft evaluation by linear solve vs iteration; V = E_π[Q] + αH; soft policy iteration π ← softmax(Q^π/α) until the policy stops changing; comparison with soft value iteration.`,
      mdpsTried: cases.length,
      parts: [
        makePart("soft evaluation: ‖Q_linear − Q_iterative‖∞ / max(1,‖Q‖∞)", evalGap.value, "<=", 1e-10, { worst: evalGap.where }),
        makePart("|E_π[Q] + αH − V| and |E_π[Q − α log π] − V| (relative)", entropyForm.value, "<=", 1e-12, { worst: entropyForm.where }),
        makePart("soft policy improvement: max (Q^π_old − Q^π_new) / max(1,‖Q‖∞)", worstImprovementDrop, "<=", 1e-10, {
          worst: improvementWhere,
        }),
        makePart("objective (2.23) per state: max decrease at an improvement step", worstObjectiveDrop, "<=", 1e-10, {
          worst: objectiveWhere,
        }),
        makePart("converged π vs softmax(Q^π/α): max |Δπ|", fixedPoint.value, "<=", 1e-8, { worst: fixedPoint.where }),
        makePart("soft PI Q vs soft value iteration Q (relative)", vsSoftVi.value, "<=", 1e-8, { worst: vsSoftVi.where }),
      ],
      discrepancy:
        "The thesis says SAC was 'originally proposed to solve offline/batch RL'; SAC is an off-policy online algorithm (not carried into the toolkit). The improvement and convergence statements are [EXT-lit] (Haarnoja et al. 2018), not stated in the thesis.",
      details: { iterationsUsed },
      series: {},
    },
    t0,
  );
}
