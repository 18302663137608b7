/**
 * Shift MICo: the gap d̃_M − d_M (Thm 5.5.3, Lemma 5.9.4), Lemma 5.5.4, the lifted-MDP
 * Lemmas 5.9.2–5.9.3, the N4 closed form; the reward identity (5.11); Lemma 5.6.5.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { createMdp, evaluatePolicy, randomMdp, randomPolicy, solveLinear, policyTransitions } from "../../src/mdp/index.js";
import {
  bisimulationMetric,
  checkLemma554,
  checkLiftedMdp,
  checkRewardIdentity,
  checkShiftGap,
  expectedAbsRewardDifference,
  expectedSquaredRewardDifference,
  micoMetric,
  policyRewardVariance,
  rapEmbeddingDistance,
  micoEmbeddingDistance,
  angleBetween,
  rewardDifference,
  shiftMicoMetric,
  singleStateShiftExample,
  supDistance,
  type CheckResult,
} from "../../src/metrics/index.js";
import { randomCases } from "./cases.js";

function expectHolds(r: CheckResult, label: string): void {
  if (!r.holds) throw new Error(`${label}: ${r.name} failed, slack ${r.worstSlack}, ${JSON.stringify(r.counterexample)}`);
  expect(r.holds).toBe(true);
}

/** Make r(s, ·) constant in a for every state (Lemma 5.5.4's first condition). */
function actionConstantRewards(mdp: ReturnType<typeof randomMdp>): ReturnType<typeof randomMdp> {
  const A = mdp.nActions;
  const R = Float64Array.from(mdp.R, (_, t) => mdp.R[Math.floor(t / A) * A]!);
  return createMdp({ P: mdp.P, R, gamma: mdp.gamma, nStates: mdp.nStates, nActions: A });
}

describe("the shift-MICo gap Γ = d̃_M − d_M", () => {
  it("is ≥ 0, positive on the diagonal where r(s,·) varies under π, on 200 MDPs", () => {
    for (const c of randomCases(401, 200)) {
      expectHolds(checkShiftGap(c.mdp, c.pi, micoMetric(c.mdp, c.pi, 1e-11), shiftMicoMetric(c.mdp, c.pi, 1e-11)), c.label);
    }
  });

  it("is identically 0 for a deterministic π and for action-constant rewards (100 MDPs each)", () => {
    for (const c of randomCases(402, 100, { policy: "deterministic" })) {
      const gap = supDistance(micoMetric(c.mdp, c.pi, 1e-11), shiftMicoMetric(c.mdp, c.pi, 1e-11));
      expect(gap).toBeLessThan(1e-9);
      expectHolds(checkShiftGap(c.mdp, c.pi, micoMetric(c.mdp, c.pi, 1e-11), shiftMicoMetric(c.mdp, c.pi, 1e-11)), c.label);
    }
    for (const c of randomCases(403, 100, { policy: "stochastic" })) {
      const mdp = actionConstantRewards(c.mdp);
      expect(supDistance(micoMetric(mdp, c.pi, 1e-11), shiftMicoMetric(mdp, c.pi, 1e-11))).toBeLessThan(1e-9);
    }
  });

  it("N4 closed form: one state, rewards (0, 1), π = (½, ½): d_M = d_B = 0, d̃_M = 0.5/(1 − γ)", () => {
    for (const g of [0.5, 0.9, 0.99]) {
      const ex = singleStateShiftExample(g);
      expect(micoMetric(ex.mdp, ex.pi, 1e-12)[0]!).toBe(0);
      expect(bisimulationMetric(ex.mdp, ex.pi).d[0]!).toBe(0);
      expect(shiftMicoMetric(ex.mdp, ex.pi, 1e-12)[0]!).toBeCloseTo(0.5 / (1 - g), 9);
    }
  });

  it("MICo and shift MICo equal the closed forms (I − γ P^π ⊗ P^π)⁻¹ vec(R) (N2, N3; 40 MDPs)", () => {
    for (const c of randomCases(404, 40, { maxStates: 8 })) {
      const n = c.mdp.nStates;
      const P = policyTransitions(c.mdp, c.pi);
      const M = new Float64Array(n ** 4);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          for (let k = 0; k < n; k++)
            for (let l = 0; l < n; l++) M[(i * n + j) * n * n + k * n + l] = (i * n + j === k * n + l ? 1 : 0) - c.mdp.gamma * P[i * n + k]! * P[j * n + l]!;
      const closedM = solveLinear(M, rewardDifference(c.mdp, c.pi), n * n);
      const closedS = solveLinear(M, expectedAbsRewardDifference(c.mdp, c.pi), n * n);
      expect(supDistance(closedM, micoMetric(c.mdp, c.pi, 1e-12))).toBeLessThan(1e-9);
      expect(supDistance(closedS, shiftMicoMetric(c.mdp, c.pi, 1e-12))).toBeLessThan(1e-9);
    }
  });
});

