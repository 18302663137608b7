/**
 * The job model shared by every chapter and every sweep backend (issue 18).
 *
 * A job is one run of the chapter contract (src/experiments/contract.ts) named by
 *
 *   (chapter, experiment, method, seed, tier, config hash)
 *
 * where experiment/method/seed are the run's key table (its first), so a job's id,
 * `<experiment>/<method>/seed-<k>`, is also the path of its key files in the results store.
 * The config hash is a SHA-256 of the chapter's settings at that tier: a worker or a SLURM
 * task refuses a job planned with another hash (another code version), so results of different
 * settings never mix in one store.
 *
 * A sweep may cover several chapter seeds (`--seeds 0-3`): its jobs are the union of
 * `runs({ tier, seed })` over them, each job remembering the chapter seed that planned it.
 */
import { createHash } from "node:crypto";
import { ReproError, isReproError } from "../core/errors.js";
import type { Tier } from "../core/tiers.js";
import { runKey, type AnyChapterDefinition, type ChapterRun } from "../experiments/contract.js";
import { readRunTables } from "../experiments/load-or-compute.js";

export interface Job {
  /** `<experiment>/<method>/seed-<k>` of the run's key table. */
  id: string;
  chapter: string;
  experiment: string;
  method: string;
  seed: number;
  tier: Tier;
  configHash: string;
  /** The chapter seed whose `runs()` planned this job (the `seed` of its compute context). */
  chapterSeed: number;
  run: ChapterRun;
}

export type JobState = "done" | "missing" | "corrupt";

export interface JobStatus {
  state: JobState;
  /** For a corrupt job: the store's one-line reason (which file, what is wrong). */
  detail?: string;
}

/** JSON with object keys sorted, so the same settings always hash the same. */
function canonical(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(canonical);
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>);
  if (typeof x === "object" && x !== null) {
    return Object.fromEntries(
      Object.keys(x)
        .sort()
        .map((k) => [k, canonical((x as Record<string, unknown>)[k])]),
    );
  }
  if (typeof x === "function") return `function ${x.name}`;
  return x;
}

/** First 12 hex digits of the SHA-256 of the chapter's settings at a tier. */
export function configHash(def: AnyChapterDefinition, tier: Tier): string {
  const text = JSON.stringify(canonical({ chapter: def.id, tier, config: def.config(tier) }));
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/** "0", "0,2,5", "0-3" or a mix ("0-2,7") → sorted distinct non-negative integers. */
export function parseSeeds(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(",")) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (m === null) throw new ReproError(`--seeds ${JSON.stringify(text)}: use seeds like 0, 0,1,2 or 0-3`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) throw new ReproError(`--seeds ${JSON.stringify(text)}: range ${part.trim()} runs backwards`);
    if (hi - lo > 10_000) throw new ReproError(`--seeds ${JSON.stringify(text)}: more than 10,000 seeds in one range`);
    for (let s = lo; s <= hi; s++) out.add(s);
  }
  return [...out].sort((a, b) => a - b);
}

export function jobId(run: ChapterRun): string {
  const k = runKey(run);
  return `${k.experiment}/${k.method}/seed-${k.seed}`;
}

/** Every job of a chapter at a tier over the given chapter seeds, in plan order, without duplicates. */
export function planJobs(def: AnyChapterDefinition, opts: { tier: Tier; seeds: readonly number[] }): Job[] {
  if (opts.seeds.length === 0) throw new ReproError("a sweep needs at least one chapter seed");
  const hash = configHash(def, opts.tier);
  const jobs = new Map<string, Job>();
  for (const chapterSeed of opts.seeds) {
    for (const run of def.runs({ tier: opts.tier, seed: chapterSeed })) {
      const id = jobId(run);
      if (jobs.has(id)) continue;
      const k = runKey(run);
      jobs.set(id, { id, chapter: def.id, ...k, tier: opts.tier, configHash: hash, chapterSeed, run });
    }
  }
  return [...jobs.values()];
}

/** The job with this id, or a one-line error naming a few that exist. */
export function findJob(jobs: readonly Job[], id: string, where: string): Job {
  const job = jobs.find((j) => j.id === id);
  if (job !== undefined) return job;
  const some = jobs.slice(0, 5).map((j) => j.id);
  throw new ReproError(
    `no job ${JSON.stringify(id)} in ${where}: it has ${jobs.length} job${jobs.length === 1 ? "" : "s"}, e.g. ${some.join(", ")}${jobs.length > 5 ? ", …" : ""} (see \`reprorl jobs\`)`,
  );
}

/**
 * Whether a job's result is in the store: done (its whole atomic group is there), missing (its
 * files do not exist) or corrupt (anything else: cut short, edited, half a pair, another
 * tier's). Corrupt is never treated as missing: no backend computes over it.
 */
export function jobStatus(job: Job, root: string): JobStatus {
  try {
    return { state: readRunTables(job.run, job.chapter, root, job.tier) === undefined ? "missing" : "done" };
  } catch (err) {
    if (isReproError(err)) return { state: "corrupt", detail: err.message };
    throw err;
  }
}

/** The job's status, and a one-line error when it is corrupt (before anything is submitted). */
export function checkNotCorrupt(jobs: readonly Job[], root: string): Map<Job, JobState> {
  const states = new Map<Job, JobState>();
  for (const job of jobs) {
    const s = jobStatus(job, root);
    if (s.state === "corrupt") throw new ReproError(`job ${job.id} of ${job.chapter} cannot be read, so nothing was submitted: ${s.detail}`);
    states.set(job, s.state);
  }
  return states;
}
