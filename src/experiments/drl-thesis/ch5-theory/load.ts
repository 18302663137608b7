/** The Chapter 5 theory results rebuilt from stored runs alone (the shape `runCh5Theory` returns). */

import type { StoredRun } from "../../../analysis/results/store.js";
import { findTableRun } from "../../../analysis/results/typed.js";
import { ReproError } from "../../../core/errors.js";
import type { Ch34CheckId } from "./chapters3-4.js";
import type { Ch34Config, Ch5Config } from "./config.js";
import { CH34_STORED, CH5_CHAPTER, CH5_STORED, CH5_TABLE_NAMES, type Ch34Results, type Ch5Results, type Ch5TableName } from "./run.js";

/** Every table of `seed` from `runs`; a one-line error names a table that is not there. */
export function ch5FromStored(runs: readonly StoredRun[], seed: number): Ch5Results {
  const tables = {} as Ch5Results["tables"];
  const partSeconds = {} as Record<Ch5TableName, number>;
  let meta: StoredRun["meta"] | undefined;
  for (const name of CH5_TABLE_NAMES) {
    const run = findTableRun(runs, CH5_STORED[name], seed);
    if (!run) {
      throw new ReproError(`no stored "${CH5_STORED[name].experiment}" table for ${CH5_CHAPTER} seed ${seed}; run the notebook with figuresOnly = false to compute it`);
    }
    tables[name] = run.rows;
    partSeconds[name] = run.meta.wallTimeSec;
    meta ??= run.meta;
  }
  const total = meta!.notes?.totalWallTimeSec;
  const ch34Run = findTableRun(runs, CH34_STORED, seed);
  if (!ch34Run) throw new ReproError(`no stored "${CH34_STORED.experiment}" table for ${CH5_CHAPTER} seed ${seed}; run the notebook with figuresOnly = false to compute it`);
  const ch34: Ch34Results = {
    config: ch34Run.meta.config as unknown as Ch34Config,
    rows: ch34Run.rows,
    seconds: (ch34Run.meta.notes?.seconds ?? {}) as Record<Ch34CheckId, number>,
    wallTimeSec: ch34Run.meta.wallTimeSec,
  };
  return {
    chapter: CH5_CHAPTER,
    tier: meta!.tier,
    seed,
    config: meta!.config as unknown as Ch5Config,
    wallTimeSec: typeof total === "number" ? total : Object.values(partSeconds).reduce((a, b) => a + b, 0),
    partSeconds,
    tables,
    ch34,
  };
}
