/**
 * Initial-state randomisation used by the suite's tasks (the behaviour of dm_control's
 * `randomize_limited_and_rotational_joints`, restated): every hinge gets a uniform angle —
 * inside its range when limited, in [−π, π) otherwise; every limited slide a uniform
 * position in its range; ball and free joints a uniformly random orientation. Unlimited
 * slides keep their value.
 */

import type { Rng } from "../../core/rng.js";
import { JointType, type MujocoPhysics } from "../mujoco/adapter.js";

export function randomizeLimitedAndRotationalJoints(physics: MujocoPhysics, rng: Rng): void {
  const type = physics.modelArray("jnt_type") as unknown as Int32Array;
  const limited = physics.modelArray("jnt_limited") as unknown as Uint8Array;
  const range = physics.modelArray("jnt_range");
  const adr = physics.modelArray("jnt_qposadr") as unknown as Int32Array;
  const qpos = physics.qpos;
  for (let j = 0; j < physics.njnt; j++) {
    const a = adr[j]!;
    const isLimited = limited[j]! !== 0;
    const lo = range[2 * j]!;
    const hi = range[2 * j + 1]!;
    switch (type[j]) {
      case JointType.hinge:
        qpos[a] = isLimited ? rng.uniformIn(lo, hi) : rng.uniformIn(-Math.PI, Math.PI);
        break;
      case JointType.slide:
        if (isLimited) qpos[a] = rng.uniformIn(lo, hi);
        break;
      case JointType.ball:
        writeRandomQuaternion(qpos, a, rng);
        break;
      case JointType.free:
        writeRandomQuaternion(qpos, a + 3, rng);
        break;
      default:
        break;
    }
  }
}

/** Uniform random unit quaternion (normalised 4-D Gaussian) written at qpos[at..at+4). */
function writeRandomQuaternion(qpos: Float64Array, at: number, rng: Rng): void {
  let n = 0;
  const q = [0, 0, 0, 0];
  do {
    for (let i = 0; i < 4; i++) q[i] = rng.normal();
    n = Math.hypot(q[0]!, q[1]!, q[2]!, q[3]!);
  } while (n < 1e-9);
  for (let i = 0; i < 4; i++) qpos[at + i] = q[i]! / n;
}
