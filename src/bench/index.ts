/**
 * Benchmark runner: `npm run bench` (all) or `node dist/bench/index.js encoder` (by name).
 * Each benchmark returns a JSON record; records are merged into `bench/results.json` at the
 * package root under the benchmark's name (other benchmarks' records are kept).
 * Flags after the names are passed to the benchmarks (e.g. `--cpu-reps=0`, `--wasm-reps=20`).
 */

import * as fs from "node:fs";
import * as path from "node:path";
import { packageRoot } from "../core/paths.js";
import { runEncoderBench } from "./encoder-step.js";
import { benchBisimulation } from "./bisimulation.js";
import { benchEnvs } from "./envs.js";
import { benchSacUpdate } from "./sac-update.js";
import { benchPruning } from "./pruning.js";
import { benchAmbsUpdate } from "./ambs-update.js";
import { benchKernelGenerations } from "./kernel-generations.js";

export interface BenchEntry {
  name: string;
  description: string;
  run(flags: Record<string, string>): Promise<Record<string, unknown>>;
}

function intFlag(flags: Record<string, string>, key: string): number | undefined {
  const v = flags[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${key} must be a non-negative integer, got "${v}"`);
  return n;
}

/** Registered benchmarks; add new entries here. */
export const BENCHES: BenchEntry[] = [
  {
    name: "encoder",
    description: "one Adam step of the reference pixel encoder (wasm+project kernels, wasm stock, cpu, native)",
    run: (flags) =>
      runEncoderBench({ wasmReps: intFlag(flags, "wasm-reps"), cpuReps: intFlag(flags, "cpu-reps"), skipPytorch: flags["pytorch"] === "0" }),
  },
  {
    name: "bisimulation",
    description: "exact π-bisimulation fixed point (tol 1e-8), 64 states × 4 actions, one core (target ≤ 2 s)",
    run: async (flags) => {
      const r = await benchBisimulation({ dense: flags.dense === "true" });
      console.log(`[bench] bisimulation: ${Number(r.seconds).toFixed(3)} s (limit ${String(r.limitSeconds)} s, within: ${String(r.withinLimit)})`);
      return r;
    },
  },
  {
    name: "envs",
    description: "pixel-control throughput: cheetah-run 64×64 repeat 4 agent steps/s (≥ 1000), renderer frames/s at 64×64 (≥ 5000)",
    run: async () => {
      const r = await benchEnvs();
      const steps = Number(r.cheetahRun_pixels64_repeat4_agentStepsPerSec);
      const frames = Number(r.renderer_cheetah64_framesPerSec);
      console.log(`[bench] envs: cheetah-run 64×64 repeat 4: ${steps} agent steps/s (target 1000, ratio ${(steps / 1000).toFixed(2)}); renderer 64×64: ${frames} frames/s (target 5000, ratio ${(frames / 5000).toFixed(2)})`);
      return r;
    },
  },
  {
    name: "sac-update",
    description: "one full SAC pixel update (batch 128, 64×64): updates/s on wasm + project kernels, and the ratio to the tfjs cpu backend",
    run: (flags) => benchSacUpdate({ cpuReps: intFlag(flags, "cpu-reps") }),
  },
  {
    name: "kernels",
    description: "previous vs current wasm kernels (Winograd, fused optimizer passes), interleaved, at 1 and 2 threads: SAC pixel update 32×32 (small tier) and the reference encoder step; ratio previous/current",
    run: (flags) =>
      benchKernelGenerations({
        rounds: { sac32: intFlag(flags, "sac32-rounds"), encoder: intFlag(flags, "encoder-rounds") },
      }),
  },
  {
    name: "ambs-update",
    description: "one AMBS update vs one plain SAC update, same networks (ch4-ambs small tier) and batches, 32×32 and 64×64: the cost ratio",
    run: () => benchAmbsUpdate(),
  },
  {
    name: "pruning",
    description: "Chapter 6 pruned forward pass: CPU time per batch vs keep ratio (speed-up must grow with sparsity)",
    run: async () => {
      const r = await benchPruning();
      const rows = r.rows as { keepRatio: number; msPerBatch: number; macSpeedup: number; measuredSpeedup: number }[];
      for (const row of rows) {
        console.log(`[bench] pruning: keep ${row.keepRatio}: ${row.msPerBatch.toFixed(1)} ms/batch, measured speed-up ${row.measuredSpeedup.toFixed(2)}× (MACs ${row.macSpeedup.toFixed(2)}×)`);
      }
      return r;
    },
  },
];

export function resultsFile(): string {
  return path.join(packageRoot(), "bench", "results.json");
}

/** Merge `records` into bench/results.json (atomic write). */
export function mergeResults(records: Record<string, Record<string, unknown>>, file = resultsFile()): void {
  let existing: Record<string, unknown> = {};
  if (fs.existsSync(file)) {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
        existing = parsed as Record<string, unknown>;
      }
    } catch {
      existing = {};
    }
  }
  const merged = { ...existing, ...records };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(merged, null, 2) + "\n");
  fs.renameSync(tmp, file);
}

export function parseArgs(argv: string[]): { names: string[]; flags: Record<string, string> } {
  const names: string[] = [];
  const flags: Record<string, string> = Object.create(null) as Record<string, string>; // "--toString" is a flag, not a method
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (m) flags[m[1]!] = m[2] ?? "true";
    else names.push(a);
  }
  return { names, flags };
}

export async function main(argv: string[]): Promise<void> {
  const { names, flags } = parseArgs(argv);
  const unknown = names.filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark(s) ${unknown.join(", ")}; available: ${BENCHES.map((b) => b.name).join(", ")}`);
  }
  const selected = names.length === 0 ? BENCHES : BENCHES.filter((b) => names.includes(b.name));
  for (const bench of selected) {
    console.log(`[bench] ${bench.name}: ${bench.description}`);
    const record = await bench.run(flags);
    mergeResults({ [bench.name]: record });
    console.log(`[bench] ${bench.name}: results merged into ${path.relative(process.cwd(), resultsFile()) || resultsFile()}`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(`[bench] ${(err as Error).message}`);
    process.exitCode = 1;
  });
}
