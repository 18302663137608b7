/**
 * The SLURM backend: one job array per sweep on a shared filesystem.
 *
 * `reprorl sweep <chapter> --backend slurm` writes a sweep folder,
 *
 *   <output root>/.reprorl/sweeps/<chapter>-<tier>-<time>/
 *     task.sh       the sbatch script: task i runs `reprorl job <chapter> <id i> --config-hash H`
 *     jobs.txt      job id of each array index
 *     logs/<i>.log  each task's stdout and stderr (#SBATCH --output=…/%a.log)
 *     status/<i>.rc each task's exit status, written when `reprorl job` returns
 *     sweep.json    what was submitted (array id, jobs, options)
 *
 * and submits it with `sbatch --parsable`. Each task writes its result straight into the shared
 * results store (REPRORL_OUTPUT_ROOT is set to this machine's output root), atomically, as
 * `reprorl job` always does. Only missing jobs are submitted, so running the same command again
 * resubmits exactly the failed (or cancelled) tasks, alone.
 *
 * `--wait` follows the array with `squeue` (no accounting database needed): a task is finished
 * when squeue no longer lists it; it succeeded when its job is stored. Failed tasks are listed
 * with their log path.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ReproError } from "../core/errors.js";
import { packageRoot } from "../core/paths.js";
import { jobStatus, type Job } from "./jobs.js";
import { pause, progressPrinter } from "./progress.js";

export interface SlurmResources {
  partition?: string;
  cpusPerTask?: number;
  /** SLURM time limit, e.g. 30, 2:00:00, 1-00:00:00. */
  time?: string;
  /** Memory per node, e.g. 4G. */
  mem?: string;
}

export interface SlurmSweepOptions extends SlurmResources {
  /** Output root the tasks write into (data/results below it). */
  outputRoot: string;
  /** Results store root (for the job states). */
  root: string;
  wait: boolean;
  log: (line: string) => void;
  pollMs?: number;
  /** Stops following (the array keeps running). */
  signal?: AbortSignal;
  /** argv that runs the CLI on the cluster nodes (default: this node and this checkout). */
  cli?: readonly string[];
}

export interface SlurmSweepResult {
  arrayId: string;
  dir: string;
  failed: { id: string; index: number; log: string; exit: string }[];
  done: number;
  /** Following was stopped by the signal. */
  interrupted?: boolean;
}

/** The absolute path of a program on PATH, or undefined. */
export function onPath(program: string): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const p = path.join(dir, program);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

function requireProgram(program: string, why: string): string {
  const p = onPath(program);
  if (p === undefined) throw new ReproError(`no ${program} on PATH (${why}): run this on a SLURM login node or add SLURM's bin folder to PATH; nothing was submitted`);
  return p;
}

/** The SLURM commands and the resource options, checked before anything is planned or written. */
export function checkSlurm(r: SlurmResources): { sbatch: string; squeue: string } {
  const sbatch = requireProgram("sbatch", "the slurm backend submits with sbatch");
  const squeue = requireProgram("squeue", "the slurm backend checks the queue with squeue");
  checkResources(r);
  return { sbatch, squeue };
}

