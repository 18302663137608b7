/**
 * Fidelity to the reference implementations (issue 12): each test pins one behaviour of the
 * references (pytorch_sac_ae, drq, curl, deep_bisim4control) that the project's earlier code did
 * differently. The earlier behaviour is still selectable by named options (no stored run uses
 * them since the sac-ae re-run); run this file with FIDELITY_LEGACY=1 to build every agent with those options
 * and see each test fail on the old behaviour.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { centreCrop, randomCrop } from "../../src/agents/augment.js";
import { agentConfig, type AgentSpec } from "../../src/agents/config.js";
import type { CurlObjective } from "../../src/agents/curl.js";
import type { Adam } from "../../src/agents/adam.js";
import { makeAgent } from "../../src/agents/make-agent.js";
import type { AuxiliaryObjective, UpdateContext } from "../../src/agents/module.js";
import { orthogonalMatrix } from "../../src/agents/nn.js";
import { agentPreset } from "../../src/agents/presets.js";
import { filledReplay } from "./replay-fixture.js";
import type { DecoderObjective } from "../../src/agents/sac-ae.js";
import { SacAgent, type SacCoreConfig } from "../../src/agents/sac.js";
import { initialUpdates, trainRun } from "../../src/agents/train.js";
import { Rng } from "../../src/core/rng.js";
import { randomUniform } from "../../src/core/tf-random.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

const LEGACY_RUN = process.env["FIDELITY_LEGACY"] === "1";
/** The named legacy options: the agents before issue 12 (the stored sac-ae runs of that time used them). */
const LEGACY: Record<string, Record<string, unknown>> = {
  sac: { actorEncoder: "critic-head", weightInit: "glorot", initialUpdateBurst: false },
  "sac-ae": { actorEncoder: "critic-head", weightInit: "glorot", initialUpdateBurst: false, reconstructionTarget: "plain" },
  drq: { actorEncoder: "critic-head", weightInit: "glorot", initialUpdateBurst: false, alphaLr: 1e-4, alphaBeta: 0.5, encoderTau: 0.05 },
  curl: { actorEncoder: "critic-head", weightInit: "glorot", initialUpdateBurst: false, featureTanh: true, augmentation: "shift", curlEncoderSteps: 1 },
};
/** The config as the test means it, or (FIDELITY_LEGACY=1) with the legacy options of its algorithm. */
function cfg(raw: Record<string, unknown>): ReturnType<typeof agentConfig> {
  const algorithm = String(raw["algorithm"] ?? "sac");
  return agentConfig(LEGACY_RUN ? { ...raw, ...LEGACY[algorithm] } : raw);
}

const PX = 16;
const TINY = { hiddenDim: 16, featureDim: 6, numLayers: 2, numFilters: 4, batchSize: 8 };
const pixelSpec: AgentSpec = { observation: "pixels", obsShape: [PX, PX, 9], actionDim: 2 };
const cropSpec: AgentSpec = { ...pixelSpec, cropSize: 12 };
/** CURL's spec: the reference crop, or (legacy run) the un-enlarged render its shift needs. */
const curlSpec = (): AgentSpec => (LEGACY_RUN ? pixelSpec : cropSpec);


const snapshot = (vars: readonly tf.Variable[]): number[] => vars.flatMap((v) => Array.from(v.dataSync()));
const cloneRng = (r: Rng): Rng => {
  const c = new Rng(0);
  c.setState(r.getState());
  return c;
};

// ---- a. presets: the resolved config of each algorithm is its reference's table ----------------

