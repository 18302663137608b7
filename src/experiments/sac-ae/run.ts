/**
 * Compute the chapter's runs: every (experiment, method, seed) of a tier that is not stored
 * yet, seed-major (so a cut session leaves complete seeds for every method), in parallel
 * worker processes (one per core by default). Each run is stored the moment it finishes and
 * checkpoints every `checkpointEvery` env steps, so calling `runSacAe` again (same tier)
 * skips stored runs and resumes cut ones from their checkpoints.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runParallel, type ParallelJob } from "../../agents/parallel.js";
import { checkpointFolder, trainRun, type TrainResult } from "../../agents/train.js";
import { tierExperiments, type ExperimentSpec, type MethodSpec, type Tier } from "./config.js";
import { storedKeys, storeRun } from "./store.js";

export interface RunSacAeOptions {
  tier: Tier;
  /** Results store root (default: resultsRootFor(tier) via the caller). */
  root: string;
  /** Backend description written into each run's metadata. */
  backend: Record<string, unknown>;
  /** Limit to these experiments / seeds / methods. */
  experiments?: string[];
  seeds?: number[];
  methods?: string[];
  /** Worker processes; 0 = run in this process (no fork; needs no dist build). */
  workers?: number;
  /** Recompute even stored runs. */
  retrain?: boolean;
  log?: ((line: string) => void) | null;
  progress?: "bar" | "lines" | "none";
  /** Paper tier: cap env steps (the paper tier's 1M steps cannot run here). */
  paperEnvSteps?: number;
  /** Checkpoint folder (default: <root>/../../tmp/checkpoints/sac-ae/<tier>, beside the results store). */
  checkpointRoot?: string;
}

/** Checkpoints live beside the results store they belong to (never shared between stores). */
export function checkpointRootFor(root: string, tier: string): string {
  return path.join(path.dirname(path.dirname(path.resolve(root))), "tmp", "checkpoints", "sac-ae", tier);
}

export interface RunSummary {
  computed: number;
  skipped: number;
  wallTimeSec: number;
}

interface Planned {
  exp: ExperimentSpec;
  method: MethodSpec;
  seed: number;
  job: ParallelJob;
}

export function planJobs(opts: RunSacAeOptions): { planned: Planned[]; skipped: number } {
  const stored = opts.retrain ? new Set<string>() : storedKeys(opts.root);
  const ckRoot = opts.checkpointRoot ?? checkpointRootFor(opts.root, opts.tier);
  const planned: Planned[] = [];
  let skipped = 0;
  for (const exp of tierExperiments(opts.tier, { paperEnvSteps: opts.paperEnvSteps })) {
    if (opts.experiments && !opts.experiments.includes(exp.name)) continue;
    const seeds = exp.seeds.filter((s) => !opts.seeds || opts.seeds.includes(s));
    for (const seed of seeds) {
      for (const method of exp.methods) {
        if (opts.methods && !opts.methods.includes(method.name)) continue;
        if (stored.has(`${exp.name}/${method.name}/${seed}`)) {
          skipped++;
          continue;
        }
        const job: ParallelJob = {
          label: `${exp.name}/${method.name}/s${seed}`,
          env: { ...exp.env, observation: method.observation },
          agent: method.agent,
          seed,
          envSteps: exp.envSteps,
          initSteps: exp.initSteps,
          replayCapacity: exp.replayCapacity,
          evalEvery: exp.evalEvery,
          evalEpisodes: exp.evalEpisodes,
          checkpointDir: checkpointFolder(ckRoot, exp.name, method.name, seed),
          checkpointEvery: exp.checkpointEvery,
          resume: !opts.retrain,
        };
        planned.push({ exp, method, seed, job });
      }
    }
  }
  return { planned, skipped };
}

export async function runSacAe(opts: RunSacAeOptions): Promise<RunSummary> {
  const t0 = performance.now();
  const { planned, skipped } = planJobs(opts);
  const store = (i: number, res: TrainResult) => {
    const p = planned[i]!;
    storeRun(opts.root, opts.tier, p.exp, p.method, p.seed, res, opts.backend);
    // stored: the checkpoint is no longer needed (and must not be resumed by a later run)
    if (p.job.checkpointDir) fs.rmSync(p.job.checkpointDir, { recursive: true, force: true });
  };
  if ((opts.workers ?? 1) === 0) {
    for (let i = 0; i < planned.length; i++) {
      const res = await trainRun({ ...planned[i]!.job, log: opts.log, progress: opts.progress ?? "none" });
      store(i, res);
    }
  } else if (planned.length > 0) {
    await runParallel(planned.map((p) => p.job), { workers: opts.workers, log: opts.log, progress: opts.progress, onResult: store });
  }
  return { computed: planned.length, skipped, wallTimeSec: (performance.now() - t0) / 1000 };
}
