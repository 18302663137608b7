/**
 * T6: policy-gradient theorem (Eq. 2.9) and gradient ascent (Eq. 2.10);
 * T7: REINFORCE unbiasedness (Eq. 2.11), with and without the γ^t factor.
 *
 * Tabular softmax policy π_θ(a|s) ∝ exp θ_{s,a}, objective J(θ) = Σ_s ρ0(s) V^{π_θ}(s).
 * Exact gradient [EXT-lit, Sutton et al. 2000]:
 *   ∂J/∂θ_{s,a} = d^π_ρ0(s) π(a|s) (Q^π(s,a) − V^π(s)),   d^π_ρ0 = ρ0ᵀ(I − γP^π)^{-1},
 * because ∇_θ log π(a|s) = e_{s,a} − Σ_b π(b|s) e_{s,b}. (2.9) leaves out the state weighting.
 * REINFORCE with γ^t: E[Σ_t γ^t G_t ∇log π(a_t|s_t)] = ∇J. The thesis's (2.11) has no γ^t;
 * that estimator's expectation is Σ_t Pr(s_t=s) π(a|s)(Q_{H−t}(s,a) − V_{H−t}(s)) (undiscounted
 * state weighting; Q_k the k-step truncated value), which is not ∇J [Thomas 2014; Nota & Thomas 2020].
 */

import { ReproError } from "../../../core/errors.js";
import type { Rng } from "../../../core/rng.js";
import { discountedVisitation, evaluatePolicy, policyTransitions, qFromV } from "../../../mdp/evaluate.js";
import { dot, vecMat } from "../../../mdp/linalg.js";
import { sampleIndexAt, sampleNextState, sampleReward, truncationHorizon } from "../../../mdp/sample.js";
import type { FiniteMdp, Policy } from "../../../mdp/types.js";
import type { Ch2Config } from "./config.js";
import type { MdpCase } from "./suite.js";
import { normalTwoSidedTail, VectorMoments, zScore } from "./suite.js";
import { type CheckResult, makeCheck, makePart, WorstCase } from "./types.js";

/** π_θ(a|s) = exp θ_{s,a} / Σ_b exp θ_{s,b} (row-wise, max-shifted for stability). */
export function softmaxPolicy(theta: ArrayLike<number>, nStates: number, nActions: number): Policy {
  if (theta.length !== nStates * nActions) {
    throw new ReproError(`softmaxPolicy: θ has length ${theta.length}, expected ${nStates * nActions}`);
  }
  const pi = new Float64Array(nStates * nActions);
  for (let s = 0; s < nStates; s++) {
    let mx = -Infinity;
    for (let a = 0; a < nActions; a++) mx = Math.max(mx, theta[s * nActions + a]!);
    let z = 0;
    for (let a = 0; a < nActions; a++) {
      const e = Math.exp(theta[s * nActions + a]! - mx);
      pi[s * nActions + a] = e;
      z += e;
    }
    for (let a = 0; a < nActions; a++) pi[s * nActions + a]! /= z;
  }
  return pi;
}

/** θ with softmax(θ) = π (θ = log π; requires π > 0). */
export function logitsOf(pi: Policy): Float64Array {
  return Float64Array.from(pi, (p) => Math.log(p));
}

/** J(θ) = ρ0ᵀ V^{π_θ}. */
export function softmaxObjective(mdp: FiniteMdp, theta: ArrayLike<number>, rho0: ArrayLike<number>): number {
  return dot(rho0, evaluatePolicy(mdp, softmaxPolicy(theta, mdp.nStates, mdp.nActions)));
}

/** Exact ∇_θ J for the tabular softmax policy (policy-gradient theorem with d^π_ρ0 weighting). */
export function exactSoftmaxGradient(mdp: FiniteMdp, theta: ArrayLike<number>, rho0: ArrayLike<number>): Float64Array {
  const { nStates: n, nActions: m } = mdp;
  const pi = softmaxPolicy(theta, n, m);
  const V = evaluatePolicy(mdp, pi);
  const Q = qFromV(mdp, V);
  const d = discountedVisitation(mdp, pi, rho0);
  const g = new Float64Array(n * m);
  for (let s = 0; s < n; s++) for (let a = 0; a < m; a++) g[s * m + a] = d[s]! * pi[s * m + a]! * (Q[s * m + a]! - V[s]!);
  return g;
}

