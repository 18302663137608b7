/**
 * The training runner: one seed of one agent on one environment, seeded end to end, with
 * evaluation every N environment steps, a SAC-AE-style console line per episode, a progress
 * bar with ETA, and checkpoints that `resume` continues to exactly the numbers of an
 * uninterrupted run.
 *
 * Loop (reference `train.py` of SAC-AE): `initSteps` agent steps with uniform random actions,
 * then act with a sample of π and do `updatesPerStep` updates per agent step on batches from
 * the replay buffer. With the agent's `initialUpdateBurst` (SAC-AE train.py:223-226, DBC
 * train.py:398-401; not DrQ, not CURL) the first learning step does `initSteps` updates instead
 * (`initialUpdates`); false is the project's earlier loop (stored runs).
 * `env.preCropSize` renders pixels larger than `env.size` for CURL's random crop (the agent
 * crops to `size`; reference curl train.py:27, :29: 100 → 84).
 *
 * Deviations from the references' loops, kept: the updates of a step come after that step's
 * transition is stored (train.py updates before `env.step`, on the buffer without it); the
 * agent's actor / target / decoder periods count its own updates, whereas the references test
 * `step % freq` with the environment-loop step — so during the reference's burst (all updates at
 * step = init_steps, even for 1000) the actor and the targets update at every burst update, here
 * at every `actorUpdateFreq`-th.
 * Episodes end on termination, on the environment's time limit, or on `episodeAgentSteps`
 * (an extra time limit); the last two are truncations and bootstrap.
 *
 * Determinism: every random choice comes from `seed` — network init, policy noise, replay
 * sampling, augmentation, random actions, and the reset seed of every episode (a function of
 * the seed and the episode index). Checkpoints are taken at episode boundaries (so no physics
 * state has to be saved): agent parameters and Adam moments, replay contents, random-stream
 * states, counters and the rows logged so far.
 */
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../backend/ensure.js";
import { ReproError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { makeEnv, type Env, type MakeEnvOptions } from "../envs/index.js";
import type { DistractionConfig } from "../envs/distractions/suite.js";
import { hasCheckpoint, loadCheckpoint, saveCheckpoint } from "./checkpoint.js";
import { agentConfig, type AgentConfig, type AgentSpec } from "./config.js";
import { makeAgent } from "./make-agent.js";
import { FrameReplay } from "./replay.js";
import type { AgentState, SacAgent } from "./sac.js";

export interface TrainEnvOptions {
  id: string;
  observation: "pixels" | "state";
  /** Pixel side the networks see (pixels only). */
  size?: number;
  /** Pixels only: render at this side and let the agent crop to `size` (CURL's random crop; reference 100 for 84). */
  preCropSize?: number;
  actionRepeat?: number;
  frameStack?: number;
  /** State observations + k distractor dims; train/eval splits use disjoint sources. */
  distractorDims?: number;
  /** Pixel distractions; the eval split uses `split: "eval"`. */
  distract?: DistractionConfig;
  /** Extra time limit in agent steps (truncation; the critic bootstraps). */
  episodeAgentSteps?: number;
}

export interface TrainOptions {
  env: TrainEnvOptions;
  /** Raw agent config (validated by `agentConfig`). */
  agent: Record<string, unknown>;
  seed: number;
  /** Budget in environment (control) steps = agent steps × action repeat. */
  envSteps: number;
  /** Agent steps with uniform random actions before learning starts. */
  initSteps: number;
  updatesPerStep?: number;
  replayCapacity: number;
  /** Evaluate every this many env steps (and at 0 and at the end). */
  evalEvery: number;
  evalEpisodes: number;
  /** Evaluation splits of the distractions ("train" always; add "eval" for unseen distractors). */
  evalSplits?: ("train" | "eval")[];
  /** Checkpoint folder and period (env steps); checkpoints happen at the first episode end past each period. */
  checkpointDir?: string;
  checkpointEvery?: number;
  /** Continue from the checkpoint in `checkpointDir` if there is one. */
  resume?: boolean;
  /** For tests: stop (as if killed) right after the first checkpoint at or past this many env steps. */
  stopAfterEnvSteps?: number;
  /** Console line per episode and eval (default console.log); null = silent. */
  log?: ((line: string) => void) | null;
  /** Progress: "bar" (stderr, redrawn), "lines" (a line per 10%), "none"; or a callback. */
  progress?: "bar" | "lines" | "none" | ((p: TrainProgress) => void);
  /** Label in console lines (e.g. "sac-ae s3"). */
  label?: string;
  /**
   * The agent diagnostics logged as columns with each evaluation (`agent.diagnostics()` keys,
   * e.g. AMBS's "c"); default all of them. A study names its columns up front, so an agent that
   * gains a diagnostic does not change the tables of the runs a study already stored.
   */
  diagnostics?: readonly string[];
}

export interface TrainProgress {
  envSteps: number;
  totalEnvSteps: number;
  elapsedSec: number;
  etaSec: number;
}

export type EvalRow = Record<string, number>;

export interface TrainResult {
  status: "finished" | "stopped";
  /** One row per evaluation. */
  rows: EvalRow[];
  /** One row per training episode. */
  episodes: EvalRow[];
  config: AgentConfig;
  wallTimeSec: number;
  replayBytesPerTransition: number;
  parameterCount: number;
  resumedFrom: number | null;
}

interface LoopState {
  agentSteps: number;
  envSteps: number;
  episode: number;
  nextEval: number;
  nextCheckpoint: number;
  evals: number;
  /** Env steps counted in the current episode (info.envSteps at the last step). */
  envStepsInEpisode: number;
  /** Mean reward of the last sampled batch (the console's BR). */
  batchReward: number;
  wallTimeSec: number;
  rows: EvalRow[];
  episodes: EvalRow[];
  sums: { critic: number; actor: number; alpha: number; aux: number; nCritic: number; nActor: number; nAux: number; trainReturn: number; nEpisodes: number };
}

interface Checkpoint {
  version: 2;
  /** What run this is (env, agent config, seed, schedule); resume refuses a checkpoint of another run. */
  fingerprint: string;
  loop: LoopState;
  agent: AgentState;
  replay: { meta: { total: number; open: boolean }; arrays: Record<string, ArrayBufferView> };
  rngs: { explore: number[]; replay: number[] };
}

/** Reset seed of training episode e / evaluation episode (k, e): a pure function of the run seed. */
export function episodeSeed(seed: number, kind: string, index: number): number {
  return new Rng(seed).fork(`${kind}-${index}`).int(2 ** 31 - 1);
}

export async function makeTrainEnv(opts: TrainEnvOptions, seed: number, split: "train" | "eval"): Promise<Env> {
  const o: MakeEnvOptions = { seed, observation: opts.observation };
  if (opts.actionRepeat !== undefined) o.actionRepeat = opts.actionRepeat;
  if (opts.observation === "pixels") {
    o.size = opts.preCropSize ?? opts.size ?? 84;
    o.frameStack = opts.frameStack ?? 3;
    o.layout = "hwc";
    if (opts.distract) o.distract = { ...opts.distract, split };
  } else if (opts.distractorDims !== undefined) {
    o.distractorDims = opts.distractorDims;
    o.distractorOptions = { split };
  }
  return makeEnv(opts.id, o);
}

function fmt(x: number, d = 4): string {
  return Number.isFinite(x) ? x.toFixed(d) : "nan";
}

function formatDuration(sec: number): string {
  if (!Number.isFinite(sec)) return "?";
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : `${m}m${String(s % 60).padStart(2, "0")}s`;
}

/** Updates done at a learning step: `initSteps` at the first one when the agent bursts (reference train.py), else `updatesPerStep`. */
export function initialUpdates(agentSteps: number, initSteps: number, updatesPerStep: number, burst: boolean): number {
  if (agentSteps <= initSteps) return 0;
  return burst && agentSteps === initSteps + 1 ? initSteps : updatesPerStep;
}

/** Average return of `act` over `episodes` episodes of `env` (the reset seeds of evaluation `evalIndex`). */
export function evaluatePolicy(act: (observation: Float32Array | Float64Array | Uint8Array) => number[], env: Env, episodes: number, seed: number, evalIndex: number, split: string, limit: number): number {
  let total = 0;
  for (let e = 0; e < episodes; e++) {
    let { observation } = env.reset({ seed: episodeSeed(seed, `eval-${split}-${evalIndex}`, e) });
    let steps = 0;
    for (;;) {
      const r = env.step(act(observation));
      total += r.reward;
      observation = r.observation;
      steps++;
      if (r.terminated || r.truncated || steps >= limit) break;
    }
  }
  return total / episodes;
}

/** Average deterministic-policy return over `episodes` episodes of `env`. */
export function evaluate(agent: SacAgent, env: Env, episodes: number, seed: number, evalIndex: number, split: string, limit: number): number {
  return evaluatePolicy((o) => agent.act(o, true), env, episodes, seed, evalIndex, split, limit);
}

export type RandomPolicyOptions = Pick<TrainOptions, "env" | "seed" | "envSteps" | "evalEvery" | "evalEpisodes" | "evalSplits">;

/**
 * The random-policy anchor of a training run, measured in the same study: the evaluations a run
 * with these settings would do (at 0, every `evalEvery` env steps and at the end), each on the
 * very episodes `trainRun` evaluates (same eval env seed, same reset seeds), with every action
 * component uniform in [−1, 1]. Rewards do not depend on the observation, so it runs on state
 * observations (pixels would only cost rendering). Rows have trainRun's columns; losses NaN.
 */
export async function randomPolicyRun(opts: RandomPolicyOptions): Promise<TrainResult> {
  if (!(opts.envSteps > 0) || !(opts.evalEvery > 0) || !(opts.evalEpisodes >= 1)) {
    throw new ReproError(`random-policy run needs envSteps, evalEvery > 0 and evalEpisodes ≥ 1, got ${opts.envSteps}, ${opts.evalEvery}, ${opts.evalEpisodes}`);
  }
  const started = performance.now();
  const { distractorDims: _d, distract: _p, preCropSize: _c, size: _s, frameStack: _f, ...rest } = opts.env;
  const envOpts: TrainEnvOptions = { ...rest, observation: "state" };
  const splits = opts.evalSplits ?? ["train"];
  const evalEnvs = new Map<string, Env>();
  for (const s of splits) evalEnvs.set(s, await makeTrainEnv(envOpts, opts.seed + 100_000, s));
  const rng = new Rng(opts.seed).fork("random-policy");
  try {
    const first = evalEnvs.values().next().value as Env;
    const limit = Math.min(first.maxAgentSteps, opts.env.episodeAgentSteps ?? Infinity);
    const n = first.actionSpec.shape[0]!;
    const act = () => Array.from({ length: n }, () => rng.uniformIn(-1, 1));
    const points: number[] = [];
    for (let x = 0; x < opts.envSteps; x += opts.evalEvery) points.push(x);
    points.push(opts.envSteps);
    const rows: EvalRow[] = points.map((envSteps, k) => {
      const row: EvalRow = { envSteps, agentSteps: NaN, updates: 0, episodes: NaN };
      for (const [split, e] of evalEnvs) row[`return_${split}`] = evaluatePolicy(act, e, opts.evalEpisodes, opts.seed, k, split, limit);
      Object.assign(row, { trainReturn: NaN, criticLoss: NaN, actorLoss: NaN, alpha: NaN, auxLoss: NaN, tensors: 0, wallSec: (performance.now() - started) / 1000 });
      return row;
    });
    return {
      status: "finished", rows, episodes: [], config: agentConfig({ algorithm: "sac" }), wallTimeSec: (performance.now() - started) / 1000,
      replayBytesPerTransition: 0, parameterCount: 0, resumedFrom: null,
    };
  } finally {
    for (const e of evalEnvs.values()) e.close();
  }
}

/** Train one seed. */
export async function trainRun(opts: TrainOptions): Promise<TrainResult> {
  const log = opts.log === null ? () => {} : (opts.log ?? ((l: string) => console.log(l)));
  const label = opts.label ? `${opts.label} ` : "";
  const cfg = agentConfig(opts.agent);
  if (!(opts.envSteps > 0)) throw new ReproError(`envSteps must be > 0, got ${opts.envSteps}`);
  if (opts.resume && !opts.checkpointDir) throw new ReproError("resume needs checkpointDir (where the checkpoint was written)");
  // a script that never mentions backends trains on wasm, not on tfjs's lazily picked cpu backend
  await ensureBackend();
  const seed = opts.seed;
  const env = await makeTrainEnv(opts.env, seed, "train");
  const splits = opts.evalSplits ?? ["train"];
  const evalEnvs = new Map<string, Env>();
  for (const s of splits) evalEnvs.set(s, await makeTrainEnv(opts.env, seed + 100_000, s));
  const obsShape = opts.env.observation === "pixels" ? [...env.observationSpec.shape] : [env.observationSpec.shape[0]!];
  const spec: AgentSpec = { observation: opts.env.observation, obsShape, actionDim: env.actionSpec.shape[0]! };
  if (opts.env.preCropSize !== undefined) {
    const size = opts.env.size ?? 84;
    if (opts.env.observation !== "pixels" || !(opts.env.preCropSize > size)) throw new ReproError(`env.preCropSize (${opts.env.preCropSize}) must be a pixel render larger than env.size (${size})`);
    spec.cropSize = size;
  }
  const agent = makeAgent(cfg, spec, seed);
  const pixels = opts.env.observation === "pixels";
  const frameSize = pixels ? obsShape[0]! * obsShape[1]! * 3 : obsShape[0]!;
  const k = pixels ? obsShape[2]! / 3 : 1;
  const replay = new FrameReplay({
    capacity: opts.replayCapacity, frameSize, stack: k, actionDim: spec.actionDim, dtype: pixels ? "uint8" : "float32",
    frameShape: pixels ? [obsShape[0]!, obsShape[1]!, 3] : undefined,
  });
  const exploreRng = new Rng(seed).fork("explore");
  const replayRng = new Rng(seed).fork("replay");
  const limit = Math.min(env.maxAgentSteps, opts.env.episodeAgentSteps ?? Infinity);
  const updatesPerStep = opts.updatesPerStep ?? 1;
  const ckptEvery = opts.checkpointEvery ?? Infinity;

  let loop: LoopState = {
    agentSteps: 0, envSteps: 0, episode: 0, nextEval: 0, nextCheckpoint: ckptEvery, evals: 0, envStepsInEpisode: 0, batchReward: NaN, wallTimeSec: 0, rows: [], episodes: [],
    sums: { critic: 0, actor: 0, alpha: 0, aux: 0, nCritic: 0, nActor: 0, nAux: 0, trainReturn: 0, nEpisodes: 0 },
  };
  let resumedFrom: number | null = null;
  const fingerprint = JSON.stringify({
    env: opts.env, agent: cfg, seed, envSteps: opts.envSteps, initSteps: opts.initSteps, updatesPerStep, replayCapacity: opts.replayCapacity,
    evalEvery: opts.evalEvery, evalEpisodes: opts.evalEpisodes, evalSplits: splits, checkpointEvery: opts.checkpointEvery ?? null,
  });
  if (opts.resume && opts.checkpointDir && hasCheckpoint(opts.checkpointDir)) {
    const ck = loadCheckpoint<Checkpoint>(opts.checkpointDir);
    if (ck.version !== 2 || ck.fingerprint !== fingerprint) {
      throw new ReproError(`the checkpoint in ${opts.checkpointDir} belongs to another run (different settings or code version); delete it or train without resume`);
    }
    loop = ck.loop;
    agent.setState(ck.agent);
    replay.restore(ck.replay.meta, ck.replay.arrays);
    exploreRng.setState(ck.rngs.explore);
    replayRng.setState(ck.rngs.replay);
    resumedFrom = loop.envSteps;
    log(`${label}| resume | S: ${loop.envSteps} | E: ${loop.episode} | from ${opts.checkpointDir}`);
  }

  const started = performance.now();
  const elapsed = () => loop.wallTimeSec + (performance.now() - started) / 1000;
  const startEnvSteps = loop.envSteps;
  let lastLinePct = -1;
  const progress = (final = false) => {
    const el = elapsed();
    const done = loop.envSteps - startEnvSteps;
    const rate = done / Math.max(1e-9, (performance.now() - started) / 1000);
    const p: TrainProgress = { envSteps: loop.envSteps, totalEnvSteps: opts.envSteps, elapsedSec: el, etaSec: rate > 0 ? (opts.envSteps - loop.envSteps) / rate : NaN };
    const mode = opts.progress ?? "none";
    if (typeof mode === "function") return mode(p);
    const pct = Math.min(100, Math.floor((100 * loop.envSteps) / opts.envSteps));
    const text = `${label}[${"#".repeat(Math.floor(pct / 5)).padEnd(20, ".")}] ${String(pct).padStart(3)}% ${loop.envSteps}/${opts.envSteps} env steps, ${formatDuration(p.elapsedSec)} elapsed, ETA ${formatDuration(p.etaSec)}`;
    if (mode === "bar") process.stderr.write(`\r${text}${final ? "\n" : ""}`);
    else if (mode === "lines" && (pct >= lastLinePct + 10 || final)) {
      lastLinePct = pct - (pct % 10);
      process.stderr.write(`${text}\n`);
    }
  };

  const runEval = () => {
    const row: EvalRow = { envSteps: loop.envSteps, agentSteps: loop.agentSteps, updates: agent.updates, episodes: loop.episode };
    for (const [split, e] of evalEnvs) row[`return_${split}`] = evaluate(agent, e, opts.evalEpisodes, seed, loop.evals, split, limit);
    const s = loop.sums;
    row["trainReturn"] = s.nEpisodes ? s.trainReturn / s.nEpisodes : NaN;
    row["criticLoss"] = s.nCritic ? s.critic / s.nCritic : NaN;
    row["actorLoss"] = s.nActor ? s.actor / s.nActor : NaN;
    row["alpha"] = s.nActor ? s.alpha / s.nActor : agent.temperature.value;
    row["auxLoss"] = s.nAux ? s.aux / s.nAux : NaN;
    row["tensors"] = tf.memory().numTensors;
    row["wallSec"] = elapsed();
    // agent diagnostics (AMBS: c) after the common columns; none for SAC, SAC+AE, DrQ, CURL
    const diagnostics = agent.diagnostics();
    for (const k of opts.diagnostics ?? Object.keys(diagnostics)) {
      if (!(k in diagnostics)) throw new ReproError(`diagnostic "${k}" is not logged by ${cfg.algorithm}; it logs: ${Object.keys(diagnostics).join(", ") || "none"}`);
      row[k] = diagnostics[k]!;
    }
    loop.rows.push(row);
    loop.sums = { critic: 0, actor: 0, alpha: 0, aux: 0, nCritic: 0, nActor: 0, nAux: 0, trainReturn: 0, nEpisodes: 0 };
    loop.evals++;
    const rets = [...evalEnvs.keys()].map((sp) => `ER${sp === "train" ? "" : `(${sp})`}: ${fmt(row[`return_${sp}`]!, 2)}`).join(" | ");
    log(`${label}| eval | S: ${loop.envSteps} | ${rets}`);
  };

  let stopped = false;
  let lastYield = performance.now();
  try {
    while (loop.envSteps < opts.envSteps) {
      // one episode
      const t0 = performance.now();
      let { observation } = env.reset({ seed: episodeSeed(seed, "train", loop.episode) });
      replay.startEpisode(observation);
      let epReturn = 0;
      let epSteps = 0;
      for (;;) {
        if (loop.envSteps >= loop.nextEval) {
          runEval();
          loop.nextEval += opts.evalEvery;
        }
        const action = loop.agentSteps < opts.initSteps
          ? Array.from({ length: spec.actionDim }, () => exploreRng.uniformIn(-1, 1))
          : agent.act(observation, false);
        const r = env.step(action);
        epSteps++;
        loop.agentSteps++;
        loop.envSteps += r.info.envSteps - loop.envStepsInEpisode;
        loop.envStepsInEpisode = r.info.envSteps;
        replay.add(action, r.reward, r.observation, r.terminated);
        epReturn += r.reward;
        observation = r.observation;
        const nUpdates = initialUpdates(loop.agentSteps, opts.initSteps, updatesPerStep, cfg.initialUpdateBurst);
        if (nUpdates > 0) {
          for (let u = 0; u < nUpdates; u++) {
            const batch = replay.sample(cfg.batchSize, replayRng);
            loop.batchReward = batch.rewards.reduce((a, b) => a + b, 0) / batch.size;
            const m = agent.update(batch);
            const s = loop.sums;
            if (Number.isFinite(m.criticLoss)) { s.critic += m.criticLoss; s.nCritic++; }
            if (Number.isFinite(m.actorLoss)) { s.actor += m.actorLoss; s.alpha += m.alpha; s.nActor++; }
            if (Number.isFinite(m.auxLoss)) { s.aux += m.auxLoss; s.nAux++; }
          }
        }
        if (r.terminated || r.truncated || epSteps >= limit || loop.envSteps >= opts.envSteps) break;
        // Tensor ops are synchronous: hand the event loop a turn about once a second so a run
        // inside a bigger process (a notebook kernel, a test worker) stays responsive.
        if (performance.now() - lastYield > 1000) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
      }
      replay.endEpisode();
      loop.envStepsInEpisode = 0;
      const m = agent.lastMetrics;
      loop.episodes.push({ episode: loop.episode, envSteps: loop.envSteps, return: epReturn, steps: epSteps });
      loop.sums.trainReturn += epReturn;
      loop.sums.nEpisodes++;
      log(`${label}| train | E: ${loop.episode + 1} | S: ${loop.envSteps} | D: ${((performance.now() - t0) / 1000).toFixed(1)} s | R: ${fmt(epReturn)} | ` +
        `BR: ${fmt(loop.batchReward)} | ALOSS: ${fmt(m.actorLoss)} | CLOSS: ${fmt(m.criticLoss)} | RLOSS: ${fmt(m.auxLoss)}`);
      loop.episode++;
      progress();
      if (opts.checkpointDir && loop.envSteps >= loop.nextCheckpoint && loop.envSteps < opts.envSteps) {
        while (loop.nextCheckpoint <= loop.envSteps) loop.nextCheckpoint += ckptEvery;
        const saved: LoopState = { ...loop, wallTimeSec: elapsed() };
        const ck: Checkpoint = { version: 2, fingerprint, loop: saved, agent: agent.getState(), replay: replay.snapshot(), rngs: { explore: exploreRng.getState(), replay: replayRng.getState() } };
        saveCheckpoint(opts.checkpointDir, ck);
        if (opts.stopAfterEnvSteps !== undefined && loop.envSteps >= opts.stopAfterEnvSteps) {
          stopped = true;
          break;
        }
      }
    }
    if (!stopped) {
      runEval();
      progress(true);
    }
    return {
      status: stopped ? "stopped" : "finished",
      rows: loop.rows,
      episodes: loop.episodes,
      config: cfg,
      wallTimeSec: elapsed(),
      replayBytesPerTransition: replay.bytesPerTransition,
      parameterCount: agent.parameterCount,
      resumedFrom,
    };
  } finally {
    agent.dispose();
    env.close();
    for (const e of evalEnvs.values()) e.close();
  }
}

/** Where a run's checkpoint lives under a checkpoint root. */
export function checkpointFolder(root: string, experiment: string, method: string, seed: number): string {
  return path.join(root, experiment, method, `seed-${seed}`);
}
