/**
 * RAP (src/agents/rap.ts): the practical loss (5.15) on hand-checkable inputs, the explicit
 * distance d̂_G with k (against the library's float64 d̂_G, src/metrics), the stop-gradients, the
 * reward head's loss erratum, the Huber TD loss of the code preset, the presets (differences
 * exactly as the header lists), the thesis and code step orders, a smoke-size training step.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import type { Adam } from "../../src/agents/adam.js";
import { agentConfig, type AgentSpec } from "../../src/agents/config.js";
import { criticHuberLoss } from "../../src/agents/losses.js";
import { makeAgent } from "../../src/agents/make-agent.js";
import { rapDistance, type Pairs } from "../../src/agents/metric-blocks.js";
import { agentPreset, RAP_AUTHORS_CODE, RAP_THESIS } from "../../src/agents/presets.js";
import { rapLoss, rapRewardLoss, type RapLossSettings, type RapObjective } from "../../src/agents/rap.js";
import { Rng } from "../../src/core/rng.js";
import { rapEmbeddingDistance } from "../../src/metrics/embedding-distance.js";
import { filledReplay } from "./replay-fixture.js";
import { recordSteps } from "./step-order.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

const val = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const swap: Pairs = { first: Int32Array.from([0, 1]), second: Int32Array.from([1, 0]) };
// z = e1, e2 with k = 2/π: d̂_G = 1 + 1 + (2/π)(π/2) = 3; predicted next means both e1: d̂_G = 2; r = 0, 2; σ̂_r = ½, 1
const K = 2 / Math.PI;
const S: RapLossSettings = { gamma: 0.5, k: K, nextStateDistance: "rap", regression: "squared" };
const Z = () => tf.tensor2d([[1, 0], [0, 1]]);
const R = () => tf.tensor2d([[0], [2]]);
const SR = () => tf.tensor2d([[0.5], [1]]);
const MU = () => tf.tensor2d([[1, 0], [1, 0]]);
const SIG = () => tf.ones([2, 2]);

describe("RAP loss (5.15) on hand-checkable inputs", () => {
  it("((d̂_G(z_i, z_j) − γ d̂_G(μ̂_i, μ̂_j))² − (|Δr|² − σ̂_i² − σ̂_j²))² = ((3 − 1)² − (4 − ¼ − 1))²", () => {
    expect(val(rapLoss(Z(), R(), SR(), MU(), SIG(), swap, S))[0]).toBeCloseTo((4 - 2.75) ** 2, 4);
    expect(val(rapLoss(Z(), R(), SR(), MU(), SIG(), swap, { ...S, gamma: 0.9 }))[0]).toBeCloseTo(((3 - 1.8) ** 2 - 2.75) ** 2, 4);
  });

  it("the code's variant: smooth-L1 penalty (|1.25| − ½) and the mean per-dimension W2 of equal Gaussians (0) as next-state distance", () => {
    expect(val(rapLoss(Z(), R(), SR(), MU(), SIG(), swap, { ...S, regression: "smooth-l1" }))[0]).toBeCloseTo(0.75, 4);
    expect(val(rapLoss(Z(), R(), SR(), MU(), SIG(), swap, { ...S, nextStateDistance: "w2-mean-per-dim" }))[0]).toBeCloseTo((9 - 2.75) ** 2, 3);
  });

  it("d̂_G with k is Definition 5.6.4 (the library's float64 d̂_G), and k changes the loss", () => {
    const rng = new Rng(4);
    for (const k of [1e-5, 0.1, 1]) {
      const x = Array.from({ length: 5 }, () => rng.normal());
      const y = Array.from({ length: 5 }, () => rng.normal());
      expect(val(rapDistance(tf.tensor2d([x]), tf.tensor2d([y]), k))[0]).toBeCloseTo(rapEmbeddingDistance(x, y, k), 4);
    }
    const at = (k: number) => val(rapLoss(Z(), R(), SR(), MU(), SIG(), swap, { ...S, k }))[0]!;
    expect(at(1e-5)).toBeCloseTo(((2 + 1e-5 * Math.PI / 2 - 1) ** 2 - 2.75) ** 2, 3);
    expect(Math.abs(at(1) - at(1e-5))).toBeGreaterThan(1);
  });

  it("only the embedding carries gradient: ∂L/∂(r, σ̂_r, μ̂, σ̂) = 0", () => {
    const [gz, gr, gs, gmu] = tf.grads((z: tf.Tensor, r: tf.Tensor, s: tf.Tensor, mu: tf.Tensor) => rapLoss(z, r, s, mu, SIG(), swap, S))([Z(), R(), SR(), MU()]);
    for (const g of [gr!, gs!, gmu!]) expect(val(g).every((x) => x === 0)).toBe(true);
    expect(val(gz!).some((x) => x !== 0)).toBe(true);
    // the code's next-state distance reads σ̂ too
    const mu2 = tf.tensor2d([[1, 0], [0, 1]]);
    const [gmuW, gsigW] = tf.grads((mu: tf.Tensor, sig: tf.Tensor) => rapLoss(Z(), R(), SR(), mu, sig, swap, { ...S, nextStateDistance: "w2-mean-per-dim" }))([mu2, tf.tensor2d([[1, 2], [0.5, 1]])]);
    for (const g of [gmuW!, gsigW!]) expect(val(g).every((x) => x === 0)).toBe(true);
  });

  it("erratum of L_r (§5.7.2): the printed ((r − μ̂)/(2σ̂))² is minimised at σ_max; the fixed NLL (and the code's half of it) at the residual", () => {
    const grid = Array.from({ length: 1000 }, (_, k) => 1e-4 + (k / 999) * (1 - 1e-4));
    const argmin = (f: (s: number) => number) => grid.reduce((best, s) => (f(s) < f(best) ? s : best), grid[0]!);
    const at = (form: "thesis" | "code") => (s: number) => val(rapRewardLoss(tf.tensor2d([[0]]), tf.tensor2d([[s]]), tf.tensor2d([[0.4]]), form))[0]!;
    expect(argmin(at("thesis"))).toBeCloseTo(0.4, 2);
    expect(argmin(at("code"))).toBeCloseTo(0.4, 2);
    expect(argmin((s) => (0.4 / (2 * s)) ** 2)).toBe(1);
  });

  it("the code's Huber TD loss: smooth-L1 per head, summed (½·0.5² + (2 − ½))", () => {
    expect(val(criticHuberLoss(tf.tensor2d([[0.5]]), tf.tensor2d([[2]]), tf.tensor2d([[0]])))[0]).toBeCloseTo(0.125 + 1.5, 6);
  });
});

const PX = 16;
const TINY = { hiddenDim: 16, featureDim: 6, numLayers: 2, numFilters: 4, batchSize: 8, modelWidth: 12 };
const spec: AgentSpec = { observation: "pixels", obsShape: [PX, PX, 9], actionDim: 2 };
const objectiveOf = (agent: ReturnType<typeof makeAgent>) => agent.auxiliary[0] as RapObjective;
const snapshot = (vars: readonly tf.Variable[]): number[] => vars.flatMap((v) => Array.from(v.dataSync()));

describe("RAP presets", () => {
  it("agentConfig({ algorithm: \"rap\" }) is the thesis preset (Table 5.1, k = 1e-5)", () => {
    expect(agentConfig({ algorithm: "rap" })).toMatchObject(RAP_THESIS);
    expect(agentConfig({ algorithm: "rap" })).toMatchObject({ batchSize: 128, encoderLr: 5e-4, alphaLr: 1e-4, criticTau: 0.01, encoderTau: 0.05, rapCoef: 0.5, modelCoef: 1e-4, rapK: 1e-5, featureDim: 100 });
  });

  it("rap-thesis and rap-authors-code differ exactly in the keys rap.ts's header lists", () => {
    const src = fs.readFileSync(path.resolve(__dirname, "../../src/agents/rap.ts"), "utf8");
    const start = src.indexOf("Preset differences (thesis vs authors-code)");
    const block = src.slice(start, src.indexOf(" *\n", start));
    const listed = [...block.matchAll(/^ \* {3}\| `(\w+)`/gm)].map((m) => m[1]!).sort();
    const a = RAP_THESIS as Record<string, unknown>;
    const b = RAP_AUTHORS_CODE as Record<string, unknown>;
    expect(listed.length).toBeGreaterThan(5);
    expect(Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]).sort()).toEqual(listed);
  });
});

describe("RAP agent", () => {
  const order = (preset: string): string[] => {
    const rng = new Rng(2);
    const agent = makeAgent(agentConfig({ algorithm: "rap", ...agentPreset(preset), ...TINY }), spec, 1);
    const obj = objectiveOf(agent);
    const log = recordSteps(agent, { critic: agent.critic.opt, P: obj.modelOpt, r_psi: obj.headOpt, encoder: obj.encoderOpt, actor: agent.actor.opt, alpha: agent.temperature.opt }, (l) => {
      const replay = filledReplay(spec, rng);
      agent.update(replay.sample(8, rng));
      l.length = 0;
      agent.update(replay.sample(8, rng));
    });
    agent.dispose();
    return log;
  };

  it("thesis order (Algorithm 3): critic → actor → α → P̂ → r_ψ → encoder → soft updates; the code's: critic → encoder + models in one step → actor → α → soft updates", () => {
    expect(order("rap-thesis")).toEqual(["critic", "actor", "alpha", "P", "r_psi", "encoder", "targets"]);
    expect(order("rap-authors-code")).toEqual(["critic", "encoder", "P", "r_psi", "actor", "alpha", "targets"]);
  });

  it("thesis: P̂ and r_ψ train on detached embeddings (the encoder moves only in the L_RAP step)", () => {
    const rng = new Rng(3);
    const agent = makeAgent(agentConfig({ algorithm: "rap", ...TINY }), spec, 2);
    const obj = objectiveOf(agent);
    let before: number[] = [];
    const watch = (o: Adam) => {
      const f = o.apply.bind(o);
      o.apply = (g) => {
        before = snapshot(agent.encoder.vars);
        f(g);
        expect(snapshot(agent.encoder.vars)).toEqual(before);
      };
    };
    watch(obj.modelOpt);
    watch(obj.headOpt);
    const enc0 = snapshot(agent.encoder.vars);
    agent.update(filledReplay(spec, rng).sample(8, rng));
    expect(snapshot(agent.encoder.vars)).not.toEqual(enc0);
    expect(obj.encoderOpt.vars).toEqual(agent.encoder.vars);
    expect(obj.rewardDecoder).toBeNull();
    agent.dispose();
  });

  it("smoke: three updates of both presets, every loss finite", () => {
    for (const preset of ["rap-thesis", "rap-authors-code"]) {
      const rng = new Rng(9);
      const agent = makeAgent(agentConfig({ algorithm: "rap", ...agentPreset(preset), ...TINY }), spec, 8);
      const obj = objectiveOf(agent);
      const replay = filledReplay(spec, rng);
      for (let u = 0; u < 3; u++) {
        const m = agent.update(replay.sample(8, rng));
        for (const v of [m.criticLoss, m.auxLoss, obj.last.rap, obj.last.transition, obj.last.rewardHead]) expect(Number.isFinite(v), `${preset} ${JSON.stringify(m)} ${JSON.stringify(obj.last)}`).toBe(true);
      }
      if (preset === "rap-authors-code") {
        expect(Number.isFinite(obj.last.rewardDecoder)).toBe(true);
        expect([agent.critic.opt.maxGradNorm, agent.actor.opt.maxGradNorm]).toEqual([40, 40]);
        expect(agent.encoder.actorHead).not.toBeNull();
      } else {
        expect(agent.encoder.actorHead).toBeNull(); // §5.7.1: the actor reads φ_ω(s)
      }
      agent.dispose();
    }
  });
});