/** Central finite differences of J(θ) with step h. */
export function finiteDifferenceGradient(
  mdp: FiniteMdp,
  theta: ArrayLike<number>,
  rho0: ArrayLike<number>,
  h = 1e-6,
): Float64Array {
  const th = Float64Array.from(theta);
  const g = new Float64Array(th.length);
  for (let i = 0; i < th.length; i++) {
    const orig = th[i]!;
    th[i] = orig + h;
    const jp = softmaxObjective(mdp, th, rho0);
    th[i] = orig - h;
    const jm = softmaxObjective(mdp, th, rho0);
    th[i] = orig;
    g[i] = (jp - jm) / (2 * h);
  }
  return g;
}

/** Gradient ascent θ ← θ + α∇J (2.10) with the exact gradient; returns J before each step and after the last. */
export function softmaxGradientAscent(
  mdp: FiniteMdp,
  theta0: ArrayLike<number>,
  rho0: ArrayLike<number>,
  steps: number,
  alpha: number,
): number[] {
  const th = Float64Array.from(theta0);
  const J: number[] = [softmaxObjective(mdp, th, rho0)];
  for (let k = 0; k < steps; k++) {
    const g = exactSoftmaxGradient(mdp, th, rho0);
    for (let i = 0; i < th.length; i++) th[i]! += alpha * g[i]!;
    J.push(softmaxObjective(mdp, th, rho0));
  }
  return J;
}

/** A claimed gradient formula g(mdp, θ, ρ0) to test against finite differences. */
export type GradientFormula = (mdp: FiniteMdp, theta: ArrayLike<number>, rho0: ArrayLike<number>) => Float64Array;

/**
 * (2.9) read literally with states drawn from ρ0 instead of the discounted visitation:
 * Σ_s ρ0(s) Σ_a π(a|s) Q^π(s,a) ∇log π(a|s). Wrong in general; used as a negative control.
 */
export function startStateWeightedGradient(mdp: FiniteMdp, theta: ArrayLike<number>, rho0: ArrayLike<number>): Float64Array {
  const { nStates: n, nActions: m } = mdp;
  const pi = softmaxPolicy(theta, n, m);
  const V = evaluatePolicy(mdp, pi);
  const Q = qFromV(mdp, V);
  const g = new Float64Array(n * m);
  for (let s = 0; s < n; s++) for (let a = 0; a < m; a++) g[s * m + a] = rho0[s]! * pi[s * m + a]! * (Q[s * m + a]! - V[s]!);
  return g;
}

/**
 * T6: policy-gradient theorem (2.9) vs finite differences; gradient ascent (2.10) is monotone.
 * Pass another `formula` (e.g. startStateWeightedGradient) as a negative control.
 */
