/**
 * A study's results ⇄ the results store: one table per (experiment, method, seed), one row per
 * evaluation, under data/results/<chapter>/<experiment>/<method>/seed-<k>.*, declared once here.
 * Also the session log (<results>/<chapter>/sessions-<tier>.json): the measured wall time of
 * each compute session, so a tier's cost is on file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { TrainResult } from "../../agents/train.js";
import type { StoredRun } from "../../analysis/results/store.js";
import { writeFileAtomic } from "../../analysis/results/atomic.js";
import { isNotFound } from "../../analysis/results/store.js";
import { storedTable, tableRows, type StoredTable } from "../../analysis/results/typed.js";
import { ReproError } from "../../core/errors.js";
import type { ExperimentSpec, MethodSpec } from "./spec.js";

/** The columns `trainRun` logs per evaluation. */
export const CURVE_COLUMNS = {
  envSteps: "number", agentSteps: "number", updates: "number", episodes: "number", return_train: "number", trainReturn: "number",
  criticLoss: "number", actorLoss: "number", alpha: "number", auxLoss: "number", tensors: "number", wallSec: "number",
} as const;

/** The stored table of one (experiment, method): CURVE_COLUMNS plus the method's diagnostics columns (MethodSpec.diagnostics). */
export function curveTable(experiment: string, method: string, diagnostics: readonly string[] = []): StoredTable<typeof CURVE_COLUMNS> {
  const extra = Object.fromEntries(diagnostics.map((d) => [d, "number" as const]));
  return storedTable(experiment, method, { ...CURVE_COLUMNS, ...extra });
}

export interface StoredCurve {
  experiment: string;
  method: string;
  seed: number;
  rows: Record<string, number>[];
  wallTimeSec: number;
  tier: string;
  notes: Record<string, unknown>;
}

const RANDOM_AGENT = { policy: "uniform random in [-1, 1]" };

/**
 * What a run's stored config must contain to belong to this plan (ChapterRun.expects): the task,
 * the schedule and the method's own agent settings (the stored agent config also holds every
 * default, which the plan does not repeat).
 */
export function plannedConfig(exp: ExperimentSpec, method: MethodSpec): Record<string, unknown> {
  return {
    env: { ...exp.env, ...method.env, observation: method.observation },
    agent: method.policy === "random" ? RANDOM_AGENT : method.agent,
    envSteps: exp.envSteps, initSteps: exp.initSteps, evalEvery: exp.evalEvery, evalEpisodes: exp.evalEpisodes, replayCapacity: exp.replayCapacity,
  };
}

/** The metadata stored with one run: its full config and what the summaries need. */
export function curveMeta(exp: ExperimentSpec, method: MethodSpec, res: TrainResult): { config: Record<string, unknown>; wallTimeSec: number; notes: Record<string, unknown> } {
  return {
    config: { ...plannedConfig(exp, method), agent: method.policy === "random" ? RANDOM_AGENT : { ...res.config } },
    wallTimeSec: res.wallTimeSec,
    notes: {
      label: method.label,
      replayBytesPerTransition: res.replayBytesPerTransition,
      parameterCount: res.parameterCount,
      resumedFrom: res.resumedFrom ?? -1,
      episodes: res.episodes.length,
      episodeReturns: res.episodes.map((e) => e["return"]!),
    },
  };
}

/**
 * Curves from stored runs, in store order (experiment, method, seed), as the figures expect.
 * `experiments` names the methods' diagnostics columns (without it, none are expected).
 */
export function curvesFromStored(runs: readonly StoredRun[], experiments: readonly ExperimentSpec[] = []): StoredCurve[] {
  const diagnostics = (e: string, m: string) => experiments.find((x) => x.name === e)?.methods.find((x) => x.name === m)?.diagnostics ?? [];
  const sorted = [...runs].sort((a, b) => (a.experiment < b.experiment ? -1 : a.experiment > b.experiment ? 1 : a.method < b.method ? -1 : a.method > b.method ? 1 : a.seed - b.seed));
  return sorted.map((r) => ({
    experiment: r.experiment,
    method: r.method,
    seed: r.seed,
    rows: tableRows(r, curveTable(r.experiment, r.method, diagnostics(r.experiment, r.method))),
    wallTimeSec: r.meta.wallTimeSec,
    tier: r.meta.tier,
    notes: (r.meta.notes ?? {}) as Record<string, unknown>,
  }));
}

export interface SessionRecord {
  started?: string;
  finished: string;
  computed: number;
  wallTimeSec: number;
  workers: number;
  [key: string]: unknown;
}

function sessionsFile(root: string, chapter: string, tier: string): string {
  return path.join(root, ...chapter.split("/"), `sessions-${tier}.json`);
}

/** The recorded compute sessions of a tier ([] when none were recorded). */
export function readSessions(root: string, chapter: string, tier: string): SessionRecord[] {
  const file = sessionsFile(root, chapter, tier);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed)) throw new ReproError(`${file} is not a JSON list of sessions; restore it with git or delete it`);
  return parsed as SessionRecord[];
}

/** Append one compute session to the tier's session log (atomically). */
export function appendSession(root: string, chapter: string, tier: string, record: SessionRecord): void {
  const list = [...readSessions(root, chapter, tier), record];
  writeFileAtomic(sessionsFile(root, chapter, tier), JSON.stringify(list, null, 2) + "\n");
}
