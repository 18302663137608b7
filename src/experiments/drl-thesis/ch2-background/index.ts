/**
 * Chapter 2 (Background of Deep RL) of Chen (2022): the chapter's equations turned into
 * numeric checks on small random finite MDPs (research note seed000-ch1-4 §6, T1–T11).
 *
 *   const res = runCh2Checks({ tier: "small", seed: 0 });
 *   res.checks.map((c) => [c.id, c.passed, c.statistic, c.tolerance]);
 *
 * All randomness flows from `seed` through `Rng.fork(label)`, so every check draws the same
 * numbers whichever subset of checks runs.
 */

import { ReproError } from "../../../core/errors.js";
import { Rng } from "../../../core/rng.js";
import { checkAdvantage } from "./advantage.js";
import { checkBellmanExpectation, checkQvConsistency } from "./bellman.js";
import { type Ch2Config, ch2Config } from "./config.js";
import { checkDqnLoss } from "./dqn-loss.js";
import { checkOptimality } from "./optimality.js";
import { checkPolicyGradient, checkReinforce } from "./policy-gradient.js";
import { checkPpoClip } from "./ppo-clip.js";
import { checkQLearning } from "./q-learning.js";
import { checkSoftBellman } from "./soft-bellman.js";
import { checkSquashedGaussian } from "./squashed-gaussian.js";
import { mdpSuite } from "./suite.js";
import type { Tier } from "../../../core/tiers.js";
import type { CheckResult } from "./types.js";

export * from "./types.js";
export * from "./config.js";
export * from "./suite.js";
export * from "./bellman.js";
export * from "./optimality.js";
export * from "./q-learning.js";
export * from "./dqn-loss.js";
export * from "./policy-gradient.js";
export * from "./advantage.js";
export * from "./ppo-clip.js";
export * from "./soft-bellman.js";
export * from "./squashed-gaussian.js";
export * from "./claims.js";

export const CH2_CHECK_IDS = ["T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11"] as const;
export type Ch2CheckId = (typeof CH2_CHECK_IDS)[number];

export interface Ch2Options {
  tier: Tier;
  seed: number;
  /** Run only these checks (default: all). */
  only?: readonly Ch2CheckId[];
  /** Called after each check (for progress output). */
  onCheck?: (c: CheckResult) => void;
}

export interface Ch2Results {
  chapter: "drl-thesis/ch2-background";
  tier: Tier;
  seed: number;
  config: Ch2Config;
  checks: CheckResult[];
  passedAll: boolean;
  wallTimeMs: number;
}

/** Run the Chapter 2 numeric checks and return plain-JSON results. */
export function runCh2Checks(opts: Ch2Options): Ch2Results {
  const t0 = Date.now();
  const cfg = ch2Config(opts.tier);
  if (!Number.isInteger(opts.seed) || opts.seed < 0) {
    throw new ReproError(`seed must be a non-negative integer, got ${opts.seed}`);
  }
  const wanted = new Set<string>(opts.only ?? CH2_CHECK_IDS);
  for (const id of wanted) {
    if (!(CH2_CHECK_IDS as readonly string[]).includes(id)) {
      throw new ReproError(`unknown Chapter 2 check "${id}"; choose from ${CH2_CHECK_IDS.join(", ")}`);
    }
  }
  const root = new Rng(opts.seed);
  const cases = mdpSuite(root.fork("mdp-suite"), cfg.nMdps, cfg.gammas);
  const runners: Record<Ch2CheckId, () => CheckResult> = {
    T1: () => checkBellmanExpectation(root.fork("T1"), cases, cfg),
    T2: () => checkQvConsistency(cases),
    T3: () => checkOptimality(root.fork("T3"), cases, cfg),
    T4: () => checkQLearning(root.fork("T4"), cfg),
    T5: () => checkDqnLoss(root.fork("T5"), cases, cfg),
    T6: () => checkPolicyGradient(cases, cfg),
    T7: () => checkReinforce(root.fork("T7"), cases, cfg),
    T8: () => checkAdvantage(root.fork("T8"), cases),
    T9: () => checkPpoClip(root.fork("T9"), cfg),
    T10: () => checkSoftBellman(cases),
    T11: () => checkSquashedGaussian(root.fork("T11"), cfg),
  };
  const checks: CheckResult[] = [];
  for (const id of CH2_CHECK_IDS) {
    if (!wanted.has(id)) continue;
    const c = runners[id]();
    checks.push(c);
    opts.onCheck?.(c);
  }
  return {
    chapter: "drl-thesis/ch2-background",
    tier: opts.tier,
    seed: opts.seed,
    config: cfg,
    checks,
    passedAll: checks.every((c) => c.passed),
    wallTimeMs: Date.now() - t0,
  };
}
export * from "./tables.js";
export * from "./chapter.js";
export * from "./figures.js";
