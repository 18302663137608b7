import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { createMdp, deterministicPolicy, uniformPolicy } from "../../src/mdp/create.js";
import {
  advantage,
  bellmanOptimalityBackup,
  discountedVisitation,
  evaluatePolicy,
  expectedReturn,
  greedyPolicy,
  iterativePolicyEvaluation,
  policyIteration,
  policyRewards,
  policyTransitions,
  qFromV,
  qPolicy,
  valueIteration,
  vFromQ,
} from "../../src/mdp/evaluate.js";
import { randomMdp, randomPolicy, randomStateDistribution } from "../../src/mdp/generate.js";
import { maxAbsDiff, vecMat } from "../../src/mdp/linalg.js";

describe("policy evaluation on hand-checked 2-state MDPs", () => {
  it("one action: V = (I − γP)^{-1} R via the 2×2 inverse formula", () => {
    // P = [[0.5,0.5],[0.2,0.8]], R = [1,0], γ = 0.9.
    // I − γP = [[0.55,−0.45],[−0.18,0.28]], det = 0.55·0.28 − 0.45·0.18 = 0.073
    // V = (1/det)·[[0.28,0.45],[0.18,0.55]]·[1,0] = [0.28, 0.18]/0.073
    const mdp = createMdp({ P: [[[0.5, 0.5]], [[0.2, 0.8]]], R: [[1], [0]], gamma: 0.9 });
    const V = evaluatePolicy(mdp, uniformPolicy(mdp));
    expect(V[0]).toBeCloseTo(0.28 / 0.073, 12);
    expect(V[1]).toBeCloseTo(0.18 / 0.073, 12);
  });

  it("two actions, deterministic chain: closed-form Q*, V*, π*", () => {
    // s0: a0 stay (r=1), a1 → s1 (r=0); s1: a0 stay (r=2), a1 → s0 (r=0); γ = 0.9
    // V*(1) = 2/(1−γ) = 20; V*(0) = max(1/(1−γ)=10, γ·20=18) = 18
    const mdp = createMdp({
      P: [
        [[1, 0], [0, 1]],
        [[0, 1], [1, 0]],
      ],
      R: [[1, 0], [2, 0]],
      gamma: 0.9,
    });
    const vi = valueIteration(mdp);
    expect(vi.converged).toBe(true);
    expect(maxAbsDiff(vi.V, [18, 20])).toBeLessThan(1e-9);
    expect(maxAbsDiff(vi.Q, [1 + 0.9 * 18, 18, 20, 0.9 * 18])).toBeLessThan(1e-9);
    expect(Array.from(greedyPolicy(mdp, vi.Q))).toEqual([0, 1, 1, 0]);
    const pi = policyIteration(mdp);
    expect(pi.converged).toBe(true);
    expect(Array.from(pi.policy)).toEqual([0, 1, 1, 0]);
    expect(maxAbsDiff(pi.V, [18, 20])).toBeLessThan(1e-12);
    // Uniform policy by hand: V0 = 0.5 + 0.45 V0 + 0.45 V1 and V1 = 1 + 0.45 V1 + 0.45 V0.
    // Sum S = V0 + V1: S = 1.5 + 0.9 S ⇒ S = 15. Difference D = V1 − V0 = 0.5. ⇒ V0 = 7.25, V1 = 7.75.
    const Vu = evaluatePolicy(mdp, uniformPolicy(mdp));
    expect(maxAbsDiff(Vu, [7.25, 7.75])).toBeLessThan(1e-12);
  });

  it("γ = 0 gives V = R^π and Q = R", () => {
    const mdp = randomMdp(new Rng(3), { nStates: 4, nActions: 2, gamma: 0 });
    const pi = randomPolicy(new Rng(4), mdp);
    expect(maxAbsDiff(evaluatePolicy(mdp, pi), policyRewards(mdp, pi))).toBe(0);
    expect(maxAbsDiff(qPolicy(mdp, pi), mdp.R)).toBe(0);
  });
});

