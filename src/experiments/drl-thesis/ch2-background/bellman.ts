/**
 * T1 (Bellman expectation equation, Eq. 2.2) and T2 (Q–V consistency, Eqs. 2.3/2.13).
 *
 * T1: V^π from the linear solve (I − γP^π)V = R^π equals iterative policy evaluation
 *     V_{k+1} = R^π + γP^π V_k (run to a residual < 1e-12) within 1e-9, and Monte-Carlo
 *     averages of truncated discounted returns (γ^H < 1e-8) lie within 4 SE of V^π(s).
 * T2: Q^π solved independently from the |S||A|-dimensional system Q = R + γ P Π Q satisfies
 *     Q^π(s,a) = R(s,a) + γ Σ_s' P(s'|s,a) V^π(s') and V^π(s) = Σ_a π(a|s) Q^π(s,a), to 1e-10.
 */

import type { Rng } from "../../../core/rng.js";
import { evaluatePolicy, iterativePolicyEvaluation, qFromV } from "../../../mdp/evaluate.js";
import { solveLinear } from "../../../mdp/linalg.js";
import { sampleDiscountedReturn, truncationHorizon } from "../../../mdp/sample.js";
import type { FiniteMdp, Policy } from "../../../mdp/types.js";
import type { Ch2Config } from "./config.js";
import type { MdpCase } from "./suite.js";
import { normalTwoSidedTail, zScore } from "./suite.js";
import { type CheckResult, makeCheck, makePart, WorstCase } from "./types.js";

/** One row of the Monte-Carlo table: MC estimate ± SE vs exact V^π(s). */
export interface McRow {
  mdp: string;
  state: number;
  exact: number;
  mc: number;
  se: number;
  z: number;
}

/** Monte-Carlo estimate of V^π(s) from `rollouts` truncated returns, with its standard error. */
export function monteCarloValue(
  rng: Rng,
  mdp: FiniteMdp,
  pi: Policy,
  s: number,
  rollouts: number,
  horizon: number,
): { mean: number; se: number } {
  let mean = 0;
  let m2 = 0;
  for (let i = 1; i <= rollouts; i++) {
    const g = sampleDiscountedReturn(rng, mdp, pi, s, horizon);
    const d = g - mean;
    mean += d / i;
    m2 += d * (g - mean);
  }
  return { mean, se: Math.sqrt(m2 / (rollouts - 1) / rollouts) };
}

/** T1: Bellman expectation equation (2.2) — linear solve vs iteration vs Monte Carlo. */
export function checkBellmanExpectation(rng: Rng, cases: MdpCase[], cfg: Ch2Config): CheckResult {
  const t0 = Date.now();
  const iterWorst = new WorstCase();
  const iterations: { mdp: string; gamma: number; iterations: number }[] = [];
  for (const c of cases) {
    const exact = evaluatePolicy(c.mdp, c.pi);
    const it = iterativePolicyEvaluation(c.mdp, c.pi, { tol: 1e-12, maxIter: 200000 });
    let err = 0;
    for (let s = 0; s < exact.length; s++) err = Math.max(err, Math.abs(exact[s]! - it.V[s]!));
    iterWorst.update(it.converged ? err : Number.POSITIVE_INFINITY, c.label);
    iterations.push({ mdp: c.label, gamma: c.mdp.gamma, iterations: it.iterations });
  }

  const mcCases = cases.filter((c) => c.mdp.gamma <= cfg.mcMaxGamma).slice(0, cfg.mcMdps);
  const rows: McRow[] = [];
  const zWorst = new WorstCase();
  for (const c of mcCases) {
    const exact = evaluatePolicy(c.mdp, c.pi);
    const H = truncationHorizon(c.mdp.gamma, cfg.horizonEps);
    const r = rng.fork(`T1-mc-${c.label}`);
    for (let s = 0; s < c.mdp.nStates; s++) {
      const { mean, se } = monteCarloValue(r, c.mdp, c.pi, s, cfg.mcRollouts, H);
      const z = zScore(mean, exact[s]!, se);
      rows.push({ mdp: c.label, state: s, exact: exact[s]!, mc: mean, se, z });
      zWorst.update(z, `${c.label}, s=${s}`);
    }
  }
  const nComparisons = rows.length;
  return makeCheck(
    {
      id: "T1",
      source: "§2.2.1, Eqs. (2.1)–(2.2)",
      title: "Bellman expectation equation",
      claim:
        "Eq. (2.1)–(2.2): V^π(s) = E_π[Σ_t γ^t r_t | s_0 = s] = Σ_a π(a|s) Σ_s' P(s'|s,a)[R(s,a) + γ V^π(s')].",
      what: `${cases.length} random MDPs (n∈{3..8}, |A|∈{2,3}, P~Dir(0.5), R~U[0,1], π~Dir(1), γ∈{${cfg.gammas.join(", ")}}): linear solve of (I−γP^π)V=R^π vs iterative evaluation to residual 1e-12; Monte Carlo with ${cfg.mcRollouts} truncated returns (γ^H<${cfg.horizonEps}) per state on ${mcCases.length} MDPs with γ≤${cfg.mcMaxGamma}.`,
      mdpsTried: cases.length,
      parts: [
        makePart("‖V_linear − V_iterative‖∞ (max over MDPs)", iterWorst.value, "<=", 1e-9, { worst: iterWorst.where }),
        makePart("max_s |V_MC(s) − V^π(s)| / SE", zWorst.value, "<=", 4, { worst: zWorst.where }),
      ],
      details: {
        iterations,
        mcComparisons: nComparisons,
        expectedFalseAlarmsAt4SE: nComparisons * normalTwoSidedTail(4),
        errataNote: "(2.2) line 2 writes r_t where r_0 is meant; (2.3) has a stray 'Q' in the conditioning (typos, no effect on the check).",
      },
      series: { monteCarlo: rows },
    },
    t0,
  );
}

