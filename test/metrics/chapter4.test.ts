/**
 * Chapter 4: the c-weighted π-bisimulation metric (4.1) bounds values as |ΔV| ≤ d_c/(1−c)
 * only when c ≥ γ (T16); and the K₂,₃ target that no L1/L2 embedding fits below MSE 0.04
 * while a meta-learner distance does (T19).
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { evaluatePolicy } from "../../src/mdp/index.js";
import {
  bisimulationMetric,
  checkValueBound,
  cWeightedCounterexample,
  cWeightedTwoStateCounterexample,
  fitMetaLearner,
  fitNormEmbedding,
  k23Target,
  pentagonalMseFloor,
  supDistance,
} from "../../src/metrics/index.js";
import { randomCases } from "./cases.js";

describe("c-weighted metric (4.1): |ΔV| ≤ d_c/(1 − c) iff c ≥ γ", () => {
  it("holds on 200 random MDPs for c ∈ {γ, (1+γ)/2, 0.99}", () => {
    for (const c of randomCases(601, 200, { denseUpTo: 12 })) {
      const V = evaluatePolicy(c.mdp, c.pi);
      const g = c.mdp.gamma;
      for (const w of [g, (1 + g) / 2, 0.99]) {
        const dc = bisimulationMetric(c.mdp, c.pi, { rewardWeight: 1 - w, transitionWeight: w, tol: 1e-11 }).d;
        const r = checkValueBound(V, dc, { scale: 1 / (1 - w), tol: 1e-8 });
        if (!r.holds) throw new Error(`${c.label} c=${w}: ${JSON.stringify(r.counterexample)}`);
      }
    }
  });

  it("at c = γ, d_c = (1 − γ)·d_B (scaling identity)", () => {
    for (const c of randomCases(602, 50, { maxStates: 10 })) {
      const g = c.mdp.gamma;
      const dc = bisimulationMetric(c.mdp, c.pi, { rewardWeight: 1 - g, transitionWeight: g, tol: 1e-12 }).d;
      const dB = bisimulationMetric(c.mdp, c.pi, { tol: 1e-12 }).d;
      expect(supDistance(dc, dB.map((v) => (1 - g) * v))).toBeLessThan(1e-9);
    }
  });

  it("the 4-state counterexample: V(s1) − V(s2) = γ/(1−γ), d_c(s1,s2)/(1−c) = c/(1−c); fails iff c < γ", () => {
    const g = 0.9;
    const ex = cWeightedCounterexample(g);
    const V = evaluatePolicy(ex.mdp, ex.pi);
    expect(V[0]! - V[1]!).toBeCloseTo(9, 10);
    for (const w of [0.1, 0.3, 0.5, 0.8, 0.89, 0.9, 0.95, 0.99]) {
      const dc = bisimulationMetric(ex.mdp, ex.pi, { rewardWeight: 1 - w, transitionWeight: w, tol: 1e-13 }).d;
      expect(dc[0 * 4 + 1]! / (1 - w)).toBeCloseTo(w / (1 - w), 9);
      const r = checkValueBound(V, dc, { scale: 1 / (1 - w), tol: 1e-8 });
      expect(r.holds).toBe(w >= g);
      if (w < g) expect(r.worstSlack).toBeCloseTo(w / (1 - w) - 9, 8);
    }
  });

  it("the minimal counterexample has 2 absorbing states: |ΔV| = 1/(1−γ) > 1/(1−c) for c < γ", () => {
    const ex = cWeightedTwoStateCounterexample(0.9);
    const V = evaluatePolicy(ex.mdp, ex.pi);
    const dc = bisimulationMetric(ex.mdp, ex.pi, { rewardWeight: 0.5, transitionWeight: 0.5, tol: 1e-13 }).d;
    const r = checkValueBound(V, dc, { scale: 2 });
    expect(r.holds).toBe(false);
    expect(r.worstSlack).toBeCloseTo(2 - 10, 9);
  });
});

describe("K₂,₃ (T19): L1/L2 embeddings have MSE ≥ 0.04, a meta-learner fits", () => {
  const { target, n, b } = k23Target();
  it("the pentagonal-inequality floor is exactly 4/10/10 = 0.04", () => {
    expect(pentagonalMseFloor(target, n, b)).toBeCloseTo(0.04, 15);
  });
  it("L1 and L2 fits (5 restarts × 3000 Adam steps, dims 2 and 5) never beat 0.04; L1 reaches it at dim 5", () => {
    const rng = new Rng(603);
    const l1 = fitNormEmbedding(target, n, "l1", rng, { dim: 5, steps: 3000, lr: 0.01 });
    const l2 = fitNormEmbedding(target, n, "l2", rng, { dim: 5, steps: 3000, lr: 0.01 });
    const l2d2 = fitNormEmbedding(target, n, "l2", rng, { dim: 2, steps: 3000, lr: 0.01 });
    for (const f of [l1, l2, l2d2]) expect(f.mse).toBeGreaterThanOrEqual(0.04 - 1e-6);
    expect(l1.mse).toBeLessThan(0.045); // the floor is (nearly) attained by L1
    expect(l2.mse).toBeGreaterThan(0.07); // L2 stays well above it (≈ 0.0837 in the research note)
  });
  it("a 2-layer, 50-unit meta-learner on concatenated embeddings fits below 1e-3", () => {
    const fit = fitMetaLearner(target, n, new Rng(604), { restarts: 3, steps: 6000, targetMse: 1e-4 });
    expect(fit.mse).toBeLessThan(1e-3);
  });
});
