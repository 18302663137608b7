/**
 * Wiring oracles: the numbers one update must produce, computed independently of the agent's
 * update code from the same parameters and the same random draws (the agent's update stream,
 * cloned before the update; the draw order is documented in src/agents/sac.ts).
 *
 *  - SAC from states, every quantity by hand in float64: the critic target
 *    y = r + γ·notDone·(min_j Q̄_j(s′, a′) − α log π(a′|s′)) with a TARGET critic that differs
 *    from the online one (γ = 0.9), the critic loss, the actor loss with α, the α loss, and the
 *    Polyak update of the target critic.
 *  - DrQ with K = 3 target views and M = 2 loss views: y is the MEAN of the K per-view targets.
 *  - CURL: keys come from the MOMENTUM encoder (perturbed here so that it differs).
 *  - SAC from pixels: the momentum encoder's Polyak update.
 *  - SAC from states with the MLP encoder (stateEncoder): L_Q on g(s), the target on ḡ(s′) and the
 *    actor's own head, the critic/actor gradient routes and the Polyak update of ḡ.
 * Each `it` is a named case of the mutation harness (test/mutations/agents.test.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { randomShift } from "../../src/agents/augment.js";
import { agentConfig, type AgentSpec } from "../../src/agents/config.js";
import { curlLoss } from "../../src/agents/losses.js";
import { makeAgent } from "../../src/agents/make-agent.js";
import type { ReplayBatch } from "../../src/agents/replay.js";
import type { SacAgent } from "../../src/agents/sac.js";
import { StateEncoder } from "../../src/agents/state-encoder.js";
import { Rng } from "../../src/core/rng.js";
import { randomNormal } from "../../src/core/tf-random.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

type Mat = number[][];

/** A deterministic, hand-chosen value for parameter element k of group g (small, sign-varying). */
function handValue(g: number, k: number): number {
  return 0.45 * Math.sin(1.3 * k + 0.7 * g + 0.2) + 0.05 * Math.cos(3.1 * k - g);
}

function setHand(vars: readonly tf.Variable[], group: number): void {
  vars.forEach((v, i) => {
    const t = tf.tensor(Float32Array.from({ length: v.size }, (_, k) => handValue(group * 10 + i, k)), v.shape);
    v.assign(t);
    t.dispose();
  });
}

function values(vars: readonly tf.Variable[]): Float64Array[] {
  return vars.map((v) => Float64Array.from(v.dataSync()));
}

function toMat(flat: ArrayLike<number>, rows: number, cols: number): Mat {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => flat[i * cols + j]!));
}

/** ReLU MLP in float64 from a flat [w0, b0, w1, b1, …] parameter list (w: [in, out] row-major). */
function mlp64(params: readonly Float64Array[], x: Mat): Mat {
  let h = x;
  const layers = params.length / 2;
  for (let l = 0; l < layers; l++) {
    const w = params[2 * l]!;
    const b = params[2 * l + 1]!;
    const out = b.length;
    const inDim = h[0]!.length;
    h = h.map((row) => Array.from({ length: out }, (_, o) => {
      let s = b[o]!;
      for (let i = 0; i < inDim; i++) s += row[i]! * w[i * out + o]!;
      return l < layers - 1 ? Math.max(0, s) : s;
    }));
  }
  return h;
}

/** Tanh-Gaussian policy in float64 (actor.ts / losses.ts semantics): action and log π for given noise. */
function policy64(actorParams: readonly Float64Array[], z: Mat, noise: Mat, logStdMin: number, logStdMax: number): { action: Mat; logProb: number[] } {
  const out = mlp64(actorParams, z);
  const A = noise[0]!.length;
  const action: Mat = [];
  const logProb: number[] = [];
  out.forEach((row, b) => {
    let lp = 0;
    const a: number[] = [];
    for (let k = 0; k < A; k++) {
      const logStd = logStdMin + 0.5 * (logStdMax - logStdMin) * (Math.tanh(row[A + k]!) + 1);
      const eps = noise[b]![k]!;
      const ak = Math.tanh(row[k]! + Math.exp(logStd) * eps);
      a.push(ak);
      lp += -0.5 * eps * eps - logStd - 0.5 * Math.log(2 * Math.PI) - Math.log(Math.max(0, 1 - ak * ak) + 1e-6);
    }
    action.push(a);
    logProb.push(lp);
  });
  return { action, logProb };
}

