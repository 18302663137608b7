/**
 * The sandbox's evaluation on hand-made embeddings (src/metrics/representation-eval.ts).
 * Mutants seen to fail: the spread's between-state mean taken over pairs with i = j too (1/9
 * becomes 1/3), the invariance gap without the self-distance (0.25 becomes 0.5), the probe
 * without its bias column (the constant-embedding case stops being 1).
 */
import { describe, expect, it } from "vitest";
import { invarianceGap, linearProbeError, metricCorrelation, renderingSpread, stateMeanEmbeddings, valueGapMatrix } from "../../src/metrics/representation-eval.js";

describe("representation evaluation", () => {
  it("correlation of a metric with a positive affine copy of itself is 1", () => {
    const d = [0, 1, 3, 1, 0, 2, 3, 2, 0];
    const c = metricCorrelation(d.map((x) => 2 * x + 1), d);
    expect(c.pearson).toBeCloseTo(1, 12);
    expect(c.spearman).toBeCloseTo(1, 12);
  });

  it("valueGapMatrix is |V_i − V_j|", () => {
    expect(Array.from(valueGapMatrix([1, 4]))).toEqual([0, 3, 3, 0]);
  });

  it("rendering spread: within-state over between-state distance (hand value 1/9), 0 for identical renderings", () => {
    // 2 states × 2 renderings, latent 1: s0 → {0, 2}, s1 → {10, 10}; within (2 + 0)/2 = 1, means 1 and 10
    expect(renderingSpread([0, 2, 10, 10], 2, 2, 1)).toBeCloseTo(1 / 9, 14);
    expect(renderingSpread([1, 1, 10, 10], 2, 2, 1)).toBe(0);
    expect(Array.from(stateMeanEmbeddings([0, 2, 10, 10], 2, 2, 1))).toEqual([1, 10]);
  });

  it("invariance gap: cross-rendering distance minus the mean self-distance, over the mean off-diagonal distance", () => {
    expect(invarianceGap([2, 2], [1, 1], [1, 1], [0, 4, 4, 0])).toBeCloseTo(0.25, 14);
  });

  it("linear probe: ~0 when φ holds V linearly, 1 (the mean predictor) when φ is constant", () => {
    const V = [0, 1, 3, 7];
    const emb = V.flatMap((v) => [2 * v - 1, 2 * v - 1, 2 * v - 1, 2 * v - 1]); // 4 renderings per state, latent 1
    expect(linearProbeError(emb, 4, 4, 1, V, 1e-9)).toBeLessThan(1e-6);
    expect(linearProbeError(new Array(16).fill(0.5), 4, 4, 1, V)).toBeCloseTo(1, 6);
  });

  it("rejects embeddings of the wrong shape in one line", () => {
    expect(() => renderingSpread([1, 2, 3], 2, 2, 1)).toThrow(/expected 2·2·1 = 4 values/);
  });
});
