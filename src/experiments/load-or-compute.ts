/**
 * The one switch every chapter notebook used to write by hand: load what is stored, compute
 * only what is missing (everything with `retrain`), never compute with `figuresOnly`.
 *
 *   const { data } = await loadOrCompute(def, { tier: "small" });
 *
 * A run is missing only when its files do not exist. A stored run that cannot be read (cut
 * short, edited, half of its pair gone, another tier's, stale: stored under settings the plan
 * no longer has) is a one-line ReproError BEFORE
 * anything is computed, so a corrupt file is never silently recomputed or overwritten.
 */
import { readStoredRun, writeRunGroup, type StoredRun } from "../analysis/results/store.js";
import { ReproError } from "../core/errors.js";
import { resultsRootFor } from "../core/paths.js";
import type { Tier } from "../core/tiers.js";
import { checkTier } from "../core/tiers.js";
import { runKey, type ChapterDefinition, type ChapterOptions, type ChapterRun, type ComputeContext } from "./contract.js";

export interface LoadOrComputeOptions {
  tier: Tier;
  /** Recompute every run of the tier, replacing what is stored. */
  retrain?: boolean;
  /**
   * Never compute: build everything from stored runs (an error names the first missing one).
   * The medium tier runs in pieces over several sessions, so there it builds from the runs
   * stored so far and reports the rest as `missing`; its claims say what is not stored yet.
   */
  figuresOnly?: boolean;
  /** The chapter's seed parameter (default 0). */
  seed?: number;
  /** Results store root (default resultsRootFor(tier)). */
  root?: string;
  /** Worker processes for chapters that train in parallel (default 2). */
  workers?: number;
  log?: (line: string) => void;
}

export interface LoadedRuns<Data> {
  data: Data;
  /** Every stored run the data was built from. */
  stored: StoredRun[];
  /** Runs computed by this call. */
  computed: ChapterRun[];
  /** Runs of the plan that were already stored and were loaded, not recomputed. */
  reused: number;
  /** Runs of the plan still missing (when the tier cannot be computed here, or a medium tier built from its pieces with figuresOnly). */
  missing: ChapterRun[];
  root: string;
}

