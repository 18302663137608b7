import { describe, expect, it } from "vitest";
import { SIGMOID_KINDS, sigmoid, tolerance } from "../../src/envs/dmc/tolerance.js";

// Expected values are worked out by hand from the sigmoid formulas (closed forms in comments).
describe("sigmoids at z = 0.5 (hand-computed)", () => {
  const cases: [string, number, number][] = [
    // gaussian: exp(-½ z² (−2 ln v)) = v^(z²) = 0.1^0.25
    ["gaussian", 0.1, 0.5623413251903491],
    // hyperbolic: 1/cosh(a/2), cosh a = 1/v = 10 → cosh(a/2) = sqrt((10+1)/2) = sqrt(5.5)
    ["hyperbolic", 0.1, 1 / Math.sqrt(5.5)],
    // long_tail: a² = 1/v − 1 = 9 → 1/(9/4 + 1) = 1/3.25
    ["long_tail", 0.1, 1 / 3.25],
    // reciprocal: a = 9 → 1/(4.5 + 1)
    ["reciprocal", 0.1, 1 / 5.5],
    // cosine with v = 0.5: a = acos(0)/π = 0.5 → (1 + cos(π/4))/2
    ["cosine", 0.5, (1 + Math.SQRT1_2) / 2],
    // linear: a = 0.9 → 1 − 0.45
    ["linear", 0.1, 0.55],
    // quadratic: a² = 0.9 → 1 − 0.9/4
    ["quadratic", 0.1, 0.775],
    // tanh_squared: tanh a = sqrt(0.9) → cosh a = sqrt(10), sinh a = 3; tanh(a/2) = (sqrt(10) − 1)/3
    ["tanh_squared", 0.1, 1 - ((Math.sqrt(10) - 1) / 3) ** 2],
  ];
  for (const [kind, v, expected] of cases) {
    it(kind, () => {
      expect(sigmoid(0.5, v, kind as never)).toBeCloseTo(expected, 12);
      expect(sigmoid(-0.5, v, kind as never)).toBeCloseTo(expected, 12); // symmetric
    });
  }

  it("every kind is 1 at the bound and valueAtMargin at the margin", () => {
    for (const kind of SIGMOID_KINDS) {
      expect(sigmoid(0, 0.3, kind)).toBeCloseTo(1, 12);
      expect(sigmoid(1, 0.3, kind)).toBeCloseTo(0.3, 12);
    }
  });

  it("compact sigmoids reach exactly 0 beyond their support; v = 0 is allowed for them only", () => {
    expect(sigmoid(1.2, 0.1, "linear")).toBe(0); // 1.2·0.9 = 1.08 ≥ 1
    expect(sigmoid(2.5, 0.5, "cosine")).toBe(0); // 2.5·0.5 ≥ 1
    expect(sigmoid(0.5, 0, "quadratic")).toBeCloseTo(0.75, 12);
    expect(sigmoid(1, 0, "linear")).toBe(0);
    expect(() => sigmoid(0.5, 0, "gaussian")).toThrow(/valueAtMargin/);
    expect(() => sigmoid(0.5, 1, "linear")).toThrow(/\[0, 1\)/);
  });
});

describe("tolerance", () => {
  it("is 1 inside the bounds and a hard indicator with zero margin", () => {
    expect(tolerance(0.3, { bounds: [0, 1] })).toBe(1);
    expect(tolerance(1, { bounds: [0, 1] })).toBe(1);
    expect(tolerance(1.0001, { bounds: [0, 1] })).toBe(0);
    expect(tolerance(0)).toBe(1);
    expect(tolerance(1e-9)).toBe(0);
  });

  it("measures the distance to the nearest bound in units of the margin", () => {
    // x = 13, bounds [0, 10], margin 6 → z = 0.5; linear with v = 0.5 → a = 0.5 → 0.75
    expect(tolerance(13, { bounds: [0, 10], margin: 6, sigmoid: "linear", valueAtMargin: 0.5 })).toBeCloseTo(0.75, 12);
    // below the lower bound: x = −3 → z = 0.5 as well
    expect(tolerance(-3, { bounds: [0, 10], margin: 6, sigmoid: "linear", valueAtMargin: 0.5 })).toBeCloseTo(0.75, 12);
    // default gaussian, v = 0.1: at one margin → 0.1
    expect(tolerance(2, { margin: 2 })).toBeCloseTo(0.1, 12);
    // infinite upper bound
    expect(tolerance(1e9, { bounds: [10, Infinity], margin: 10 })).toBe(1);
  });

  it("rejects bad arguments with one-line errors", () => {
    expect(() => tolerance(0, { bounds: [1, 0] })).toThrow(/lower <= upper/);
    expect(() => tolerance(0, { margin: -1 })).toThrow(/margin/);
    expect(() => tolerance(5, { margin: 1, sigmoid: "nope" as never })).toThrow(/unknown sigmoid/);
  });
});
