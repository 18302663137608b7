/**
 * The Chapter 5 representation sandbox (src/agents/sandbox.ts): each method's distance on hand
 * inputs, rapLoss's L2 option on hand inputs, every loss falling on a small rendered data set,
 * the target encoder's Polyak step, determinism from the seed, and one-line errors.
 * Mutants seen to fail: DBC mapped to the L2 distance (distance test), rapLoss ignoring
 * `embeddingDistance` (the 576 value), the target encoder copied (τ = 1) instead of averaged
 * (Polyak test; also in test/mutations/agents.test.ts), the encoder Adam step dropped (loss test).
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import type { Pairs } from "../../src/agents/metric-blocks.js";
import { rapLoss } from "../../src/agents/rap.js";
import { embedObservations, initSandbox, pairDistances, sandboxDistance, trainSandbox, type SandboxMethod, type SandboxTraining } from "../../src/agents/sandbox.js";
import { Rng } from "../../src/core/rng.js";
import { meanClosedMdp } from "../../src/metrics/examples.js";
import { renderEveryState, sampleObservedTransitions } from "../../src/mdp/observations.js";

beforeAll(async () => {
  await initBackend({ quiet: true, threads: 1 });
});

const METHODS: SandboxMethod[] = [
  { name: "mico", loss: "mico", beta: 0.1 },
  { name: "dbc", loss: "dbc" },
  { name: "rap", loss: "rap", k: 0.1 },
  { name: "rap-l2", loss: "rap-l2" },
  { name: "rap-shift", loss: "rap-shift", k: 1e-5 },
];

const TRAIN: SandboxTraining = { hidden: 32, latent: 8, batch: 32, steps: 120, lr: 3e-3, modelWidth: 32, tau: 0.05, gamma: 0.9, logEvery: 20, outputScale: 0.1 };

function smallData(seed: number) {
  const rng = new Rng(seed);
  const ex = meanClosedMdp(rng.fork("mdp"), { nStates: 9, nActions: 2, gamma: 0.9, rewards: "random" });
  return sampleObservedTransitions(rng.fork("data"), ex.mdp, ex.pi, 400);
}

describe("sandboxDistance", () => {
  it("is each loss's own distance: U for MICo, L1 for DBC, d̂_G with k for RAP, L2 for the ablation", () => {
    // x = (1, 0), y = (0, 2): ‖x‖² = 1, ‖y‖² = 4, θ = π/2
    const x = Float64Array.from([1, 0]);
    const y = Float64Array.from([0, 2]);
    const d = (m: SandboxMethod) => pairDistances(m, x, y, 2)[0]!;
    expect(d(METHODS[0]!)).toBeCloseTo(2.5 + 0.1 * (Math.PI / 2), 5);
    expect(d(METHODS[1]!)).toBeCloseTo(3, 5);
    expect(d(METHODS[2]!)).toBeCloseTo(5 + 0.1 * (Math.PI / 2), 5);
    expect(d(METHODS[3]!)).toBeCloseTo(Math.sqrt(5), 5);
  });

  it("a method without its parameter is a one-line error", () => {
    expect(() => sandboxDistance({ name: "bad", loss: "rap" })).toThrow(/needs k > 0/);
    expect(() => sandboxDistance({ name: "bad", loss: "mico" })).toThrow(/needs β ≥ 0/);
  });
});

describe("rapLoss with embeddingDistance l2", () => {
  it("uses ‖x − y‖₂ on both sides of (5.15) (hand value)", () => {
    // z0 = 0, z1 = (3, 4): ‖z0 − z1‖ = 5; predicted next means equal: next distance 0; r = 0, 1; σ̂ = 0
    // lhs = (5 − 0.9·0)² = 25, rhs = 1 − 0 − 0 = 1 → loss (25 − 1)² = 576 on both pairs
    const swap: Pairs = { first: Int32Array.from([0, 1]), second: Int32Array.from([1, 0]) };
    const v = tf.tidy(() =>
      rapLoss(tf.tensor2d([0, 0, 3, 4], [2, 2]), tf.tensor2d([0, 1], [2, 1]), tf.zeros([2, 1]), tf.ones([2, 2]), null, swap, {
        gamma: 0.9,
        k: 1,
        nextStateDistance: "rap",
        regression: "squared",
        embeddingDistance: "l2",
      }).dataSync()[0]!,
    );
    expect(v).toBeCloseTo(576, 2);
  });
});

describe("trainSandbox", () => {
  it("every method's metric loss falls on a small rendered data set", () => {
    const data = smallData(0);
    for (const m of METHODS) {
      const rng = new Rng(1).fork(m.name);
      const { encoder, models } = initSandbox(m, data, TRAIN, rng);
      const curve = trainSandbox(m, data, TRAIN, encoder, models, rng);
      expect(curve.map((p) => p.step)).toEqual([20, 40, 60, 80, 100, 120]);
      expect(curve[curve.length - 1]!.loss, m.name).toBeLessThan(0.9 * curve[0]!.loss);
      encoder.dispose();
    }
  });

  it("Polyak-averages the target encoder with τ after each step", () => {
    const data = smallData(1);
    const m = METHODS[3]!;
    const rng = new Rng(2);
    const { encoder, models } = initSandbox(m, data, TRAIN, rng);
    const before = encoder.params.vars.map((v) => Float64Array.from(v.dataSync()));
    expect(encoder.target.vars.map((v) => Array.from(v.dataSync()))).toEqual(before.map((a) => Array.from(new Float32Array(a))));
    trainSandbox(m, data, { ...TRAIN, steps: 1, logEvery: 1 }, encoder, models, rng);
    encoder.params.vars.forEach((v, i) => {
      const online = v.dataSync();
      const target = encoder.target.vars[i]!.dataSync();
      let moved = 0;
      online.forEach((o, k) => {
        expect(target[k]!).toBeCloseTo(0.95 * before[i]![k]! + 0.05 * o, 5);
        moved = Math.max(moved, Math.abs(o - before[i]![k]!));
      });
      if (i === 0) expect(moved).toBeGreaterThan(1e-4); // the online encoder did step
    });
    encoder.dispose();
  });

  it("the same seed gives the same curve and embeddings", () => {
    const data = smallData(2);
    const evalObs = renderEveryState(new Rng(3), 9, 2);
    const run = () => {
      const rng = new Rng(4);
      const { encoder, models } = initSandbox(METHODS[2]!, data, { ...TRAIN, steps: 20 }, rng);
      const curve = trainSandbox(METHODS[2]!, data, { ...TRAIN, steps: 20 }, encoder, models, rng);
      const emb = embedObservations(encoder, evalObs, 144);
      encoder.dispose();
      return { curve, emb: Array.from(emb) };
    };
    expect(run()).toEqual(run());
  });

  it("rejects a batch larger than the data, in one line", () => {
    const data = smallData(3);
    const { encoder, models } = initSandbox(METHODS[1]!, data, TRAIN, new Rng(0));
    expect(() => trainSandbox(METHODS[1]!, data, { ...TRAIN, batch: 1000 }, encoder, models, new Rng(0))).toThrow(/fewer than one batch/);
    encoder.dispose();
  });
});