export function checkPolicyGradient(cases: MdpCase[], cfg: Ch2Config, formula: GradientFormula = exactSoftmaxGradient): CheckResult {
  const t0 = Date.now();
  const fdWorst = new WorstCase();
  let worstDrop = Number.NEGATIVE_INFINITY; // max over steps of J_k − J_{k+1}
  let dropWhere = "";
  const ascent: { mdp: string; J: number[] }[] = [];
  let components: { mdp: string; exact: number[]; finiteDifference: number[] } | null = null;
  for (const c of cases) {
    const theta = c.theta;
    const g = formula(c.mdp, theta, c.rho0);
    const fd = finiteDifferenceGradient(c.mdp, theta, c.rho0, 1e-6);
    let scale = 0;
    let err = 0;
    for (let i = 0; i < g.length; i++) {
      scale = Math.max(scale, Math.abs(g[i]!));
      err = Math.max(err, Math.abs(g[i]! - fd[i]!));
    }
    fdWorst.update(err / scale, c.label);
    components ??= { mdp: c.label, exact: Array.from(g), finiteDifference: Array.from(fd) };
    const J = softmaxGradientAscent(c.mdp, theta, c.rho0, cfg.gaSteps, cfg.gaAlpha);
    ascent.push({ mdp: c.label, J });
    for (let k = 1; k < J.length; k++) {
      if (J[k - 1]! - J[k]! > worstDrop) {
        worstDrop = J[k - 1]! - J[k]!;
        dropWhere = `${c.label}, step ${k}`;
      }
    }
  }
  return makeCheck(
    {
      id: "T6",
      source: "§2.3.2, Eqs. (2.9)–(2.10)",
      title: "Policy-gradient theorem and gradient ascent",
      claim: "Eq. (2.9) ∇_θJ(θ) = E[Q^π(s,a)∇_θ log π_θ(a|s)]; Eq. (2.10) θ ← θ + α∇_θJ(θ).",
      what: `${cases.length} random MDPs, tabular softmax π_θ with θ ~ N(0,1), J = ρ0ᵀV^π: exact gradient d^π_ρ0(s)π(a|s)(Q−V)(s,a) vs central finite differences (h=1e-6); ${cfg.gaSteps} steps of exact gradient ascent with α=${cfg.gaAlpha}.`,
      mdpsTried: cases.length,
      parts: [
        makePart("‖∇J_exact − ∇J_FD‖∞ / ‖∇J_exact‖∞", fdWorst.value, "<=", 1e-5, { worst: fdWorst.where }),
        makePart("largest decrease of J in one ascent step", worstDrop, "<=", 1e-12, { worst: dropWhere }),
      ],
      discrepancy:
        "(2.9) leaves out the state distribution of the expectation: it must be the discounted visitation d^π_ρ0 = ρ0ᵀ(I−γP^π)^{-1} (unnormalised, sums to 1/(1−γ)) [EXT-lit]; with the normalised visitation the right side is (1−γ)∇J.",
      details: {},
      series: { gradientComponents: components, ascent },
    },
    t0,
  );
}

/** Result of a REINFORCE run: per-component means and SEs of both estimators. */
export interface ReinforceEstimate {
  episodes: number;
  horizon: number;
  /** Σ_t γ^t G_t ∇log π(a_t|s_t) (unbiased for ∇J). */
  withDiscount: { mean: number[]; se: number[] };
  /** Σ_t G_t ∇log π(a_t|s_t) (thesis Eq. 2.11 as printed). */
  asPrinted: { mean: number[]; se: number[] };
}

/** Sample `episodes` episodes from s0 ~ ρ0 (truncated at H) and average both REINFORCE estimators. */
export function reinforceEstimate(
  rng: Rng,
  mdp: FiniteMdp,
  pi: Policy,
  rho0: ArrayLike<number>,
  episodes: number,
  horizon: number,
): ReinforceEstimate {
  const { nStates: n, nActions: m, gamma } = mdp;
  const dim = n * m;
  const states = new Int32Array(horizon);
  const actions = new Int32Array(horizon);
  const rewards = new Float64Array(horizon);
  const gDisc = new Float64Array(dim);
  const gPrinted = new Float64Array(dim);
  const momDisc = new VectorMoments(dim);
  const momPrinted = new VectorMoments(dim);
  for (let e = 0; e < episodes; e++) {
    let s = sampleIndexAt(rng, rho0, 0, n);
    for (let t = 0; t < horizon; t++) {
      const a = sampleIndexAt(rng, pi, s * m, m);
      states[t] = s;
      actions[t] = a;
      rewards[t] = sampleReward(rng, mdp, s, a);
      s = sampleNextState(rng, mdp, s, a);
    }
    gDisc.fill(0);
    gPrinted.fill(0);
    let G = 0;
    for (let t = horizon - 1; t >= 0; t--) {
      G = rewards[t]! + gamma * G;
      const st = states[t]!;
      const at = actions[t]!;
      const wDisc = Math.pow(gamma, t) * G;
      for (let b = 0; b < m; b++) {
        const score = (b === at ? 1 : 0) - pi[st * m + b]!;
        gDisc[st * m + b]! += wDisc * score;
        gPrinted[st * m + b]! += G * score;
      }
    }
    momDisc.push(gDisc);
    momPrinted.push(gPrinted);
  }
  return {
    episodes,
    horizon,
    withDiscount: { mean: Array.from(momDisc.mean), se: Array.from(momDisc.standardErrors()) },
    asPrinted: { mean: Array.from(momPrinted.mean), se: Array.from(momPrinted.standardErrors()) },
  };
}

