/**
 * drl-thesis/ch4-ambs as a chapter (src/experiments/contract.ts): an agent study
 * (experiments/agent-study) of AMBS against SAC from pixels, DrQ and DBC, with the random-policy
 * anchor in every experiment; one run per (experiment, method, seed), trained in parallel worker
 * processes and stored the moment each finishes.
 */
import type { Figure } from "../../../analysis/figures/figure.js";
import { barChart, barsFromIntervals, learningCurves } from "../../../analysis/figures/index.js";
import { initBackend } from "../../../backend/index.js";
import type { Tier } from "../../../core/tiers.js";
import { describeStudy, studyComputeRuns, studyExperiments, studyReturnFigures, studyRuns, studyTables, type StudyExperiment } from "../../agent-study/chapter.js";
import { aggregatedSeries, columnCurvesFigure } from "../../agent-study/figures.js";
import type { ExperimentSpec } from "../../agent-study/spec.js";
import { curvesFromStored, readSessions, type SessionRecord, type StoredCurve } from "../../agent-study/store.js";
import { LAST_EVALS } from "../../agent-study/summary.js";
import { defineChapter, type ChapterRun, type ChapterTable, type ComputeContext } from "../../contract.js";
import { ch4ClaimRows, type Ch4Background } from "./claims.js";
import { embeddingNormRows } from "./embedding-norms.js";
import type { ClaimRow } from "../../../analysis/tables/claims.js";
import { decideVerdict } from "../../../analysis/verdict/index.js";
import { ch4Experiments } from "./config.js";
import { computeFiniteMdpRun, finiteMdpClaims, finiteMdpFigures, finiteMdpFromStored, finiteMdpRun, finiteMdpTable, FINITE_MDP_PRE_REGISTERED, isFiniteMdpRun, isFiniteMdpStored, type FiniteMdpData } from "./finite-mdp.js";

export const CH4_CHAPTER = "drl-thesis/ch4-ambs";


export type Ch4Experiment = StudyExperiment;

export interface Ch4Data {
  tier: Tier;
  /** Bootstrap seed of every interval. */
  seed: number;
  experiments: Ch4Experiment[];
  curves: StoredCurve[];
  sessions: SessionRecord[];
  /** The finite-MDP bridge (finite-mdp.ts): each metric loss against its exact metric. */
  finiteMdp: FiniteMdpData;
}

/**
 * The criteria the research notes pre-registered (research/seed000-ch1-4.md §7.2), printed before
 * any result; the verdicts themselves come from the project's rule (claims.ts), which also needs
 * every compared method to beat the random policy.
 */
export const PRE_REGISTERED = [
  "pre-registered (research notes §7.2), printed before the results:",
  "  E1 clean background: AMBS's final mean within 1 std of DrQ's on ≥ 3/4 tasks; DBC < AMBS on ≥ 3/4 tasks",
  "  E2 natural video: AMBS has the top area under the curve on ≥ 3/4 tasks; AMBS(video) / AMBS(clean) final ratio ≥ 0.8",
  "  E3 ablations (Tier B here, 5 seeds): AMBS ranks first or within 1 std of the best variant; AMBS w/o aug > DBC",
  FINITE_MDP_PRE_REGISTERED,
  "  verdicts here: the project's rule (both methods above the random policy; 95% CI of P(A > B) excludes 0.5), on the tasks this tier runs",
];

/** What distracts the agent in an experiment: a natural-video background, nothing, or distractor dimensions of a state vector (Tier B). */
const background = (e: ExperimentSpec): Ch4Background => (e.env.distractorDims !== undefined ? "vector" : e.env.distract?.background ? "video" : "clean");

