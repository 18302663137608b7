/**
 * Benchmark: one full SAC update from pixels (critic + actor + α + soft target updates, the
 * `SacAgent.update` of src/agents) at batch 128 on 64×64 × 9-channel observations, with the
 * SAC-AE reference network (4 convs × 32 filters, 50-d features, 1024 hidden, |A| = 6).
 *
 * Reports updates/s on wasm with the project kernels (median of `reps` timed updates after
 * `warmup`), then times `cpuReps` update(s) on the pure-JS tfjs cpu backend in the same
 * process and gives the ratio. The backend is switched back to wasm at the end.
 * First, the case "sac-update 32×32 (small tier)" (smallTierCase): the small tier's agent,
 * previous vs current wasm kernels interleaved.
 */
import * as os from "node:os";
import { initBackend } from "../backend/select.js";
import { agentConfig, type AgentSpec } from "../agents/config.js";
import { makeAgent } from "../agents/make-agent.js";
import { FrameReplay, type ReplayBatch } from "../agents/replay.js";
import { Rng } from "../core/rng.js";
import { median } from "../analysis/stats/quantile.js";
import { runAbCase, SMALL_TIER_SAC } from "./kernel-generations.js";
import { formatAb } from "./kernel-ab.js";

export interface SacUpdateBenchOptions {
  batch?: number;
  size?: number;
  hiddenDim?: number;
  warmup?: number;
  reps?: number;
  /** Timed updates on the cpu backend (0 skips; each takes minutes). */
  cpuReps?: number;
  log?: (line: string) => void;
}

/** `n` replay batches of random 3-frame pixel observations (size × size, |A| = `actionDim`), seeded. */
export function makeBatches(size: number, batch: number, n: number, actionDim = 6): ReplayBatch[] {
  const rng = new Rng(11);
  const frame = size * size * 3;
  const replay = new FrameReplay({ capacity: 600, frameSize: frame, stack: 3, actionDim, dtype: "uint8", frameShape: [size, size, 3] });
  const obs = () => Uint8Array.from({ length: frame * 3 }, () => rng.int(256));
  replay.startEpisode(obs());
  for (let i = 0; i < 500; i++) replay.add(Array.from({ length: actionDim }, () => rng.uniformIn(-1, 1)), rng.normal(), obs(), false);
  return Array.from({ length: n }, () => replay.sample(batch, rng));
}

/** Milliseconds of each of `reps` updates of a fresh agent after `warmup` untimed ones. */
export function timeUpdates(spec: AgentSpec, raw: Record<string, unknown>, batches: ReplayBatch[], warmup: number, reps: number): { ms: number[]; criticLoss: number } {
  const agent = makeAgent(agentConfig(raw), spec, 1);
  try {
    for (let i = 0; i < warmup; i++) agent.update(batches[i % batches.length]!);
    const ms: number[] = [];
    let criticLoss = NaN;
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      criticLoss = agent.update(batches[(warmup + i) % batches.length]!).criticLoss;
      ms.push(performance.now() - t0);
    }
    return { ms, criticLoss };
  } finally {
    agent.dispose();
  }
}

/**
 * "sac-update 32×32 (small tier)": the drl-thesis/ch4-ambs small tier's SAC from pixels (2 conv ×
 * 16 filters, 32-d features, MLPs 128-128, batch 32, |A| = 1) at 32×32, this process's thread
 * count, previous vs current kernels interleaved (kernel-generations.ts).
 */
function smallTierCase(log: (line: string) => void, threads: number): Record<string, unknown> {
  const r = runAbCase("sac32");
  log(`[sac-update] ${formatAb("32×32 (small tier)", threads, r)}`);
  return { config: SMALL_TIER_SAC, threads, kernelGenerations: r, msMedian: r.current.msMedian, updatesPerSec: 1000 / r.current.msMedian };
}

export async function benchSacUpdate(opts: SacUpdateBenchOptions = {}): Promise<Record<string, unknown>> {
  const batch = opts.batch ?? 128;
  const size = opts.size ?? 64;
  const warmup = opts.warmup ?? 2;
  const reps = opts.reps ?? 5;
  const cpuReps = opts.cpuReps ?? 1;
  const log = opts.log ?? ((l: string) => console.log(l));
  const raw = { algorithm: "sac", batchSize: batch, hiddenDim: opts.hiddenDim ?? 1024, numLayers: 4, numFilters: 32, featureDim: 50 };
  const spec: AgentSpec = { observation: "pixels", obsShape: [size, size, 9], actionDim: 6 };
  const batches = makeBatches(size, batch, warmup + reps);

  const info = await initBackend({ prefer: "wasm", quiet: true });
  const small32 = smallTierCase(log, info.threads);
  const wasm = timeUpdates(spec, raw, batches, warmup, reps);
  const wasmMs = median(wasm.ms);
  log(`[sac-update] wasm (+project kernels): ${wasmMs.toFixed(0)} ms/update (${(1000 / wasmMs).toFixed(2)} updates/s), median of ${reps}`);

  let cpu: Record<string, unknown> = { status: "skipped (cpuReps = 0)" };
  if (cpuReps > 0) {
    await initBackend({ prefer: "cpu", quiet: true }); // (not tf.setBackend: initBackend also silences tfjs's Node banner)
    log(`[sac-update] cpu backend: ${cpuReps} update(s), no warm-up (expect minutes) ...`);
    const c = timeUpdates(spec, raw, batches, 0, cpuReps);
    const cpuMs = median(c.ms);
    cpu = { msPerUpdate: Math.round(cpuMs), updatesPerSec: 1000 / cpuMs, reps: cpuReps, criticLoss: c.criticLoss, ratioToWasm: cpuMs / wasmMs };
    log(`[sac-update] cpu: ${(cpuMs / 1000).toFixed(1)} s/update = ${(cpuMs / wasmMs).toFixed(0)}× the wasm time`);
    await initBackend({ prefer: "wasm", quiet: true });
  }
  return {
    config: { ...raw, size, channels: 9, actionDim: 6, update: "critic + actor + alpha + soft targets (SacAgent.update)" },
    backendInfo: { ...info },
    wasm: { msMedian: Math.round(wasmMs), msAll: wasm.ms.map((x) => Math.round(x)), updatesPerSec: 1000 / wasmMs, warmup, reps, criticLoss: wasm.criticLoss },
    cpu,
    small32,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, loadavg1: os.loadavg()[0] },
  };
}