describe("reference presets", () => {
  it("sac-ae: agentConfig defaults are pytorch_sac_ae's", () => {
    expect(cfg({ algorithm: "sac-ae" })).toMatchObject({
      hiddenDim: 1024, batchSize: 128, gamma: 0.99, // pytorch_sac_ae train.py:36, :35, :64
      actorLr: 1e-3, actorBeta: 0.9, actorUpdateFreq: 2, logStdMin: -10, logStdMax: 2, // train.py:46-50
      criticLr: 1e-3, criticBeta: 0.9, criticTau: 0.01, targetUpdateFreq: 2, // train.py:41-44
      alphaLr: 1e-4, alphaBeta: 0.5, initTemperature: 0.1, // train.py:66, :67, :65
      featureDim: 50, numLayers: 4, numFilters: 32, encoderTau: 0.05, // train.py:53, :61, :62, :55
      encoderLr: 1e-3, decoderLr: 1e-3, decoderUpdateFreq: 1, latentLambda: 1e-6, decoderWeightLambda: 1e-7, // train.py:54, :57-60
      featureTanh: true, // encoder.py:67
      actorEncoder: "own-head", // sac_ae.py:247 copy_conv_weights_from (convs only, encoder.py:72-76)
      weightInit: "delta-orthogonal", // sac_ae.py:33-45
      initialUpdateBurst: true, // train.py:224
      reconstructionTarget: "quantized", // sac_ae.py:374, utils.py:56-65
    });
    expect(agentPreset("sac-ae")).toMatchObject({ hiddenDim: 1024, alphaBeta: 0.5, reconstructionTarget: "quantized" });
  });

  it("drq: agentConfig defaults are drq's config.yaml / drq.py", () => {
    expect(cfg({ algorithm: "drq" })).toMatchObject({
      hiddenDim: 1024, hiddenLayers: 2, batchSize: 128, gamma: 0.99, // config.yaml:57-58, :30, :44
      actorLr: 1e-3, criticLr: 1e-3, alphaLr: 1e-3, // config.yaml:28 lr (drq.py:194-197)
      actorBeta: 0.9, criticBeta: 0.9, alphaBeta: 0.9, // drq.py:194-197 Adam default betas
      criticTau: 0.01, encoderTau: 0.01, // config.yaml:48; drq.py:306 the whole critic incl. the encoder
      initTemperature: 0.1, actorUpdateFreq: 2, targetUpdateFreq: 2, // config.yaml:45, :47, :49
      featureDim: 50, numLayers: 4, numFilters: 32, logStdMin: -10, logStdMax: 2, // config.yaml:73; drq.py:18-19; config.yaml:67
      augPad: 4, drqK: 2, drqM: 2, // config.yaml:25; drq.py:222-251
      featureTanh: true, actorEncoder: "own-head", weightInit: "orthogonal", initialUpdateBurst: false, // drq.py:21, :186; utils.py:62-72; train.py:150-152
    });
  });

  it("curl: agentConfig defaults are curl's train.py / curl_sac.py", () => {
    expect(cfg({ algorithm: "curl" })).toMatchObject({
      hiddenDim: 1024, batchSize: 128, gamma: 0.99, // train.py:39; scripts/run.sh:9; train.py:63
      actorLr: 1e-3, actorBeta: 0.9, actorUpdateFreq: 2, logStdMin: -10, logStdMax: 2, // train.py:49-53
      criticLr: 1e-3, criticBeta: 0.9, criticTau: 0.01, targetUpdateFreq: 2, // train.py:44-47
      alphaLr: 1e-4, alphaBeta: 0.5, initTemperature: 0.1, // train.py:65, :66, :64
      featureDim: 50, numLayers: 4, numFilters: 32, encoderTau: 0.05, curlLr: 1e-3, // train.py:56, :59, :60, :58, :57
      featureTanh: false, // curl_sac.py:57, :146 output_logits=True
      curlEncoderSteps: 2, // curl_sac.py:320-325, :427-432
      augmentation: "crop", // train.py:27, :29; utils.py:231-251
      actorEncoder: "own-head", weightInit: "delta-orthogonal", initialUpdateBurst: false, // curl_sac.py:294; :32-44; train.py:262
    });
  });

  it("dbc: agentConfig defaults are deep_bisim4control's train.py (SAC core and DBC's own keys)", () => {
    const dbc = { hiddenDim: 256, batchSize: 512, gamma: 0.99, // train.py:45, :44, :76
      actorLr: 1e-3, actorBeta: 0.9, actorUpdateFreq: 2, criticLr: 1e-3, criticBeta: 0.9, targetUpdateFreq: 2, // train.py:53-62
      criticTau: 0.005, encoderTau: 0.005, // train.py:55, :67
      alphaLr: 1e-3, alphaBeta: 0.9, initTemperature: 0.01, // train.py:78, :79, :77
      featureDim: 50, numLayers: 4, numFilters: 32, // train.py:65, :73, :74
      featureTanh: false, actorEncoder: "own-head", weightInit: "delta-orthogonal", initialUpdateBurst: true, // encoder.py:58-70; bisim_agent.py:93; sac_ae.py:36-48; train.py:399
    };
    const own = { encoderLr: 1e-3, decoderLr: 1e-3, decoderWeightLambda: 0, bisimCoef: 0.5, // train.py:66, :70, :72, :47
      transitionModel: "probabilistic", modelWidth: 512, // run_local.sh:18 (train.py:87 default ''); transition_model.py:100
      dbcForm: "paper", pairs: "permutation", augmentation: "none", augPad: 4, // DBC paper Eq. 4; bisim_agent.py:208; no augmentation
    };
    const preset = agentPreset("dbc");
    expect(preset).toEqual({ ...dbc, ...own, hiddenLayers: 2, logStdMin: -10, logStdMax: 2 });
    expect(cfg({ algorithm: "dbc" })).toMatchObject({ ...dbc, ...own });
  });

  it("an unknown preset name is a one-line error listing the known ones (NameTable)", () => {
    expect(() => agentPreset("toString")).toThrow(/^unknown agent preset "toString"; known: sac-ae, drq, curl, dbc, dbc-code, dbc-run-local, mico, ambs, ambs-thesis, ambs-authors-code, ambs-no-aug, ambs-no-f, ambs-no-c, ambs-c-half, ambs-one-gamma, ambs-dbc-drq, rap, rap-thesis, rap-authors-code$/);
  });
});