export const ch4Chapter = defineChapter<Ch4Data>({
  id: CH4_CHAPTER,
  config: (tier) => ch4Experiments(tier),
  describe: ({ tier }) => [...describeStudy(ch4Experiments(tier)), ...PRE_REGISTERED],
  // the finite-MDP diagnostics are decided at the small tier; the medium tier adds longer RL runs only
  runs: ({ tier, seed }) => [...studyRuns(ch4Experiments(tier)), ...(tier === "medium" ? [] : [finiteMdpRun(seed)])],
  cannotCompute: (tier) => (tier === "paper" ? "the thesis's settings need a GPU box (84×84, 1024-wide networks, 1M env steps per run)" : null),
  backend: async () => ({ ...(await initBackend({ quiet: true })) }),
  async computeRun(run, ctx) {
    await computeRuns([run], ctx);
  },
  computeRuns: (runs, ctx) => computeRuns(runs, ctx),
  load: (stored, { tier, seed, root }) => {
    const curves = curvesFromStored(stored.filter((r) => !isFiniteMdpStored(r)), ch4Experiments(tier));
    const experiments = studyExperiments(ch4Experiments(tier), curves, seed);
    return { tier, seed, experiments, curves, sessions: readSessions(root, CH4_CHAPTER, tier), finiteMdp: finiteMdpFromStored(stored, seed) };
  },
  notes: (d) => [
    `sum of per-run wall times: ${(d.curves.reduce((a, c) => a + c.wallTimeSec, 0) / 60).toFixed(1)} min over ${d.curves.length} runs`,
    ...d.sessions.map((s) => `measured compute session: ${(s.wallTimeSec / 60).toFixed(1)} min wall, ${s.computed} runs, ${s.workers} workers (${s.started ?? ""} → ${s.finished})`),
  ],
  tables: (d) => {
    const out: Record<string, ChapterTable> = studyTables(d.experiments);
    if (d.finiteMdp.errors.length > 0) out["finite-mdp"] = finiteMdpTable(d.finiteMdp);
    return out;
  },
  figures: async (d) => {
    const figs: Record<string, Figure> = { ...finiteMdpFigures(d.finiteMdp), ...studyReturnFigures(d.experiments, d.curves, d.seed) };
    for (const e of d.experiments) {
      if (e.summaries.length === 0) continue; // a medium tier in pieces: nothing of this experiment stored yet
      const methods = e.summaries.map((s) => ({ method: s.method, label: s.label }));
      figs[`final-scores-${e.spec.name}`] = barChart(e.summaries.map((s) => s.label), [barsFromIntervals(`IQM of the mean return over the last ${LAST_EVALS} evaluations`, e.summaries.map((s) => s.iqm))], {
        title: `Final score, ${e.spec.title}`, yTitle: "episode return",
      });
      const critic = columnCurvesFigure(d.curves, e.spec.name, methods, "criticLoss", d.seed, {
        title: `Critic loss per evaluation window, ${e.spec.name} (IQM, 95% CI)`, xTitle: "environment steps", yTitle: "mean critic loss", logY: true, bandLabel: "95% CI",
      });
      if (critic) figs[`critic-loss-${e.spec.name}`] = critic;
      const metric = columnCurvesFigure(d.curves, e.spec.name, methods.filter((m) => ["dbc", "mico", "ambs"].includes(m.method)), "auxLoss", d.seed, {
        title: `Metric-learning loss (DBC: bisimulation + model; MICo; AMBS: meta-learners), ${e.spec.name}`, xTitle: "environment steps", yTitle: "loss", logY: true, bandLabel: "95% CI",
      });
      if (metric) figs[`metric-loss-${e.spec.name}`] = metric;
      const c = columnCurvesFigure(d.curves, e.spec.name, methods.filter((m) => m.method === "ambs"), "c", d.seed, {
        title: `AMBS's weight c = softmax(η)₁ at each evaluation, ${e.spec.name} (thesis Figs. 4.9–4.10)`, xTitle: "environment steps", yTitle: "c", bandLabel: "95% CI",
      });
      if (c) figs[`c-${e.spec.name}`] = c;
      // Fig. 4.11: per-dimension mean |φ_r| and |φ_d| before the c-scaling (logged from the medium tier on)
      const ambs = methods.filter((m) => m.method === "ambs");
      const norms = [
        ...aggregatedSeries(d.curves, e.spec.name, ambs.map((m) => ({ ...m, label: `${m.label} φ_r` })), "phiRewardAbs", d.seed),
        ...aggregatedSeries(d.curves, e.spec.name, ambs.map((m) => ({ ...m, label: `${m.label} φ_d` })), "phiDynAbs", d.seed),
      ];
      if (norms.length > 0) {
        figs[`embedding-norms-${e.spec.name}`] = learningCurves(norms, {
          title: `AMBS's embedding norms, per-dimension mean |·| before the c-scaling, ${e.spec.name} (thesis Fig. 4.11; the thesis: φ_d near 0.4–0.5)`,
          xTitle: "environment steps", yTitle: "mean |φ|", bandLabel: "95% CI",
        });
      }
    }
    return figs;
  },
  claims: (d) => [
    ...ch4ClaimRows({
      experiments: d.experiments.map((e) => ({
        name: e.spec.name,
        background: background(e.spec),
        input: { summaries: e.summaries, seed: d.seed, plannedSeeds: e.spec.seeds.length, whatWeRan: `${d.tier} tier: ${e.spec.title}, final = mean of last ${LAST_EVALS} evals` },
      })),
    }),
    ...e7Rows(d),
    ...(d.tier === "medium" ? [] : finiteMdpClaims(d.finiteMdp, d.tier)),
  ],
});

/** E7's rows from every experiment whose AMBS logs its embedding norms; one "not run" row while none has stored them. */
function e7Rows(d: Ch4Data): ClaimRow[] {
  const rows = d.experiments.flatMap((e) =>
    embeddingNormRows(d.curves, e.spec.name, e.summaries, `${d.tier} tier: ${e.spec.title}; early = first evaluation after learning starts, late = mean of the last 20 % of evaluations`, d.seed));
  if (rows.length > 0) return rows;
  const logged = d.experiments.some((e) => e.spec.methods.some((m) => m.diagnostics?.includes("phiDynAbs")));
  return [{
    claim: "AMBS's embedding norms decrease during training and φ_d does not collapse (≈ 0.4–0.5)", source: "§4.6.6, Fig. 4.11 (E7)", whatWeRan: "not run yet", ourNumbers: "—",
    ...decideVerdict({ kind: "not run", why: logged ? `no AMBS run that logs the norms is stored yet at the ${d.tier} tier` : `the ${d.tier} tier's AMBS runs do not log the norms (the medium tier's do)` }),
  }];
}

const computeStudyRuns = studyComputeRuns(CH4_CHAPTER, (tier) => ch4Experiments(tier));

/** The finite-MDP run in this process (seconds); the agent-study runs in its workers. */
async function computeRuns(runs: readonly ChapterRun[], ctx: ComputeContext): Promise<void> {
  for (const run of runs.filter(isFiniteMdpRun)) computeFiniteMdpRun(run, ctx);
  const study = runs.filter((r) => !isFiniteMdpRun(r));
  if (study.length > 0) await computeStudyRuns(study, ctx);
}
