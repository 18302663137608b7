/**
 * Thesis §4.7.1, Eq. (4.16), and its erratum (research note §4.7 item 4, T24): the dynamics
 * model P̂ is fitted by minimising
 *
 *   printed  ((φ_d(s′) − μ)/(2σ))²                       — no log σ: the loss falls as σ grows,
 *                                                           so σ runs to its upper clamp;
 *   NLL      ½((φ_d(s′) − μ)/σ)² + log σ                 — the Gaussian negative log-likelihood
 *                                                           (the code's form), σ → the noise level.
 *
 * On synthetic data x′ = A x + ε, ε ~ N(0, s² I), both are minimised by full-batch Adam on
 * hand-written float64 gradients, with μ = B x + b and a per-dimension σ squashed into
 * (σ_min, σ_max) = (1e-4, 10) by a scaled sigmoid (DBC's transition model, §4.8 of the note).
 */
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { Adam64 } from "./adam64.js";

export type DynamicsLossForm = "printed-4.16" | "nll";

export interface DynamicsFitOptions {
  dim?: number;
  samples?: number;
  noiseStd?: number;
  steps?: number;
  lr?: number;
  sigmaMin?: number;
  sigmaMax?: number;
}

export interface DynamicsFit {
  form: DynamicsLossForm;
  /** Fitted σ per dimension. */
  sigma: number[];
  /** max |B − A| and max |b| (the fitted mean map against the true one). */
  meanMapError: number;
  finalLoss: number;
  noiseStd: number;
  sigmaMax: number;
}

const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));

/** Fit μ = Bx + b and σ under `form` on x′ = Ax + ε (A with N(0, 0.5²) entries, x ~ N(0, I)). */
export function fitDynamicsModel(form: DynamicsLossForm, rng: Rng, opts: DynamicsFitOptions = {}): DynamicsFit {
  const d = opts.dim ?? 3;
  const N = opts.samples ?? 1000;
  const s = opts.noiseStd ?? 0.3;
  const steps = opts.steps ?? 8000;
  const lo = opts.sigmaMin ?? 1e-4;
  const hi = opts.sigmaMax ?? 10;
  if (form !== "printed-4.16" && form !== "nll") throw new ReproError(`dynamics loss form must be "printed-4.16" or "nll", got "${String(form)}"`);
  const A = Float64Array.from({ length: d * d }, () => rng.normal(0, 0.5));
  const X = Float64Array.from({ length: N * d }, () => rng.normal());
  const Y = new Float64Array(N * d);
  for (let n = 0; n < N; n++)
    for (let i = 0; i < d; i++) {
      let y = rng.normal(0, s);
      for (let j = 0; j < d; j++) y += A[i * d + j]! * X[n * d + j]!;
      Y[n * d + i] = y;
    }
  // θ = B (d·d) | b (d) | u (d), σ_i = lo + (hi − lo)·sigmoid(u_i); σ starts at 1
  const oB = 0;
  const ob = d * d;
  const ou = ob + d;
  const theta = new Float64Array(ou + d);
  const u0 = Math.log((1 - lo) / (hi - 1));
  for (let i = 0; i < d; i++) theta[ou + i] = u0;
  const grad = new Float64Array(theta.length);
  const adam = new Adam64(theta.length, opts.lr ?? 5e-2);
  const count = N * d;
  let loss = NaN;
  for (let step = 0; step <= steps; step++) {
    grad.fill(0);
    loss = 0;
    const sig = Array.from({ length: d }, (_, i) => lo + (hi - lo) * sigmoid(theta[ou + i]!));
    const gSig = new Float64Array(d);
    for (let n = 0; n < N; n++)
      for (let i = 0; i < d; i++) {
        let mu = theta[ob + i]!;
        for (let j = 0; j < d; j++) mu += theta[oB + i * d + j]! * X[n * d + j]!;
        const r = Y[n * d + i]! - mu;
        const sg = sig[i]!;
        let dMu: number;
        if (form === "printed-4.16") {
          loss += (r / (2 * sg)) ** 2;
          dMu = (-2 * r) / (4 * sg * sg);
          gSig[i]! += (-2 * r * r) / (4 * sg ** 3);
        } else {
          loss += 0.5 * (r / sg) ** 2 + Math.log(sg);
          dMu = -r / (sg * sg);
          gSig[i]! += -(r * r) / sg ** 3 + 1 / sg;
        }
        grad[ob + i]! += dMu / count;
        for (let j = 0; j < d; j++) grad[oB + i * d + j]! += (dMu * X[n * d + j]!) / count;
      }
    loss /= count;
    for (let i = 0; i < d; i++) {
      const z = sigmoid(theta[ou + i]!);
      grad[ou + i] = ((gSig[i]! / count) * (hi - lo) * z * (1 - z));
    }
    if (step < steps) adam.step(theta, grad);
  }
  let meanMapError = 0;
  for (let t = 0; t < d * d; t++) meanMapError = Math.max(meanMapError, Math.abs(theta[oB + t]! - A[t]!));
  for (let i = 0; i < d; i++) meanMapError = Math.max(meanMapError, Math.abs(theta[ob + i]!));
  const sigma = Array.from({ length: d }, (_, i) => lo + (hi - lo) * sigmoid(theta[ou + i]!));
  return { form, sigma, meanMapError, finalLoss: loss, noiseStd: s, sigmaMax: hi };
}

/**
 * T24's pass criterion for a loss that estimates the dynamics: every σ within `relTol` of the
 * noise level and the mean map within `meanTol` of A. The printed (4.16) fails it (σ at the clamp).
 */
export function dynamicsFitRecovers(fit: DynamicsFit, relTol = 0.05, meanTol = 0.05): boolean {
  return fit.sigma.every((sg) => Math.abs(sg - fit.noiseStd) <= relTol * fit.noiseStd) && fit.meanMapError <= meanTol;
}

/** Every σ within `share` of the upper clamp: what minimising the printed (4.16) does. */
export function sigmaAtUpperClamp(fit: DynamicsFit, share = 0.95): boolean {
  return fit.sigma.every((sg) => sg >= share * fit.sigmaMax);
}
