/** Building blocks of the `drl-thesis/envs` notebook: controllers, returns, CIs, store round trip, claims. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { validateClaims } from "../../src/analysis/tables/claims.js";
import { loadMujoco } from "../../src/envs/mujoco/adapter.js";
import { readRuns } from "../../src/analysis/results/store.js";
import {
  ENVS_CHAPTER, envsChapter, envsClaimRows, envsConfig, envsFromStored, reacherController, returnsTable, rewardChecks,
  runEnvsChapter, summarizeReturns, taskReturns, type EnvsResults, type ReturnRow,
} from "../../src/experiments/drl-thesis/envs/index.js";
import { loadOrCompute } from "../../src/experiments/load-or-compute.js";

beforeAll(async () => {
  await loadMujoco();
});

describe("scripted controllers", () => {
  it("swing up and balance cartpole at the default action repeat (8): return > 500 on full episodes", async () => {
    const rows = await taskReturns("cartpole-swingup", "scripted", 0, { episodes: 2, episodeAgentSteps: null });
    expect(rows.map((r) => r.envSteps)).toEqual([1000, 1000]);
    for (const r of rows) expect(r.return).toBeGreaterThan(500);
    const random = await taskReturns("cartpole-swingup", "random", 0, { episodes: 2, episodeAgentSteps: null });
    expect(Math.max(...random.map((r) => r.return))).toBeLessThan(Math.min(...rows.map((r) => r.return)));
  });

  it("reacher: the Jacobian-transpose torque is a descent direction of the fingertip distance", () => {
    // Arm at q = (0, π/2): fingertip at (0.12, 0.12). Target straight above at (0.12, 0.3): e = (0, 0.18).
    // J = [[−0.12, −0.12], [0.12, 0]] → Jᵀe = (0.12·0.18, 0) = (0.0216, 0): shoulder turns counter-clockwise.
    const a = reacherController(Float64Array.from([0, Math.PI / 2, 0, 0.18, 0, 0]), { k: 1, d: 0 });
    expect(a[0]).toBeCloseTo(0.0216, 12);
    expect(a[1]).toBeCloseTo(0, 12);
  });

  it("reacher-easy: the controller touches the target for most of an episode; random does not", async () => {
    const s = await taskReturns("reacher-easy", "scripted", 1, { episodes: 2, episodeAgentSteps: null });
    const r = await taskReturns("reacher-easy", "random", 1, { episodes: 2, episodeAgentSteps: null });
    expect(s.reduce((a, x) => a + x.return, 0) / 2).toBeGreaterThan(500);
    expect(r.reduce((a, x) => a + x.return, 0) / 2).toBeLessThan(300);
  });
});

describe("summaries", () => {
  const row = (task: string, ret: number, seed: number, episode: number): ReturnRow => ({
    task, policy: "random", seed, episode, return: ret, agentSteps: 125, envSteps: 1000, actionRepeat: 8, wallMs: 1,
  });

  it("mean and a 95 % bootstrap interval that contains it and stays within the data range", () => {
    const [s] = summarizeReturns([row("t", 1, 0, 0), row("t", 2, 0, 1), row("t", 3, 1, 0), row("t", 10, 1, 1)]);
    expect(s!.mean).toBe(4);
    expect(s!.episodes).toBe(4);
    expect(s!.seeds).toBe(2);
    expect(s!.lo).toBeGreaterThanOrEqual(1);
    expect(s!.hi).toBeLessThanOrEqual(10);
    expect(s!.lo).toBeLessThan(4);
    expect(s!.hi).toBeGreaterThan(4);
    expect([s!.min, s!.max]).toEqual([1, 10]);
  });

  it("compares only full episodes with the reference ranges", () => {
    const full = returnsTable(summarizeReturns([row("cheetah-run", 5, 0, 0), row("cheetah-run", 7, 0, 1)]));
    expect(full[0]!.inRange).toBe("yes");
    const outside = returnsTable(summarizeReturns([row("cheetah-run", 500, 0, 0)]));
    expect(outside[0]!.inRange).toBe("no");
    const short = returnsTable(summarizeReturns([{ ...row("cheetah-run", 500, 0, 0), envSteps: 200 }]));
    expect(short[0]!.inRange).toBe("");
  });

  it("reward checks: every hand-derived value matches to 1e-12", () => {
    const checks = rewardChecks();
    expect(checks.length).toBeGreaterThan(50);
    for (const c of checks) expect(c.error, c.what).toBeLessThanOrEqual(1e-12);
  });
});

describe("smoke run, store and load", () => {
  let res: EnvsResults;
  let root: string;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "envs-nb-parts-"));
    res = await runEnvsChapter({ tier: "smoke", seed: 3, skipThroughput: true });
  }, 120_000);

  it("covers every task with random and the four scripted tasks, with offset seeds and short episodes", () => {
    const cfg = envsConfig("smoke");
    expect(res.config.seeds).toEqual(cfg.seeds.map((s) => s + 3));
    const random = res.returns.filter((r) => r.policy === "random");
    expect(new Set(random.map((r) => r.task)).size).toBe(cfg.tasks.length + 1);
    expect(new Set(res.returns.filter((r) => r.policy === "scripted").map((r) => r.task))).toEqual(new Set(["cartpole-swingup", "reacher-easy", "reacher-hard", "highway"]));
    for (const r of res.returns) expect(r.agentSteps).toBe(50);
  });

  it("round-trips through the results store: loaded rows equal the computed ones, in run order", async () => {
    const { data: back, computed } = await loadOrCompute(envsChapter, { tier: "smoke", seed: 3, root });
    expect(computed.map((r) => r.label)).toEqual(["seed-3"]);
    const stored = readRuns({ root, chapter: ENVS_CHAPTER }).map((r) => `${r.experiment}/${r.method}`);
    expect(stored).toEqual(["returns/random", "returns/scripted", "reward-checks/closed-form", "throughput/bench-envs"]);
    const noClock = (rows: readonly ReturnRow[]) => rows.map(({ wallMs: _wall, ...r }) => r);
    expect(noClock(back.returns)).toEqual(noClock(res.returns));
    expect(back.rewardChecks).toEqual(res.rewardChecks);
    expect(back.config).toEqual(res.config);
    expect(back.throughput.rows.length).toBeGreaterThan(0);
    expect(() => envsFromStored(readRuns({ root, chapter: ENVS_CHAPTER }), 4)).toThrow(/no stored results for seed 4/);
  }, 120_000);

  it("claims table is valid and names the CARLA substitute", () => {
    const claims = envsClaimRows(res);
    expect(() => validateClaims(claims)).not.toThrow();
    expect(claims.find((c) => c.source.includes("§4.6.8"))?.verdict).toBe("not reproducible here");
    expect(claims[0]!.verdict).toBe("reproduced");
  });
});
