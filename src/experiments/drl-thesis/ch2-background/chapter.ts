/**
 * `drl-thesis/ch2-background` as a chapter (src/experiments/contract.ts): one run per seed
 * runs the numeric checks T1–T11 and stores every table of tables.ts as one group.
 */
import { initBackend } from "../../../backend/index.js";
import { defineChapter } from "../../contract.js";
import { ch2ClaimRows } from "./claims.js";
import { ch2Config } from "./config.js";
import { ch2CheckTable, ch2Figures } from "./figures.js";
import { runCh2Checks, type Ch2Results } from "./index.js";
import { CH2_CHAPTER, CH2_TABLES, ch2FromStored, ch2Tables } from "./tables.js";

export const ch2Chapter = defineChapter<Ch2Results>({
  id: CH2_CHAPTER,
  config: ch2Config,
  describe: ({ tier, seed }) => {
    const c = ch2Config(tier);
    return [`tier ${tier}, seed ${seed}: ${c.nMdps} random MDPs (γ ∈ {${c.gammas.join(", ")}}), ${c.mcRollouts} Monte-Carlo rollouts, ${c.qlUpdates} Q-learning updates × ${c.qlSeeds} seeds, ${c.reinforceEpisodes} REINFORCE episodes`];
  },
  runs: ({ seed }) => [{ seed, tables: Object.values(CH2_TABLES), label: `seed-${seed}` }],
  backend: async () => ({ ...(await initBackend({ quiet: true })) }),
  async computeRun(run, ctx) {
    const res = runCh2Checks({
      tier: ctx.tier,
      seed: run.seed,
      onCheck: (c) => ctx.log(`${c.id} ${c.passed ? "pass" : "FAIL"}  ${c.title}  (${(c.wallTimeMs / 1000).toFixed(1)} s)`),
    });
    ctx.store(run, ch2Tables(res), { config: res.config as unknown as Record<string, unknown>, wallTimeSec: res.wallTimeMs / 1000, notes: { passedAll: res.passedAll } });
  },
  load: (stored, { seed }) => ch2FromStored(stored, seed),
  notes: (res) => [
    `${res.tier}-tier run, seed ${res.seed}: ${res.checks.filter((c) => c.passed).length}/${res.checks.length} checks pass; it took ${(res.wallTimeMs / 1000).toFixed(1)} s to compute`,
  ],
  tables: (res) => ({ checks: { rows: ch2CheckTable(res), format: { significant: { statistic: 2, tolerance: 2 } } } }),
  figures: async (res) => ch2Figures(res),
  claims: ch2ClaimRows,
});
