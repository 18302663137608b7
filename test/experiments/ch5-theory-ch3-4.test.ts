/**
 * The Chapter 3–4 statements of drl-thesis/ch5-theory (research note seed000-ch1-4 §6: T12,
 * T13, T14, T17, T20–T24). Each check passes on the correct form and fails on a broken one:
 * the printed (4.15) and (4.16) (the thesis's errata), a wrong Σ term, swapped Wasserstein
 * orders, a wrong DIST, a summed DrQ target, the positive at the wrong index, (4.10)'s order
 * on both sides of the paired test, a gradient that is not stopped.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Adam, gradStep, withGradientProbe } from "../../src/agents/adam.js";
import { temperatureLossAsPrinted, temperatureLossStandard, temperatureStep } from "../../src/agents/errata.js";
import { curlLoss } from "../../src/agents/losses.js";
import { metaSymmetryRun } from "../../src/agents/meta-symmetry.js";
import { ambsStopGradients } from "../../src/agents/stop-gradients.js";
import { averagedTargetVariance, fixedShiftValue, valuesOverAllShifts, variance } from "../../src/agents/target-averaging.js";
import { binomialUpperTail, signTestPositive } from "../../src/analysis/stats/sign-test.js";
import { validateClaims } from "../../src/analysis/tables/claims.js";
import { initBackend } from "../../src/backend/index.js";
import { Rng } from "../../src/core/rng.js";
import { createMdp } from "../../src/mdp/create.js";
import { randomMdp, randomPolicy } from "../../src/mdp/generate.js";
import { bisimulationMetric } from "../../src/metrics/bisimulation.js";
import { checkContraction } from "../../src/metrics/checks.js";
import { checkGaussianW2Axioms, checkGaussianW2ClosedForm, checkPsmDeterministic, checkWassersteinOrder, type GaussianW2 } from "../../src/metrics/checks-ch3-4.js";
import { dynamicsFitRecovers, fitDynamicsModel, sigmaAtUpperClamp } from "../../src/metrics/dynamics-fit.js";
import { fixedPoint } from "../../src/metrics/fixed-point.js";
import { infoNceAsPrinted, softmaxCrossEntropy } from "../../src/metrics/infonce.js";
import { policyTotalVariation, psmDeterministic, psmOperator } from "../../src/metrics/psm.js";
import { w2DiagonalGaussians } from "../../src/ot/gaussian.js";
import { ch34Claims, runCh34Theory } from "../../src/experiments/drl-thesis/ch5-theory/index.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

describe("T12: the temperature loss (4.15)", () => {
  it("one step of the agents' loss moves α by exp(−lr·α(H − H̄)); the printed form moves it the wrong way when H < H̄ and when H > −H̄", () => {
    for (const H of [-4, 0, 3]) {
      const s = temperatureStep(temperatureLossStandard, { entropy: H, actionDim: 2, alpha: 0.1, lr: 1e-2 });
      expect(s.alphaAfter).toBeCloseTo(0.1 * Math.exp(-1e-2 * 0.1 * (H + 2)), 7);
      expect(s.rightDirection, `standard, H = ${H}`).toBe(true);
    }
    const printed = [-4, 0, 3].map((H) => temperatureStep(temperatureLossAsPrinted, { entropy: H, actionDim: 2 }));
    // gradient α(E log π − H̄) = α(−H + 2): α falls at H = −4 although the entropy is too low
    expect(printed[0]!.alphaAfter).toBeCloseTo(0.1 * Math.exp(-1e-2 * 0.1 * 6), 7);
    expect(printed.map((s) => s.rightDirection)).toEqual([false, true, false]);
  });
});

describe("T13: the W2 closed form for diagonal Gaussians", () => {
  it("matches the quantile coupling within 2% and is a metric; a variance-based Σ term or W2² fail", () => {
    const ok = checkGaussianW2ClosedForm(w2DiagonalGaussians, new Rng(1), { pairs: 6, samples: 50_000 });
    expect(ok.holds, JSON.stringify(ok.counterexample)).toBe(true);
    expect(Math.max(...ok.pairs.map((p) => p.relativeError))).toBeLessThan(0.02);
    // ‖Σ_i − Σ_j‖_F on variances instead of ‖Σ_i^½ − Σ_j^½‖_F on standard deviations
    const varianceTerm: GaussianW2 = (ma, sa, mb, sb) => Math.sqrt(Array.from(ma).reduce((s, m, k) => s + (m - mb[k]!) ** 2 + (sa[k]! ** 2 - sb[k]! ** 2) ** 2, 0));
    expect(checkGaussianW2ClosedForm(varianceTerm, new Rng(1), { pairs: 6, samples: 50_000 }).holds).toBe(false);
    expect(checkGaussianW2Axioms(w2DiagonalGaussians, new Rng(2)).holds).toBe(true);
    const squared: GaussianW2 = (ma, sa, mb, sb) => w2DiagonalGaussians(ma, sa, mb, sb) ** 2;
    expect(checkGaussianW2Axioms(squared, new Rng(2)).holds).toBe(false); // W2² breaks the triangle inequality
  });
});

describe("T14: W1(d*) ≤ W2(d*)", () => {
  it("holds on every pair of random MDPs; the swapped order is violated", () => {
    for (let id = 0; id < 4; id++) {
      const r = new Rng(10 + id);
      const mdp = randomMdp(r, { nStates: 5, nActions: 2, gamma: 0.9, dirichletAlpha: 0.5 });
      const pi = randomPolicy(r, mdp);
      const d = bisimulationMetric(mdp, pi, { tol: 1e-12 }).d;
      const c = checkWassersteinOrder(mdp, pi, d);
      expect(c.holds).toBe(true);
      expect(c.maxGap).toBeGreaterThan(1e-3);
      expect(checkWassersteinOrder(mdp, pi, d, { lower: 2, upper: 1 }).holds).toBe(false);
    }
  });
});

describe("T17: PSM (3.7)–(3.8)", () => {
  it("two self-looping states with different actions: d = 1/(1 − γ) by both forms", () => {
    const mdp = createMdp({ P: [[[1, 0], [1, 0]], [[0, 1], [0, 1]]], R: [[0, 0], [0, 0]], gamma: 0.9 });
    const pi = Float64Array.from([1, 0, 0, 1]);
    const tv = policyTotalVariation(pi, 2, 2);
    expect(psmDeterministic([0, 1], tv, 0.9)[1]).toBeCloseTo(10, 10);
    expect(fixedPoint(psmOperator(mdp, pi), new Float64Array(4), { tol: 1e-12 }).d[1]).toBeCloseTo(10, 9);
  });

  it("(3.7) with exact W1 equals (3.8) on deterministic MDPs, and contracts with modulus γ; DIST = ‖Δπ‖₁ (not TV) or a dropped γ breaks it", () => {
    for (let id = 0; id < 4; id++) {
      const r = new Rng(20 + id);
      const mdp = randomMdp(r, { nStates: 6, nActions: 3, gamma: 0.9, transitions: "deterministic" });
      const pi = randomPolicy(r, mdp, { kind: "deterministic" });
      expect(checkPsmDeterministic(mdp, pi).holds).toBe(true);
      const l1 = policyTotalVariation(pi, 6, 3).map((x) => 2 * x);
      expect(checkPsmDeterministic(mdp, pi, l1).holds).toBe(false);
      expect(checkContraction(psmOperator(mdp, pi), 0.9, r.fork("c")).holds).toBe(true);
      expect(checkContraction(psmOperator(mdp, pi), 0.5, r.fork("c")).holds).toBe(false); // the modulus is γ, not less
    }
  });
});

describe("T20: stop-gradients of AMBS, measured by the gradient probe", () => {
  it("the probe reports the norm of a gradient that flows and an exact 0 for a tensor computed outside the loss", () => {
    const a = tf.variable(tf.tensor1d([1, 2]), true, "probe-a");
    const b = tf.variable(tf.tensor1d([3, 4]), true, "probe-b");
    const opt = new Adam([a], { lr: 0.1 });
    const seen: number[][] = [];
    withGradientProbe([a, b], (s) => seen.push([s.norms.get(a)!, s.norms.get(b)!]), () => {
      gradStep(() => tf.sum(tf.mul(a, b)) as tf.Scalar, [opt]); // ∂/∂b = a = (1, 2) although b is not trained
      const bFixed = tf.clone(b);
      gradStep(() => tf.sum(tf.mul(a, bFixed)) as tf.Scalar, [opt]); // b "detached"
      bFixed.dispose();
    });
    expect(seen[0]![1]).toBeCloseTo(Math.sqrt(5), 5);
    expect(seen[1]![1]).toBe(0);
    expect(seen[1]![0]).toBeCloseTo(5, 5);
    expect(() => withGradientProbe([a], () => {}, () => withGradientProbe([a], () => {}, () => 0))).toThrow("already active");
    [a, b].forEach((v) => v.dispose());
    opt.dispose();
  });

  it("∂ℓ/∂η = 0, ∂J_Q/∂η ≠ 0, ∂ℓ/∂θ_P̂ = 0, ∂J_π/∂(conv, φ_r, φ_d) = 0, ∂J_Q/∂θ̄ = 0 on a real AMBS update; the controls are non-zero", () => {
    const rows = ambsStopGradients({ seed: 1 });
    expect(rows.length).toBe(10);
    for (const r of rows) expect(r.holds, `${r.step} → ${r.group}: ${r.norm} (${r.expected})`).toBe(true);
    expect(rows.filter((r) => r.expected === "zero").every((r) => r.norm === 0)).toBe(true);
  });
});

describe("T21: the order of (4.8) vs (4.10) and the symmetry of f", () => {
  it("the exact one-sided sign test: P(Bin(10, ½) ≥ 9) = 11/1024; ties are dropped", () => {
    expect(binomialUpperTail(9, 10)).toBeCloseTo(11 / 1024, 15);
    expect(binomialUpperTail(10, 10)).toBeCloseTo(1 / 1024, 15);
    expect(binomialUpperTail(0, 10)).toBe(1);
    expect(signTestPositive([1, 2, 0, -1])).toEqual({ positive: 2, nonZero: 3, pValue: 0.5 });
  });

  it("(4.8)'s order leaves f less asymmetric than (4.10)'s at p < 0.05 over 10 paired seeds; (4.10) on both sides gives p = 1", () => {
    const diffs: number[] = [];
    const same: number[] = [];
    for (let seed = 0; seed < 10; seed++) {
      const ji = metaSymmetryRun("ji", seed, { steps: 15, lr: 1e-2 });
      const ij = metaSymmetryRun("ij", seed, { steps: 15, lr: 1e-2 });
      diffs.push(ij.asymmetry - ji.asymmetry);
      same.push(ij.asymmetry - metaSymmetryRun("ij", seed, { steps: 15, lr: 1e-2 }).asymmetry);
    }
    expect(signTestPositive(diffs).pValue).toBeLessThan(0.05);
    expect(signTestPositive(same).pValue).toBe(1);
  }, 120_000);
});

describe("T22: DrQ target averaging (3.3)", () => {
  it("Var(ȳ_N) ≈ Var(y₁)/N (10%), non-increasing in N; summing instead of averaging breaks it", () => {
    const setup = { side: 12, pad: 2, hidden: 16 };
    const { image, value } = fixedShiftValue(new Rng(3), setup);
    const values = valuesOverAllShifts(image, setup.side, setup.pad, value);
    expect(values.length).toBe(25);
    // shift (dx, dy) = (pad, pad) is the identity crop
    expect(values[2 * 5 + 2]).toBeCloseTo(value(image), 12);
    const v1 = variance(values);
    expect(v1).toBeGreaterThan(0);
    let prev = Infinity;
    for (const N of [1, 2, 4, 8]) {
      const v = averagedTargetVariance(image, setup, values, N, 10_000, new Rng(100 + N));
      expect(Math.abs(v - v1 / N) / (v1 / N), `N = ${N}`).toBeLessThan(0.1);
      expect(v).toBeLessThanOrEqual(prev);
      prev = v;
    }
    const summed = averagedTargetVariance(image, setup, values, 4, 10_000, new Rng(104), (ys) => ys.reduce((a, b) => a + b, 0));
    expect(Math.abs(summed - v1 / 4) / (v1 / 4)).toBeGreaterThan(0.1);
  });
});

describe("T23: InfoNCE (3.4)", () => {
  it("−(3.4) is the cross-entropy with the positive at index 0 (not at another index), ≥ 0, log(K + 1) at equal logits; curlLoss agrees", () => {
    const rng = new Rng(4);
    const d = 6;
    const vec = () => Array.from({ length: d }, () => rng.normal());
    const I = Float64Array.from({ length: d * d }, (_, t) => (t % (d + 1) === 0 ? 1 : 0));
    for (let c = 0; c < 20; c++) {
      const [q, pos] = [vec(), vec()];
      const negs = [vec(), vec(), vec()];
      const logits = [pos, ...negs].map((k) => q.reduce((s, x, a) => s + x * k[a]!, 0));
      const loss = -infoNceAsPrinted(q, I, pos, negs);
      expect(Math.abs(loss - softmaxCrossEntropy(logits, 0))).toBeLessThan(1e-12);
      expect(Math.abs(loss - softmaxCrossEntropy(logits, 1))).toBeGreaterThan(1e-6);
      expect(loss).toBeGreaterThanOrEqual(0);
    }
    expect(-infoNceAsPrinted(new Array(d).fill(0), I, vec(), [vec(), vec(), vec()])).toBeCloseTo(Math.log(4), 12);
    const qs = [vec(), vec(), vec(), vec()];
    const ks = [vec(), vec(), vec(), vec()];
    const want = qs.reduce((s, q, b) => s - infoNceAsPrinted(q, I, ks[b]!, ks.filter((_, i) => i !== b)), 0) / 4;
    expect(tf.tidy(() => curlLoss(tf.tensor2d(qs), tf.tensor2d(ks), tf.eye(d) as tf.Tensor2D).dataSync()[0]!)).toBeCloseTo(want, 4);
  });
});

describe("T24: the dynamics loss (4.16)", () => {
  it("the NLL recovers σ = 0.3 (5%) and μ = Ax; the printed form drives σ to its clamp and fails the same criterion", () => {
    const nll = fitDynamicsModel("nll", new Rng(5), { samples: 400, steps: 6000 });
    expect(dynamicsFitRecovers(nll), JSON.stringify(nll)).toBe(true);
    const printed = fitDynamicsModel("printed-4.16", new Rng(5), { samples: 400, steps: 6000 });
    expect(dynamicsFitRecovers(printed)).toBe(false);
    expect(sigmaAtUpperClamp(printed), JSON.stringify(printed.sigma)).toBe(true);
  });
});

describe("the chapter's Chapter 3–4 run (smoke tier)", () => {
  it("stores a row per case; the errata rows fail as printed and pass corrected; every other check holds; the claims are valid", () => {
    const res = runCh34Theory({ tier: "smoke", seed: 0 });
    const failing = res.rows.filter((r) => r.holds !== 1).map((r) => `${r.check} ${r.form}`);
    expect(new Set(failing)).toEqual(new Set(["T12 printed (4.15)", "T24 printed (4.16)"]));
    expect(new Set(res.rows.map((r) => r.check))).toEqual(new Set(["T12", "T13", "T14", "T17", "T20", "T21", "T22", "T23", "T24"]));
    const claims = ch34Claims(res);
    validateClaims(claims);
    const notReproduced = claims.filter((c) => c.verdict === "not reproduced").map((c) => c.source.slice(0, 17));
    expect(notReproduced).toEqual(["Eq. (4.15), §4.7.", "Eq. (4.16), §4.7."]);
    expect(claims.filter((c) => c.verdict === "reproduced").length).toBe(9);
    expect(claims.length).toBe(11);
  }, 120_000);
});
