/**
 * AMBS (src/agents/ambs.ts): the metric loss (4.8) on hand-checkable inputs and against a
 * float64 transcription of the printed formula; c = softmax(η) trained by the Q loss only; the
 * stop-gradients of §4.5.2 (c, the target, P̂); the errata of thesis §4.7 — (4.13), (4.15),
 * (4.16) — each shown wrong as printed on a hand-checkable input; the presets (thesis vs
 * authors-code differ exactly in the keys the file header lists); the Fig. 4.6 ablations; the
 * hook orders; a smoke-size training step of every variant.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { Adam } from "../../src/agents/adam.js";
import { ambsDynamicsLoss, ambsMetricLoss, l1Similarity, type AmbsMetricSettings, type AmbsObjective, type Similarity } from "../../src/agents/ambs.js";
import { agentConfig, type AgentSpec } from "../../src/agents/config.js";
import { shiftedViews } from "../../src/agents/drq.js";
import { softTarget, temperatureLoss } from "../../src/agents/losses.js";
import { makeAgent } from "../../src/agents/make-agent.js";
import { samplePairs, type Pairs } from "../../src/agents/metric-blocks.js";
import { agentPreset, AMBS_ABLATIONS, AMBS_AUTHORS_CODE, AMBS_THESIS } from "../../src/agents/presets.js";
import { Rng } from "../../src/core/rng.js";
import { filledReplay } from "./replay-fixture.js";
import { recordSteps } from "./step-order.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

const val = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const swap: Pairs = { first: Int32Array.from([0, 1]), second: Int32Array.from([1, 0]) };
const THESIS: AmbsMetricSettings = { rewardDim: 1, gamma: 0.5, secondViews: "thesis", secondOrder: "ji", lossWeights: "c", rewardDistance: "abs", w2Form: "vector", gammaOnDynTarget: false, scale: 2 };
const CODE: AmbsMetricSettings = { ...THESIS, secondViews: "code", lossWeights: "c-squared", rewardDistance: "smooth-l1", w2Form: "mean-per-dim", gammaOnDynTarget: true, scale: 0.5 };
// two states; φ = (φ_r, φ_d) with one dimension each; view 2 differs from view 1
const H1 = () => tf.tensor2d([[0, 0], [1, 2]]);
const H2 = () => tf.tensor2d([[0.5, 0], [1, 1]]);
const R = () => tf.tensor2d([[0], [1]]);
const MU = () => tf.tensor2d([[0], [3]]);
const SIG = () => tf.ones([2, 1]);
const W = () => tf.tensor1d([0.4, 0.6]);

describe("AMBS metric loss (4.8) on hand-checkable inputs (f = L1, so every term is a hand number)", () => {
  it("thesis: mean over pairs of the four terms (1 − c)(f_r − |Δr|)² + c(f_d − W2)², second half (s_j^(2), s_i^(2)), no γ", () => {
    // pair (0,1): T1 = 0.4·(1 − 1)², T2 = 0.6·(2 − 3)², T3 = 0.4·(0.5 − 1)², T4 = 0.6·(1 − 3)²  → 0.6 + 2.5; pair (1,0) the same
    expect(val(ambsMetricLoss(H1(), H2(), R(), MU(), SIG(), W(), swap, l1Similarity, l1Similarity, THESIS))[0]).toBeCloseTo(3.1, 5);
  });

  it("authors' code: c², smooth-L1(Δr) = ½, γ·W2 = 1.5, second half (s_j^(1), s_i^(2)), 0.5 × the row mean", () => {
    // rows: first halves 0.16·(1 − ½)² + 0.36·(2 − 1.5)² = 0.13 (twice); second (0,1): 0.16·0 + 0.36·(2 − 1.5)² = 0.09; second (1,0): 0.16·¼ + 0.36·¼ = 0.13
    expect(val(ambsMetricLoss(H1(), H2(), R(), MU(), SIG(), W(), swap, l1Similarity, l1Similarity, CODE))[0]).toBeCloseTo(0.5 * (0.13 * 3 + 0.09) / 4, 6);
  });

  it("one embedding (w/o c): one similarity fits |Δr| + W2", () => {
    // pair (0,1): (‖h1_0 − h1_1‖₁ − (1 + 3))² = 1, second (‖h2_1 − h2_0‖₁ − 4)² = 6.25
    expect(val(ambsMetricLoss(H1(), H2(), R(), MU(), SIG(), null, swap, l1Similarity, l1Similarity, { ...THESIS, rewardDim: null }))[0]).toBeCloseTo(2 * (1 + 6.25) / 2, 5);
  });

  it("equals a float64 transcription of (4.8) (and of the code's variant) with asymmetric similarities on random inputs", () => {
    const rng = new Rng(12);
    const B = 6;
    const Z = 5;
    const n = 2;
    const arr = (rowsN: number, cols: number, pos = false) => Array.from({ length: rowsN }, () => Array.from({ length: cols }, () => (pos ? rng.uniformIn(0.1, 2) : rng.normal())));
    const [h1, h2, mu, sigma] = [arr(B, Z), arr(B, Z), arr(B, Z - n), arr(B, Z - n, true)];
    const r = arr(B, 1).map((x) => x[0]!);
    const w = [0.3, 0.7];
    // two 3-cycles: not an involution, so (j, i) and (i, j) give different sums
    const perm = Int32Array.from([1, 2, 0, 4, 5, 3]);
    const pairs: Pairs = { first: Int32Array.from({ length: B }, (_, i) => i), second: perm };
    // asymmetric: f(x, y) = Σ (x − 2y)²
    const fTf: Similarity = (x, y) => tf.sum(tf.square(tf.sub(x, tf.mul(2, y))), -1, true);
    const f64 = (x: number[], y: number[]) => x.reduce((s, xi, k) => s + (xi - 2 * y[k]!) ** 2, 0);
    const smooth = (d: number) => (Math.abs(d) < 1 ? 0.5 * d * d : Math.abs(d) - 0.5);
    const wants: number[] = [];
    for (const s of [THESIS, { ...THESIS, secondOrder: "ij" as const }, CODE].map((x) => ({ ...x, rewardDim: n, gamma: 0.9 }))) {
      let sum = 0;
      for (let i = 0; i < B; i++) {
        const j = perm[i]!;
        const dr = s.rewardDistance === "abs" ? Math.abs(r[i]! - r[j]!) : smooth(r[i]! - r[j]!);
        const per = mu[i]!.map((m, k) => Math.sqrt((m - mu[j]![k]!) ** 2 + (sigma[i]![k]! - sigma[j]![k]!) ** 2));
        const w2 = s.w2Form === "vector" ? Math.sqrt(per.reduce((a, x) => a + x * x, 0)) : per.reduce((a, x) => a + x, 0) / per.length;
        const t = s.gammaOnDynTarget ? s.gamma * w2 : w2;
        const [wr, wd] = s.lossWeights === "c" ? w : w.map((x) => x * x);
        const [x2, y2] = s.secondViews === "code" ? [h1[j]!, h2[i]!] : s.secondOrder === "ji" ? [h2[j]!, h2[i]!] : [h2[i]!, h2[j]!];
        const term = (x: number[], y: number[]) => wr! * (f64(x.slice(0, n), y.slice(0, n)) - dr) ** 2 + wd! * (f64(x.slice(n), y.slice(n)) - t) ** 2;
        sum += term(h1[i]!, h1[j]!) + term(x2, y2);
      }
      const want = (s.scale / 2) * (sum / B);
      wants.push(want);
      const got = val(ambsMetricLoss(tf.tensor2d(h1), tf.tensor2d(h2), tf.tensor2d(r, [B, 1]), tf.tensor2d(mu), tf.tensor2d(sigma), tf.tensor1d(w), pairs, fTf, fTf, s))[0]!;
      expect(Math.abs(got - want) / Math.abs(want), `${s.secondViews} ${s.secondOrder}: ${got} vs ${want}`).toBeLessThan(1e-5);
    }
    expect(Math.abs(wants[0]! - wants[1]!) / wants[0]!).toBeGreaterThan(1e-3); // the orders are distinguishable on these inputs
  });

  it("stop-gradients (§4.5.2): c, the reward target and P̂'s (μ, σ) carry no gradient; both views' features do", () => {
    const [g1, g2, gr, gmu, gsig, gw] = tf.grads((h1: tf.Tensor, h2: tf.Tensor, r: tf.Tensor, mu: tf.Tensor, sig: tf.Tensor, w: tf.Tensor) =>
      ambsMetricLoss(h1, h2, r, mu, sig, w, swap, l1Similarity, l1Similarity, THESIS))([H1(), H2(), R(), MU(), SIG(), W()]);
    for (const g of [gr!, gmu!, gsig!]) expect(val(g).every((x) => x === 0)).toBe(true);
    expect(val(gw!), "c receives no gradient from the metric loss").toEqual([0, 0]);
    expect(val(g1!).some((x) => x !== 0) && val(g2!).some((x) => x !== 0)).toBe(true);
  });
});

describe("thesis §4.7 errata, each printed form wrong on a hand-checkable input", () => {
  it("(4.13): the soft value is min Q − α log π — it reproduces α log Σ exp(Q/α) for π ∝ exp(Q/α); the printed + α log π does not", () => {
    const alpha = 0.5;
    const Q = [1, 0];
    const z = Q.reduce((s, q) => s + Math.exp(q / alpha), 0);
    const pi = Q.map((q) => Math.exp(q / alpha) / z);
    const softValue = alpha * Math.log(z);
    // the core's target (losses.ts softTarget) with r = 0, γ = 1, not done, per action; averaged under π
    const y = val(softTarget(tf.zeros([2, 1]), tf.ones([2, 1]), 1, tf.tensor2d(Q, [2, 1]), tf.tensor2d(Q, [2, 1]), alpha, tf.tensor2d(pi.map(Math.log), [2, 1])));
    expect(y[0]! * pi[0]! + y[1]! * pi[1]!).toBeCloseTo(softValue, 5);
    const printed = Q.reduce((s, q, a) => s + pi[a]! * (q + alpha * Math.log(pi[a]!)), 0);
    expect(Math.abs(printed - softValue)).toBeGreaterThan(0.3);
  });

  it("(4.15): with entropy −3 below the target −1, one gradient step must raise α: the core's loss does, the printed J(α) lowers it", () => {
    const logProb = tf.tensor2d([[3], [3]]); // E[log π] = 3, entropy −3
    const target = -1; // H̄ = −|A| with |A| = 1
    const gCore = val(tf.grad((la: tf.Tensor) => temperatureLoss(la, logProb, target))(tf.scalar(Math.log(0.1))))[0]!;
    expect(gCore).toBeLessThan(0); // descent raises log α
    const gPrinted = val(tf.grad((la: tf.Tensor) => tf.mean(tf.sub(tf.mul(tf.exp(la), logProb), tf.mul(tf.exp(la), target))))(tf.scalar(Math.log(0.1))))[0]!;
    expect(gPrinted).toBeGreaterThan(0); // descent lowers α although entropy is too low
    expect(gPrinted / 0.1).toBeCloseTo(4, 5);
  });

  it("(4.16): the printed ((φ′ − μ)/(2σ))² is minimised at σ_max; the fixed NLL at the residual's size (the code's form at half of it)", () => {
    const mu = tf.tensor2d([[0]]);
    const x = tf.tensor2d([[0.3]]);
    const grid = Array.from({ length: 1000 }, (_, k) => 1e-4 + (k / 999) * (10 - 1e-4));
    const argmin = (f: (s: number) => number) => grid.reduce((best, s) => (f(s) < f(best) ? s : best), grid[0]!);
    const at = (form: "thesis" | "code") => (s: number) => val(ambsDynamicsLoss(mu, tf.tensor2d([[s]]), x, form))[0]!;
    expect(argmin(at("thesis"))).toBeCloseTo(0.3, 1);
    expect(argmin(at("code"))).toBeCloseTo(0.15, 1);
    const printed = (s: number) => (0.3 / (2 * s)) ** 2;
    expect(argmin(printed)).toBe(10);
  });
});

const PX = 16;
const TINY = { hiddenDim: 16, featureDim: 6, numLayers: 2, numFilters: 4, batchSize: 8, modelWidth: 12, metaHidden: 5 };
const TINY_DBC = Object.fromEntries(Object.entries(TINY).filter(([k]) => k !== "metaHidden"));
const spec: AgentSpec = { observation: "pixels", obsShape: [PX, PX, 9], actionDim: 2 };
const snapshot = (vars: readonly tf.Variable[]): number[] => vars.flatMap((v) => Array.from(v.dataSync()));
const objectiveOf = (agent: ReturnType<typeof makeAgent>) => agent.auxiliary[0] as AmbsObjective;
const ambs = (extra: Record<string, unknown> = {}, seed = 1) => makeAgent(agentConfig({ algorithm: "ambs", ...TINY, ...extra }), spec, seed);

describe("AMBS agent: the adaptive weight c", () => {
  it("the critic reads [(1 − c)φ_r : c φ_d] with (1 − c, c) = softmax(η); η starts at 0 (c = ½) and lives in the (target) encoder", () => {
    const agent = ambs();
    const enc = agent.encoder;
    expect(val(enc.eta!)).toEqual([0, 0]);
    expect(objectiveOf(agent).c).toBeCloseTo(0.5, 12);
    enc.eta!.assign(tf.tensor1d([0.3, -0.2]));
    const obs = agent.obsTensor(filledReplay(spec, new Rng(1)).sample(4, new Rng(2)).obs, 4);
    const u = val(enc.unweightedFeatures(obs));
    const f = val(enc.features(obs, new Rng(0)));
    const e = [Math.exp(0.3), Math.exp(-0.2)];
    const w = [e[0]! / (e[0]! + e[1]!), e[1]! / (e[0]! + e[1]!)];
    f.forEach((v, k) => expect(v).toBeCloseTo(u[k]! * (k % 6 < 3 ? w[0]! : w[1]!), 5));
    expect(enc.target!.eta).not.toBeNull();
    agent.updateTargets();
    expect(val(enc.target!.eta!)).toEqual([0.3 * 0.05, -0.2 * 0.05].map((x) => expect.closeTo(x, 6))); // τ_φ = 0.05
  });

  it("c is trained by the Q loss only: ∂J_Q/∂η ≠ 0, ∂ℓ/∂η = 0, η is in the critic's Adam and in none of the objective's; after an update η is what the critic step alone makes it", () => {
    for (const preset of ["ambs-thesis", "ambs-authors-code"]) {
      const rng = new Rng(5);
      const mk = () => makeAgent(agentConfig({ algorithm: "ambs", ...agentPreset(preset), ...TINY }), spec, 3);
      const agent = mk();
      const obj = objectiveOf(agent);
      const eta = agent.encoder.eta!;
      const batch = filledReplay(spec, rng).sample(8, rng);
      const obs = agent.obsTensor(batch.obs, 8);
      const action = tf.tensor2d(batch.actions, [8, 2]);
      const qGrad = tf.variableGrads(() => {
        const [q1] = agent.critic.net.q(agent.encoder.features(obs, rng), action);
        return tf.mean(tf.square(q1)) as tf.Scalar;
      }, [eta]).grads[eta.name];
      expect(val(qGrad!).some((x) => x !== 0), `${preset}: the Q loss reaches η`).toBe(true);
      const mGrad = tf.variableGrads(() => obj.metricLoss(obs, obs, tf.tensor2d(batch.rewards, [8, 1]), action, samplePairs("permutation", 8, rng)), [eta, ...agent.encoder.representationVars]).grads;
      expect(mGrad[eta.name] ? val(mGrad[eta.name]!).every((x) => x === 0) : true, `${preset}: c receives no gradient from the metric loss`).toBe(true);
      expect(agent.encoder.representationVars.some((v) => mGrad[v.name] && val(mGrad[v.name]!).some((x) => x !== 0))).toBe(true);
      expect(agent.critic.opt.vars).toContain(eta);
      for (const o of obj.optimizers()) expect(o.vars).not.toContain(eta);
      // one full update vs the critic step alone (same seed, same views)
      const twin = mk();
      agent.update(batch);
      twin.updateCritic(batch, shiftedViews(4, 2, 2)(batch, twin));
      expect(val(eta)).toEqual(val(twin.encoder.eta!));
      expect(val(eta)).not.toEqual([0, 0]);
      agent.dispose();
      twin.dispose();
    }
  });

  it("P̂ gets no gradient from the metric loss (§4.5.2 'we also stop gradient for the dynamics model'); the thesis's P̂ step does not train the encoder, the code's does", () => {
    const rng = new Rng(6);
    const agent = ambs({}, 2);
    const obj = objectiveOf(agent);
    const batch = filledReplay(spec, rng).sample(8, rng);
    const obs = agent.obsTensor(batch.obs, 8);
    const action = tf.tensor2d(batch.actions, [8, 2]);
    const g = tf.variableGrads(() => obj.metricLoss(obs, obs, tf.tensor2d(batch.rewards, [8, 1]), action, samplePairs("permutation", 8, rng)), [...obj.transition.params.vars, ...obj.fr!.params.vars]).grads;
    for (const v of obj.transition.params.vars) expect(g[v.name] ? val(g[v.name]!).every((x) => x === 0) : true).toBe(true);
    expect(obj.fr!.params.vars.some((v) => g[v.name] && val(g[v.name]!).some((x) => x !== 0))).toBe(true);
    // thesis: the P̂ step's Adam holds P̂ only; code: the joint step holds the encoder, the meta-learners, P̂ and R̂
    const enc0 = snapshot(agent.encoder.representationVars);
    const p0 = snapshot(obj.transition.params.vars);
    const modelApply = obj.modelOpt.apply.bind(obj.modelOpt);
    let encAtModelStep: number[] = [];
    obj.modelOpt.apply = (gr) => {
      encAtModelStep = snapshot(agent.encoder.representationVars);
      modelApply(gr);
      expect(snapshot(agent.encoder.representationVars)).toEqual(encAtModelStep);
    };
    agent.update(batch);
    expect(encAtModelStep).not.toEqual(enc0); // the metric step ran first and moved the encoder
    expect(snapshot(obj.transition.params.vars)).not.toEqual(p0);
    expect(obj.reward).toBeNull();
    const code = makeAgent(agentConfig({ algorithm: "ambs", ...agentPreset("ambs-authors-code"), ...TINY }), spec, 2);
    expect(objectiveOf(code).reward).not.toBeNull();
    agent.dispose();
    code.dispose();
  });
});

describe("AMBS presets and ablations", () => {
  it("agentConfig({ algorithm: \"ambs\" }) is the thesis preset (Table 4.2, §4.7.4)", () => {
    expect(agentConfig({ algorithm: "ambs" })).toMatchObject(AMBS_THESIS);
    expect(agentConfig({ algorithm: "ambs" })).toMatchObject({ batchSize: 128, alphaLr: 1e-4, actorLr: 5e-4, criticLr: 5e-4, encoderLr: 5e-4, criticTau: 0.01, encoderTau: 0.05, initTemperature: 0.1, featureDim: 100, hiddenDim: 1024, modelWidth: 512, metaHidden: 50 });
    expect(agentPreset("ambs")).toEqual(agentPreset("ambs-thesis"));
  });

  it("ambs-thesis and ambs-authors-code differ exactly in the keys ambs.ts's header lists", () => {
    const src = fs.readFileSync(path.resolve(__dirname, "../../src/agents/ambs.ts"), "utf8");
    const start = src.indexOf("Preset differences (thesis vs authors-code)");
    const block = src.slice(start, src.indexOf(" *\n", start));
    const listed = [...block.matchAll(/^ \* {3}\| `(\w+)`/gm)].map((m) => m[1]!).sort();
    const a = AMBS_THESIS as Record<string, unknown>;
    const b = AMBS_AUTHORS_CODE as Record<string, unknown>;
    const differ = Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]).sort();
    expect(listed.length).toBeGreaterThan(5);
    expect(differ).toEqual(listed);
  });

  it("each Fig. 4.6 ablation changes exactly its key; every one builds and trains a step", () => {
    const diff = (p: Record<string, unknown>) => Object.keys({ ...p, ...AMBS_THESIS }).filter((k) => p[k] !== (AMBS_THESIS as Record<string, unknown>)[k]).sort();
    expect(diff(agentPreset("ambs-no-aug"))).toEqual(["augmentation"]);
    expect(diff(agentPreset("ambs-no-f"))).toEqual(["metricHead"]);
    expect(diff(agentPreset("ambs-no-c"))).toEqual(["weighting"]);
    expect(diff(agentPreset("ambs-c-half"))).toEqual(["weighting"]);
    expect(diff(agentPreset("ambs-one-gamma"))).toEqual(["weighting"]);
    expect(agentPreset("ambs-dbc-drq")).toMatchObject({ augmentation: "drq", dbcForm: "paper", batchSize: 128, featureDim: 100, encoderLr: 5e-4 });
    expect(Object.keys(AMBS_ABLATIONS)).toEqual(["AMBS", "AMBS w/o data aug", "AMBS w/o f", "AMBS w/o c", "DBC + DrQ", "AMBS c = 0.5", "AMBS w/ (1, γ)"]);
    for (const [label, { algorithm, preset }] of Object.entries(AMBS_ABLATIONS)) {
      const rng = new Rng(7);
      const agent = makeAgent(agentConfig({ algorithm, ...agentPreset(preset), ...(algorithm === "dbc" ? TINY_DBC : TINY) }), spec, 4);
      const m = agent.update(filledReplay(spec, rng).sample(8, rng));
      expect(Number.isFinite(m.criticLoss) && Number.isFinite(m.auxLoss), `${label}: ${JSON.stringify(m)}`).toBe(true);
      if (preset === "ambs-c-half") expect(objectiveOf(agent).c).toBe(0.5);
      if (preset === "ambs-one-gamma") expect(val(agent.encoder.online!.weights())).toEqual([1, expect.closeTo(0.99, 6)]);
      if (preset === "ambs-no-c") expect(agent.encoder.eta).toBeNull();
      if (preset === "ambs-no-f") expect(objectiveOf(agent).fr).toBeNull();
      agent.dispose();
    }
  });
});

describe("AMBS agent: order and smoke", () => {
  const order = (preset: string): string[] => {
    const rng = new Rng(2);
    const agent = makeAgent(agentConfig({ algorithm: "ambs", ...agentPreset(preset), ...TINY }), spec, 1);
    const obj = objectiveOf(agent);
    const log = recordSteps(agent, { critic: agent.critic.opt, encoder: obj.encoderOpt, model: obj.modelOpt, actor: agent.actor.opt, alpha: agent.temperature.opt }, (l) => {
      const replay = filledReplay(spec, rng);
      agent.update(replay.sample(8, rng));
      l.length = 0;
      agent.update(replay.sample(8, rng));
    });
    agent.dispose();
    return log;
  };

  it("thesis order (Algorithm 2): critic → actor → α → encoder Θ → P̂ → soft updates; the code's: critic → encoder + models → actor → α → soft updates", () => {
    expect(order("ambs-thesis")).toEqual(["critic", "actor", "alpha", "encoder", "model", "targets"]);
    expect(order("ambs-authors-code")).toEqual(["critic", "encoder", "model", "actor", "alpha", "targets"]);
  });

  it("authors-code clips the critic's and actor's gradient norm at 40 (Adam maxGradNorm: PyTorch clip_grad_norm_), the thesis does not", () => {
    const code = makeAgent(agentConfig({ algorithm: "ambs", ...agentPreset("ambs-authors-code"), ...TINY }), spec, 1);
    const thesis = ambs();
    expect([code.critic.opt.maxGradNorm, code.actor.opt.maxGradNorm, thesis.critic.opt.maxGradNorm]).toEqual([40, 40, 0]);
    // clipping [3, 4] (norm 5) to norm 1 makes Adam see [0.6, 0.8]
    const run = (maxGradNorm: number, grads: number[][]) => {
      const v = tf.variable(tf.zeros([2]));
      const opt = new Adam([v], { lr: 0.1, maxGradNorm });
      for (const g of grads) opt.apply([tf.tensor1d(g)]);
      return val(v);
    };
    expect(run(1, [[3, 4], [0.6, 0.8]])).toEqual(run(0, [[0.6, 0.8], [0.6, 0.8]]).map((x) => expect.closeTo(x, 5)));
    expect(run(1, [[3, 4], [0.6, 0.8]])).not.toEqual(run(0, [[3, 4], [0.6, 0.8]]));
  });

  it("smoke: three updates of the thesis and authors-code presets, losses finite, c moves and stays in (0, 1)", () => {
    for (const preset of ["ambs-thesis", "ambs-authors-code"]) {
      const rng = new Rng(9);
      const agent = makeAgent(agentConfig({ algorithm: "ambs", ...agentPreset(preset), ...TINY }), spec, 8);
      const obj = objectiveOf(agent);
      const replay = filledReplay(spec, rng);
      for (let u = 0; u < 3; u++) {
        const m = agent.update(replay.sample(8, rng));
        for (const v of [m.criticLoss, m.auxLoss, obj.last.metric, obj.last.dynamics]) expect(Number.isFinite(v), `${preset} ${JSON.stringify(m)} ${JSON.stringify(obj.last)}`).toBe(true);
      }
      expect(obj.c).not.toBe(0.5);
      expect(obj.c > 0 && obj.c < 1).toBe(true);
      agent.dispose();
    }
  });
});
