/**
 * MICo (src/agents/mico.ts): the all-pairs loss with the U distance on hand-checkable inputs,
 * its stop-gradients (second argument and target), the all-pairs sampler inside the agent
 * (checked against the library's float64 U, src/metrics), the place of the term (inside the
 * critic's step: only the encoder's step changes), the preset, and a smoke-size training step.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { agentConfig, type AgentSpec } from "../../src/agents/config.js";
import { makeAgent } from "../../src/agents/make-agent.js";
import { samplePairs } from "../../src/agents/metric-blocks.js";
import { micoLoss, type MicoObjective } from "../../src/agents/mico.js";
import { agentPreset, MICO_REFERENCE } from "../../src/agents/presets.js";
import { Rng } from "../../src/core/rng.js";
import { micoEmbeddingDistance } from "../../src/metrics/embedding-distance.js";
import { filledReplay } from "./replay-fixture.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

const val = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const huber = (d: number) => (Math.abs(d) < 1 ? 0.5 * d * d : Math.abs(d) - 0.5);
const ALL2 = samplePairs("all-pairs", 2, new Rng(0));
// z = e1, e2; next-state target features both e1; r = 0, 1
const Z = () => tf.tensor2d([[1, 0], [0, 1]]);
const NEXT = () => tf.tensor2d([[1, 0], [1, 0]]);
const R = () => tf.tensor2d([[0], [1]]);

describe("MICo loss on hand-checkable inputs", () => {
  it("all pairs: U(z_i, z_j) = 1 (+ β·π/2 off the diagonal) against |r_i − r_j| + γ·1", () => {
    for (const gamma of [0.5, 0.9]) {
      const beta = 0.1;
      const onDiag = huber(1 - gamma); // (0,0), (1,1): U = 1, target 0 + γ·U(e1, e1) = γ
      const offDiag = huber(1 + beta * Math.PI / 2 - (1 + gamma)); // (0,1), (1,0): target 1 + γ
      expect(val(micoLoss(Z(), Z(), NEXT(), R(), ALL2, gamma, beta))[0]).toBeCloseTo((2 * onDiag + 2 * offDiag) / 4, 5);
    }
  });

  it("the second argument and the target carry no gradient; the first does", () => {
    const [gz, gSecond, gNext, gr] = tf.grads((z: tf.Tensor, s: tf.Tensor, n: tf.Tensor, r: tf.Tensor) => micoLoss(z, s, n, r, ALL2, 0.5, 0.1))([Z(), Z(), NEXT(), R()]);
    for (const g of [gSecond!, gNext!, gr!]) expect(val(g).every((x) => x === 0)).toBe(true);
    expect(val(gz!).some((x) => x !== 0)).toBe(true);
  });
});

const PX = 16;
const TINY = { hiddenDim: 16, featureDim: 6, numLayers: 2, numFilters: 4, batchSize: 8 };
const spec: AgentSpec = { observation: "pixels", obsShape: [PX, PX, 9], actionDim: 2 };
const snapshot = (vars: readonly tf.Variable[]): number[] => vars.flatMap((v) => Array.from(v.dataSync()));
const objectiveOf = (agent: ReturnType<typeof makeAgent>) => agent.auxiliary[0] as MicoObjective;

describe("MICo agent", () => {
  it("uses all B² pairs of the batch, the online encoder (detached) as second argument and the target encoder on o′ (float64 U of src/metrics)", () => {
    for (const micoSecond of ["online-detached", "target"] as const) {
      const rng = new Rng(3);
      const agent = makeAgent(agentConfig({ algorithm: "mico", ...TINY, micoSecond }), spec, 2);
      // make the target encoder differ from the online one
      for (const v of agent.encoder.target!.params.vars) v.assign(tf.mul(v, 0.7));
      const B = 8;
      const batch = filledReplay(spec, rng).sample(B, rng);
      const views = { obs: [agent.obsTensor(batch.obs, B)], next: [agent.obsTensor(batch.nextObs, B)] };
      const got = val(objectiveOf(agent).loss({ batch, views, updates: 1, rng }))[0]!;
      const rowsOf = (t: tf.Tensor) => {
        const a = Array.from(t.dataSync());
        return Array.from({ length: B }, (_, i) => a.slice(i * 6, (i + 1) * 6));
      };
      const z = rowsOf(agent.encoder.features(views.obs[0]!, rng));
      const second = micoSecond === "target" ? rowsOf(agent.encoder.targetFeatures(views.obs[0]!, rng)) : z;
      const next = rowsOf(agent.encoder.targetFeatures(views.next[0]!, rng));
      let sum = 0;
      for (let i = 0; i < B; i++) for (let j = 0; j < B; j++) {
        const target = Math.abs(batch.rewards[i]! - batch.rewards[j]!) + 0.99 * micoEmbeddingDistance(next[i]!, next[j]!, 0.1);
        sum += huber(micoEmbeddingDistance(z[i]!, second[j]!, 0.1) - target);
      }
      expect(got).toBeCloseTo(sum / (B * B), 3);
      agent.dispose();
    }
  });

  it("the MICo term joins the critic's step: κ = 2w/(1 − w); the critic MLP steps as plain SAC's, only the encoder's step changes", () => {
    const core = Object.fromEntries(Object.entries(MICO_REFERENCE).filter(([k]) => !k.startsWith("mico")));
    const rng = new Rng(5);
    const replay = filledReplay(spec, rng);
    const batch = replay.sample(8, rng);
    const one = (algorithm: string, extra: Record<string, unknown> = {}) => {
      const agent = makeAgent(agentConfig({ algorithm, ...core, ...TINY, ...extra }), spec, 4);
      agent.update(batch);
      const out = { critic: snapshot(agent.critic.net.online.params.vars), encoder: snapshot(agent.encoder.vars), steps: agent.critic.opt.steps, metrics: agent.lastMetrics };
      agent.dispose();
      return out;
    };
    const sac = one("sac");
    const mico = one("mico", { micoWeight: 0.2 });
    const zero = one("mico", { micoWeight: 0 });
    expect(mico.steps).toBe(1);
    expect(mico.critic).toEqual(sac.critic);
    expect(mico.encoder).not.toEqual(sac.encoder);
    expect(zero.encoder).toEqual(sac.encoder);
    expect(mico.metrics.criticLoss).toBe(sac.metrics.criticLoss); // L_Q reported alone
    expect(Number.isFinite(mico.metrics.auxLoss) && mico.metrics.auxLoss > 0).toBe(true);
    const agent = makeAgent(agentConfig({ algorithm: "mico", ...TINY, micoWeight: 0.2 }), spec, 1);
    expect(objectiveOf(agent).kappa).toBeCloseTo(0.5, 12);
    expect(objectiveOf(agent).optimizers()).toEqual([]);
  });

  it("preset: agentConfig({ algorithm: \"mico\" }) is MICO_REFERENCE (w 1e-5, β 0.1, sac.gin's SAC)", () => {
    const cfg = agentConfig({ algorithm: "mico" });
    expect(cfg).toMatchObject(MICO_REFERENCE);
    expect(cfg).toMatchObject({ micoWeight: 1e-5, micoBeta: 0.1, micoSecond: "online-detached", actorLr: 3e-4, criticLr: 3e-4, alphaLr: 3e-4, batchSize: 256, criticTau: 0.005, encoderTau: 0.005, targetUpdateFreq: 1, actorUpdateFreq: 1, initTemperature: 1 });
    expect(agentPreset("mico")).toEqual(MICO_REFERENCE);
  });

  it("smoke: three updates of both variants, losses finite, the encoder moves", () => {
    for (const micoSecond of ["online-detached", "target"]) {
      const rng = new Rng(8);
      const agent = makeAgent(agentConfig({ algorithm: "mico", ...TINY, micoWeight: 0.5, micoSecond }), spec, 6);
      const replay = filledReplay(spec, rng);
      const enc0 = snapshot(agent.encoder.vars);
      for (let u = 0; u < 3; u++) {
        const m = agent.update(replay.sample(8, rng));
        for (const v of [m.criticLoss, m.actorLoss, m.auxLoss]) expect(Number.isFinite(v)).toBe(true);
      }
      expect(snapshot(agent.encoder.vars)).not.toEqual(enc0);
      agent.dispose();
    }
  });
});
