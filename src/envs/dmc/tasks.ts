/**
 * Task logic of the DeepMind Control Suite tasks used by the thesis: initial-state
 * randomisation, observations (dm_control's observation dict flattened in key order) and
 * rewards, restated from the suite's published definitions (Tassa et al. 2018; research/
 * anchors.md §5.1). Time limits: every suite task has 1000 control steps per episode.
 * `door-open` (door.ts) is this project's door-opening task, not a suite task (500 steps).
 */

import type { Rng } from "../../core/rng.js";
import { ReproError } from "../../core/errors.js";
import { NameTable } from "../../core/names.js";
import type { MujocoPhysics } from "../mujoco/adapter.js";
import type { ObservationPart } from "../types.js";
import { ballInCupXml, cartpoleXml, cheetahXml, fingerXml, reacherXml, walkerXml } from "./models.js";
import { doorOpen } from "./door.js";
import { randomizeLimitedAndRotationalJoints } from "./randomizers.js";
import { tolerance } from "./tolerance.js";

/** A task bound to one physics instance (ids resolved once). */
export interface BoundTask {
  readonly parts: readonly ObservationPart[];
  readonly stateSize: number;
  /**
   * Set the initial state. Runs after `resetData()` + `forward()` (the kinematics of qpos0) and
   * is followed by `forward()`, as dm_control's `Physics.reset_context()` does around
   * `initialize_episode`; a task that reads kinematics while initialising calls `forward()` itself.
   */
  initialize(rng: Rng): void;
  /** Write the flat state observation into `out` (length `stateSize`). */
  observe(out: Float64Array): void;
  /** Reward for the current state and the last control in `physics.ctrl`. */
  reward(): number;
  /** Body whose subtree centre of mass the tracking camera follows (for the renderer), or -1. */
  readonly trackBody: number;
  /** Thin line segments to draw besides geoms (e.g. the ball-in-cup string): [x0,y0,z0,x1,y1,z1] pairs. */
  segments?(out: number[]): void;
}

export interface TaskDefinition {
  readonly id: string;
  readonly domain: string;
  readonly xml: () => string;
  /** Physics steps per control step (control timestep / physics timestep). */
  readonly substeps: number;
  /** Control steps per episode. */
  readonly episodeSteps: number;
  /** Action repeat per the thesis, Table 4.3 (reacher and ball_in_cup: 4, as in DBC/PlaNet). */
  readonly defaultActionRepeat: number;
  /** Name of the camera the pixels are taken from (dm_control camera id 0). */
  readonly camera: string;
  bind(physics: MujocoPhysics): BoundTask;
}

function partsOf(sizes: [string, number][]): { parts: ObservationPart[]; size: number } {
  const parts: ObservationPart[] = [];
  let offset = 0;
  for (const [name, size] of sizes) {
    parts.push({ name, offset, size });
    offset += size;
  }
  return { parts, size: offset };
}

// ---------------------------------------------------------------- cartpole

/** Cartpole swing-up: pole starts hanging down; smooth reward (anchors §5.1). */
const cartpoleSwingup: TaskDefinition = {
  id: "cartpole-swingup",
  domain: "cartpole",
  xml: cartpoleXml,
  substeps: 1,
  episodeSteps: 1000,
  defaultActionRepeat: 8,
  camera: "fixed",
  bind(p) {
    const { parts, size } = partsOf([["position", 3], ["velocity", 2]]);
    const slider = p.id("joint", "slider");
    const hinge = p.id("joint", "hinge_1");
    void slider;
    void hinge;
    return {
      parts,
      stateSize: size,
      trackBody: -1,
      initialize(rng) {
        const q = p.qpos;
        const v = p.qvel;
        q[0] = 0.01 * rng.normal();
        q[1] = Math.PI + 0.01 * rng.normal();
        v[0] = 0.01 * rng.normal();
        v[1] = 0.01 * rng.normal();
        p.forward();
      },
      observe(out) {
        const q = p.qpos;
        const v = p.qvel;
        out[0] = q[0]!;
        out[1] = Math.cos(q[1]!);
        out[2] = Math.sin(q[1]!);
        out[3] = v[0]!;
        out[4] = v[1]!;
      },
      reward() {
        return cartpoleReward(p.qpos[0]!, Math.cos(p.qpos[1]!), p.qvel[1]!, p.ctrl[0]!);
      },
    };
  },
};

/**
 * Cartpole smooth reward: upright · centered · small_control · small_velocity with
 * upright = (cos θ + 1)/2, centered = (1 + tol(x, margin 2))/2,
 * small_control = (4 + tol(u, margin 1, v 0, quadratic))/5, small_velocity = (1 + tol(θ̇, margin 5))/2.
 */