// ---- b. the actor's own encoder head ----------------------------------------------------------

describe("actor/critic encoder split (tied convs, separate fc + LayerNorm heads)", () => {
  it("an actor-only step trains the actor's own head; the critic's encoder (convs, fc, LN) is untouched and the convs are shared", () => {
    for (const algorithm of ["sac", "drq", "sac-ae"]) {
      const rng = new Rng(3);
      const agent = makeAgent(cfg({ ...TINY, algorithm }), pixelSpec, 7);
      const enc = agent.encoder;
      expect(enc.actorHead, `${algorithm}: the actor has its own head`).not.toBeNull();
      const batch = filledReplay(pixelSpec, rng, { steps: 40 }).sample(8, rng);
      const critic0 = snapshot(enc.online!.params.vars);
      const head0 = snapshot(enc.actorHeadVars);
      const obs = agent.obsTensor(batch.obs, 8);
      // the actor's features are the head on the critic's conv output (same conv variables, no copy)
      const viaConvs = tf.tidy(() => enc.actorHead!.forward(enc.online!.trunk(obs as tf.Tensor4D)).dataSync());
      const actorZ = tf.tidy(() => enc.actorFeatures(obs, new Rng(0)).dataSync());
      const criticZ = tf.tidy(() => enc.features(obs, new Rng(0)).dataSync());
      expect(Array.from(actorZ)).toEqual(Array.from(viaConvs));
      expect(Array.from(actorZ)).not.toEqual(Array.from(criticZ));
      // the actor's Adam holds its head; no conv variable has a second copy anywhere in the agent
      expect(agent.actor.opt.vars).toEqual(expect.arrayContaining(enc.actorHeadVars));
      for (const v of enc.pixelEncoder.convParams) expect(agent.actor.opt.vars).not.toContain(v);
      agent.updateActorAndAlpha(obs);
      obs.dispose();
      expect(snapshot(enc.actorHeadVars), `${algorithm}: actor head trained`).not.toEqual(head0);
      expect(snapshot(enc.online!.params.vars), `${algorithm}: critic encoder untouched`).toEqual(critic0);
      agent.dispose();
    }
  });

  it("after a critic step the actor's features follow the critic's updated convs (tied), and acting reads the actor's head", () => {
    const rng = new Rng(4);
    const agent = makeAgent(cfg({ ...TINY, algorithm: "sac" }), pixelSpec, 8);
    const enc = agent.encoder;
    expect(enc.actorHead).not.toBeNull();
    const replay = filledReplay(pixelSpec, rng, { steps: 40 });
    const batch = replay.sample(8, rng);
    const obs = agent.obsTensor(batch.obs, 8);
    const head0 = snapshot(enc.actorHeadVars);
    const z0 = tf.tidy(() => Array.from(enc.actorFeatures(obs, new Rng(0)).dataSync()));
    agent.updateCritic(batch, { obs: [obs], next: [agent.obsTensor(batch.nextObs, 8)] });
    expect(snapshot(enc.actorHeadVars)).toEqual(head0); // the critic loss does not train the actor's head
    const z1 = tf.tidy(() => Array.from(enc.actorFeatures(obs, new Rng(0)).dataSync()));
    expect(z1).not.toEqual(z0); // … but its convs moved, and the actor reads them
    const one = replay.sample(1, new Rng(9)).obs;
    const t = agent.obsTensor(one, 1);
    const mu = tf.tidy(() => Array.from(agent.actor.net.distribution(enc.actorHead!.forward(enc.online!.trunk(t as tf.Tensor4D))).mu.dataSync()));
    t.dispose();
    expect(agent.act(one, true)).toEqual(mu.map(Math.tanh));
    obs.dispose();
    agent.dispose();
  });
});

