/**
 * T11: the tanh-squashed Gaussian policy used by the SAC actor (Eqs. 2.23/4.14; log-std bounds
 * [−10, 2] from Table 4.2) [EXT-lit form of SAC v2]:
 *   a = tanh(u), u ~ N(μ, σ²),  log π(a) = log N(u; μ, σ) − log(1 − tanh²u).
 * Checks: the density integrates to 1 ± 1e-4 for μ ∈ {−2,0,1}, log σ ∈ {−2,0,1}; the
 * reparameterised and score-function gradients of E[α log π(a) − Q(a)] (toy Q) agree with a
 * quadrature reference within 4 SE; the log-std map −10 + 6(tanh x + 1) stays in [−10, 2].
 */

import type { Rng } from "../../../core/rng.js";
import type { Ch2Config } from "./config.js";
import { normalTwoSidedTail } from "./suite.js";
import { type CheckResult, makeCheck, makePart, WorstCase } from "./types.js";

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** log(1 − tanh²u) in the overflow-free form 2(log 2 − u − softplus(−2u)). */
export function logTanhJacobian(u: number): number {
  return 2 * (Math.LN2 - u - softplus(-2 * u));
}

/** log π(a) of the squashed Gaussian, from the pre-squash sample u. */
export function squashedLogProb(u: number, mu: number, logStd: number): number {
  const z = (u - mu) / Math.exp(logStd);
  return -0.5 * z * z - logStd - LOG_SQRT_2PI - logTanhJacobian(u);
}

/** log π(a) from the action a ∈ (−1,1) alone (u = atanh a), as an environment-side check would compute it. */
export function squashedLogProbOfAction(a: number, mu: number, logStd: number): number {
  const u = Math.atanh(a);
  const z = (u - mu) / Math.exp(logStd);
  return -0.5 * z * z - logStd - LOG_SQRT_2PI - Math.log(1 - a * a);
}

/** The common "log(1 − a² + 1e-6)" variant (numerical-safety epsilon used by many SAC codes). */
export function squashedLogProbEpsilon(u: number, mu: number, logStd: number): number {
  const a = Math.tanh(u);
  const z = (u - mu) / Math.exp(logStd);
  return -0.5 * z * z - logStd - LOG_SQRT_2PI - Math.log(1 - a * a + 1e-6);
}

/** SAC log-std squashing to [min, max]: min + ½(max − min)(tanh x + 1); thesis bounds [−10, 2]. */
export function boundedLogStd(x: number, min = -10, max = 2): number {
  return min + 0.5 * (max - min) * (Math.tanh(x) + 1);
}

/** Trapezoid ∫ f(u) du over [lo, hi] with `points` nodes. */
function trapezoid(f: (u: number) => number, lo: number, hi: number, points: number): number {
  const h = (hi - lo) / (points - 1);
  let s = 0.5 * (f(lo) + f(hi));
  for (let i = 1; i < points - 1; i++) s += f(lo + i * h);
  return s * h;
}

const ALPHA = 0.2;
const toyQ = (a: number): number => -2 * (a - 0.3) * (a - 0.3);
const toyQPrime = (a: number): number => -4 * (a - 0.3);

/** E_{u~N(μ,σ²)}[α log π(tanh u) − Q(tanh u)] by quadrature. */
function objectiveByQuadrature(mu: number, logStd: number, points: number): number {
  const sd = Math.exp(logStd);
  return trapezoid(
    (u) => {
      const z = (u - mu) / sd;
      const dens = Math.exp(-0.5 * z * z - logStd - LOG_SQRT_2PI);
      return dens * (ALPHA * squashedLogProb(u, mu, logStd) - toyQ(Math.tanh(u)));
    },
    mu - 12 * sd,
    mu + 12 * sd,
    points,
  );
}