/** Twin Q in float64: the critic's parameter list is q1's layers then q2's. */
function q64(criticParams: readonly Float64Array[], z: Mat, a: Mat): [number[], number[]] {
  const half = criticParams.length / 2;
  const x = z.map((row, b) => [...row, ...a[b]!]);
  return [mlp64(criticParams.slice(0, half), x).map((r) => r[0]!), mlp64(criticParams.slice(half), x).map((r) => r[0]!)];
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

function cloneRng(r: Rng): Rng {
  const c = new Rng(0);
  c.setState(r.getState());
  return c;
}

function draw(rng: Rng, B: number, A: number): Mat {
  const t = randomNormal(rng, [B, A]);
  const m = toMat(t.dataSync(), B, A);
  t.dispose();
  return m;
}

// ---- SAC from states, by hand ------------------------------------------------------------------

const S = 3;
const A = 2;
const B = 4;
const stateSpec: AgentSpec = { observation: "state", obsShape: [S], actionDim: A };
const GAMMA = 0.9;
const TAU = 0.3;

function stateBatch(): ReplayBatch {
  const f = (n: number, s: number) => Float32Array.from({ length: n }, (_, i) => Math.round(100 * Math.sin(s + 0.9 * i)) / 100);
  return { size: B, obs: f(B * S, 1), nextObs: f(B * S, 2), actions: f(B * A, 3).map((x) => 0.8 * x), rewards: Float32Array.from([0.5, -1, 2, 0.25]), notDones: Float32Array.from([1, 0, 1, 1]) };
}

/** Hand-set weights everywhere, with a target critic different from the online critic. */
function handStateAgent(extra: Record<string, unknown>): SacAgent {
  const agent = makeAgent(agentConfig({ algorithm: "sac", hiddenDim: 5, hiddenLayers: 1, batchSize: B, gamma: GAMMA, initTemperature: 0.3, criticTau: TAU, ...extra }), stateSpec, 17);
  setHand(agent.actor.net.params.vars, 1);
  setHand(agent.critic.net.online.params.vars, 2);
  setHand(agent.critic.net.target.params.vars, 3);
  return agent;
}

interface StateOracle {
  metrics: ReturnType<SacAgent["update"]>;
  criticLoss: number;
  actorLoss: number;
  alphaLoss: number;
  targetBefore: Float64Array[];
  onlineAfter: Float64Array[];
  targetAfter: Float64Array[];
}

/** One full update (critic, actor + α, target update) and its hand-computed values. */
function runStateOracle(): StateOracle {
  const agent = handStateAgent({ actorUpdateFreq: 1, targetUpdateFreq: 1 });
  try {
    const batch = stateBatch();
    const obs = toMat(batch.obs, B, S);
    const next = toMat(batch.nextObs, B, S);
    const act = toMat(batch.actions, B, A);
    const actor = values(agent.actor.net.params.vars);
    const online = values(agent.critic.net.online.params.vars);
    const targetBefore = values(agent.critic.net.target.params.vars);
    const alpha = agent.temperature.value;
    const rng = cloneRng(agent.updateRng);
    const noiseNext = draw(rng, B, A); // a′ ~ π(·|s′) for the target
    const noiseActor = draw(rng, B, A); // ã ~ π(·|s) for the actor loss
    const { logStdMin, logStdMax } = agent.config;

    const metrics = agent.update(batch);
    const onlineAfter = values(agent.critic.net.online.params.vars);
    const targetAfter = values(agent.critic.net.target.params.vars);

    // critic: y from the TARGET critic and α log π(a′|s′)
    const pn = policy64(actor, next, noiseNext, logStdMin, logStdMax);
    const [tq1, tq2] = q64(targetBefore, next, pn.action);
    const y = batch.rewards.map((r, b) => r + GAMMA * batch.notDones[b]! * (Math.min(tq1[b]!, tq2[b]!) - alpha * pn.logProb[b]!));
    const [q1, q2] = q64(online, obs, act);
    const criticLoss = mean(q1.map((q, b) => (q - y[b]!) ** 2)) + mean(q2.map((q, b) => (q - y[b]!) ** 2));
    // actor: on s, with the critic as it is after its step, and α before its step
    const pa = policy64(actor, obs, noiseActor, logStdMin, logStdMax);
    const [aq1, aq2] = q64(onlineAfter, obs, pa.action);
    const actorLoss = mean(pa.logProb.map((lp, b) => alpha * lp - Math.min(aq1[b]!, aq2[b]!)));
    const alphaLoss = mean(pa.logProb.map((lp) => alpha * (-lp + A))); // H̄ = −|A|
    return { metrics, criticLoss, actorLoss, alphaLoss, targetBefore, onlineAfter, targetAfter };
  } finally {
    agent.dispose();
  }
}

function expectClose(got: number, want: number, rel = 2e-5): void {
  expect(Number.isFinite(got)).toBe(true);
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want)));
}

