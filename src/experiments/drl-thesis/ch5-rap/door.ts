/**
 * The door experiment of `drl-thesis/ch5-rap` (issue 15 item 4; thesis §5.8.2, Table 5.2):
 * its claim rows and its Table-5.2-layout table, from the stored "door32" runs
 * (config.ts DOOR_EXPERIMENT; the task is envs/dmc/door.ts).
 *
 * Claims: "RAP ranks first on Door Opening" as one row per compared method (SAC, MICo, DBC,
 * DrQ), each decided by agent-study/claims.ts `beatsRow` (both methods above the random policy,
 * P(RAP > X) over seeds with a CI that excludes 0.5; fewer than 3 stored seeds: inconclusive,
 * with the counts). While nothing of door32 is stored the claim is one "not run" row.
 * Table: methods in Table 5.2's column order, our final return mean ± std over stored seeds
 * (final = mean of the last evaluations; return over a 500-control-step episode, reward ≤ 1 per
 * step), and the thesis's Door Opening numbers in their own column, for reference only: the
 * thesis ran Robosuite's Panda Door at 128×128 for 500k steps with a different reward scale,
 * so the numbers are not comparable, only the ordering is.
 * Deviation: Table 5.2 reports a score whose definition and ± convention the thesis does not
 * state; ours is the evaluation return and the sample std over seeds. Success (door ≥ 60° at
 * the end) is not stored by the agent study, so the table has returns only.
 */
import type { ClaimRow } from "../../../analysis/tables/claims.js";
import { decideVerdict } from "../../../analysis/verdict/index.js";
import { beatsRow } from "../../agent-study/claims.js";
import type { StudyExperiment } from "../../agent-study/chapter.js";
import { LAST_EVALS } from "../../agent-study/summary.js";
import type { ChapterTable } from "../../contract.js";
import type { Tier } from "../../../core/tiers.js";
import { DOOR_NAME } from "./config.js";

/** Table 5.2's Door Opening row (thesis, verbatim; research/seed000-ch5-7.md C.6), by our method name. */
export const THESIS_DOOR: Readonly<Record<string, string>> = {
  rap: "102.19 ± 26.11",
  "sac-pixel": "8.84 ± 9.89",
  mico: "6.06 ± 6.57",
  dbc: "3.15 ± 3.54",
  drq: "14.63 ± 19.57",
};

/** Table 5.2's column order (RAP, SAC, MICo, DBC, DrQ), then the random policy. */
const ORDER = ["rap", "sac-pixel", "mico", "dbc", "drq", "random"];

const CLAIM = "Robosuite: RAP ranks first on Door Opening (Table 5.2)";
const SOURCE = "§5.8.2, Table 5.2";

/** The door experiment of the study, if the tier plans it. */
export function doorExperiment(experiments: readonly StudyExperiment[]): StudyExperiment | undefined {
  return experiments.find((e) => e.spec.name === DOOR_NAME);
}

/** Stored runs of the door experiment (any method, any seed)? */
export function doorStored(experiments: readonly StudyExperiment[]): boolean {
  return (doorExperiment(experiments)?.summaries.length ?? 0) > 0;
}

/** The door claim rows of a tier that plans door32: RAP vs SAC, MICo, DBC, DrQ from the stored runs, or one "not run" row; none at other tiers. */
export function doorClaims(experiments: readonly StudyExperiment[], tier: Tier, seed: number): ClaimRow[] {
  const e = doorExperiment(experiments);
  if (!e) return []; // tiers without door32: claims.ts keeps its committed "not run" row
  if (e.summaries.length === 0) {
    const why = `the ${tier} tier plans "${DOOR_NAME}" (door-open, issue 15 item 4) but no run of it is stored yet`;
    return [{ claim: CLAIM, source: SOURCE, whatWeRan: "not run yet", ourNumbers: "—", ...decideVerdict({ kind: "not run", why }) }];
  }
  const input = { summaries: e.summaries, seed, plannedSeeds: e.spec.seeds.length, whatWeRan: `${tier} tier: ${e.spec.title}, final = mean of last ${LAST_EVALS} evals` };
  const vs = (b: string, label: string) => beatsRow(input, `${CLAIM}: RAP outperforms ${label} (door-open substitute)`, SOURCE, "rap", b);
  return [vs("sac-pixel", "SAC"), vs("mico", "MICo"), vs("dbc", "DBC"), vs("drq", "DrQ")];
}

const pm = (mean: number, std: number, n: number) =>
  !Number.isFinite(mean) ? "—" : n < 2 ? `${mean.toFixed(2)} (1 seed)` : `${mean.toFixed(2)} ± ${std.toFixed(2)}`;

/** `table-5.2-door32`: Table 5.2's layout, ours beside the thesis's (reference only); absent while nothing is stored. */
export function doorTables(experiments: readonly StudyExperiment[]): Record<string, ChapterTable> {
  const e = doorExperiment(experiments);
  if (!e || e.summaries.length === 0) return {};
  const rows = ORDER.flatMap((m) => {
    const spec = e.spec.methods.find((x) => x.name === m);
    if (!spec) return [];
    const s = e.summaries.find((x) => x.method === m);
    return [{
      Method: spec.label,
      "door-open return (ours), mean ± std over seeds": s ? pm(s.mean, s.std, s.seeds.length) : "not stored",
      "seeds stored": `${s?.seeds.length ?? 0} of ${e.spec.seeds.length}`,
      "thesis Door Opening (reference only)": THESIS_DOOR[m] ?? "—",
    }];
  });
  return {
    [`table-5.2-${DOOR_NAME}`]: {
      rows,
      title: `Table 5.2 layout: ${e.spec.title}; final return (mean of the last ${LAST_EVALS} evaluations, 500 control steps, reward ≤ 1 per step) beside the thesis's Robosuite Door Opening scores (500k steps, 128×128; reference only, not comparable in scale)`,
    },
  };
}
