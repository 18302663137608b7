/**
 * Hand-written controllers (no learning) that show the tasks can be solved and give an
 * upper reference next to the random policy. Each maps the state observation (dm_control
 * layout, see src/envs/dmc/tasks.ts) to an action in [−1, 1]; actions are clipped by the env.
 *
 * - cartpole-swingup: energy pumping (Åström & Furuta 2000) then PD balance near the top.
 *   Pole: m = 0.1 kg, length L = 1 m, centre of mass l_c = 0.5 m, I = m L²/3 about the hinge;
 *   E = ½ I θ̇² + m g l_c (cos θ − 1) is 0 upright at rest, so pushing the cart with
 *   u ∝ E θ̇ cos θ drives E → 0 from below.
 * - reacher-easy/-hard: Jacobian-transpose PD on the fingertip error (2-link arm,
 *   l₁ = l₂ = 0.12 m, shoulder at the origin): τ = k Jᵀ e − d q̇.
 * - highway: lane keeping (steer against lateral offset and heading) with Intelligent-Driver-
 *   Model throttle behind the car ahead in the ego lane.
 */
import type { Env } from "../../../envs/types.js";
import { HIGHWAY, HighwayEnv, idmAcceleration } from "../../../envs/driving/highway.js";

export type StatePolicy = (obs: Float64Array) => number[];

const G = 9.81;
const POLE = { mass: 0.1, length: 1 };

/** Cartpole swing-up: energy pumping far from upright, PD balance when cos θ > 0.9. */
export function cartpoleSwingupController(obs: Float64Array): number[] {
  const x = obs[0]!, c = obs[1]!, s = obs[2]!, xd = obs[3]!, thd = obs[4]!;
  const th = Math.atan2(s, c); // 0 upright
  const inertia = (POLE.mass * POLE.length ** 2) / 3;
  const energy = 0.5 * inertia * thd * thd + POLE.mass * G * (POLE.length / 2) * (c - 1);
  const u = c > 0.9 ? 10 * th + 2 * thd + 0.5 * x + xd : 50 * energy * thd * c - 0.3 * x;
  return [u];
}

const ARM = { l1: 0.12, l2: 0.12 };

/** Reacher: τ = k Jᵀ e − d q̇ with e = target − fingertip (observation "to_target"). */
export function reacherController(obs: Float64Array, gains = { k: 60, d: 0.2 }): number[] {
  const q0 = obs[0]!, q1 = obs[1]!, ex = obs[2]!, ey = obs[3]!, v0 = obs[4]!, v1 = obs[5]!;
  const s0 = Math.sin(q0), c0 = Math.cos(q0), s01 = Math.sin(q0 + q1), c01 = Math.cos(q0 + q1);
  // J = ∂(fingertip)/∂q for p = l1 (c0, s0) + l2 (c01, s01)
  const j00 = -ARM.l1 * s0 - ARM.l2 * s01, j01 = -ARM.l2 * s01;
  const j10 = ARM.l1 * c0 + ARM.l2 * c01, j11 = ARM.l2 * c01;
  return [gains.k * (j00 * ex + j10 * ey) - gains.d * v0, gains.k * (j01 * ex + j11 * ey) - gains.d * v1];
}

/** Highway: keep the nearest lane centre, follow the leader with IDM, target 25 m/s. */
export function highwayController(env: HighwayEnv): number[] {
  const ego = env.ego;
  // lanes are centred on y = 0: lane k sits at (k − (lanes − 1)/2) · laneWidth
  const mid = (HIGHWAY.lanes - 1) / 2;
  const lane = Math.min(HIGHWAY.lanes - 1, Math.max(0, Math.round(ego.y / HIGHWAY.laneWidth + mid)));
  const centre = (lane - mid) * HIGHWAY.laneWidth;
  const steer = -0.15 * (ego.y - centre) - 1.5 * ego.heading;
  let gap = Infinity, dv = 0;
  for (const car of env.traffic) {
    const ahead = car.x - ego.x - HIGHWAY.carLength;
    if (Math.abs(car.y - ego.y) < HIGHWAY.laneWidth * 0.75 && ahead > -HIGHWAY.carLength / 2 && ahead < gap) {
      gap = Math.max(ahead, 0.1);
      dv = ego.speed - car.v;
    }
  }
  const accel = idmAcceleration(ego.speed, 25, gap, dv);
  const throttle = accel >= 0 ? accel / HIGHWAY.maxAccel : accel / HIGHWAY.maxBrake;
  return [steer, throttle];
}

/** The scripted policy of a task (state observations), or undefined when none exists. */
export function scriptedPolicyFor(taskId: string, env: Env): StatePolicy | undefined {
  if (taskId === "cartpole-swingup") return cartpoleSwingupController;
  if (taskId === "reacher-easy" || taskId === "reacher-hard") return (o) => reacherController(o);
  if (taskId === "highway" && env instanceof HighwayEnv) return () => highwayController(env);
  return undefined;
}

/** Tasks with a scripted controller. */
export const SCRIPTED_TASKS: readonly string[] = ["cartpole-swingup", "reacher-easy", "reacher-hard", "highway"];
