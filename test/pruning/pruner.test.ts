import { describe, expect, it } from "vitest";
import { permanentStaticMask, prunedIndices, smallestIndices, sparsityMask, tradeOffPrune } from "../../src/pruning/pruner.js";

// Research D.2 worked example (C = 8, a^r = a^s = 0.5).
const ur = [0.9, 0.1, 0.5, 0.3, 0.8, 0.2, 0.7, 0.4];
const us = [0.2, 0.05, 0.9, 0.1, 0.6, 0.8, 0.3, 0.7];

describe("trade-off pruner g (§6.3.2)", () => {
  it("builds every intermediate mask of the worked example at R_r = 0.5", () => {
    const g = tradeOffPrune(ur, us, 0.5, 0.5, 0.5);
    expect(prunedIndices(g.mr)).toEqual([1, 3, 5, 7]);
    expect(prunedIndices(g.ms)).toEqual([0, 1, 3, 6]);
    expect(prunedIndices(g.mo)).toEqual([1, 3]);
    expect(prunedIndices(g.mrBar)).toEqual([5, 7]);
    expect(prunedIndices(g.msBar)).toEqual([0, 6]);
    expect([g.cr, g.cs]).toEqual([1, 1]);
    expect(prunedIndices(g.mrHat)).toEqual([5]);
    expect(prunedIndices(g.msHat)).toEqual([0]);
    expect(prunedIndices(g.m)).toEqual([0, 1, 3, 5]);
    const expectedU = [0.18, 0.005, 0.45, 0.03, 0.48, 0.16, 0.21, 0.28];
    g.u.forEach((v, i) => expect(v).toBeCloseTo(expectedU[i]!, 12));
  });

  it("gives the non-monotone pruned counts 4,3,4,3,4 over R_r ∈ {0,.25,.5,.75,1} (floors)", () => {
    const sets = [0, 0.25, 0.5, 0.75, 1].map((r) => prunedIndices(tradeOffPrune(ur, us, 0.5, 0.5, r).m));
    expect(sets).toEqual([[0, 1, 3, 6], [0, 1, 3], [0, 1, 3, 5], [1, 3, 5], [1, 3, 5, 7]]);
  });

  it("prunes only 3 of 4 requested when each exclusive set has one channel", () => {
    // u_r prunes {0,1,2,3}; u_s prunes {0,1,2,4}: m_o = {0,1,2}, m̄_r = {3}, m̄_s = {4}; ⌊.5·1⌋ = 0 each.
    const g = tradeOffPrune([1, 2, 3, 4, 9, 9, 9, 9], [1, 2, 3, 9, 4, 9, 9, 9], 0.5, 0.5, 0.5);
    expect(prunedIndices(g.m)).toEqual([0, 1, 2]);
  });

  it("breaks ties by pruning the lower index first", () => {
    expect(smallestIndices([0.5, 0.2, 0.2, 0.2, 0.9], 2)).toEqual([1, 2]);
    expect(prunedIndices(sparsityMask([1, 1, 1, 1], 0.5))).toEqual([0, 1]);
    // Ties inside m̄_r: u_r candidates {2,3} both 0.1 → C'_r = 1 picks 2.
    const g = tradeOffPrune([5, 5, 0.1, 0.1], [0.1, 0.2, 5, 5], 0.5, 0.5, 0.5);
    expect(prunedIndices(g.mrHat)).toEqual([2]);
    expect(prunedIndices(g.msHat)).toEqual([0]);
  });

  it("keeps everything at a = 1 and rejects mismatched vectors", () => {
    expect(prunedIndices(tradeOffPrune(ur, us, 1, 1, 0.5).m)).toEqual([]);
    expect(() => tradeOffPrune([1, 2], [1], 0.5, 0.5, 0.5)).toThrow(/same layer/);
  });

  it("inference removes ⌊(1−R_r)(C−⌈a^s C⌉)⌋ smallest-u_s channels permanently", () => {
    expect(prunedIndices(permanentStaticMask(us, 0.5, 0.5))).toEqual([1, 3]);
    expect(prunedIndices(permanentStaticMask(us, 0.5, 0))).toEqual([0, 1, 3, 6]);
    expect(prunedIndices(permanentStaticMask(us, 0.5, 1))).toEqual([]);
  });
});
