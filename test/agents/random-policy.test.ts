/**
 * The random-policy anchor (agents/train.ts randomPolicyRun): evaluations at 0, every evalEvery
 * env steps and at the end, uniform actions, reproducible from the seed, no learning; and it
 * plays the very evaluation episodes trainRun plays (same reset seeds), checked by evaluating a
 * fixed policy both ways.
 */
import { describe, expect, it } from "vitest";
import { episodeSeed, evaluatePolicy, makeTrainEnv, randomPolicyRun } from "../../src/agents/train.js";

const ENV = { id: "cartpole-swingup", observation: "pixels" as const, size: 16, episodeAgentSteps: 40 };

describe("randomPolicyRun", () => {
  it("evaluates on trainRun's schedule, on state observations, reproducibly from the seed", async () => {
    const opts = { env: ENV, seed: 3, envSteps: 1000, evalEvery: 400, evalEpisodes: 2 };
    const a = await randomPolicyRun(opts);
    expect(a.rows.map((r) => r["envSteps"])).toEqual([0, 400, 800, 1000]);
    expect(a.rows.every((r) => r["updates"] === 0 && Number.isNaN(r["criticLoss"]!))).toBe(true);
    const b = await randomPolicyRun(opts);
    expect(b.rows.map((r) => r["return_train"])).toEqual(a.rows.map((r) => r["return_train"]));
    const c = await randomPolicyRun({ ...opts, seed: 4 });
    expect(c.rows.map((r) => r["return_train"])).not.toEqual(a.rows.map((r) => r["return_train"]));
    // returns are sums of rewards in [0, 1] over at most 40 agent steps × action repeat 8
    for (const r of a.rows) expect(r["return_train"]!).toBeGreaterThanOrEqual(0), expect(r["return_train"]!).toBeLessThanOrEqual(40 * 8);
  });

  it("rejects a schedule that cannot evaluate", async () => {
    await expect(randomPolicyRun({ env: ENV, seed: 0, envSteps: 100, evalEvery: 0, evalEpisodes: 1 })).rejects.toThrow(/evalEvery/);
  });

  it("evaluation episodes start from trainRun's reset seeds (eval env seed + 100000, episodeSeed)", async () => {
    const env = await makeTrainEnv({ ...ENV, observation: "state" }, 7 + 100_000, "train");
    const first = env.reset({ seed: episodeSeed(7, "eval-train-2", 1) }).observation;
    let seen: ArrayLike<number> | null = null;
    evaluatePolicy((o) => { if (seen === null) seen = Array.from(o); return [0]; }, env, 1, 7, 2, "train", 1);
    // one episode: the first observation evaluatePolicy sees is that of reset seed episodeSeed(7, "eval-train-2", 0)
    const again = env.reset({ seed: episodeSeed(7, "eval-train-2", 0) }).observation;
    expect(seen).toEqual(Array.from(again));
    expect(Array.from(first)).not.toEqual(Array.from(again));
    env.close();
  });
});
