/**
 * Fidelity of our MJCF models and task logic to the DeepMind Control Suite (issue 12 items 4,
 * 7–9). The reference values are written here with the file they come from (dm_control at
 * github.com/google-deepmind/dm_control, commit 985d094; dmc2gym at github.com/denisyarats/dmc2gym);
 * only the numbers carry over, the models are compiled by MuJoCo through our adapter.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { ControlEnv } from "../../src/envs/dmc/control-env.js";
import { cheetahXml } from "../../src/envs/dmc/models.js";
import { DMC_TASKS, SUITE_TASK_IDS } from "../../src/envs/dmc/tasks.js";
import { loadMujoco, MujocoPhysics } from "../../src/envs/mujoco/adapter.js";

beforeAll(async () => {
  await loadMujoco();
});

/** Friction triple (sliding, torsional, rolling) of a named geom. */
function friction(p: MujocoPhysics, geom: string): number[] {
  const g = p.id("geom", geom);
  return Array.from(p.modelArray("geom_friction").subarray(3 * g, 3 * g + 3));
}

describe("cheetah contact friction (dm_control/suite/cheetah.xml)", () => {
  it("the ground has MuJoCo's default friction; the cheetah's geoms 0.4 .1 .1", () => {
    const p = MujocoPhysics.fromXml(cheetahXml(), "cheetah");
    // dm_control/suite/cheetah.xml: `friction=".4 .1 .1"` sits in <default class="cheetah">, which
    // only the torso's subtree uses (childclass="cheetah"); the ground sets no friction, so it has
    // MuJoCo's built-in default `friction="1 0.005 0.0001"` (MuJoCo XML reference, geom/@friction).
    expect(friction(p, "ground")).toEqual([1, 0.005, 0.0001]);
    for (const g of ["torso", "head", "bthigh", "bshin", "bfoot", "fthigh", "fshin", "ffoot"]) {
      expect(friction(p, g), g).toEqual([0.4, 0.1, 0.1]);
    }
    p.dispose();
  });
});

/**
 * dm_control camera id 0 of each domain, the camera pixel observations use: dmc2gym's
 * `camera_id=0` default (dmc2gym/__init__.py `make`, dmc2gym/wrappers.py `DMCWrapper`) and
 * dm_control/suite/wrappers/pixels.py (`render_kwargs` default `{'camera_id': 0}`). The id is the
 * camera's order in the domain's XML; `body` is the body it is declared in.
 */
const DM_CONTROL_CAMERA_0: Record<string, { source: string; body: string; xml: string }> = {
  cartpole: { source: "dm_control/suite/cartpole.xml", body: "world", xml: `pos="0 -4 1" zaxis="0 -1 0"` },
  cheetah: { source: "dm_control/suite/cheetah.xml", body: "torso", xml: `pos="0 -3 0" quat="0.707 0.707 0 0" mode="trackcom"` },
  walker: { source: "dm_control/suite/walker.xml", body: "torso", xml: `pos="0 -2 .7" euler="60 0 0" mode="trackcom"` },
  reacher: { source: "dm_control/suite/reacher.xml", body: "world", xml: `pos="0 0 .75" quat="1 0 0 0"` },
  finger: { source: "dm_control/suite/finger.xml", body: "world", xml: `pos="0 -1 .8" xyaxes="1 0 0 0 1 2"` },
  ball_in_cup: { source: "dm_control/suite/ball_in_cup.xml", body: "world", xml: `pos="0 -1 .8" xyaxes="1 0 0 0 1 2"` },
};

interface CameraPose {
  pos: number[];
  quat: number[];
  mode: number;
  fovy: number;
}

function cameraPose(p: MujocoPhysics, cam: number): CameraPose {
  return {
    pos: Array.from(p.modelArray("cam_pos").subarray(3 * cam, 3 * cam + 3)),
    quat: Array.from(p.modelArray("cam_quat").subarray(4 * cam, 4 * cam + 4)),
    mode: (p.modelArray("cam_mode") as unknown as Int32Array)[cam]!,
    fovy: p.modelArray("cam_fovy")[cam]!,
  };
}

/** dm_control's camera compiled by MuJoCo (in a body at the origin: pose relative to its body). */
function referencePose(cameraXml: string): CameraPose {
  const p = MujocoPhysics.fromXml(
    `<mujoco><worldbody><body name="b"><geom size=".1"/><camera name="ref" ${cameraXml}/></body></worldbody></mujoco>`,
    "camera-reference",
  );
  const pose = cameraPose(p, p.id("camera", "ref"));
  p.dispose();
  return pose;
}

