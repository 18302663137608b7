/**
 * The shared tensor pieces of the metric agents (src/agents/metric-blocks.ts) on hand-checkable
 * inputs, and against the float64 references of the library that they must agree with
 * (src/ot `w2DiagonalGaussians`, src/metrics `micoEmbeddingDistance` / `rapEmbeddingDistance`).
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { angle, gaussianNll, micoDistance, permutation, rapDistance, rows, safeSqrt, samplePairs, smoothL1, w2Gaussian, w2PerDimension } from "../../src/agents/metric-blocks.js";
import { Rng } from "../../src/core/rng.js";
import { micoEmbeddingDistance, rapEmbeddingDistance } from "../../src/metrics/embedding-distance.js";
import { w2DiagonalGaussians } from "../../src/ot/gaussian.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

const val = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe("W2 between diagonal Gaussians (closed form)", () => {
  it("hand values: means (0,0) vs (3,4) with equal σ give 5; equal means with σ 1 vs 3 give 2; per dimension (3, 4)", () => {
    const one = tf.ones([1, 2]);
    expect(val(w2Gaussian(tf.tensor2d([[0, 0]]), one, tf.tensor2d([[3, 4]]), one))).toEqual([expect.closeTo(5, 6)]);
    expect(val(w2Gaussian(tf.tensor2d([[1]]), tf.tensor2d([[1]]), tf.tensor2d([[1]]), tf.tensor2d([[3]])))).toEqual([expect.closeTo(2, 6)]);
    expect(val(w2PerDimension(tf.tensor2d([[0, 0]]), one, tf.tensor2d([[3, 4]]), one))).toEqual([expect.closeTo(3, 6), expect.closeTo(4, 6)]);
    // both parts: sqrt(1² + 2² + (0.5)² + 0²)
    expect(val(w2Gaussian(tf.tensor2d([[0, 0]]), tf.tensor2d([[1, 2]]), tf.tensor2d([[1, 2]]), tf.tensor2d([[1.5, 2]])))).toEqual([expect.closeTo(Math.sqrt(5.25), 6)]);
  });

  it("equals the library's float64 closed form (src/ot) on random inputs, and is symmetric", () => {
    const rng = new Rng(11);
    const N = 20;
    const Z = 7;
    const draw = (pos: boolean) => Float32Array.from({ length: N * Z }, () => (pos ? rng.uniformIn(0.01, 3) : rng.normal(0, 2)));
    const [m1, s1, m2, s2] = [draw(false), draw(true), draw(false), draw(true)];
    const t = (a: Float32Array) => tf.tensor2d(a, [N, Z]);
    const got = val(w2Gaussian(t(m1), t(s1), t(m2), t(s2)));
    const back = val(w2Gaussian(t(m2), t(s2), t(m1), t(s1)));
    for (let n = 0; n < N; n++) {
      const sl = (a: Float32Array) => a.subarray(n * Z, (n + 1) * Z);
      expect(got[n]).toBeCloseTo(w2DiagonalGaussians(sl(m1), sl(s1), sl(m2), sl(s2)), 4);
      expect(back[n]).toBeCloseTo(got[n]!, 6);
    }
  });

  it("matches the quantile coupling of samples in 1-D (W2² = Δμ² + Δσ² is the optimal transport cost)", () => {
    const rng = new Rng(5);
    const n = 100_000;
    const a = Float64Array.from({ length: n }, () => rng.normal(0.5, 1.2)).sort();
    const b = Float64Array.from({ length: n }, () => rng.normal(-1, 0.4)).sort();
    let s = 0;
    for (let i = 0; i < n; i++) s += (a[i]! - b[i]!) ** 2;
    const empirical = Math.sqrt(s / n);
    const closed = val(w2Gaussian(tf.tensor2d([[0.5]]), tf.tensor2d([[1.2]]), tf.tensor2d([[-1]]), tf.tensor2d([[0.4]])))[0]!;
    expect(Math.abs(empirical - closed) / closed).toBeLessThan(0.02);
  });

  it("has a zero, finite gradient at equal Gaussians (safe square root), not NaN", () => {
    const mu = tf.variable(tf.tensor2d([[1, 2]]));
    const g = tf.grad((m: tf.Tensor) => tf.sum(w2Gaussian(m, tf.ones([1, 2]), tf.tensor2d([[1, 2]]), tf.ones([1, 2]))))(mu);
    expect(val(g)).toEqual([0, 0]);
    expect(val(tf.grad((x: tf.Tensor) => tf.sum(safeSqrt(x)))(tf.tensor1d([0, 4])))).toEqual([0, 0.25]);
  });
});

describe("smooth L1 (PyTorch smooth_l1_loss, β = 1 = Dopamine huber_loss, δ = 1)", () => {
  it("½d² inside |d| < 1 and |d| − ½ outside", () => {
    expect(val(smoothL1(tf.tensor1d([0, 0.5, -0.5, 2, -3]), tf.zeros([5])))).toEqual([0, 0.125, 0.125, 1.5, 2.5]);
  });
});

describe("pair samplers", () => {
  it("permutation: a permutation of 0…B−1, reproducible from the stream, and pairs (b, perm(b))", () => {
    const p = permutation(new Rng(3), 50);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...permutation(new Rng(3), 50)]).toEqual([...p]);
    expect([...p]).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    const pairs = samplePairs("permutation", 50, new Rng(3));
    expect([...pairs.first]).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...pairs.second]).toEqual([...p]);
  });

  it("permutation: every position is uniform (chi-square over 4000 draws of a 4-permutation)", () => {
    const rng = new Rng(8);
    const counts = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
    const n = 4000;
    for (let t = 0; t < n; t++) permutation(rng, 4).forEach((v, i) => counts[i]![v]!++);
    let chi = 0;
    for (const row of counts) for (const c of row) chi += (c - n / 4) ** 2 / (n / 4);
    expect(chi).toBeLessThan(40); // 16 cells (9 dof): p ≈ 1e-5 at 40
  });

  it("all-pairs: the B² ordered pairs (i, j) in row-major order, no draws", () => {
    const rng = new Rng(1);
    const before = rng.getState();
    const { first, second } = samplePairs("all-pairs", 3, rng);
    expect([...first]).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect([...second]).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    expect(rng.getState()).toEqual(before);
  });

  it("rows gathers the pair members and scatters the gradient back", () => {
    const x = tf.tensor2d([[1], [2], [3]]);
    expect(val(rows(x, Int32Array.from([2, 2, 0])))).toEqual([3, 3, 1]);
    expect(val(tf.grad((t: tf.Tensor) => tf.sum(rows(t, Int32Array.from([2, 2, 0]))))(x))).toEqual([1, 0, 2]);
  });
});

describe("angle, MICo U and RAP d̂_G", () => {
  it("θ: parallel 0, orthogonal π/2, opposite π; scale-free", () => {
    const th = val(angle(tf.tensor2d([[1, 0], [1, 0], [1, 0], [2, 2]]), tf.tensor2d([[3, 0], [0, 5], [-1, 0], [1, 1]])));
    expect(th[0]).toBeCloseTo(0, 3);
    expect(th[1]).toBeCloseTo(Math.PI / 2, 6);
    expect(th[2]).toBeCloseTo(Math.PI, 3);
    expect(th[3]).toBeCloseTo(0, 3);
  });

  it("U(x, y) = ½(‖x‖² + ‖y‖²) + β θ: hand value and the library's float64 U on random vectors", () => {
    // x = (1, 0), y = (0, 2): ½(1 + 4) + 0.1·π/2
    expect(val(micoDistance(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 2]]), 0.1))[0]).toBeCloseTo(2.5 + 0.05 * Math.PI, 5);
    const rng = new Rng(2);
    for (let t = 0; t < 10; t++) {
      const x = Array.from({ length: 6 }, () => rng.normal());
      const y = Array.from({ length: 6 }, () => rng.normal());
      expect(val(micoDistance(tf.tensor2d([x]), tf.tensor2d([y]), 0.1))[0]).toBeCloseTo(micoEmbeddingDistance(x, y, 0.1), 4);
      expect(val(rapDistance(tf.tensor2d([x]), tf.tensor2d([y]), 0.3))[0]).toBeCloseTo(rapEmbeddingDistance(x, y, 0.3), 4);
    }
  });

  it("d̂_G has no ½ (Definition 5.6.4) and a non-zero self-distance 2‖x‖² (Lemma 5.6.5)", () => {
    expect(val(rapDistance(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 2]]), 1e-5))[0]).toBeCloseTo(5 + 1e-5 * Math.PI / 2, 5);
    expect(val(rapDistance(tf.tensor2d([[3, 4]]), tf.tensor2d([[3, 4]]), 1e-5))[0]).toBeCloseTo(50, 3);
  });

  it("gradients at x = y (a self-pair) are finite", () => {
    const x = tf.tensor2d([[0.3, -0.2, 0.9]]);
    const g = val(tf.grad((t: tf.Tensor) => tf.sum(micoDistance(t, tf.tensor2d([[0.3, -0.2, 0.9]]), 0.1)))(x));
    for (const v of g) expect(Number.isFinite(v)).toBe(true);
    expect(g).toEqual([0.3, -0.2, 0.9].map((v) => expect.closeTo(v, 4))); // ∂/∂x ½‖x‖² = x; the angle's gradient is cut at cos = ±1
  });
});

describe("Gaussian NLL", () => {
  it("mean(½((μ − x)/σ)² + log σ), no gradient into the target x", () => {
    const l = gaussianNll(tf.tensor2d([[1, 0]]), tf.tensor2d([[2, 1]]), tf.tensor2d([[0, 0]]));
    expect(val(l)[0]).toBeCloseTo((0.5 * 0.25 + Math.log(2) + 0) / 2, 6);
    const gx = val(tf.grad((x: tf.Tensor) => gaussianNll(tf.tensor2d([[1, 0]]), tf.tensor2d([[2, 1]]), x))(tf.tensor2d([[0, 0]])));
    expect(gx).toEqual([0, 0]);
  });
});
