import { describe, expect, it } from "vitest";
import { isReproError } from "../../src/core/errors.js";
import { createMdp, createPolicy, deterministicPolicy } from "../../src/mdp/create.js";
import { validateMdp, validatePolicy, validateStateDistribution } from "../../src/mdp/validate.js";
import type { FiniteMdp } from "../../src/mdp/types.js";

const good = () =>
  createMdp({
    P: [
      [[0.5, 0.5], [1, 0]],
      [[0.2, 0.8], [0, 1]],
      // third state
    ].concat([[[0.3, 0.7], [0.6, 0.4]]]).map((rows) => rows.map((r) => [...r, 0])),
    R: [[1, 0], [0, 2], [0.5, 0.5]],
    gamma: 0.9,
  });

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isReproError(e)).toBe(true);
    const msg = (e as Error).message;
    expect(msg).not.toMatch(/\n/);
    return msg;
  }
  throw new Error("expected a ReproError");
}

describe("validateMdp", () => {
  it("accepts a valid MDP and builds the flat layout", () => {
    const mdp = good();
    expect(mdp.nStates).toBe(3);
    expect(mdp.nActions).toBe(2);
    // P[(s*nA + a)*nS + s2]
    expect(mdp.P[(1 * 2 + 0) * 3 + 1]).toBe(0.8);
    expect(mdp.R[2 * 2 + 1]).toBe(0.5);
  });

  it("rejects a row that does not sum to 1, naming the row", () => {
    const mdp = good();
    const P = Float64Array.from(mdp.P);
    P[(2 * 2 + 1) * 3 + 0] = 0.58; // row (s=2,a=1) now sums to 0.98
    expect(errorOf(() => validateMdp({ ...mdp, P }))).toBe("P(s=2,a=1,·) sums to 0.98, must sum to 1 (±1e-12)");
  });

  it("tolerates 1e-13 drift but not 1e-11", () => {
    const mdp = good();
    const P = Float64Array.from(mdp.P);
    P[0] = 0.5 + 1e-13;
    expect(() => validateMdp({ ...mdp, P })).not.toThrow();
    P[0] = 0.5 + 1e-11;
    expect(errorOf(() => validateMdp({ ...mdp, P }))).toMatch(/^P\(s=0,a=0,·\) sums to 1\.0000000000/);
  });

  it("rejects negative probabilities, naming the entry", () => {
    const mdp = good();
    const P = Float64Array.from(mdp.P);
    P[(1 * 2 + 1) * 3 + 0] = -0.1;
    P[(1 * 2 + 1) * 3 + 1] = 1.1;
    expect(errorOf(() => validateMdp({ ...mdp, P }))).toBe("P(s=1,a=1,s'=0) is -0.1, probabilities must be ≥ 0");
  });

  it("rejects NaN in P, R and rewardVar", () => {
    const mdp = good();
    const P = Float64Array.from(mdp.P);
    P[4] = NaN;
    expect(errorOf(() => validateMdp({ ...mdp, P }))).toMatch(/^P\(s=0,a=1,s'=1\) is NaN/);
    const R = Float64Array.from(mdp.R);
    R[3] = NaN;
    expect(errorOf(() => validateMdp({ ...mdp, R }))).toBe("R(s=1,a=1) is NaN, must be a finite number");
    const rewardVar = new Float64Array(6);
    rewardVar[5] = -1;
    expect(errorOf(() => validateMdp({ ...mdp, rewardVar }))).toMatch(/^rewardVar\(s=2,a=1\) is -1/);
  });

  it("rejects gamma outside [0, 1)", () => {
    const mdp = good();
    expect(errorOf(() => validateMdp({ ...mdp, gamma: 1 }))).toBe("gamma is 1, must be in [0, 1)");
    expect(errorOf(() => validateMdp({ ...mdp, gamma: -0.1 }))).toBe("gamma is -0.1, must be in [0, 1)");
    expect(errorOf(() => validateMdp({ ...mdp, gamma: NaN }))).toMatch(/gamma is NaN/);
    expect(() => validateMdp({ ...mdp, gamma: 0 })).not.toThrow();
  });

  it("rejects shape mismatches", () => {
    const mdp = good();
    expect(errorOf(() => validateMdp({ ...mdp, R: new Float64Array(5) }))).toBe(
      "R has length 5, expected 6 (nStates×nActions = 3×2)",
    );
    expect(errorOf(() => validateMdp({ ...mdp, P: new Float64Array(17) }))).toMatch(/^P has length 17, expected 18/);
    expect(errorOf(() => validateMdp({ ...mdp, nStates: 0 }))).toMatch(/nStates must be a positive integer/);
    expect(errorOf(() => validateMdp({ ...mdp, nActions: 1.5 }))).toMatch(/nActions must be a positive integer/);
    expect(errorOf(() => validateMdp({ ...mdp, R: [1, 2, 3, 4, 5, 6] } as unknown as FiniteMdp))).toMatch(/Float64Array/);
    expect(errorOf(() => createMdp({ P: [[[1, 0]], [[0, 1]]], R: [[0], [0, 1]], gamma: 0.5 }))).toBe(
      "R[1] has 2 entries, expected 1",
    );
    expect(errorOf(() => createMdp({ P: [[[1, 0]], [[0, 1, 0]]], R: [[0], [0]], gamma: 0.5 }))).toBe(
      "P[1][0] has 3 next-state entries, expected 2",
    );
    expect(errorOf(() => createMdp({ P: [1, 0, 0, 1], R: [0, 0], gamma: 0.5 }))).toMatch(/pass nStates and nActions/);
  });
});

describe("validatePolicy", () => {
  it("accepts valid policies and rejects bad ones by entry", () => {
    const mdp = good();
    expect(() => createPolicy(mdp, [[0.5, 0.5], [1, 0], [0, 1]])).not.toThrow();
    expect(errorOf(() => createPolicy(mdp, [[0.5, 0.5], [0.7, 0.2], [0, 1]]))).toMatch(/^π\(·\|s=1\) sums to 0\.9/);
    expect(errorOf(() => createPolicy(mdp, [[1.5, -0.5], [1, 0], [0, 1]]))).toBe("π(a=1|s=0) is -0.5, probabilities must be ≥ 0");
    expect(errorOf(() => validatePolicy(mdp, new Float64Array(4)))).toMatch(/policy has length 4, expected 6/);
    expect(errorOf(() => deterministicPolicy(mdp, [0, 2, 1]))).toMatch(/action for s=1 is 2/);
    expect(errorOf(() => validateStateDistribution(mdp, [0.5, 0.5, 0.5]))).toMatch(/^ρ0 sums to 1\.5/);
  });
});
