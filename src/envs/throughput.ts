/**
 * Environment throughput (issue 5, item 7): speeds of the pixel pipeline and the physics,
 * memory over many episodes, and random-policy returns. Prints nothing; returns numbers.
 * One measurement, used by the benchmark runner (src/bench/envs.ts) and by the envs chapter
 * (src/experiments/drl-thesis/envs/throughput.ts).
 *
 * Targets: cheetah-run at 64×64 pixels with action repeat 4 ≥ 1,000 agent steps/s on one
 * core; the renderer alone ≥ 5,000 frames/s at 64×64.
 */

import { Rng } from "../core/rng.js";
import { ControlEnv } from "./dmc/control-env.js";
import { DMC_TASKS } from "./dmc/tasks.js";
import { HighwayEnv } from "./driving/highway.js";
import { loadMujoco, mujocoVersion, wasmHeapBytes } from "./mujoco/adapter.js";
import { SoftwareRenderer } from "./render/renderer.js";
import { SceneExtractor } from "./render/scene.js";
import { FLOOR_CHECKER_2 } from "./dmc/models.js";

export interface BenchEnvsOptions {
  /** Seconds per timed loop (default 2). */
  seconds?: number;
  /** Episodes (resets) in the memory check (default 10,000). */
  memoryEpisodes?: number;
  /** Task used for the memory check (default cartpole-swingup: cheap resets). */
  memoryTask?: string;
  /** Random-policy episodes per task (default 3). */
  randomEpisodes?: number;
}

function timed(seconds: number, body: () => void): number {
  // Warm-up, then count iterations for `seconds`.
  for (let i = 0; i < 20; i++) body();
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < seconds * 1000) {
    for (let k = 0; k < 10; k++) body();
    n += 10;
  }
  return (n / (performance.now() - t0)) * 1000;
}

function randomActions(env: { actionSpec: { shape: readonly number[] } }, rng: Rng): () => number[] {
  const n = env.actionSpec.shape[0]!;
  return () => Array.from({ length: n }, () => rng.uniformIn(-1, 1));
}

export async function benchEnvs(opts: BenchEnvsOptions = {}): Promise<Record<string, unknown>> {
  await loadMujoco();
  const seconds = opts.seconds ?? 2;
  const out: Record<string, unknown> = { mujocoVersion: mujocoVersion() };

  // Pixel pipeline: cheetah-run, 64×64, repeat 4, 3-frame stack.
  for (const size of [64, 84]) {
    const env = new ControlEnv("cheetah-run", { observation: "pixels", size, actionRepeat: 4 });
    const rng = new Rng(0);
    const act = randomActions(env, rng);
    env.reset({ seed: 0 });
    out[`cheetahRun_pixels${size}_repeat4_agentStepsPerSec`] = Math.round(timed(seconds, () => {
      if (env.step(act()).truncated) env.reset();
    }));
    // Renderer alone on the current cheetah scene.
    const renderer = new SoftwareRenderer(size, size);
    const scene = new SceneExtractor(env.physics, "side", [...FLOOR_CHECKER_2] as [number, number, number]).update();
    const frame = new Uint8Array(size * size * 3);
    out[`renderer_cheetah${size}_framesPerSec`] = Math.round(timed(seconds, () => renderer.render(scene, frame)));
    env.close();
  }
  out.targets = { cheetahRun_pixels64_repeat4_agentStepsPerSec: 1000, renderer_cheetah64_framesPerSec: 5000 };

  // State-observation speeds (agent steps/s at the default repeat) and random returns.
  const stateSpeed: Record<string, number> = {};
  const pixelSpeed: Record<string, number> = {};
  const randomReturns: Record<string, { mean: number; min: number; max: number; episodes: number }> = {};
  for (const id of DMC_TASKS.names()) {
    const env = new ControlEnv(id);
    const rng = new Rng(1);
    const act = randomActions(env, rng);
    env.reset({ seed: 1 });
    stateSpeed[id] = Math.round(timed(seconds / 4, () => { if (env.step(act()).truncated) env.reset(); }));
    const rets: number[] = [];
    for (let e = 0; e < (opts.randomEpisodes ?? 3); e++) {
      env.reset({ seed: 100 + e });
      let ret = 0;
      for (;;) {
        const r = env.step(act());
        ret += r.reward;
        if (r.truncated) break;
      }
      rets.push(ret);
    }
    randomReturns[id] = {
      mean: Math.round((rets.reduce((a, b) => a + b, 0) / rets.length) * 10) / 10,
      min: Math.round(Math.min(...rets) * 10) / 10,
      max: Math.round(Math.max(...rets) * 10) / 10,
      episodes: rets.length,
    };
    env.close();
    const pix = new ControlEnv(id, { observation: "pixels", size: 64 });
    pix.reset({ seed: 1 });
    pixelSpeed[id] = Math.round(timed(seconds / 4, () => { if (pix.step(act()).truncated) pix.reset(); }));
    pix.close();
  }
  out.state_agentStepsPerSec = stateSpeed;
  out.pixels64_agentStepsPerSec = pixelSpeed;
  out.randomPolicyReturns = randomReturns;

  // Highway (5 cameras × 84×84, repeat 8).
  {
    const env = new HighwayEnv({ seed: 0 });
    const rng = new Rng(2);
    env.reset();
    out.highway_pixels84x420_repeat8_agentStepsPerSec = Math.round(timed(seconds, () => {
      if (env.step([rng.uniformIn(-0.2, 0.2), rng.uniformIn(0, 1)]).truncated) env.reset();
    }));
  }

  // Memory over many episodes: wasm heap and process RSS before/after.
  {
    const task = opts.memoryTask ?? "cartpole-swingup";
    const episodes = opts.memoryEpisodes ?? 10_000;
    const env = new ControlEnv(task);
    const zero = new Array<number>(env.actionSpec.shape[0]!).fill(0);
    for (let i = 0; i < 50; i++) { env.reset(); env.step(zero); }
    global.gc?.();
    const heap0 = wasmHeapBytes();
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    for (let i = 0; i < episodes; i++) {
      env.reset();
      for (let k = 0; k < 5; k++) env.step(zero);
    }
    const dt = (performance.now() - t0) / 1000;
    global.gc?.();
    out.memory = {
      task, episodes, stepsPerEpisode: 5, seconds: Math.round(dt * 10) / 10,
      wasmHeapBytesBefore: heap0, wasmHeapBytesAfter: wasmHeapBytes(),
      rssMBBefore: Math.round(rss0 / 2 ** 20), rssMBAfter: Math.round(process.memoryUsage().rss / 2 ** 20),
    };
    env.close();
  }
  return out;
}

