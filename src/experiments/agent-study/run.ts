/**
 * Train a study's runs: the (experiment, method, seed) triples asked for, seed-major (so a cut
 * session leaves complete seeds for every method), in parallel worker processes (one per core by
 * default). Each run is handed to `store` the moment it finishes and checkpoints every
 * `checkpointEvery` env steps, so a cut session resumes from its checkpoints. Which runs are
 * missing is decided by the chapter contract (contract.ts, loadOrCompute), not here. The
 * random-policy anchors (no learning, seconds) run in this process before the agents.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runParallel, type ParallelJob } from "../../agents/parallel.js";
import { checkpointFolder, randomPolicyRun, trainRun, type TrainResult } from "../../agents/train.js";
import type { Tier } from "../../core/tiers.js";
import type { ExperimentSpec, MethodSpec } from "./spec.js";

export interface RunStudyOptions {
  /** Chapter id (names the checkpoint folder). */
  chapter: string;
  tier: Tier;
  /** The tier's experiments. */
  experiments: readonly ExperimentSpec[];
  /** Results store root (checkpoints live beside it). */
  root: string;
  /** Limit to these experiments / seeds / methods. */
  only?: (experiment: string, method: string, seed: number) => boolean;
  /** Worker processes; 0 = run in this process (no fork; needs no dist build). */
  workers?: number;
  /** Start from scratch instead of resuming cut runs from their checkpoints. */
  retrain?: boolean;
  log?: ((line: string) => void) | null;
  progress?: "bar" | "lines" | "none";
  /** Checkpoint folder (default: checkpointRootFor(root, chapter, tier)). */
  checkpointRoot?: string;
}

/** Checkpoints live beside the results store they belong to (never shared between stores): <root>/../../tmp/checkpoints/<chapter>/<tier>. */
export function checkpointRootFor(root: string, chapter: string, tier: string): string {
  return path.join(path.dirname(path.dirname(path.resolve(root))), "tmp", "checkpoints", ...chapter.split("/"), tier);
}

export interface RunSummary {
  computed: number;
  wallTimeSec: number;
}

export interface Planned {
  exp: ExperimentSpec;
  method: MethodSpec;
  seed: number;
  job: ParallelJob;
}

export function planJobs(opts: Omit<RunStudyOptions, "workers" | "log" | "progress">): { planned: Planned[] } {
  const ckRoot = opts.checkpointRoot ?? checkpointRootFor(opts.root, opts.chapter, opts.tier);
  const planned: Planned[] = [];
  for (const exp of opts.experiments) {
    for (const seed of exp.seeds) {
      for (const method of exp.methods) {
        if (opts.only && !opts.only(exp.name, method.name, seed)) continue;
        const job: ParallelJob = {
          label: `${exp.name}/${method.name}/s${seed}`,
          env: { ...exp.env, ...method.env, observation: method.observation },
          agent: method.agent,
          seed,
          envSteps: exp.envSteps,
          initSteps: exp.initSteps,
          replayCapacity: exp.replayCapacity,
          evalEvery: exp.evalEvery,
          evalEpisodes: exp.evalEpisodes,
          diagnostics: method.diagnostics ?? [],
          checkpointDir: checkpointFolder(ckRoot, exp.name, method.name, seed),
          checkpointEvery: exp.checkpointEvery,
          resume: !opts.retrain,
        };
        planned.push({ exp, method, seed, job });
      }
    }
  }
  return { planned };
}

/** Train the planned runs; `store` receives each as it finishes (then its checkpoint is deleted). */
export async function runStudy(opts: RunStudyOptions, store: (p: Planned, res: TrainResult) => void): Promise<RunSummary> {
  const t0 = performance.now();
  const { planned } = planJobs(opts);
  const random = planned.filter((p) => p.method.policy === "random");
  for (const p of random) {
    const { env, seed, envSteps, evalEvery, evalEpisodes } = p.job;
    store(p, await randomPolicyRun({ env, seed, envSteps, evalEvery, evalEpisodes }));
  }
  const agents = planned.filter((p) => p.method.policy !== "random");
  const done = (i: number, res: TrainResult) => {
    const p = agents[i]!;
    store(p, res);
    // stored: the checkpoint is no longer needed (and must not be resumed by a later run)
    if (p.job.checkpointDir) fs.rmSync(p.job.checkpointDir, { recursive: true, force: true });
  };
  if ((opts.workers ?? 1) === 0) {
    for (let i = 0; i < agents.length; i++) {
      const res = await trainRun({ ...agents[i]!.job, log: opts.log, progress: opts.progress ?? "none" });
      done(i, res);
    }
  } else if (agents.length > 0) {
    await runParallel(agents.map((p) => p.job), { workers: opts.workers, log: opts.log, progress: opts.progress, onResult: done });
  }
  return { computed: planned.length, wallTimeSec: (performance.now() - t0) / 1000 };
}
