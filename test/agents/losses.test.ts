import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import {
  actorLoss, betaVaeLoss, boundLogStd, criticLoss, curlLoss, gaussianKl, raeLoss, softTarget, squashedGaussianLogProb, stopGradient, temperatureLoss,
} from "../../src/agents/losses.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

const val = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const LOG_2PI_HALF = 0.5 * Math.log(2 * Math.PI);

describe("squashed Gaussian log-probability", () => {
  it("matches the hand value at μ = 0, σ = 1, ε = 0 (a = 0)", () => {
    const lp = squashedGaussianLogProb(tf.tensor2d([[0]]), tf.tensor2d([[0]]), tf.tensor2d([[0]]));
    expect(val(lp)[0]).toBeCloseTo(-LOG_2PI_HALF - Math.log(1 + 1e-6), 6);
  });

  it("is a density on (−1, 1): integrates to 1 over a fine grid of actions (change of variables)", () => {
    const mu = 0.4;
    const logStd = Math.log(0.7);
    const n = 20000;
    const a: number[] = [];
    const eps: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = -1 + (2 * (i + 0.5)) / n;
      a.push(x);
      eps.push((Math.atanh(x) - mu) / Math.exp(logStd));
    }
    const lp = val(squashedGaussianLogProb(tf.tensor2d(eps, [n, 1]), tf.fill([n, 1], logStd) as tf.Tensor2D, tf.tensor2d(a, [n, 1])));
    const integral = lp.reduce((s, l) => s + Math.exp(l), 0) * (2 / n);
    expect(integral).toBeGreaterThan(0.995);
    expect(integral).toBeLessThan(1.005);
  });

  it("sums over action dimensions", () => {
    const lp = val(squashedGaussianLogProb(tf.tensor2d([[0, 0]]), tf.tensor2d([[0, Math.log(2)]]), tf.tensor2d([[0, 0]])))[0]!;
    expect(lp).toBeCloseTo(-2 * LOG_2PI_HALF - Math.log(2) - 2 * Math.log(1 + 1e-6), 5);
  });
});

describe("log-std bounds", () => {
  it("maps 0 to the midpoint and saturates at the bounds [−10, 2]", () => {
    expect(val(boundLogStd(tf.tensor2d([[0, 50, -50]]), -10, 2))).toEqual([-4, 2, -10].map((x) => expect.closeTo(x, 5)));
  });
});

describe("soft critic target", () => {
  it("y = r + γ (min Q̄ − α log π) when not done, and y = r on termination", () => {
    const y = softTarget(tf.tensor2d([[1], [1]]), tf.tensor2d([[1], [0]]), 0.9, tf.tensor2d([[3], [3]]), tf.tensor2d([[2], [2]]), 0.5, tf.tensor2d([[-1], [-1]]));
    expect(val(y)).toEqual([expect.closeTo(1 + 0.9 * (2 + 0.5), 6), expect.closeTo(1, 6)]);
  });
});

describe("critic loss", () => {
  it("sums the two heads' mean squared errors and passes no gradient to the target", () => {
    const q1 = tf.tensor2d([[1], [2]]);
    const q2 = tf.tensor2d([[0], [0]]);
    const y = tf.tensor2d([[1], [1]]);
    expect(val(criticLoss(q1, q2, y))[0]).toBeCloseTo(0.5 + 1, 6);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => criticLoss(a, q2, b))([q1, y]);
    expect(val(g[0]!)).toEqual([expect.closeTo(0, 6), expect.closeTo(1, 6)]); // d/dq1 mean((q1−y)²) = (q1−y)
    expect(val(g[1]!)).toEqual([0, 0]);
  });
});

describe("actor loss", () => {
  it("is mean(α log π − min(Q1, Q2))", () => {
    const l = actorLoss(0.1, tf.tensor2d([[-1], [1]]), tf.tensor2d([[2], [3]]), tf.tensor2d([[1], [4]]));
    expect(val(l)[0]).toBeCloseTo((0.1 * -1 - 1 + (0.1 * 1 - 3)) / 2, 6);
  });
});