describe("SAC from states: one update against a float64 hand computation", () => {
  let o: StateOracle;
  beforeAll(() => {
    o = runStateOracle();
  });

  it("the hand-set target critic differs from the online critic (so the target's source is visible)", () => {
    const diff = o.targetBefore.some((t, i) => t.some((x, k) => Math.abs(x - o.onlineAfter[i]![k]!) > 1e-3));
    expect(diff).toBe(true);
  });

  it("critic target: y = r + γ·notDone·(min Q̄(s′,a′) − α log π(a′|s′)) with the target critic", () => {
    expectClose(o.metrics.criticLoss, o.criticLoss);
  });

  it("actor loss: mean(α log π(ã|s) − min Q(s,ã)) with the current α", () => {
    expectClose(o.metrics.actorLoss, o.actorLoss);
  });

  it("α loss: mean(α(−log π − H̄)), H̄ = −|A|", () => {
    expectClose(o.metrics.alphaLoss, o.alphaLoss);
  });

  it("soft target update: Q̄ ← τ Q + (1 − τ) Q̄ with τ = criticTau", () => {
    o.targetAfter.forEach((t, i) => t.forEach((x, k) => {
      const want = TAU * o.onlineAfter[i]![k]! + (1 - TAU) * o.targetBefore[i]![k]!;
      expect(Math.abs(x - want)).toBeLessThan(1e-6);
    }));
  });

  it("without a target update (targetUpdateFreq 2) the first update leaves Q̄ alone", () => {
    const agent = handStateAgent({ actorUpdateFreq: 2, targetUpdateFreq: 2 });
    const before = values(agent.critic.net.target.params.vars);
    const m = agent.update(stateBatch());
    expect(Number.isNaN(m.actorLoss)).toBe(true);
    expect(values(agent.critic.net.target.params.vars)).toEqual(before);
    agent.dispose();
  });
});

// ---- pixels: DrQ's K-view target, CURL's momentum keys, the momentum encoder ------------------

const PX = 12;
const pixelSpec: AgentSpec = { observation: "pixels", obsShape: [PX, PX, 6], actionDim: A };
const PIXEL_NET = { hiddenDim: 8, featureDim: 4, numLayers: 1, numFilters: 3, batchSize: B };

function pixelBatch(seed: number): ReplayBatch {
  const rng = new Rng(seed);
  const n = B * PX * PX * 6;
  return {
    size: B, obs: Uint8Array.from({ length: n }, () => rng.int(256)), nextObs: Uint8Array.from({ length: n }, () => rng.int(256)),
    actions: Float32Array.from({ length: B * A }, () => rng.uniformIn(-0.9, 0.9)), rewards: Float32Array.from({ length: B }, () => rng.normal()), notDones: Float32Array.from([1, 1, 0, 1]),
  };
}

function pixels(agent: SacAgent, images: Uint8Array): tf.Tensor {
  return agent.obsTensor(images, B);
}

/** Perturb a parameter list in place (so a target copy differs from its source). */
function perturb(vars: readonly tf.Variable[], by: number): void {
  vars.forEach((v, i) => v.assign(tf.tidy(() => tf.add(v, tf.mul(by, tf.sin(tf.add(tf.range(0, v.size).reshape(v.shape), i)))))));
}

