/**
 * pearson / ranks / spearman (src/core/float64.ts) on hand-computed samples. Mutants seen to
 * fail: dropping the mean-centring (pearson of [1,2,3] vs [2,4,7] changes), ranking ties by
 * position instead of averaging (the tied ranks test), Spearman on raw values (the monotone
 * non-linear test gives 0.96… instead of 1).
 */
import { describe, expect, it } from "vitest";
import { pearson, ranks, spearman } from "../../src/core/float64.js";

describe("correlations", () => {
  it("pearson matches the hand value and is ±1 on exact lines", () => {
    // x = [1,2,3], y = [2,4,7]: dx = [−1,0,1], dy = [−7/3,−1/3,8/3]; sxy = 5, sxx = 2, syy = 114/9
    expect(pearson([1, 2, 3], [2, 4, 7])).toBeCloseTo(5 / Math.sqrt((2 * 114) / 9), 14);
    expect(pearson([1, 2, 3, 4], [10, 8, 6, 4])).toBeCloseTo(-1, 14);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it("ranks average ties", () => {
    expect(Array.from(ranks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
  });

  it("spearman is 1 on a monotone non-linear relation where pearson is below 1", () => {
    const x = [1, 2, 3, 4, 5];
    const y = x.map((v) => Math.exp(v));
    expect(spearman(x, y)).toBeCloseTo(1, 14);
    expect(pearson(x, y)).toBeLessThan(0.95);
  });

  it("rejects samples of different lengths or fewer than two points", () => {
    expect(() => pearson([1, 2], [1])).toThrow(/lengths differ/);
    expect(() => pearson([1], [1])).toThrow(/at least 2/);
  });
});
