/**
 * The `reprorl` command line:
 *
 *   reprorl list [--json]
 *   reprorl run <notebook.ipynb | chapter-id> [--tier T] [--param key=value …] [--out DIR]
 *               [--cell-timeout S] [--startup-timeout S] [--echo]
 *   reprorl reproduce [chapter-id …] [--tier T] [--retrain] [--cell-timeout S] [--echo]
 *   reprorl figures <chapter-id …> [--tier T]
 *   reprorl kernel install [--python PATH] [--prefix DIR] [--name NAME]
 *   reprorl jobs <chapter-id> [--tier T] [--seeds S] [--json]
 *   reprorl job <chapter-id> <job-id> [--tier T] [--seeds S] [--config-hash H]
 *   reprorl sweep <chapter-id> [--tier T] [--seeds S] [--backend local|slurm|redis] [--wait] …
 *   reprorl worker --redis URL [--queue NAME] [--concurrency N] [--lock-seconds S]
 *
 * Errors meant for users (ReproError) are printed as one line, exit code 1; usage errors
 * exit 2; an interrupt (Ctrl-C) stops the running cell, shuts the kernel down, exits 130.
 * The kernel command can be overridden with $REPRORL_KERNEL_CMD (a JSON argv containing
 * "{connection_file}"), e.g. to use another tslab; $REPRORL_PROJECT_ROOT points the
 * chapter commands at another project tree (notebooks/, data/results/, figures/; tests).
 */
import { readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { ReproError, isReproError } from "../core/errors.js";
import { outputRoot, packageRoot, packageVersion } from "../core/paths.js";
import { listStored, storedWallTimes } from "../analysis/results/store.js";
import {
  CHAPTERS,
  chapterFiguresDir,
  chapterNotebook,
  chapterOfNotebook,
  checkTier,
  findChapter,
  getChapter,
  hasNotebook,
  type Chapter,
} from "../experiments/registry.js";
import { installKernelSpec } from "./kernelspec.js";
import { readNotebook } from "./nbformat.js";
import { checkParameterNames, notebookParameters, parseCliValue, parseParamArgs, parseParamValue } from "./parameters.js";
import { formatDuration } from "./progress.js";
import { runNotebook, type RunResult } from "./runner.js";
import { checkNotCorrupt, jobStatus, findJob } from "../sweeps/jobs.js";
import { planSweep, seedsText, type SweepPlan } from "../sweeps/plan.js";
import { runJob } from "../sweeps/run-job.js";
import { sweepLocal } from "../sweeps/local.js";

class UsageError extends Error {}

const USAGE = `usage:
  reprorl list [--json]                      chapters, notebooks, tiers, stored results
  reprorl run <notebook.ipynb | chapter-id>  execute a notebook on the tslab kernel
        [--tier smoke|small|paper] [--param key=value …] [--out DIR]
        [--cell-timeout SECONDS] [--startup-timeout SECONDS] [--echo]
  reprorl reproduce [chapter-id …]           run chapters (default tier small; from stored
        [--tier T] [--retrain] [--echo]      results unless --retrain) and rebuild figures/
  reprorl figures <chapter-id …> [--tier T]  rebuild figures and tables from data/results only
  reprorl kernel install [--python PATH] [--prefix DIR] [--name NAME]
                                             register the tslab kernel with Jupyter
  reprorl jobs <chapter-id> [--tier T] [--seeds 0-3] [--json]
                                             a chapter's jobs and their state in the results store
  reprorl job <chapter-id> <job-id> [--tier T] [--seeds S] [--config-hash H]
                                             run one job (skipped when stored; resumes a killed one)
  reprorl sweep <chapter-id> [--tier T] [--seeds S] [--backend local|slurm|redis] [--wait]
        local:  [--workers N]                the missing jobs on this machine (default)
        slurm:  [--partition P] [--cpus-per-task N] [--time T] [--mem M]
                                             one job array on a shared filesystem
        redis:  --redis URL [--queue NAME]   enqueue on BullMQ; results come back through Redis
  reprorl worker --redis URL [--queue NAME] [--concurrency N] [--lock-seconds S]
                                             pull queued jobs and run them`;

interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
}

