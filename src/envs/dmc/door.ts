/**
 * `door-open`: a door-opening manipulation task on MuJoCo, the project's substitute for
 * Robosuite's Door (thesis §5.8.2, Table 5.2; research/seed000-ch5-7.md F.4 "door-lite").
 *
 * Scene: a 3-joint arm (shoulder, elbow, wrist; hinges about the vertical axis, torque motors)
 * mounted on a post works in the horizontal plane 0.1 m above the floor, in front of a door
 * (0.35 m wide, 0.3 m tall) on a vertical hinge with a handle on the arm's side near its free
 * edge. The door opens away from the arm (joint range 0°–100°, the frame stops it at 0°), has
 * a weak closing spring and damping, so it only stays open while the arm holds it; it opens
 * when the arm's fingertip pushes it, most easily at the handle (the longest lever arm).
 *
 * Reward per control step, in [0, 1], dm_control style:
 *   reach = tolerance(‖fingertip − handle‖, bounds [0, 0.05], margin 0.3)   (gaussian, 0.1 at the margin)
 *   open  = tolerance(θ_door, bounds [60°, ∞), margin 60°, linear, 0 at the margin) = min(θ/60°, 1)
 *   r = (reach + 4·open) / 5
 * so a closed door scores at most 0.2 (hand on the handle), an open door at least 0.8.
 * Robosuite's Door reward has reaching, grasping and handle-turning stages on top of the
 * hinge angle. Kept: reaching (to the handle) and the hinge angle (success = θ ≥ 60°, the
 * F.4 threshold). Dropped, deliberately: grasping and the latch (handle turning), because the
 * arm has no gripper — a fingertip that pushes is cheap to simulate and learn from 32×32
 * pixels, and a pull door would need a grasp or a hook, a different and much harder skill.
 * So this is a push-door: "door-opening-like", not Robosuite's task.
 *
 * Timing: physics step 10 ms, 5 substeps → 50 ms control steps (Robosuite's 20 Hz); 500
 * control steps per episode (Robosuite's episode length); default action repeat 2 (250 agent
 * steps per episode; the thesis does not state Robosuite's action repeat).
 * Initial state per episode: arm joints jittered around a folded rest pose (shoulder ±0.3,
 * elbow ±0.3, wrist ±0.5 rad), door hinge position jittered ±2 cm in x and y, door angle
 * uniform in [0°, 3°]; redrawn until the arm does not touch the door.
 *
 * Geom names and colours are the contract with tests and the pixel distractions (colour
 * jitter changes every distinct colour: arm, effector, door, handle, floor, post).
 */

import type { MujocoPhysics } from "../mujoco/adapter.js";
import type { TaskDefinition } from "./tasks.js";
import { tolerance } from "./tolerance.js";
import { PALETTE } from "./models.js";

/** Door angle (rad) counted as open: reward's `open` term saturates here; success threshold. */
export const DOOR_OPEN_ANGLE = Math.PI / 3;
/** Fingertip-to-handle distance (m) inside which `reach` is 1, and its margin. */
export const DOOR_REACH_BOUND = 0.05;
export const DOOR_REACH_MARGIN = 0.3;
/** Nominal door hinge position (x, y) in metres; the arm's base is at the origin. */
export const DOOR_HINGE: readonly [number, number] = [0.35, 0.4];
/** Distance of the handle from the hinge along the door (m). */
export const DOOR_HANDLE_RADIUS = 0.3;

/** The reward of `door-open` from the fingertip–handle distance and the door angle (file header). */
export function doorOpenReward(handleDistance: number, doorAngle: number): number {
  const reach = tolerance(handleDistance, { bounds: [0, DOOR_REACH_BOUND], margin: DOOR_REACH_MARGIN });
  const open = tolerance(doorAngle, { bounds: [DOOR_OPEN_ANGLE, Infinity], margin: DOOR_OPEN_ANGLE, sigmoid: "linear", valueAtMargin: 0 });
  return (reach + 4 * open) / 5;
}