describe("pixel camera of every task = dm_control camera id 0", () => {
  for (const [id, task] of DMC_TASKS) {
    if (!SUITE_TASK_IDS.includes(id)) continue; // door-open is this project's task, no dm_control camera
    it(`${id}: camera '${task.camera}'`, () => {
      const ref = DM_CONTROL_CAMERA_0[task.domain];
      expect(ref, `no dm_control camera 0 written for domain ${task.domain}`).toBeDefined();
      const p = MujocoPhysics.fromXml(task.xml(), task.domain);
      const cam = p.id("camera", task.camera);
      expect(cam, `${ref!.source}: pixels come from camera id 0`).toBe(0);
      expect((p.modelArray("cam_bodyid") as unknown as Int32Array)[cam], `declared in body ${ref!.body}`).toBe(p.id("body", ref!.body));
      const ours = cameraPose(p, cam);
      const want = referencePose(ref!.xml);
      expect(ours.mode).toBe(want.mode);
      expect(ours.fovy).toBe(want.fovy);
      ours.pos.forEach((v, i) => expect(v, `pos[${i}]`).toBeCloseTo(want.pos[i]!, 12));
      ours.quat.forEach((v, i) => expect(v, `quat[${i}]`).toBeCloseTo(want.quat[i]!, 12));
      p.dispose();
    });
  }
});

describe("cheetah episode start (dm_control/suite/cheetah.py Cheetah.initialize_episode)", () => {
  it("matches dm_control's reset sequence step for step", () => {
    const seed = 7;
    const env = new ControlEnv("cheetah-run", { seed });
    env.reset();
    // The same draws ControlEnv.reset makes for the task's initialize().
    const outer = new Rng(seed);
    const rng = outer.fork(`init-${outer.nextUint32()}`);
    const p = MujocoPhysics.fromXml(cheetahXml(), "cheetah-reference");
    // dm_control/rl/control.py Environment.reset → Physics.reset_context():
    // mujoco/engine.py Physics.reset: mj_resetData, then mj_forward (actuation off; ctrl is 0).
    p.resetData();
    p.forward();
    // cheetah.py: limited joints uniform in their ranges, then physics.step(nstep=200) — no
    // forward first, so the first (legacy, Euler) half-step mj_step2 runs on the forward pass of qpos0.
    const limited = p.modelArray("jnt_limited") as unknown as Uint8Array;
    const range = p.modelArray("jnt_range");
    const adr = p.modelArray("jnt_qposadr") as unknown as Int32Array;
    for (let j = 0; j < p.njnt; j++) if (limited[j]) p.qpos[adr[j]!] = rng.uniformIn(range[2 * j]!, range[2 * j + 1]!);
    p.step(200);
    p.time = 0;
    // Physics.after_reset: mj_forward.
    p.forward();
    expect(Array.from(env.physics.qpos)).toEqual(Array.from(p.qpos));
    expect(Array.from(env.physics.qvel)).toEqual(Array.from(p.qvel));
    expect(env.physics.time).toBe(0);
    p.dispose();
    env.close();
  });
});

describe("actions (dm_control/suite/base.py Task.before_step passes them raw to MuJoCo)", () => {
  it("clipping to [-1, 1] gives the physics MuJoCo's ctrlrange clamping gives to the raw action", () => {
    const env = new ControlEnv("cheetah-run", { seed: 2, actionRepeat: 1 });
    env.reset();
    const raw = MujocoPhysics.fromXml(cheetahXml(), "cheetah-raw");
    raw.qpos.set(env.physics.qpos);
    raw.qvel.set(env.physics.qvel);
    raw.dataArray("qacc_warmstart").set(env.physics.dataArray("qacc_warmstart"));
    raw.forward();
    const rng = new Rng(11);
    for (let t = 0; t < 50; t++) {
      const a = Array.from({ length: 6 }, () => rng.uniformIn(-4, 4));
      env.step(a);
      raw.ctrl.set(a); // what dm_control does: physics.set_control(action), no clipping
      raw.step(1);
    }
    expect(Array.from(env.physics.qpos)).toEqual(Array.from(raw.qpos));
    expect(Array.from(env.physics.qvel)).toEqual(Array.from(raw.qvel));
    raw.dispose();
    env.close();
  });

  it("NaN and wrong-length actions are one-line errors", () => {
    const env = new ControlEnv("cheetah-run");
    env.reset({ seed: 0 });
    expect(() => env.step([0, 0, Number.NaN, 0, 0, 0])).toThrow(/^cheetah-run: action\[2\] is NaN; actions must be finite numbers in \[-1, 1\]$/);
    expect(() => env.step([0, 0])).toThrow(/^cheetah-run: action must have length 6, got 2$/);
    env.close();
  });
});
