/**
 * The chapter-contract parts every agent study shares (contract.ts): its runs (one per
 * experiment × method × seed, keyed by its curve table) and how missing runs are computed
 * (trained in parallel workers, each stored the moment it finishes, the session's wall time
 * appended to the tier's session log), and the tables and return-curve figure every
 * experiment of a study gets.
 */
import type { Figure } from "../../analysis/figures/figure.js";
import type { Tier } from "../../core/tiers.js";
import type { ChapterRun, ChapterTable, ComputeContext } from "../contract.js";
import { returnCurvesFigure } from "./figures.js";
import { runStudy } from "./run.js";
import type { ExperimentSpec } from "./spec.js";
import { appendSession, curveMeta, curveTable, plannedConfig, type StoredCurve } from "./store.js";
import { LEARNING_SIGNIFICANT, learningTable, summarizeMethods, summaryTable, SUMMARY_SIGNIFICANT, type MethodSummary } from "./summary.js";

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

/** One experiment of a study with its methods' summaries (empty while nothing of it is stored). */
export interface StudyExperiment {
  spec: ExperimentSpec;
  summaries: MethodSummary[];
}

/** Each experiment's summaries, from the stored curves (a medium tier in pieces: what is stored so far). */
export function studyExperiments(specs: readonly ExperimentSpec[], curves: readonly StoredCurve[], seed: number): StudyExperiment[] {
  return specs.map((spec) => ({ spec, summaries: summarizeMethods(curves, spec.name, spec.methods.map((m) => m.name), seed) }));
}

/** Per experiment: `summary-<name>` and `learning-<name>` (skipped while nothing, or only the random policy, is stored). */
export function studyTables(experiments: readonly StudyExperiment[]): Record<string, ChapterTable> {
  const out: Record<string, ChapterTable> = {};
  for (const e of experiments) {
    if (e.summaries.length > 0) out[`summary-${e.spec.name}`] = { rows: summaryTable(e.summaries), format: { significant: SUMMARY_SIGNIFICANT }, title: `Summary per method, ${e.spec.title}` };
    const learning = learningTable(e.summaries);
    if (learning.length > 0) out[`learning-${e.spec.name}`] = {
      rows: learning, format: { significant: LEARNING_SIGNIFICANT },
      title: `Did each agent learn? ${e.spec.title}: return before (untrained) and after, against the random policy; each objective's first and last window`,
    };
  }
  return out;
}

/** Per experiment with stored runs: `learning-curves-<name>`, the evaluation return's IQM and 95% CI over seeds. */
export function studyReturnFigures(experiments: readonly StudyExperiment[], curves: readonly StoredCurve[], seed: number): Record<string, Figure> {
  const figs: Record<string, Figure> = {};
  for (const e of experiments) {
    if (e.summaries.length === 0) continue;
    const methods = e.summaries.map((s) => ({ method: s.method, label: s.label }));
    figs[`learning-curves-${e.spec.name}`] = returnCurvesFigure(curves, e.spec.name, methods, `Evaluation return, ${e.spec.title} (IQM, 95% bootstrap CI)`, seed);
  }
  return figs;
}
