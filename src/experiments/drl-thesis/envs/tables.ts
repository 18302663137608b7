/**
 * The tables a `drl-thesis/envs` run stores (data/results/drl-thesis/envs/…/seed-<k>.*), declared
 * once with their column types:
 *   returns/random (the run's key), returns/scripted   one row per episode (task, seed, episode, return, …)
 *   throughput/bench-envs                 one row per timed measure; raw benchEnvs() in the notes
 *   reward-checks/closed-form             one row per reward / tolerance check
 * `envsFromStored` rebuilds `EnvsResults` without recomputing anything.
 */
import type { StoredRun } from "../../../analysis/results/store.js";
import { findTableRun, rowsOf, storedTable, tableRows } from "../../../analysis/results/typed.js";
import { ReproError } from "../../../core/errors.js";
import type { EnvsConfig } from "./config.js";
import type { PolicyKind, ReturnRow } from "./returns.js";
import type { RewardCheck } from "./reward-checks.js";
import { ENVS_CHAPTER, type EnvsResults } from "./run.js";
import type { ThroughputResult, ThroughputRow } from "./throughput.js";

const RETURN_COLUMNS = {
  task: "string", policy: "string", seed: "number", episode: "number", return: "number", agentSteps: "number", envSteps: "number", actionRepeat: "number", wallMs: "number",
} as const;

export const ENVS_TABLES = {
  random: storedTable("returns", "random", RETURN_COLUMNS),
  scripted: storedTable("returns", "scripted", RETURN_COLUMNS),
  throughput: storedTable("throughput", "bench-envs", { measure: "string", task: "string", unit: "string", value: "number", target: "number", met: "string" } as const),
  rewardChecks: storedTable("reward-checks", "closed-form", { what: "string", got: "number", expected: "number", error: "number" } as const),
};

/** The run of base seed `seed` rebuilt from its stored tables. */
export function envsFromStored(runs: readonly StoredRun[], seed: number): EnvsResults {
  const random = findTableRun(runs, ENVS_TABLES.random, seed);
  if (!random) {
    throw new ReproError(`no stored results for seed ${seed} under data/results/${ENVS_CHAPTER}/; run the notebook with figuresOnly = false to compute them`);
  }
  // The order `allReturns` computes them in (per task: random, then scripted), so summaries,
  // tables and figures list tasks and policies exactly as a fresh run does.
  const randomRows = tableRows(random, ENVS_TABLES.random);
  const scriptedRows = rowsOf(runs, ENVS_TABLES.scripted, seed);
  const tasks = [...new Set([...randomRows, ...scriptedRows].map((r) => r.task))];
  const returns: ReturnRow[] = tasks
    .flatMap((t) => [...randomRows.filter((r) => r.task === t), ...scriptedRows.filter((r) => r.task === t)])
    .map((r) => ({ ...r, policy: r.policy as PolicyKind }));
  const tp = findTableRun(runs, ENVS_TABLES.throughput, seed);
  const notes = (tp?.meta.notes ?? {}) as Record<string, unknown>;
  const throughput: ThroughputResult = {
    rows: (tp ? tableRows(tp, ENVS_TABLES.throughput) : []).map((r) => ({ ...r, unit: r.unit as ThroughputRow["unit"], met: r.met as ThroughputRow["met"] })),
    raw: (notes.raw ?? {}) as Record<string, unknown>,
    loadAverage1m: Number(notes.loadAverage1m ?? 0),
    cpus: Number(notes.cpus ?? 0),
    cpuModel: String(notes.cpuModel ?? "unknown"),
    wallTimeSec: tp?.meta.wallTimeSec ?? 0,
  };
  const rewardChecks: RewardCheck[] = rowsOf(runs, ENVS_TABLES.rewardChecks, seed);
  const rnotes = (random.meta.notes ?? {}) as Record<string, unknown>;
  return {
    chapter: ENVS_CHAPTER,
    tier: random.meta.tier,
    seed,
    config: random.meta.config as unknown as EnvsConfig,
    mujocoVersion: String(rnotes.mujocoVersion ?? ""),
    returns,
    throughput,
    rewardChecks,
    returnsWallTimeSec: random.meta.wallTimeSec,
    wallTimeSec: Number(rnotes.totalWallTimeSec ?? random.meta.wallTimeSec),
  };
}
