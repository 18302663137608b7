/**
 * The queue backend: BullMQ on Redis. No shared filesystem is needed.
 *
 *   submitter  `reprorl sweep <chapter> --backend redis --redis URL [--wait]` adds every missing
 *              job to the queue under a deterministic BullMQ id (chapter|tier|config hash|job id),
 *              so submitting twice adds nothing twice; a failed job is retried on resubmission.
 *              Every call collects the results that came back (with --wait: until every job is
 *              done or failed) and writes them into the submitter's results store (checked,
 *              atomically; see result-files.ts), then removes them from the queue.
 *   worker     `reprorl worker --redis URL` on any machine pulls jobs and runs each as a child
 *              process `reprorl job <chapter> <id> --config-hash H` into a private scratch store,
 *              then returns the job's small CSV/JSON files as the BullMQ result. Computing in a
 *              child keeps the worker's event loop free to renew its lock; a worker that dies
 *              (SIGKILL) stops renewing, and BullMQ's stalled-job check hands the job to another
 *              worker (`maxStalledCount` times).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Queue, Worker, type Job as BullJob } from "bullmq";
import { Redis } from "ioredis";
import { ReproError } from "../core/errors.js";
import { checkTier } from "../core/tiers.js";
import { chapterDefinition } from "../experiments/registry.js";
import { findJob, jobStatus, planJobs, type Job } from "./jobs.js";
import { pause, progressPrinter } from "./progress.js";
import { readJobFiles, writeJobFiles, type ResultFile } from "./result-files.js";

export const DEFAULT_QUEUE = "reprorl-jobs";

/** What travels in the queue for one job (the worker re-plans it from its own checkout). */
export interface QueuedJob {
  chapter: string;
  tier: string;
  id: string;
  chapterSeed: number;
  configHash: string;
}

export interface QueuedResult {
  files: ResultFile[];
  worker: string;
  wallTimeSec: number;
}

/** The BullMQ id of a job: deterministic, so the same job is never queued twice (no ":" allowed). */
export function bullId(job: Job): string {
  return `${job.chapter}|${job.tier}|${job.configHash}|${job.id}`;
}

function queuedJob(job: Job): QueuedJob {
  return { chapter: job.chapter, tier: job.tier, id: job.id, chapterSeed: job.chapterSeed, configHash: job.configHash };
}

/** A one-line error unless Redis answers PING at `url` within a few seconds. */
export async function checkRedis(url: string): Promise<void> {
  if (!/^rediss?:\/\//.test(url)) throw new ReproError(`--redis ${JSON.stringify(url)} is not a Redis URL: use e.g. redis://127.0.0.1:6379`);
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let cause: unknown;
  client.on("error", (err) => (cause ??= err));
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    const e = cause ?? err;
    throw new ReproError(`cannot reach Redis at ${url} (${e instanceof Error ? e.message.split("\n")[0] : String(e)}): start redis-server there or pass the right --redis URL; nothing was submitted`);
  } finally {
    client.disconnect();
  }
}

function connection(url: string): Redis {
  // BullMQ's blocking commands need maxRetriesPerRequest: null.
  const r = new Redis(url, { maxRetriesPerRequest: null });
  r.on("error", () => {});
  return r;
}

export interface RedisSweepOptions {
  url: string;
  queue: string;
  root: string;
  wait: boolean;
  log: (line: string) => void;
  /** Poll interval while waiting (ms). */
  pollMs?: number;
  /** Stops following (the queued jobs keep running). */
  signal?: AbortSignal;
}

export interface RedisSweepResult {
  enqueued: number;
  retried: number;
  collected: number;
  failed: { id: string; reason: string }[];
  pending: number;
  /** Following was stopped by the signal. */
  interrupted: boolean;
}

