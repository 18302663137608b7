import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import {
  aggregateIqm,
  aggregateMean,
  aggregateMedian,
  aggregateInterval,
  compareAggregates,
  intervalEstimate,
  optimalityGap,
  percentile,
  percentileInterval,
  stratifiedResample,
  toScoreMatrix,
  trimMean,
  normalizeScores,
  type ScoreMatrix,
} from "../../src/analysis/stats/index.js";

describe("aggregates (rliable definitions)", () => {
  it("IQM of 1..8 is the mean of 3,4,5,6 = 4.5 (cut ⌊0.25·8⌋ = 2 per end)", () => {
    // as one run on 8 tasks and as 8 runs on one task: the matrix is flattened either way
    expect(aggregateIqm([[1, 2, 3, 4, 5, 6, 7, 8]])).toBe(4.5);
    expect(aggregateIqm([[8], [1], [7], [2], [6], [3], [5], [4]])).toBe(4.5);
  });

  it("IQM trims ⌊0.25·n⌋ whole values, no fractional weights (scipy trim_mean)", () => {
    // n = 10: cut 2 per end → mean of 3..8 = 5.5 (a weighted IQM would also give 5.5 here,
    // so use a skewed set): [1,2,3,4,5,6,7,8,9,100] → mean of 3..8 = 5.5 too; instead
    // n = 9, values 1..8 and 100: cut ⌊2.25⌋ = 2 → mean(3,4,5,6,7) = 5
    expect(aggregateIqm([[1, 2, 3, 4, 5, 6, 7, 8, 100]])).toBe(5);
    // n = 7: cut ⌊1.75⌋ = 1 → mean(2,3,4,5,6) = 4, even with an outlier of 1000 at the top
    expect(aggregateIqm([[1, 2, 3, 4, 5, 6, 1000]])).toBe(4);
    // n = 3: cut 0 → plain mean
    expect(aggregateIqm([[1], [2], [9]])).toBe(4);
  });

  it("trimMean with other proportions cuts ⌊p·n⌋ per end", () => {
    // p = 0.1, n = 10: cut 1 → mean of 2..9 = 5.5; with outliers −50 and 50 cut away
    expect(trimMean([-50, 2, 3, 4, 5, 6, 7, 8, 9, 50], 0.1)).toBe(5.5);
    // p = 0.1, n = 9: cut ⌊0.9⌋ = 0 → plain mean
    expect(trimMean([0, 0, 0, 0, 0, 0, 0, 0, 9], 0.1)).toBe(1);
    expect(() => trimMean([1, 2], 0.5)).toThrow(/\[0, 0\.5\)/);
  });

  it("mean and median are over per-task means; IQM over the flattened matrix", () => {
    const s = [
      [1, 2, 10],
      [3, 4, 20],
    ];
    // task means: 2, 3, 15
    expect(aggregateMean(s)).toBeCloseTo(20 / 3, 14);
    expect(aggregateMedian(s)).toBe(3);
    // flattened sorted: 1 2 3 4 10 20, cut ⌊1.5⌋ = 1 → (2+3+4+10)/4
    expect(aggregateIqm(s)).toBe(4.75);
    // median with an even number of tasks averages the middle two task means
    expect(aggregateMedian([[1, 2, 3, 10]])).toBe(2.5);
  });

  it("optimality gap = mean of max(γ − x, 0)", () => {
    const s = [
      [0.5, 1.2],
      [0.8, -0.2],
    ];
    // gaps to 1: 0.5, 0, 0.2, 1.2
    expect(optimalityGap(s)).toBeCloseTo(1.9 / 4, 15);
    // gaps to 0.5: 0, 0, 0, 0.7
    expect(optimalityGap(s, 0.5)).toBeCloseTo(0.7 / 4, 15);
  });

  it("normalises DMC returns by 1000", () => {
    const m = normalizeScores([[500, 1000]], 1000);
    expect(Array.from(m.values)).toEqual([0.5, 1]);
  });

  it("rejects ragged, empty and non-finite score matrices with one-line errors", () => {
    expect(() => toScoreMatrix([])).toThrow(/non-empty/);
    expect(() => toScoreMatrix([[1, 2], [3]])).toThrow(/scores\[1\] has 1 task scores but run 0 has 2/);
    expect(() => toScoreMatrix([[1, Number.NaN]])).toThrow(/scores\[0\]\[1\] is NaN/);
    expect(() => toScoreMatrix([[1, 2], [3]])).not.toThrow(/\n/);
  });
});

