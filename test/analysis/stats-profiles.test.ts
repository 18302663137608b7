import { describe, expect, it } from "vitest";
import {
  aggregateCurves,
  commonGrid,
  fractionAbove,
  interpolateLinear,
  linspace,
  mannWhitneyU,
  performanceProfile,
  probabilityOfImprovement,
  probabilityOfImprovementInterval,
} from "../../src/analysis/stats/index.js";

describe("performance profiles", () => {
  const s = [
    [0.1, 0.5],
    [0.9, 0.3],
  ];

  it("score distribution: fraction of all runs with score strictly above τ", () => {
    const p = performanceProfile(s, [0, 0.2, 0.5, 1], { reps: 200 });
    // >0: all 4; >0.2: 0.5, 0.9, 0.3; >0.5: only 0.9 (0.5 is not > 0.5); >1: none
    expect(Array.from(p.profile)).toEqual([1, 0.75, 0.25, 0]);
    for (let i = 0; i < 4; i++) {
      expect(p.lo[i]).toBeLessThanOrEqual(p.profile[i]!);
      expect(p.hi[i]).toBeGreaterThanOrEqual(p.profile[i]!);
    }
    // at τ = 0 every resample is all-above, so the band is exactly [1, 1]
    expect([p.lo[0], p.hi[0]]).toEqual([1, 1]);
  });

  it("average-score variant: fraction of tasks whose mean over runs is above τ", () => {
    // task means 0.5 and 0.4
    const p = performanceProfile(s, [0, 0.45, 0.5], { variant: "taskMeans", reps: 200 });
    expect(Array.from(p.profile)).toEqual([1, 0.5, 0]);
  });

  it("bands come from the bootstrap: one run per task gives zero-width bands", () => {
    const p = performanceProfile([[0.2, 0.6, 0.9]], linspace(0, 1, 11), { reps: 100 });
    expect(Array.from(p.lo)).toEqual(Array.from(p.profile));
    expect(Array.from(p.hi)).toEqual(Array.from(p.profile));
  });

  it("band at a threshold matches the exact resampling distribution", () => {
    // one task, runs {0, 1}: fraction > 0.5 of a resample of 2 is 0, ½, 1 w.p. ¼, ½, ¼
    // → 95 % interval [0, 1], 40 % interval (quantiles .3, .7) [½, ½]
    const wide = performanceProfile([[0], [1]], [0.5], { reps: 20000, seed: 2 });
    expect([wide.lo[0], wide.hi[0]]).toEqual([0, 1]);
    const narrow = performanceProfile([[0], [1]], [0.5], { reps: 20000, seed: 2, confidence: 0.4 });
    expect([narrow.lo[0], narrow.hi[0]]).toEqual([0.5, 0.5]);
  });

  it("fractionAbove and linspace", () => {
    expect(Array.from(fractionAbove([3, 1, 2, 2], [0, 1, 2, 3]))).toEqual([1, 0.75, 0.25, 0]);
    expect(Array.from(linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});

describe("probability of improvement", () => {
  it("counts pairs, ties count ½", () => {
    // pairs (x, y): (3,4)0 (3,5)0 (5,4)1 (5,5)½ (7,4)1 (7,5)1 → 3.5 of 6
    expect(mannWhitneyU([3, 5, 7], [4, 5])).toBe(3.5);
    expect(probabilityOfImprovement([[3], [5], [7]], [[4], [5]])).toBeCloseTo(3.5 / 6, 15);
  });

  it("averages over tasks and gives ½ for identical scores", () => {
    // task 0: X always better (1); task 1: X never better (0) → 0.5; task 2 identical → 0.5
    const x = [
      [2, 0, 1],
      [3, 1, 2],
    ];
    const y = [
      [1, 5, 1],
      [0, 6, 2],
    ];
    expect(probabilityOfImprovement(x, y)).toBeCloseTo((1 + 0 + 0.5) / 3, 15);
    expect(probabilityOfImprovement(y, y)).toBe(0.5);
    // P(X>Y) + P(Y>X) = 1 per task
    expect(probabilityOfImprovement(x, y) + probabilityOfImprovement(y, x)).toBeCloseTo(1, 15);
  });

  it("interval resamples X and Y independently within tasks", () => {
    // X ∈ {1, 3} (2 runs), Y = {2}: a resample of X gives P ∈ {0, ½, 1} w.p. ¼, ½, ¼
    const iv = probabilityOfImprovementInterval([[1], [3]], [[2]], { reps: 20000, seed: 9 });
    expect(iv.point).toBe(0.5);
    expect([iv.lo, iv.hi]).toEqual([0, 1]);
    const narrow = probabilityOfImprovementInterval([[1], [3]], [[2]], { reps: 20000, seed: 9, confidence: 0.4 });
    expect([narrow.lo, narrow.hi]).toEqual([0.5, 0.5]);
    // X dominates Y everywhere → every resample gives 1
    const dom = probabilityOfImprovementInterval([[5, 6], [7, 8]], [[1, 2], [3, 4], [0, 0]], { reps: 200 });
    expect(dom).toEqual({ point: 1, lo: 1, hi: 1 });
  });

  it("needs the same tasks", () => {
    expect(() => probabilityOfImprovement([[1, 2]], [[1]])).toThrow(/same tasks for X and Y, got 2 and 1/);
  });
});

describe("learning curves", () => {
  it("interpolates linearly and refuses to extrapolate unless asked", () => {
    expect(Array.from(interpolateLinear([0, 10, 20], [0, 1, 3], [0, 5, 15, 20]))).toEqual([0, 0.5, 2, 3]);
    expect(() => interpolateLinear([0, 10], [0, 1], [11])).toThrow(/outside the curve's x range \[0, 10\]/);
    expect(Array.from(interpolateLinear([0, 10], [0, 1], [-5, 11], "hold"))).toEqual([0, 1]);
    expect(() => interpolateLinear([0, 0], [1, 2], [0])).toThrow(/strictly increasing/);
  });

  it("common grid = logged x values inside the shared range, or evenly spaced points", () => {
    const curves = [
      { x: [0, 10, 20], y: [0, 0, 0] },
      { x: [5, 15, 25], y: [0, 0, 0] },
    ];
    expect(Array.from(commonGrid(curves))).toEqual([5, 10, 15, 20]);
    expect(Array.from(commonGrid(curves, 4))).toEqual([5, 10, 15, 20]);
    expect(() => commonGrid([{ x: [0, 1], y: [0, 0] }, { x: [2, 3], y: [0, 0] }])).toThrow(/share no x range/);
  });

  it("aggregates per grid point: mean of y = x and y = 2x logged at different x is 1.5x", () => {
    const out = aggregateCurves(
      [
        { x: [0, 4, 8], y: [0, 4, 8] },
        { x: [0, 2, 6, 8], y: [0, 4, 12, 16] },
      ],
      { statistic: "mean", reps: 100 },
    );
    expect(Array.from(out.x)).toEqual([0, 2, 4, 6, 8]);
    expect(Array.from(out.point)).toEqual([0, 3, 6, 9, 12]);
    for (let g = 0; g < out.x.length; g++) {
      expect(out.lo[g]).toBeLessThanOrEqual(out.point[g]!);
      expect(out.hi[g]).toBeGreaterThanOrEqual(out.point[g]!);
    }
    expect(out.runs).toBe(2);
  });

  it("IQM per x over runs × tasks, with whole-curve resampling bands", () => {
    // one task, two flat curves at 0 and 1: the mean of a resample is 0, ½, 1 w.p. ¼, ½, ¼
    // at every x, and the same draw is used for every x.
    const out = aggregateCurves(
      [
        { x: [0, 1, 2], y: [0, 0, 0] },
        { x: [0, 1, 2], y: [1, 1, 1] },
      ],
      { statistic: "mean", reps: 20000, seed: 4 },
    );
    expect(Array.from(out.lo)).toEqual([0, 0, 0]);
    expect(Array.from(out.hi)).toEqual([1, 1, 1]);
    // IQM over 4 curves on 2 tasks: at x = 1 values 1,2,3,100 → cut ⌊0.25·4⌋ = 1 per end → 2.5
    const iqm = aggregateCurves(
      [
        { task: "a", x: [0, 2], y: [0, 2] },
        { task: "a", x: [0, 2], y: [0, 4] },
        { task: "b", x: [0, 2], y: [0, 6] },
        { task: "b", x: [0, 2], y: [0, 200] },
      ],
      { grid: [1], reps: 200 },
    );
    expect(iqm.point[0]).toBe(2.5);
    expect(iqm.tasks).toEqual(["a", "b"]);
  });

  it("requires the same number of runs per task", () => {
    expect(() =>
      aggregateCurves([
        { task: "a", x: [0], y: [0] },
        { task: "a", x: [0], y: [0] },
        { task: "b", x: [0], y: [0] },
      ]),
    ).toThrow(/task "b" has 1 curves but task "a" has 2/);
  });
});
