import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { agentConfig, type AgentSpec } from "../../src/agents/config.js";
import { makeAgent } from "../../src/agents/make-agent.js";
import { filledReplay } from "./replay-fixture.js";
import { Rng } from "../../src/core/rng.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

const PX = 16;
const TINY = { hiddenDim: 16, featureDim: 6, numLayers: 2, numFilters: 4, batchSize: 8 };
const pixelSpec: AgentSpec = { observation: "pixels", obsShape: [PX, PX, 9], actionDim: 2 };
const stateSpec: AgentSpec = { observation: "state", obsShape: [5], actionDim: 2 };
/** CURL's reference crop: rendered at 16, the networks see 12 (reference 100 → 84). */
const cropSpec: AgentSpec = { ...pixelSpec, cropSize: 12 };


function snapshot(vars: readonly tf.Variable[]): number[] {
  return vars.flatMap((v) => Array.from(v.dataSync()));
}

const VARIANTS: [string, Record<string, unknown>, AgentSpec][] = [
  ["sac (states)", { algorithm: "sac" }, stateSpec],
  ["sac (pixels)", { algorithm: "sac" }, pixelSpec],
  ["drq", { algorithm: "drq" }, pixelSpec],
  ["curl", { algorithm: "curl" }, cropSpec],
  ["curl (legacy shift, one encoder step)", { algorithm: "curl", augmentation: "shift", curlEncoderSteps: 1, featureTanh: true, actorEncoder: "critic-head", weightInit: "glorot" }, pixelSpec],
  ["sac-ae (rae)", { algorithm: "sac-ae" }, pixelSpec],
  ["sac-ae (rae, legacy)", { algorithm: "sac-ae", actorEncoder: "critic-head", weightInit: "glorot", reconstructionTarget: "plain" }, pixelSpec],
  ["sac-ae (decoder off)", { algorithm: "sac-ae", decoder: "off" }, pixelSpec],
  ["sac-ae (end-to-end β-VAE)", { algorithm: "sac-ae", decoder: "vae", actorGradToEncoder: true }, pixelSpec],
  ["sac-ae (alternating β-VAE)", { algorithm: "sac-ae", decoder: "vae", alternateEvery: 2 }, pixelSpec],
];