describe("percentiles", () => {
  it("type-7 (numpy default) interpolation", () => {
    // h = 3·0.025 = 0.075 → 1 + 0.075·(2−1)
    expect(percentile([4, 1, 3, 2], 0.025)).toBeCloseTo(1.075, 14);
    expect(percentile([4, 1, 3, 2], 0.975)).toBeCloseTo(3.925, 14);
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentileInterval([4, 1, 3, 2], 0.95)).toEqual([
      expect.closeTo(1.075, 12),
      expect.closeTo(3.925, 12),
    ]);
  });
});

/** Exact bootstrap distribution by enumerating every stratified resample (independent of the library). */
function exhaustiveDistribution(
  scores: number[][],
  stat: (m: number[][]) => number,
): Map<number, number> {
  const runs = scores.length;
  const tasks = scores[0]!.length;
  const cells = runs * tasks;
  const total = runs ** cells;
  const dist = new Map<number, number>();
  for (let code = 0; code < total; code++) {
    let c = code;
    const m: number[][] = Array.from({ length: runs }, () => new Array<number>(tasks).fill(0));
    for (let r = 0; r < runs; r++) {
      for (let t = 0; t < tasks; t++) {
        m[r]![t] = scores[c % runs]![t]!; // cell (r,t) takes run (c mod runs) of the SAME task
        c = Math.floor(c / runs);
      }
    }
    const v = stat(m);
    dist.set(v, (dist.get(v) ?? 0) + 1 / total);
  }
  return dist;
}

/** Inverse CDF of a discrete distribution at probability q (q not at a jump). */
function quantileOfDistribution(dist: Map<number, number>, q: number): number {
  const support = [...dist.keys()].sort((a, b) => a - b);
  let cum = 0;
  for (const v of support) {
    cum += dist.get(v)!;
    if (cum >= q - 1e-12) return v;
  }
  return support[support.length - 1]!;
}

const flatMean = (m: number[][]) => m.flat().reduce((a, b) => a + b, 0) / m.flat().length;

