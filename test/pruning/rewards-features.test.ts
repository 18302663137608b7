import { describe, expect, it } from "vitest";
import { AccuracyNormaliser, actionRegulariser, budgetReward } from "../../src/pruning/rewards.js";
import { staticFeatures } from "../../src/pruning/features.js";

describe("§6.3.3 rewards and L_a (research D.7)", () => {
  it("budget penalty 1 − e^{α(B − B̄)} only when over budget", () => {
    expect(budgetReward(0.6, 0.5, 5)).toBeCloseTo(1 - Math.exp(0.5), 12);
    expect(budgetReward(0.6, 0.5, 5)).toBeCloseTo(-0.6487, 4);
    expect(budgetReward(0.5, 0.5, 5)).toBe(0);
    expect(budgetReward(0.2, 0.5, 5)).toBe(0);
  });

  it("action regulariser ½(a − clip(a))²", () => {
    expect(actionRegulariser(1.3, 0.1)).toBeCloseTo(0.045, 12);
    expect(actionRegulariser(0.05, 0.1)).toBeCloseTo(0.00125, 12);
    expect(actionRegulariser(0.5, 0.1)).toBe(0);
  });

  it("moving-average normalisation: printed sign rewards higher loss, |β| fixes it", () => {
    const printed = new AccuracyNormaliser(0.9, false);
    expect(printed.update(2)).toBeCloseTo(1, 12);
    expect(printed.update(1)).toBeCloseTo(-1 / -1.9, 12);
    const fixed = new AccuracyNormaliser(0.9);
    expect(fixed.update(2)).toBeCloseTo(-1, 12);
    expect(fixed.update(1)).toBeCloseTo(-0.526315789, 8);
    expect(fixed.value).toBeCloseTo(-1.9, 12);
  });
});

describe("static filter features (§6.3.1.2)", () => {
  it("norm, distance to the mean filter and squared Taylor term on a hand example", () => {
    const f = staticFeatures([3, 4, 0, 0], [1, 1, 2, 2], 2);
    expect([...f.norm]).toEqual([5, 0]);
    expect(f.distance[0]).toBeCloseTo(2.5, 12);
    expect(f.distance[1]).toBeCloseTo(2.5, 12);
    expect([...f.hessian]).toEqual([25, 0]);
    expect(() => staticFeatures([1, 2, 3], [1, 2, 3], 2)).toThrow(/C_out/);
  });
});
