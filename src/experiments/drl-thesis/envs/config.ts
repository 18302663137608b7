/**
 * Settings of the `drl-thesis/envs` notebook per tier. Smoke checks mechanics in seconds;
 * small is the committed run (≤ 10 min on one core); paper uses the same sizes as small
 * (nothing here needs a GPU) with more seeds and longer timing loops.
 */
import { ReproError } from "../../../core/errors.js";
import type { Tier } from "../../../core/tiers.js";
import { SUITE_TASK_IDS } from "../../../envs/dmc/tasks.js";

export interface EnvsConfig {
  tier: Tier;
  /** Control tasks shown and measured (every dm_control-suite task of src/envs). */
  tasks: string[];
  /** Side of the rendered frames in the image grids (pixels). */
  frameSize: number;
  /** Agent steps of a seeded random-action episode before the frame of each grid is taken. */
  frameAtStep: number;
  /** Tasks of the task × distraction grid. */
  gridTasks: string[];
  /** Seeds (independent episode streams) for the returns. */
  seeds: number[];
  /** Episodes per seed and task. */
  episodes: number;
  /** Agent steps per episode; null = the full episode (1000 control steps). */
  episodeAgentSteps: number | null;
  /** Include highway (CARLA substitute) in the returns. */
  highway: boolean;
  /** Seconds per timed loop of `benchEnvs`. */
  benchSeconds: number;
  /** Resets in benchEnvs' memory check. */
  benchMemoryEpisodes: number;
  /** Random-policy episodes inside benchEnvs (it measures its own). */
  benchRandomEpisodes: number;
}

// the suite tasks only: door-open (issue 15 item 4) is not in the committed envs run
export const ALL_CONTROL_TASKS: readonly string[] = SUITE_TASK_IDS;

export function envsConfig(tier: Tier): EnvsConfig {
  const base = { tasks: [...ALL_CONTROL_TASKS], gridTasks: ["cartpole-swingup", "cheetah-run", "walker-walk", "finger-spin"], highway: true };
  switch (tier) {
    case "smoke":
      return { ...base, tier, frameSize: 48, frameAtStep: 5, seeds: [0], episodes: 1, episodeAgentSteps: 50, benchSeconds: 0.05, benchMemoryEpisodes: 20, benchRandomEpisodes: 1 };
    case "small":
      return { ...base, tier, frameSize: 84, frameAtStep: 20, seeds: [0, 1, 2], episodes: 5, episodeAgentSteps: null, benchSeconds: 2, benchMemoryEpisodes: 10_000, benchRandomEpisodes: 1 };
    case "paper":
      return { ...base, tier, frameSize: 84, frameAtStep: 20, seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], episodes: 10, episodeAgentSteps: null, benchSeconds: 5, benchMemoryEpisodes: 10_000, benchRandomEpisodes: 3 };
    default:
      throw new ReproError(`tier must be smoke, small or paper, got ${JSON.stringify(tier)}`);
  }
}