describe.each(VARIANTS)("%s", (_name, raw, spec) => {
  it("updates with finite losses and a constant tensor count (no leaks); dispose frees everything", () => {
    const rng = new Rng(1);
    const baseline = tf.memory().numTensors;
    const agent = makeAgent(agentConfig({ ...TINY, ...raw }), spec, 3);
    const replay = filledReplay(spec, rng);
    const counts: number[] = [];
    for (let i = 0; i < 8; i++) {
      const m = agent.update(replay.sample(8, rng));
      expect(Number.isFinite(m.criticLoss) || Number.isFinite(m.auxLoss)).toBe(true);
      agent.act(replay.sample(1, rng).obs, false);
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts.slice(4)).size).toBe(1);
    agent.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it("getState/setState continues bit for bit", () => {
    const rng = new Rng(2);
    const replay = filledReplay(spec, rng);
    const a = makeAgent(agentConfig({ ...TINY, ...raw }), spec, 5);
    for (let i = 0; i < 3; i++) a.update(replay.sample(8, new Rng(10 + i)));
    const b = makeAgent(agentConfig({ ...TINY, ...raw }), spec, 99);
    b.setState(a.getState());
    for (let i = 0; i < 3; i++) {
      const ma = a.update(replay.sample(8, new Rng(20 + i)));
      const mb = b.update(replay.sample(8, new Rng(20 + i)));
      expect(mb).toEqual(ma);
    }
    expect(b.act(replay.sample(1, new Rng(1)).obs, false)).toEqual(a.act(replay.sample(1, new Rng(1)).obs, false));
    a.dispose();
    b.dispose();
  });
});

describe("gradient routing", () => {
  const encoderAfterActorStep = (raw: Record<string, unknown>): boolean => {
    const rng = new Rng(3);
    const agent = makeAgent(agentConfig({ ...TINY, ...raw }), pixelSpec, 7);
    const batch = filledReplay(pixelSpec, rng).sample(8, rng);
    const before = snapshot(agent.encoder.online!.params.vars);
    const actorBefore = snapshot(agent.actor.net.params.vars);
    const obs = agent.obsTensor(batch.obs, 8);
    agent.updateActorAndAlpha(obs);
    obs.dispose();
    expect(snapshot(agent.actor.net.params.vars)).not.toEqual(actorBefore);
    const changed = snapshot(agent.encoder.online!.params.vars).some((x, i) => x !== before[i]);
    agent.dispose();
    return changed;
  };

  it("SAC+AE and SAC:pixel: actor gradients do not reach the encoder", () => {
    expect(encoderAfterActorStep({ algorithm: "sac-ae" })).toBe(false);
    expect(encoderAfterActorStep({ algorithm: "sac" })).toBe(false);
  });

  it("end-to-end β-VAE: actor gradients do reach the encoder", () => {
    expect(encoderAfterActorStep({ algorithm: "sac-ae", decoder: "vae", actorGradToEncoder: true })).toBe(true);
  });

  it("alternating β-VAE: RL blocks leave the encoder alone, VAE blocks leave the critic alone", () => {
    const rng = new Rng(4);
    const agent = makeAgent(agentConfig({ ...TINY, algorithm: "sac-ae", decoder: "vae", alternateEvery: 2 }), pixelSpec, 8);
    const replay = filledReplay(pixelSpec, rng);
    const enc0 = snapshot(agent.encoder.online!.params.vars);
    const q0 = snapshot(agent.critic.net.params.vars);
    agent.update(replay.sample(8, rng));
    agent.update(replay.sample(8, rng)); // two VAE updates
    expect(snapshot(agent.encoder.online!.params.vars)).not.toEqual(enc0);
    expect(snapshot(agent.critic.net.params.vars)).toEqual(q0);
    const enc1 = snapshot(agent.encoder.online!.params.vars);
    agent.update(replay.sample(8, rng));
    agent.update(replay.sample(8, rng)); // two RL updates
    expect(snapshot(agent.encoder.online!.params.vars)).toEqual(enc1);
    expect(snapshot(agent.critic.net.params.vars)).not.toEqual(q0);
    agent.dispose();
  });

  it("critic updates train the encoder in SAC:pixel (features are not detached for the critic)", () => {
    const rng = new Rng(5);
    const agent = makeAgent(agentConfig({ ...TINY, algorithm: "sac" }), pixelSpec, 9);
    const replay = filledReplay(pixelSpec, rng);
    const enc0 = snapshot(agent.encoder.online!.params.vars);
    agent.update(replay.sample(8, rng));
    expect(snapshot(agent.encoder.online!.params.vars)).not.toEqual(enc0);
    agent.dispose();
  });
});

describe("per-algorithm configs (a union on `algorithm`)", () => {
  it("each algorithm gets its own keys and defaults; no algorithm means sac", () => {
    expect(agentConfig({})).toMatchObject({ algorithm: "sac", hiddenDim: 1024 });
    expect(agentConfig({}) as Record<string, unknown>).not.toHaveProperty("drqK");
    expect(agentConfig({ algorithm: "drq" })).toMatchObject({ algorithm: "drq", drqK: 2, drqM: 2, augPad: 4 });
    expect(agentConfig({ algorithm: "curl" })).toMatchObject({ algorithm: "curl", curlLr: 1e-3, augPad: 4 });
    expect(agentConfig({ algorithm: "sac-ae" })).toMatchObject({ algorithm: "sac-ae", decoder: "rae", alternateEvery: 0 });
  });

  it("an option of another algorithm is a one-line error naming the key, its owners and the allowed keys", () => {
    const msg = (raw: Record<string, unknown>) => {
      try {
        agentConfig(raw);
      } catch (e) {
        return (e as Error).message;
      }
      return "no error";
    };
    const sacDrqK = msg({ algorithm: "sac", drqK: 2 });
    expect(sacDrqK).toMatch(/key "drqK" is an option of drq, not of sac; allowed keys: algorithm, hiddenDim/);
    expect(sacDrqK).not.toContain("\n");
    expect(msg({ algorithm: "drq", decoder: "vae" })).toMatch(/key "decoder" is an option of sac-ae, not of drq/);
    expect(msg({ algorithm: "sac-ae", augPad: 2 })).toMatch(/key "augPad" is an option of drq, curl, dbc, ambs, not of sac-ae/);
    expect(msg({ algorithm: "curl", drqM: 2 })).toMatch(/"drqM" is an option of drq/);
    expect(msg({ algorithm: "sac", hiddenDm: 3 })).toMatch(/unknown key "hiddenDim"|unknown key "hiddenDm" \(did you mean "hiddenDim"\?\)/);
    expect(msg({ algorithm: "ppo" })).toMatch(/key "algorithm" must be one of sac\|drq\|curl\|sac-ae\|dbc\|mico\|ambs\|rap, got "ppo"/);
    expect(msg({ algorithm: "drq", drqK: 0 })).toMatch(/key "drqK" must be ≥ 1/);
  });

  it("state observations are refused by the pixel-only algorithms", () => {
    for (const algorithm of ["drq", "curl", "sac-ae", "dbc", "mico", "ambs", "rap"]) {
      expect(() => makeAgent(agentConfig({ ...TINY, algorithm }), stateSpec, 1)).toThrow(/use observation "pixels"/);
    }
  });
});
