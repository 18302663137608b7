import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { randomMdp, randomPolicy } from "../../src/mdp/generate.js";

function rowSums(P: Float64Array, rows: number, n: number): number[] {
  return Array.from({ length: rows }, (_, r) => P.subarray(r * n, (r + 1) * n).reduce((x, y) => x + y, 0));
}

describe("randomMdp", () => {
  it("dense Dirichlet rows are distributions with full support", () => {
    const mdp = randomMdp(new Rng(1), { nStates: 6, nActions: 3 });
    for (const s of rowSums(mdp.P, 18, 6)) expect(Math.abs(s - 1)).toBeLessThan(1e-12);
    expect(mdp.P.every((p) => p > 0)).toBe(true);
    expect(mdp.R.every((r) => r >= 0 && r < 1)).toBe(true);
    expect(mdp.gamma).toBe(0.9);
    expect(mdp.rewardVar).toBeUndefined();
  });

  it("sparse rows put mass on exactly `branching` states", () => {
    const mdp = randomMdp(new Rng(2), { nStates: 8, nActions: 2, transitions: "sparse", branching: 3 });
    for (let r = 0; r < 16; r++) {
      const row = mdp.P.subarray(r * 8, (r + 1) * 8);
      expect(row.filter((p) => p > 0).length).toBe(3);
      expect(Math.abs(row.reduce((x, y) => x + y, 0) - 1)).toBeLessThan(1e-12);
    }
  });

  it("deterministic rows are one-hot", () => {
    const mdp = randomMdp(new Rng(3), { nStates: 5, nActions: 2, transitions: "deterministic" });
    for (let r = 0; r < 10; r++) {
      const row = Array.from(mdp.P.subarray(r * 5, (r + 1) * 5));
      expect(row.filter((p) => p === 1).length).toBe(1);
      expect(row.filter((p) => p === 0).length).toBe(4);
    }
  });

  it("same seed gives the same MDP; different seeds or a second draw differ", () => {
    const opts = { nStates: 4, nActions: 2, rewardNoise: [0.1, 0.5] as const };
    const a = randomMdp(new Rng(11), opts);
    const b = randomMdp(new Rng(11), opts);
    expect(Array.from(a.P)).toEqual(Array.from(b.P));
    expect(Array.from(a.R)).toEqual(Array.from(b.R));
    expect(Array.from(a.rewardVar!)).toEqual(Array.from(b.rewardVar!));
    expect(Array.from(randomMdp(new Rng(12), opts).P)).not.toEqual(Array.from(a.P));
    const rng = new Rng(11);
    randomMdp(rng, opts);
    expect(Array.from(randomMdp(rng, opts).P)).not.toEqual(Array.from(a.P));
  });

  it("reward range, scale and noise are respected", () => {
    const mdp = randomMdp(new Rng(4), {
      nStates: 7,
      nActions: 3,
      rewardRange: [-1, 1],
      rewardScale: 10,
      rewardNoise: [0.5, 1],
    });
    expect(mdp.R.every((r) => r >= -10 && r < 10)).toBe(true);
    expect(mdp.R.some((r) => r < 0)).toBe(true);
    expect(mdp.rewardVar!.every((v) => v >= 50 && v < 100)).toBe(true);
  });

  it("rejects bad options with one-line errors", () => {
    const rng = new Rng(0);
    expect(() => randomMdp(rng, { nStates: 0, nActions: 2 })).toThrow(/nStates must be a positive integer/);
    expect(() => randomMdp(rng, { nStates: 3, nActions: 2, gamma: 1 })).toThrow(/gamma is 1/);
    expect(() => randomMdp(rng, { nStates: 3, nActions: 2, transitions: "sparse", branching: 4 })).toThrow(/branching/);
    expect(() => randomMdp(rng, { nStates: 3, nActions: 2, dirichletAlpha: 0 })).toThrow(/dirichletAlpha/);
  });
});

describe("randomPolicy", () => {
  it("stochastic rows sum to 1; deterministic rows are one-hot; seeded", () => {
    const mdp = randomMdp(new Rng(5), { nStates: 6, nActions: 3 });
    const pi = randomPolicy(new Rng(6), mdp);
    for (const s of rowSums(pi, 6, 3)) expect(Math.abs(s - 1)).toBeLessThan(1e-12);
    expect(pi.every((p) => p > 0)).toBe(true);
    const det = randomPolicy(new Rng(6), mdp, { kind: "deterministic" });
    for (let s = 0; s < 6; s++) expect(Array.from(det.subarray(s * 3, s * 3 + 3)).sort()).toEqual([0, 0, 1]);
    expect(Array.from(randomPolicy(new Rng(6), mdp))).toEqual(Array.from(pi));
  });
});
