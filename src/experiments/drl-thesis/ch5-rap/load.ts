/** The chapter's data rebuilt from stored runs alone (what `runSandboxSeed`, `runSampledLossChecks` and the RL study stored). */
import type { StoredRun } from "../../../analysis/results/store.js";
import { findTableRun, tableRows } from "../../../analysis/results/typed.js";
import { ReproError } from "../../../core/errors.js";
import type { Tier } from "../../../core/tiers.js";
import { ch5RapConfig, type Ch5RapConfig } from "./config.js";
import { rlStudyFromStored, type Ch5RlStudy } from "./rl.js";
import { CH5_RAP_CHAPTER, SAMPLED_CHECKS, SANDBOX_EVAL, SANDBOX_LOSS, SANDBOX_MDP, type SampledCheckRow, type SandboxEvalRow, type SandboxLossRow, type SandboxMdpRow } from "./run.js";

type WithSeed<R> = R & { seed: number };

export interface Ch5RapData {
  tier: Tier;
  /** The base seed (the checks run's seed; sandbox seeds are base, base + 1, …). */
  seed: number;
  config: Ch5RapConfig;
  seeds: number[];
  eval: WithSeed<SandboxEvalRow>[];
  loss: WithSeed<SandboxLossRow>[];
  mdp: WithSeed<SandboxMdpRow>[];
  checks: SampledCheckRow[];
  /** Measured wall time of each sandbox seed and of the checks, in seconds. */
  sandboxSeconds: number[];
  checksSeconds: number;
  /** The RL experiments (rl.ts); none at the small tier. */
  study: Ch5RlStudy;
}

export function ch5RapFromStored(runs: readonly StoredRun[], tier: Tier, seed: number): Ch5RapData {
  const cfg = ch5RapConfig(tier);
  const study = rlStudyFromStored(runs, tier, seed);
  if (!cfg.sandbox) return { tier, seed, config: cfg, seeds: [], eval: [], loss: [], mdp: [], checks: [], sandboxSeconds: [], checksSeconds: 0, study };
  const seeds = Array.from({ length: cfg.seeds }, (_, i) => seed + i);
  const need = (table: typeof SANDBOX_EVAL | typeof SANDBOX_LOSS | typeof SANDBOX_MDP | typeof SAMPLED_CHECKS, s: number): StoredRun => {
    const run = findTableRun(runs, table, s);
    if (!run) throw new ReproError(`no stored "${table.experiment}/${table.method}" table for ${CH5_RAP_CHAPTER} seed ${s}; run the notebook with figuresOnly = false to compute it`);
    return run;
  };
  const data: Ch5RapData = { tier, seed, config: cfg, seeds, eval: [], loss: [], mdp: [], checks: [], sandboxSeconds: [], checksSeconds: 0, study };
  for (const s of seeds) {
    const ev = need(SANDBOX_EVAL, s);
    data.eval.push(...tableRows(ev, SANDBOX_EVAL).map((r) => ({ ...r, seed: s })));
    data.loss.push(...tableRows(need(SANDBOX_LOSS, s), SANDBOX_LOSS).map((r) => ({ ...r, seed: s })));
    data.mdp.push(...tableRows(need(SANDBOX_MDP, s), SANDBOX_MDP).map((r) => ({ ...r, seed: s })));
    data.sandboxSeconds.push(ev.meta.wallTimeSec);
  }
  const checks = need(SAMPLED_CHECKS, seed);
  data.checks = tableRows(checks, SAMPLED_CHECKS);
  data.checksSeconds = checks.meta.wallTimeSec;
  return data;
}
