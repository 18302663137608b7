/**
 * What the sampled losses of Chapter 5 converge to, on tabular quantities (research/seed000-ch5-7.md
 * Part B, checks N5, N16 and N17; float64, no tensors; N16 is described at practicalRapIteration).
 *
 * N5 — the MICo sampled loss (5.7) regresses D(i, j) on |r(i, a) − r(j, b)| + γ D(s′_i, s′_j) with
 * a ~ π(i), b ~ π(j) drawn independently: its fixed point is the shift-MICo metric d̃_M (Definition
 * 5.5.1, the expectation outside the absolute value), not MICo's d_M. With the exact reward term
 * |r^π(i) − r^π(j)| (loss (5.6)) the same iteration reaches d_M. `sampledMicoIteration` runs the
 * stochastic approximation D_ij += α_ij (target − D_ij), α_ij = c_ij^−0.6 (c_ij: visits of (i, j)).
 *
 * N17 — the Gaussian heads (μ̂, σ̂) of RAP and AMBS. The printed reward loss ((r − μ̂)/(2σ̂))² has no
 * log σ̂ term: its gradient in σ̂ is always negative, so σ̂ runs to its upper bound. The Gaussian
 * NLL — the authors' code's ½(½((r − μ̂)/σ̂)² + log σ̂) and the plain ½((r − μ̂)/σ̂)² + log σ̂ alike —
 * is minimised at σ̂² = E(r − μ̂)² = Var(r). `fitGaussianHead` fits
 * one state's head by SGD on samples of r under either loss.
 */
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import type { FiniteMdp, Policy, StateMatrix } from "../mdp/types.js";

export interface SampledMicoOptions {
  /** Updates (one sampled pair each). */
  steps: number;
  /** "sampled": |r(i, a) − r(j, b)|, a, b drawn independently (loss 5.7); "expected": |r^π(i) − r^π(j)| (loss 5.6). */
  reward: "sampled" | "expected";
  rng: Rng;
  /** Step-size exponent: α = visits^−power (default 0.6). */
  power?: number;
}

function draw(rng: Rng, probs: ArrayLike<number>, offset: number, n: number): number {
  let u = rng.uniform();
  for (let k = 0; k < n; k++) {
    u -= probs[offset + k]!;
    if (u < 0) return k;
  }
  return n - 1;
}

/** Tabular stochastic approximation of the MICo-style recursion (see the file comment, N5). */
export function sampledMicoIteration(mdp: FiniteMdp, pi: Policy, opts: SampledMicoOptions): StateMatrix {
  const { nStates: n, nActions: m, P, R, gamma } = mdp;
  if (!(Number.isInteger(opts.steps) && opts.steps > 0)) throw new ReproError(`sampledMicoIteration: steps must be a positive integer, got ${opts.steps}`);
  const power = opts.power ?? 0.6;
  const rPi = new Float64Array(n);
  for (let s = 0; s < n; s++) for (let a = 0; a < m; a++) rPi[s]! += pi[s * m + a]! * R[s * m + a]!;
  const D = new Float64Array(n * n);
  const visits = new Float64Array(n * n);
  const { rng } = opts;
  for (let t = 0; t < opts.steps; t++) {
    const i = rng.int(n);
    const j = rng.int(n);
    const a = draw(rng, pi, i * m, m);
    const b = draw(rng, pi, j * m, m);
    const si = draw(rng, P, (i * m + a) * n, n);
    const sj = draw(rng, P, (j * m + b) * n, n);
    const r = opts.reward === "sampled" ? Math.abs(R[i * m + a]! - R[j * m + b]!) : Math.abs(rPi[i]! - rPi[j]!);
    const k = i * n + j;
    visits[k]! += 1;
    D[k]! += visits[k]! ** -power * (r + gamma * D[si * n + sj]! - D[k]!);
  }
  return D;
}

export interface GaussianHeadOptions {
  /** "printed": ((r − μ̂)/(2σ̂))², no log σ̂ (thesis); "nll": ½((r − μ̂)/σ̂)² + log σ̂. */
  loss: "printed" | "nll";
  steps: number;
  lr: number;
  /** σ̂ is kept in [sigmaMin, sigmaMax] (the heads squash it there). */
  sigmaMin?: number;
  sigmaMax?: number;
}

