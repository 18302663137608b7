/**
 * The local backend (the default: nothing changes for a laptop user): the missing jobs are
 * computed on this machine exactly as `reprorl reproduce` computes them — through the chapter's
 * own process pool where it has one (`computeRuns`, e.g. sac-ae's runParallel), else one run
 * after another — into the same store, with the same atomic writer.
 */
import type { AnyChapterDefinition } from "../experiments/contract.js";
import { computeContext, computeMissing } from "../experiments/load-or-compute.js";
import { ReproError } from "../core/errors.js";
import type { Job } from "./jobs.js";

export interface LocalSweepOptions {
  root: string;
  /** Worker processes for chapters that train in parallel (0 = in this process). */
  workers: number;
  log: (line: string) => void;
}

/** Compute the given (missing) jobs here; jobs planned by different chapter seeds are computed per seed. */
export async function sweepLocal(def: AnyChapterDefinition, jobs: readonly Job[], opts: LocalSweepOptions): Promise<void> {
  if (jobs.length === 0) return;
  const tier = jobs[0]!.tier;
  const notHere = def.cannotCompute?.(tier) ?? null;
  if (notHere !== null) throw new ReproError(`${def.id} cannot compute its ${tier} tier here: ${notHere}`);
  const backend = await def.backend();
  const seeds = [...new Set(jobs.map((j) => j.chapterSeed))];
  for (const seed of seeds) {
    const ctx = computeContext(def, { tier, seed, root: opts.root, retrain: false, workers: opts.workers, backend, log: opts.log });
    await computeMissing(def, jobs.filter((j) => j.chapterSeed === seed).map((j) => j.run), ctx);
  }
}
