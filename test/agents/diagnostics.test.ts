/**
 * Agent diagnostics logged by the runner with each evaluation (agents/sac.ts `diagnostics`):
 * AMBS logs its weight c = softmax(η)₁ (thesis Figs. 4.9–4.10), in (0, 1) and moving as η trains,
 * and the per-dimension mean |φ_r|, |φ_d| of its LayerNorm output before the c-scaling (Fig. 4.11);
 * agents without diagnostics (SAC) log no extra column, so their stored curves keep their schema;
 * a study names the columns it stores (`diagnostics`), so a new diagnostic never changes them.
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

  it("AMBS logs the embedding norms of φ_r and φ_d before the c-scaling: NaN before any update, then LayerNorm-sized", async () => {
    const res = await trainRun({ ...RUN, agent: { algorithm: "ambs", augPad: 1, ...TINY, featureDim: 16 } });
    const first = res.rows[0]!;
    expect(first["phiRewardAbs"]).toBeNaN();
    expect(first["phiDynAbs"]).toBeNaN();
    for (const row of res.rows.slice(1)) {
      // LayerNorm output (gain ≈ 1, bias ≈ 0 this early): per-row mean 0 and mean square 1, so the mean |·| over all
      // 16 dims is in (0.25, 1]; measured after the c-scaling (c ≈ ½) it would be half of it
      const all = (row["phiRewardAbs"]! + row["phiDynAbs"]!) / 2;
      expect(all).toBeGreaterThan(0.6);
      expect(all).toBeLessThanOrEqual(1.01);
    }
  }, 120_000);

  it("one embedding (AMBS w/o c): φ_r is NaN and the whole embedding is φ_d; a study's column list filters, an unknown name is an error", async () => {
    const res = await trainRun({ ...RUN, envSteps: 8 * 60, diagnostics: ["c", "phiRewardAbs", "phiDynAbs"], agent: { algorithm: "ambs", augPad: 1, weighting: "none", ...TINY } });
    expect(res.rows.at(-1)!["phiRewardAbs"]).toBeNaN();
    expect(res.rows.at(-1)!["phiDynAbs"]).toBeGreaterThan(0.3);
    const onlyC = await trainRun({ ...RUN, envSteps: 8 * 40, diagnostics: ["c"], agent: { algorithm: "ambs", augPad: 1, ...TINY } });
    expect(Object.keys(onlyC.rows[0]!).at(-1)).toBe("c");
    expect(Object.keys(onlyC.rows[0]!)).not.toContain("phiDynAbs");
    await expect(trainRun({ ...RUN, envSteps: 8 * 40, diagnostics: ["norm"], agent: { algorithm: "sac", hiddenDim: 16, batchSize: 8, numLayers: 2, numFilters: 4, featureDim: 6 } }))
      .rejects.toThrow(/diagnostic "norm" is not logged by sac; it logs: none/);
  }, 120_000);

  it("SAC logs no diagnostics column", async () => {
    const res = await trainRun({ ...RUN, envSteps: 8 * 40, agent: { algorithm: "sac", hiddenDim: 16, batchSize: 8, numLayers: 2, numFilters: 4, featureDim: 6 } });
    expect(Object.keys(res.rows[0]!)).not.toContain("c");
    expect(Object.keys(res.rows[0]!).at(-1)).toBe("wallSec");
  }, 120_000);
});