const VALUE_FLAGS = new Set([
  "tier", "param", "out", "cell-timeout", "startup-timeout", "python", "prefix", "name",
  "seeds", "config-hash", "backend", "workers", "redis", "queue", "concurrency", "lock-seconds",
  "partition", "cpus-per-task", "time", "mem",
]);
const BOOL_FLAGS = new Set(["json", "echo", "retrain", "help", "version", "wait"]);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-h") {
      flags.set("help", ["true"]);
      continue;
    }
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    if (BOOL_FLAGS.has(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags.set(name, ["true"]);
      continue;
    }
    if (!VALUE_FLAGS.has(name)) throw new UsageError(`unknown option --${name}`);
    let value: string;
    if (eq >= 0) value = a.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`--${name} needs a value`);
      value = next;
      i++;
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { positional, flags };
}

function one(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v === undefined) return undefined;
  if (v.length > 1) throw new UsageError(`--${name} given more than once`);
  return v[0];
}

function seconds(args: ParsedArgs, name: string): number | undefined {
  const v = one(args, name);
  if (v === undefined) return undefined;
  const s = Number(v);
  if (!Number.isFinite(s) || s < 0) throw new ReproError(`--${name} ${v} is not a number of seconds (use e.g. --${name} 600; 0 = no limit)`);
  return s;
}

function kernelCommandFromEnv(): string[] | undefined {
  const raw = process.env["REPRORL_KERNEL_CMD"];
  if (raw === undefined || raw === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((x) => typeof x === "string")) {
    throw new ReproError(`REPRORL_KERNEL_CMD must be a JSON array of strings with "{connection_file}", e.g. ["node","/path/tslab","kernel","--config-path","{connection_file}"]`);
  }
  return parsed as string[];
}

/** Project tree holding notebooks/, data/results/ and figures/ (default: the package root). */
function projectRoot(): string {
  const r = process.env["REPRORL_PROJECT_ROOT"];
  return r !== undefined && r !== "" ? path.resolve(r) : packageRoot();
}

function stored(ch: Chapter): ReturnType<typeof listStored> {
  return listStored(ch.id, { root: path.join(projectRoot(), "data", "results") });
}

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r === "" ? "." : r.startsWith("..") ? p : r;
}

/** Count files below a folder (0 if absent). */
function countFiles(dir: string): number {
  let n = 0;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e);
    n += statSync(p).isDirectory() ? countFiles(p) : 1;
  }
  return n;
}

// ---------------------------------------------------------------- list

function storedSummary(ch: Chapter): string {
  let groups;
  try {
    groups = stored(ch);
  } catch (err) {
    return isReproError(err) ? `unreadable (${err.message})` : "unreadable";
  }
  if (groups.length === 0) return "none";
  const runs = groups.reduce((s, g) => s + g.seeds.length, 0);
  return `${runs} run${runs === 1 ? "" : "s"} in ${groups.length} group${groups.length === 1 ? "" : "s"}`;
}

/** "small 42 runs Σ 1.2 h; medium 3 runs Σ 1.5 h": stored runs and summed run wall time per tier. */
function wallTimesSummary(ch: Chapter): string {
  try {
    return storedWallTimes(ch.id, { root: path.join(projectRoot(), "data", "results") })
      .map((t) => `${t.tier} ${t.runs} run${t.runs === 1 ? "" : "s"} Σ ${t.wallTimeSec >= 3600 ? `${(t.wallTimeSec / 3600).toFixed(1)} h` : `${(t.wallTimeSec / 60).toFixed(1)} min`}`)
      .join("; ");
  } catch (err) {
    return isReproError(err) ? `unreadable (${err.message})` : "unreadable";
  }
}