export function checkSquashedGaussian(rng: Rng, cfg: Ch2Config): CheckResult {
  const t0 = Date.now();
  const mus = [-2, 0, 1];
  const logStds = [-2, 0, 1];
  const normWorst = new WorstCase();
  const normFromAction = new WorstCase();
  const normEps: { mu: number; logStd: number; integral: number }[] = [];
  const zWorst = new WorstCase();
  const gradients: {
    mu: number;
    logStd: number;
    reference: [number, number];
    reparam: { mean: [number, number]; se: [number, number] };
    score: { mean: [number, number]; se: [number, number] };
  }[] = [];
  for (const mu of mus) {
    for (const ls of logStds) {
      const sd = Math.exp(ls);
      const lo = mu - 12 * sd;
      const hi = mu + 12 * sd;
      // ∫ π(a) da over (−1,1) = ∫ π(tanh u) · d tanh(u)/du du, with d tanh/du = 1/cosh²u
      const integral = trapezoid(
        (u) => Math.exp(squashedLogProb(u, mu, ls) - 2 * Math.log(Math.cosh(Math.min(Math.abs(u), 350)))),
        lo,
        hi,
        cfg.squashPoints,
      );
      normWorst.update(Math.abs(integral - 1), `μ=${mu}, log σ=${ls}`);
      // from the action alone, where tanh(u) is still < 1 in float64 (|u| ≤ 18)
      const loA = Math.max(lo, -18);
      const hiA = Math.min(hi, 18);
      const integralA = trapezoid(
        (u) => {
          const a = Math.tanh(u);
          return Math.exp(squashedLogProbOfAction(a, mu, ls)) * (1 - a * a);
        },
        loA,
        hiA,
        cfg.squashPoints,
      );
      normFromAction.update(Math.abs(integralA - 1), `μ=${mu}, log σ=${ls}`);
      normEps.push({
        mu,
        logStd: ls,
        integral: trapezoid(
          (u) => Math.exp(squashedLogProbEpsilon(u, mu, ls) - 2 * Math.log(Math.cosh(Math.min(Math.abs(u), 350)))),
          lo,
          hi,
          cfg.squashPoints,
        ),
      });
      // gradient reference: central differences of the quadrature objective
      const h = 1e-5;
      const qp = 20001;
      const ref: [number, number] = [
        (objectiveByQuadrature(mu + h, ls, qp) - objectiveByQuadrature(mu - h, ls, qp)) / (2 * h),
        (objectiveByQuadrature(mu, ls + h, qp) - objectiveByQuadrature(mu, ls - h, qp)) / (2 * h),
      ];
      const r = rng.fork(`T11-mu${mu}-ls${ls}`);
      const N = cfg.squashSamples;
      const acc = { rp: [0, 0, 0, 0], sf: [0, 0, 0, 0] }; // sums and sums of squares
      for (let i = 0; i < N; i++) {
        // reparameterised: u = μ + σ ε
        const eps1 = r.normal();
        const u1 = mu + sd * eps1;
        const a1 = Math.tanh(u1);
        const dmu = 2 * ALPHA * a1 - toyQPrime(a1) * (1 - a1 * a1);
        const dls = -ALPHA + dmu * sd * eps1;
        acc.rp[0]! += dmu;
        acc.rp[1]! += dmu * dmu;
        acc.rp[2]! += dls;
        acc.rp[3]! += dls * dls;
        // score function with an independent sample
        const eps2 = r.normal();
        const u2 = mu + sd * eps2;
        const f = ALPHA * squashedLogProb(u2, mu, ls) - toyQ(Math.tanh(u2));
        const smu = f * (eps2 / sd);
        const sls = f * (eps2 * eps2 - 1);
        acc.sf[0]! += smu;
        acc.sf[1]! += smu * smu;
        acc.sf[2]! += sls;
        acc.sf[3]! += sls * sls;
      }
      const stats = (s: number[], k: number): [number, number] => {
        const mean = s[2 * k]! / N;
        const v = s[2 * k + 1]! / N - mean * mean;
        return [mean, Math.sqrt(Math.max(v, 0) / (N - 1))];
      };
      const rp = [stats(acc.rp, 0), stats(acc.rp, 1)];
      const sf = [stats(acc.sf, 0), stats(acc.sf, 1)];
      for (let k = 0; k < 2; k++) {
        const name = k === 0 ? "∂/∂μ" : "∂/∂log σ";
        zWorst.update(Math.abs(rp[k]![0] - ref[k]!) / rp[k]![1], `reparameterised ${name}, μ=${mu}, log σ=${ls}`);
        zWorst.update(Math.abs(sf[k]![0] - ref[k]!) / sf[k]![1], `score-function ${name}, μ=${mu}, log σ=${ls}`);
      }
      gradients.push({
        mu,
        logStd: ls,
        reference: ref,
        reparam: { mean: [rp[0]![0], rp[1]![0]], se: [rp[0]![1], rp[1]![1]] },
        score: { mean: [sf[0]![0], sf[1]![0]], se: [sf[0]![1], sf[1]![1]] },
      });
    }
  }
  // log-std map
  let lsMin = Infinity;
  let lsMax = -Infinity;
  const xs = [-Infinity, -1e300, Infinity, 1e300];
  for (let i = 0; i <= 10000; i++) xs.push(-50 + i * 0.01);
  for (const x of xs) {
    const v = boundedLogStd(x);
    lsMin = Math.min(lsMin, v);
    lsMax = Math.max(lsMax, v);
  }
  const outside = Math.max(0, -10 - lsMin, lsMax - 2);
  const worstEps = normEps.reduce((w, e) => (Math.abs(e.integral - 1) > Math.abs(w.integral - 1) ? e : w), normEps[0]!);
  return makeCheck(
    {
      id: "T11",
      source: "§2.3.2 Eq. (2.23), §4.7 Eq. (4.14), Table 4.2",
      title: "Squashed-Gaussian log-probability (SAC actor)",
      claim:
        "SAC actor (Eqs. 2.23/4.14) samples a = tanh(u), u ~ N(μ, σ²), with log π(a) = log N(u;μ,σ) − Σ log(1 − tanh²u) and log σ bounded to [−10, 2] (Table 4.2).",
      what: `μ ∈ {−2,0,1} × log σ ∈ {−2,0,1}: trapezoid integral of π over (−1,1) by u-substitution (${cfg.squashPoints} points, ±12σ), once from u and once from the action a alone; ${cfg.squashSamples} reparameterised and ${cfg.squashSamples} score-function samples of ∇_{μ,log σ} E[0.2·log π(a) + 2(a−0.3)²] vs central differences of a 20001-point quadrature; log-std map on x ∈ [−50,50] ∪ {±1e300, ±∞}.`,
      mdpsTried: 0,
      parts: [
        makePart("max |∫π(a)da − 1| (log-prob from u, stable Jacobian)", normWorst.value, "<=", 1e-4, { worst: normWorst.where }),
        makePart("max |∫π(a)da − 1| (log-prob from a = tanh u)", normFromAction.value, "<=", 1e-4, { worst: normFromAction.where }),
        makePart("max |estimate − quadrature| / SE over both estimators", zWorst.value, "<=", 4, { worst: zWorst.where }),
        makePart("log-std map: largest excursion outside [−10, 2]", outside, "<=", 0),
        makePart(
          `"log(1 − a² + 1e-6)" variant: worst |∫π − 1| (informational, μ=${worstEps.mu}, log σ=${worstEps.logStd})`,
          Math.abs(worstEps.integral - 1),
          ">=",
          0,
          { informational: true },
        ),
      ],
      discrepancy:
        "The squashing correction is not printed in Chapter 2; it comes with SAC v2 [EXT-lit] and Chapter 4. The widespread '+1e-6 inside the log' variant is not a normalised density when σ is large (informational part).",
      details: {
        logStdRange: [lsMin, lsMax],
        epsilonVariantIntegrals: normEps,
        gradientComparisons: 4 * gradients.length,
        expectedFalseAlarmsAt4SE: 4 * gradients.length * normalTwoSidedTail(4),
        note: "score-function estimates are heavy-tailed for large σ, so the normal 4-SE rule is slightly optimistic at small sample sizes",
      },
      series: { gradients },
    },
    t0,
  );
}
