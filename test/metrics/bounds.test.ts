/**
 * Value-difference bounds (5.2), (5.4), (5.10), the chain (5.8), d_B ≤ d_M, the pseudometric
 * properties of d_B, and the MDP classes where a stated bound fails (with exact minimal
 * counterexamples): (5.10) without the mean-state assumption, DBC's Gaussian relaxation.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { createMdp, evaluatePolicy, randomMdp, randomPolicy } from "../../src/mdp/index.js";
import {
  bisimulationMetric,
  bisimulationOperator,
  checkMicoChain,
  checkOrdered,
  checkPseudometric,
  checkValueBound,
  dbcGaussianCounterexample,
  dbcGaussianDistance,
  fixedPoint,
  meanClosedMdp,
  meanNextStateMap,
  micoMetric,
  msaCounterexample,
  msaMinimalCounterexample,
  oneHotEmbedding,
  rapMetric,
  shiftMicoMetric,
  solveMetric,
  supDistance,
  w2BisimulationOperator,
  type CheckResult,
} from "../../src/metrics/index.js";
import { w1 } from "../../src/ot/index.js";
import { randomCases } from "./cases.js";

function expectHolds(r: CheckResult, label: string): void {
  if (!r.holds) throw new Error(`${label}: ${r.name} failed, slack ${r.worstSlack}, ${JSON.stringify(r.counterexample)}`);
  expect(r.holds).toBe(true);
}

describe("π-bisimulation fixed point d_B (Thm 5.4.1, 5.4.2)", () => {
  it("the policy-iteration solver equals plain Banach iteration of F_B (40 MDPs)", () => {
    for (const c of randomCases(301, 40, { maxStates: 9 })) {
      const fast = bisimulationMetric(c.mdp, c.pi, { tol: 1e-11 });
      const slow = fixedPoint(bisimulationOperator(c.mdp, c.pi), new Float64Array(c.mdp.nStates ** 2), { tol: 1e-11 });
      expect(fast.converged && slow.converged).toBe(true);
      expect(supDistance(fast.d, slow.d)).toBeLessThan(1e-9);
    }
  });

  it("is a pseudometric bounding |V_i − V_j| (5.2), below d_M elementwise (200 MDPs, 2–30 states)", () => {
    for (const c of randomCases(302, 200, { denseUpTo: 12 })) {
      const n = c.mdp.nStates;
      const dB = bisimulationMetric(c.mdp, c.pi, { tol: 1e-11 });
      expect(dB.converged).toBe(true);
      const V = evaluatePolicy(c.mdp, c.pi);
      expectHolds(checkValueBound(V, dB.d, { name: "(5.2)" }), c.label);
      expectHolds(checkPseudometric(dB.d, n), c.label);
      expectHolds(checkOrdered(dB.d, micoMetric(c.mdp, c.pi, 1e-11), "d_B ≤ d_M (independent coupling is feasible for W1)"), c.label);
    }
  });

  it("gives distance 0 to an exact duplicate of a state (footnote 2) and > 0 to generic states", () => {
    const rng = new Rng(303);
    for (let q = 0; q < 30; q++) {
      const n = 3 + rng.int(6);
      const A = 1 + rng.int(3);
      const base = randomMdp(rng, { nStates: n, nActions: A, gamma: 0.9 });
      const pi = randomPolicy(rng, base);
      // Append state n as a copy of state 0; incoming mass to 0 is split equally with the copy.
      const N = n + 1;
      const P = new Float64Array(N * A * N);
      const R = new Float64Array(N * A);
      for (let s = 0; s < N; s++) {
        const src = s === n ? 0 : s;
        for (let a = 0; a < A; a++) {
          R[s * A + a] = base.R[src * A + a]!;
          for (let t = 0; t < n; t++) {
            const p = base.P[(src * A + a) * n + t]!;
            if (t === 0) {
              P[(s * A + a) * N + 0] = p / 2;
              P[(s * A + a) * N + n] = p / 2;
            } else P[(s * A + a) * N + t] = p;
          }
        }
      }
      const mdp = createMdp({ P, R, gamma: 0.9, nStates: N, nActions: A });
      const piN = new Float64Array(N * A);
      piN.set(pi);
      piN.set(pi.subarray(0, A), n * A);
      const dB = bisimulationMetric(mdp, piN, { tol: 1e-12 }).d;
      expect(dB[0 * N + n]!).toBeLessThan(1e-10);
      expect(dB[0 * N + 1]!).toBeGreaterThan(1e-3);
    }
  });
});

describe("MICo (5.4) and the chain (5.8) |ΔV| ≤ d_M ≤ d̃_M", () => {
  it("holds on 200 random MDPs (2–30 states, 1–5 actions)", () => {
    for (const c of randomCases(304, 200)) {
      const V = evaluatePolicy(c.mdp, c.pi);
      const dM = micoMetric(c.mdp, c.pi, 1e-11);
      expectHolds(checkValueBound(V, dM, { name: "(5.4)" }), c.label);
      expectHolds(checkMicoChain(V, dM, shiftMicoMetric(c.mdp, c.pi, 1e-11)), c.label);
    }
  });
});

describe("RAP value bound (5.10): holds under the mean-state assumption, fails without it", () => {
  it("deterministic transitions, one-hot states: d_G = d_M exactly and the bound holds (100 MDPs)", () => {
    const rng = new Rng(305);
    for (let q = 0; q < 100; q++) {
      const n = 2 + rng.int(24);
      const mdp = randomMdp(rng, { nStates: n, nActions: 1 + rng.int(5), gamma: [0.5, 0.9, 0.95][q % 3]!, transitions: "deterministic" });
      const pi = randomPolicy(rng, mdp);
      const dG = rapMetric(mdp, pi, meanNextStateMap(mdp, oneHotEmbedding(n)), 1e-11);
      expect(supDistance(dG, micoMetric(mdp, pi, 1e-11))).toBeLessThan(1e-9);
      expectHolds(checkValueBound(evaluatePolicy(mdp, pi), dG, { name: "(5.10)" }), `det case ${q}`);
    }
  });

  it("stochastic mean-closed transitions with affine V (MSA true): the bound holds (150 MDPs)", () => {
    const rng = new Rng(306);
    for (let q = 0; q < 150; q++) {
      const ex = meanClosedMdp(rng, { nStates: 3 + rng.int(28), nActions: 1 + rng.int(5), gamma: [0.5, 0.9, 0.95][q % 3]!, rewards: "affine" });
      const V = evaluatePolicy(ex.mdp, ex.pi);
      expect(supDistance(V, ex.affineValue!)).toBeLessThan(1e-9);
      expectHolds(checkValueBound(V, rapMetric(ex.mdp, ex.pi, ex.meanMap, 1e-11), { name: "(5.10)" }), `affine case ${q}`);
    }
  });

  it("stochastic mean-closed transitions with random rewards (MSA false): the bound fails on many MDPs (measured 40 of 100)", () => {
    const rng = new Rng(307);
    let violated = 0;
    let worst = 0;
    const total = 100;
    for (let q = 0; q < total; q++) {
      const ex = meanClosedMdp(rng, { nStates: 3 + rng.int(12), nActions: 1 + rng.int(3), gamma: 0.9, rewards: "random" });
      const r = checkValueBound(evaluatePolicy(ex.mdp, ex.pi), rapMetric(ex.mdp, ex.pi, ex.meanMap, 1e-11));
      if (!r.holds) violated++;
      worst = Math.min(worst, r.worstSlack);
    }
    expect(violated).toBeGreaterThanOrEqual(20);
    expect(worst).toBeLessThan(-0.1);
  });

  it("exact counterexamples: N8 (4 states, violation 9) and the minimal 3-state one", () => {
    const ex4 = msaCounterexample(0.9);
    const V4 = evaluatePolicy(ex4.mdp, ex4.pi);
    [10, 9, 0, 10].forEach((v, s) => expect(V4[s]!).toBeCloseTo(v, 10));
    const m4 = meanNextStateMap(ex4.mdp, ex4.embedding);
    expect(Array.from(m4)).toEqual([0, 1, 2, 3]);
    const dG4 = rapMetric(ex4.mdp, ex4.pi, m4, 1e-12);
    expect(dG4[1 * 4 + 2]!).toBeLessThan(1e-12);
    const r4 = checkValueBound(V4, dG4);
    expect(r4.holds).toBe(false);
    expect(r4.worstSlack).toBeCloseTo(-9, 9);

    const ex3 = msaMinimalCounterexample(0.9);
    const V3 = evaluatePolicy(ex3.mdp, ex3.pi);
    const dG3 = rapMetric(ex3.mdp, ex3.pi, meanNextStateMap(ex3.mdp, ex3.embedding), 1e-12);
    expect(dG3[0 * 3 + 1]!).toBeLessThan(1e-12);
    expect(Math.abs(V3[1]! - V3[0]!)).toBeCloseTo(9, 10);
    expect(checkValueBound(V3, dG3).holds).toBe(false);
  });

  it("RAP is undefined (one-line error) when a mean next state is not a state", () => {
    const mdp = createMdp({ P: [[[0.5, 0.5]], [[0, 1]]], R: [[0], [1]], gamma: 0.9 });
    expect(() => meanNextStateMap(mdp, oneHotEmbedding(2))).toThrow(/mean next state of \(s=0, a=0\) is not the embedding of any state/);
  });
});

describe("DBC's W2 relaxations (§5.5.2, N10, N11)", () => {
  it("lifted W2: fixed point ≥ d_B and W1 ≤ W2 pairwise (60 MDPs)", () => {
    for (const c of randomCases(308, 60, { maxStates: 8 })) {
      const dB = bisimulationMetric(c.mdp, c.pi, { tol: 1e-11 }).d;
      const dW2 = solveMetric(w2BisimulationOperator(c.mdp, c.pi), 1e-11);
      expectHolds(checkOrdered(dB, dW2, "d_B ≤ d_W2"), c.label);
      expectHolds(checkValueBound(evaluatePolicy(c.mdp, c.pi), dW2), c.label);
    }
  });

  it("moment-matched Gaussian W2 gives d_DBC(p, q) = 0 below |V_p − V_q| = γ/2, while exact W1 = 1", () => {
    const g = 0.9;
    const ex = dbcGaussianCounterexample(g);
    const V = evaluatePolicy(ex.mdp, ex.pi);
    expect(V[0]! - V[1]!).toBeCloseTo(g / 2, 12);
    const d = dbcGaussianDistance(ex.mdp, ex.pi, ex.embedding);
    expect(d[0 * 7 + 1]!).toBeLessThan(1e-12);
    const r = checkValueBound(V, d);
    expect(r.holds).toBe(false);
    expect(r.worstSlack).toBeCloseTo(-g / 2, 12);
    // Exact W1 between the two next-state laws on the line: Σ|F_p − F_q|Δx = 1.
    const xs = [0, 0, -2, -1, 0, 1, 2];
    const line = Float64Array.from({ length: 49 }, (_, t) => Math.abs(xs[Math.floor(t / 7)]! - xs[t % 7]!));
    expect(w1(line, 7, ex.mdp.P.subarray(0, 7), ex.mdp.P.subarray(7, 14))).toBeCloseTo(1, 12);
    // And the exact bisimulation metric does bound the value gap there.
    expectHolds(checkValueBound(V, bisimulationMetric(ex.mdp, ex.pi, { tol: 1e-12 }).d), "N11 MDP");
  });
});
