/**
 * Random-policy and scripted-policy episode returns. Rewards do not depend on the
 * observation, so returns are measured with state observations (pixels would only cost
 * rendering time; distractions change pixels, never rewards or dynamics).
 *
 * Random policy: every action component uniform in [−1, 1] each agent step, at the task's
 * default action repeat (rewards summed over the repeat, as DBC / SAC-AE / DrQ do).
 * Seeding: episode e of seed k resets the env with seed 1000·k + e and draws actions from
 * `new Rng(seed).fork("actions/<task>/<e>")`, so every number is reproducible from the seed.
 */
import { Rng } from "../../../core/rng.js";
import { intervalEstimate } from "../../../analysis/stats/bootstrap.js";
import { makeEnv } from "../../../envs/index.js";
import type { Env } from "../../../envs/types.js";
import type { EnvsConfig } from "./config.js";
import { scriptedPolicyFor, SCRIPTED_TASKS, type StatePolicy } from "./scripted.js";

export type PolicyKind = "random" | "scripted";

export interface ReturnRow {
  task: string;
  policy: PolicyKind;
  seed: number;
  episode: number;
  /** Sum of rewards over the episode. */
  return: number;
  agentSteps: number;
  /** Control steps (= agent steps × action repeat). */
  envSteps: number;
  actionRepeat: number;
  wallMs: number;
}

/** Run one episode; `maxAgentSteps` cuts it short (smoke tier). */
export function runEpisode(env: Env, act: (obs: Float64Array) => number[], resetSeed: number, maxAgentSteps: number | null): { ret: number; agentSteps: number; envSteps: number } {
  let obs = env.reset({ seed: resetSeed }).observation as Float64Array;
  let ret = 0;
  let agentSteps = 0;
  let envSteps = 0;
  for (;;) {
    const r = env.step(act(obs));
    ret += r.reward;
    agentSteps = r.info.agentSteps;
    envSteps = r.info.envSteps;
    obs = r.observation as Float64Array;
    if (r.terminated || r.truncated || (maxAgentSteps !== null && agentSteps >= maxAgentSteps)) break;
  }
  return { ret, agentSteps, envSteps };
}

function randomPolicy(env: Env, rng: Rng): StatePolicy {
  const n = env.actionSpec.shape[0]!;
  return () => Array.from({ length: n }, () => rng.uniformIn(-1, 1));
}

/** Returns of one (task, policy, seed): `cfg.episodes` episodes. */
export async function taskReturns(task: string, policy: PolicyKind, seed: number, cfg: Pick<EnvsConfig, "episodes" | "episodeAgentSteps">): Promise<ReturnRow[]> {
  const env = await makeEnv(task, { observation: "state", seed });
  const rows: ReturnRow[] = [];
  try {
    for (let e = 0; e < cfg.episodes; e++) {
      const act = policy === "random" ? randomPolicy(env, new Rng(seed).fork(`actions/${task}/${e}`)) : scriptedPolicyFor(task, env);
      if (!act) throw new Error(`no scripted controller for ${task}`);
      const t0 = performance.now();
      const r = runEpisode(env, act, 1000 * seed + e, cfg.episodeAgentSteps);
      rows.push({ task, policy, seed, episode: e, return: r.ret, agentSteps: r.agentSteps, envSteps: r.envSteps, actionRepeat: env.actionRepeat, wallMs: performance.now() - t0 });
    }
  } finally {
    env.close();
  }
  return rows;
}

/** Every task × policy × seed of the config (scripted only where a controller exists). */
export async function allReturns(cfg: EnvsConfig, onTask?: (task: string, policy: PolicyKind, rows: ReturnRow[]) => void): Promise<ReturnRow[]> {
  const tasks = [...cfg.tasks, ...(cfg.highway ? ["highway"] : [])];
  const out: ReturnRow[] = [];
  for (const task of tasks) {
    for (const policy of ["random", "scripted"] as const) {
      if (policy === "scripted" && !SCRIPTED_TASKS.includes(task)) continue;
      const rows: ReturnRow[] = [];
      for (const seed of cfg.seeds) rows.push(...(await taskReturns(task, policy, seed, cfg)));
      onTask?.(task, policy, rows);
      out.push(...rows);
    }
  }
  return out;
}

export interface ReturnSummary {
  task: string;
  policy: PolicyKind;
  episodes: number;
  seeds: number;
  mean: number;
  /** 95 % percentile-bootstrap interval of the mean over all episodes (seeds × episodes pooled). */
  lo: number;
  hi: number;
  min: number;
  max: number;
  envStepsPerEpisode: number;
}

/** Mean ± 95 % CI per (task, policy). Bootstrap: 2000 resamples of episodes, fixed seed. */
export function summarizeReturns(rows: readonly ReturnRow[], bootstrapSeed = 0): ReturnSummary[] {
  const keys = [...new Set(rows.map((r) => `${r.task}\u0000${r.policy}`))];
  return keys.map((key) => {
    const [task, policy] = key.split("\u0000") as [string, PolicyKind];
    const rs = rows.filter((r) => r.task === task && r.policy === policy);
    const values = Float64Array.from(rs.map((r) => r.return));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    let lo = mean, hi = mean;
    if (values.length > 1) {
      const iv = intervalEstimate({ runs: values.length, tasks: 1, values }, (m) => m.values.reduce((a, b) => a + b, 0) / m.values.length, { reps: 2000, seed: bootstrapSeed });
      lo = Math.min(iv.lo, mean);
      hi = Math.max(iv.hi, mean);
    }
    return {
      task, policy, episodes: rs.length, seeds: new Set(rs.map((r) => r.seed)).size, mean, lo, hi,
      min: Math.min(...values), max: Math.max(...values), envStepsPerEpisode: rs[0]!.envSteps,
    };
  });
}
