import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { randomMdp, randomPolicy } from "../../src/mdp/index.js";
import { benchBisimulation } from "../../src/bench/bisimulation.js";
import { fixedPoint, micoOperator, solveMetric, supDistance, type MetricOperator } from "../../src/metrics/index.js";

describe("fixedPoint(operator, d0, {tol, maxIter})", () => {
  it("returns iterations, residuals, observed ratios and an a-posteriori bound that really holds", () => {
    const rng = new Rng(701);
    const mdp = randomMdp(rng, { nStates: 6, nActions: 3, gamma: 0.9 });
    const pi = randomPolicy(rng, mdp);
    const op = micoOperator(mdp, pi);
    const res = fixedPoint(op, new Float64Array(36), { tol: 1e-6 });
    const exact = fixedPoint(op, new Float64Array(36), { tol: 1e-13 }).d;
    expect(res.converged).toBe(true);
    expect(res.residuals.length).toBe(res.iterations);
    expect(res.ratios.length).toBe(res.iterations - 1);
    for (const r of res.ratios) expect(r).toBeLessThanOrEqual(0.9 + 1e-9);
    expect(res.errorBound).toBeLessThan(1e-6);
    expect(supDistance(res.d, exact)).toBeLessThanOrEqual(res.errorBound);
    // a scalar contraction x ↦ 1 + x/2 from 0: residuals 1, 1/2, 1/4, … ratios exactly 1/2
    const half: MetricOperator = { name: "half", nStates: 1, modulus: 0.5, apply: (d) => Float64Array.of(1 + d[0]! / 2) };
    const h = fixedPoint(half, Float64Array.of(0), { tol: 1e-3 });
    expect(h.residuals.slice(0, 3)).toEqual([1, 0.5, 0.25]);
    expect(h.ratios.every((r) => r === 0.5)).toBe(true);
    expect(h.iterations).toBe(11); // stops once 0.5/(1−0.5)·2^{−(k−1)} < 1e-3
  });

  it("reports non-convergence, and solveMetric turns it into a one-line error", () => {
    const grow: MetricOperator = { name: "x ↦ x + 1", nStates: 1, modulus: 0.9, apply: (d) => Float64Array.of(d[0]! + 1) };
    const res = fixedPoint(grow, Float64Array.of(0), { maxIter: 50 });
    expect(res.converged).toBe(false);
    expect(res.maxRatio).toBe(1);
    expect(() => solveMetric(grow)).toThrow(/did not converge/);
  });
});

describe("bench: π-bisimulation on 64 states × 4 actions to 1e-8", () => {
  it("converges with a certified error bound ≤ 1e-8 (time is recorded by npm run bench)", async () => {
    const r = await benchBisimulation();
    expect(r.converged).toBe(true);
    expect(r.errorBound as number).toBeLessThanOrEqual(1e-8);
    expect(r.seconds as number).toBeLessThan(20); // generous: shared CI cores; the bench enforces 2 s
  }, 60000);
});
