/**
 * A sweep as the CLI names it (chapter id, tier, chapter seeds) turned into its jobs and the
 * results store they belong in. Bad input is a one-line error before anything runs.
 */
import { resultsRootFor } from "../core/paths.js";
import { ReproError } from "../core/errors.js";
import { checkTier, type Tier } from "../core/tiers.js";
import type { AnyChapterDefinition } from "../experiments/contract.js";
import { chapterDefinition, getChapter } from "../experiments/registry.js";
import { parseSeeds, planJobs, type Job } from "./jobs.js";

export interface SweepPlan {
  def: AnyChapterDefinition;
  tier: Tier;
  seeds: number[];
  jobs: Job[];
  /** The results store of the tier on this machine (`resultsRootFor`, i.e. REPRORL_OUTPUT_ROOT when set). */
  root: string;
}

export async function planSweep(opts: { chapter: string; tier?: string; seeds?: string }): Promise<SweepPlan> {
  const ch = getChapter(opts.chapter);
  const tier = checkTier(opts.tier ?? "small");
  if (!ch.tiers.includes(tier)) throw new ReproError(`chapter ${ch.id} has no ${tier} tier (it has ${ch.tiers.join(", ")})`);
  const seeds = parseSeeds(opts.seeds ?? "0");
  const def = await chapterDefinition(ch.id);
  return { def, tier, seeds, jobs: planJobs(def, { tier, seeds }), root: resultsRootFor(tier) };
}

/** "0-3" style text of a seed list, for messages and for the commands a sweep writes. */
export function seedsText(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length; ) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j]! + 1) j++;
    parts.push(j > i ? `${seeds[i]}-${seeds[j]}` : String(seeds[i]));
    i = j + 1;
  }
  return parts.join(",");
}
