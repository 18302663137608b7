import { describe, expect, it } from "vitest";
import { validateConfig, parseKeyValues, closestName } from "../../src/core/config.js";
import { sum, quantile, allClose, softmax, logSumExp } from "../../src/core/float64.js";

const schema = {
  tier: { type: "enum", values: ["smoke", "small", "paper"] as const, default: "smoke" },
  batchSize: { type: "number", integer: true, min: 1, default: 128 },
  lr: { type: "number", min: 0, exclusiveMin: true },
  augment: { type: "boolean", default: true },
  gammas: { type: "numberArray", default: [0.9] },
} as const;

describe("validateConfig", () => {
  it("fills defaults and coerces CLI strings", () => {
    const cfg = validateConfig("sac", schema, { lr: "0.001", augment: "false", gammas: "0.5, 0.9" });
    expect(cfg).toEqual({ tier: "smoke", batchSize: 128, lr: 0.001, augment: false, gammas: [0.5, 0.9] });
  });

  it("names an unknown key, suggests the closest, and lists the allowed keys", () => {
    expect(() => validateConfig("sac", schema, { lr: 1, batchsize: 3 })).toThrow(
      'config "sac": unknown key "batchsize" (did you mean "batchSize"?); allowed keys: tier, batchSize, lr, augment, gammas',
    );
  });

  it("names the bad enum value and the allowed values", () => {
    expect(() => validateConfig("sac", schema, { lr: 1, tier: "huge" })).toThrow(
      'config "sac": key "tier" must be one of smoke|small|paper, got "huge"',
    );
  });

  it("checks integers, ranges and required keys", () => {
    expect(() => validateConfig("sac", schema, { lr: 1, batchSize: 2.5 })).toThrow(/"batchSize" must be an integer, got 2.5/);
    expect(() => validateConfig("sac", schema, { lr: 0 })).toThrow(/"lr" must be > 0, got 0/);
    expect(() => validateConfig("sac", schema, {})).toThrow(/missing required key "lr"/);
    expect(() => validateConfig("sac", schema, { lr: "abc" })).toThrow(/"lr" must be a finite number/);
  });

  it("error messages are one line", () => {
    try {
      validateConfig("sac", schema, { lr: 1, nope: 1 });
    } catch (e) {
      expect((e as Error).message).not.toContain("\n");
    }
  });

  it("parses key=value pairs and rejects malformed ones", () => {
    expect(parseKeyValues(["a=1", "b=x=y"])).toEqual({ a: "1", b: "x=y" });
    expect(() => parseKeyValues(["novalue"])).toThrow(/write it as key=value/);
    expect(closestName("teir", ["tier", "seed"])).toBe("tier");
    expect(closestName("completely", ["tier", "seed"])).toBeUndefined();
  });
});

describe("float64 helpers", () => {
  it("compensated sum recovers small terms lost by naive summation", () => {
    const xs = [1e16, 1, -1e16, 1];
    expect(sum(xs)).toBe(2); // naive left-to-right gives 0 or 1
  });
  it("quantile matches numpy linear interpolation by hand", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 0, 5], 0.25)).toBe(2.5);
  });
  it("softmax/logSumExp are stable and normalised", () => {
    const p = softmax([1000, 1000, 1000 - Math.log(2)]);
    expect(allClose(p, [0.4, 0.4, 0.2], 1e-12)).toBe(true);
    expect(logSumExp([0, 0])).toBeCloseTo(Math.log(2), 15);
  });
});
