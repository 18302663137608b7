/** Run the measured parts of the chapter: returns, throughput, reward checks. */
import { ReproError } from "../../../core/errors.js";
import { loadMujoco, mujocoVersion } from "../../../envs/mujoco/adapter.js";
import type { Tier } from "../../../core/tiers.js";
import { envsConfig, type EnvsConfig } from "./config.js";
import { allReturns, type PolicyKind, type ReturnRow } from "./returns.js";
import { rewardChecks, type RewardCheck } from "./reward-checks.js";
import { measureThroughput, type ThroughputResult } from "./throughput.js";

export const ENVS_CHAPTER = "drl-thesis/envs";

export interface EnvsResults {
  chapter: typeof ENVS_CHAPTER;
  tier: Tier;
  /** Base seed; the returns use seeds base + cfg.seeds[i]. */
  seed: number;
  config: EnvsConfig;
  mujocoVersion: string;
  returns: ReturnRow[];
  throughput: ThroughputResult;
  rewardChecks: RewardCheck[];
  /** Wall time of the returns part (seconds). */
  returnsWallTimeSec: number;
  wallTimeSec: number;
}

export interface RunEnvsOptions {
  tier: Tier;
  seed: number;
  /** Progress lines (one per task × policy, and per phase). */
  log?: (line: string) => void;
  /** Skip the throughput benchmark (tests). */
  skipThroughput?: boolean;
}

export async function runEnvsChapter(opts: RunEnvsOptions): Promise<EnvsResults> {
  if (!Number.isInteger(opts.seed) || opts.seed < 0) throw new ReproError(`seed must be a non-negative integer, got ${opts.seed}`);
  const base = envsConfig(opts.tier);
  const config: EnvsConfig = { ...base, seeds: base.seeds.map((s) => s + opts.seed) };
  const log = opts.log ?? (() => {});
  const t0 = performance.now();
  await loadMujoco();
  const checks = rewardChecks();
  log(`reward checks: ${checks.length}, max |error| ${Math.max(...checks.map((c) => c.error)).toExponential(1)}`);
  const returns = await allReturns(config, (task: string, policy: PolicyKind, rows: ReturnRow[]) => {
    const m = rows.reduce((a, r) => a + r.return, 0) / rows.length;
    log(`${policy.padEnd(8)} ${task.padEnd(18)} mean return ${m.toFixed(1)} over ${rows.length} episodes (${(rows.reduce((a, r) => a + r.wallMs, 0) / 1000).toFixed(1)} s)`);
  });
  const returnsWallTimeSec = (performance.now() - t0) / 1000;
  let throughput: ThroughputResult;
  if (opts.skipThroughput) {
    throughput = { rows: [], raw: {}, loadAverage1m: 0, cpus: 0, cpuModel: "skipped", wallTimeSec: 0 };
  } else {
    log("throughput: benchEnvs() …");
    throughput = await measureThroughput(config);
    log(`throughput done in ${throughput.wallTimeSec.toFixed(1)} s (1-min load average ${throughput.loadAverage1m} on ${throughput.cpus} cores)`);
  }
  return {
    chapter: ENVS_CHAPTER, tier: opts.tier, seed: opts.seed, config, mujocoVersion: String(mujocoVersion()), returns, throughput,
    rewardChecks: checks, returnsWallTimeSec, wallTimeSec: (performance.now() - t0) / 1000,
  };
}
