/**
 * T8: advantage identities (Eqs. 2.12–2.14, 2.16).
 *   Σ_a π(a|s) A(s,a) = 0;   E_s'[r + γV(s') − V(s) | s,a] = A(s,a);
 *   E_{a∼π}[∇log π(a|s) b(s)] = 0 (baseline invariance), so the policy gradient with A equals
 *   the one with Q.
 * A is built from Q^π solved on the |S||A| system (independent of V^π, see bellman.ts).
 * Tolerance 1e-12, scaled by max(1, ‖Q^π‖∞) because V^π reaches ~1/(1−γ) = 100 at γ = 0.99
 * and the linear solves are accurate to a few ulps of that scale.
 */

import type { Rng } from "../../../core/rng.js";
import { discountedVisitation, evaluatePolicy } from "../../../mdp/evaluate.js";
import type { MdpCase } from "./suite.js";
import { qPolicyBySaSystem } from "./bellman.js";
import { type CheckResult, makeCheck, makePart, WorstCase } from "./types.js";

export function checkAdvantage(rng: Rng, cases: MdpCase[]): CheckResult {
  const t0 = Date.now();
  const sumPiA = new WorstCase();
  const tdMean = new WorstCase();
  const baseline = new WorstCase();
  const pgWithBaseline = new WorstCase();
  let maxTdStd = 0;
  for (const c of cases) {
    const { nStates: n, nActions: m, P, R, gamma } = c.mdp;
    const V = evaluatePolicy(c.mdp, c.pi);
    const Q = qPolicyBySaSystem(c.mdp, c.pi);
    let scale = 1;
    for (const q of Q) scale = Math.max(scale, Math.abs(q));
    const A = Q.map((q, i) => q - V[Math.floor(i / m)]!);
    for (let s = 0; s < n; s++) {
      let acc = 0;
      for (let a = 0; a < m; a++) acc += c.pi[s * m + a]! * A[s * m + a]!;
      sumPiA.update(Math.abs(acc) / scale, () => `${c.label}, s=${s}`);
    }
    for (let s = 0; s < n; s++) {
      for (let a = 0; a < m; a++) {
        const sa = s * m + a;
        let mean = 0;
        let sq = 0;
        for (let s2 = 0; s2 < n; s2++) {
          const td = R[sa]! + gamma * V[s2]! - V[s]!;
          mean += P[sa * n + s2]! * td;
          sq += P[sa * n + s2]! * td * td;
        }
        tdMean.update(Math.abs(mean - A[sa]!) / scale, () => `${c.label}, (s=${s},a=${a})`);
        maxTdStd = Math.max(maxTdStd, Math.sqrt(Math.max(0, sq - mean * mean)));
      }
    }
    // Baseline invariance with a random baseline b(s) ~ U[-10, 10]:
    const r = rng.fork(`T8-${c.label}`);
    const b = Float64Array.from({ length: n }, () => r.uniformIn(-10, 10));
    for (let s = 0; s < n; s++) {
      // E_a[∇_{θ_s} log π(a|s) b(s)], component c: Σ_a π(a|s)(1[c=a] − π(c|s)) b(s)
      for (let k = 0; k < m; k++) {
        let acc = 0;
        for (let a = 0; a < m; a++) acc += c.pi[s * m + a]! * ((k === a ? 1 : 0) - c.pi[s * m + k]!) * b[s]!;
        baseline.update(Math.abs(acc), () => `${c.label}, s=${s}`);
      }
    }
    // Full policy gradient with Q vs with A (b = V) vs with Q − b, tabular softmax.
    const d = discountedVisitation(c.mdp, c.pi, c.rho0);
    const grad = (w: (s: number, a: number) => number): Float64Array => {
      const g = new Float64Array(n * m);
      for (let s = 0; s < n; s++)
        for (let a = 0; a < m; a++)
          for (let k = 0; k < m; k++) g[s * m + k]! += d[s]! * c.pi[s * m + a]! * ((k === a ? 1 : 0) - c.pi[s * m + k]!) * w(s, a);
      return g;
    };
    const gQ = grad((s, a) => Q[s * m + a]!);
    const gA = grad((s, a) => A[s * m + a]!);
    const gB = grad((s, a) => Q[s * m + a]! - b[s]!);
    let gs = 0;
    let e = 0;
    for (let i = 0; i < gQ.length; i++) {
      gs = Math.max(gs, Math.abs(gQ[i]!));
      e = Math.max(e, Math.abs(gQ[i]! - gA[i]!), Math.abs(gQ[i]! - gB[i]!));
    }
    pgWithBaseline.update(e / Math.max(gs, 1e-300) / scale, c.label);
  }
  return makeCheck(
    {
      id: "T8",
      source: "§2.3.2, Eqs. (2.12)–(2.16)",
      title: "Advantage identities and baselines",
      claim:
        "Eq. (2.12) A(s_t,a_t) = Q(s_t,a_t) − V(s_t); (2.13) Q(s_t,a_t) = E[r_t + γV(s_{t+1})]; (2.14) A(s_t,a_t) = r_t + γV(s_{t+1}) − V(s_t); (2.16) uses A in place of Q in the policy gradient.",
      what: `${cases.length} random MDPs: A = Q^π (|S||A| solve) − V^π; Σ_a πA; expected TD error vs A; E_a[∇logπ·b(s)] for random baselines b(s)∈[−10,10]; exact softmax policy gradient with Q, with A and with Q − b.`,
      mdpsTried: cases.length,
      parts: [
        makePart("max |Σ_a π(a|s)A(s,a)| / max(1,‖Q‖∞)", sumPiA.value, "<=", 1e-12, { worst: sumPiA.where }),
        makePart("max |E_s'[r+γV(s')−V(s)] − A(s,a)| / max(1,‖Q‖∞)", tdMean.value, "<=", 1e-12, { worst: tdMean.where }),
        makePart("max |E_a[∇logπ(a|s) b(s)]|", baseline.value, "<=", 1e-12, { worst: baseline.where }),
        makePart("relative change of ∇J when Q is replaced by A or Q − b", pgWithBaseline.value, "<=", 1e-12, {
          worst: pgWithBaseline.where,
        }),
        makePart("largest std of the one-sample TD error r+γV(s')−V(s) given (s,a)", maxTdStd, ">=", 0, { informational: true }),
      ],
      discrepancy:
        "(2.14) is written as an equality for one transition; it holds only in expectation over s' (2.13). The one-sample TD error is an unbiased but noisy estimate of A (its largest conditional std is reported).",
      details: {},
      series: {},
    },
    t0,
  );
}
