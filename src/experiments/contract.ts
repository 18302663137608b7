/**
 * The shape every chapter has (STYLE "Chapters"): its config per tier, its runs, how one run
 * executes and is stored, how stored runs load, and its tables, figures and claims. A chapter
 * is a folder under src/experiments/<chapter-id>/ whose `chapter.ts` exports one
 * `ChapterDefinition`; the registry links the chapter id to it, `loadOrCompute` drives it,
 * and every notebook is the same few thin cells (see CONTRIBUTING.md).
 *
 * Results are data: `load`, `tables`, `figures` and `claims` see only what is stored, so the
 * committed figures and claims rebuild from data/results/ without computing anything.
 */
import type { Figure } from "../analysis/figures/figure.js";
import type { RunMetaInput, Row, StoredRun } from "../analysis/results/store.js";
import type { StoredTable } from "../analysis/results/typed.js";
import type { ClaimRow } from "../analysis/tables/claims.js";
import type { TableCell, TableFormat } from "../analysis/tables/table.js";
import type { Tier } from "../core/tiers.js";

/** Where one stored table of one run lives: data/results/<chapter>/<experiment>/<method>/seed-<seed>.{csv,json}. */
export interface RunKey {
  experiment: string;
  method: string;
  seed: number;
}

/**
 * One unit of computation. It stores one or more tables for its seed, written together as one
 * atomic group; the first table is the run's key (the group's marker): the run is stored
 * exactly when that table is.
 */
export interface ChapterRun {
  seed: number;
  tables: readonly StoredTable[];
  /** Short readable name for progress lines, e.g. "pixels32/sac-ae/seed-3". */
  label: string;
  /**
   * Settings the stored run's `meta.config` must contain (a deep partial match: every key given
   * here, with the same value; keys the store has beyond these are free). A stored run that
   * differs was made by another plan (another budget, another hyperparameter) and is refused as
   * stale instead of being mixed with the new plan's runs.
   */
  expects?: Readonly<Record<string, unknown>>;
}

/** The key of a run: its first table at its seed. */
export function runKey(run: ChapterRun): RunKey {
  const first = run.tables[0];
  if (first === undefined) throw new Error(`chapter run ${run.label} stores no table`);
  return { experiment: first.experiment, method: first.method, seed: run.seed };
}

/** The chapter-level choices a notebook passes besides the tier. */
export interface ChapterOptions {
  tier: Tier;
  /** The chapter's seed parameter: the base seed of its runs (sac-ae: the bootstrap seed of its intervals). */
  seed: number;
}

/** Where the chapter's runs are stored, for `load` (e.g. to read a session log beside them). */
export interface LoadContext extends ChapterOptions {
  /** Results store root (data/results, or a temp folder for smoke runs and tests). */
  root: string;
}

/** What a running computation may use: where to store, how to report, how many processes. */
export interface ComputeContext extends LoadContext {
  /** True when stored runs are being replaced: start from scratch, resume nothing. */
  retrain: boolean;
  /** Worker processes for chapters that train in parallel (0 = in this process). */
  workers: number;
  /** Backend description recorded with every stored run. */
  backend: Record<string, unknown>;
  log: (line: string) => void;
  /**
   * Store one run's tables as one atomic group (the run's key table first). `meta` is shared;
   * a table may carry its own wall time and notes (e.g. the time of the part that made it).
   */
  store(run: ChapterRun, tables: readonly StoredRows[], meta: Omit<RunMetaInput, "tier" | "backend">): void;
}

/** The rows of one stored table of a run, with optional per-table metadata. */
export interface StoredRows {
  table: StoredTable;
  rows: readonly Row[];
  wallTimeSec?: number;
  notes?: Record<string, unknown>;
}

/** A table a chapter shows and exports to figures/<chapter-id>/tables/<name>.{csv,md,tex}. */
export interface ChapterTable {
  rows: Record<string, TableCell>[];
  /** Display format (decimals, intervals, caption …) used for the Markdown and LaTeX files. */
  format?: TableFormat;
  /** One line shown above the table in the notebook. */
  title?: string;
  /** False for a table shown in the notebook but not exported to figures/ (default true). */
  exported?: boolean;
}

/** Static formats a figure is exported in (the HTML page is always written). */
export type FigureFormat = "svg" | "png";

export interface ChapterDefinition<Data = unknown> {
  /** The chapter id, e.g. "drl-thesis/ch5-theory" (its folder under data/results/ and figures/). */
  readonly id: string;
  /** The chapter's settings at a tier (what `compute` runs with). */
  config(tier: Tier): unknown;
  /** Lines describing a tier's settings, printed before anything is loaded or computed. */
  describe(opts: ChapterOptions): string[];
  /** Every run of a tier: the plan that load-or-compute completes. */
  runs(opts: ChapterOptions): ChapterRun[];
  /** Why this tier's runs cannot be computed on this machine (the paper tier of a GPU chapter), or null. */
  cannotCompute?(tier: Tier): string | null;
  /** Prepare the backend the runs need and describe it for the run metadata. */
  backend(): Promise<Record<string, unknown>>;
  /** Compute one run and store it with `ctx.store` (atomically, all its tables at once). */
  computeRun(run: ChapterRun, ctx: ComputeContext): Promise<void>;
  /** Compute many runs at once (parallel workers); default: `computeRun` one after another. */
  computeRuns?(runs: readonly ChapterRun[], ctx: ComputeContext): Promise<void>;
  /** The chapter's data, built from its stored runs alone (every run of `runs(opts)` that is stored). */
  load(stored: readonly StoredRun[], opts: LoadContext): Data;
  /** Lines worth printing once the data is loaded (measured wall times, what was stored). */
  notes?(data: Data): string[];
  /** The chapter's tables by export name (the claims table is separate). */
  tables(data: Data): Record<string, ChapterTable>;
  /** The chapter's figures by export name. */
  figures(data: Data): Promise<Record<string, Figure>>;
  /** Export formats of one figure (default svg and png). */
  figureFormats?(name: string): readonly FigureFormat[];
  /** The claims table: claim | what we ran | our numbers | verdict | why. */
  claims(data: Data): ClaimRow[];
  /** Caption and LaTeX label of the exported claims table. */
  claimsCaption?: { caption?: string; label?: string };
}

/** A definition whose data type is not known to the caller (the registry holds these). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyChapterDefinition = ChapterDefinition<any>;

/** Identity helper that checks a definition against the contract and keeps its data type. */
export function defineChapter<Data>(def: ChapterDefinition<Data>): ChapterDefinition<Data> {
  return def;
}
