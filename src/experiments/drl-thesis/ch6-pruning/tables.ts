/**
 * The tables a Chapter 6 seed stores (data/results/drl-thesis/ch6-pruning/…/seed-<k>.*), declared
 * once with their column types:
 *   runs/all               one row per run (method × keep ratio × variant): accuracy, Δacc, MAC
 *                          speed-up, #params ratio, CPU ms per batch, kept channels, actions (the key)
 *   latency/compact        CPU ms per batch of the physically pruned net vs uniform keep ratio
 *   pretrain/backbone      pretraining and Algorithm 4 stage losses (+ test accuracy per epoch
 *                          from the untrained net, where the tier records learning checks)
 *   learning/initial       learning check: each method's test accuracy and agent ratios before
 *                          Algorithm 4 (tiers with `learningChecks` only)
 *   learning/curve         learning check: per run and iteration, each agent's mean reward and
 *                          per-layer ratios, the CNN loss (tiers with `learningChecks` only)
 * The medium tier stores the same tables under `<experiment>-medium` (runs-medium/all, …): the
 * tiers' seeds share one results store, and a store holds one tier per run name.
 * Figures and tables rebuild from these alone (`ch6FromStored`).
 */
import type { StoredRun } from "../../../analysis/results/store.js";
import { rowsOf, storedTable, tableRows } from "../../../analysis/results/typed.js";
import { ReproError } from "../../../core/errors.js";
import type { Tier } from "../../../core/tiers.js";
import type { Ch6Config } from "./config.js";
import type { CurveRow, InitialRow, LatencyRow, PretrainRow, RunRow, SeedResult } from "./run.js";

export const CH6_CHAPTER = "drl-thesis/ch6-pruning";

/** The tables of a tier: small, smoke and paper under the plain names, medium under `<name>-medium` (one object per tier: the store matches tables by identity). */
export function ch6Tables(tier: Tier): ReturnType<typeof tablesNamed> {
  const key = tier === "medium" ? "medium" : "small";
  return (TABLES_BY_NAME[key] ??= tablesNamed(tier));
}

const TABLES_BY_NAME: Partial<Record<"small" | "medium", ReturnType<typeof tablesNamed>>> = {};

function tablesNamed(tier: Tier) {
  const x = (experiment: string): string => (tier === "medium" ? `${experiment}-medium` : experiment);
  return {
    runs: storedTable(x("runs"), "all", {
      id: "string", method: "string", tables: "string", sparsity: "number", rr: "number", agentLr: "number", cnnLr: "number", accuracy: "number",
      speedup: "number", macFraction: "number", paramRatio: "number", runtimeAgentParams: "number", cpuMsStored: "number", cpuMsSkip: "number",
      cpuMsFull: "number", meanKept: "string", staticActions: "string", runtimeActions: "string", lastCnnLoss: "number", wallSec: "number",
      baselineAccuracy: "number", deltaAcc: "number",
    } as const),
    latency: storedTable(x("latency"), "compact", { sparsity: "number", macFraction: "number", msPerBatch: "number", speedupMeasured: "number" } as const),
    pretrain: storedTable(x("pretrain"), "backbone", { phase: "string", step: "number", loss: "number", accuracy: "number" } as const),
    initial: storedTable(x("learning"), "initial", { id: "string", accuracy: "number", macFraction: "number", staticActions: "string", runtimeActions: "string" } as const),
    curve: storedTable(x("learning"), "curve", {
      id: "string", iteration: "number", cnnLoss: "number", rlLoss: "number", macFraction: "number", runtimeReward: "number", staticReward: "number", runtimeActions: "string", staticActions: "string",
    } as const),
  };
}

/** The small tier's tables (also smoke's and paper's). */
export const CH6_TABLES = ch6Tables("small");

export interface Ch6Results {
  tier: Tier;
  config: Ch6Config;
  dataset: string;
  seeds: SeedResult[];
  backend: Record<string, unknown>;
}

/** Every stored seed of `tier` among `runs` (each seed's runs table is its key), in seed order. */
export function ch6FromStored(runs: readonly StoredRun[], tier: Tier = "small"): Ch6Results {
  const T = ch6Tables(tier);
  const keys = runs.filter((r) => r.experiment === T.runs.experiment && r.method === T.runs.method).sort((a, b) => a.seed - b.seed);
  if (keys.length === 0) throw new ReproError(`no stored Chapter 6 results under data/results/${CH6_CHAPTER}/; run the notebook with figuresOnly = false first`);
  const seeds: SeedResult[] = keys.map((r) => ({
    seed: r.seed,
    runs: tableRows(r, T.runs) satisfies RunRow[],
    latency: rowsOf(runs, T.latency, r.seed) satisfies LatencyRow[],
    pretrain: rowsOf(runs, T.pretrain, r.seed) satisfies PretrainRow[],
    initial: rowsOf(runs, T.initial, r.seed) satisfies InitialRow[],
    curve: rowsOf(runs, T.curve, r.seed) satisfies CurveRow[],
    dataset: String(r.meta.notes?.dataset ?? "unknown"),
    wallTimeSec: r.meta.wallTimeSec,
  }));
  const meta = keys[0]!.meta;
  return { tier: meta.tier, config: meta.config as unknown as Ch6Config, dataset: seeds[0]!.dataset, seeds, backend: meta.backend as Record<string, unknown> };
}
