/**
 * Run the Chapter 5 theory checks for a tier (chapter.ts stores every table as one run group,
 * data/results/drl-thesis/ch5-theory/<table>/exact/seed-<k>.{csv,json}):
 *
 *   const res = runCh5Theory({ tier: "smoke", seed: 0, onProgress: (p) => console.log(p.part, p.done, p.total) });
 *
 * All randomness flows from `seed` through named `Rng.fork`s, so each part (and each sweep
 * case) draws the same numbers whichever other parts run. Results are plain JSON rows; the
 * figures and the claims table are built from these rows only, so they rebuild identically
 * from storage (`ch5FromStored`).
 */

import { ReproError } from "../../../core/errors.js";
import { Rng } from "../../../core/rng.js";
import type { Row } from "../../../analysis/results/store.js";
import { storedTable, type StoredTable } from "../../../analysis/results/typed.js";
import type { Tier } from "../../../core/tiers.js";
import { sweepCase } from "./cases.js";
import { runCWeighted, runK23 } from "./chapter4.js";
import { runCh34, type Ch34CheckId } from "./chapters3-4.js";
import { ch5Config, type Ch34Config, type Ch5Config } from "./config.js";
import { runConvergence } from "./convergence.js";
import { runExamples, runHeatmaps } from "./examples.js";
import { runGapExperiment } from "./gap.js";
import { runMeanClosed } from "./mean-closed.js";
import { runSweepCase } from "./sweep.js";

export const CH5_CHAPTER = "drl-thesis/ch5-theory";
export const CH5_METHOD = "exact";

/** Stored tables: key → experiment folder name. */
export const CH5_TABLES = {
  sweep: "sweep",
  pairs: "scatter-pairs",
  meanClosed: "rap-mean-closed",
  gap: "shift-gap",
  convergence: "convergence",
  heatmaps: "heatmaps",
  cWeighted: "c-weighted",
  k23: "k23",
  examples: "examples",
} as const;
export type Ch5TableName = keyof typeof CH5_TABLES;
export const CH5_TABLE_NAMES = Object.keys(CH5_TABLES) as Ch5TableName[];

/** The stored tables (plain rows: the sweep alone has 70 columns, read by name where used), the sweep first. */
export const CH5_STORED: Record<Ch5TableName, StoredTable<null>> = Object.fromEntries(
  CH5_TABLE_NAMES.map((name) => [name, storedTable(CH5_TABLES[name], CH5_METHOD, null)]),
) as Record<Ch5TableName, StoredTable<null>>;

/** The Chapter 3–4 checks: their own run and stored table (chapters3-4.ts). */
export const CH34_STORED: StoredTable<null> = storedTable("ch3-4", CH5_METHOD, null);

export interface Ch34Results {
  config: Ch34Config;
  rows: Row[];
  /** Wall time of each check and of all of them, in seconds. */
  seconds: Record<Ch34CheckId, number>;
  wallTimeSec: number;
}

/** The Chapter 5 sweep and the Chapter 4 c-weighted / K₂,₃ parts (one run), and the Chapter 3–4 checks (another). */
export type Ch5Results = Ch5SweepResults & { ch34: Ch34Results };

export interface Ch5SweepResults {
  chapter: typeof CH5_CHAPTER;
  tier: Tier;
  seed: number;
  config: Ch5Config;
  /** Wall time of the whole run and of each part, in seconds. */
  wallTimeSec: number;
  partSeconds: Record<Ch5TableName, number>;
  tables: Record<Ch5TableName, Row[]>;
}

export interface Ch5Progress {
  part: Ch5TableName;
  done: number;
  total: number;
  elapsedSec: number;
}

export interface RunCh5Options {
  tier: Tier;
  seed?: number;
  /** Called after each sweep case and after each other part. */
  onProgress?: (p: Ch5Progress) => void;
}

function checkedSeed(seed: number): number {
  if (!Number.isInteger(seed) || seed < 0) throw new ReproError(`seed must be a non-negative integer, got ${seed}`);
  return seed;
}

/** Run every part and return the rows (nothing is stored here: see chapter.ts). */
export function runCh5Theory(opts: RunCh5Options): Ch5Results {
  return { ...runCh5Sweep(opts), ch34: runCh34Theory(opts) };
}

/** The Chapter 3–4 checks alone (their own random stream, forked from the seed by name). */
export function runCh34Theory(opts: Pick<RunCh5Options, "tier" | "seed">): Ch34Results {
  const cfg = ch5Config(opts.tier).ch34;
  const t0 = performance.now();
  const { rows, seconds } = runCh34(new Rng(checkedSeed(opts.seed ?? 0)).fork("chapters-3-4"), cfg);
  return { config: cfg, rows, seconds, wallTimeSec: (performance.now() - t0) / 1000 };
}

/** The sweep-run parts: Chapter 5 and the Chapter 4 c-weighted and K₂,₃ statements. */
export function runCh5Sweep(opts: RunCh5Options): Ch5SweepResults {
  const cfg = ch5Config(opts.tier);
  const seed = checkedSeed(opts.seed ?? 0);
  const root = new Rng(seed);
  const t0 = performance.now();
  const partSeconds = {} as Record<Ch5TableName, number>;
  const tables = {} as Record<Ch5TableName, Row[]>;
  const report = (part: Ch5TableName, done: number, total: number) =>
    opts.onProgress?.({ part, done, total, elapsedSec: (performance.now() - t0) / 1000 });

  let t = performance.now();
  const sweep: Row[] = [];
  const pairs: Row[] = [];
  for (let id = 0; id < cfg.nMdps; id++) {
    const c = sweepCase(root.fork(`case-${id}`), id, cfg);
    const out = runSweepCase(c, root.fork(`checks-${id}`), cfg, id < cfg.scatterMdps ? cfg.scatterPairsPerMdp : 0);
    sweep.push(out.row);
    pairs.push(...out.pairs);
    if ((id + 1) % 25 === 0 || id + 1 === cfg.nMdps) report("sweep", id + 1, cfg.nMdps);
  }
  tables.sweep = sweep;
  tables.pairs = pairs;
  partSeconds.sweep = (performance.now() - t) / 1000;
  partSeconds.pairs = 0; // produced by the sweep

  t = performance.now();
  const mc = runMeanClosed(root.fork("mean-closed"), cfg);
  tables.meanClosed = mc.rows;
  pairs.push(...mc.pairs);
  partSeconds.meanClosed = (performance.now() - t) / 1000;
  report("meanClosed", 1, 1);

  const parts: [Ch5TableName, () => Row[]][] = [
    ["gap", () => runGapExperiment(root.fork("gap"), cfg)],
    ["convergence", () => runConvergence(root.fork("convergence"), cfg)],
    ["heatmaps", () => runHeatmaps(root.fork("heatmaps")).rows],
    ["cWeighted", () => runCWeighted(root.fork("c-weighted"), cfg)],
    ["k23", () => runK23(root.fork("k23"), cfg)],
    ["examples", () => runExamples(root.fork("examples"))],
  ];
  parts.forEach(([name, fn], k) => {
    t = performance.now();
    tables[name] = fn();
    partSeconds[name] = (performance.now() - t) / 1000;
    report(name, k + 1, parts.length);
  });
  const wallTimeSec = (performance.now() - t0) / 1000;
  return { chapter: CH5_CHAPTER, tier: opts.tier, seed, config: cfg, wallTimeSec, partSeconds, tables };
}
