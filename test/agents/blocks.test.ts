import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { Adam, gradStep } from "../../src/agents/adam.js";
import { Actor } from "../../src/agents/actor.js";
import { PixelDecoder } from "../../src/agents/decoder.js";
import { convOutputSize, PixelEncoder } from "../../src/agents/encoder.js";
import { layerNorm, softUpdate } from "../../src/agents/nn.js";
import { Temperature } from "../../src/agents/temperature.js";
import { Rng } from "../../src/core/rng.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

describe("Adam (PyTorch semantics)", () => {
  it("first step moves each parameter by lr·sign(g) (bias-corrected m/√v = g/|g|)", () => {
    const p = tf.variable(tf.tensor1d([1, -2, 3]));
    const opt = new Adam([p], { lr: 0.1 });
    gradStep(() => tf.sum(tf.mul(p, tf.tensor1d([2, -5, 0.001]))) as tf.Scalar, [opt]);
    const v = Array.from(p.dataSync());
    expect(v[0]).toBeCloseTo(0.9, 5);
    expect(v[1]).toBeCloseTo(-1.9, 5);
    expect(v[2]).toBeCloseTo(2.9, 4);
  });

  it("second step with a constant gradient also moves by lr (m̂ = g, v̂ = g²)", () => {
    const p = tf.variable(tf.scalar(0));
    const opt = new Adam([p], { lr: 0.01, beta1: 0.5 });
    for (let i = 0; i < 2; i++) gradStep(() => tf.mul(p, 3) as tf.Scalar, [opt]);
    expect(p.dataSync()[0]).toBeCloseTo(-0.02, 6);
  });

  it("weight decay adds λθ to the gradient (coupled L2): zero loss gradient still shrinks θ", () => {
    const p = tf.variable(tf.scalar(2));
    const q = tf.variable(tf.scalar(1));
    const opt = new Adam([p], { lr: 0.1, weightDecay: 0.5 });
    gradStep(() => tf.add(tf.mul(p, 0), q) as tf.Scalar, [opt]); // ∂L/∂p = 0, so g = 0 + 0.5·2
    expect(p.dataSync()[0]).toBeCloseTo(1.9, 5);
  });

  it("state round-trips: a restored optimizer continues identically", () => {
    const mk = () => tf.variable(tf.tensor1d([0.5, -0.5]));
    const a = mk();
    const oa = new Adam([a], { lr: 0.05 });
    const loss = (v: tf.Variable) => () => tf.sum(tf.square(tf.sub(v, tf.tensor1d([2, 1])))) as tf.Scalar;
    for (let i = 0; i < 3; i++) gradStep(loss(a), [oa]);
    const b = tf.variable(tf.tensor(a.dataSync(), a.shape));
    const ob = new Adam([b], { lr: 0.05 });
    ob.setState(oa.getState());
    for (let i = 0; i < 3; i++) {
      gradStep(loss(a), [oa]);
      gradStep(loss(b), [ob]);
    }
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
  });
});

describe("soft target update", () => {
  it("target ← τ·source + (1 − τ)·target", () => {
    const t = tf.variable(tf.tensor1d([0, 10]));
    const s = tf.variable(tf.tensor1d([1, 20]));
    softUpdate([t], [s], 0.05);
    expect(Array.from(t.dataSync())).toEqual([expect.closeTo(0.05, 6), expect.closeTo(10.5, 5)]);
  });
});

describe("LayerNorm", () => {
  it("normalises each row to mean 0, variance 1 before γ, β", () => {
    const y = layerNorm(tf.tensor2d([[1, 2, 3, 4]]), tf.ones([4]), tf.zeros([4]));
    const v = Array.from(y.dataSync());
    const sd = Math.sqrt(1.25 + 1e-5);
    expect(v).toEqual([-1.5, -0.5, 0.5, 1.5].map((x) => expect.closeTo(x / sd, 5)));
  });
});