describe("exact vs iterative methods on random MDPs", () => {
  const rng = new Rng(2024);
  const cases = Array.from({ length: 8 }, (_, i) => {
    const gamma = [0.5, 0.9, 0.99][i % 3]!;
    const mdp = randomMdp(rng, { nStates: 3 + (i % 6), nActions: 2 + (i % 2), gamma, dirichletAlpha: 0.5 });
    return { mdp, pi: randomPolicy(rng, mdp) };
  });

  it("iterative policy evaluation agrees with the linear solve", () => {
    for (const { mdp, pi } of cases) {
      const it = iterativePolicyEvaluation(mdp, pi);
      expect(it.converged).toBe(true);
      expect(maxAbsDiff(it.V, evaluatePolicy(mdp, pi))).toBeLessThan(1e-9);
    }
  });

  it("Q^π and V^π are consistent: V = Σ π Q, and Q solves its own Bellman equation", () => {
    for (const { mdp, pi } of cases) {
      const V = evaluatePolicy(mdp, pi);
      const Q = qPolicy(mdp, pi);
      expect(maxAbsDiff(vFromQ(mdp, pi, Q), V)).toBeLessThan(1e-10);
      expect(maxAbsDiff(qFromV(mdp, vFromQ(mdp, pi, Q)), Q)).toBeLessThan(1e-10);
      const A = advantage(mdp, pi);
      expect(Math.max(...vFromQ(mdp, pi, A).map(Math.abs))).toBeLessThan(1e-10);
    }
  });

  it("value iteration and policy iteration agree; greedy(Q*) attains V*; Q* ≥ Q^π", () => {
    const prng = new Rng(99);
    for (const { mdp } of cases) {
      const vi = valueIteration(mdp);
      const pi = policyIteration(mdp);
      expect(vi.converged && pi.converged).toBe(true);
      expect(maxAbsDiff(vi.Q, pi.Q)).toBeLessThan(1e-9);
      expect(maxAbsDiff(bellmanOptimalityBackup(mdp, pi.Q), pi.Q)).toBeLessThan(1e-10);
      const g = greedyPolicy(mdp, vi.Q);
      expect(maxAbsDiff(evaluatePolicy(mdp, g), vi.V)).toBeLessThan(1e-9);
      for (let k = 0; k < 10; k++) {
        const Qpi = qPolicy(mdp, randomPolicy(prng, mdp, { kind: k % 2 ? "deterministic" : "stochastic" }));
        for (let i = 0; i < Qpi.length; i++) expect(vi.Q[i]! - Qpi[i]!).toBeGreaterThan(-1e-9);
      }
    }
  });

  it("discounted visitation matches the power series Σ γ^t ρ0ᵀ (P^π)^t and sums to 1/(1−γ)", () => {
    const srng = new Rng(5);
    for (const { mdp, pi } of cases.slice(0, 5)) {
      const rho0 = randomStateDistribution(srng, mdp.nStates);
      const d = discountedVisitation(mdp, pi, rho0);
      const n = mdp.nStates;
      const Ppi = policyTransitions(mdp, pi);
      let row: Float64Array = Float64Array.from(rho0);
      const series = new Float64Array(n);
      let disc = 1;
      for (let t = 0; t < 5000 && disc > 1e-16; t++) {
        for (let s = 0; s < n; s++) series[s]! += disc * row[s]!;
        row = vecMat(row, Ppi, n, n);
        disc *= mdp.gamma;
      }
      expect(maxAbsDiff(d, series)).toBeLessThan(1e-9);
      expect(Math.abs(d.reduce((x, y) => x + y, 0) - 1 / (1 - mdp.gamma))).toBeLessThan(1e-9);
      const dn = discountedVisitation(mdp, pi, rho0, true);
      expect(Math.abs(dn.reduce((x, y) => x + y, 0) - 1)).toBeLessThan(1e-12);
      // J = ρ0·V = d·R^π
      const Rpi = policyRewards(mdp, pi);
      const J2 = d.reduce((acc, x, s) => acc + x * Rpi[s]!, 0);
      expect(Math.abs(expectedReturn(mdp, pi, rho0) - J2)).toBeLessThan(1e-9);
    }
  });

  it("policy iteration starting from a given policy, and deterministicPolicy builder", () => {
    const { mdp } = cases[1]!;
    const start = deterministicPolicy(mdp, new Array(mdp.nStates).fill(mdp.nActions - 1));
    const pi = policyIteration(mdp, { initialPolicy: start });
    expect(maxAbsDiff(pi.Q, valueIteration(mdp).Q)).toBeLessThan(1e-9);
  });
});