describe("DrQ: the critic target averages K shifted next views", () => {
  it("y = (1/K) Σ_k y_k with K = drqK = 3, loss summed over M = drqM = 2 views", () => {
    const K = 3;
    const M = 2;
    const pad = 2;
    const agent = makeAgent(agentConfig({ algorithm: "drq", ...PIXEL_NET, drqK: K, drqM: M, augPad: pad, gamma: GAMMA, initTemperature: 0.5 }), pixelSpec, 5);
    perturb(agent.critic.net.target.params.vars, 0.2);
    const batch = pixelBatch(8);
    const alpha = agent.temperature.value;
    const rng = cloneRng(agent.updateRng);
    const shift = (images: Uint8Array) => randomShift(images, B, PX, PX, 6, pad, rng).images;
    const obsViews = Array.from({ length: M }, () => shift(batch.obs as Uint8Array));
    const nextViews = Array.from({ length: K }, () => shift(batch.nextObs as Uint8Array));
    const enc = agent.encoder;
    const { logStdMin, logStdMax } = agent.config;
    const actor = values(agent.actor.net.params.vars);
    const onlineQ = values(agent.critic.net.online.params.vars);
    const targetQ = values(agent.critic.net.target.params.vars);
    const features = (images: Uint8Array, target: boolean): Mat => {
      const t = pixels(agent, images);
      const z = target ? enc.target!.forward(t as tf.Tensor4D).features : enc.online!.forward(t as tf.Tensor4D).features;
      const m = toMat(z.dataSync(), B, PIXEL_NET.featureDim);
      tf.dispose([t, z]);
      return m;
    };
    // the next action comes from the actor's own head on the tied convs (reference drq.py:223 self.actor(next_obs))
    const actorFeatures = (images: Uint8Array): Mat => {
      const t = pixels(agent, images);
      const z = tf.tidy(() => enc.actorHead!.forward(enc.online!.trunk(t as tf.Tensor4D)));
      const m = toMat(z.dataSync(), B, PIXEL_NET.featureDim);
      tf.dispose([t, z]);
      return m;
    };
    const yk = nextViews.map((nv) => {
      const p = policy64(actor, actorFeatures(nv), draw(rng, B, A), logStdMin, logStdMax);
      const [t1, t2] = q64(targetQ, features(nv, true), p.action);
      return Array.from(batch.rewards, (r, b) => r + GAMMA * batch.notDones[b]! * (Math.min(t1[b]!, t2[b]!) - alpha * p.logProb[b]!));
    });
    const y = Array.from({ length: B }, (_, b) => mean(yk.map((v) => v[b]!)));
    const act = toMat(batch.actions, B, A);
    let want = 0;
    for (const ov of obsViews) {
      const [q1, q2] = q64(onlineQ, features(ov, false), act);
      want += mean(q1.map((q, b) => (q - y[b]!) ** 2)) + mean(q2.map((q, b) => (q - y[b]!) ** 2));
    }
    const got = agent.update(batch).criticLoss;
    agent.dispose();
    expectClose(got, want, 1e-4);
  });
});

describe("CURL: anchors from the online encoder, keys from the momentum encoder", () => {
  it("the contrastive loss uses ḡ(aug₂(o)) as keys (momentum encoder perturbed to differ from g)", () => {
    const pad = 2;
    const agent = makeAgent(agentConfig({ algorithm: "curl", ...PIXEL_NET, augmentation: "shift", augPad: pad }), pixelSpec, 6);
    perturb(agent.encoder.target!.params.vars, 0.3);
    const curl = agent.auxiliary.find((a) => a.name === "curl")!;
    const W = curl.paramGroups()[0]![0]!;
    const batch = pixelBatch(9);
    const anchorsIn = pixels(agent, randomShift(batch.obs as Uint8Array, B, PX, PX, 6, pad, new Rng(4)).images);
    const rng = cloneRng(agent.updateRng);
    const keysIn = pixels(agent, randomShift(batch.obs as Uint8Array, B, PX, PX, 6, pad, rng).images);
    const want = tf.tidy(() => curlLoss(agent.encoder.online!.forward(anchorsIn as tf.Tensor4D).features, agent.encoder.target!.forward(keysIn as tf.Tensor4D).features, W as tf.Tensor2D).dataSync()[0]!);
    const targetBefore = values(agent.encoder.target!.params.vars);
    const got = curl.update!({ batch, views: { obs: [anchorsIn], next: [] }, updates: 1, rng: agent.updateRng });
    expectClose(got, want, 1e-5);
    expect(values(agent.encoder.target!.params.vars)).toEqual(targetBefore); // keys carry no gradient
    tf.dispose([anchorsIn, keysIn]);
    agent.dispose();
  });
});

describe("SAC from pixels: the momentum encoder", () => {
  it("soft encoder update: ḡ ← τ_enc g + (1 − τ_enc) ḡ", () => {
    const agent = makeAgent(agentConfig({ algorithm: "sac", ...PIXEL_NET, targetUpdateFreq: 1, encoderTau: 0.2 }), pixelSpec, 7);
    perturb(agent.encoder.target!.params.vars, 0.1);
    const before = values(agent.encoder.target!.params.vars);
    agent.update(pixelBatch(10));
    const online = values(agent.encoder.online!.params.vars);
    values(agent.encoder.target!.params.vars).forEach((t, i) => t.forEach((x, k) => {
      expect(Math.abs(x - (0.2 * online[i]![k]! + 0.8 * before[i]![k]!))).toBeLessThan(1e-6);
    }));
    agent.dispose();
  });
});

// ---- states through the MLP encoder (stateEncoder): the pixel encoder's wiring on a vector trunk --

const MLP_NET = { hiddenDim: 8, featureDim: 4, stateEncoder: [6], batchSize: B };

