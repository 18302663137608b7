import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { trainRun, type TrainOptions } from "../../src/agents/train.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

const OPTS: TrainOptions = {
  env: { id: "cartpole-swingup", observation: "pixels", size: 16, episodeAgentSteps: 50 },
  agent: { algorithm: "sac-ae", hiddenDim: 16, featureDim: 6, numLayers: 2, numFilters: 4, batchSize: 8 },
  seed: 0, envSteps: 8 * 100, initSteps: 40, replayCapacity: 500, evalEvery: 8 * 50, evalEpisodes: 1, log: null,
};

describe("determinism", () => {
  it("the same seed gives the same run twice in one process", async () => {
    const a = await trainRun(OPTS);
    const b = await trainRun(OPTS);
    const strip = (rows: Record<string, number>[]) => rows.map(({ wallSec: _w, ...r }) => r);
    expect(strip(b.rows)).toEqual(strip(a.rows));
  });
});
