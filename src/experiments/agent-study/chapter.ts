/**
 * The chapter-contract parts every agent study shares (contract.ts): its runs (one per
 * experiment × method × seed, keyed by its curve table) and how missing runs are computed
 * (trained in parallel workers, each stored the moment it finishes, the session's wall time
 * appended to the tier's session log).
 */
import type { Tier } from "../../core/tiers.js";
import type { ChapterRun, ComputeContext } from "../contract.js";
import { runStudy } from "./run.js";
import type { ExperimentSpec } from "./spec.js";
import { appendSession, curveMeta, curveTable, plannedConfig } from "./store.js";

/** The lines a chapter prints before loading: each experiment's budget and schedule, then each method's config. */
export function describeStudy(experiments: readonly ExperimentSpec[]): string[] {
  const width = Math.max(0, ...experiments.flatMap((e) => e.methods.map((m) => m.label.length))) + 2;
  return experiments.flatMap((e) => [
    `${e.name}: ${e.title}; ${e.envSteps} env steps, ${e.initSteps} random agent steps, eval every ${e.evalEvery} env steps × ${e.evalEpisodes} episodes, seeds ${e.seeds.join(",")}`,
    ...e.methods.map((m) => `   ${m.label.padEnd(width)} ${m.observation.padEnd(6)} ${JSON.stringify(m.agent)}`),
  ]);
}

/** Every run of a tier's experiments. */
export function studyRuns(experiments: readonly ExperimentSpec[]): ChapterRun[] {
  return experiments.flatMap((exp) =>
    exp.seeds.flatMap((seed) =>
      exp.methods.map((m) => ({ seed, tables: [curveTable(exp.name, m.name, m.diagnostics)], label: `${exp.name}/${m.name}/s${seed}`, expects: plannedConfig(exp, m) })),
    ),
  );
}

/** A chapter's `computeRuns`: train the given runs of `experimentsOf(tier)` and store each. */
export function studyComputeRuns(chapter: string, experimentsOf: (tier: Tier) => ExperimentSpec[]) {
  return async (runs: readonly ChapterRun[], ctx: ComputeContext): Promise<void> => {
    const wanted = new Set(runs.map((r) => `${r.tables[0]!.experiment}/${r.tables[0]!.method}/${r.seed}`));
    const started = new Date().toISOString();
    const summary = await runStudy(
      {
        chapter,
        tier: ctx.tier,
        experiments: experimentsOf(ctx.tier),
        root: ctx.root,
        only: (e, m, s) => wanted.has(`${e}/${m}/${s}`),
        workers: ctx.workers,
        retrain: ctx.retrain,
        progress: "lines",
        log: (l: string) => {
          if (l.includes("| eval |")) ctx.log(l);
        },
      },
      (p, res) => {
        const run = runs.find((r) => r.seed === p.seed && r.tables[0]!.experiment === p.exp.name && r.tables[0]!.method === p.method.name)!;
        ctx.store(run, [{ table: run.tables[0]!, rows: res.rows }], curveMeta(p.exp, p.method, res));
      },
    );
    appendSession(ctx.root, chapter, ctx.tier, {
      started, finished: new Date().toISOString(), computed: summary.computed, wallTimeSec: summary.wallTimeSec, workers: ctx.workers, retrain: ctx.retrain, backend: String(ctx.backend["name"]),
    });
  };
}