describe("temperature loss", () => {
  it("is mean(α(−log π − H̄)) with gradient α·mean(−log π − H̄) in log α and none in log π", () => {
    const logAlpha = tf.scalar(Math.log(0.5));
    const lp = tf.tensor2d([[-2], [0]]);
    expect(val(temperatureLoss(logAlpha, lp, -1))[0]).toBeCloseTo((0.5 * 3 + 0.5 * 1) / 2, 6);
    const [gA, gLp] = tf.grads((la: tf.Tensor, l: tf.Tensor) => temperatureLoss(la, l, -1))([logAlpha, lp]);
    expect(val(gA!)[0]).toBeCloseTo(1.0, 6);
    expect(val(gLp!)).toEqual([0, 0]);
  });
  it("pushes α down when the policy's entropy is above the target (−log π > H̄ ⇒ positive gradient)", () => {
    const g = tf.grad((la: tf.Tensor) => temperatureLoss(la, tf.tensor2d([[-5]]), -1))(tf.scalar(0));
    expect(val(g)[0]).toBeGreaterThan(0);
  });
});

describe("RAE loss (SAC+AE decoder)", () => {
  it("is MSE + λ_z · mean ½‖z‖², with latent gradient λ_z z", () => {
    const z = tf.tensor2d([[3, 4]]);
    expect(val(raeLoss(tf.tensor2d([[1, 2]]), tf.tensor2d([[0, 0]]), z, 0.1))[0]).toBeCloseTo(2.5 + 0.1 * 12.5, 5);
    const g = tf.grad((zz: tf.Tensor) => raeLoss(tf.zeros([1, 2]), tf.zeros([1, 2]), zz as tf.Tensor2D, 1e-6))(z);
    expect(val(g)).toEqual([expect.closeTo(3e-6, 9), expect.closeTo(4e-6, 9)]);
  });
});

describe("Gaussian KL and β-VAE loss", () => {
  it("KL(N(μ,σ²)‖N(0,1)) = ½Σ(μ² + σ² − 1 − log σ²) at hand values", () => {
    const kl = val(gaussianKl(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, Math.log(2)]])))[0]!;
    expect(kl).toBeCloseTo(0.5 * (1 + (4 - 1 - 2 * Math.log(2))), 5);
  });
  it("KL agrees with a Monte Carlo estimate of E_q[log q − log p]", () => {
    const mu = 0.7;
    const s = 0.5;
    let acc = 0;
    const n = 200000;
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
    for (let i = 0; i < n; i++) {
      const e = Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
      const z = mu + s * e;
      acc += -0.5 * e * e - Math.log(s) + 0.5 * z * z;
    }
    const kl = val(gaussianKl(tf.tensor2d([[mu]]), tf.tensor2d([[Math.log(s)]])))[0]!;
    expect(Math.abs(kl - acc / n)).toBeLessThan(0.01);
  });
  it("β-VAE loss = MSE + β·KL / D", () => {
    const l = val(betaVaeLoss(tf.tensor2d([[1, 1]]), tf.tensor2d([[0, 0]]), tf.tensor2d([[1]]), tf.tensor2d([[0]]), 2, 2))[0]!;
    expect(l).toBeCloseTo(1 + (2 / 2) * 0.5, 6);
  });
});

describe("CURL contrastive loss", () => {
  it("equals log(1 + (n−1)e^{−c}) for one-hot anchors = keys and W = c·I", () => {
    const c = 2;
    const eye = tf.eye(3) as tf.Tensor2D;
    const l = val(curlLoss(eye, eye, tf.mul(eye, c) as tf.Tensor2D))[0]!;
    expect(l).toBeCloseTo(Math.log(1 + 2 * Math.exp(-c)), 5);
  });
  it("passes no gradient to the keys", () => {
    const eye = tf.eye(3) as tf.Tensor2D;
    const g = tf.grad((k: tf.Tensor) => curlLoss(eye, k as tf.Tensor2D, eye))(tf.eye(3));
    expect(val(g).every((x) => x === 0)).toBe(true);
  });
});

describe("stopGradient", () => {
  it("is the identity forward and zero backward", () => {
    const x = tf.tensor1d([1, 2]);
    expect(val(stopGradient(x))).toEqual([1, 2]);
    expect(val(tf.grad((v: tf.Tensor) => tf.sum(tf.mul(stopGradient(v), v)))(x))).toEqual([1, 2]);
  });
});
