/**
 * Run exactly one job into a results store (`reprorl job`, what every SLURM task and queue
 * worker executes). Idempotent: a job whose result is stored is not re-run; a corrupt one is a
 * one-line error (never overwritten); a killed one is computed again with `retrain: false`, so a
 * chapter that checkpoints (sac-ae) resumes from its checkpoint. The result is written by the
 * same atomic group writer as load-or-compute (`computeContext`).
 */
import { ReproError } from "../core/errors.js";
import type { AnyChapterDefinition } from "../experiments/contract.js";
import { computeContext } from "../experiments/load-or-compute.js";
import { jobStatus, type Job } from "./jobs.js";

export interface RunJobOptions {
  /** Results store root. */
  root: string;
  /** Refuse the job unless the chapter's config hash here equals this one (the submitter's). */
  expectConfigHash?: string;
  log?: (line: string) => void;
}

export interface RunJobResult {
  /** False when the job was already stored (nothing computed). */
  computed: boolean;
  wallTimeSec: number;
}

export async function runJob(def: AnyChapterDefinition, job: Job, opts: RunJobOptions): Promise<RunJobResult> {
  const log = opts.log ?? (() => {});
  if (opts.expectConfigHash !== undefined && opts.expectConfigHash !== job.configHash) {
    throw new ReproError(
      `job ${job.id} of ${job.chapter} was planned with config ${opts.expectConfigHash} but this checkout's ${job.tier}-tier config is ${job.configHash}: run the same reprorl version on every machine`,
    );
  }
  const before = jobStatus(job, opts.root);
  if (before.state === "corrupt") throw new ReproError(`job ${job.id} of ${job.chapter}: ${before.detail}`);
  if (before.state === "done") {
    log(`${job.chapter} ${job.id}: already stored, not re-run`);
    return { computed: false, wallTimeSec: 0 };
  }
  const notHere = def.cannotCompute?.(job.tier) ?? null;
  if (notHere !== null) throw new ReproError(`job ${job.id} of ${job.chapter} cannot run here: ${notHere}`);
  const t0 = performance.now();
  const backend = await def.backend();
  const ctx = computeContext(def, { tier: job.tier, seed: job.chapterSeed, root: opts.root, retrain: false, workers: 0, backend, log });
  await def.computeRun(job.run, ctx);
  const after = jobStatus(job, opts.root);
  if (after.state !== "done") {
    throw new ReproError(`job ${job.id} of ${job.chapter} ran but its result is ${after.state}${after.detail ? `: ${after.detail}` : ""} (a bug in the chapter's computeRun)`);
  }
  const wallTimeSec = (performance.now() - t0) / 1000;
  log(`${job.chapter} ${job.id}: computed in ${wallTimeSec.toFixed(1)} s and stored under ${opts.root}`);
  return { computed: true, wallTimeSec };
}
