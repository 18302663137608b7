/**
 * Figures and tables of the `drl-thesis/envs` notebook. Returns/throughput figures rebuild
 * from `EnvsResults` (fresh or loaded); image grids come from `frames.ts` (rendered live).
 */
import { barChart } from "../../../analysis/figures/bars.js";
import { imageGrid, type GridImage } from "../../../analysis/figures/imageGrid.js";
import type { Figure } from "../../../analysis/figures/figure.js";
import type { Row } from "../../../analysis/results/index.js";
import { RANDOM_REFERENCES } from "./references.js";
import { summarizeReturns, type ReturnSummary } from "./returns.js";
import type { EnvsResults } from "./run.js";

/** A grid of frames with `columns` panels per row; width follows the column count. */
export function framesFigure(images: GridImage[], columns: number, title: string, panelPx = 150): Figure {
  return imageGrid(images, { columns, title, width: Math.max(480, columns * panelPx) });
}

/** Random vs scripted mean return per task with 95 % bootstrap CIs. */
export function returnsFigure(res: EnvsResults, summary: ReturnSummary[] = summarizeReturns(res.returns)): Figure {
  const tasks = [...new Set(summary.map((s) => s.task))];
  const series = (["random", "scripted"] as const).map((policy) => {
    const pick = tasks.map((t) => summary.find((s) => s.task === t && s.policy === policy));
    return {
      name: policy === "random" ? "random policy (uniform actions)" : "scripted controller",
      values: pick.map((s) => (s ? s.mean : Number.NaN)),
      lower: pick.map((s) => (s ? s.lo : Number.NaN)),
      upper: pick.map((s) => (s ? s.hi : Number.NaN)),
    };
  });
  const steps = summary[0]?.envStepsPerEpisode ?? 1000;
  return barChart(tasks, series, {
    title: `Episode returns (${steps} control steps; mean, 95% bootstrap CI)`,
    xTitle: "task",
    yTitle: "return",
  });
}

/** Summary table rows: task, policy, episodes, mean [lo, hi], min, max, reference range. */
export function returnsTable(summary: ReturnSummary[]): Row[] {
  return summary.map((s) => {
    const ref = RANDOM_REFERENCES[s.task];
    // The ranges are for full episodes (1000 control steps); shorter smoke episodes are not compared.
    const comparable = s.policy === "random" && ref !== undefined && s.envStepsPerEpisode === 1000;
    const inRange = comparable ? (s.mean >= ref.lo && s.mean <= ref.hi ? "yes" : "no") : "";
    return {
      task: s.task,
      policy: s.policy,
      episodes: s.episodes,
      mean: s.mean,
      lo: s.lo,
      hi: s.hi,
      min: s.min,
      max: s.max,
      reference: s.policy === "random" && ref ? `${ref.lo}–${ref.hi} (${ref.basis})` : "",
      inRange,
    };
  });
}

/** Throughput bars: measured rate per measure, the two targets as separate categories. */
export function throughputFigure(res: EnvsResults): Figure | undefined {
  const rows = res.throughput.rows.filter((r) => r.measure.startsWith("pixels 64×64, default") || r.target > 0);
  if (rows.length === 0) return undefined;
  const cats = rows.map((r) => (r.target > 0 ? `${r.task} ${r.measure.replace(", 3-frame stack", "")} (${r.unit})` : `${r.task} (agent steps/s)`));
  return barChart(cats, [
    { name: "measured", values: rows.map((r) => r.value) },
    { name: "target", values: rows.map((r) => (r.target > 0 ? r.target : Number.NaN)) },
  ], {
    title: `Throughput on one core (pixels 64×64 unless noted; load avg ${res.throughput.loadAverage1m} on ${res.throughput.cpus} cores)`,
    xTitle: "per second",
    horizontal: true,
  });
}

export function throughputTable(res: EnvsResults): Row[] {
  return res.throughput.rows.map((r) => ({ task: r.task, measure: r.measure, unit: r.unit, value: r.value, target: r.target > 0 ? r.target : "", met: r.met }));
}