/** Fit (μ̂, log σ̂) of one Gaussian head by SGD on `sample()` draws (N17). */
export function fitGaussianHead(sample: () => number, opts: GaussianHeadOptions): { mu: number; sigma: number } {
  const lo = Math.log(opts.sigmaMin ?? 1e-4);
  const hi = Math.log(opts.sigmaMax ?? 10);
  let mu = 0;
  let logSigma = 0;
  for (let t = 0; t < opts.steps; t++) {
    const r = sample();
    const s2 = Math.exp(2 * logSigma);
    const e = r - mu;
    // d/dμ and d/d log σ of the per-sample loss
    const [gMu, gLog] = opts.loss === "printed" ? [-e / (2 * s2), -(e * e) / (2 * s2)] : [-e / s2, 1 - (e * e) / s2];
    mu -= opts.lr * gMu;
    logSigma = Math.min(hi, Math.max(lo, logSigma - opts.lr * gLog));
  }
  return { mu, sigma: Math.exp(logSigma) };
}

export interface PracticalRapOptions {
  /** Starting distances (default 0). */
  init?: StateMatrix;
  /** Fitted-iteration sweeps (each: target copy, then every pair refitted). */
  sweeps: number;
  /** Newton steps per pair and sweep, from the previous value (SGD-like continuation). */
  newtonSteps?: number;
}

/**
 * N16 — the practical RAP loss (5.15) as a tabular fitted iteration on an MDP with deterministic
 * transitions f(s, a) = `meanMap`, the Gaussian heads exact (μ̂ = r, σ̂² = Var_π r(s, ·)):
 *   D_ij ← argmin_{x ≥ 0} Σ_{a,b} π(a|i) π(b|j) ((x − γ D⁻(f(i,a), f(j,b)))² − [(r(i,a) − r(j,b))² − Var_i − Var_j])²
 * by Newton from the previous D_ij (D⁻: the target copy of the sweep). The squared target has two
 * roots and the expectation over actions sits outside the square, so unlike (5.14), whose
 * fixed point is d_G, this iteration can settle elsewhere; the research notes treat it as a
 * finding to verify. Returns D and the last sweep's largest change (non-convergence shows).
 */
export function practicalRapIteration(mdp: FiniteMdp, pi: Policy, meanMap: Int32Array, opts: PracticalRapOptions): { D: StateMatrix; lastChange: number } {
  const { nStates: n, nActions: m, R, gamma } = mdp;
  const newton = opts.newtonSteps ?? 20;
  const rPi = new Float64Array(n);
  const varPi = new Float64Array(n);
  for (let s = 0; s < n; s++) for (let a = 0; a < m; a++) rPi[s]! += pi[s * m + a]! * R[s * m + a]!;
  for (let s = 0; s < n; s++) for (let a = 0; a < m; a++) varPi[s]! += pi[s * m + a]! * (R[s * m + a]! - rPi[s]!) ** 2;
  const D = opts.init ? Float64Array.from(opts.init) : new Float64Array(n * n);
  let lastChange = NaN;
  for (let sweep = 0; sweep < opts.sweeps; sweep++) {
    const target = Float64Array.from(D);
    lastChange = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let x = D[i * n + j]!;
        for (let k = 0; k < newton; k++) {
          let g1 = 0;
          let g2 = 0;
          for (let a = 0; a < m; a++) {
            const pa = pi[i * m + a]!;
            if (pa === 0) continue;
            for (let b = 0; b < m; b++) {
              const w = pa * pi[j * m + b]!;
              if (w === 0) continue;
              const u = x - gamma * target[meanMap[i * m + a]! * n + meanMap[j * m + b]!]!;
              const c = (R[i * m + a]! - R[j * m + b]!) ** 2 - varPi[i]! - varPi[j]!;
              g1 += 4 * w * (u * u - c) * u;
              g2 += 4 * w * (3 * u * u - c);
            }
          }
          const step = g2 > 1e-12 ? g1 / g2 : 0.1 * g1;
          x = Math.max(0, x - step);
        }
        lastChange = Math.max(lastChange, Math.abs(x - D[i * n + j]!));
        D[i * n + j] = x;
      }
    }
  }
  return { D, lastChange };
}
