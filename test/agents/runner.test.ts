import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { trainRun, type TrainOptions } from "../../src/agents/train.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

const TINY_PIXELS: TrainOptions = {
  env: { id: "cartpole-swingup", observation: "pixels", size: 16, episodeAgentSteps: 40 },
  agent: { algorithm: "sac-ae", hiddenDim: 16, featureDim: 6, numLayers: 2, numFilters: 4, batchSize: 8 },
  seed: 3,
  envSteps: 8 * 160,
  initSteps: 30,
  replayCapacity: 1000,
  evalEvery: 8 * 80,
  evalEpisodes: 1,
  log: null,
};

function withoutWallTime(rows: Record<string, number>[]): Record<string, number>[] {
  return rows.map(({ wallSec: _w, ...rest }) => rest);
}

describe("training runner", () => {
  it("smoke: state SAC on cartpole — losses finite, critic loss falls from its first window, tensors constant", async () => {
    const res = await trainRun({
      env: { id: "cartpole-swingup", observation: "state" },
      agent: { hiddenDim: 32, batchSize: 32 },
      seed: 1, envSteps: 8 * 500, initSteps: 100, replayCapacity: 2000, evalEvery: 8 * 125, evalEpisodes: 1, log: null,
    });
    expect(res.status).toBe("finished");
    expect(res.rows.map((r) => r["envSteps"])).toEqual([0, 1000, 2000, 3000, 4000]);
    const losses = res.rows.slice(1).map((r) => r["criticLoss"]!);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(Math.min(...losses.slice(1))).toBeLessThan(losses[0]!);
    expect(new Set(res.rows.slice(1).map((r) => r["tensors"])).size).toBe(1);
    expect(res.episodes.length).toBe(4);
  });

  it("a run stopped at a checkpoint and resumed ends with exactly the numbers of an uninterrupted run (pixels, SAC+AE)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-resume-"));
    try {
      const full = await trainRun({ ...TINY_PIXELS });
      const ck = path.join(dir, "ck");
      const first = await trainRun({ ...TINY_PIXELS, checkpointDir: ck, checkpointEvery: 8 * 60, stopAfterEnvSteps: 8 * 60 });
      expect(first.status).toBe("stopped");
      const second = await trainRun({ ...TINY_PIXELS, checkpointDir: ck, checkpointEvery: 8 * 60, resume: true });
      fs.mkdirSync(path.join(dir, "keep"));
      fs.cpSync(ck, path.join(dir, "keep", "ck"), { recursive: true });
      expect(second.status).toBe("finished");
      expect(second.resumedFrom).toBe(8 * 80); // first episode end (40 agent steps each) past 480 env steps
      expect(withoutWallTime(second.rows)).toEqual(withoutWallTime(full.rows));
      expect(second.episodes).toEqual(full.episodes);
      expect(full.rows.at(-1)!["auxLoss"]).toBeGreaterThan(0);
      // a checkpoint of another run (other settings) is refused, not silently resumed
      await expect(trainRun({ ...TINY_PIXELS, seed: 4, checkpointDir: path.join(dir, "keep", "ck"), checkpointEvery: 8 * 60, resume: true })).rejects.toThrow(/belongs to another run/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("measures replay memory per transition ≈ one frame (16×16×3 bytes + 14 bytes of bookkeeping)", async () => {
    const res = await trainRun({ ...TINY_PIXELS, envSteps: 8 * 40, evalEvery: 8 * 40 });
    expect(res.replayBytesPerTransition).toBe(16 * 16 * 3 + 4 * 1 + 4 + 1 + 1 + 4); // frame, action (|A| = 1), reward, flags, position
  });
});

describe("parallel seeds (child processes of dist/agents/worker.js)", () => {
  it("runs seeds in worker processes and returns the same numbers as in-process runs", async () => {
    const { runParallel } = await import("../../src/agents/parallel.js");
    const base = {
      env: { id: "cartpole-swingup", observation: "state" as const },
      agent: { hiddenDim: 16, batchSize: 16 },
      envSteps: 8 * 150, initSteps: 50, replayCapacity: 1000, evalEvery: 8 * 75, evalEpisodes: 1,
    };
    const jobs = [1, 2].map((seed) => ({ ...base, seed, label: `s${seed}` }));
    const lines: string[] = [];
    const seen: number[] = [];
    const results = await runParallel(jobs, { workers: 2, log: (l) => lines.push(l), progress: "none", onResult: (i) => seen.push(i) });
    expect(seen.sort()).toEqual([0, 1]);
    expect(lines.some((l) => l.startsWith("s1 | train | E: 1 |"))).toBe(true);
    expect(lines.some((l) => l.startsWith("s2 | eval | S: 1200 |"))).toBe(true);
    for (const [i, seed] of [1, 2].entries()) {
      const local = await trainRun({ ...base, seed, log: null });
      expect(withoutWallTime(results[i]!.rows).map(({ tensors: _t, ...r }) => r)).toEqual(withoutWallTime(local.rows).map(({ tensors: _t, ...r }) => r));
    }
    expect(results[0]!.rows.at(-1)!["return_train"]).not.toBe(results[1]!.rows.at(-1)!["return_train"]);
  });
});
