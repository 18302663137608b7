import { describe, expect, it } from "vitest";
import { HIGHWAY, HighwayEnv, highwayReward, idmAcceleration } from "../../src/envs/driving/highway.js";
import { makeEnv } from "../../src/envs/index.js";

describe("highway reward (DBC's CARLA form)", () => {
  it("progress in metres minus impulse and steering penalties (hand-computed)", () => {
    expect(highwayReward(20, 0, 0)).toBeCloseTo(1, 12); // 20 m/s · 0.05 s
    expect(highwayReward(20, 10000, 0)).toBeCloseTo(0, 12); // 1e-4 · 1e4 N·s
    expect(highwayReward(20, 0, -0.5)).toBeCloseTo(0.5, 12);
  });

  it("IDM: free road accelerates, closing in on a slow leader brakes", () => {
    expect(idmAcceleration(10, 20, Infinity, 0)).toBeCloseTo(1.5 * (1 - 1 / 16), 12);
    expect(idmAcceleration(20, 20, 5, 10)).toBeLessThan(-5);
  });
});

describe("HighwayEnv", () => {
  it("empty road: reward = distance travelled / action repeat (DBC averages repeated frames); steering left moves the car to +y", () => {
    const env = new HighwayEnv({ observation: "state", cars: 0, actionRepeat: 4 });
    env.reset({ seed: 1 });
    env.setEgo({ y: 0, speed: 20, heading: 0 });
    let ret = 0;
    for (let t = 0; t < 10; t++) ret += env.step([0, 0]).reward;
    const r = env.step([0, 0]);
    ret += r.reward;
    expect(ret * 4).toBeCloseTo(r.info.distance as number, 9);
    expect(r.info.distance as number).toBeGreaterThan(0.9 * 20 * 0.05 * 44);
    expect(r.info.envSteps).toBe(44);
    env.step([0.5, 0]);
    expect(env.ego.y).toBeGreaterThan(0);
    expect(env.ego.heading).toBeGreaterThan(0);
  });

  it("running into a stopped car produces an impulse of about mass × closing speed", () => {
    const env = new HighwayEnv({ observation: "state", actionRepeat: 1 });
    env.reset({ seed: 2 });
    env.setTraffic([{ x: 8, lane: 1, v: 0 }]);
    env.setEgo({ x: 0, y: (1 - 1.5) * HIGHWAY.laneWidth, heading: 0, speed: 20 });
    let impulse = 0, first = -1;
    for (let t = 0; t < 20 && first < 0; t++) {
      const r = env.step([0, 0]);
      if ((r.info.impulse as number) > 0) { impulse = r.info.impulse as number; first = t; expect(r.reward).toBeLessThan(0); }
    }
    expect(first).toBeGreaterThanOrEqual(0);
    // closing speed ≈ 20 m/s minus the small drag → impulse ≈ 1500 · 20 N·s
    expect(impulse).toBeGreaterThan(1500 * 18);
    expect(impulse).toBeLessThan(1500 * 20.01);
  });

  it("barriers stop the car leaving the road", () => {
    const env = new HighwayEnv({ observation: "state", cars: 0, actionRepeat: 8 });
    env.reset({ seed: 3 });
    let impulse = 0;
    for (let t = 0; t < 30; t++) impulse += env.step([1, 1]).info.impulse as number;
    expect(impulse).toBeGreaterThan(0);
    expect(Math.abs(env.ego.y)).toBeLessThanOrEqual((HIGHWAY.lanes * HIGHWAY.laneWidth) / 2);
  });

  it("pixels: five cameras side by side, 3-frame stack, deterministic; 125 agent steps per episode", async () => {
    const env = await makeEnv("highway", { size: 32, seed: 5 });
    expect(env.observationSpec.shape).toEqual([9, 32, 160]);
    expect(env.maxAgentSteps).toBe(125);
    const a = env.reset({ seed: 5 }).observation as Uint8Array;
    const a1 = env.step([0.1, 0.5]).observation as Uint8Array;
    const b = env.reset({ seed: 5 }).observation as Uint8Array;
    const b1 = env.step([0.1, 0.5]).observation as Uint8Array;
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    expect(Buffer.compare(Buffer.from(a1), Buffer.from(b1))).toBe(0);
    let n = 1;
    for (;;) {
      const r = env.step([0, 0.2]);
      n++;
      if (r.truncated) { expect(r.info.envSteps).toBe(1000); break; }
    }
    expect(n).toBe(125);
    expect(() => env.step([0, 0])).toThrow(/reset/);
    expect(() => { env.reset(); env.step([Number.NaN, 0]); }).toThrow(/NaN/);
  });
});