/** Q^π from the |S||A| × |S||A| system (I − γ P Π) Q = R, independent of V^π. */
export function qPolicyBySaSystem(mdp: FiniteMdp, pi: Policy): Float64Array {
  const { nStates: n, nActions: m, P, R, gamma } = mdp;
  const N = n * m;
  const A = new Float64Array(N * N);
  for (let sa = 0; sa < N; sa++) {
    A[sa * N + sa] = 1;
    for (let s2 = 0; s2 < n; s2++) {
      const p = P[sa * n + s2]!;
      if (p === 0) continue;
      for (let a2 = 0; a2 < m; a2++) A[sa * N + s2 * m + a2]! -= gamma * p * pi[s2 * m + a2]!;
    }
  }
  return solveLinear(A, R, N);
}

/** A claimed relation Q = f(V) to test against the independently solved Q^π (default: Eq. 2.13). */
export type QvRelation = (mdp: FiniteMdp, V: Float64Array) => Float64Array;

/** T2: Q–V consistency (2.3)/(2.13). Pass a wrong `relation` as a negative control. */
export function checkQvConsistency(cases: MdpCase[], relation: QvRelation = qFromV): CheckResult {
  const t0 = Date.now();
  const qWorst = new WorstCase();
  const vWorst = new WorstCase();
  for (const c of cases) {
    const { nStates: n, nActions: m } = c.mdp;
    const V = evaluatePolicy(c.mdp, c.pi);
    const Qsa = qPolicyBySaSystem(c.mdp, c.pi);
    const Qrel = relation(c.mdp, V);
    for (let i = 0; i < n * m; i++) {
      qWorst.update(Math.abs(Qsa[i]! - Qrel[i]!), () => `${c.label}, (s=${Math.floor(i / m)},a=${i % m})`);
    }
    for (let s = 0; s < n; s++) {
      let v = 0;
      for (let a = 0; a < m; a++) v += c.pi[s * m + a]! * Qsa[s * m + a]!;
      vWorst.update(Math.abs(v - V[s]!), () => `${c.label}, s=${s}`);
    }
  }
  return makeCheck(
    {
      id: "T2",
      source: "§2.2.1 and §2.3.2, Eqs. (2.3), (2.13)",
      title: "Q–V consistency",
      claim: "Eq. (2.3) defines Q^π(s,a) = E_π[Σ γ^t r_t | s_0=s, a_0=a]; Eq. (2.13): Q(s_t,a_t) = E[r_t + γ V(s_{t+1})].",
      what: `${cases.length} random MDPs: Q^π solved from the |S||A|-dimensional Bellman system (independent of V^π), compared with R + γPV^π, and Σ_a π(a|s)Q^π(s,a) compared with V^π.`,
      mdpsTried: cases.length,
      parts: [
        makePart("max |Q^π − (R + γ P V^π)|", qWorst.value, "<=", 1e-10, { worst: qWorst.where }),
        makePart("max |Σ_a π Q^π − V^π|", vWorst.value, "<=", 1e-10, { worst: vWorst.where }),
      ],
      details: {},
      series: {},
    },
    t0,
  );
}