export function cartpoleReward(cartX: number, poleCos: number, poleAngVel: number, control: number): number {
  const upright = (poleCos + 1) / 2;
  const centered = (1 + tolerance(cartX, { margin: 2 })) / 2;
  const smallControl = (4 + tolerance(control, { margin: 1, valueAtMargin: 0, sigmoid: "quadratic" })) / 5;
  const smallVelocity = (1 + tolerance(poleAngVel, { margin: 5 })) / 2;
  return upright * smallControl * smallVelocity * centered;
}

// ---------------------------------------------------------------- cheetah

export const CHEETAH_RUN_SPEED = 10;

/** Cheetah run reward: tol(v, bounds [10, ∞), margin 10, v_margin 0, linear) = min(v/10, 1) for v ≥ 0. */
export function cheetahRunReward(speed: number): number {
  return tolerance(speed, {
    bounds: [CHEETAH_RUN_SPEED, Infinity],
    margin: CHEETAH_RUN_SPEED,
    valueAtMargin: 0,
    sigmoid: "linear",
  });
}

const cheetahRun: TaskDefinition = {
  id: "cheetah-run",
  domain: "cheetah",
  xml: cheetahXml,
  substeps: 1,
  episodeSteps: 1000,
  defaultActionRepeat: 4,
  camera: "side",
  bind(p) {
    const { parts, size } = partsOf([["position", 8], ["velocity", 9]]);
    const torso = p.id("body", "torso");
    const sensor = p.id("sensor", "torso_subtreelinvel");
    const sensorAdr = (p.modelArray("sensor_adr") as unknown as Int32Array)[sensor]!;
    return {
      parts,
      stateSize: size,
      trackBody: torso,
      initialize(rng) {
        // dm_control/suite/cheetah.py Cheetah.initialize_episode: limited joints uniform in
        // range, then physics.step(nstep=200) and time 0. No forward() between: dm_control's
        // (legacy, Euler) step begins with mj_step2 on the forward pass ControlEnv.reset ran at
        // qpos0, so the first settle step's accelerations are those of qpos0, and so are ours.
        const limited = p.modelArray("jnt_limited") as unknown as Uint8Array;
        const range = p.modelArray("jnt_range");
        const adr = p.modelArray("jnt_qposadr") as unknown as Int32Array;
        for (let j = 0; j < p.njnt; j++) {
          if (limited[j]) p.qpos[adr[j]!] = rng.uniformIn(range[2 * j]!, range[2 * j + 1]!);
        }
        p.step(200);
        p.time = 0;
      },
      observe(out) {
        const q = p.qpos;
        const v = p.qvel;
        for (let i = 0; i < 8; i++) out[i] = q[i + 1]!;
        for (let i = 0; i < 9; i++) out[8 + i] = v[i]!;
      },
      reward() {
        return cheetahRunReward(p.sensordata[sensorAdr]!);
      },
    };
  },
};

// ---------------------------------------------------------------- walker

export const WALKER_STAND_HEIGHT = 1.2;
export const WALKER_WALK_SPEED = 1;
export const WALKER_RUN_SPEED = 8;

/**
 * Walker reward: stand = (3·tol(h, [1.2, ∞), margin 0.6) + (1 + upright)/2)/4; for a move
 * speed s > 0: move = tol(vx, [s, ∞), margin s/2, v_margin 0.5, linear), r = stand·(5·move + 1)/6.
 */
export function walkerReward(torsoHeight: number, torsoUpright: number, speedX: number, moveSpeed: number): number {
  const standing = tolerance(torsoHeight, { bounds: [WALKER_STAND_HEIGHT, Infinity], margin: WALKER_STAND_HEIGHT / 2 });
  const upright = (1 + torsoUpright) / 2;
  const stand = (3 * standing + upright) / 4;
  if (moveSpeed === 0) return stand;
  const move = tolerance(speedX, {
    bounds: [moveSpeed, Infinity],
    margin: moveSpeed / 2,
    valueAtMargin: 0.5,
    sigmoid: "linear",
  });
  return (stand * (5 * move + 1)) / 6;
}