describe("stratified bootstrap", () => {
  const scores = [
    [0, 10],
    [1, 20],
  ];

  it("resamples runs within each task only", () => {
    const m = toScoreMatrix(scores);
    const rng = new Rng(7);
    for (let i = 0; i < 200; i++) {
      const r = stratifiedResample(m, rng);
      expect([0, 1]).toContain(r.values[0]);
      expect([0, 1]).toContain(r.values[2]);
      expect([10, 20]).toContain(r.values[1]);
      expect([10, 20]).toContain(r.values[3]);
    }
  });

  it("percentile CI matches the exhaustively enumerated bootstrap distribution", () => {
    // By hand: task-0 sum ∈ {0,1,2} w.p. ¼,½,¼; task-1 sum ∈ {20,30,40} w.p. ¼,½,¼;
    // mean = (s0 + s1)/4, cumulative counts /16 over 5,5.25,5.5,7.5,7.75,8,10,10.25,10.5
    // are 1,3,4,6,10,12,13,15,16 → 20 % quantile 5.5, 80 % quantile 10.
    const dist = exhaustiveDistribution(scores, flatMean);
    expect(dist.size).toBe(9);
    expect(quantileOfDistribution(dist, 0.2)).toBe(5.5);
    expect(quantileOfDistribution(dist, 0.8)).toBe(10);

    const m = toScoreMatrix(scores);
    const stat = (s: ScoreMatrix) => s.values.reduce((a, b) => a + b, 0) / s.values.length;
    const iv = intervalEstimate(m, stat, { reps: 20000, confidence: 0.6, seed: 3 });
    expect(iv.point).toBe(7.75);
    expect(iv.lo).toBe(5.5);
    expect(iv.hi).toBe(10);
    // 95 %: the extreme values 5 and 10.5 each have probability 1/16 > 2.5 %
    const iv95 = intervalEstimate(m, stat, { reps: 20000, seed: 4 });
    expect([iv95.lo, iv95.hi]).toEqual([5, 10.5]);
  });

  it("replicate frequencies match the exact bootstrap distribution (IQM, 3 runs × 2 tasks)", () => {
    const s = [
      [0.1, 0.7],
      [0.4, 0.2],
      [0.9, 0.3],
    ];
    const iqm = (m: number[][]) => trimMean(m.flat(), 0.25);
    const dist = exhaustiveDistribution(s, iqm);
    const reps = 20000;
    const counts = new Map<number, number>();
    const values: number[] = [];
    intervalEstimate(
      toScoreMatrix(s),
      (m) => {
        const v = trimMean(m.values, 0.25);
        values.push(v);
        return v;
      },
      { reps, seed: 11 },
    );
    values.shift(); // first call is the point estimate on the data
    expect(values.length).toBe(reps);
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (const v of counts.keys()) expect(dist.has(v)).toBe(true);
    for (const [v, p] of dist) {
      const sd = Math.sqrt(reps * p * (1 - p));
      expect(Math.abs((counts.get(v) ?? 0) - reps * p)).toBeLessThan(5 * sd + 1);
    }
  });

  it("is deterministic per seed and degenerate with one run", () => {
    const m = [
      [0.1, 0.5, 0.3],
      [0.7, 0.2, 0.9],
      [0.4, 0.4, 0.8],
    ];
    const a = aggregateInterval(m, "iqm", { seed: 5, reps: 500 });
    const b = aggregateInterval(m, "iqm", { seed: 5, reps: 500 });
    const c = aggregateInterval(m, "iqm", { seed: 6, reps: 500 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.lo).toBeLessThanOrEqual(a.point);
    expect(a.hi).toBeGreaterThanOrEqual(a.point);
    const one = aggregateInterval([[0.25, 0.75]], "mean", { reps: 100 });
    expect(one).toEqual({ point: 0.5, lo: 0.5, hi: 0.5 });
  });

  it("compareAggregates gives each method its own stream", () => {
    const a = [
      [0.1, 0.5],
      [0.7, 0.2],
      [0.4, 0.9],
    ];
    const b = [
      [0.3, 0.3],
      [0.6, 0.1],
      [0.2, 0.8],
    ];
    const one = compareAggregates({ A: a }, ["iqm", "optimalityGap"], { reps: 300, seed: 1 });
    const two = compareAggregates({ B: b, A: a }, ["iqm", "optimalityGap"], { reps: 300, seed: 1 });
    expect(two.filter((r) => r.method === "A")).toEqual(one);
    expect(one.map((r) => r.metric)).toEqual(["iqm", "optimalityGap"]);
    expect(one[0]!.point).toBe(aggregateIqm(a));
    expect(one[1]!.point).toBeCloseTo(optimalityGap(a), 15);
    expect(one[0]!.runs).toBe(3);
    expect(one[0]!.tasks).toBe(2);
  });

  it("rejects bad options in one line", () => {
    expect(() => aggregateInterval([[1]], "iqm", { reps: 0 })).toThrow(/reps must be a positive integer/);
    expect(() => aggregateInterval([[1]], "iqm", { confidence: 95 })).toThrow(/confidence must be in \(0, 1\)/);
    expect(() => aggregateInterval([[1]], "iqr" as "iqm")).toThrow(/unknown aggregate metric "iqr"/);
  });
});
