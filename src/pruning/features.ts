/**
 * Static filter features of §6.3.1.2 for one conv layer, in float64. Filters are given as
 * C_out rows of C_in·k·k numbers (any fixed flattening order, the same for K and ∂L/∂K).
 *   n_i = ‖K_i‖_F
 *   d_i = ‖K_i − (1/C_out) Σ_j K_j‖_F                (FPGM-inspired distance to the mean filter)
 *   H_i = ‖∂L/∂K_i ⊗ K_i‖_F²                          (squared first-order Taylor term)
 */
import { ReproError } from "../core/errors.js";

export interface StaticFeatures {
  norm: Float64Array;
  distance: Float64Array;
  hessian: Float64Array;
}

export function staticFeatures(filters: ArrayLike<number>, grads: ArrayLike<number>, cout: number): StaticFeatures {
  const len = filters.length / cout;
  if (!Number.isInteger(len) || grads.length !== filters.length) {
    throw new ReproError(`static features need C_out·(C_in·k·k) filter values and as many gradients; got ${filters.length} filters, ${grads.length} gradients for C_out = ${cout}`);
  }
  const mean = new Float64Array(len);
  for (let i = 0; i < cout; i++) for (let j = 0; j < len; j++) mean[j]! += filters[i * len + j]! / cout;
  const norm = new Float64Array(cout);
  const distance = new Float64Array(cout);
  const hessian = new Float64Array(cout);
  for (let i = 0; i < cout; i++) {
    let n = 0;
    let d = 0;
    let h = 0;
    for (let j = 0; j < len; j++) {
      const k = filters[i * len + j]!;
      n += k * k;
      d += (k - mean[j]!) ** 2;
      h += (grads[i * len + j]! * k) ** 2;
    }
    norm[i] = Math.sqrt(n);
    distance[i] = Math.sqrt(d);
    hessian[i] = h;
  }
  return { norm, distance, hessian };
}
