/**
 * Checks N5, N16 and N17 of the Chapter 5 research notes (Part B) on tabular quantities:
 *  N5  the MICo sampled loss (5.7) converges to the shift-MICo metric d̃_M, not to d_M; with the
 *      exact reward term (5.6) the same recursion converges to d_M (tolerance 0.1 after 100k
 *      updates, as the notes set for notebooks; their prototype: 0.031 / 0.020);
 *  N16 the practical RAP loss (5.15), fitted with exact heads, keeps d_G as a fixed point for a
 *      deterministic policy but has a second root family, and drifts below d_G for a stochastic one;
 *  N17 the printed Gaussian-head loss (no log σ̂) sends σ̂ to its upper bound, the NLL recovers
 *      the reward's variance within 2 %.
 * A mutated sampler (the same action index for both states, or the expectation inside the
 * absolute value) fails the N5 test: the assertions pin which metric each loss reaches.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { randomMdp, randomPolicy } from "../../src/mdp/generate.js";
import { micoMetric, shiftMicoMetric } from "../../src/metrics/mico.js";
import { meanNextStateMap, oneHotEmbedding, rapMetric, rapVarianceForm } from "../../src/metrics/rap.js";
import { fitGaussianHead, practicalRapIteration, sampledMicoIteration } from "../../src/metrics/sampled-losses.js";

const sup = (a: Float64Array, b: Float64Array) => a.reduce((m, x, k) => Math.max(m, Math.abs(x - b[k]!)), 0);

describe("N5: the MICo sampled loss targets the shift metric", () => {
  // the notes' prototype shape: n = 5, A = 3, γ = 0.9, stochastic policy (so d̃_M ≠ d_M)
  const rng = new Rng(5);
  const mdp = randomMdp(rng.fork("mdp"), { nStates: 5, nActions: 3, gamma: 0.9 });
  const pi = randomPolicy(rng.fork("pi"), mdp);
  const dM = micoMetric(mdp, pi);
  const dShift = shiftMicoMetric(mdp, pi);

  it("the gap between the two metrics is large enough to tell them apart", () => {
    expect(sup(dShift, dM)).toBeGreaterThan(0.3);
  });

  it("loss (5.7), rewards of independently drawn actions: D → d̃_M, far from d_M", () => {
    const D = sampledMicoIteration(mdp, pi, { steps: 100_000, reward: "sampled", rng: new Rng(1) });
    expect(sup(D, dShift)).toBeLessThan(0.1);
    expect(sup(D, dM)).toBeGreaterThan(0.3);
  });

  it("loss (5.6), the exact reward term |r^π(i) − r^π(j)|: D → d_M", () => {
    const D = sampledMicoIteration(mdp, pi, { steps: 100_000, reward: "expected", rng: new Rng(2) });
    expect(sup(D, dM)).toBeLessThan(0.1);
    expect(sup(D, dShift)).toBeGreaterThan(0.3);
  });

  it("rejects a step count that is not a positive integer", () => {
    expect(() => sampledMicoIteration(mdp, pi, { steps: 0, reward: "sampled", rng: new Rng(0) })).toThrow(/positive integer/);
  });
});

describe("N17: Gaussian heads need the log σ term", () => {
  // r ~ {0, 1, 4} uniformly: mean 5/3, variance 26/9
  const values = [0, 1, 4];
  const variance = 26 / 9;

  it("the printed loss ((r − μ)/(2σ))² drives σ to its upper bound", () => {
    const rng = new Rng(3);
    const { sigma } = fitGaussianHead(() => values[rng.int(3)]!, { loss: "printed", steps: 20_000, lr: 0.01, sigmaMax: 10 });
    expect(sigma).toBeCloseTo(10, 9);
  });

  it("the NLL recovers the reward variance within 2 % (and the mean)", () => {
    const rng = new Rng(4);
    const { mu, sigma } = fitGaussianHead(() => values[rng.int(3)]!, { loss: "nll", steps: 600_000, lr: 0.0002 });
    expect(Math.abs(sigma * sigma - variance) / variance).toBeLessThan(0.02);
    expect(mu).toBeCloseTo(5 / 3, 1);
  });
});

describe("N16: the practical RAP loss (5.15) is not consistent with d_G", () => {
  // deterministic transitions, where d_G is defined with one-hot states (rap.ts); n = 5, A = 3, γ = 0.9
  const setup = (seed: number, kind: "deterministic" | "stochastic") => {
    const rng = new Rng(seed);
    const mdp = randomMdp(rng.fork("m"), { nStates: 5, nActions: 3, gamma: 0.9, transitions: "deterministic" });
    const pi = randomPolicy(rng.fork("p"), mdp, { kind });
    const mm = meanNextStateMap(mdp, oneHotEmbedding(5));
    return { mdp, pi, mm, dG: rapMetric(mdp, pi, mm) };
  };
  const mean = (a: Float64Array) => a.reduce((x, y) => x + y, 0) / a.length;

  it("(5.14)'s form, the expectation inside the root, reproduces d_G", () => {
    const { mdp, pi, mm, dG } = setup(1, "stochastic");
    expect(sup(rapVarianceForm(mdp, pi, mm, dG), dG)).toBeLessThan(1e-7); // d_G is solved to 1e-10
  });

  it("deterministic π: d_G is a fixed point of the practical iteration, but a second root family is one too", () => {
    for (const seed of [1, 2, 3, 4]) {
      const { mdp, pi, mm, dG } = setup(seed, "deterministic");
      expect(sup(practicalRapIteration(mdp, pi, mm, { init: dG, sweeps: 200 }).D, dG)).toBeLessThan(1e-9);
    }
    // from a small start, seed 1 reaches d_G while seed 3 converges to another fixed point
    const near = setup(1, "deterministic");
    expect(sup(practicalRapIteration(near.mdp, near.pi, near.mm, { init: new Float64Array(25).fill(0.01), sweeps: 2000 }).D, near.dG)).toBeLessThan(1e-4);
    const far = setup(3, "deterministic");
    const r = practicalRapIteration(far.mdp, far.pi, far.mm, { init: new Float64Array(25).fill(0.01), sweeps: 2000 });
    expect(r.lastChange).toBeLessThan(1e-9);
    expect(sup(r.D, far.dG)).toBeGreaterThan(1);
  });

  it("stochastic π: started at d_G the iteration drifts to a fixed point below it (downward bias)", () => {
    for (const seed of [1, 2, 3]) {
      const { mdp, pi, mm, dG } = setup(seed, "stochastic");
      const r = practicalRapIteration(mdp, pi, mm, { init: dG, sweeps: 500 });
      expect(r.lastChange).toBeLessThan(1e-9);
      expect(mean(r.D)).toBeLessThan(mean(dG) - 0.3);
    }
  });
});