function walkerTask(name: "stand" | "walk" | "run", moveSpeed: number): TaskDefinition {
  return {
    id: `walker-${name}`,
    domain: "walker",
    xml: walkerXml,
    substeps: 10,
    episodeSteps: 1000,
    defaultActionRepeat: 2,
    camera: "side",
    bind(p) {
      const { parts, size } = partsOf([["orientations", 14], ["height", 1], ["velocity", 9]]);
      const torso = p.id("body", "torso");
      const sensor = p.id("sensor", "torso_subtreelinvel");
      const sensorAdr = (p.modelArray("sensor_adr") as unknown as Int32Array)[sensor]!;
      return {
        parts,
        stateSize: size,
        trackBody: torso,
        initialize(rng) {
          randomizeLimitedAndRotationalJoints(p, rng);
          p.forward();
        },
        observe(out) {
          const xmat = p.dataArray("xmat");
          for (let b = 1; b < p.nbody; b++) {
            out[2 * (b - 1)] = xmat[9 * b]!; // xx
            out[2 * (b - 1) + 1] = xmat[9 * b + 2]!; // xz
          }
          out[14] = p.dataArray("xpos")[3 * torso + 2]!;
          const v = p.qvel;
          for (let i = 0; i < 9; i++) out[15 + i] = v[i]!;
        },
        reward() {
          const height = p.dataArray("xpos")[3 * torso + 2]!;
          const upright = p.dataArray("xmat")[9 * torso + 8]!;
          return walkerReward(height, upright, p.sensordata[sensorAdr]!, moveSpeed);
        },
      };
    },
  };
}

// ---------------------------------------------------------------- reacher

/** Reacher: sparse reward 1 while the finger touches the target (distance ≤ r_target + r_finger). */
function reacherTask(name: "easy" | "hard", targetSize: number): TaskDefinition {
  return {
    id: `reacher-${name}`,
    domain: "reacher",
    xml: reacherXml,
    substeps: 1,
    episodeSteps: 1000,
    defaultActionRepeat: 4,
    camera: "fixed",
    bind(p) {
      const { parts, size } = partsOf([["position", 2], ["to_target", 2], ["velocity", 2]]);
      const target = p.id("geom", "target");
      const finger = p.id("geom", "finger");
      p.modelArray("geom_size")[3 * target] = targetSize;
      return {
        parts,
        stateSize: size,
        trackBody: -1,
        initialize(rng) {
          randomizeLimitedAndRotationalJoints(p, rng);
          const angle = rng.uniformIn(0, 2 * Math.PI);
          const radius = rng.uniformIn(0.05, 0.2);
          const gp = p.modelArray("geom_pos");
          gp[3 * target] = radius * Math.sin(angle);
          gp[3 * target + 1] = radius * Math.cos(angle);
          p.forward();
        },
        observe(out) {
          const g = p.dataArray("geom_xpos");
          out[0] = p.qpos[0]!;
          out[1] = p.qpos[1]!;
          out[2] = g[3 * target]! - g[3 * finger]!;
          out[3] = g[3 * target + 1]! - g[3 * finger + 1]!;
          out[4] = p.qvel[0]!;
          out[5] = p.qvel[1]!;
        },
        reward() {
          const g = p.dataArray("geom_xpos");
          const s = p.modelArray("geom_size");
          const d = Math.hypot(g[3 * target]! - g[3 * finger]!, g[3 * target + 1]! - g[3 * finger + 1]!);
          return tolerance(d, { bounds: [0, s[3 * target]! + s[3 * finger]!] });
        },
      };
    },
  };
}

// ---------------------------------------------------------------- finger

export const FINGER_SPIN_VELOCITY = 15;

const fingerSpin: TaskDefinition = {
  id: "finger-spin",
  domain: "finger",
  xml: fingerXml,
  substeps: 2,
  episodeSteps: 1000,
  defaultActionRepeat: 2,
  camera: "cam0",
  bind(p) {
    const { parts, size } = partsOf([["position", 4], ["velocity", 3], ["touch", 2]]);
    const adr = p.modelArray("sensor_adr") as unknown as Int32Array;
    const s = (name: string): number => adr[p.id("sensor", name)]!;
    const [sProx, sDist, sProxV, sDistV, sHingeV, sTip, sSpinner, sTouchTop, sTouchBot] = [
      "proximal", "distal", "proximal_velocity", "distal_velocity", "hinge_velocity",
      "tip", "spinner", "touchtop", "touchbottom",
    ].map(s) as [number, number, number, number, number, number, number, number, number];
    // Spin task: lower hinge damping (dm_control sets 0.03).
    p.modelArray("dof_damping")[p.id("joint", "hinge")] = 0.03;
    return {
      parts,
      stateSize: size,
      trackBody: -1,
      initialize(rng) {
        // Random joint angles until the finger and spinner do not touch (at most 1000 tries).
        for (let i = 0; i < 1000; i++) {
          randomizeLimitedAndRotationalJoints(p, rng);
          p.forward();
          if (p.ncon === 0) break;
        }
      },
      observe(out) {
        const d = p.sensordata;
        out[0] = d[sProx]!;
        out[1] = d[sDist]!;
        out[2] = d[sTip]! - d[sSpinner]!;
        out[3] = d[sTip + 2]! - d[sSpinner + 2]!;
        out[4] = d[sProxV]!;
        out[5] = d[sDistV]!;
        out[6] = d[sHingeV]!;
        out[7] = Math.log1p(d[sTouchTop]!);
        out[8] = Math.log1p(d[sTouchBot]!);
      },
      reward() {
        return p.sensordata[sHingeV]! <= -FINGER_SPIN_VELOCITY ? 1 : 0;
      },
    };
  },
};

