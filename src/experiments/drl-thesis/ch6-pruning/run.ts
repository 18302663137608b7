/**
 * One seed of the Chapter 6 experiments: pretrain the backbone, run Algorithm 4's
 * pretraining stages once, then every run of `chapterRuns` from a copy of that net, and
 * evaluate (accuracy, MAC speed-up, stored parameters, measured CPU time per batch).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../../core/rng.js";
import { loadCifar10 } from "../../../data/cifar10.js";
import { shapes10Split } from "../../../data/procedural.js";
import { channelStats } from "../../../data/tensors.js";
import { headOf, type TrainTest } from "../../../data/types.js";
import { totalMacs, uniformKeep } from "../../../pruning/counting.js";
import { timeCompact } from "../../../pruning/timing.js";
import { mCifarNetSpec, PrunableNet } from "../../../pruning/network.js";
import {
  disposeMethodState,
  evaluateMethod,
  newMethodState,
  plainAccuracy,
  pretrainBackbone,
  pretrainStages,
  recalibrateRunning,
  runAlgorithm4,
  type IterationInfo,
  type Stats,
} from "../../../pruning/train.js";
import type { Ch6Config } from "./config.js";
import { chapterRuns, type RunSpec } from "./methods.js";

export type RunRow = {
  id: string;
  method: string;
  tables: string;
  sparsity: number;
  rr: number;
  agentLr: number;
  cnnLr: number;
  accuracy: number;
  baselineAccuracy: number;
  deltaAcc: number;
  speedup: number;
  macFraction: number;
  paramRatio: number;
  runtimeAgentParams: number;
  cpuMsStored: number;
  cpuMsSkip: number;
  cpuMsFull: number;
  meanKept: string;
  staticActions: string;
  runtimeActions: string;
  lastCnnLoss: number;
  wallSec: number;
};

export type LatencyRow = {
  sparsity: number;
  macFraction: number;
  msPerBatch: number;
  speedupMeasured: number;
};

export type PretrainRow = {
  phase: string;
  step: number;
  loss: number;
  accuracy: number;
};

/** Learning check, before Algorithm 4 (the same-run baseline): test accuracy and agent ratios of the method as initialised. */
export type InitialRow = {
  id: string;
  accuracy: number;
  macFraction: number;
  staticActions: string;
  runtimeActions: string;
};

/** Learning check, one row per run and Algorithm 4 iteration (1-based): each agent's mean reward and ratios, the CNN loss. */
export type CurveRow = {
  id: string;
  iteration: number;
  cnnLoss: number;
  rlLoss: number;
  macFraction: number;
  /** NaN (stored empty) where the method has no such agent. */
  runtimeReward: number;
  staticReward: number;
  runtimeActions: string;
  staticActions: string;
};

export interface SeedResult {
  seed: number;
  runs: RunRow[];
  latency: LatencyRow[];
  pretrain: PretrainRow[];
  /** Learning checks (empty where the tier's config has `learningChecks: false`). */
  initial: InitialRow[];
  curve: CurveRow[];
  dataset: string;
  /** Wall time of this process plus the recorded wall time of the runs taken from checkpoints. */
  wallTimeSec: number;
  /** Runs taken from per-run checkpoints of an earlier, cut computation. */
  resumedRuns?: number;
}

/** The compact-forward timing lives in the library (src/pruning/timing.ts); re-exported for this chapter's namespace. */
export { minMs, timeCompact } from "../../../pruning/timing.js";

export function loadData(cfg: Ch6Config, seed: number): TrainTest {
  if (cfg.dataset === "cifar10") {
    const d = loadCifar10();
    return { train: headOf(d.train, cfg.trainCount), test: headOf(d.test, cfg.testCount) };
  }
  return shapes10Split(cfg.trainCount, cfg.testCount, new Rng(seed).fork("data").seed, { noise: cfg.noise });
}

const firstK = (k: number) => Array.from({ length: Math.max(1, Math.round(k)) }, (_, i) => i);

/** CPU time per batch vs uniform keep ratio on the pretrained net (the speed-up the pruned forward delivers). */
export function latencySweep(net: PrunableNet, cfg: Ch6Config, ratios = [1, 0.9, 0.7, 0.5, 0.3]): LatencyRow[] {
  const rows: LatencyRow[] = [];
  let full = 0;
  for (const s of ratios) {
    const keep = uniformKeep(net.spec, s);
    const ms = timeCompact(net, keep.map(firstK), cfg.timingBatch, cfg.timingReps);
    if (s === 1) full = ms;
    rows.push({ sparsity: s, macFraction: totalMacs(net.spec, keep) / totalMacs(net.spec), msPerBatch: ms, speedupMeasured: full > 0 ? full / ms : 1 });
  }
  return rows;
}

