/**
 * sac-ae results ⇄ the results store: one CSV (one row per evaluation) + metadata JSON per
 * (experiment, method, seed) under data/results/sac-ae/<experiment>/<method>/seed-<k>.*
 */
import { listStored, readRuns, writeRun, type StoredRun } from "../../analysis/results/index.js";
import type { TrainResult } from "../../agents/train.js";
import type { ExperimentSpec, MethodSpec, Tier } from "./config.js";

export const SAC_AE_CHAPTER = "sac-ae";

export interface StoredCurve {
  experiment: string;
  method: string;
  seed: number;
  rows: Record<string, number>[];
  wallTimeSec: number;
  tier: string;
  notes: Record<string, unknown>;
}

export function storeRun(root: string, tier: Tier, exp: ExperimentSpec, method: MethodSpec, seed: number, res: TrainResult, backend: Record<string, unknown>): void {
  writeRun({
    root, chapter: SAC_AE_CHAPTER, experiment: exp.name, method: method.name, seed,
    rows: res.rows,
    meta: {
      tier,
      config: { env: { ...exp.env, observation: method.observation }, agent: { ...res.config }, envSteps: exp.envSteps, initSteps: exp.initSteps, evalEvery: exp.evalEvery, evalEpisodes: exp.evalEpisodes, replayCapacity: exp.replayCapacity },
      backend,
      wallTimeSec: res.wallTimeSec,
      notes: {
        label: method.label,
        replayBytesPerTransition: res.replayBytesPerTransition,
        parameterCount: res.parameterCount,
        resumedFrom: res.resumedFrom ?? -1,
        episodes: res.episodes.length,
        episodeReturns: res.episodes.map((e) => e["return"]!),
      },
    },
  });
}

/** (experiment, method, seed) triples already stored. */
export function storedKeys(root: string): Set<string> {
  const out = new Set<string>();
  try {
    for (const g of listStored(SAC_AE_CHAPTER, { root })) for (const s of g.seeds) out.add(`${g.experiment}/${g.method}/${s}`);
  } catch {
    // nothing stored yet
  }
  return out;
}

export function loadCurves(root: string, experiment?: string): StoredCurve[] {
  const runs: StoredRun[] = readRuns(experiment ? { root, chapter: SAC_AE_CHAPTER, experiment } : { root, chapter: SAC_AE_CHAPTER });
  return runs.map((r) => ({
    experiment: r.experiment,
    method: r.method,
    seed: r.seed,
    rows: r.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "number" ? v : Number(v)]))),
    wallTimeSec: r.meta.wallTimeSec,
    tier: r.meta.tier,
    notes: (r.meta.notes ?? {}) as Record<string, unknown>,
  }));
}
