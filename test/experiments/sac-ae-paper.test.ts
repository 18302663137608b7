import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { trainRun } from "../../src/agents/train.js";
import { planJobs } from "../../src/experiments/agent-study/index.js";
import { tierExperiments } from "../../src/experiments/sac-ae/index.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

describe("sac-ae paper tier", () => {
  it("starts with the documents' settings (84×84, batch 128, 1024 hidden, 4×32 convs) and runs a few updates", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-sac-ae-paper-"));
    try {
      const { planned } = planJobs({ chapter: "sac-ae", tier: "paper", experiments: tierExperiments("paper"), root, only: (_e, m, s) => m === "sac-ae" && s === 0 });
      expect(planned.length).toBe(1);
      const job = planned[0]!.job;
      expect(job.agent).toMatchObject({ hiddenDim: 1024, batchSize: 128, numLayers: 4, numFilters: 32, featureDim: 50 });
      expect(job.env).toMatchObject({ id: "cheetah-run", size: 84, observation: "pixels" });
      expect(job.envSteps).toBe(1_000_000);
      // cut here: 3 agent steps with 2 random ones; at the third, the reference's burst of
      // init_steps updates: 2 full updates on 84×84 batches of 128
      const res = await trainRun({ ...job, envSteps: 4 * 3, initSteps: 2, evalEvery: 1e9, evalEpisodes: 1, checkpointDir: undefined, resume: false, log: null, env: { ...job.env, episodeAgentSteps: 20 } });
      expect(res.rows.at(-1)!["updates"]).toBe(2);
      expect(Number.isFinite(res.rows.at(-1)!["criticLoss"]!)).toBe(true);
      expect(res.parameterCount).toBeGreaterThan(4_000_000);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 600_000);
});
