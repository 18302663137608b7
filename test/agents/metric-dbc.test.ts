/**
 * DBC (src/agents/dbc.ts): the bisimulation loss on hand-checkable inputs (paper and code forms,
 * γ, the stop-gradient on the target, both pair samplers), the reference hook order (critic →
 * bisimulation → actor/α → targets), the gradient routing of the three losses inside the agent,
 * the presets, and a smoke-size training step. Named cases of the mutation harness
 * (test/mutations/agents.test.ts) are marked there.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { agentConfig, type AgentSpec } from "../../src/agents/config.js";
import { dbcBisimulationLoss, type BisimulationObjective } from "../../src/agents/dbc.js";
import { makeAgent } from "../../src/agents/make-agent.js";
import { samplePairs, type Pairs } from "../../src/agents/metric-blocks.js";
import { agentPreset, DBC_REFERENCE } from "../../src/agents/presets.js";
import { Rng } from "../../src/core/rng.js";
import { randomNormal } from "../../src/core/tf-random.js";
import { filledReplay } from "./replay-fixture.js";
import { recordSteps } from "./step-order.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

const val = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const swap: Pairs = { first: Int32Array.from([0, 1]), second: Int32Array.from([1, 0]) };
// two states: h = (0,0), (1,2); r = 0, 1; predicted next latents N((0,0), I), N((3,4), I)
const H = () => tf.tensor2d([[0, 0], [1, 2]]);
const R = () => tf.tensor2d([[0], [1]]);
const MU = () => tf.tensor2d([[0, 0], [3, 4]]);
const SIG = () => tf.ones([2, 2]);

describe("DBC bisimulation loss on hand-checkable inputs", () => {
  it("paper form: (‖h_i − h_j‖₁ − |r_i − r_j| − γ W2)² = (3 − 1 − 5γ)²", () => {
    expect(val(dbcBisimulationLoss(H(), R(), MU(), SIG(), swap, 0.5, "paper"))[0]).toBeCloseTo((3 - 1 - 2.5) ** 2, 6);
    expect(val(dbcBisimulationLoss(H(), R(), MU(), SIG(), swap, 0.9, "paper"))[0]).toBeCloseTo((3 - 1 - 4.5) ** 2, 5);
  });

  it("code form: per dimension, smoothL1(h) = (½, 1½) vs smoothL1(r) = ½ plus γ·(3, 4): mean((½ − 2)², (1½ − 2½)²)", () => {
    expect(val(dbcBisimulationLoss(H(), R(), MU(), SIG(), swap, 0.5, "code"))[0]).toBeCloseTo((1.5 ** 2 + 1) / 2, 6);
  });

  it("deterministic model (σ absent): W2 reduces to ‖μ_i − μ_j‖", () => {
    const sig = tf.tensor2d([[1, 1], [2, 2]]);
    expect(val(dbcBisimulationLoss(H(), R(), MU(), null, swap, 0.5, "paper"))[0]).toBeCloseTo((3 - 1 - 2.5) ** 2, 6);
    // with σ (1,1) vs (2,2) the W2 is sqrt(25 + 2)
    expect(val(dbcBisimulationLoss(H(), R(), MU(), sig, swap, 0.5, "paper"))[0]).toBeCloseTo((3 - 1 - 0.5 * Math.sqrt(27)) ** 2, 5);
  });

  it("the target carries no gradient: ∂L/∂(r, μ, σ) = 0 and ∂L/∂h is the embedding term's alone", () => {
    const grads = tf.grads((r: tf.Tensor, mu: tf.Tensor, sigma: tf.Tensor) => dbcBisimulationLoss(H(), r, mu, sigma, swap, 0.5, "paper"))([R(), MU(), SIG()]);
    for (const g of grads) expect(val(g).every((x) => x === 0)).toBe(true);
    // L = (d − t)² for both pairs, d = ‖h_1 − h_0‖₁ = 3, t = 3.5: ∂L/∂h_1 = 2(d − t)·sign(h_1 − h_0) = −1, ∂L/∂h_0 = +1
    const gh = tf.grad((h: tf.Tensor) => dbcBisimulationLoss(h, R(), MU(), SIG(), swap, 0.5, "paper"))(H());
    expect(val(gh)).toEqual([1, 1, -1, -1].map((x) => expect.closeTo(x, 5)));
  });

  it("samplers: permutation pairs vs all B² pairs (self-pairs of equal Gaussians have distance and target 0)", () => {
    const all = samplePairs("all-pairs", 2, new Rng(0));
    // all pairs (0,0), (0,1), (1,0), (1,1): two zero terms and two of 0.25
    expect(val(dbcBisimulationLoss(H(), R(), MU(), SIG(), all, 0.5, "paper"))[0]).toBeCloseTo(0.125, 6);
    expect(val(dbcBisimulationLoss(H(), R(), MU(), SIG(), swap, 0.5, "paper"))[0]).toBeCloseTo(0.25, 6);
  });
});

const PX = 16;
const TINY = { hiddenDim: 16, featureDim: 6, numLayers: 2, numFilters: 4, batchSize: 8, modelWidth: 12 };
const spec: AgentSpec = { observation: "pixels", obsShape: [PX, PX, 9], actionDim: 2 };
const snapshot = (vars: readonly tf.Variable[]): number[] => vars.flatMap((v) => Array.from(v.dataSync()));
const objectiveOf = (agent: ReturnType<typeof makeAgent>) => agent.auxiliary[0] as BisimulationObjective;

describe("DBC presets", () => {
  it("agentConfig({ algorithm: \"dbc\" }) is deep_bisim4control's train.py table (presets.ts DBC_REFERENCE)", () => {
    const cfg = agentConfig({ algorithm: "dbc" });
    expect(cfg).toMatchObject({
      hiddenDim: 256, batchSize: 512, criticTau: 0.005, encoderTau: 0.005, alphaLr: 1e-3, alphaBeta: 0.9, initTemperature: 0.01, // train.py:45, :44, :55, :67, :78, :79, :77
      encoderLr: 1e-3, decoderLr: 1e-3, decoderWeightLambda: 0, bisimCoef: 0.5, modelWidth: 512, // train.py:66, :70, :72, :47; transition_model.py:100
      transitionModel: "probabilistic", dbcForm: "paper", pairs: "permutation", augmentation: "none", featureTanh: false, initialUpdateBurst: true,
    });
    expect(cfg).toMatchObject(DBC_REFERENCE);
    expect(agentPreset("dbc")).toEqual(DBC_REFERENCE);
  });

  it("dbc-code differs from dbc exactly in dbcForm; dbc-run-local exactly in run_local.sh's overrides", () => {
    const diff = (a: Record<string, unknown>, b: Record<string, unknown>) => Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]).sort();
    expect(diff(agentPreset("dbc"), agentPreset("dbc-code"))).toEqual(["dbcForm"]);
    const local = agentPreset("dbc-run-local");
    expect(diff(agentPreset("dbc-code"), local)).toEqual(["alphaBeta", "alphaLr", "batchSize", "criticTau", "decoderWeightLambda", "encoderTau", "hiddenDim", "initTemperature"]);
    expect(local).toMatchObject({ criticTau: 0.01, encoderTau: 0.05, decoderWeightLambda: 1e-7, hiddenDim: 1024, batchSize: 128, initTemperature: 0.1, alphaLr: 1e-4, alphaBeta: 0.5 });
    for (const name of ["dbc", "dbc-code", "dbc-run-local"]) expect(() => agentConfig({ algorithm: "dbc", ...agentPreset(name) })).not.toThrow();
  });

  it("DBC options are refused for other algorithms with a one-line error", () => {
    expect(() => agentConfig({ algorithm: "sac", bisimCoef: 1 })).toThrow(/key "bisimCoef" is an option of dbc, not of sac/);
  });
});

describe("DBC agent", () => {
  it("hook order of one update: critic → bisimulation (encoder + models) → actor → α → soft targets (bisim_agent.py:266-289)", () => {
    const rng = new Rng(2);
    const agent = makeAgent(agentConfig({ algorithm: "dbc", ...TINY }), spec, 1);
    const obj = objectiveOf(agent);
    const order = recordSteps(agent, { critic: agent.critic.opt, "bisim-encoder": obj.encoderOpt, "bisim-models": obj.modelOpt, actor: agent.actor.opt, alpha: agent.temperature.opt }, () => {
      const replay = filledReplay(spec, rng);
      agent.update(replay.sample(8, rng));
      agent.update(replay.sample(8, rng));
    });
    expect(order).toEqual(["critic", "bisim-encoder", "bisim-models", "critic", "bisim-encoder", "bisim-models", "actor", "alpha", "targets"]);
  });

  it("gradient routing: the bisimulation loss trains the encoder only (not P̂, not R̂); the model losses train P̂, R̂ and the encoder", () => {
    const rng = new Rng(4);
    const agent = makeAgent(agentConfig({ algorithm: "dbc", ...TINY }), spec, 3);
    const obj = objectiveOf(agent);
    const batch = filledReplay(spec, rng).sample(8, rng);
    const obs = agent.obsTensor(batch.obs, 8);
    const nextH = agent.encoder.features(agent.obsTensor(batch.nextObs, 8), rng);
    const action = tf.tensor2d(batch.actions, [8, 2]);
    const reward = tf.tensor2d(batch.rewards, [8, 1]);
    const pairs = samplePairs("permutation", 8, rng);
    const noise = randomNormal(rng, [8, 6]);
    const norms = (which: "bisimulation" | "transition" | "reward", vars: readonly tf.Variable[]) => {
      const { grads } = tf.variableGrads(() => obj.terms(obs, action, reward, nextH, pairs, noise, rng)[which], vars as tf.Variable[]);
      return vars.map((v) => (grads[v.name] ? Math.sqrt(val(tf.sum(tf.square(grads[v.name]!)))[0]!) : 0));
    };
    const models = [...obj.transition.params.vars, ...obj.reward.params.vars];
    expect(norms("bisimulation", models).every((n) => n === 0)).toBe(true);
    expect(norms("bisimulation", agent.encoder.vars).some((n) => n > 0)).toBe(true);
    expect(norms("transition", obj.transition.params.vars).some((n) => n > 0)).toBe(true);
    expect(norms("transition", agent.encoder.vars).some((n) => n > 0)).toBe(true);
    expect(norms("reward", obj.reward.params.vars).some((n) => n > 0)).toBe(true);
    // the objective's Adams hold the critic's encoder and the two models, never the critic or the actor
    expect(obj.encoderOpt.vars).toEqual(agent.encoder.vars);
    expect(obj.modelOpt.vars).toEqual(models);
  });

  it("smoke: updates on the reference loss and both presets run, losses finite, the encoder and models move", () => {
    for (const preset of ["dbc", "dbc-code"]) {
      const rng = new Rng(6);
      const agent = makeAgent(agentConfig({ algorithm: "dbc", ...agentPreset(preset), ...TINY }), spec, 5);
      const obj = objectiveOf(agent);
      const replay = filledReplay(spec, rng);
      const enc0 = snapshot(agent.encoder.vars);
      const model0 = snapshot(obj.transition.params.vars);
      for (let u = 0; u < 3; u++) {
        const m = agent.update(replay.sample(8, rng));
        for (const v of [m.criticLoss, m.auxLoss, obj.last.bisimulation, obj.last.transition, obj.last.reward]) expect(Number.isFinite(v), `${preset}: ${JSON.stringify(m)} ${JSON.stringify(obj.last)}`).toBe(true);
      }
      expect(snapshot(agent.encoder.vars)).not.toEqual(enc0);
      expect(snapshot(obj.transition.params.vars)).not.toEqual(model0);
      agent.dispose();
    }
  });

  it("DBC + DrQ (augmentation \"drq\"): K = M = 2 shifted views; deterministic model and all-pairs also run", () => {
    const rng = new Rng(7);
    const agent = makeAgent(agentConfig({ algorithm: "dbc", ...TINY, augmentation: "drq", transitionModel: "deterministic", pairs: "all-pairs" }), spec, 2);
    const m = agent.update(filledReplay(spec, rng).sample(8, rng));
    expect(Number.isFinite(m.auxLoss)).toBe(true);
    expect(objectiveOf(agent).transition.params.names.some((n) => n.includes("sigma"))).toBe(false);
  });

  it("same seed, same numbers; a checkpoint restores the models and their Adams", () => {
    const run = (restoreFrom?: ReturnType<ReturnType<typeof makeAgent>["getState"]>) => {
      const rng = new Rng(9);
      const agent = makeAgent(agentConfig({ algorithm: "dbc", ...TINY }), spec, 8);
      const replay = filledReplay(spec, rng);
      const b1 = replay.sample(8, rng);
      const b2 = replay.sample(8, rng);
      if (restoreFrom) agent.setState(restoreFrom);
      else agent.update(b1);
      const state = agent.getState();
      const m = agent.update(b2);
      return { m, state, params: snapshot(objectiveOf(agent).transition.params.vars) };
    };
    const a = run();
    const b = run(a.state);
    expect(b.m).toEqual(a.m);
    expect(b.params).toEqual(a.params);
  });
});
