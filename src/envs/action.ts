/** Action checking shared by all environments: wrong length or non-finite → error; out of range → clip. */

import { ReproError } from "../core/errors.js";

/**
 * Copy `action` into `out`, clipping each entry to [lo, hi]. Throws a one-line ReproError
 * for a wrong length or a NaN/±Infinity entry (out-of-range finite values are clipped, as
 * dm_control's MuJoCo actuators with ctrllimited do).
 */
export function checkAndClipAction(
  envId: string,
  action: ArrayLike<number>,
  out: Float64Array,
  lo: number,
  hi: number,
): void {
  if (action === null || typeof action !== "object" || typeof action.length !== "number") {
    throw new ReproError(`${envId}: action must be an array of ${out.length} numbers, got ${String(action)}`);
  }
  if (action.length !== out.length) {
    throw new ReproError(`${envId}: action must have length ${out.length}, got ${action.length}`);
  }
  for (let i = 0; i < out.length; i++) {
    const a = action[i]!;
    if (typeof a !== "number" || !Number.isFinite(a)) {
      throw new ReproError(`${envId}: action[${i}] is ${String(a)}; actions must be finite numbers in [${lo}, ${hi}]`);
    }
    out[i] = a < lo ? lo : a > hi ? hi : a;
  }
}