describe("MLP state encoder: the critic target and the gradient routes of the pixel encoder", () => {
  it("L_Q on g(s); the target reads the momentum encoder ḡ(s′) (perturbed to differ) and a′ from the actor's own head on the tied trunk", () => {
    const agent = makeAgent(agentConfig({ algorithm: "sac", ...MLP_NET, gamma: GAMMA, initTemperature: 0.5 }), stateSpec, 11);
    const enc = agent.encoder;
    expect(enc.online).toBeInstanceOf(StateEncoder);
    perturb(enc.target!.params.vars, 0.2);
    perturb(agent.critic.net.target.params.vars, 0.2);
    const batch = stateBatch();
    const alpha = agent.temperature.value;
    const rng = cloneRng(agent.updateRng);
    const { logStdMin, logStdMax } = agent.config;
    const actor = values(agent.actor.net.params.vars);
    const onlineQ = values(agent.critic.net.online.params.vars);
    const targetQ = values(agent.critic.net.target.params.vars);
    const run = (f: (t: tf.Tensor) => tf.Tensor, states: ArrayLike<number>): Mat => {
      const t = agent.obsTensor(states, B);
      const z = tf.tidy(() => f(t));
      const m = toMat(z.dataSync(), B, MLP_NET.featureDim);
      tf.dispose([t, z]);
      return m;
    };
    const p = policy64(actor, run((t) => enc.actorHead!.forward(enc.online!.trunk(t)), batch.nextObs), draw(rng, B, A), logStdMin, logStdMax);
    const [t1, t2] = q64(targetQ, run((t) => enc.target!.forward(t).features, batch.nextObs), p.action);
    const y = Array.from(batch.rewards, (r, b) => r + GAMMA * batch.notDones[b]! * (Math.min(t1[b]!, t2[b]!) - alpha * p.logProb[b]!));
    const [q1, q2] = q64(onlineQ, run((t) => enc.online!.forward(t).features, batch.obs), toMat(batch.actions, B, A));
    const want = mean(q1.map((q, b) => (q - y[b]!) ** 2)) + mean(q2.map((q, b) => (q - y[b]!) ** 2));
    const got = agent.update(batch).criticLoss;
    agent.dispose();
    expectClose(got, want, 1e-4);
  });

  it("critic steps train the MLP encoder (trunk and head), not the actor's head; actor steps train the actor's head only: the trunk is detached and in no actor Adam", () => {
    const agent = makeAgent(agentConfig({ algorithm: "sac", ...MLP_NET }), stateSpec, 12);
    const enc = agent.encoder;
    const online = enc.online as StateEncoder;
    expect(enc.actorHead).not.toBeNull();
    const trunkVars = online.trunkParams;
    expect(trunkVars.length).toBe(2); // one hidden layer: w, b
    for (const v of online.params.vars) expect(agent.critic.opt.vars).toContain(v);
    for (const v of trunkVars) expect(agent.actor.opt.vars).not.toContain(v);
    const batch = stateBatch();
    const obs = agent.obsTensor(batch.obs, B);
    const next = agent.obsTensor(batch.nextObs, B);
    const g0 = values(online.params.vars);
    const head0 = values(enc.actorHeadVars);
    agent.updateCritic(batch, { obs: [obs], next: [next] });
    const g1 = values(online.params.vars);
    g1.forEach((v, i) => expect(v, `critic step moves ${online.params.vars[i]!.name}`).not.toEqual(g0[i]));
    expect(values(enc.actorHeadVars)).toEqual(head0);
    agent.updateActorAndAlpha(obs);
    expect(values(online.params.vars)).toEqual(g1);
    expect(values(enc.actorHeadVars)).not.toEqual(head0);
    tf.dispose([obs, next]);
    agent.dispose();
  });

  it("soft encoder update of the MLP encoder: ḡ ← τ_enc g + (1 − τ_enc) ḡ", () => {
    const agent = makeAgent(agentConfig({ algorithm: "sac", ...MLP_NET, targetUpdateFreq: 1, encoderTau: 0.2 }), stateSpec, 13);
    perturb(agent.encoder.target!.params.vars, 0.1);
    const before = values(agent.encoder.target!.params.vars);
    agent.update(stateBatch());
    const online = values(agent.encoder.online!.params.vars);
    values(agent.encoder.target!.params.vars).forEach((t, i) => t.forEach((x, k) => {
      expect(Math.abs(x - (0.2 * online[i]![k]! + 0.8 * before[i]![k]!))).toBeLessThan(1e-6);
    }));
    agent.dispose();
  });
});
