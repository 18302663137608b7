import { beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { ControlEnv, makeControlEnv } from "../../src/envs/dmc/control-env.js";
import { DMC_TASKS } from "../../src/envs/dmc/tasks.js";
import { loadMujoco, mujocoVersion, wasmHeapBytes } from "../../src/envs/mujoco/adapter.js";

beforeAll(async () => {
  await loadMujoco();
});

function rollout(env: ControlEnv, seed: number, steps: number, actionSeed = 3): { obs: number[][]; rewards: number[] } {
  const rng = new Rng(actionSeed);
  const obs: number[][] = [Array.from(env.reset({ seed }).observation)];
  const rewards: number[] = [];
  for (let t = 0; t < steps; t++) {
    const a = Array.from({ length: env.actionSpec.shape[0]! }, () => rng.uniformIn(-1, 1));
    const r = env.step(a);
    obs.push(Array.from(r.observation));
    rewards.push(r.reward);
  }
  return { obs, rewards };
}

describe("ControlEnv API", () => {
  it("runs on MuJoCo 3.3.x and exposes specs", async () => {
    const env = await makeControlEnv("cheetah-run");
    expect(mujocoVersion()).toBeGreaterThanOrEqual(330);
    expect(env.actionSpec).toMatchObject({ shape: [6], minimum: -1, maximum: 1 });
    expect(env.observationSpec.shape).toEqual([17]);
    expect(env.observationSpec.parts).toEqual([
      { name: "position", offset: 0, size: 8 },
      { name: "velocity", offset: 8, size: 9 },
    ]);
    expect(env.actionRepeat).toBe(4);
    env.close();
  });

  it("same seed → identical observation sequences; another seed differs", () => {
    for (const id of ["cartpole-swingup", "cheetah-run"]) {
      const a = new ControlEnv(id);
      const b = new ControlEnv(id, { seed: 99 });
      const r1 = rollout(a, 5, 40);
      const r2 = rollout(b, 5, 40); // reset({seed}) overrides the constructor seed
      const r3 = rollout(a, 6, 40);
      expect(r2.obs).toEqual(r1.obs);
      expect(r2.rewards).toEqual(r1.rewards);
      expect(r3.obs[0]).not.toEqual(r1.obs[0]);
      a.close();
      b.close();
    }
  });

  it("reset without a seed continues the stream (new initial state each episode)", () => {
    const env = new ControlEnv("cartpole-swingup", { seed: 4 });
    const o1 = Array.from(env.reset().observation);
    const o2 = Array.from(env.reset().observation);
    expect(o2).not.toEqual(o1);
    // swing-up starts hanging down: cos θ ≈ −1
    expect(o1[1]!).toBeLessThan(-0.99);
    env.close();
  });

  it("episode accounting: 1000 control steps, agent steps = ceil(1000 / repeat)", () => {
    for (const [repeat, agentSteps] of [[8, 125], [3, 334]] as const) {
      const env = new ControlEnv("cartpole-swingup", { actionRepeat: repeat });
      env.reset({ seed: 1 });
      expect(env.maxAgentSteps).toBe(agentSteps);
      let n = 0;
      let last;
      do {
        last = env.step([0]);
        n++;
        expect(last.terminated).toBe(false);
        if (n < agentSteps) expect(last.truncated).toBe(false);
      } while (!last.truncated);
      expect(n).toBe(agentSteps);
      expect(last.info.envSteps).toBe(1000);
      expect(last.info.agentSteps).toBe(agentSteps);
      expect(() => env.step([0])).toThrow(/reset\(\)/);
      env.close();
    }
  });

  it("physics time advances by repeat × substeps × timestep per agent step", () => {
    const env = new ControlEnv("walker-walk"); // 10 substeps of 2.5 ms, repeat 2 → 50 ms
    env.reset({ seed: 2 });
    const t0 = env.physics.time;
    env.step(new Array(6).fill(0));
    expect(env.physics.time - t0).toBeCloseTo(0.05, 9);
    env.close();
  });

  it("action repeat sums the rewards of repeated control steps", () => {
    const r2 = new ControlEnv("cheetah-run", { actionRepeat: 2 });
    const r1 = new ControlEnv("cheetah-run", { actionRepeat: 1 });
    r2.reset({ seed: 8 });
    r1.reset({ seed: 8 });
    const rng = new Rng(1);
    for (let t = 0; t < 20; t++) {
      const a = Array.from({ length: 6 }, () => rng.uniformIn(-1, 1));
      const s2 = r2.step(a);
      const s1a = r1.step(a);
      const s1b = r1.step(a);
      expect(s2.reward).toBeCloseTo(s1a.reward + s1b.reward, 12);
      expect(Array.from(s2.observation)).toEqual(Array.from(s1b.observation));
      expect(s2.info.envSteps).toBe(s1b.info.envSteps);
    }
    r1.close();
    r2.close();
  });

  it("clips out-of-range actions and rejects NaN or a wrong length", () => {
    const a = new ControlEnv("cartpole-swingup");
    const b = new ControlEnv("cartpole-swingup");
    a.reset({ seed: 3 });
    b.reset({ seed: 3 });
    expect(Array.from(a.step([7]).observation)).toEqual(Array.from(b.step([1]).observation));
    expect(() => a.step([Number.NaN])).toThrow(/action\[0\] is NaN/);
    expect(() => a.step([0, 0])).toThrow(/length 1, got 2/);
    expect(() => a.step([Infinity])).toThrow(/finite/);
    a.close();
    b.close();
    expect(() => a.reset()).toThrow(/closed/);
  });

  it("unknown task and bad options give one-line errors", () => {
    expect(() => new ControlEnv("cheetah-fly")).toThrow(/unknown control task "cheetah-fly"; known: .*cheetah-run/);
    expect(() => new ControlEnv("cheetah-run", { actionRepeat: 0 })).toThrow(/actionRepeat/);
  });

  it("every task loads, resets and steps with finite observations", () => {
    for (const id of DMC_TASKS.names()) {
      const env = new ControlEnv(id);
      const { observation } = env.reset({ seed: 0 });
      expect(observation.length).toBe(env.observationSpec.shape[0]);
      for (let t = 0; t < 5; t++) {
        const r = env.step(new Array(env.actionSpec.shape[0]).fill(0.5));
        expect(Array.from(r.observation).every(Number.isFinite)).toBe(true);
        expect(r.reward).toBeGreaterThanOrEqual(0);
        expect(r.reward).toBeLessThanOrEqual(env.actionRepeat);
      }
      env.close();
    }
  });
});

describe("memory stays flat", () => {
  it("wasm heap does not grow over 100 resets, nor over 40 create/close cycles", () => {
    const env = new ControlEnv("cheetah-run");
    for (let i = 0; i < 10; i++) env.reset();
    const heap0 = wasmHeapBytes();
    for (let i = 0; i < 100; i++) {
      env.reset();
      env.step([0, 0, 0, 0, 0, 0]);
    }
    expect(wasmHeapBytes()).toBe(heap0);
    env.close();
    for (let i = 0; i < 5; i++) new ControlEnv("walker-walk").close();
    const heap1 = wasmHeapBytes();
    for (let i = 0; i < 40; i++) {
      const e = new ControlEnv("walker-walk");
      e.reset();
      e.close();
    }
    expect(wasmHeapBytes()).toBe(heap1);
  });
});

describe("random policy returns (uniform actions in [-1, 1])", () => {
  it("cheetah-run and walker-stand land in the range reported for random policies", () => {
    // DMC random-policy scores are small for cheetah-run (single digits to tens) and
    // roughly 100–300 for walker-stand (the stand term pays ~0.1–0.3 while lying down).
    const score = (id: string): number => {
      const env = new ControlEnv(id);
      const rng = new Rng(11);
      env.reset({ seed: 11 });
      let ret = 0;
      for (;;) {
        const r = env.step(Array.from({ length: 6 }, () => rng.uniformIn(-1, 1)));
        ret += r.reward;
        if (r.truncated) break;
      }
      env.close();
      return ret;
    };
    const cheetah = score("cheetah-run");
    const stand = score("walker-stand");
    expect(cheetah).toBeGreaterThanOrEqual(0);
    expect(cheetah).toBeLessThan(60);
    expect(stand).toBeGreaterThan(60);
    expect(stand).toBeLessThan(350);
  });
});

describe("a hand-written controller solves cartpole swing-up", () => {
  it("energy pumping then PD balance reaches the top and scores > 500", () => {
    // Pendulum energy E = ½·I·θ̇² + m·g·l_c·(cos θ − 1) with I = m L²/3 (m = 0.1, L = 1, l_c = 0.5);
    // pushing the cart with u ∝ E·θ̇·cos θ raises E towards 0 (upright), then PD holds the pole.
    const env = new ControlEnv("cartpole-swingup", { actionRepeat: 1 });
    let o = env.reset({ seed: 0 }).observation;
    let ret = 0;
    for (let t = 0; t < 1000; t++) {
      const [x, c, s, xd, thd] = Array.from(o) as [number, number, number, number, number];
      const th = Math.atan2(s, c);
      const E = 0.5 * (0.1 / 3) * thd * thd + 0.1 * 9.81 * 0.5 * (c - 1);
      const u = c > 0.9 ? 10 * th + 2 * thd + 0.5 * x + xd : 50 * E * thd * c - 0.3 * x;
      const r = env.step([u]);
      o = r.observation;
      ret += r.reward;
    }
    expect(o[1]!).toBeGreaterThan(0.99); // upright at the end
    expect(ret).toBeGreaterThan(500);
    env.close();
  });
});