export interface RunSeedOptions {
  onLog?: (line: string) => void;
  /** Only these run ids (default all). */
  only?: readonly string[];
  /**
   * Per-run checkpoints, so a seed (≈ 1 h at the medium tier) can be computed in pieces: `done`
   * returns a finished run's result (it is not run again), `save` keeps each one as it finishes.
   * Every run trains a clone of the same pretrained backbone from its own named random stream
   * (`rng.fork(run id)`), so a resumed seed computes the same numbers as an uncut one.
   */
  checkpoint?: { done(id: string): RunOneResult | undefined; save(id: string, result: RunOneResult): void };
}

const ratios = (xs: readonly number[]) => xs.map((a) => a.toFixed(3)).join(" ");

/** One run's stored rows (what a per-run checkpoint holds). */
export interface RunOneResult {
  row: Omit<RunRow, "baselineAccuracy" | "deltaAcc">;
  initial: InitialRow | null;
  curve: CurveRow[];
}

function runOne(base: PrunableNet, r: RunSpec, cfg: Ch6Config, data: TrainTest, stats: Stats, rng: Rng, log: (s: string) => void): RunOneResult {
  const t0 = performance.now();
  const net = base.clone(rng.fork("clone"));
  const hyper = { ...cfg.hyper, agentLr: cfg.hyper.agentLr * (r.agentLrScale ?? 1), cnnLr: r.cnnLr ?? cfg.hyper.cnnLr };
  const spec = r.separate ? { ...r.spec, rr: 0, train: { cnn: true, f: false, h: true, runtimeAgent: false, staticAgent: true } } : r.spec;
  const st = newMethodState(net, spec, hyper, rng.fork("method"));
  let lastCnnLoss = Number.NaN;
  // Learning check: the method as initialised (greedy actions draw no random numbers, so the runs' streams are unchanged).
  let initial: InitialRow | null = null;
  if (cfg.learningChecks) {
    const e0 = evaluateMethod(st, data.test, stats);
    initial = { id: r.id, accuracy: e0.accuracy, macFraction: e0.macFraction, staticActions: ratios(e0.staticActions), runtimeActions: ratios(e0.runtimeActions) };
    log(`  ${r.id} before Algorithm 4: acc ${(e0.accuracy * 100).toFixed(1)}%, static ${initial.staticActions}, runtime ${initial.runtimeActions}`);
  }
  const curve: CurveRow[] = [];
  const onIter = (i: number, info: IterationInfo) => {
    lastCnnLoss = info.cnnLoss;
    if (cfg.learningChecks) {
      curve.push({
        id: r.id,
        iteration: curve.length + 1,
        cnnLoss: info.cnnLoss,
        rlLoss: info.rlLoss,
        macFraction: info.macFraction,
        runtimeReward: info.runtimeReward,
        staticReward: info.staticReward,
        runtimeActions: ratios(info.runtimeActions),
        staticActions: ratios(info.staticActions),
      });
    }
    log(`  ${r.id} iter ${i}: cnn loss ${info.cnnLoss.toFixed(3)}, rl loss ${info.rlLoss.toFixed(3)}, MAC fraction ${info.macFraction.toFixed(3)}, reward runtime ${info.runtimeReward.toFixed(3)} static ${info.staticReward.toFixed(3)}`);
  };
  runAlgorithm4(st, data.train, stats, onIter);
  if (r.separate) {
    // §6.4.3 phase 2: fix the static agent and u_s; train the runtime agent and f(·) only.
    st.spec = { ...r.spec, train: { cnn: false, f: true, h: false, runtimeAgent: true, staticAgent: false } };
    // tfjs optimisers index their moments by position in the variable list: new list, new optimiser.
    st.cnnOpt.dispose();
    st.cnnOpt = tf.train.adam(hyper.cnnLr);
    runAlgorithm4(st, data.train, stats, onIter);
  }
  const ev = evaluateMethod(st, data.test, stats);
  const stored = ev.permanentKept;
  const cpuMsStored = timeCompact(net, stored, cfg.timingBatch, cfg.timingReps);
  const cpuMsSkip = timeCompact(net, ev.meanKept.map((k, t) => stored[t]!.slice(0, Math.max(1, Math.min(stored[t]!.length, Math.round(k))))), cfg.timingBatch, cfg.timingReps);
  const cpuMsFull = timeCompact(net, net.spec.convs.map((c) => firstK(c.cout)), cfg.timingBatch, cfg.timingReps);
  disposeMethodState(st);
  net.dispose();
  const row = {
    id: r.id,
    method: r.method,
    tables: r.tables.join(" "),
    sparsity: r.spec.sparsity,
    rr: r.spec.rr,
    agentLr: hyper.agentLr,
    cnnLr: hyper.cnnLr,
    accuracy: ev.accuracy,
    speedup: ev.speedup,
    macFraction: ev.macFraction,
    paramRatio: ev.paramRatio,
    runtimeAgentParams: ev.runtimeAgentParams,
    cpuMsStored,
    cpuMsSkip,
    cpuMsFull,
    meanKept: ev.meanKept.map((k) => k.toFixed(2)).join(" "),
    staticActions: ev.staticActions.map((a) => a.toFixed(3)).join(" "),
    runtimeActions: ev.runtimeActions.map((a) => a.toFixed(3)).join(" "),
    lastCnnLoss: Number.isFinite(lastCnnLoss) ? lastCnnLoss : -1,
    wallSec: (performance.now() - t0) / 1000,
  };
  log(`${r.id}: acc ${(ev.accuracy * 100).toFixed(1)}%, speed-up ${ev.speedup.toFixed(2)}×, params ${ev.paramRatio.toFixed(3)}×, CPU ${cpuMsStored.toFixed(1)} ms stored / ${cpuMsSkip.toFixed(1)} ms skip / ${cpuMsFull.toFixed(1)} ms full (${row.wallSec.toFixed(0)} s)`);
  return { row, initial, curve };
}

