/** Read the stored Chapter 5 theory results back into the shape `runCh5Theory` returns. */

import { ReproError } from "../../../core/errors.js";
import { hasResults, readRuns } from "../../../analysis/results/store.js";
import type { Ch5Config } from "./config.js";
import { CH5_CHAPTER, CH5_METHOD, CH5_TABLES, CH5_TABLE_NAMES, type Ch5Results, type Ch5TableName } from "./run.js";

/** True when every table of the chapter is stored (for `seed` if given). */
export function hasCh5Results(opts: { root?: string; seed?: number } = {}): boolean {
  if (!hasResults(CH5_CHAPTER, { root: opts.root })) return false;
  try {
    loadCh5Theory(opts);
    return true;
  } catch {
    return false;
  }
}

/**
 * The stored tables (all of one seed: `seed`, or the only/lowest seed stored). Throws a
 * one-line error naming what is missing.
 */
export function loadCh5Theory(opts: { root?: string; seed?: number } = {}): Ch5Results {
  const runs = readRuns({ root: opts.root, chapter: CH5_CHAPTER }).filter((r) => r.method === CH5_METHOD);
  if (runs.length === 0) {
    throw new ReproError(`no stored results for ${CH5_CHAPTER}; run the notebook with retrain = true (or runCh5Theory) first`);
  }
  const seed = opts.seed ?? Math.min(...runs.map((r) => r.seed));
  const tables = {} as Ch5Results["tables"];
  const partSeconds = {} as Record<Ch5TableName, number>;
  let meta: (typeof runs)[number]["meta"] | undefined;
  for (const name of CH5_TABLE_NAMES) {
    const run = runs.find((r) => r.experiment === CH5_TABLES[name] && r.seed === seed);
    if (!run) {
      throw new ReproError(`stored results for ${CH5_CHAPTER} seed ${seed} lack the "${CH5_TABLES[name]}" table; rerun the notebook with retrain = true`);
    }
    tables[name] = run.rows;
    partSeconds[name] = run.meta.wallTimeSec;
    meta ??= run.meta;
  }
  const total = meta!.notes?.totalWallTimeSec;
  return {
    chapter: CH5_CHAPTER,
    tier: meta!.tier,
    seed,
    config: meta!.config as unknown as Ch5Config,
    wallTimeSec: typeof total === "number" ? total : Object.values(partSeconds).reduce((a, b) => a + b, 0),
    partSeconds,
    tables,
  };
}
