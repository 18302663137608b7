/**
 * Agent diagnostics logged by the runner with each evaluation (agents/sac.ts `diagnostics`):
 * AMBS logs its weight c = softmax(η)₁ (thesis Figs. 4.9–4.10), in (0, 1) and moving as η trains;
 * agents without diagnostics (SAC) log no extra column, so their stored curves keep their schema.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { trainRun } from "../../src/agents/train.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

const ENV = { id: "cartpole-swingup", observation: "pixels" as const, size: 16, episodeAgentSteps: 30 };
const TINY = { hiddenDim: 16, batchSize: 8, numLayers: 2, numFilters: 4, featureDim: 6, metaHidden: 8, modelWidth: 16 };
const RUN = { env: ENV, seed: 0, envSteps: 8 * 90, initSteps: 20, replayCapacity: 200, evalEvery: 8 * 30, evalEpisodes: 1, log: null };

describe("runner diagnostics", () => {
  it("AMBS logs c with every evaluation: ½ before any update, then in (0, 1) and moved", async () => {
    const res = await trainRun({ ...RUN, agent: { algorithm: "ambs", augPad: 1, ...TINY } });
    const c = res.rows.map((r) => r["c"]!);
    expect(c.length).toBe(res.rows.length);
    expect(c[0]).toBeCloseTo(0.5, 6);
    expect(c.every((x) => x > 0 && x < 1)).toBe(true);
    expect(c.at(-1)).not.toBeCloseTo(0.5, 6);
  }, 120_000);

  it("SAC logs no diagnostics column", async () => {
    const res = await trainRun({ ...RUN, envSteps: 8 * 40, agent: { algorithm: "sac", hiddenDim: 16, batchSize: 8, numLayers: 2, numFilters: 4, featureDim: 6 } });
    expect(Object.keys(res.rows[0]!)).not.toContain("c");
    expect(Object.keys(res.rows[0]!).at(-1)).toBe("wallSec");
  }, 120_000);
});