/** Everything for one seed. */
export function runSeed(cfg: Ch6Config, seed: number, opts: RunSeedOptions = {}): SeedResult {
  const t0 = performance.now();
  const log = opts.onLog ?? (() => {});
  const rng = new Rng(seed);
  const data = loadData(cfg, seed);
  const stats = channelStats(data.train);
  const spec = mCifarNetSpec(cfg.widthScale, { height: data.train.height, width: data.train.width, channels: data.train.channels, classes: data.train.classes });
  const net = new PrunableNet(spec, rng.fork("net"));
  const pretrain: PretrainRow[] = [];
  // Learning check of the backbone: test accuracy of the untrained net and after every epoch
  // (BN statistics recalibrated from its own random stream, so training sees the same batches).
  const evalRng = rng.fork("pretrain-eval");
  const testAcc = () => {
    recalibrateRunning(net, data.train, stats, evalRng);
    return plainAccuracy(net, data.test, stats);
  };
  if (cfg.learningChecks) {
    const a0 = testAcc();
    pretrain.push({ phase: "untrained (test loss)", step: 0, loss: a0.loss, accuracy: a0.accuracy });
    log(`seed ${seed} untrained backbone: test acc ${(a0.accuracy * 100).toFixed(1)}%`);
  }
  pretrainBackbone(net, data.train, stats, {
    epochs: cfg.pretrainEpochs,
    batch: cfg.hyper.batch,
    lr: cfg.pretrainLr,
    cosine: cfg.pretrainCosine,
    rng: rng.fork("pretrain"),
    onEpoch: (e, loss) => {
      const acc = cfg.learningChecks ? testAcc().accuracy : -1;
      pretrain.push({ phase: "pretrain", step: e + 1, loss, accuracy: acc });
      log(`seed ${seed} pretrain epoch ${e + 1}/${cfg.pretrainEpochs}: loss ${loss.toFixed(3)}${acc >= 0 ? `, test acc ${(acc * 100).toFixed(1)}%` : ""}`);
    },
  });
  const stages = pretrainStages(net, data.train, stats, { steps: cfg.stageSteps, batch: cfg.hyper.batch, lr: cfg.hyper.cnnLr, rng: rng.fork("stages"), featureBatches: cfg.featureBatches });
  pretrain.push({ phase: "stage1 (f, CNN)", step: cfg.stageSteps, loss: stages.stage1Loss, accuracy: -1 });
  pretrain.push({ phase: "stage2 (h, v, f, CNN)", step: cfg.stageSteps, loss: stages.stage2Loss, accuracy: -1 });
  log(`seed ${seed} Algorithm 4 stages: loss ${stages.stage1Loss.toFixed(3)} → ${stages.stage2Loss.toFixed(3)}`);
  const latency = latencySweep(net, cfg);
  const full = latency[0]!.msPerBatch;
  latency.forEach((l) => {
    l.speedupMeasured = full / l.msPerBatch;
  });
  const runs = chapterRuns(cfg.budgetSweep, cfg.rrSweep).filter((r) => !opts.only || opts.only.includes(r.id) || r.id === "unpruned");
  const rows: RunRow[] = [];
  const initial: InitialRow[] = [];
  const curve: CurveRow[] = [];
  let baseline = Number.NaN;
  let resumedRuns = 0;
  let resumedSec = 0;
  for (const r of runs) {
    let one = opts.checkpoint?.done(r.id);
    if (one) {
      resumedRuns++;
      resumedSec += one.row.wallSec;
      log(`${r.id}: from its checkpoint (acc ${(one.row.accuracy * 100).toFixed(1)}%)`);
    } else {
      one = runOne(net, r, cfg, data, stats, rng.fork(r.id), log);
      opts.checkpoint?.save(r.id, one);
    }
    const row = one.row;
    if (r.id === "unpruned") baseline = row.accuracy;
    rows.push({ ...row, baselineAccuracy: baseline, deltaAcc: row.accuracy - baseline });
    if (one.initial) initial.push(one.initial);
    curve.push(...one.curve);
  }
  net.dispose();
  return { seed, runs: rows, latency, pretrain, initial, curve, dataset: data.train.name, wallTimeSec: (performance.now() - t0) / 1000 + resumedSec, resumedRuns };
}