/** Submit the missing jobs and collect what came back (see the header). */
export async function sweepRedis(jobs: readonly Job[], opts: RedisSweepOptions): Promise<RedisSweepResult> {
  await checkRedis(opts.url);
  const conn = connection(opts.url);
  const queue = new Queue<QueuedJob, QueuedResult>(opts.queue, { connection: conn });
  const result: RedisSweepResult = { enqueued: 0, retried: 0, collected: 0, failed: [], pending: 0, interrupted: false };
  try {
    const toAdd: Job[] = [];
    for (const job of jobs) {
      const existing = await queue.getJob(bullId(job));
      if (existing === undefined || existing === null) toAdd.push(job);
      else if ((await existing.getState()) === "failed") {
        // resubmitted as a fresh job (this checkout's data), not retried with the old one
        await existing.remove();
        toAdd.push(job);
        result.retried++;
      }
    }
    if (toAdd.length > 0) {
      await queue.addBulk(
        toAdd.map((job) => ({
          name: job.id,
          data: queuedJob(job),
          opts: { jobId: bullId(job), removeOnComplete: false, removeOnFail: false },
        })),
      );
    }
    result.enqueued = toAdd.length - result.retried;
    opts.log(
      `queue ${opts.queue} at ${opts.url}: ${result.enqueued} job${result.enqueued === 1 ? "" : "s"} added, ${result.retried} failed one${result.retried === 1 ? "" : "s"} retried, ${jobs.length - toAdd.length} already queued; workers: \`reprorl worker --redis ${opts.url}${opts.queue === DEFAULT_QUEUE ? "" : ` --queue ${opts.queue}`}\``,
    );

    const pending = new Map(jobs.map((j) => [bullId(j), j]));
    const failed = new Map<string, string>();
    const progress = opts.wait ? progressPrinter() : undefined;
    for (;;) {
      let running = 0;
      failed.clear();
      for (const [bid, job] of pending) {
        const bj = await queue.getJob(bid);
        if (bj === undefined || bj === null) {
          // removed from Redis behind our back (flushed, another submitter collected and
          // removed it): queue it again rather than wait for it forever
          await queue.add(job.id, queuedJob(job), { jobId: bid, removeOnComplete: false, removeOnFail: false });
          continue;
        }
        const state = await bj.getState();
        if (state === "completed") {
          collect(job, bj, opts.root);
          await bj.remove();
          pending.delete(bid);
          result.collected++;
        } else if (state === "failed") failed.set(job.id, (bj.failedReason ?? "failed").split("\n")[0]!);
        else if (state === "active") running++;
      }
      progress?.update({ total: jobs.length, done: jobs.length - pending.size, failed: failed.size, running });
      if (!opts.wait || pending.size === failed.size) break;
      if (opts.signal?.aborted) {
        result.interrupted = true;
        break;
      }
      await pause(opts.pollMs ?? 500, opts.signal);
    }
    progress?.end();
    result.failed = [...failed].map(([id, reason]) => ({ id, reason }));
    result.pending = pending.size - failed.size;
    return result;
  } finally {
    await queue.close();
    conn.disconnect();
  }
}

function collect(job: Job, bj: BullJob<QueuedJob, QueuedResult>, root: string): void {
  const here = jobStatus(job, root);
  if (here.state === "corrupt") throw new ReproError(`job ${job.id} of ${job.chapter} came back from the queue, but the stored copy cannot be read: ${here.detail}`);
  if (here.state === "done") return; // stored meanwhile (another submitter, a local run): keep what is there
  const rv = bj.returnvalue;
  if (rv === null || typeof rv !== "object" || !Array.isArray(rv.files)) {
    throw new ReproError(`job ${job.id} of ${job.chapter} completed on the queue without result files (a worker of another reprorl version?)`);
  }
  writeJobFiles(job, rv.files, root);
}

// ---------------------------------------------------------------- worker

export interface WorkerOptions {
  url: string;
  queue: string;
  /** argv that runs the CLI (`[node, bin/reprorl.js]`); `job …` is appended. */
  cli: readonly string[];
  /** How long a job's lock lasts without renewal: a dead worker's job is handed on after about this (default 30 s). */
  lockSeconds: number;
  concurrency: number;
  log: (line: string) => void;
  signal: AbortSignal;
}

