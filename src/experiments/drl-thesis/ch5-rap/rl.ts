/**
 * The RL part of `drl-thesis/ch5-rap` (issue 15 item 3, Figs. 5.2/5.3; config.ts `ch5RlExperiments`):
 * an agent study stored beside the sandbox, rebuilt from its stored curves, with its tables,
 * figures and claim rows; and the door experiment of issue 15 item 4 (door.ts). The comparisons go through agent-study/claims.ts `beatsRow` (every
 * compared method above the random policy, and P(A > B) over seeds with a CI that excludes 0.5).
 */
import type { Figure } from "../../../analysis/figures/figure.js";
import type { StoredRun } from "../../../analysis/results/store.js";
import type { ClaimRow } from "../../../analysis/tables/claims.js";
import type { Tier } from "../../../core/tiers.js";
import { beatsRow } from "../../agent-study/claims.js";
import { studyExperiments, studyReturnFigures, studyTables, type StudyExperiment } from "../../agent-study/chapter.js";
import { curvesFromStored, type StoredCurve } from "../../agent-study/store.js";
import { LAST_EVALS } from "../../agent-study/summary.js";
import type { ChapterRun, ChapterTable } from "../../contract.js";
import { ch5RlExperiments, DOOR_NAME } from "./config.js";
import { doorClaims, doorTables } from "./door.js";


export type Ch5RlExperiment = StudyExperiment;

export interface Ch5RlStudy {
  experiments: Ch5RlExperiment[];
  curves: StoredCurve[];
}

const names = (tier: Tier) => new Set(ch5RlExperiments(tier).map((e) => e.name));

/** Is this planned run one of the tier's RL runs (not a sandbox or checks run)? */
export function isRlRun(run: ChapterRun, tier: Tier): boolean {
  return names(tier).has(run.tables[0]!.experiment);
}

/** Is this stored table one of the tier's RL curves? */
export function isRlStored(run: StoredRun, tier: Tier): boolean {
  return names(tier).has(run.experiment);
}

/** The study rebuilt from the stored curves (a medium tier in pieces: only what is stored so far). */
export function rlStudyFromStored(stored: readonly StoredRun[], tier: Tier, seed: number): Ch5RlStudy {
  const specs = ch5RlExperiments(tier);
  const curves = curvesFromStored(stored.filter((r) => isRlStored(r, tier)), specs);
  return { curves, experiments: studyExperiments(specs, curves, seed) };
}

export function rlTables(study: Ch5RlStudy): Record<string, ChapterTable> {
  return { ...studyTables(study.experiments), ...doorTables(study.experiments) };
}

export function rlFigures(study: Ch5RlStudy, seed: number): Record<string, Figure> {
  return studyReturnFigures(study.experiments, study.curves, seed);
}

/**
 * RAP vs DBC, MICo and SAC on each vector experiment the tier runs (none at the small tier), and
 * the door rows (door.ts: from the stored "door32" runs, else one "not run" row).
 */
export function rlClaims(study: Ch5RlStudy, tier: Tier, seed: number): ClaimRow[] {
  return [...vectorClaims(study, tier, seed), ...doorClaims(study.experiments, tier, seed)];
}

function vectorClaims(study: Ch5RlStudy, tier: Tier, seed: number): ClaimRow[] {
  return study.experiments.filter((e) => e.spec.name !== DOOR_NAME).flatMap((e) => {
    const input = { summaries: e.summaries, seed, plannedSeeds: e.spec.seeds.length, whatWeRan: `${tier} tier: ${e.spec.title}, final = mean of last ${LAST_EVALS} evals` };
    const row = (claim: string, b: string) => beatsRow(input, claim, "§5.8.1, Fig. 5.3", "rap", b);
    return [
      row("With distractors RAP outperforms DBC (vector stand-in: cartpole-swingup state + AR(1) distractor dims)", "dbc"),
      row("With distractors RAP outperforms MICo (vector stand-in: cartpole-swingup state + AR(1) distractor dims)", "mico"),
      row("With distractors RAP outperforms SAC (vector stand-in: SAC on the raw state + distractor vector)", "sac-state"),
    ];
  });
}
