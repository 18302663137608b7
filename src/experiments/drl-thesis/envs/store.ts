/**
 * `drl-thesis/envs` results ⇄ the results store (data/results/drl-thesis/envs/):
 *   returns/random, returns/scripted      one row per episode (task, seed, episode, return, …)
 *   throughput/bench-envs                 one row per timed measure; raw benchEnvs() in the notes
 *   reward-checks/closed-form             one row per reward / tolerance check
 * All stored under the run's base seed; `loadEnvsResults` rebuilds `EnvsResults` without
 * recomputing anything.
 */
import { ReproError } from "../../../core/errors.js";
import { readRuns, writeRun, type Row, type StoredRun } from "../../../analysis/results/index.js";
import type { EnvsConfig, Tier } from "./config.js";
import type { PolicyKind, ReturnRow } from "./returns.js";
import type { RewardCheck } from "./reward-checks.js";
import { ENVS_CHAPTER, type EnvsResults } from "./run.js";
import type { ThroughputResult, ThroughputRow } from "./throughput.js";

export function storeEnvsResults(res: EnvsResults, opts: { root?: string; backend?: Record<string, unknown> } = {}): string[] {
  const written: string[] = [];
  const meta = (notes: Record<string, unknown>, wallTimeSec: number) => ({
    config: res.config as unknown as Record<string, unknown>,
    tier: res.tier,
    backend: opts.backend ?? { name: "none (no tensors)", mujoco: res.mujocoVersion },
    wallTimeSec,
    notes,
  });
  const put = (experiment: string, method: string, rows: Row[], notes: Record<string, unknown>, wall: number) => {
    if (rows.length === 0) return;
    writeRun({ chapter: ENVS_CHAPTER, experiment, method, seed: res.seed, rows, meta: meta(notes, wall), ...(opts.root !== undefined ? { root: opts.root } : {}) });
    written.push(`${experiment}/${method}`);
  };
  for (const policy of ["random", "scripted"] as const) {
    const rows = res.returns.filter((r) => r.policy === policy);
    put("returns", policy, rows.map((r) => ({ ...r })), { mujocoVersion: res.mujocoVersion, totalWallTimeSec: res.wallTimeSec }, res.returnsWallTimeSec);
  }
  const t = res.throughput;
  put("throughput", "bench-envs", t.rows.map((r) => ({ ...r })), { raw: t.raw, loadAverage1m: t.loadAverage1m, cpus: t.cpus, cpuModel: t.cpuModel }, t.wallTimeSec);
  put("reward-checks", "closed-form", res.rewardChecks.map((c) => ({ ...c })), {}, 0);
  return written;
}

export function hasEnvsResults(seed: number, opts: { root?: string; tier?: Tier } = {}): boolean {
  try {
    const runs = readRuns({ chapter: ENVS_CHAPTER, experiment: "returns", method: "random", ...(opts.root !== undefined ? { root: opts.root } : {}) });
    return runs.some((r) => r.seed === seed && (opts.tier === undefined || r.meta.tier === opts.tier));
  } catch {
    return false;
  }
}

const num = (x: unknown) => Number(x);
const str = (x: unknown) => String(x ?? "");

export function loadEnvsResults(seed: number, opts: { root?: string } = {}): EnvsResults {
  const all = readRuns({ chapter: ENVS_CHAPTER, ...(opts.root !== undefined ? { root: opts.root } : {}) }).filter((r) => r.seed === seed);
  const get = (key: string): StoredRun | undefined => all.find((r) => `${r.experiment}/${r.method}` === key);
  const random = get("returns/random");
  if (!random) {
    throw new ReproError(`no stored results for seed ${seed} under data/results/${ENVS_CHAPTER}/; run the notebook with retrain=true (or \`reprorl run ${ENVS_CHAPTER}\`) to create them`);
  }
  const returns: ReturnRow[] = [random, get("returns/scripted")].flatMap((run) =>
    (run?.rows ?? []).map((r) => ({
      task: str(r.task), policy: str(r.policy) as PolicyKind, seed: num(r.seed), episode: num(r.episode), return: num(r.return),
      agentSteps: num(r.agentSteps), envSteps: num(r.envSteps), actionRepeat: num(r.actionRepeat), wallMs: num(r.wallMs),
    })),
  );
  const tp = get("throughput/bench-envs");
  const notes = (tp?.meta.notes ?? {}) as Record<string, unknown>;
  const throughput: ThroughputResult = {
    rows: (tp?.rows ?? []).map((r) => ({
      measure: str(r.measure), task: str(r.task), unit: str(r.unit) as ThroughputRow["unit"], value: num(r.value), target: num(r.target), met: str(r.met) as ThroughputRow["met"],
    })),
    raw: (notes.raw ?? {}) as Record<string, unknown>,
    loadAverage1m: num(notes.loadAverage1m ?? 0),
    cpus: num(notes.cpus ?? 0),
    cpuModel: str(notes.cpuModel ?? "unknown"),
    wallTimeSec: tp?.meta.wallTimeSec ?? 0,
  };
  const rc = get("reward-checks/closed-form");
  const rewardChecks: RewardCheck[] = (rc?.rows ?? []).map((r) => ({ what: str(r.what), got: num(r.got), expected: num(r.expected), error: num(r.error) }));
  const rnotes = (random.meta.notes ?? {}) as Record<string, unknown>;
  return {
    chapter: ENVS_CHAPTER,
    tier: random.meta.tier,
    seed,
    config: random.meta.config as unknown as EnvsConfig,
    mujocoVersion: str(rnotes.mujocoVersion),
    returns,
    throughput,
    rewardChecks,
    returnsWallTimeSec: random.meta.wallTimeSec,
    wallTimeSec: num(rnotes.totalWallTimeSec ?? random.meta.wallTimeSec),
  };
}