/** Resource options checked before anything is written (a bad value would only fail inside sbatch). */
export function checkResources(r: SlurmResources): void {
  if (r.partition !== undefined && !/^[A-Za-z0-9_.,-]+$/.test(r.partition)) throw new ReproError(`--partition ${JSON.stringify(r.partition)} is not a SLURM partition name (or comma-separated list)`);
  if (r.cpusPerTask !== undefined && (!Number.isInteger(r.cpusPerTask) || r.cpusPerTask < 1)) throw new ReproError(`--cpus-per-task ${r.cpusPerTask} is not a positive integer`);
  if (r.time !== undefined && !/^(\d+-)?\d+(:\d+){0,2}$/.test(r.time)) throw new ReproError(`--time ${JSON.stringify(r.time)} is not a SLURM time limit (minutes, H:MM:SS or D-HH:MM:SS)`);
  if (r.mem !== undefined && !/^\d+[KMGT]?$/.test(r.mem)) throw new ReproError(`--mem ${JSON.stringify(r.mem)} is not a SLURM memory size (e.g. 4G)`);
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The sbatch script of a sweep: array index → one `reprorl job`. */
export function taskScript(jobs: readonly Job[], o: { dir: string; outputRoot: string; cli: readonly string[] } & SlurmResources): string {
  const chapter = jobs[0]!.chapter;
  const tier = jobs[0]!.tier;
  const lines = [
    "#!/bin/bash",
    `#SBATCH --job-name=reprorl-${chapter.replace(/\//g, "-")}-${tier}`,
    `#SBATCH --array=0-${jobs.length - 1}`,
    `#SBATCH --output=${path.join(o.dir, "logs", "%a.log")}`,
    ...(o.partition !== undefined ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.cpusPerTask !== undefined ? [`#SBATCH --cpus-per-task=${o.cpusPerTask}`] : []),
    ...(o.time !== undefined ? [`#SBATCH --time=${o.time}`] : []),
    ...(o.mem !== undefined ? [`#SBATCH --mem=${o.mem}`] : []),
    `# Written by \`reprorl sweep ${chapter} --backend slurm\`: task i runs job i of jobs.txt with \`reprorl job\`,`,
    "# which stores its result atomically in the shared results store and skips a job already stored.",
    "set -u",
    `export REPRORL_OUTPUT_ROOT=${q(o.outputRoot)}`,
    `ids=(${jobs.map((j) => q(j.id)).join(" ")})`,
    `seeds=(${jobs.map((j) => j.chapterSeed).join(" ")})`,
    "i=$SLURM_ARRAY_TASK_ID",
    `${o.cli.map(q).join(" ")} job ${q(chapter)} "\${ids[$i]}" --tier ${tier} --seeds "\${seeds[$i]}" --config-hash ${jobs[0]!.configHash}`,
    "rc=$?",
    `echo "$rc" > ${q(path.join(o.dir, "status"))}/"$i.rc"`,
    "exit $rc",
    "",
  ];
  return lines.join("\n");
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
}

const sweepsDir = (outputRoot: string): string => path.join(outputRoot, ".reprorl", "sweeps");
const sweepPrefix = (job: Job): string => `${job.chapter.replace(/\//g, "-")}-${job.tier}-`;

interface SubmittedSweep {
  arrayId: string;
  dir: string;
  configHash: string;
  jobs: string[];
}

/** Earlier sweeps of this chapter and tier whose array squeue still lists (so they are not submitted twice). */
function inFlight(job: Job, outputRoot: string, squeue: string): SubmittedSweep[] {
  const dir = sweepsDir(outputRoot);
  if (!fs.existsSync(dir)) return [];
  const found: SubmittedSweep[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.startsWith(sweepPrefix(job))) continue;
    const file = path.join(dir, name, "sweep.json");
    if (!fs.existsSync(file)) continue;
    const s = JSON.parse(fs.readFileSync(file, "utf8")) as SubmittedSweep;
    if (queued(squeue, s.arrayId).size > 0) found.push({ ...s, dir: path.join(dir, name) });
  }
  return found;
}

/**
 * Submit the missing jobs as one array, unless an earlier sweep of the same chapter and tier is
 * still in the queue: then nothing new is submitted (its jobs would run twice), and `wait`
 * follows that array instead. With `wait`, follow to the end and list the failed tasks.
 */
