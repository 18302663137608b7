/**
 * Study claims ("A beats B", agent-study/claims.ts) go through the verdict rule: on constructed per-seed final scores, a row is
 * "reproduced" only when both methods beat the random-policy anchor and P(A > B) excludes 0.5;
 * a method at the random-policy level makes it inconclusive ("did not learn"), overlapping
 * methods make it inconclusive ("interval too wide"), a reversed ordering is "not reproduced",
 * and too few stored seeds (a medium tier in pieces) is inconclusive with the counts.
 */
import { describe, expect, it } from "vitest";
import { validateClaims } from "../../src/analysis/tables/claims.js";
import { summarizeMethods, learningTable } from "../../src/experiments/agent-study/summary.js";
import { beatsRow } from "../../src/experiments/agent-study/claims.js";
import type { StoredCurve } from "../../src/experiments/agent-study/store.js";

/** Stored curves whose final score (mean of the last 3 evals) is `finals[k]` for seed k; step 0 returns `untrained`. */
function curves(method: string, finals: number[], untrained = 5): StoredCurve[] {
  return finals.map((v, seed) => ({
    experiment: "e", method, seed, tier: "small", wallTimeSec: 1, notes: { label: method },
    rows: [0, 1, 2, 3].map((k) => ({ envSteps: k * 100, return_train: k === 0 ? untrained : v, criticLoss: k === 0 ? NaN : 2 / k, auxLoss: NaN })),
  }));
}

function row(data: Record<string, number[]>, a = "a", b = "b") {
  const all = Object.entries(data).flatMap(([m, f]) => curves(m, f));
  const summaries = summarizeMethods(all, "e", Object.keys(data));
  const r = beatsRow({ summaries, whatWeRan: "constructed", plannedSeeds: 5 }, "A beats B", "test", a, b);
  validateClaims([r]);
  return r;
}

const RANDOM = [10, 12, 9, 11, 10];

describe("study claims through the verdict rule", () => {
  it("reproduced: both learned, A above B in every seed", () => {
    const r = row({ random: RANDOM, a: [300, 310, 305, 320, 298], b: [100, 110, 95, 105, 102] });
    expect(r.verdict).toBe("reproduced");
  });

  it("not reproduced: both learned, B above A in every seed", () => {
    const r = row({ random: RANDOM, a: [100, 110, 95, 105, 102], b: [300, 310, 305, 320, 298] });
    expect(r.verdict).toBe("not reproduced");
  });

  it("inconclusive, did not learn: B at the random-policy level even though A is far above it", () => {
    const r = row({ random: RANDOM, a: [300, 310, 305, 320, 298], b: [8, 14, 9, 12, 10] });
    expect(r.verdict).toBe("inconclusive");
    expect(r.why).toMatch(/did not learn: b/);
  });

  it("inconclusive, interval too wide: overlapping finals", () => {
    const r = row({ random: RANDOM, a: [200, 100, 300, 150, 250], b: [210, 90, 310, 140, 240] });
    expect(r.verdict).toBe("inconclusive");
    expect(r.why).toMatch(/interval too wide/);
  });

  it("inconclusive with the counts when fewer than 3 seeds are stored (or no random-policy anchor)", () => {
    const few = row({ random: RANDOM, a: [300, 310], b: [100, 110, 95] });
    expect(few.verdict).toBe("inconclusive");
    expect(few.why).toMatch(/2 of 5 seeds of a/);
    const noAnchor = row({ a: [300, 310, 305], b: [100, 110, 95] });
    expect(noAnchor.verdict).toBe("inconclusive");
    expect(noAnchor.why).toMatch(/0 of 5 seeds of random/);
  });

  it("the learning table says before (untrained, step 0) and after, and who learned", () => {
    const all = [...curves("random", RANDOM), ...curves("a", [300, 310, 305, 320, 298], 3), ...curves("b", [8, 14, 9, 12, 10], 7)];
    const t = learningTable(summarizeMethods(all, "e", ["random", "a", "b"]));
    expect(t.map((r) => [r["method"], r["untrained return"], r["learned"]])).toEqual([["a", 3, "yes"], ["b", 7, "no"]]);
    expect(t[0]!["critic loss first→last"]).toBe("2.00 → 0.667");
  });

  it("does not call a method learned (or not) on fewer than 3 seeds: one seed's CI has no width", () => {
    const all = [...curves("random", RANDOM), ...curves("a", [300]), ...curves("b", [300, 310])];
    const t = learningTable(summarizeMethods(all, "e", ["random", "a", "b"]));
    expect(t.map((r) => r["learned"])).toEqual(["too few seeds (1 of 3)", "too few seeds (2 of 3)"]);
  });
});