describe("Lemma 5.5.4: non-zero self-distance of the shift reward term", () => {
  it("R̃(s, s) ≥ 0, and = 0 iff r(s,·) is constant on supp π(·|s) (stochastic, deterministic, constant-reward states)", () => {
    let positive = 0;
    let zero = 0;
    for (const c of randomCases(405, 300, { maxStates: 12 })) {
      const R = Float64Array.from(c.mdp.R);
      // Make some states action-constant so both branches of the "iff" are exercised.
      const A = c.mdp.nActions;
      for (let s = 0; s < c.mdp.nStates; s += 3) for (let a = 1; a < A; a++) R[s * A + a] = R[s * A]!;
      const mdp = createMdp({ P: c.mdp.P, R, gamma: c.mdp.gamma, nStates: c.mdp.nStates, nActions: A });
      const Rt = expectedAbsRewardDifference(mdp, c.pi);
      expectHolds(checkLemma554(mdp, c.pi, Rt), c.label);
      for (let s = 0; s < mdp.nStates; s++) (Rt[s * mdp.nStates + s]! > 0 ? positive++ : zero++);
    }
    expect(positive).toBeGreaterThan(100);
    expect(zero).toBeGreaterThan(100);
  });
});

describe("Lemmas 5.9.2–5.9.4: MICo and shift MICo are values of the lifted MDP", () => {
  it("lifted-MDP values (policy evaluation on n² states, |A|² actions) equal d_M and d̃_M; V_Δ ≥ 0 (80 MDPs)", () => {
    for (const c of randomCases(406, 80, { maxStates: 6, maxActions: 3 })) {
      expectHolds(checkLiftedMdp(c.mdp, c.pi, micoMetric(c.mdp, c.pi, 1e-12), shiftMicoMetric(c.mdp, c.pi, 1e-12)), c.label);
    }
  });
});

describe("(5.11): E[(r_i − r_j)²] − (E r_i − E r_j)² = Var r_i + Var r_j for independent actions", () => {
  it("holds to 1e-12 on 300 MDPs, with and without reward noise; also for i = j", () => {
    const rng = new Rng(407);
    for (let q = 0; q < 300; q++) {
      const mdp = randomMdp(rng, {
        nStates: 1 + rng.int(15),
        nActions: 1 + rng.int(5),
        gamma: 0.9,
        rewardRange: [-1, 1],
        ...(q % 2 ? { rewardNoise: [0, 0.5] as const } : {}),
      });
      const pi = randomPolicy(rng, mdp, { kind: q % 7 === 0 ? "deterministic" : "stochastic" });
      expectHolds(checkRewardIdentity(mdp, pi, expectedSquaredRewardDifference(mdp, pi), policyRewardVariance(mdp, pi)), `case ${q}`);
    }
  });
  it("the worked numbers: rewards (0, 1) vs (1, 3) with π = (½, ½): both sides 1.25", () => {
    const mdp = createMdp({ P: [[[1, 0], [1, 0]], [[0, 1], [0, 1]]], R: [[0, 1], [1, 3]], gamma: 0.5 });
    const pi = Float64Array.from([0.5, 0.5, 0.5, 0.5]);
    // E[(r0 − r1)²] = ¼(1 + 9 + 0 + 4) = 3.5; (E r0 − E r1)² = (0.5 − 2)² = 2.25; Var = 0.25 + 1.
    expect(expectedSquaredRewardDifference(mdp, pi)[1]!).toBeCloseTo(3.5, 14);
    const v = policyRewardVariance(mdp, pi);
    expect(v[0]! + v[1]!).toBeCloseTo(1.25, 14);
  });
});

