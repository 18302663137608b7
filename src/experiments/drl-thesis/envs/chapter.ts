/**
 * `drl-thesis/envs` as a chapter (src/experiments/contract.ts): one run per base seed measures
 * returns, throughput and the reward checks and stores the four tables of tables.ts as one
 * group. The image grids are rendered from MuJoCo when the figures are built (no training,
 * seconds), the returns and throughput figures from the stored tables.
 */
import type { Figure } from "../../../analysis/figures/figure.js";
import { loadMujoco, mujocoVersion } from "../../../envs/mujoco/adapter.js";
import { defineChapter, type ChapterTable } from "../../contract.js";
import { envsClaimRows } from "./claims.js";
import { envsConfig } from "./config.js";
import { framesFigure, returnsFigure, returnsTable, throughputFigure, throughputTable } from "./figures.js";
import { DISTRACTION_GROUPS, frameGrid, highwayFrames, NO_DISTRACTION, OVERVIEW_SETTINGS } from "./frames.js";
import { summarizeReturns } from "./returns.js";
import { ENVS_CHAPTER, runEnvsChapter, type EnvsResults } from "./run.js";
import { ENVS_TABLES, envsFromStored } from "./tables.js";

/** Image grids go out as PNG only (an SVG would just wrap the same PNGs). */
const PNG_ONLY = /^(tasks|tasks-by-distraction|distraction-.*|highway)$/;

/** Every figure: the MuJoCo-rendered image grids, then returns and throughput from the stored tables. */
async function envsFigures(res: EnvsResults): Promise<Record<string, Figure>> {
  const cfg = envsConfig(res.tier);
  const frameOpts = { size: cfg.frameSize, atStep: cfg.frameAtStep, seed: res.seed };
  await loadMujoco();
  const figs: Record<string, Figure> = {};
  figs["tasks"] = framesFigure(await frameGrid(cfg.tasks, [NO_DISTRACTION], frameOpts), 5, "Every control task (no distraction)");
  figs["tasks-by-distraction"] = framesFigure(await frameGrid(cfg.tasks, OVERVIEW_SETTINGS, frameOpts), OVERVIEW_SETTINGS.length, "Every task × distraction kind", 160);
  for (const [group, settings] of Object.entries(DISTRACTION_GROUPS)) {
    figs[`distraction-${group}`] = framesFigure(await frameGrid(cfg.gridTasks, settings, frameOpts), settings.length, `Distraction: ${group}`, 150);
  }
  const hw = await highwayFrames({ size: cfg.frameSize, seeds: [res.seed, res.seed + 1], atSteps: [0, res.tier === "smoke" ? 5 : 40] });
  figs["highway"] = framesFigure(hw, 1, "Highway (CARLA substitute), 5 cameras", 600);
  figs["returns"] = returnsFigure(res, summarizeReturns(res.returns));
  const tp = throughputFigure(res);
  if (tp) figs["throughput"] = tp;
  return figs;
}

export const envsChapter = defineChapter<EnvsResults>({
  id: ENVS_CHAPTER,
  config: envsConfig,
  describe: ({ tier, seed }) => {
    const c = envsConfig(tier);
    return [
      `tier ${tier}, seed ${seed}: ${c.tasks.length} control tasks${c.highway ? " + highway" : ""}, ${c.seeds.length} seed(s) × ${c.episodes} episode(s) of ${c.episodeAgentSteps ?? "full"} agent steps; frames ${c.frameSize}×${c.frameSize}`,
    ];
  },
  runs: ({ seed }) => [{ seed, tables: [ENVS_TABLES.random, ENVS_TABLES.scripted, ENVS_TABLES.throughput, ENVS_TABLES.rewardChecks], label: `seed-${seed}` }],
  backend: async () => {
    await loadMujoco();
    return { name: "none (no tensors)", mujoco: String(mujocoVersion()) };
  },
  async computeRun(run, ctx) {
    const res = await runEnvsChapter({ tier: ctx.tier, seed: run.seed, log: ctx.log });
    const returnsNotes = { mujocoVersion: res.mujocoVersion, totalWallTimeSec: res.wallTimeSec };
    const t = res.throughput;
    ctx.store(
      run,
      [
        { table: ENVS_TABLES.random, rows: res.returns.filter((r) => r.policy === "random").map((r) => ({ ...r })), wallTimeSec: res.returnsWallTimeSec, notes: returnsNotes },
        { table: ENVS_TABLES.scripted, rows: res.returns.filter((r) => r.policy === "scripted").map((r) => ({ ...r })), wallTimeSec: res.returnsWallTimeSec, notes: returnsNotes },
        { table: ENVS_TABLES.throughput, rows: t.rows.map((r) => ({ ...r })), wallTimeSec: t.wallTimeSec, notes: { raw: t.raw, loadAverage1m: t.loadAverage1m, cpus: t.cpus, cpuModel: t.cpuModel } },
        { table: ENVS_TABLES.rewardChecks, rows: res.rewardChecks.map((c) => ({ ...c })), wallTimeSec: 0, notes: {} },
      ],
      { config: res.config as unknown as Record<string, unknown>, wallTimeSec: res.wallTimeSec },
    );
  },
  load: (stored, { seed }) => envsFromStored(stored, seed),
  notes: (res) => {
    const summary = summarizeReturns(res.returns);
    const lines = [
      `${res.tier}-tier run, seed ${res.seed}: it took ${res.wallTimeSec.toFixed(1)} s to compute (MuJoCo ${res.mujocoVersion})`,
      `returns table: ${summary.length} rows (${summary.filter((s) => s.policy === "random").length} tasks random, ${summary.filter((s) => s.policy === "scripted").length} scripted)`,
    ];
    if (res.throughput.rows.length > 0) lines.push(`throughput measured at load average ${res.throughput.loadAverage1m} on ${res.throughput.cpus} cores (${res.throughput.cpuModel})`);
    else lines.push("throughput was not measured in this run");
    return lines;
  },
  tables: (res) => {
    const out: Record<string, ChapterTable> = {
      returns: {
        rows: returnsTable(summarizeReturns(res.returns)),
        format: { decimals: { episodes: 0, mean: 1, lo: 1, hi: 1, min: 1, max: 1 }, intervals: [{ column: "mean [95% CI]", point: "mean", lo: "lo", hi: "hi" }] },
      },
    };
    const tp = throughputTable(res);
    if (tp.length > 0) out["throughput"] = { rows: tp, format: { decimals: 0 } };
    return out;
  },
  figures: envsFigures,
  figureFormats: (name) => (PNG_ONLY.test(name) ? ["png"] : ["svg", "png"]),
  claims: envsClaimRows,
  claimsCaption: { caption: "The pixel-control testbed: claims and our checks", label: "tab:envs-claims" },
});
