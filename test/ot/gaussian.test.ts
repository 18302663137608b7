import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { w2DiagonalGaussians } from "../../src/ot/index.js";

describe("W2 between diagonal Gaussians (DBC closed form, T13)", () => {
  it("matches the 1-D quantile coupling of sorted samples, summed over dimensions", () => {
    const rng = new Rng(5);
    const N = 40000;
    for (let t = 0; t < 4; t++) {
      const dim = 1 + rng.int(3);
      const ma = Array.from({ length: dim }, () => rng.normal());
      const mb = Array.from({ length: dim }, () => rng.normal());
      const sa = Array.from({ length: dim }, () => rng.uniformIn(0.2, 2));
      const sb = Array.from({ length: dim }, () => rng.uniformIn(0.2, 2));
      let sq = 0;
      for (let k = 0; k < dim; k++) {
        const xa = Float64Array.from({ length: N }, () => rng.normal(ma[k]!, sa[k]!)).sort();
        const xb = Float64Array.from({ length: N }, () => rng.normal(mb[k]!, sb[k]!)).sort();
        for (let q = 0; q < N; q++) sq += (xa[q]! - xb[q]!) ** 2 / N;
      }
      const exact = w2DiagonalGaussians(ma, sa, mb, sb);
      expect(Math.abs(Math.sqrt(sq) - exact) / exact).toBeLessThan(0.02);
    }
  });

  it("is symmetric, zero iff equal, and satisfies the triangle inequality", () => {
    const rng = new Rng(6);
    for (let t = 0; t < 500; t++) {
      const dim = 1 + rng.int(5);
      const g = () => ({
        m: Array.from({ length: dim }, () => rng.normal()),
        s: Array.from({ length: dim }, () => rng.uniformIn(0, 2)),
      });
      const a = g();
      const b = g();
      const c = g();
      const ab = w2DiagonalGaussians(a.m, a.s, b.m, b.s);
      expect(ab).toBe(w2DiagonalGaussians(b.m, b.s, a.m, a.s));
      expect(w2DiagonalGaussians(a.m, a.s, a.m, a.s)).toBe(0);
      expect(ab).toBeGreaterThan(0);
      expect(w2DiagonalGaussians(a.m, a.s, c.m, c.s)).toBeLessThanOrEqual(
        ab + w2DiagonalGaussians(b.m, b.s, c.m, c.s) + 1e-12,
      );
    }
  });

  it("gives 0 for two different discrete laws with equal mean and variance (N11: moment matching loses W1)", () => {
    // p = ½δ₋₁ + ½δ₁ and q = ⅛δ₋₂ + ¾δ₀ + ⅛δ₂ both have mean 0 and variance 1.
    expect(w2DiagonalGaussians([0], [1], [0], [1])).toBe(0);
  });

  it("rejects negative standard deviations and mismatched lengths", () => {
    expect(() => w2DiagonalGaussians([0], [-1], [0], [1])).toThrow(/≥ 0/);
    expect(() => w2DiagonalGaussians([0, 1], [1], [0], [1])).toThrow(/equal lengths/);
  });
});