describe("Lemma 5.6.5 and the embedding distances (Definition 5.6.4, MICo's U)", () => {
  it("d̂_G(x, x) = 2‖x‖², zero only at x = 0; symmetric, ≥ 0, triangle inequality (10⁴ triples)", () => {
    const rng = new Rng(408);
    for (let q = 0; q < 10000; q++) {
      const dim = 1 + rng.int(6);
      const k = [1e-5, 0.1, 1][q % 3]!;
      const v = () => Array.from({ length: dim }, () => rng.normal());
      const [x, y, z] = [v(), v(), v()];
      const nx = x.reduce((s, t) => s + t * t, 0);
      expect(rapEmbeddingDistance(x, x, k)).toBeCloseTo(2 * nx, 12);
      expect(rapEmbeddingDistance(x, y, k)).toBe(rapEmbeddingDistance(y, x, k));
      expect(rapEmbeddingDistance(x, z, k)).toBeLessThanOrEqual(rapEmbeddingDistance(x, y, k) + rapEmbeddingDistance(y, z, k) + 1e-12);
    }
    expect(rapEmbeddingDistance([0, 0, 0], [0, 0, 0], 1e-5)).toBe(0);
  });
  it("θ is 0 for x = y, π for opposite vectors, π/2 for orthogonal ones, and 0 when a vector is 0", () => {
    expect(angleBetween([1e-8, 3, -2], [1e-8, 3, -2])).toBe(0);
    expect(angleBetween([1, 2], [-2, -4])).toBeCloseTo(Math.PI, 14);
    expect(angleBetween([1, 0], [0, 5])).toBeCloseTo(Math.PI / 2, 14);
    expect(angleBetween([0, 0], [1, 2])).toBe(0);
    // Kahan's formula resolves tiny angles where arccos of a rounded cosine returns 0.
    expect(angleBetween([1, 0], [1, 1e-9])).toBeCloseTo(1e-9, 20);
  });
  it("MICo's U(x, y) = ½(‖x‖² + ‖y‖²) + βθ: U(x, x) = ‖x‖²", () => {
    expect(micoEmbeddingDistance([3, 4], [3, 4], 0.1)).toBeCloseTo(25, 14);
    expect(micoEmbeddingDistance([1, 0], [0, 1], 0.1)).toBeCloseTo(1 + 0.1 * (Math.PI / 2), 14);
  });
});

describe("the value bound chain uses V from an independent linear solve", () => {
  it("sanity: evaluatePolicy satisfies the Bellman equation", () => {
    const rng = new Rng(409);
    const mdp = randomMdp(rng, { nStates: 5, nActions: 2 });
    const pi = randomPolicy(rng, mdp);
    const V = evaluatePolicy(mdp, pi);
    const P = policyTransitions(mdp, pi);
    for (let s = 0; s < 5; s++) {
      let ev = 0;
      for (let t = 0; t < 5; t++) ev += P[s * 5 + t]! * V[t]!;
      let r = 0;
      for (let a = 0; a < 2; a++) r += pi[s * 2 + a]! * mdp.R[s * 2 + a]!;
      expect(V[s]!).toBeCloseTo(r + 0.9 * ev, 12);
    }
  });
});