// ---- b. weight initialisation -------------------------------------------------------------------

/** ‖AᵀA − g²I‖∞ for A (rows × cols) when rows ≥ cols, else ‖AAᵀ − g²I‖∞. */
function orthoError(a: ArrayLike<number>, rows: number, cols: number, gain: number): number {
  const tall = rows >= cols;
  const n = tall ? cols : rows;
  let err = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    if (tall) for (let r = 0; r < rows; r++) s += a[r * cols + i]! * a[r * cols + j]!;
    else for (let c = 0; c < cols; c++) s += a[i * cols + c]! * a[j * cols + c]!;
    err = Math.max(err, Math.abs(s - (i === j ? gain * gain : 0)));
  }
  return err;
}

describe("weight initialisation (reference weight_init)", () => {
  it("orthogonalMatrix: orthonormal rows (wide) or columns (tall) times the gain", () => {
    expect(orthoError(orthogonalMatrix(new Rng(1), 5, 12, 1), 5, 12, 1)).toBeLessThan(1e-12);
    expect(orthoError(orthogonalMatrix(new Rng(2), 12, 5, Math.SQRT2), 12, 5, Math.SQRT2)).toBeLessThan(1e-12);
    expect(orthoError(orthogonalMatrix(new Rng(3), 8, 8, 1), 8, 8, 1)).toBeLessThan(1e-12);
  });

  it("SAC-AE / CURL / DBC: linear weights orthogonal (gain 1), conv kernels delta-orthogonal (centre tap orthogonal × √2, other taps 0), biases 0", () => {
    const agent = makeAgent(cfg({ ...TINY, algorithm: "sac-ae" }), pixelSpec, 11);
    // dense weights [in, out] = torch Wᵀ: orthonormal in the smaller dimension
    const linears = [...agent.actor.net.params.vars, ...agent.critic.net.online.params.vars].filter((v) => v.shape.length === 2);
    expect(linears.length).toBeGreaterThan(3);
    for (const w of linears) {
      const [inDim, outDim] = w.shape as [number, number];
      expect(orthoError(w.dataSync(), inDim, outDim, 1), `linear ${w.name} ${inDim}×${outDim}`).toBeLessThan(1e-5);
    }
    for (const b of [...agent.actor.net.params.vars, ...agent.critic.net.online.params.vars].filter((v) => v.shape.length === 1)) expect(Math.max(...Array.from(b.dataSync(), Math.abs))).toBe(0);
    const convs = agent.encoder.pixelEncoder.convParams.filter((v) => v.shape.length === 4);
    expect(convs.length).toBe(2);
    for (const w of convs) {
      const [kh, kw, inC, outC] = w.shape as [number, number, number, number];
      const data = w.dataSync();
      const centre: number[] = [];
      for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < inC; i++) for (let o = 0; o < outC; o++) {
        const v = data[((y * kw + x) * inC + i) * outC + o]!;
        if (y === 1 && x === 1) centre.push(v);
        else expect(v, `off-centre tap (${y},${x}) of ${w.name}`).toBe(0);
      }
      expect(orthoError(centre, inC, outC, Math.SQRT2), `centre of ${w.name}`).toBeLessThan(1e-5);
    }
    agent.dispose();
  });

  it("DrQ: conv kernels orthogonal over the flattened kernel (out × in·3·3) with gain √2 (drq utils.py:62-72)", () => {
    const agent = makeAgent(cfg({ ...TINY, algorithm: "drq" }), pixelSpec, 12);
    for (const w of agent.encoder.pixelEncoder.convParams.filter((v) => v.shape.length === 4)) {
      const [kh, kw, inC, outC] = w.shape as [number, number, number, number];
      const data = w.dataSync();
      const K = inC * kh * kw;
      const torch = new Float64Array(outC * K); // torch layout [out, in, kh, kw] flattened per output
      for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < inC; i++) for (let o = 0; o < outC; o++) {
        torch[o * K + (i * kh + y) * kw + x] = data[((y * kw + x) * inC + i) * outC + o]!;
      }
      expect(orthoError(torch, outC, K, Math.SQRT2)).toBeLessThan(1e-5);
    }
    agent.dispose();
  });
});

