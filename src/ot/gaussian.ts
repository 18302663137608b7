/**
 * 2-Wasserstein distance between Gaussians with diagonal covariances (DBC's closed form,
 * thesis §3.1.4 / Eq. (3.6) and §4.7.1):
 *
 *   W2(N(μ_i, Σ_i), N(μ_j, Σ_j))² = ‖μ_i − μ_j‖²₂ + ‖Σ_i^{1/2} − Σ_j^{1/2}‖²_F
 *
 * With diagonal Σ = diag(σ²) the Frobenius term is Σ_k (σ_ik − σ_jk)², so the arguments are
 * the mean vectors and the standard-deviation vectors σ (not variances).
 */

import { ReproError } from "../core/errors.js";

export function w2DiagonalGaussians(
  meanA: ArrayLike<number>,
  stdA: ArrayLike<number>,
  meanB: ArrayLike<number>,
  stdB: ArrayLike<number>,
): number {
  const n = meanA.length;
  if (stdA.length !== n || meanB.length !== n || stdB.length !== n) {
    throw new ReproError(
      `w2DiagonalGaussians: means and standard deviations must have equal lengths (got ${n}, ${stdA.length}, ${meanB.length}, ${stdB.length})`,
    );
  }
  let s = 0;
  for (let k = 0; k < n; k++) {
    const sa = stdA[k]!;
    const sb = stdB[k]!;
    if (!(sa >= 0) || !(sb >= 0)) {
      throw new ReproError(`w2DiagonalGaussians: standard deviations must be ≥ 0 (got ${sa}, ${sb} at ${k})`);
    }
    const dm = meanA[k]! - meanB[k]!;
    const ds = sa - sb;
    s += dm * dm + ds * ds;
  }
  if (!Number.isFinite(s)) throw new ReproError("w2DiagonalGaussians: inputs must be finite numbers");
  return Math.sqrt(s);
}