function cmdList(args: ParsedArgs): number {
  const rows = CHAPTERS.map((ch) => ({
    id: ch.id,
    title: ch.title,
    source: ch.source,
    notebook: path.relative(projectRoot(), chapterNotebook(ch, projectRoot())),
    notebookExists: hasNotebook(ch, projectRoot()),
    tiers: [...ch.tiers],
    storedResults: storedSummary(ch),
    wallTimes: wallTimesSummary(ch),
    figures: countFiles(chapterFiguresDir(ch, projectRoot())),
  }));
  if (args.flags.has("json")) {
    process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
    return 0;
  }
  const idW = Math.max(...rows.map((r) => r.id.length));
  const header = `${"chapter".padEnd(idW)}  notebook  ${"tiers".padEnd(24)}  stored results        figures  title`;
  const lines = [header, "-".repeat(header.length)];
  for (const r of rows) {
    lines.push(
      `${r.id.padEnd(idW)}  ${(r.notebookExists ? "yes" : "missing").padEnd(8)}  ${r.tiers.join(",").padEnd(24)}  ${r.storedResults.padEnd(20)}  ${String(r.figures).padStart(7)}  ${r.title}`,
    );
  }
  const timed = rows.filter((r) => r.wallTimes !== "");
  if (timed.length > 0) {
    lines.push("", "measured wall time of the stored runs per tier (Σ of run wall times; runs overlap on parallel workers):");
    for (const r of timed) lines.push(`  ${r.id.padEnd(idW)}  ${r.wallTimes}`);
  }
  const have = rows.filter((r) => r.notebookExists).length;
  lines.push("", `${have}/${rows.length} chapter notebooks present (notebooks/<chapter-id>.ipynb); stored results in data/results/<chapter-id>/`);
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}

// ---------------------------------------------------------------- run

interface Target {
  input: string;
  chapter: Chapter | undefined;
}

function resolveTarget(arg: string): Target {
  if (arg.endsWith(".ipynb")) {
    const input = path.resolve(arg);
    return { input, chapter: chapterOfNotebook(input, projectRoot()) };
  }
  const ch = findChapter(arg);
  if (ch === undefined) {
    getChapter(arg); // throws the one-line "unknown chapter" error
  }
  const input = chapterNotebook(ch!, projectRoot());
  if (!hasNotebook(ch!, projectRoot())) {
    throw new ReproError(`chapter ${ch!.id} has no notebook yet (${rel(input)} is missing)`);
  }
  return { input, chapter: ch };
}

/** Default executed-notebook path: figures/<chapter-id>/<name>.<tier>.ipynb for chapters, else beside the input. */
export function defaultOutput(target: Target, tier: string | undefined, outDir: string | undefined, suffix = ""): string {
  const base = path.basename(target.input, ".ipynb");
  const name = `${base}${tier ? `.${tier}` : ""}${suffix}.ipynb`;
  if (outDir !== undefined) return path.resolve(outDir, name);
  if (target.chapter !== undefined) return path.join(chapterFiguresDir(target.chapter, projectRoot()), name);
  return path.join(path.dirname(target.input), `${base}${tier ? `.${tier}` : ""}${suffix || ".executed"}.ipynb`);
}

interface RunPlan {
  target: Target;
  params: Record<string, unknown>;
  output: string;
  cellTimeoutSeconds: number | undefined;
}

async function execute(plan: RunPlan, args: ParsedArgs, signal: AbortSignal): Promise<RunResult> {
  if (path.resolve(plan.output) === path.resolve(plan.target.input)) {
    throw new ReproError(`the executed notebook would overwrite its source ${rel(plan.target.input)}: choose another --out`);
  }
  const label = plan.target.chapter?.id ?? rel(plan.target.input);
  const started = Date.now();
  const result = await runNotebook({
    input: plan.target.input,
    output: plan.output,
    params: plan.params,
    cellTimeoutSeconds: plan.cellTimeoutSeconds,
    startupTimeoutSeconds: seconds(args, "startup-timeout"),
    kernelCommand: kernelCommandFromEnv(),
    echoOutput: args.flags.has("echo"),
    label,
    signal,
    env: { REPRORL_PROJECT_ROOT: projectRoot() },
    // no absolute paths of this machine in the (committed) executed notebook
    relativeTo: [...new Set([projectRoot(), packageRoot()])],
  });
  process.stderr.write(`[${label}] done in ${formatDuration((Date.now() - started) / 1000)} → ${rel(result.output)}\n`);
  return result;
}