// ---- b. SAC+AE's reconstruction target ----------------------------------------------------------

describe("SAC+AE reconstruction target (pytorch_sac_ae utils.preprocess_obs, bits 5)", () => {
  it("ō = ⌊byte/8⌋/32 + u/32 − 0.5 on hand-picked pixels with a fixed noise stream", () => {
    const agent = makeAgent(cfg({ ...TINY, algorithm: "sac-ae" }), pixelSpec, 13);
    const decoder = agent.auxiliary.find((a) => a.name === "decoder") as DecoderObjective;
    const bytes = [0, 7, 8, 100, 255, 128];
    const obs = tf.tensor(bytes.map((b) => b / 255), [1, 1, 2, 3]);
    const rng = new Rng(42);
    const u = Array.from(tf.tidy(() => randomUniform(cloneRng(rng), [1, 1, 2, 3]).dataSync()));
    const got = tf.tidy(() => Array.from(decoder.target(obs, rng).dataSync()));
    // ⌊b/8⌋: 0, 0, 1, 12, 31, 16
    const want = [0, 0, 1, 12, 31, 16].map((q, i) => q / 32 + u[i]! / 32 - 0.5);
    got.forEach((g, i) => expect(Math.abs(g - want[i]!), `pixel ${bytes[i]}`).toBeLessThan(1e-6));
    obs.dispose();
    agent.dispose();
  });
});

// ---- b. the initial update burst --------------------------------------------------------------

describe("initial update burst (train.py: num_updates = init_steps at step == init_steps)", () => {
  it("the first learning step does initSteps updates for SAC-AE (and DBC), one for DrQ and CURL", () => {
    const per = (algorithm: string) => {
      const burst = cfg({ algorithm }).initialUpdateBurst;
      return Array.from({ length: 8 }, (_, i) => initialUpdates(i + 1, 5, 1, burst));
    };
    expect(per("sac-ae")).toEqual([0, 0, 0, 0, 0, 5, 1, 1]);
    expect(per("sac")).toEqual([0, 0, 0, 0, 0, 5, 1, 1]);
    expect(per("drq")).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
    expect(agentPreset("dbc")["initialUpdateBurst"]).toBe(true);
  });

  it("a training run counts initSteps + (agent steps − initSteps − 1) updates", async () => {
    const res = await trainRun({
      env: { id: "cartpole-swingup", observation: "state" }, agent: { ...(LEGACY_RUN ? LEGACY["sac"] : {}), hiddenDim: 8, batchSize: 8 },
      seed: 1, envSteps: 8 * 40, initSteps: 15, replayCapacity: 200, evalEvery: 8 * 40, evalEpisodes: 1, log: null,
    });
    // 40 agent steps (action repeat 8); steps 16…40 learn; the first of them does 15 updates
    expect(res.rows.at(-1)!["updates"]).toBe(15 + 24);
  });
});

// ---- b. CURL: crops, optimizer steps, features ------------------------------------------------

