/**
 * Chapter 6 results ⇄ the results store, one file pair per seed and experiment:
 *   runs/all/seed-k        one row per run (method × keep ratio × variant): accuracy, Δacc,
 *                          MAC speed-up, #params ratio, CPU ms per batch, kept channels, actions
 *   latency/compact/seed-k CPU ms per batch of the physically pruned net vs uniform keep ratio
 *   pretrain/backbone/seed-k  pretraining and Algorithm 4 stage losses
 * Figures and tables rebuild from these alone.
 */
import { readRuns, writeRun, type Row } from "../../../analysis/results/index.js";
import { ReproError } from "../../../core/errors.js";
import type { Ch6Config, Tier } from "./config.js";
import type { LatencyRow, PretrainRow, RunRow, SeedResult } from "./run.js";

export const CH6_CHAPTER = "drl-thesis/ch6-pruning";

export interface Ch6Results {
  tier: Tier;
  config: Ch6Config;
  dataset: string;
  seeds: SeedResult[];
  backend: Record<string, unknown>;
}

export function storeSeed(res: SeedResult, cfg: Ch6Config, opts: { root?: string; backend: Record<string, unknown> }): void {
  const put = (experiment: string, method: string, rows: Row[]) =>
    writeRun({
      chapter: CH6_CHAPTER,
      experiment,
      method,
      seed: res.seed,
      rows,
      meta: { config: cfg as unknown as Record<string, unknown>, tier: cfg.tier, backend: opts.backend, wallTimeSec: res.wallTimeSec, notes: { dataset: res.dataset } },
      ...(opts.root !== undefined ? { root: opts.root } : {}),
    });
  put("runs", "all", res.runs);
  put("latency", "compact", res.latency);
  put("pretrain", "backbone", res.pretrain);
}

/** Seeds stored for this tier (all three experiments present). */
export function storedSeeds(opts: { root?: string; tier?: Tier } = {}): number[] {
  try {
    const runs = readRuns({ chapter: CH6_CHAPTER, experiment: "runs", ...(opts.root !== undefined ? { root: opts.root } : {}) });
    return runs.filter((r) => opts.tier === undefined || r.meta.tier === opts.tier).map((r) => r.seed).sort((a, b) => a - b);
  } catch {
    return [];
  }
}

export function loadCh6Results(opts: { root?: string; tier?: Tier } = {}): Ch6Results {
  const root = opts.root !== undefined ? { root: opts.root } : {};
  const runs = readRuns({ chapter: CH6_CHAPTER, experiment: "runs", ...root }).filter((r) => opts.tier === undefined || r.meta.tier === opts.tier);
  if (runs.length === 0) throw new ReproError(`no stored Chapter 6 results${opts.tier ? ` for tier ${opts.tier}` : ""} under ${opts.root ?? "data/results"}; run the notebook with figuresOnly = false first`);
  const latency = readRuns({ chapter: CH6_CHAPTER, experiment: "latency", ...root });
  const pre = readRuns({ chapter: CH6_CHAPTER, experiment: "pretrain", ...root });
  const seeds: SeedResult[] = runs
    .map((r) => ({
      seed: r.seed,
      runs: r.rows as unknown as RunRow[],
      latency: (latency.find((l) => l.seed === r.seed)?.rows ?? []) as unknown as LatencyRow[],
      pretrain: (pre.find((l) => l.seed === r.seed)?.rows ?? []) as unknown as PretrainRow[],
      dataset: String(r.meta.notes?.dataset ?? "unknown"),
      wallTimeSec: r.meta.wallTimeSec,
    }))
    .sort((a, b) => a.seed - b.seed);
  const meta = runs[0]!.meta;
  return { tier: meta.tier, config: meta.config as unknown as Ch6Config, dataset: seeds[0]!.dataset, seeds, backend: meta.backend as Record<string, unknown> };
}