/** MJCF of the door scene (file header). */
export function doorXml(): string {
  const [hx, hy] = DOOR_HINGE;
  return `<mujoco model="reprorl-door">
  <compiler angle="radian"/>
  <option timestep="0.01"/>
  <default>
    <joint type="hinge" axis="0 0 1" damping=".5" armature=".01"/>
    <motor ctrllimited="true" ctrlrange="-1 1"/>
    <geom contype="0" conaffinity="0" friction=".5 .01 .001"/>
    <default class="arm">
      <geom type="capsule" size=".025" contype="1" conaffinity="0" rgba="${PALETTE.self}"/>
    </default>
    <default class="door">
      <geom contype="0" conaffinity="1" rgba=".55 .35 .2 1"/>
    </default>
  </default>
  <worldbody>
    <camera name="front" pos=".08 -.5 .9" xyaxes="1 0 0 0 1 .8" fovy="45"/>
    <geom name="floor" type="plane" size="1.2 1.2 .1" rgba="${PALETTE.floor}"/>
    <geom name="post" type="cylinder" fromto="0 0 0 0 0 .1" size=".04" rgba="${PALETTE.decoration}"/>
    <geom name="frame" type="box" pos="${hx + 0.04} ${hy + 0.02} .16" size=".03 .03 .16" rgba=".4 .4 .45 1"/>
    <geom name="wall" type="box" pos="-.07 ${hy + 0.02} .16" size=".03 .03 .16" rgba=".4 .4 .45 1"/>
    <body name="upper_arm" pos="0 0 .1">
      <joint name="shoulder" limited="true" range="-1.2 2.6"/>
      <geom name="upper_arm" class="arm" fromto="0 0 0 .3 0 0"/>
      <body name="fore_arm" pos=".3 0 0">
        <joint name="elbow" limited="true" range="-2.6 2.6"/>
        <geom name="fore_arm" class="arm" fromto="0 0 0 .3 0 0"/>
        <body name="hand" pos=".3 0 0">
          <joint name="wrist" limited="true" range="-1.8 1.8"/>
          <geom name="hand" class="arm" fromto="0 0 0 .1 0 0"/>
          <geom name="fingertip" type="sphere" pos=".12 0 0" size=".03" contype="1" conaffinity="0" rgba="${PALETTE.effector}"/>
        </body>
      </body>
    </body>
    <body name="door" pos="${hx} ${hy} 0">
      <joint name="hinge" axis="0 0 -1" limited="true" range="0 1.75" damping=".3" stiffness=".3" springref="0" armature="0"/>
      <geom name="door" class="door" type="box" pos="-.175 .01 .16" size=".175 .01 .15"/>
      <geom name="handle_bar" class="door" type="capsule" fromto="-${DOOR_HANDLE_RADIUS} -.03 .1 -${DOOR_HANDLE_RADIUS} 0 .1" size=".015" rgba=".85 .8 .2 1"/>
      <geom name="handle" class="door" type="sphere" pos="-${DOOR_HANDLE_RADIUS} -.045 .1" size=".03" rgba=".85 .8 .2 1"/>
    </body>
  </worldbody>
  <actuator>
    <motor name="shoulder" joint="shoulder" gear="4"/>
    <motor name="elbow" joint="elbow" gear="3"/>
    <motor name="wrist" joint="wrist" gear="1"/>
  </actuator>
</mujoco>`;
}

/** Rest pose (shoulder, elbow, wrist) the initial state jitters around: folded, fingertip ≈ 0.2 m in front of the base. */
const REST: readonly [number, number, number] = [0.9, 2.0, 0.3];
const REST_JITTER: readonly [number, number, number] = [0.3, 0.3, 0.5];

export const doorOpen: TaskDefinition = {
  id: "door-open",
  domain: "door",
  xml: doorXml,
  substeps: 5,
  episodeSteps: 500,
  defaultActionRepeat: 2,
  camera: "front",
  bind(p: MujocoPhysics) {
    const parts = [
      { name: "position", offset: 0, size: 4 },
      { name: "to_handle", offset: 4, size: 2 },
      { name: "velocity", offset: 6, size: 4 },
    ];
    const door = p.id("body", "door");
    const hingeAdr = (p.modelArray("jnt_qposadr") as unknown as Int32Array)[p.id("joint", "hinge")]!;
    const hingeDof = (p.modelArray("jnt_dofadr") as unknown as Int32Array)[p.id("joint", "hinge")]!;
    const tip = p.id("geom", "fingertip");
    const handle = p.id("geom", "handle");
    const pos0 = p.modelArray("body_pos");
    const base = [pos0[3 * door]!, pos0[3 * door + 1]!];
    const handleVector = (out: Float64Array | number[], at: number): void => {
      const g = p.dataArray("geom_xpos");
      out[at] = g[3 * handle]! - g[3 * tip]!;
      out[at + 1] = g[3 * handle + 1]! - g[3 * tip + 1]!;
    };
    const v2 = [0, 0];
    return {
      parts,
      stateSize: 10,
      trackBody: -1,
      initialize(rng) {
        // a fresh view each time: views of the wasm heap detach when it grows (another env loading)
        const bodyPos = p.modelArray("body_pos");
        for (let i = 0; i < 1000; i++) {
          bodyPos[3 * door] = base[0]! + rng.uniformIn(-0.02, 0.02);
          bodyPos[3 * door + 1] = base[1]! + rng.uniformIn(-0.02, 0.02);
          for (let j = 0; j < 3; j++) p.qpos[j] = REST[j]! + rng.uniformIn(-REST_JITTER[j]!, REST_JITTER[j]!);
          p.qpos[hingeAdr] = rng.uniformIn(0, 0.05);
          p.forward();
          if (p.ncon === 0) break;
        }
      },
      observe(out) {
        for (let j = 0; j < 3; j++) out[j] = p.qpos[j]!;
        out[3] = p.qpos[hingeAdr]!;
        handleVector(out, 4);
        for (let j = 0; j < 3; j++) out[6 + j] = p.qvel[j]!;
        out[9] = p.qvel[hingeDof]!;
      },
      reward() {
        handleVector(v2, 0);
        return doorOpenReward(Math.hypot(v2[0]!, v2[1]!), p.qpos[hingeAdr]!);
      },
    };
  },
};