describe("CURL as the reference (curl_sac.py, utils.py)", () => {
  it("random crop 16 → 12 (offsets 0 … side − out − 1, as np.random.randint(0, crop_max)) and centre crop", () => {
    const H = 16;
    const img = Uint8Array.from({ length: H * H }, (_, k) => k % 251);
    const batch = 400;
    const imgs = new Uint8Array(batch * H * H);
    for (let b = 0; b < batch; b++) imgs.set(img, b * H * H);
    const { images, shifts } = randomCrop(imgs, batch, H, H, 1, 12, new Rng(5));
    expect(images.length).toBe(batch * 144);
    const offs = new Set(Array.from(shifts));
    expect([...offs].sort()).toEqual([0, 1, 2, 3]);
    const dy = shifts[1]!;
    const dx = shifts[0]!;
    expect(images[0]).toBe(img[dy * H + dx]);
    const c = centreCrop(img, H, H, 1, 12);
    expect(c[0]).toBe(img[2 * H + 2]); // top = left = (16 − 12) // 2
    expect(c[143]).toBe(img[13 * H + 13]);
  });

  it("the networks see the crop size; updates crop, acting and evaluation centre-crop", () => {
    const agent = makeAgent(cfg({ ...TINY, algorithm: "curl" }), curlSpec(), 14);
    expect(agent.encoder.pixelEncoder.config.size).toBe(12);
    const replay = filledReplay(pixelSpec, new Rng(6), { steps: 40 });
    const m = agent.update(replay.sample(8, new Rng(7)));
    expect(Number.isFinite(m.criticLoss) && Number.isFinite(m.auxLoss)).toBe(true);
    const one = replay.sample(1, new Rng(8)).obs as Uint8Array;
    const cropped = centreCrop(one, PX, PX, 9, 12);
    const t = agent.obsTensor(cropped, 1, 12);
    const mu = tf.tidy(() => Array.from(agent.actor.net.distribution(agent.encoder.actorActFeatures(t)).mu.dataSync()));
    t.dispose();
    expect(agent.act(one, true)).toEqual(mu.map(Math.tanh));
    agent.dispose();
  });

  it("a training run renders at env.preCropSize, trains on crops to env.size and evaluates on centre crops; preCropSize elsewhere is a one-line error", async () => {
    const res = await trainRun({
      env: { id: "cartpole-swingup", observation: "pixels", size: 12, ...(LEGACY_RUN ? {} : { preCropSize: 16 }), episodeAgentSteps: 20 },
      agent: { ...(LEGACY_RUN ? LEGACY["curl"] : {}), algorithm: "curl", ...TINY },
      seed: 2, envSteps: 8 * 40, initSteps: 15, replayCapacity: 200, evalEvery: 8 * 40, evalEpisodes: 1, log: null,
    });
    expect(res.rows.at(-1)!["updates"]).toBe(25);
    expect(Number.isFinite(res.rows.at(-1)!["return_train"])).toBe(true);
    expect(res.replayBytesPerTransition).toBe(16 * 16 * 3 + 4 * 1 + 4 + 1 + 1 + 4); // frames stored at the render size; |A| = 1
    await expect(trainRun({
      env: { id: "cartpole-swingup", observation: "pixels", size: 12, preCropSize: 16 }, agent: { algorithm: "sac", ...TINY },
      seed: 2, envSteps: 8 * 4, initSteps: 2, replayCapacity: 50, evalEvery: 8 * 4, evalEpisodes: 1, log: null,
    })).rejects.toThrow(/^a pre-crop render \(env.preCropSize \/ spec.cropSize\) is only for CURL's random crop/);
  });

  it("one CURL update steps the encoder twice (encoder_optimizer and cpc_optimizer), W once", () => {
    const run = (steps: number) => {
      const agent = makeAgent(cfg({ ...TINY, algorithm: "curl", curlEncoderSteps: steps }), curlSpec(), 15);
      const curl = agent.auxiliary.find((a) => a.name === "curl") as CurlObjective;
      const batch = filledReplay(pixelSpec, new Rng(9), { steps: 40 }).sample(8, new Rng(10));
      const rng = new Rng(11);
      const side = agent.encoder.pixelEncoder.config.size;
      const imgs = new Uint8Array(8 * side * side * 9);
      for (let b = 0; b < 8; b++) imgs.set(centreCrop(batch.obs.slice(b * PX * PX * 9, (b + 1) * PX * PX * 9) as Uint8Array, PX, PX, 9, side), b * side * side * 9);
      const anchors = agent.obsTensor(imgs, 8, side);
      const ctxBatch = batch;
      const enc0 = snapshot(agent.encoder.vars);
      const w0 = snapshot([curl.W]);
      curl.update({ batch: ctxBatch, views: { obs: [anchors], next: [] }, updates: 1, rng });
      const dEnc = snapshot(agent.encoder.vars).map((x, i) => x - enc0[i]!);
      const dW = snapshot([curl.W]).map((x, i) => x - w0[i]!);
      const nOpt = curl.optimizers().length;
      anchors.dispose();
      agent.dispose();
      return { dEnc, dW, nOpt };
    };
    const reference = run(2);
    const single = run(1);
    expect(reference.nOpt).toBe(2); // cpc_optimizer (encoder + W) and encoder_optimizer
    // a fresh Adam's first step is lr·g/(|g| + ε): two fresh Adams on the same gradient move the encoder twice as far
    expect(reference.dEnc.some((d) => Math.abs(d) > 5e-4)).toBe(true);
    reference.dEnc.forEach((d, i) => expect(Math.abs(d - 2 * single.dEnc[i]!)).toBeLessThan(1e-6));
    reference.dW.forEach((d, i) => expect(Math.abs(d - single.dW[i]!)).toBeLessThan(1e-6));
  });

  it("features are the LayerNorm output, not tanh'd (output_logits=True)", () => {
    const agent = makeAgent(cfg({ ...TINY, featureDim: 16, algorithm: "curl" }), curlSpec(), 16);
    const batch = filledReplay(pixelSpec, new Rng(12), { steps: 40 }).sample(8, new Rng(13));
    const side = agent.encoder.pixelEncoder.config.size;
    const imgs = new Uint8Array(8 * side * side * 9);
    for (let b = 0; b < 8; b++) imgs.set(centreCrop(batch.obs.slice(b * PX * PX * 9, (b + 1) * PX * PX * 9) as Uint8Array, PX, PX, 9, side), b * side * side * 9);
    const obs = agent.obsTensor(imgs, 8, side);
    const z = tf.tidy(() => Array.from(agent.encoder.features(obs, new Rng(0)).dataSync()));
    obs.dispose();
    agent.dispose();
    // LayerNorm output has unit variance per row: some |z| > 1, which tanh could never give
    expect(Math.max(...z.map(Math.abs))).toBeGreaterThan(1);
  });
});

// ---- a/6. the "after-critic" stage (DBC's place) -------------------------------------------------

class Recorder implements AuxiliaryObjective {
  readonly name: string;
  readonly calls: { criticChanged: boolean; actorChanged: boolean; targetChanged: boolean }[] = [];
  constructor(readonly stage: "after-critic" | "last", private readonly agent: () => SacAgent, private readonly before: () => { critic: number[]; actor: number[]; target: number[] }) {
    this.name = `recorder-${stage}`;
  }
  update(_ctx: UpdateContext): number {
    const a = this.agent();
    const b = this.before();
    this.calls.push({
      criticChanged: snapshot(a.critic.net.online.params.vars).some((x, i) => x !== b.critic[i]),
      actorChanged: snapshot(a.actor.net.params.vars).some((x, i) => x !== b.actor[i]),
      targetChanged: snapshot(a.critic.net.target.params.vars).some((x, i) => x !== b.target[i]),
    });
    return 0;
  }
  paramGroups(): tf.Variable[][] {
    return [];
  }
  optimizers(): Adam[] {
    return [];
  }
  dispose(): void {}
}

describe("auxiliary stages: DBC's place between the critic and the actor (bisim_agent.py:266-277)", () => {
  it("an after-critic objective runs after the critic step and before the actor step and the soft updates; a last objective after both", () => {
    const config = agentConfig({ algorithm: "dbc", ...TINY, actorUpdateFreq: 1, targetUpdateFreq: 1 }) as SacCoreConfig;
    let agent!: SacAgent;
    let before = { critic: [] as number[], actor: [] as number[], target: [] as number[] };
    const after = new Recorder("after-critic", () => agent, () => before);
    const last = new Recorder("last", () => agent, () => before);
    agent = new SacAgent(config, pixelSpec, 17, { auxiliary: () => [last, after] });
    const replay = filledReplay(pixelSpec, new Rng(14), { steps: 40 });
    for (let i = 0; i < 2; i++) {
      before = { critic: snapshot(agent.critic.net.online.params.vars), actor: snapshot(agent.actor.net.params.vars), target: snapshot(agent.critic.net.target.params.vars) };
      agent.update(replay.sample(8, new Rng(20 + i)));
    }
    expect(after.calls).toEqual([{ criticChanged: true, actorChanged: false, targetChanged: false }, { criticChanged: true, actorChanged: false, targetChanged: false }]);
    expect(last.calls).toEqual([{ criticChanged: true, actorChanged: true, targetChanged: true }, { criticChanged: true, actorChanged: true, targetChanged: true }]);
    agent.dispose();
  });
});