/** The first place where a stored config differs from what the plan expects (a deep partial match), or undefined. */
export function configMismatch(planned: unknown, stored: unknown, path: string): { path: string; planned: unknown; stored: unknown } | undefined {
  if (Array.isArray(planned)) {
    if (!Array.isArray(stored) || stored.length !== planned.length) return { path, planned, stored };
    for (let i = 0; i < planned.length; i++) {
      const d = configMismatch(planned[i], stored[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (typeof planned === "object" && planned !== null) {
    if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return { path, planned, stored };
    for (const [k, v] of Object.entries(planned)) {
      if (v === undefined) continue;
      const d = configMismatch(v, (stored as Record<string, unknown>)[k], `${path}.${k}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return Object.is(planned, stored) ? undefined : { path, planned, stored };
}

function show(x: unknown): string {
  return x === undefined ? "(absent)" : JSON.stringify(x);
}

/**
 * The stored tables of one run, or undefined when the run is not stored; a partial group,
 * another tier's run, or a stale run (its config differs from `run.expects`) is an error.
 */
export function readRunTables(run: ChapterRun, chapter: string, root: string, tier: Tier): StoredRun[] | undefined {
  const found: StoredRun[] = [];
  let markerStored = false;
  run.tables.forEach((t, i) => {
    const s = readStoredRun({ root, chapter, experiment: t.experiment, method: t.method, seed: run.seed });
    if (s === undefined) return;
    if (s.meta.tier !== tier) {
      throw new ReproError(
        `${s.metaPath} holds a ${s.meta.tier}-tier run, not ${tier}: results of different tiers must not share a store; move it away (or rerun with retrain to replace it)`,
      );
    }
    if (i === 0) {
      markerStored = true;
      const differs = run.expects === undefined ? undefined : configMismatch(run.expects, s.meta.config, "config");
      if (differs !== undefined) {
        throw new ReproError(
          `${s.metaPath} is stale: it was stored with ${differs.path} = ${show(differs.stored)}, the plan now says ${show(differs.planned)}; move it away (or rerun with retrain to replace it) so runs of two plans are never mixed`,
        );
      }
    }
    found.push(s);
  });
  if (markerStored) return found;
  if (found.length > 0) {
    const k = runKey(run);
    throw new ReproError(
      `run ${run.label} of ${chapter} is partly stored: ${found[0]!.metaPath} exists but its key table ${k.experiment}/${k.method}/seed-${k.seed} does not (an interrupted write?); delete the run's files to recompute it`,
    );
  }
  return undefined;
}

/**
 * The context a chapter computes in: `store` writes all tables of one run as one atomic group
 * (the key table first, so it is renamed last). Shared by load-or-compute and the sweep jobs
 * (src/sweeps), so a run stored by either is the same files.
 */
export function computeContext<Data>(
  def: ChapterDefinition<Data>,
  opts: Omit<ComputeContext, "store">,
): ComputeContext {
  const { root, tier, backend } = opts;
  return {
    ...opts,
    store: (run, tables, meta) => {
      const key = run.tables[0];
      if (tables.length === 0 || tables[0]!.table !== key) {
        throw new ReproError(`run ${run.label} must store its key table ${key?.experiment}/${key?.method} first`);
      }
      writeRunGroup(
        tables
          .filter((t, i) => i === 0 || t.rows.length > 0)
          .map((t) => ({
            root,
            chapter: def.id,
            experiment: t.table.experiment,
            method: t.table.method,
            seed: run.seed,
            rows: t.rows,
            meta: {
              ...meta,
              tier,
              backend,
              ...(t.wallTimeSec !== undefined ? { wallTimeSec: t.wallTimeSec } : {}),
              ...(t.notes !== undefined ? { notes: t.notes } : {}),
            },
          })),
      );
    },
  };
}

/** Compute runs in this context: all at once where the chapter has a process pool (`computeRuns`), else one after another. */
export async function computeMissing<Data>(def: ChapterDefinition<Data>, runs: readonly ChapterRun[], ctx: ComputeContext): Promise<void> {
  if (def.computeRuns) {
    await def.computeRuns(runs, ctx);
    return;
  }
  for (const run of runs) {
    const t = performance.now();
    await def.computeRun(run, ctx);
    ctx.log(`${run.label}: computed in ${((performance.now() - t) / 1000).toFixed(0)} s and stored`);
  }
}

export async function loadOrCompute<Data>(def: ChapterDefinition<Data>, opts: LoadOrComputeOptions): Promise<LoadedRuns<Data>> {
  const tier = checkTier(opts.tier);
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0) throw new ReproError(`seed must be a non-negative integer, got ${seed}`);
  if (opts.retrain && opts.figuresOnly) throw new ReproError("retrain and figuresOnly contradict each other: choose one");
  const root = opts.root ?? resultsRootFor(tier);
  const log = opts.log ?? (() => {});
  const chapterOpts: ChapterOptions = { tier, seed };
  const plan = def.runs(chapterOpts);

  const stored = new Map<ChapterRun, StoredRun[]>();
  if (!opts.retrain) {
    for (const run of plan) {
      const tables = readRunTables(run, def.id, root, tier);
      if (tables !== undefined) stored.set(run, tables);
    }
  }
  const missing = plan.filter((r) => !stored.has(r));
  const inPieces = tier === "medium" && opts.figuresOnly === true;
  if (opts.figuresOnly && missing.length > 0 && !inPieces) {
    const k = runKey(missing[0]!);
    throw new ReproError(
      `${def.id} (${tier} tier): ${missing.length} of ${plan.length} runs are not stored, e.g. ${k.experiment}/${k.method}/seed-${k.seed} under ${root}; run without figuresOnly (\`reprorl reproduce ${def.id}\`) to compute them`,
    );
  }
  log(
    opts.retrain
      ? `${def.id}, ${tier} tier: retrain, computing all ${plan.length} runs`
      : `${def.id}, ${tier} tier: ${stored.size} of ${plan.length} runs stored, ${missing.length} to compute`,
  );

  const computed: ChapterRun[] = [];
  const notHere = missing.length === 0 ? null : inPieces ? "figures only: the medium tier is built from the pieces stored so far" : (def.cannotCompute?.(tier) ?? null);
  if (notHere !== null) {
    log(`not computing the ${missing.length} missing runs: ${notHere}`);
  } else if (missing.length > 0) {
    const backend = await def.backend();
    const ctx = computeContext(def, { ...chapterOpts, root, retrain: opts.retrain ?? false, workers: opts.workers ?? 2, backend, log });
    const t0 = performance.now();
    await computeMissing(def, missing, ctx);
    computed.push(...missing);
    log(`computed ${missing.length} run${missing.length === 1 ? "" : "s"} in ${((performance.now() - t0) / 1000).toFixed(0)} s wall`);
  }

  const all: StoredRun[] = [];
  const stillMissing: ChapterRun[] = [];
  for (const run of plan) {
    const tables = computed.includes(run) ? readRunTables(run, def.id, root, tier) : stored.get(run);
    if (tables === undefined) {
      if (computed.includes(run)) throw new ReproError(`${def.id}: run ${run.label} was computed but not stored (a bug in the chapter's computeRun)`);
      stillMissing.push(run);
      continue;
    }
    all.push(...tables);
  }
  log(`loaded ${plan.length - stillMissing.length} stored run${plan.length - stillMissing.length === 1 ? "" : "s"} (${all.length} tables) from ${root}`);
  return { data: def.load(all, { ...chapterOpts, root }), stored: all, computed, reused: stored.size, missing: stillMissing, root };
}
