/**
 * Validation of finite MDPs and policies. Every failure is a one-line ReproError that names
 * the offending entry, e.g. "P(s=3,a=1,·) sums to 0.98, must sum to 1 (±1e-12)".
 */

import { ReproError } from "../core/errors.js";
import type { FiniteMdp, Policy } from "./types.js";

/** Absolute tolerance for probabilities: entries ≥ −TOL and rows summing to 1 ± TOL. */
export const PROB_TOL = 1e-12;

function checkCount(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new ReproError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function checkArray(value: unknown, name: string, length: number, shape: string): Float64Array {
  if (!(value instanceof Float64Array)) {
    throw new ReproError(`${name} must be a Float64Array of length ${length} (${shape}); use createMdp() to build one from nested arrays`);
  }
  if (value.length !== length) {
    throw new ReproError(`${name} has length ${value.length}, expected ${length} (${shape})`);
  }
  return value;
}

/**
 * Check that `row` (one probability distribution) has no entry below −PROB_TOL, no NaN,
 * and sums to 1 within PROB_TOL. `label(i)` names entry i, `rowLabel` the whole row.
 */
function checkDistribution(
  row: ArrayLike<number>,
  offset: number,
  length: number,
  label: (i: number) => string,
  rowLabel: string,
): void {
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const p = row[offset + i]!;
    if (!Number.isFinite(p)) throw new ReproError(`${label(i)} is ${p}, must be a finite probability`);
    if (p < -PROB_TOL) throw new ReproError(`${label(i)} is ${p}, probabilities must be ≥ 0`);
    sum += p;
  }
  if (Math.abs(sum - 1) > PROB_TOL) {
    throw new ReproError(`${rowLabel} sums to ${Number(sum.toPrecision(15))}, must sum to 1 (±${PROB_TOL})`);
  }
}

/** Throw a one-line ReproError unless `mdp` is a well-formed finite MDP. Returns it unchanged. */
export function validateMdp<M extends FiniteMdp>(mdp: M): M {
  if (mdp === null || typeof mdp !== "object") throw new ReproError("MDP must be an object {nStates, nActions, P, R, gamma}");
  const n = checkCount(mdp.nStates, "nStates");
  const m = checkCount(mdp.nActions, "nActions");
  const P = checkArray(mdp.P, "P", n * m * n, `nStates×nActions×nStates = ${n}×${m}×${n}`);
  const R = checkArray(mdp.R, "R", n * m, `nStates×nActions = ${n}×${m}`);
  if (typeof mdp.gamma !== "number" || !(mdp.gamma >= 0 && mdp.gamma < 1)) {
    throw new ReproError(`gamma is ${String(mdp.gamma)}, must be in [0, 1)`);
  }
  for (let s = 0; s < n; s++) {
    for (let a = 0; a < m; a++) {
      const r = R[s * m + a]!;
      if (!Number.isFinite(r)) throw new ReproError(`R(s=${s},a=${a}) is ${r}, must be a finite number`);
      checkDistribution(
        P,
        (s * m + a) * n,
        n,
        (s2) => `P(s=${s},a=${a},s'=${s2})`,
        `P(s=${s},a=${a},·)`,
      );
    }
  }
  if (mdp.rewardVar !== undefined) {
    const v = checkArray(mdp.rewardVar, "rewardVar", n * m, `nStates×nActions = ${n}×${m}`);
    for (let s = 0; s < n; s++) {
      for (let a = 0; a < m; a++) {
        const x = v[s * m + a]!;
        if (!Number.isFinite(x) || x < 0) {
          throw new ReproError(`rewardVar(s=${s},a=${a}) is ${x}, must be a finite variance ≥ 0`);
        }
      }
    }
  }
  return mdp;
}

/** Throw a one-line ReproError unless `pi` is a valid stochastic policy for `mdp`. Returns it. */
export function validatePolicy(mdp: FiniteMdp, pi: Policy): Policy {
  const n = mdp.nStates;
  const m = mdp.nActions;
  const p = checkArray(pi, "policy", n * m, `nStates×nActions = ${n}×${m}`);
  for (let s = 0; s < n; s++) {
    checkDistribution(p, s * m, m, (a) => `π(a=${a}|s=${s})`, `π(·|s=${s})`);
  }
  return pi;
}

/** Throw unless `dist` is a probability vector over the MDP's states (e.g. an initial distribution ρ0). */
export function validateStateDistribution(mdp: FiniteMdp, dist: ArrayLike<number>, name = "ρ0"): void {
  if (dist.length !== mdp.nStates) {
    throw new ReproError(`${name} has length ${dist.length}, expected nStates = ${mdp.nStates}`);
  }
  checkDistribution(dist, 0, mdp.nStates, (s) => `${name}(s=${s})`, name);
}

/** Throw unless `s` is a valid state index. */
export function checkState(mdp: FiniteMdp, s: number, name = "state"): void {
  if (!Number.isInteger(s) || s < 0 || s >= mdp.nStates) {
    throw new ReproError(`${name} is ${s}, must be an integer in [0, ${mdp.nStates})`);
  }
}
