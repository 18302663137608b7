/**
 * The PyTorch anchor of the encoder benchmark, measured in the same run (never remembered).
 *
 * `bench/pytorch/encoder_step.py` runs the same Adam step as `makeEncoderStepper` in PyTorch at
 * a given thread count. It is found through `REPRORL_PYTHON`, else `python3` on PATH, else
 * `/usr/bin/python3` (pyenv shims often lack Debian's `python3-torch`); the first that can
 * `import torch` is used. The bench never installs torch. Without it, the benchmark says
 * "no PyTorch anchor on this machine" and reports no ratio to PyTorch.
 *
 * Ratios compare equal thread counts only (wasm at 1 thread vs torch at 1 thread, wasm at all
 * CPUs vs torch at all CPUs): a 2-thread wasm step over a 1-thread torch step says nothing.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { packageRoot } from "../core/paths.js";
import { median } from "../analysis/stats/quantile.js";

export const NO_PYTORCH_ANCHOR = "no PyTorch anchor on this machine";

export interface TorchTiming {
  msMedian: number;
  cpuMsMedian: number;
  msAll: number[];
  threads: number;
  torch: string;
  lossFirst: number;
  lossLast: number;
  /** PyTorch's kernel SIMD level on this machine (AVX2, AVX512, …): it explains much of the ratio. */
  cpuCapability?: string;
}

export type TorchPython = { python: string; torch: string } | { reason: string };

function run(cmd: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 1 << 20, env }, (err, stdout, stderr) => {
      resolve({ ok: err === null, stdout: String(stdout), stderr: String(stderr) || (err ? err.message : "") });
    });
  });
}

/** The first Python that can import torch, or why none could. */
export async function findTorchPython(env: Record<string, string | undefined> = process.env): Promise<TorchPython> {
  const explicit = env["REPRORL_PYTHON"];
  const candidates = explicit ? [explicit] : ["python3", "/usr/bin/python3"];
  const tried: string[] = [];
  for (const python of candidates) {
    const r = await run(python, ["-c", "import torch; print(torch.__version__)"], 120_000);
    if (r.ok) return { python, torch: r.stdout.trim() };
    const why = r.stderr.trim().split("\n").pop() ?? "failed";
    tried.push(`${python}: ${why}`);
  }
  return { reason: `${tried.join("; ")} (Debian: apt-get install python3-torch)` };
}

export function pytorchScript(): string {
  return path.join(packageRoot(), "bench", "pytorch", "encoder_step.py");
}

/** Time `reps` PyTorch steps at `threads` threads (one process; warm-up steps not timed). */
export async function timeTorchStep(python: string, threads: number, reps: number, extraArgs: string[] = []): Promise<TorchTiming> {
  const r = await run(python, [pytorchScript(), "--threads", String(threads), "--reps", String(reps), ...extraArgs], 600_000, {
    ...process.env,
    OMP_NUM_THREADS: String(threads),
  });
  const last = r.stdout.trim().split("\n").pop() ?? "";
  if (!r.ok || !last.startsWith("{")) {
    throw new Error(`PyTorch anchor (${threads} threads) failed: ${r.stderr.trim().split("\n").pop() ?? "no output"}`);
  }
  return JSON.parse(last) as TorchTiming;
}

/** Pool timings of the same thread count from several rounds into one (median over all reps). */
export function poolTimings(rounds: readonly TorchTiming[]): TorchTiming {
  if (rounds.length === 0) throw new Error("poolTimings: no rounds");
  const msAll = rounds.flatMap((r) => r.msAll);
  const cpu = rounds.map((r) => r.cpuMsMedian);
  return { ...rounds[0]!, msAll, msMedian: median(msAll), cpuMsMedian: median(cpu), lossLast: rounds[rounds.length - 1]!.lossLast };
}

/** wasm time / torch time at each thread count both were measured at (keys are thread counts). */
export function equalThreadRatios(
  wasm: Readonly<Record<string, { msMedian: number }>>,
  torch: Readonly<Record<string, { msMedian: number }>>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of Object.keys(wasm).sort((a, b) => Number(a) - Number(b))) {
    const w = wasm[t];
    const p = Object.prototype.hasOwnProperty.call(torch, t) ? torch[t] : undefined;
    if (w !== undefined && p !== undefined && p.msMedian > 0) out[t] = Math.round((w.msMedian / p.msMedian) * 100) / 100;
  }
  return out;
}