/**
 * Exact expectation of the as-printed estimator Σ_{t<H} G_t ∇log π(a_t|s_t) (no γ^t), with
 * returns truncated at H: Σ_t μ_t(s) π(a|s)(Q_{H−t}(s,a) − V_{H−t}(s)), μ_t = ρ0ᵀ(P^π)^t.
 */
export function expectedAsPrintedReinforce(
  mdp: FiniteMdp,
  pi: Policy,
  rho0: ArrayLike<number>,
  horizon: number,
): Float64Array {
  const { nStates: n, nActions: m } = mdp;
  // k-step truncated values: Q_k = R + γ P V_{k−1}, V_k = Σ_a π Q_k, V_0 = 0.
  const Qk: Float64Array[] = [new Float64Array(n * m)];
  const Vk: Float64Array[] = [new Float64Array(n)];
  for (let k = 1; k <= horizon; k++) {
    const Q = qFromV(mdp, Vk[k - 1]!);
    const V = new Float64Array(n);
    for (let s = 0; s < n; s++) for (let a = 0; a < m; a++) V[s]! += pi[s * m + a]! * Q[s * m + a]!;
    Qk.push(Q);
    Vk.push(V);
  }
  const Ppi = policyTransitions(mdp, pi);
  let mu: Float64Array = Float64Array.from(rho0);
  const out = new Float64Array(n * m);
  for (let t = 0; t < horizon; t++) {
    const Q = Qk[horizon - t]!;
    const V = Vk[horizon - t]!;
    for (let s = 0; s < n; s++) for (let a = 0; a < m; a++) out[s * m + a]! += mu[s]! * pi[s * m + a]! * (Q[s * m + a]! - V[s]!);
    mu = vecMat(mu, Ppi, n, n);
  }
  return out;
}

function cosine(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const nx = Math.sqrt(dot(x, x));
  const ny = Math.sqrt(dot(y, y));
  return dot(x, y) / (nx * ny);
}

export interface ReinforceSeriesRow {
  mdp: string;
  exactGradient: number[];
  withDiscount: { mean: number[]; se: number[] };
  asPrinted: { mean: number[]; se: number[] };
  asPrintedExpectation: number[];
  asPrintedCosineToGradient: number;
  asPrintedRelativeError: number;
}

/**
 * T7: REINFORCE (2.11). `headline` chooses which estimator must match ∇J for the check to pass:
 * "gamma-t" (correct) or "as-printed" (the thesis's form; used as a negative control).
 */