export async function sweepSlurm(jobs: readonly Job[], opts: SlurmSweepOptions): Promise<SlurmSweepResult> {
  const { sbatch, squeue } = checkSlurm(opts);
  if (jobs.length === 0) throw new ReproError("no jobs to submit");
  const active = inFlight(jobs[0]!, opts.outputRoot, squeue);
  if (active.length > 0) {
    const a = active[active.length - 1]!;
    opts.log(`job array ${a.arrayId} of this sweep is still in the queue (${a.dir}): not submitting again${opts.wait ? "; following it" : "; follow it with --wait"}`);
    if (!opts.wait) return { arrayId: a.arrayId, dir: a.dir, failed: [], done: 0 };
    const byId = new Map(jobs.map((j) => [j.id, j]));
    // jobs of that array that are stored meanwhile are no longer in `jobs`: follow every index
    const arrayJobs = a.jobs.map((id) => byId.get(id) ?? jobs[0]!);
    const done = new Set(a.jobs.filter((id) => !byId.has(id)));
    return followArray(arrayJobs, { ...opts, arrayId: a.arrayId, dir: a.dir, squeue, alreadyDone: done, ids: a.jobs });
  }
  const chapter = jobs[0]!.chapter;
  const tier = jobs[0]!.tier;
  const dir = path.join(sweepsDir(opts.outputRoot), `${sweepPrefix(jobs[0]!)}${stamp()}-${process.pid}`);
  const cli = opts.cli ?? [process.execPath, path.join(packageRoot(), "bin", "reprorl.js")];
  fs.mkdirSync(path.join(dir, "logs"), { recursive: true });
  fs.mkdirSync(path.join(dir, "status"), { recursive: true });
  let arrayId: string;
  try {
    fs.writeFileSync(path.join(dir, "jobs.txt"), jobs.map((j) => j.id).join("\n") + "\n");
    fs.writeFileSync(path.join(dir, "task.sh"), taskScript(jobs, { dir, outputRoot: opts.outputRoot, cli, partition: opts.partition, cpusPerTask: opts.cpusPerTask, time: opts.time, mem: opts.mem }), { mode: 0o755 });
    const r = spawnSync(sbatch, ["--parsable", path.join(dir, "task.sh")], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    const out = (r.stdout ?? "").trim();
    if (r.status !== 0 || !/^\d+/.test(out)) {
      const why = ((r.stderr ?? "").trim().split("\n").pop() ?? "") || (r.error?.message ?? `exit ${r.status}`);
      throw new ReproError(`sbatch refused the sweep (${why}); nothing was submitted`);
    }
    arrayId = out.split(";")[0]!;
    const meta = { arrayId, chapter, tier, configHash: jobs[0]!.configHash, jobs: jobs.map((j) => j.id), submittedAt: new Date().toISOString(), resources: { partition: opts.partition, cpusPerTask: opts.cpusPerTask, time: opts.time, mem: opts.mem } };
    fs.writeFileSync(path.join(dir, "sweep.json"), JSON.stringify(meta, null, 2) + "\n");
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true }); // nothing half-written
    throw err;
  }
  opts.log(`submitted job array ${arrayId} (${jobs.length} task${jobs.length === 1 ? "" : "s"}) from ${dir}`);
  if (!opts.wait) return { arrayId, dir, failed: [], done: 0 };
  return followArray(jobs, { ...opts, arrayId, dir, squeue });
}

/** Array indices squeue still lists (pending, running, completing) → state. */
function queued(squeue: string, arrayId: string): Map<number, string> {
  let out: string;
  try {
    out = execFileSync(squeue, ["-h", "-r", "-j", arrayId, "-o", "%K %T"], { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    const msg = String((err as { stderr?: unknown }).stderr ?? "");
    if (/Invalid job id/i.test(msg)) return new Map(); // the whole array finished and was purged
    throw new ReproError(`squeue failed while following array ${arrayId}: ${msg.trim().split("\n").pop() ?? String(err)}`);
  }
  const m = new Map<number, string>();
  for (const line of out.split("\n")) {
    const [k, state] = line.trim().split(/\s+/);
    if (k !== undefined && /^\d+$/.test(k)) m.set(Number(k), state ?? "");
  }
  return m;
}

async function followArray(
  jobs: readonly Job[],
  o: SlurmSweepOptions & { arrayId: string; dir: string; squeue: string; alreadyDone?: ReadonlySet<string>; ids?: readonly string[] },
): Promise<SlurmSweepResult> {
  const isDone = (job: Job, i: number): boolean => (o.ids !== undefined && o.alreadyDone?.has(o.ids[i]!) === true) || jobStatus(job, o.root).state === "done";
  const progress = progressPrinter();
  for (;;) {
    const inQueue = queued(o.squeue, o.arrayId);
    let done = 0;
    let failed = 0;
    jobs.forEach((job, i) => {
      if (inQueue.has(i)) return;
      if (isDone(job, i)) done++;
      else failed++;
    });
    const running = [...inQueue.values()].filter((s) => s === "RUNNING" || s === "COMPLETING").length;
    progress.update({ total: jobs.length, done, failed, running });
    if (inQueue.size === 0) break;
    if (o.signal?.aborted) {
      progress.end();
      return { arrayId: o.arrayId, dir: o.dir, failed: [], done, interrupted: true };
    }
    await pause(o.pollMs ?? 1000, o.signal);
  }
  progress.end();
  const failed: SlurmSweepResult["failed"] = [];
  let done = 0;
  jobs.forEach((job, i) => {
    if (isDone(job, i)) {
      done++;
      return;
    }
    const rcFile = path.join(o.dir, "status", `${i}.rc`);
    const exit = fs.existsSync(rcFile) ? `exit ${fs.readFileSync(rcFile, "utf8").trim()}` : "no exit status (cancelled, timed out or node lost)";
    failed.push({ id: job.id, index: i, log: path.join(o.dir, "logs", `${i}.log`), exit });
  });
  return { arrayId: o.arrayId, dir: o.dir, failed, done };
}
