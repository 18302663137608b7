/**
 * Benchmark: the previous vs the current wasm kernel generation (register.ts), on
 *  (a) one SAC pixel update of the small tier at 32×32 — drl-thesis/ch4-ambs SMALL_NET (2 conv ×
 *      16 filters, 32-d features, MLPs 128-128, batch 32), 32×32 × 9 channels, |A| = 1
 *      (cartpole-swingup), SacAgent.update — and
 *  (b) one Adam step of the reference pixel encoder (encoder-step.ts: 64×64 × 9, 4 conv × 32
 *      filters, batch 64),
 * each at 1 and 2 wasm threads (one child process per thread count: the thread pool is fixed
 * per process), the two generations interleaved A B A B in the same process and their ratio
 * previous/current reported (> 1: the current kernels are faster).
 */
import { execFile } from "node:child_process";
import * as os from "node:os";
import { initBackend } from "../backend/select.js";
import type { AgentSpec } from "../agents/config.js";
import { agentConfig } from "../agents/config.js";
import { makeAgent } from "../agents/make-agent.js";
import { makeBatches } from "./sac-update.js";
import { makeEncoderStepper, REFERENCE_ENCODER } from "./encoder-step.js";
import { formatAb, timeGenerationsInterleaved, type KernelAbResult } from "./kernel-ab.js";

export type AbCase = "sac32" | "encoder";
export const AB_CASES: readonly AbCase[] = ["sac32", "encoder"];

/** The small tier's SAC from pixels at 32×32 (ch4-ambs "video32"/"clean32" SAC:pixel). */
/**
 * The small tier's pixel networks (drl-thesis/ch4-ambs config.ts `SMALL_NET`; the bench may not
 * import experiments, so the values are repeated here and test/bench/kernels.test.ts checks they
 * are the same).
 */
export const SMALL_TIER_NET = { hiddenDim: 128, batchSize: 32, numLayers: 2, numFilters: 16, featureDim: 32 };
export const SMALL_TIER_SAC = { raw: { algorithm: "sac", ...SMALL_TIER_NET }, size: 32, channels: 9, actionDim: 1 };

const DEFAULT_ROUNDS: Record<AbCase, number> = { sac32: 30, encoder: 10 };

/** Run one case old-vs-new in this process (its thread count). */
export function runAbCase(name: AbCase, rounds = DEFAULT_ROUNDS[name]): KernelAbResult {
  if (name === "encoder") {
    const steppers = { previous: makeEncoderStepper(REFERENCE_ENCODER, 1), current: makeEncoderStepper(REFERENCE_ENCODER, 1) };
    try {
      return timeGenerationsInterleaved({ previous: () => steppers.previous.step(), current: () => steppers.current.step() }, rounds, 2);
    } finally {
      steppers.previous.dispose();
      steppers.current.dispose();
    }
  }
  const { raw, size, channels, actionDim } = SMALL_TIER_SAC;
  const spec: AgentSpec = { observation: "pixels", obsShape: [size, size, channels], actionDim };
  const batches = makeBatches(size, raw.batchSize, 8, actionDim);
  const agents = { previous: makeAgent(agentConfig(raw), spec, 1), current: makeAgent(agentConfig(raw), spec, 1) };
  let i = 0;
  let j = 0;
  try {
    return timeGenerationsInterleaved({
      previous: () => void agents.previous.update(batches[i++ % batches.length]!),
      current: () => void agents.current.update(batches[j++ % batches.length]!),
    }, rounds, 4);
  } finally {
    agents.previous.dispose();
    agents.current.dispose();
  }
}

/** Run a case in a child process whose wasm pool has `threads` threads. */
function runInChild(name: AbCase, threads: number, rounds: number): Promise<KernelAbResult & { threads: number }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [__filename, "--ab-child", name, String(rounds)],
      { env: { ...process.env, REPRORL_WASM_THREADS: String(threads) }, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`kernel-generations child (${name}, ${threads} threads) failed: ${stderr.trim() || err.message}`));
        resolve(JSON.parse(stdout.trim().split("\n").pop()!) as KernelAbResult & { threads: number });
      },
    );
  });
}

export interface KernelGenerationsOptions {
  threads?: readonly number[];
  rounds?: Partial<Record<AbCase, number>>;
  log?: (line: string) => void;
}

export async function benchKernelGenerations(opts: KernelGenerationsOptions = {}): Promise<Record<string, unknown>> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const threads = opts.threads ?? [1, 2];
  const loadavg1 = os.loadavg()[0]!;
  const results: Record<string, Record<string, KernelAbResult & { threads: number }>> = { sac32: {}, encoder: {} };
  const labels: Record<AbCase, string> = {
    sac32: "SAC pixel update 32×32 (small tier)",
    encoder: "reference encoder step (64×64×9, 32 filters, batch 64)",
  };
  for (const name of AB_CASES) {
    for (const t of threads) {
      const r = await runInChild(name, t, opts.rounds?.[name] ?? DEFAULT_ROUNDS[name]);
      results[name]![String(t)] = r;
      log(`[kernels] ${formatAb(labels[name], r.threads, r)}`);
    }
  }
  return {
    cases: {
      sac32: { label: labels.sac32, config: SMALL_TIER_SAC },
      encoder: { label: labels.encoder, config: REFERENCE_ENCODER },
    },
    generations: {
      previous: "Conv2DBackpropFilter, Conv2DBackpropInput, BatchMatMul, Sum, Identity, Cast (stock forward convs)",
      current: "previous + Winograd F(2×2,3×3) for big 3×3 stride-1 Conv2D/FusedConv2D and stride-1 Conv2DBackpropInput + the agents' Adam and Polyak updates as one wasm pass per variable (bit-identical)",
    },
    byCaseAndThreads: results,
    note: "ratio = previous/current median per-step time, generations interleaved in one process; the machine is shared (load avg at start below)",
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, loadavg1: Math.round(loadavg1 * 100) / 100 },
    date: new Date().toISOString(),
  };
}

/** Child entry: one case at the env's thread count; prints one JSON line. */
async function childMain(name: AbCase, rounds: number): Promise<void> {
  const info = await initBackend({ prefer: "wasm", quiet: true });
  const r = runAbCase(name, rounds);
  console.log(JSON.stringify({ ...r, threads: info.threads }));
}

if (require.main === module && process.argv[2] === "--ab-child") {
  const name = process.argv[3] as AbCase;
  if (!AB_CASES.includes(name)) throw new Error(`unknown case ${name}`);
  childMain(name, Math.max(1, Number(process.argv[4] ?? DEFAULT_ROUNDS[name]))).catch((err: unknown) => {
    console.error((err as Error).message);
    process.exitCode = 1;
  });
}
