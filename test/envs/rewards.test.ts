import { beforeAll, describe, expect, it } from "vitest";
import { loadMujoco } from "../../src/envs/mujoco/adapter.js";
import { ControlEnv } from "../../src/envs/dmc/control-env.js";
import {
  ballInCupReward, cartpoleReward, cheetahRunReward, walkerReward,
} from "../../src/envs/dmc/tasks.js";

// All expected numbers are computed by hand from the reward definitions.
describe("reward formulas at hand-picked values", () => {
  it("cartpole swing-up", () => {
    expect(cartpoleReward(0, 1, 0, 0)).toBeCloseTo(1, 12); // upright, centred, still, no control
    expect(cartpoleReward(0.3, -1, 0, 0)).toBeCloseTo(0, 12); // hanging down: upright = 0
    // u = 1 is at the quadratic margin with v = 0 → 0; small_control = 4/5; upright (0+1)/2
    expect(cartpoleReward(0, 0, 0, 1)).toBeCloseTo(0.5 * 0.8, 12);
    // x = 2 and θ̇ = 5 are one margin away (gaussian 0.1): centered = small_velocity = 0.55
    expect(cartpoleReward(2, 1, 5, 0)).toBeCloseTo(0.55 * 0.55, 12);
  });

  it("cheetah run = min(v/10, 1) for v >= 0", () => {
    expect(cheetahRunReward(5)).toBeCloseTo(0.5, 12);
    expect(cheetahRunReward(10)).toBe(1);
    expect(cheetahRunReward(25)).toBe(1);
    expect(cheetahRunReward(0)).toBe(0);
    expect(cheetahRunReward(-3)).toBe(0);
  });

  it("walker stand / walk / run", () => {
    expect(walkerReward(1.3, 1, 0, 0)).toBeCloseTo(1, 12);
    // height 0.6 is one margin (0.6) below 1.2 → 0.1; upright 0 → 0.5; (0.3 + 0.5)/4
    expect(walkerReward(0.6, 0, 0, 0)).toBeCloseTo(0.2, 12);
    // walk: v = 0.75 is half a margin (0.5) below 1; linear v_margin 0.5 → 0.75; (5·0.75 + 1)/6
    expect(walkerReward(1.5, 1, 0.75, 1)).toBeCloseTo(4.75 / 6, 12);
    // walk at zero speed: move = 0 (two margins away) → stand/6
    expect(walkerReward(1.5, 1, 0, 1)).toBeCloseTo(1 / 6, 12);
    expect(walkerReward(1.5, 1, 8, 8)).toBeCloseTo(1, 12);
  });

  it("ball in cup: ball fully inside the 0.05 half-size box", () => {
    expect(ballInCupReward(0.01, -0.02, [0.05, 0.05], 0.025)).toBe(1);
    expect(ballInCupReward(0.03, 0, [0.05, 0.05], 0.025)).toBe(0);
    expect(ballInCupReward(0, -0.026, [0.05, 0.05], 0.025)).toBe(0);
  });
});

describe("rewards read from the MuJoCo state", () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  it("cartpole upright and still gives 1", () => {
    const env = new ControlEnv("cartpole-swingup");
    const p = env.physics;
    p.qpos.set([0, 0]);
    p.qvel.set([0, 0]);
    p.forward();
    const bound = env.task.bind(p);
    expect(bound.reward()).toBeCloseTo(1, 12);
    const obs = new Float64Array(5);
    bound.observe(obs);
    expect(Array.from(obs)).toEqual([0, 1, 0, 0, 0]);
    env.close();
  });

  it("cheetah moving rigidly at 3 m/s earns 0.3 (subtree velocity sensor)", () => {
    const env = new ControlEnv("cheetah-run");
    const p = env.physics;
    p.qvel.fill(0);
    p.qvel[0] = 3; // rootx slide: the whole body translates
    p.forward();
    expect(env.task.bind(p).reward()).toBeCloseTo(0.3, 9);
    env.close();
  });

  it("walker standing at its initial pose, moving at 0.75 m/s", () => {
    const env = new ControlEnv("walker-walk");
    const p = env.physics;
    p.qpos.fill(0); // torso at z = 1.3, upright
    p.qvel.fill(0);
    p.qvel[1] = 0.75; // rootx
    p.forward();
    expect(env.task.bind(p).reward()).toBeCloseTo(4.75 / 6, 9);
    const obs = new Float64Array(24);
    env.task.bind(p).observe(obs);
    expect(obs[14]).toBeCloseTo(1.3, 12); // torso height
    expect(obs[0]).toBeCloseTo(1, 12); // torso xx = 1 when upright
    env.close();
  });

  it("reacher: finger tip at 0.24 m along x; target within 0.06 m rewards 1", () => {
    const env = new ControlEnv("reacher-easy");
    const p = env.physics;
    const bound = env.task.bind(p);
    const target = p.id("geom", "target");
    p.qpos.fill(0);
    const gp = p.modelArray("geom_pos");
    gp[3 * target] = 0.24 + 0.059;
    gp[3 * target + 1] = 0;
    p.forward();
    expect(bound.reward()).toBe(1);
    gp[3 * target] = 0.24 + 0.061;
    p.forward();
    expect(bound.reward()).toBe(0);
    env.close();
  });

  it("finger spin: rewards hinge velocity <= -15 rad/s", () => {
    const env = new ControlEnv("finger-spin");
    const p = env.physics;
    const bound = env.task.bind(p);
    const adr = (p.modelArray("jnt_qposadr") as unknown as Int32Array)[p.id("joint", "hinge")]!;
    p.qvel.fill(0);
    p.qvel[adr] = -16;
    p.forward();
    expect(bound.reward()).toBe(1);
    p.qvel[adr] = -14;
    p.forward();
    expect(bound.reward()).toBe(0);
    env.close();
  });
});