export function checkReinforce(
  rng: Rng,
  cases: MdpCase[],
  cfg: Ch2Config,
  headline: "gamma-t" | "as-printed" = "gamma-t",
): CheckResult {
  const t0 = Date.now();
  const chosen = cases.filter((c) => c.mdp.gamma <= cfg.reinforceMaxGamma).slice(0, cfg.reinforceMdps);
  const zDisc = new WorstCase();
  const zPrintedOwn = new WorstCase();
  const zPrintedVsGrad = new WorstCase();
  const rows: ReinforceSeriesRow[] = [];
  let comparisons = 0;
  let minCos = Infinity;
  let maxRel = 0;
  for (const c of chosen) {
    const H = truncationHorizon(c.mdp.gamma, cfg.horizonEps);
    const theta = c.theta;
    const pi = softmaxPolicy(theta, c.mdp.nStates, c.mdp.nActions);
    const grad = exactSoftmaxGradient(c.mdp, theta, c.rho0);
    const est = reinforceEstimate(rng.fork(`T7-${c.label}`), c.mdp, pi, c.rho0, cfg.reinforceEpisodes, H);
    const printedExp = expectedAsPrintedReinforce(c.mdp, pi, c.rho0, H);
    const m = c.mdp.nActions;
    const where = (i: number) => () => `${c.label}, θ(s=${Math.floor(i / m)},a=${i % m})`;
    for (let i = 0; i < grad.length; i++) {
      comparisons++;
      const zd = zScore(est.withDiscount.mean[i]!, grad[i]!, est.withDiscount.se[i]!);
      const zp = zScore(est.asPrinted.mean[i]!, grad[i]!, est.asPrinted.se[i]!);
      const zo = zScore(est.asPrinted.mean[i]!, printedExp[i]!, est.asPrinted.se[i]!);
      zDisc.update(headline === "gamma-t" ? zd : zp, where(i));
      zPrintedVsGrad.update(zp, where(i));
      zPrintedOwn.update(zo, where(i));
    }
    const diff = grad.map((g, i) => est.asPrinted.mean[i]! - g);
    const rel = Math.sqrt(dot(diff, diff) / dot(grad, grad));
    const cos = cosine(est.asPrinted.mean, grad);
    minCos = Math.min(minCos, cos);
    maxRel = Math.max(maxRel, rel);
    rows.push({
      mdp: c.label,
      exactGradient: Array.from(grad),
      withDiscount: est.withDiscount,
      asPrinted: est.asPrinted,
      asPrintedExpectation: Array.from(printedExp),
      asPrintedCosineToGradient: cos,
      asPrintedRelativeError: rel,
    });
  }
  const headLabel =
    headline === "gamma-t"
      ? "max |mean(Σγ^t G_t ∇logπ) − ∇J| / SE"
      : "max |mean(Σ G_t ∇logπ) (as printed) − ∇J| / SE";
  return makeCheck(
    {
      id: "T7",
      source: "§2.3.2, Eq. (2.11)",
      title: "REINFORCE unbiasedness",
      claim:
        'Eq. (2.11) ∇_θJ(θ) = E[G_t ∇_θ log π_θ(a_t|s_t)], "In expectation, the sample gradient is equal to the actual gradient."',
      what: `${chosen.length} random MDPs with γ≤${cfg.reinforceMaxGamma}, tabular softmax θ ~ N(0,1), s0~ρ0, ${cfg.reinforceEpisodes} episodes truncated at γ^H<${cfg.horizonEps}; per-component z-scores of the episode-averaged estimator vs the exact ∇J of T6, for the γ^t-weighted form and the thesis's form without γ^t.`,
      mdpsTried: chosen.length,
      parts: [
        makePart(headLabel, zDisc.value, "<=", 4, { worst: zDisc.where }),
        makePart("as printed (no γ^t) vs its own exact expectation Σ_t μ_t π (Q_{H−t} − V_{H−t}): max |z|", zPrintedOwn.value, "<=", 4, {
          worst: zPrintedOwn.where,
        }),
        makePart("as printed (no γ^t) vs ∇J: max |z| (large = biased)", zPrintedVsGrad.value, ">=", 4, {
          informational: true,
          worst: zPrintedVsGrad.where,
        }),
        makePart("as printed (no γ^t): worst relative error ‖ĝ − ∇J‖₂/‖∇J‖₂", maxRel, ">=", 0, { informational: true }),
        makePart("as printed (no γ^t): smallest cosine similarity to ∇J", minCos, ">=", -1, { informational: true }),
      ],
      discrepancy:
        "The printed (2.11) has no γ^t factor. For the discounted objective J = E[Σγ^t r_t] the unbiased estimator is Σ_t γ^t G_t ∇log π(a_t|s_t); without γ^t the estimator weights states by their undiscounted visitation and is biased (it is the common practical form; Thomas 2014, Nota & Thomas 2020). Both are reported; only the γ^t form matches ∇J.",
      details: {
        comparisons,
        expectedFalseAlarmsAt4SE: comparisons * normalTwoSidedTail(4),
        note: "Per-episode gradient components are skewed, so the normal 4-SE rule is optimistic at 10³ episodes: over 61 smoke seeds one showed max|z| = 4.5, which fell to 1.1 with 4·10³ episodes (unbiased).",
      },
      series: { reinforce: rows },
    },
    t0,
  );
}