describe("pixel encoder / decoder shapes (thesis §4.7.4)", () => {
  it("84×84 with 4 layers × 32 filters: conv output 35×35 (39,200 features) and 30,368 conv parameters", () => {
    expect(convOutputSize(84, 4)).toBe(35);
    expect(convOutputSize(64, 4)).toBe(25);
    const enc = new PixelEncoder({ size: 84, channels: 9, numLayers: 4, filters: 32, featureDim: 50 }, new Rng(1));
    const conv = enc.convParams.reduce((n, v) => n + v.size, 0);
    expect(conv).toBe(30368);
    const out = enc.forward(tf.zeros([2, 84, 84, 9]) as tf.Tensor4D).features;
    expect(out.shape).toEqual([2, 50]);
    // dense 39,200 → 50 (+ bias) and LayerNorm γ, β
    expect(enc.params.count - conv).toBe(39200 * 50 + 50 + 100);
    enc.dispose();
  });

  it("features are tanh-bounded; the stochastic encoder returns μ, log σ ∈ [−10, 2]", () => {
    const rng = new Rng(2);
    const enc = new PixelEncoder({ size: 16, channels: 3, numLayers: 2, filters: 4, featureDim: 5, stochastic: true }, rng);
    const x = tf.randomUniform([3, 16, 16, 3], 0, 1, "float32", 1) as tf.Tensor4D;
    const o = enc.forward(x, rng);
    expect(o.mu!.shape).toEqual([3, 5]);
    const ls = Array.from(o.logStd!.dataSync());
    expect(Math.min(...ls)).toBeGreaterThanOrEqual(-10);
    expect(Math.max(...ls)).toBeLessThanOrEqual(2);
    const det = new PixelEncoder({ size: 16, channels: 3, numLayers: 2, filters: 4, featureDim: 5 }, rng);
    const f = Array.from(det.forward(tf.mul(x, 100) as tf.Tensor4D).features.dataSync());
    expect(Math.max(...f.map(Math.abs))).toBeLessThanOrEqual(1);
  });

  it("the decoder mirrors the encoder: 50-d latent → [B, 84, 84, 9]", () => {
    const cfg = { size: 84, channels: 9, numLayers: 4, filters: 32, featureDim: 50 };
    const dec = new PixelDecoder(cfg, new Rng(3));
    expect(dec.forward(tf.zeros([1, 50]) as tf.Tensor2D).shape).toEqual([1, 84, 84, 9]);
    const small = new PixelDecoder({ ...cfg, size: 32, numLayers: 2, filters: 8, featureDim: 4 }, new Rng(3));
    expect(small.forward(tf.zeros([2, 4]) as tf.Tensor2D).shape).toEqual([2, 32, 32, 9]);
  });
});

describe("actor and temperature", () => {
  it("actions lie in (−1, 1), log σ within bounds, and log π is finite", () => {
    const rng = new Rng(4);
    const actor = new Actor({ featureDim: 3, actionDim: 2, hiddenDim: 16, hiddenLayers: 2, logStdMin: -10, logStdMax: 2 }, rng);
    const s = actor.sample(tf.mul(tf.randomNormal([64, 3], 0, 1, "float32", 5), 10) as tf.Tensor2D, rng);
    const a = Array.from(s.action.dataSync());
    expect(Math.max(...a.map(Math.abs))).toBeLessThanOrEqual(1);
    const ls = Array.from(s.logStd.dataSync());
    expect(Math.min(...ls)).toBeGreaterThanOrEqual(-10);
    expect(Math.max(...ls)).toBeLessThanOrEqual(2);
    expect(Array.from(s.logProb.dataSync()).every(Number.isFinite)).toBe(true);
  });

  it("temperature starts at 0.1 with target entropy −|A|", () => {
    const t = new Temperature(0.1, 6);
    expect(t.value).toBeCloseTo(0.1, 6);
    expect(t.targetEntropy).toBe(-6);
  });
});
