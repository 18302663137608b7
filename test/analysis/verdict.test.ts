/** The verdict rule, one constructed case per branch (SPEC "Claims tables and the verdict rule"). */
import { describe, expect, it } from "vitest";
import { decideVerdict, notLearned, type LearningCheck } from "../../src/analysis/verdict/index.js";

const learnedA: LearningCheck = { method: "A", final: { point: 600, lo: 550, hi: 650 }, baseline: 130, baselineName: "random policy" };
const learnedB: LearningCheck = { method: "B", final: { point: 400, lo: 300, hi: 480 }, baseline: 130, baselineName: "random policy" };
const flatB: LearningCheck = { method: "B", final: { point: 137, lo: 92, hi: 181 }, baseline: 131.8, baselineName: "random policy" };
const pImprove = (lo: number, point: number, hi: number) => ({ name: "P(A > B)", interval: { point, lo, hi }, noEffect: 0.5 });

describe("decideVerdict", () => {
  it("reproduced: both learned and P(A > B)'s CI lies above 0.5 as claimed", () => {
    const v = decideVerdict({ kind: "comparison", claimed: "greater", quantity: pImprove(0.68, 0.92, 1), learned: [learnedA, learnedB] });
    expect(v.verdict).toBe("reproduced");
    expect(v.why).toBe("P(A > B) = 0.920 [0.680, 1], above 0.500");
  });

  it("not reproduced: both learned and the CI lies on the other side", () => {
    const v = decideVerdict({ kind: "comparison", claimed: "greater", quantity: pImprove(0.02, 0.1, 0.3), learned: [learnedA, learnedB] });
    expect(v).toEqual({ verdict: "not reproduced", why: "the opposite holds: P(A > B) = 0.100 [0.0200, 0.300], below 0.500" });
  });

  it("a claim of 'less' is reproduced by an interval below no effect (e.g. a difference of IQMs below 0)", () => {
    const v = decideVerdict({ kind: "comparison", claimed: "less", quantity: { name: "IQM(A) − IQM(B)", interval: { point: -40, lo: -70, hi: -12 }, noEffect: 0 }, learned: [learnedA, learnedB] });
    expect(v.verdict).toBe("reproduced");
  });

  it("inconclusive when a compared method did not learn, even if the interval excludes no effect", () => {
    const v = decideVerdict({ kind: "comparison", claimed: "greater", quantity: pImprove(0.68, 0.92, 1), learned: [learnedA, flatB] });
    expect(v.verdict).toBe("inconclusive");
    expect(v.why).toBe("did not learn: B (final 137 [92, 181] does not exceed the random policy score 131.8)");
  });

  it("inconclusive when the interval includes no effect", () => {
    const v = decideVerdict({ kind: "comparison", claimed: "greater", quantity: pImprove(0.04, 0.4, 0.8), learned: [learnedA, learnedB] });
    expect(v).toEqual({ verdict: "inconclusive", why: "interval too wide: P(A > B) = 0.400 [0.0400, 0.800] includes the no-effect value 0.500" });
  });

  it("an interval touching no effect is not decisive (strict exclusion)", () => {
    expect(decideVerdict({ kind: "comparison", claimed: "greater", quantity: pImprove(0.5, 0.7, 0.9), learned: [learnedA, learnedB] }).verdict).toBe("inconclusive");
  });

  it("a claim true by construction is inconclusive, not evidence", () => {
    expect(decideVerdict({ kind: "by construction", why: "the agents start at the target ratio" })).toEqual({
      verdict: "inconclusive",
      why: "holds by construction, not evidence: the agents start at the target ratio",
    });
  });

  it("exact checks: the statistic decides", () => {
    expect(decideVerdict({ kind: "exact", holds: true, statistic: "max error 2e-16" }).verdict).toBe("reproduced");
    expect(decideVerdict({ kind: "exact", holds: false, statistic: "71 of 150 MDPs violate it" })).toEqual({ verdict: "not reproduced", why: "71 of 150 MDPs violate it" });
  });

  it("not reproducible here carries its why", () => {
    expect(decideVerdict({ kind: "not reproducible here", why: "needs CARLA" })).toEqual({ verdict: "not reproducible here", why: "needs CARLA" });
  });

  it("a planned claim not computed yet is inconclusive and says what is missing", () => {
    expect(decideVerdict({ kind: "not run", why: "the RL runs of issue 15 item 3 are not built" })).toEqual({
      verdict: "inconclusive",
      why: "not run yet: the RL runs of issue 15 item 3 are not built",
    });
    expect(() => decideVerdict({ kind: "not run", why: "" })).toThrow(/needs a why/);
  });

  it("bad evidence is a one-line error", () => {
    expect(() => decideVerdict({ kind: "not reproducible here", why: " " })).toThrow(/needs a why/);
    expect(() => decideVerdict({ kind: "by construction", why: "" })).toThrow(/needs a why/);
    expect(() => decideVerdict({ kind: "comparison", claimed: "greater", quantity: pImprove(0.6, 0.7, 0.9), learned: [] })).toThrow(/lists no learning checks/);
    expect(() => decideVerdict({ kind: "comparison", claimed: "greater", quantity: pImprove(0.9, 0.7, 0.6), learned: [learnedA] })).toThrow(/lo ≤ point ≤ hi/);
    expect(() => notLearned([{ ...learnedA, baseline: NaN }])).toThrow(/measure it in the same run/);
  });
});

describe("notLearned", () => {
  it("names exactly the methods whose CI does not lie above their baseline", () => {
    expect(notLearned([learnedA, flatB, { ...learnedB, final: { point: 131, lo: 130, hi: 140 } }]).map((c) => c.method)).toEqual(["B", "B"]);
    expect(notLearned([learnedA, learnedB])).toEqual([]);
  });
});
