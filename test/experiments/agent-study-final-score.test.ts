/**
 * The sac-ae chapter's final score of a run is the mean evaluation return over its last
 * LAST_EVALS = 3 evaluations (analysis.ts), pinned on a hand-made curve.
 */
import { describe, expect, it } from "vitest";
import { finalScore, LAST_EVALS } from "../../src/experiments/agent-study/summary.js";

describe("sac-ae finalScore", () => {
  const curve = [0, 10, 20, 30, 100, 400, 700].map((r, i) => ({ envSteps: 1250 * i, return_train: r, return_eval: -r }));

  it("is the mean of the last 3 evaluation returns", () => {
    expect(LAST_EVALS).toBe(3);
    expect(finalScore(curve)).toBe((100 + 400 + 700) / 3);
    expect(finalScore(curve, "return_eval")).toBe(-(100 + 400 + 700) / 3);
    expect(finalScore(curve, "return_train", 2)).toBe((400 + 700) / 2);
  });

  it("a curve shorter than the window averages what there is", () => {
    expect(finalScore(curve.slice(0, 2))).toBe(5);
  });
});
