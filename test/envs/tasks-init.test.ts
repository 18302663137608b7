import { beforeAll, describe, expect, it } from "vitest";
import { ControlEnv } from "../../src/envs/dmc/control-env.js";
import { loadMujoco } from "../../src/envs/mujoco/adapter.js";

beforeAll(async () => {
  await loadMujoco();
});

describe("initial-state randomisation", () => {
  it("reacher: target 0.05–0.20 m from the centre; easy/hard target radii 0.05/0.015", () => {
    for (const [id, size] of [["reacher-easy", 0.05], ["reacher-hard", 0.015]] as const) {
      const env = new ControlEnv(id);
      const p = env.physics;
      const t = p.id("geom", "target");
      expect(p.modelArray("geom_size")[3 * t]).toBeCloseTo(size, 12);
      const radii: number[] = [];
      for (let s = 0; s < 30; s++) {
        env.reset({ seed: s });
        const g = p.dataArray("geom_xpos");
        radii.push(Math.hypot(g[3 * t]!, g[3 * t + 1]!));
      }
      expect(Math.min(...radii)).toBeGreaterThanOrEqual(0.05);
      expect(Math.max(...radii)).toBeLessThanOrEqual(0.2);
      expect(Math.max(...radii) - Math.min(...radii)).toBeGreaterThan(0.05);
      env.close();
    }
  });

  it("finger and ball-in-cup start without contacts; finger spin uses hinge damping 0.03", () => {
    for (const id of ["finger-spin", "ball_in_cup-catch"]) {
      const env = new ControlEnv(id);
      for (let s = 0; s < 15; s++) {
        env.reset({ seed: s });
        expect(env.physics.ncon).toBe(0);
      }
      if (id === "finger-spin") {
        expect(env.physics.modelArray("dof_damping")[env.physics.id("joint", "hinge")]).toBeCloseTo(0.03, 12);
      }
      env.close();
    }
  });

  it("ball-in-cup: ball starts in x ∈ [-0.2, 0.2], z offset ∈ [0.2, 0.5] and the string limits its distance", () => {
    const env = new ControlEnv("ball_in_cup-catch");
    for (let s = 0; s < 10; s++) {
      const obs = env.reset({ seed: s }).observation;
      expect(Math.abs(obs[2]!)).toBeLessThanOrEqual(0.2);
      expect(obs[3]!).toBeGreaterThanOrEqual(0.2);
      expect(obs[3]!).toBeLessThanOrEqual(0.5);
    }
    for (let t = 0; t < 100; t++) env.step([0, 0]);
    const p = env.physics;
    const x = p.dataArray("site_xpos");
    const b = p.id("site", "ball"), c = p.id("site", "cup");
    const d = Math.hypot(x[3 * b]! - x[3 * c]!, x[3 * b + 2]! - x[3 * c + 2]!);
    expect(d).toBeLessThan(0.3 + 0.01); // tendon length limit 0.3 m (soft constraint)
    env.close();
  });

  it("walker: unlimited root hinge drawn from [-π, π), limited joints inside their ranges", () => {
    const env = new ControlEnv("walker-walk");
    const p = env.physics;
    const range = p.modelArray("jnt_range");
    let neg = 0;
    for (let s = 0; s < 20; s++) {
      env.reset({ seed: s });
      // qpos: rootz, rootx, rooty, then 6 limited hinges (joint j ↔ qpos j here)
      expect(Math.abs(p.qpos[2]!)).toBeLessThanOrEqual(Math.PI);
      if (p.qpos[2]! < 0) neg++;
      for (let j = 3; j < 9; j++) {
        expect(p.qpos[j]!).toBeGreaterThanOrEqual(range[2 * j]!);
        expect(p.qpos[j]!).toBeLessThanOrEqual(range[2 * j + 1]!);
      }
    }
    expect(neg).toBeGreaterThan(2);
    expect(neg).toBeLessThan(18);
    env.close();
  });

  it("cheetah: settles for 200 steps and starts the episode at time 0", () => {
    const env = new ControlEnv("cheetah-run");
    env.reset({ seed: 3 });
    expect(env.physics.time).toBe(0);
    // After settling the torso rests on its legs: height above the floor, below the 0.7 m spawn + margin
    const z = env.physics.qpos[1]! + 0.7;
    expect(z).toBeGreaterThan(0.2);
    expect(z).toBeLessThan(1.2);
    env.close();
  });
});
