/**
 * Several training runs in parallel processes: a pool of `workers` (default: one per core)
 * child processes, each `child_process.fork` of `dist/agents/worker.js` running one job at a
 * time. Console lines come back prefixed by the job label; one combined progress line (sum
 * over jobs) with ETA is drawn on stderr. Results arrive in job order; `onResult` sees each as
 * soon as its run finishes (so a cut session keeps what finished).
 */
import { fork, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ReproError } from "../core/errors.js";
import { packageRoot } from "../core/paths.js";
import { MAX_WASM_THREADS } from "../backend/wasm-threads.js";
import type { TrainOptions, TrainProgress, TrainResult } from "./train.js";

/** A job: train options without callbacks (they cannot cross a process boundary). */
export type ParallelJob = Omit<TrainOptions, "log" | "progress"> & { label: string };

export interface ParallelOptions {
  /** Processes at once (default: number of cores). */
  workers?: number;
  log?: ((line: string) => void) | null;
  /** "bar" (default when stderr is a TTY), "lines", "none", or a callback. */
  progress?: "bar" | "lines" | "none" | ((p: TrainProgress & { finishedJobs: number; jobs: number }) => void);
  onResult?: (index: number, result: TrainResult) => void;
  /** Tensor backend for the workers (default: the REPRORL_BACKEND env var / auto). */
  backend?: "wasm" | "cpu" | "auto";
  /** Worker script (default <package>/dist/agents/worker.js). */
  workerScript?: string;
  /** Times a failed job is started again (it resumes from its checkpoint if it has one). Default 1. */
  retries?: number;
}

type WorkerMessage =
  | { type: "log"; line: string }
  | { type: "progress"; p: TrainProgress }
  | { type: "result"; result: TrainResult }
  | { type: "error"; message: string };

function formatDuration(sec: number): string {
  if (!Number.isFinite(sec)) return "?";
  const s = Math.round(sec);
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m` : `${m}m${String(s % 60).padStart(2, "0")}s`;
}

/** wasm threads for each of `workers` parallel processes: the cores shared out, at least 1. */
export function wasmThreadsPerWorker(workers: number, cpus = os.cpus().length): number {
  return Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(cpus / Math.max(1, workers))));
}

export async function runParallel(jobs: readonly ParallelJob[], opts: ParallelOptions = {}): Promise<TrainResult[]> {
  const script = opts.workerScript ?? path.join(packageRoot(), "dist", "agents", "worker.js");
  if (!existsSync(script)) throw new ReproError(`worker script ${script} not found; run \`npm run build\` first`);
  const workers = Math.max(1, Math.min(opts.workers ?? os.cpus().length, jobs.length));
  const log = opts.log === null ? () => {} : (opts.log ?? ((l: string) => console.log(l)));
  const mode = opts.progress ?? (process.stderr.isTTY ? "bar" : "lines");
  const results: (TrainResult | undefined)[] = new Array(jobs.length);
  const done = new Array<number>(jobs.length).fill(0);
  const started = Date.now();
  const totalSteps = jobs.reduce((a, j) => a + j.envSteps, 0);
  let finished = 0;
  let lastPct = -10;
  const drawProgress = (final = false) => {
    const steps = done.reduce((a, b) => a + b, 0);
    const el = (Date.now() - started) / 1000;
    const eta = steps > 0 ? (el * (totalSteps - steps)) / steps : NaN;
    if (typeof mode === "function") return mode({ envSteps: steps, totalEnvSteps: totalSteps, elapsedSec: el, etaSec: eta, finishedJobs: finished, jobs: jobs.length });
    const pct = Math.floor((100 * steps) / totalSteps);
    const text = `[${"#".repeat(Math.floor(pct / 5)).padEnd(20, ".")}] ${String(pct).padStart(3)}% runs ${finished}/${jobs.length}, ${formatDuration(el)} elapsed, ETA ${formatDuration(eta)}`;
    if (mode === "bar") process.stderr.write(`\r${text}${final ? "\n" : ""}`);
    else if (mode === "lines" && (pct >= lastPct + 10 || final)) {
      lastPct = pct - (pct % 10);
      process.stderr.write(`${text}\n`);
    }
  };

  let next = 0;
  const runOne = (index: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const job = jobs[index]!;
      const env = { ...process.env };
      if (opts.backend && opts.backend !== "auto") env["REPRORL_BACKEND"] = opts.backend;
      // Share the cores between the workers instead of every worker using all of them.
      if (!env["REPRORL_WASM_THREADS"]) env["REPRORL_WASM_THREADS"] = String(wasmThreadsPerWorker(workers));
      const child: ChildProcess = fork(script, [], { stdio: ["ignore", "inherit", "inherit", "ipc"], env, serialization: "advanced" });
      let settled = false;
      child.on("message", (msg: WorkerMessage) => {
        if (msg.type === "log") log(msg.line);
        else if (msg.type === "progress") {
          done[index] = msg.p.envSteps;
          drawProgress();
        } else if (msg.type === "result") {
          settled = true;
          results[index] = msg.result;
          done[index] = job.envSteps;
          finished++;
          drawProgress();
          opts.onResult?.(index, msg.result);
          child.disconnect();
          resolve();
        } else if (msg.type === "error") {
          settled = true;
          child.kill();
          reject(new ReproError(`run '${job.label}' failed: ${msg.message}`));
        }
      });
      child.on("exit", (code) => {
        if (!settled) reject(new ReproError(`worker for run '${job.label}' exited with code ${code} before returning a result`));
      });
      child.send({ type: "run", job });
    });

  const retries = opts.retries ?? 1;
  const lane = async () => {
    while (next < jobs.length) {
      const i = next++;
      for (let attempt = 0; ; attempt++) {
        try {
          await runOne(i);
          break;
        } catch (err) {
          if (attempt >= retries) throw err;
          log(`${jobs[i]!.label} | failed (${err instanceof Error ? err.message.split("\n")[0] : String(err)}); starting it again (${attempt + 1}/${retries})`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, lane));
  drawProgress(true);
  return results as TrainResult[];
}
