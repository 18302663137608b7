/**
 * The MLP state encoder (agent key `stateEncoder`, src/agents/state-encoder.ts) under the
 * representation-learning agents: the key is optional (configs without it are unchanged), the
 * agents that learn an encoder accept states only with it, DrQ-style shifts are refused on
 * vectors, AMBS's [φ_r : φ_d] split and its c work on the MLP encoder as on the conv encoder, and
 * every metric agent trains, leaks nothing and restores bit for bit from states.
 * (The critic/actor wiring of the MLP encoder itself: test/agents/wiring.test.ts.)
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { AmbsObjective } from "../../src/agents/ambs.js";
import { agentConfig, type AgentSpec } from "../../src/agents/config.js";
import { makeAgent } from "../../src/agents/make-agent.js";
import { samplePairs } from "../../src/agents/metric-blocks.js";
import { StateEncoder } from "../../src/agents/state-encoder.js";
import { initBackend } from "../../src/backend/index.js";
import { Rng } from "../../src/core/rng.js";
import { filledReplay } from "./replay-fixture.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

const stateSpec: AgentSpec = { observation: "state", obsShape: [5], actionDim: 2 }; // replay-fixture.ts writes 5-d states
const pixelSpec: AgentSpec = { observation: "pixels", obsShape: [16, 16, 9], actionDim: 2 };
const TINY = { hiddenDim: 16, featureDim: 6, batchSize: 8, stateEncoder: [10] };
const MODELS = { modelWidth: 12 };
const val = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const snapshot = (vars: readonly tf.Variable[]): number[] => vars.flatMap((v) => Array.from(v.dataSync()));
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
};

describe("the stateEncoder key", () => {
  it("is optional: a config without it has no such key (stored configs, golden fixtures and checkpoint fingerprints stay as they were); with it, the hidden widths", () => {
    for (const algorithm of ["sac", "drq", "dbc", "mico", "ambs", "rap"]) expect(agentConfig({ algorithm })).not.toHaveProperty("stateEncoder");
    expect(agentConfig({ algorithm: "dbc", stateEncoder: [64, 32] })).toMatchObject({ stateEncoder: [64, 32] });
    expect(message(() => agentConfig({ stateEncoder: "mlp" }))).toMatch(/key "stateEncoder" must be a list of finite numbers/);
  });

  it("builds the MLP encoder from states only; an empty or fractional width list, or pixels, is a one-line error", () => {
    const agent = makeAgent(agentConfig({ algorithm: "sac", ...TINY }), stateSpec, 1);
    expect(agent.encoder.online).toBeInstanceOf(StateEncoder);
    expect(agent.encoder.featureDim).toBe(6);
    agent.dispose();
    const plain = makeAgent(agentConfig({ algorithm: "sac", hiddenDim: 16 }), stateSpec, 1);
    expect(plain.encoder.online).toBeNull();
    expect(plain.encoder.featureDim).toBe(5); // identity: features = observation
    plain.dispose();
    expect(message(() => makeAgent(agentConfig({ algorithm: "sac", ...TINY, stateEncoder: [] }), stateSpec, 1))).toMatch(/stateEncoder must list positive integer hidden widths/);
    expect(message(() => makeAgent(agentConfig({ algorithm: "sac", ...TINY, stateEncoder: [4.5] }), stateSpec, 1))).toMatch(/positive integer hidden widths/);
    const px = message(() => makeAgent(agentConfig({ algorithm: "sac", ...TINY, numLayers: 1, numFilters: 2 }), pixelSpec, 1));
    expect(px).toMatch(/stateEncoder is the MLP encoder of state observations/);
    expect(px).not.toContain("\n");
  });

  it("the metric agents need it from states; DrQ-style shifts are refused on vectors (DrQ itself, DBC + DrQ, AMBS with augmentation \"drq\")", () => {
    for (const algorithm of ["dbc", "mico", "ambs", "rap"]) {
      expect(message(() => makeAgent(agentConfig({ algorithm, hiddenDim: 16, batchSize: 8 }), stateSpec, 1))).toMatch(/use observation "pixels", or for states set stateEncoder/);
    }
    expect(message(() => makeAgent(agentConfig({ algorithm: "ambs", ...TINY, ...MODELS }), stateSpec, 1))).toMatch(/AMBS's augmentation "drq" shifts images; from states use augmentation "none"/);
    expect(message(() => makeAgent(agentConfig({ algorithm: "dbc", ...TINY, ...MODELS, augmentation: "drq" }), stateSpec, 1))).toMatch(/DBC's augmentation "drq" shifts images/);
    expect(message(() => makeAgent(agentConfig({ algorithm: "drq", ...TINY }), stateSpec, 1))).toMatch(/use observation "pixels"/);
  });
});

const AMBS_STATES = { algorithm: "ambs", ...TINY, ...MODELS, metaHidden: 5, augmentation: "none" };

describe("AMBS on the MLP encoder: the φ = [φ_r : φ_d] split and c", () => {
  it("the critic reads [(1 − c)φ_r : c φ_d] of the MLP encoder's output, (1 − c, c) = softmax(η)", () => {
    const agent = makeAgent(agentConfig(AMBS_STATES), stateSpec, 2);
    const enc = agent.encoder;
    expect(val(enc.eta!)).toEqual([0, 0]);
    enc.eta!.assign(tf.tensor1d([0.4, -0.1]));
    const obs = agent.obsTensor(filledReplay(stateSpec, new Rng(1)).sample(4, new Rng(2)).obs, 4);
    const u = val(enc.unweightedFeatures(obs));
    const f = val(enc.features(obs, new Rng(0)));
    const e = [Math.exp(0.4), Math.exp(-0.1)];
    const w = [e[0]! / (e[0]! + e[1]!), e[1]! / (e[0]! + e[1]!)];
    f.forEach((v, k) => expect(v).toBeCloseTo(u[k]! * (k % 6 < 3 ? w[0]! : w[1]!), 5)); // rewardFraction ½ of 6: φ_r = 3 dims
    obs.dispose();
    agent.dispose();
  });

  it("the metric loss trains the trunk and the head but not η; η is in the critic's Adam only; the trunk is in the metric step's Adam", () => {
    const rng = new Rng(5);
    const agent = makeAgent(agentConfig(AMBS_STATES), stateSpec, 3);
    const obj = agent.auxiliary[0] as AmbsObjective;
    const eta = agent.encoder.eta!;
    const trunk = (agent.encoder.online as StateEncoder).trunkParams;
    const batch = filledReplay(stateSpec, rng).sample(8, rng);
    const obs = agent.obsTensor(batch.obs, 8);
    const action = tf.tensor2d(batch.actions, [8, 2]);
    const reward = tf.tensor2d(batch.rewards, [8, 1]);
    const { grads } = tf.variableGrads(() => obj.metricLoss(obs, obs, reward, action, samplePairs("permutation", 8, rng)), [eta, ...agent.encoder.representationVars]);
    expect(grads[eta.name] ? val(grads[eta.name]!).every((x) => x === 0) : true).toBe(true);
    for (const v of trunk) expect(val(grads[v.name]!).some((x) => x !== 0), `ℓ reaches ${v.name}`).toBe(true);
    expect(agent.critic.opt.vars).toContain(eta);
    for (const o of obj.optimizers()) expect(o.vars).not.toContain(eta);
    for (const v of trunk) expect(obj.encoderOpt.vars).toContain(v);
    tf.dispose([obs, action, reward, ...Object.values(grads)]);
    agent.dispose();
  });
});

const METRIC_AGENTS: [string, Record<string, unknown>][] = [
  ["dbc", { algorithm: "dbc", ...TINY, ...MODELS }],
  ["mico", { algorithm: "mico", ...TINY }],
  ["ambs (w/o augmentation)", AMBS_STATES],
  ["rap", { algorithm: "rap", ...TINY, ...MODELS }],
];

describe.each(METRIC_AGENTS)("%s from states with the MLP encoder", (_name, raw) => {
  it("updates with finite losses, moves the encoder, keeps a constant tensor count and restores bit for bit", () => {
    const rng = new Rng(7);
    const baseline = tf.memory().numTensors;
    const replay = filledReplay(stateSpec, rng);
    const a = makeAgent(agentConfig(raw), stateSpec, 4);
    const enc0 = snapshot(a.encoder.vars);
    const counts: number[] = [];
    for (let i = 0; i < 6; i++) {
      const m = a.update(replay.sample(8, new Rng(10 + i)));
      expect(Number.isFinite(m.criticLoss)).toBe(true);
      expect(Number.isFinite(m.auxLoss)).toBe(true);
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts.slice(3)).size).toBe(1);
    expect(snapshot(a.encoder.vars)).not.toEqual(enc0);
    const b = makeAgent(agentConfig(raw), stateSpec, 99);
    b.setState(a.getState());
    for (let i = 0; i < 2; i++) expect(b.update(replay.sample(8, new Rng(20 + i)))).toEqual(a.update(replay.sample(8, new Rng(20 + i))));
    const one = replay.sample(1, new Rng(1)).obs;
    expect(b.act(one, true)).toEqual(a.act(one, true));
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