/** Run the CLI's `job` command for one queued job in its own scratch store; its last stderr line is the error. */
function runChild(cli: readonly string[], data: QueuedJob, scratch: string, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = [...cli.slice(1), "job", data.chapter, data.id, "--tier", data.tier, "--seeds", String(data.chapterSeed), "--config-hash", data.configHash];
    const child = spawn(cli[0]!, args, { env: { ...process.env, REPRORL_OUTPUT_ROOT: scratch }, stdio: ["ignore", "pipe", "pipe"] });
    let lastErr = "";
    child.stdout.on("data", (b: Buffer) => b.toString().split("\n").filter(Boolean).forEach((l) => log(`  ${l}`)));
    child.stderr.on("data", (b: Buffer) => {
      const lines = b.toString().split("\n").filter((l) => l.trim() !== "");
      if (lines.length > 0) lastErr = lines[lines.length - 1]!;
    });
    child.on("error", (err) => reject(new Error(`cannot start ${cli[0]}: ${err.message}`)));
    child.on("close", (code, sig) => {
      if (code === 0) resolve();
      else reject(new Error(lastErr !== "" ? lastErr : `reprorl job exited with ${sig ?? code}`));
    });
  });
}

const SCRATCH_PREFIX = "reprorl-worker-";

/** Scratch folders of workers on this machine that died without cleaning up (SIGKILL): their pid is gone. */
function removeDeadScratch(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const m = new RegExp(`^${SCRATCH_PREFIX}(\\d+)-`).exec(name);
    if (m === null) continue;
    try {
      process.kill(Number(m[1]), 0);
      continue; // alive (or not ours to signal): keep
    } catch (err) {
      if ((err as { code?: string }).code !== "ESRCH") continue;
    }
    fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

/** Pull and run jobs until the signal aborts (then finish the jobs in hand and stop). */
export async function runWorker(opts: WorkerOptions): Promise<void> {
  await checkRedis(opts.url);
  const name = `${os.hostname()}/${process.pid}`;
  removeDeadScratch();
  const scratchRoot = fs.mkdtempSync(path.join(os.tmpdir(), `${SCRATCH_PREFIX}${process.pid}-`));
  const conn = connection(opts.url);
  const lockDuration = Math.round(opts.lockSeconds * 1000);
  const worker = new Worker<QueuedJob, QueuedResult>(
    opts.queue,
    async (bj) => {
      const data = bj.data;
      const tier = checkTier(data.tier);
      const def = await chapterDefinition(data.chapter);
      const job = findJob(planJobs(def, { tier, seeds: [data.chapterSeed] }), data.id, `${data.chapter} (${tier} tier, seed ${data.chapterSeed})`);
      const scratch = path.join(scratchRoot, String(bj.id).replace(/[^A-Za-z0-9._-]+/g, "_"));
      opts.log(`worker ${name}: started ${data.chapter} ${data.id}`);
      const t0 = performance.now();
      try {
        await runChild(opts.cli, data, scratch, opts.log);
        const files = readJobFiles(job, path.join(scratch, "data", "results"));
        return { files, worker: name, wallTimeSec: (performance.now() - t0) / 1000 };
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    },
    { connection: conn, concurrency: opts.concurrency, lockDuration, stalledInterval: lockDuration, maxStalledCount: 2 },
  );
  // logged once BullMQ has recorded the outcome (a job whose lock was lost is not "completed" here)
  worker.on("completed", (bj, rv) => opts.log(`worker ${name}: completed ${bj.data.chapter} ${bj.data.id} in ${rv.wallTimeSec.toFixed(1)} s`));
  worker.on("failed", (bj, err) => opts.log(`worker ${name}: failed ${bj?.data.chapter ?? "?"} ${bj?.data.id ?? "?"}: ${err.message.split("\n")[0]}`));
  worker.on("error", (err) => opts.log(`worker ${name}: ${err.message.split("\n")[0]}`));
  opts.log(`worker ${name}: waiting for jobs on queue ${opts.queue} at ${opts.url} (lock ${opts.lockSeconds} s, ${opts.concurrency} at a time)`);
  try {
    await new Promise<void>((resolve) => {
      if (opts.signal.aborted) resolve();
      else opts.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    opts.log(`worker ${name}: stopping after the jobs in hand`);
  } finally {
    await worker.close();
    conn.disconnect();
    fs.rmSync(scratchRoot, { recursive: true, force: true });
  }
}
