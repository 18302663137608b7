import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { createMdp, uniformPolicy } from "../../src/mdp/create.js";
import { evaluatePolicy } from "../../src/mdp/evaluate.js";
import {
  discountedReturn,
  rewardsToGo,
  sampleDiscountedReturn,
  sampleEpisode,
  sampleReward,
  truncationHorizon,
} from "../../src/mdp/sample.js";

const mdp = createMdp({
  P: [
    [[0.5, 0.5], [0, 1]],
    [[0.2, 0.8], [1, 0]],
  ],
  R: [[1, 0], [0, 2]],
  rewardVar: [[0.25, 0], [1, 4]],
  gamma: 0.8,
});

describe("sampling", () => {
  it("episodes follow the MDP: transitions only where P > 0, seeded", () => {
    const pi = uniformPolicy(mdp);
    const ep = sampleEpisode(new Rng(1), mdp, pi, 0, 200);
    expect(ep.states.length).toBe(200);
    for (let t = 0; t < 199; t++) {
      const s = ep.states[t]!;
      const a = ep.actions[t]!;
      expect(mdp.P[(s * 2 + a) * 2 + ep.states[t + 1]!]!).toBeGreaterThan(0);
    }
    const ep2 = sampleEpisode(new Rng(1), mdp, pi, 0, 200);
    expect(Array.from(ep2.rewards)).toEqual(Array.from(ep.rewards));
    expect(() => sampleEpisode(new Rng(1), mdp, pi, 2, 10)).toThrow(/s0 is 2/);
  });

  it("Gaussian rewards have the stored mean and variance", () => {
    const rng = new Rng(2);
    const N = 40000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < N; i++) {
      const r = sampleReward(rng, mdp, 1, 1);
      sum += r;
      sq += r * r;
    }
    const mean = sum / N;
    const v = sq / N - mean * mean;
    expect(Math.abs(mean - 2)).toBeLessThan(4 * Math.sqrt(4 / N));
    expect(Math.abs(v - 4)).toBeLessThan(0.15);
    expect(sampleReward(rng, mdp, 0, 1)).toBe(0); // zero variance → exactly the mean
  });

  it("Monte-Carlo returns estimate V^π within 4 standard errors", () => {
    const pi = uniformPolicy(mdp);
    const V = evaluatePolicy(mdp, pi);
    const H = truncationHorizon(mdp.gamma, 1e-10);
    const rng = new Rng(3);
    for (let s = 0; s < 2; s++) {
      const N = 20000;
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < N; i++) {
        const g = sampleDiscountedReturn(rng, mdp, pi, s, H);
        sum += g;
        sq += g * g;
      }
      const mean = sum / N;
      const se = Math.sqrt((sq / N - mean * mean) / N);
      expect(Math.abs(mean - V[s]!)).toBeLessThan(4 * se);
    }
  });

  it("returns, rewards-to-go and truncation horizons by hand", () => {
    expect(discountedReturn([1, 2, 4], 0.5)).toBe(1 + 1 + 1);
    expect(Array.from(rewardsToGo([1, 2, 4], 0.5))).toEqual([3, 4, 4]);
    // 0.9^H < 1e-8 ⇔ H > 174.8…
    expect(truncationHorizon(0.9, 1e-8)).toBe(175);
    expect(Math.pow(0.9, 175)).toBeLessThan(1e-8);
    expect(Math.pow(0.9, 174)).toBeGreaterThan(1e-8);
    expect(truncationHorizon(0)).toBe(1);
  });
});