/** Parameter values from --tier and --param, checked against the notebook (before any kernel starts). */
function cliParams(input: string, args: ParsedArgs, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const nb = readNotebook(input);
  const decls = notebookParameters(nb);
  const pairs = parseParamArgs(args.flags.get("param") ?? []);
  const params: Record<string, unknown> = { ...extra };
  const tier = one(args, "tier");
  if (tier !== undefined) params["tier"] = checkTier(tier);
  for (const [k, raw] of pairs) {
    const decl = decls.find((d) => d.name === k);
    // type-checked against the declaration here, before any kernel starts
    params[k] = decl === undefined ? parseCliValue(raw) : parseParamValue(raw, decl);
  }
  checkParameterNames(decls, Object.keys(params), rel(input));
  return params;
}

function tierOf(params: Record<string, unknown>, input: string): string | undefined {
  if (typeof params["tier"] === "string") return params["tier"];
  const d = notebookParameters(readNotebook(input)).find((p) => p.name === "tier");
  const m = d ? /^["'](\w+)["']$/.exec(d.defaultExpr) : null;
  return m ? m[1] : undefined;
}

async function cmdRun(args: ParsedArgs, signal: AbortSignal): Promise<number> {
  if (args.positional.length !== 1) throw new UsageError("run takes one notebook path or chapter id");
  const target = resolveTarget(args.positional[0]!);
  const params = cliParams(target.input, args);
  const tier = tierOf(params, target.input);
  const output = defaultOutput(target, tier, one(args, "out"));
  const chapterLimit = target.chapter && tier ? target.chapter.cellTimeoutSeconds[checkTier(tier)] : undefined;
  await execute({ target, params, output, cellTimeoutSeconds: seconds(args, "cell-timeout") ?? chapterLimit }, args, signal);
  return 0;
}

// ---------------------------------------------------------------- reproduce / figures

async function runChapters(
  ids: readonly string[],
  args: ParsedArgs,
  signal: AbortSignal,
  mode: "reproduce" | "figures",
): Promise<number> {
  const tier = checkTier(one(args, "tier") ?? "small");
  const explicit = ids.length > 0;
  const chapters = explicit ? ids.map(getChapter) : CHAPTERS.filter((c) => hasNotebook(c, projectRoot()));
  if (chapters.length === 0) throw new ReproError("no chapter notebooks found in notebooks/: nothing to run");
  const failures: string[] = [];
  for (const ch of chapters) {
    if (signal.aborted) break;
    try {
      if (!hasNotebook(ch, projectRoot())) throw new ReproError(`chapter ${ch.id} has no notebook yet (${rel(chapterNotebook(ch, projectRoot()))} is missing)`);
      if (!ch.tiers.includes(tier)) throw new ReproError(`chapter ${ch.id} has no ${tier} tier (it has ${ch.tiers.join(", ")})`);
      const target: Target = { input: chapterNotebook(ch, projectRoot()), chapter: ch };
      let params: Record<string, unknown>;
      if (mode === "figures") {
        if (stored(ch).length === 0) {
          throw new ReproError(`no stored results for ${ch.id} in data/results/${ch.id}/: run \`reprorl reproduce ${ch.id}\` first`);
        }
        params = cliParams(target.input, args, { tier, retrain: false, figuresOnly: true });
      } else {
        params = cliParams(target.input, args, { tier, retrain: args.flags.has("retrain") });
      }
      const output = defaultOutput(target, tier, one(args, "out"), mode === "figures" ? ".figures" : "");
      const limit = seconds(args, "cell-timeout") ?? ch.cellTimeoutSeconds[tier];
      await execute({ target, params, output, cellTimeoutSeconds: limit }, args, signal);
      // the medium tier's figures sit in figures/medium/<id> (core/paths.ts figuresRootFor)
      const dir = tier === "medium" ? path.join(projectRoot(), "figures", "medium", ...ch.id.split("/")) : chapterFiguresDir(ch, projectRoot());
      process.stderr.write(`[${ch.id}] ${path.relative(projectRoot(), dir)}/: ${countFiles(dir)} files\n`);
    } catch (err) {
      if (!isReproError(err)) throw err;
      process.stderr.write(`reprorl: ${err.message}\n`);
      failures.push(ch.id);
    }
  }
  if (signal.aborted) return 130;
  if (failures.length > 0) {
    process.stderr.write(`reprorl: ${failures.length}/${chapters.length} chapter${chapters.length === 1 ? "" : "s"} failed: ${failures.join(", ")}\n`);
    return 1;
  }
  return 0;
}

// ---------------------------------------------------------------- kernel install

function cmdKernel(args: ParsedArgs): number {
  if (args.positional[0] !== "install" || args.positional.length !== 1) throw new UsageError("kernel takes one subcommand: install");
  const prefix = one(args, "prefix");
  const res = installKernelSpec({
    python: one(args, "python"),
    prefix: prefix === undefined ? undefined : path.resolve(prefix),
    name: one(args, "name"),
  });
  process.stdout.write(`${res.dir}\n`);
  return 0;
}

// ---------------------------------------------------------------- jobs / job / sweep / worker

function positiveInt(args: ParsedArgs, name: string, dflt: number, min = 1): number {
  const v = one(args, name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new ReproError(`--${name} ${v} is not an integer ≥ ${min}`);
  return n;
}

async function sweepPlan(args: ParsedArgs, chapter: string): Promise<SweepPlan> {
  return planSweep({ chapter, tier: one(args, "tier"), seeds: one(args, "seeds") });
}

function planHeader(plan: SweepPlan): string {
  const n = plan.jobs.length;
  return `${plan.def.id}, ${plan.tier} tier, chapter seed${plan.seeds.length === 1 ? "" : "s"} ${seedsText(plan.seeds)}: ${n} job${n === 1 ? "" : "s"} (config ${plan.jobs[0]?.configHash ?? "-"}), results in ${rel(plan.root)}`;
}

async function cmdJobs(args: ParsedArgs): Promise<number> {
  if (args.positional.length !== 1) throw new UsageError("jobs takes one chapter id");
  const plan = await sweepPlan(args, args.positional[0]!);
  const rows = plan.jobs.map((j) => ({ id: j.id, ...jobStatus(j, plan.root), experiment: j.experiment, method: j.method, seed: j.seed, tier: j.tier, configHash: j.configHash }));
  if (args.flags.has("json")) {
    process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
    return 0;
  }
  const w = Math.max(...rows.map((r) => r.id.length));
  const lines = [planHeader(plan), ...rows.map((r) => (r.detail ? `${r.state.padEnd(8)} ${r.id.padEnd(w)}  ${r.detail}` : `${r.state.padEnd(8)} ${r.id}`))];
  const count = (s: string): number => rows.filter((r) => r.state === s).length;
  lines.push(`${count("done")} done, ${count("missing")} missing, ${count("corrupt")} corrupt`);
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}

async function cmdJob(args: ParsedArgs): Promise<number> {
  if (args.positional.length !== 2) throw new UsageError("job takes a chapter id and a job id (see `reprorl jobs <chapter-id>`)");
  const plan = await sweepPlan(args, args.positional[0]!);
  const job = findJob(plan.jobs, args.positional[1]!, `${plan.def.id} (${plan.tier} tier, chapter seeds ${seedsText(plan.seeds)})`);
  await runJob(plan.def, job, { root: plan.root, expectConfigHash: one(args, "config-hash"), log: (l) => process.stdout.write(l + "\n") });
  return 0;
}

const BACKEND_FLAGS: Record<string, readonly string[]> = {
  local: ["workers"],
  slurm: ["partition", "cpus-per-task", "time", "mem"],
  redis: ["redis", "queue"],
};

async function cmdSweep(args: ParsedArgs, signal: AbortSignal): Promise<number> {
  if (args.positional.length !== 1) throw new UsageError("sweep takes one chapter id");
  const backend = one(args, "backend") ?? "local";
  if (!(backend in BACKEND_FLAGS)) throw new ReproError(`unknown backend ${JSON.stringify(backend)}: use local, slurm or redis; nothing was submitted`);
  for (const [b, names] of Object.entries(BACKEND_FLAGS)) {
    if (b === backend) continue;
    for (const n of names) if (args.flags.has(n)) throw new ReproError(`--${n} belongs to the ${b} backend, not ${backend}; nothing was submitted`);
  }
  if (backend === "local" && args.flags.has("wait")) throw new ReproError("--wait follows a slurm or redis sweep; a local sweep always runs to the end");
  if (backend === "redis") {
    const url = one(args, "redis");
    if (url === undefined) throw new ReproError("the redis backend needs --redis URL (e.g. redis://127.0.0.1:6379); nothing was submitted");
    await (await import("../sweeps/redis.js")).checkRedis(url);
  }
  const cpus = one(args, "cpus-per-task");
  const resources = {
    partition: one(args, "partition"),
    cpusPerTask: cpus === undefined ? undefined : positiveInt(args, "cpus-per-task", 1),
    time: one(args, "time"),
    mem: one(args, "mem"),
  };
  if (backend === "slurm") (await import("../sweeps/slurm.js")).checkSlurm(resources);
  const plan = await sweepPlan(args, args.positional[0]!);
  const log = (l: string): void => void process.stderr.write(l + "\n");
  const states = checkNotCorrupt(plan.jobs, plan.root);
  const missing = plan.jobs.filter((j) => states.get(j) === "missing");
  log(`${planHeader(plan)}; ${plan.jobs.length - missing.length} stored, ${missing.length} to run (${backend})`);
  if (missing.length === 0) return 0;
  if (backend === "local") {
    await sweepLocal(plan.def, missing, { root: plan.root, workers: positiveInt(args, "workers", 2, 0), log });
    const left = missing.filter((j) => jobStatus(j, plan.root).state !== "done");
    if (left.length > 0) throw new ReproError(`${left.length} job(s) were not stored, e.g. ${left[0]!.id}`);
    log(`${missing.length} job${missing.length === 1 ? "" : "s"} computed and stored`);
    return 0;
  }
  if (backend === "redis") {
    const { sweepRedis, DEFAULT_QUEUE } = await import("../sweeps/redis.js");
    const res = await sweepRedis(missing, { url: one(args, "redis")!, queue: one(args, "queue") ?? DEFAULT_QUEUE, root: plan.root, wait: args.flags.has("wait"), log, signal });
    if (res.interrupted) {
      log(`stopped following: the queued jobs keep running; rerun with --wait to collect them`);
      return 130;
    }
    log(`${res.collected} result${res.collected === 1 ? "" : "s"} collected into ${rel(plan.root)}, ${res.pending} still queued or running, ${res.failed.length} failed`);
    for (const f of res.failed) log(`failed: ${f.id}: ${f.reason}`);
    if (res.failed.length > 0) {
      log(`rerun the same command to retry the failed job${res.failed.length === 1 ? "" : "s"} alone`);
      return 1;
    }
    if (res.pending > 0 && !args.flags.has("wait")) log(`rerun with --wait to follow the sweep and collect the rest`);
    return 0;
  }
  const { sweepSlurm } = await import("../sweeps/slurm.js");
  const res = await sweepSlurm(missing, { outputRoot: outputRoot(plan.tier), root: plan.root, wait: args.flags.has("wait"), log, ...resources, signal });
  if (res.interrupted) {
    log(`stopped following array ${res.arrayId}: its tasks keep running; rerun with --wait to follow it again`);
    return 130;
  }
  if (!args.flags.has("wait")) {
    log(`follow it with the same command and --wait, or \`reprorl jobs ${plan.def.id} --tier ${plan.tier}${plan.seeds.length === 1 && plan.seeds[0] === 0 ? "" : ` --seeds ${seedsText(plan.seeds)}`}\``);
    return 0;
  }
  log(`array ${res.arrayId}: ${res.done} of ${missing.length} jobs stored, ${res.failed.length} failed`);
  for (const f of res.failed) log(`failed: ${f.id} (task ${f.index}, ${f.exit}), log ${rel(f.log)}`);
  if (res.failed.length > 0) {
    log(`rerun the same command to resubmit the failed job${res.failed.length === 1 ? "" : "s"} alone (stored jobs are skipped)`);
    return 1;
  }
  return 0;
}

async function cmdWorker(args: ParsedArgs, signal: AbortSignal): Promise<number> {
  if (args.positional.length !== 0) throw new UsageError("worker takes no positional arguments");
  const url = one(args, "redis");
  if (url === undefined) throw new ReproError("worker needs --redis URL (e.g. redis://127.0.0.1:6379)");
  const lock = seconds(args, "lock-seconds") ?? 30;
  if (lock < 1) throw new ReproError(`--lock-seconds ${lock}: a lock shorter than 1 s would hand running jobs to other workers`);
  const { runWorker, DEFAULT_QUEUE } = await import("../sweeps/redis.js");
  await runWorker({
    url,
    queue: one(args, "queue") ?? DEFAULT_QUEUE,
    cli: [process.execPath, path.join(packageRoot(), "bin", "reprorl.js")],
    lockSeconds: lock,
    concurrency: positiveInt(args, "concurrency", 1),
    log: (l) => process.stdout.write(l + "\n"),
    signal,
  });
  return 0;
}

// ---------------------------------------------------------------- main

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts === 1) {
      const what =
        argv[0] === "worker" ? "stopping after the jobs in hand" : argv[0] === "sweep" ? "stopping" : "interrupting the running cell and shutting the kernel down";
      process.stderr.write(`\nreprorl: ${what} (Ctrl-C again to force)\n`);
      controller.abort();
    } else {
      process.exit(130); // the exit hook kills any kernel still alive
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const args = parseArgs(argv);
    const [command, ...rest] = args.positional;
    const sub: ParsedArgs = { positional: rest, flags: args.flags };
    if (args.flags.has("version")) {
      process.stdout.write(`reprorl ${packageVersion()}\n`);
      return 0;
    }
    if (command === undefined || command === "help" || args.flags.has("help")) {
      process.stdout.write(USAGE + "\n");
      return command === undefined && !args.flags.has("help") ? 2 : 0;
    }
    switch (command) {
      case "list":
        return cmdList(sub);
      case "run":
        return await cmdRun(sub, controller.signal);
      case "reproduce":
        return await runChapters(rest, sub, controller.signal, "reproduce");
      case "figures":
        if (rest.length === 0) throw new UsageError("figures needs at least one chapter id");
        return await runChapters(rest, sub, controller.signal, "figures");
      case "kernel":
        return cmdKernel(sub);
      case "jobs":
        return await cmdJobs(sub);
      case "job":
        return await cmdJob(sub);
      case "sweep":
        return await cmdSweep(sub, controller.signal);
      case "worker":
        return await cmdWorker(sub, controller.signal);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`reprorl: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    if (isReproError(err)) {
      process.stderr.write(`reprorl: ${err.message}\n`);
      return controller.signal.aborted ? 130 : 1;
    }
    throw err;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`reprorl: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
