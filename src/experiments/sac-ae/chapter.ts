/**
 * `sac-ae` as a chapter (src/experiments/contract.ts): one run per (experiment, method, seed),
 * trained in parallel worker processes and stored the moment each finishes. The main
 * experiment is the tier's first (smoke: pixels16, small: pixels32); the small tier adds the
 * augmentation baselines (augment32) and a 64×64 showcase (pixels64).
 */
import { initBackend } from "../../backend/index.js";
import type { Figure } from "../../analysis/figures/figure.js";
import type { Tier } from "../../core/tiers.js";
import { describeStudy, studyComputeRuns, studyRuns } from "../agent-study/chapter.js";
import type { ExperimentSpec } from "../agent-study/spec.js";
import { curvesFromStored, readSessions, type SessionRecord, type StoredCurve } from "../agent-study/store.js";
import { SUMMARY_SIGNIFICANT, LEARNING_SIGNIFICANT, improvement, LAST_EVALS, learningTable, summarizeMethods, summaryTable, type MethodSummary } from "../agent-study/summary.js";
import { defineChapter, type ChapterTable } from "../contract.js";
import { sacAeClaimRows } from "./claims.js";
import { tierExperiments } from "./config.js";
import { returnCurvesFigure, sacAeFigures } from "./figures.js";

export const SAC_AE_CHAPTER = "sac-ae";

const AUGMENT = "augment32";
const SHOWCASE = "pixels64";
/** Display precision of the summary tables. */

export interface SacAeData {
  tier: Tier;
  /** Bootstrap seed of every interval. */
  seed: number;
  experiments: ExperimentSpec[];
  main: ExperimentSpec;
  curves: StoredCurve[];
  summaries: MethodSummary[];
  /** The augmentation baselines pooled with SAC:pixel and SAC+AE of the main experiment (small tier). */
  augmentation?: { curves: StoredCurve[]; summaries: MethodSummary[] };
  sessions: SessionRecord[];
}

const computeRuns = studyComputeRuns(SAC_AE_CHAPTER, (tier) => tierExperiments(tier));

/** P(A > B) for the augmentation baselines against the pixel methods, one line each. */
export function augmentationComparisons(data: SacAeData): string[] {
  const aug = data.augmentation;
  if (!aug) return ["no augmentation-baseline runs at this tier"];
  const lines: string[] = [];
  for (const [a, b] of [["drq", "sac-pixel"], ["curl", "sac-pixel"], ["drq", "sac-ae"], ["curl", "sac-ae"]] as const) {
    const p = improvement(aug.summaries, a, b, data.seed);
    if (p) lines.push(`P(${a} > ${b}) = ${p.point.toFixed(2)} [${p.lo.toFixed(2)}, ${p.hi.toFixed(2)}]`);
  }
  return lines;
}

export const sacAeChapter = defineChapter<SacAeData>({
  id: SAC_AE_CHAPTER,
  config: (tier) => tierExperiments(tier),
  describe: ({ tier }) => describeStudy(tierExperiments(tier)),
  runs: ({ tier }) => studyRuns(tierExperiments(tier)),
  cannotCompute: (tier) =>
    tier === "paper" ? "the paper tier's settings need ~1 s/update on a CPU (1M steps ≈ 12 days per run); train it on a GPU box (node dist/experiments/sac-ae/compute.js paper)" : null,
  backend: async () => ({ ...(await initBackend({ quiet: true })) }),
  async computeRun(run, ctx) {
    await computeRuns([run], ctx);
  },
  computeRuns,
  load: (stored, { tier, seed, root }) => {
    const experiments = tierExperiments(tier);
    const main = experiments[0]!;
    const curves = curvesFromStored(stored);
    const summaries = summarizeMethods(curves, main.name, main.methods.map((m) => m.name), seed);
    const augExp = experiments.find((e) => e.name === AUGMENT);
    let augmentation: SacAeData["augmentation"];
    if (augExp && curves.some((c) => c.experiment === AUGMENT)) {
      const pooled = curves.map((c) => (c.experiment === AUGMENT ? { ...c, experiment: main.name } : c));
      augmentation = { curves: pooled, summaries: summarizeMethods(pooled, main.name, ["sac-pixel", "sac-ae", ...augExp.methods.map((m) => m.name)], seed) };
    }
    return { tier, seed, experiments, main, curves, summaries, ...(augmentation ? { augmentation } : {}), sessions: readSessions(root, SAC_AE_CHAPTER, tier) };
  },
  notes: (d) => {
    const runWall = d.curves.reduce((a, c) => a + c.wallTimeSec, 0);
    return [
      `sum of per-run wall times: ${(runWall / 60).toFixed(1)} min over ${d.curves.length} runs (run 2 at a time on 2 cores)`,
      ...d.sessions.map((s) => `measured compute session: ${(s.wallTimeSec / 60).toFixed(1)} min wall, ${s.computed} runs, ${s.workers} workers (${s.started ?? ""} → ${s.finished})`),
    ];
  },
  tables: (d) => {
    const out: Record<string, ChapterTable> = {};
    if (d.summaries.length > 0) out[`summary-${d.main.name}`] = { rows: summaryTable(d.summaries), format: { significant: SUMMARY_SIGNIFICANT }, title: `Summary per method, ${d.main.title}` };
    if (d.augmentation) {
      out[`summary-${AUGMENT}`] = { rows: summaryTable(d.augmentation.summaries), format: { significant: SUMMARY_SIGNIFICANT }, title: "Augmentation baselines vs SAC:pixel and SAC+AE" };
    }
    // a medium tier in pieces may have stored only the random policy so far: no agent to check
    const learning = learningTable(d.summaries);
    if (learning.length > 0) out[`learning-${d.main.name}`] = {
      rows: learning,
      format: { significant: LEARNING_SIGNIFICANT },
      title: `Did each learned component learn? ${d.main.title}: return before (untrained policy, step 0) and after, against the random policy; each objective's first and last window`,
    };
    return out;
  },
  figures: async (d) => {
    const showcase = d.experiments.find((e) => e.name === SHOWCASE);
    const figs: Record<string, Figure> = sacAeFigures({
      curves: d.curves,
      summaries: d.summaries,
      experiment: d.main.name,
      title: d.main.title,
      ...(showcase ? { showcase: { experiment: showcase.name, title: showcase.title } } : {}),
      seed: d.seed,
    });
    if (d.augmentation) {
      figs["augmentation-curves"] = returnCurvesFigure(
        d.augmentation.curves,
        d.main.name,
        d.augmentation.summaries.map((s) => ({ method: s.method, label: s.label })),
        `DrQ and CURL vs SAC:pixel and SAC+AE, ${d.main.title}`,
        d.seed,
      );
    }
    return figs;
  },
  claims: (d) => sacAeClaimRows({
    summaries: d.summaries, seed: d.seed, plannedSeeds: d.main.seeds.length,
    whatWeRan: `${d.tier} tier: ${d.main.title}, ${d.main.envSteps} env steps, final = mean of last ${LAST_EVALS} evals`,
  }),
});