// ---------------------------------------------------------------- ball in cup

/** Ball-in-cup catch: 1 when the ball is fully inside the cup's target box, else 0. */
export function ballInCupReward(dx: number, dz: number, targetHalf: [number, number], ballRadius: number): number {
  return Math.abs(dx) < targetHalf[0] - ballRadius && Math.abs(dz) < targetHalf[1] - ballRadius ? 1 : 0;
}

const ballInCupCatch: TaskDefinition = {
  id: "ball_in_cup-catch",
  domain: "ball_in_cup",
  xml: ballInCupXml,
  substeps: 10,
  episodeSteps: 1000,
  defaultActionRepeat: 4,
  // dm_control/suite/ball_in_cup.xml camera id 0 (looking down at the cup), the one dmc2gym's
  // camera_id=0 and dm_control's pixels wrapper render; cam1 is the level side view.
  camera: "cam0",
  bind(p) {
    const { parts, size } = partsOf([["position", 4], ["velocity", 4]]);
    const bx = (p.modelArray("jnt_qposadr") as unknown as Int32Array)[p.id("joint", "ball_x")]!;
    const bz = (p.modelArray("jnt_qposadr") as unknown as Int32Array)[p.id("joint", "ball_z")]!;
    const target = p.id("site", "target");
    const ballSite = p.id("site", "ball");
    const cupSite = p.id("site", "cup");
    const ballGeom = p.id("geom", "ball");
    return {
      parts,
      stateSize: size,
      trackBody: -1,
      initialize(rng) {
        for (let i = 0; i < 1000; i++) {
          p.qpos[bx] = rng.uniformIn(-0.2, 0.2);
          p.qpos[bz] = rng.uniformIn(0.2, 0.5);
          p.forward();
          if (p.ncon === 0) break;
        }
      },
      observe(out) {
        for (let i = 0; i < 4; i++) {
          out[i] = p.qpos[i]!;
          out[4 + i] = p.qvel[i]!;
        }
      },
      reward() {
        const x = p.dataArray("site_xpos");
        const ss = p.modelArray("site_size");
        return ballInCupReward(
          x[3 * target]! - x[3 * ballSite]!,
          x[3 * target + 2]! - x[3 * ballSite + 2]!,
          [ss[3 * target]!, ss[3 * target + 2]!],
          p.modelArray("geom_size")[3 * ballGeom]!,
        );
      },
      segments(out) {
        const x = p.dataArray("site_xpos");
        out.push(x[3 * ballSite]!, x[3 * ballSite + 1]!, x[3 * ballSite + 2]!);
        out.push(x[3 * cupSite]!, x[3 * cupSite + 1]!, x[3 * cupSite + 2]!);
      },
    };
  },
};

/** The control tasks by id (a Map: a name like "toString" is unknown, not inherited). */
export const DMC_TASKS = new NameTable<TaskDefinition>("control task", [
  ["cartpole-swingup", cartpoleSwingup],
  ["cheetah-run", cheetahRun],
  ["walker-stand", walkerTask("stand", 0)],
  ["walker-walk", walkerTask("walk", WALKER_WALK_SPEED)],
  ["walker-run", walkerTask("run", WALKER_RUN_SPEED)],
  ["reacher-easy", reacherTask("easy", 0.05)],
  ["reacher-hard", reacherTask("hard", 0.015)],
  ["finger-spin", fingerSpin],
  ["ball_in_cup-catch", ballInCupCatch],
  // the Robosuite Door substitute of thesis Table 5.2 (door.ts)
  ["door-open", doorOpen],
]);

/** The dm_control suite's tasks (every task but this project's own door-open): what suite-fidelity checks and the envs chapter cover. */
export const SUITE_TASK_IDS: readonly string[] = DMC_TASKS.names().filter((id) => DMC_TASKS.get(id).domain !== "door");

/** The task with this id, or a one-line error listing the known ids. */
export function dmcTask(id: string): TaskDefinition {
  return DMC_TASKS.get(id);
}
