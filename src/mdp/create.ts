/**
 * Building validated finite MDPs and policies from nested arrays (P[s][a][s'], R[s][a],
 * π[s][a]) or from flat row-major arrays (see types.ts for the layout).
 */

import { ReproError } from "../core/errors.js";
import type { FiniteMdp, Policy } from "./types.js";
import { validateMdp, validatePolicy } from "./validate.js";

/** Nested or flat numeric data. */
export type Nested2 = ReadonlyArray<ReadonlyArray<number>>;
export type Nested3 = ReadonlyArray<ReadonlyArray<ReadonlyArray<number>>>;

export interface MdpSpec {
  /** Transitions: nested P[s][a][s'] or flat (then nStates/nActions are required unless R is nested). */
  P: Nested3 | ArrayLike<number>;
  /** Mean rewards: nested R[s][a] or flat. */
  R: Nested2 | ArrayLike<number>;
  /** Discount factor in [0, 1). */
  gamma: number;
  /** Optional reward variances (stochastic rewards): nested [s][a] or flat. */
  rewardVar?: Nested2 | ArrayLike<number>;
  nStates?: number;
  nActions?: number;
}

function isNested(x: unknown): x is ReadonlyArray<unknown> {
  return Array.isArray(x) && x.length > 0 && Array.isArray(x[0]);
}

function flatten2(x: Nested2, name: string, rows: number, cols: number): Float64Array {
  if (x.length !== rows) throw new ReproError(`${name} has ${x.length} rows, expected ${rows} (one per state)`);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = x[i]!;
    if (!Array.isArray(row) || row.length !== cols) {
      throw new ReproError(`${name}[${i}] has ${Array.isArray(row) ? row.length : "no"} entries, expected ${cols}`);
    }
    for (let j = 0; j < cols; j++) out[i * cols + j] = Number(row[j]);
  }
  return out;
}

function flatten3(x: Nested3, name: string, n: number, m: number): Float64Array {
  if (x.length !== n) throw new ReproError(`${name} has ${x.length} states, expected ${n}`);
  const out = new Float64Array(n * m * n);
  for (let s = 0; s < n; s++) {
    const rs = x[s]!;
    if (!Array.isArray(rs) || rs.length !== m) {
      throw new ReproError(`${name}[${s}] has ${Array.isArray(rs) ? rs.length : "no"} actions, expected ${m}`);
    }
    for (let a = 0; a < m; a++) {
      const row = rs[a]!;
      if (!Array.isArray(row) || row.length !== n) {
        throw new ReproError(`${name}[${s}][${a}] has ${Array.isArray(row) ? row.length : "no"} next-state entries, expected ${n}`);
      }
      for (let s2 = 0; s2 < n; s2++) out[(s * m + a) * n + s2] = Number(row[s2]);
    }
  }
  return out;
}

function flatCopy(x: ArrayLike<number>, name: string, length: number, shape: string): Float64Array {
  if (x.length !== length) throw new ReproError(`${name} has length ${x.length}, expected ${length} (${shape})`);
  return Float64Array.from(x);
}

/** Build and validate a FiniteMdp (copies the data). */
export function createMdp(spec: MdpSpec): FiniteMdp {
  let n = spec.nStates;
  let m = spec.nActions;
  if (isNested(spec.P)) {
    const P3 = spec.P as Nested3;
    n ??= P3.length;
    m ??= Array.isArray(P3[0]) ? P3[0].length : undefined;
  } else if (isNested(spec.R)) {
    const R2 = spec.R as Nested2;
    n ??= R2.length;
    m ??= R2[0]!.length;
  }
  if (n === undefined || m === undefined) {
    throw new ReproError("createMdp: with flat P and R arrays, pass nStates and nActions");
  }
  if (!Number.isInteger(n) || n <= 0) throw new ReproError(`nStates must be a positive integer, got ${n}`);
  if (!Number.isInteger(m) || m <= 0) throw new ReproError(`nActions must be a positive integer, got ${m}`);
  const P = isNested(spec.P)
    ? flatten3(spec.P as Nested3, "P", n, m)
    : flatCopy(spec.P as ArrayLike<number>, "P", n * m * n, `nStates×nActions×nStates = ${n}×${m}×${n}`);
  const R = isNested(spec.R)
    ? flatten2(spec.R as Nested2, "R", n, m)
    : flatCopy(spec.R as ArrayLike<number>, "R", n * m, `nStates×nActions = ${n}×${m}`);
  const mdp: FiniteMdp =
    spec.rewardVar === undefined
      ? { nStates: n, nActions: m, P, R, gamma: spec.gamma }
      : {
          nStates: n,
          nActions: m,
          P,
          R,
          gamma: spec.gamma,
          rewardVar: isNested(spec.rewardVar)
            ? flatten2(spec.rewardVar as Nested2, "rewardVar", n, m)
            : flatCopy(spec.rewardVar as ArrayLike<number>, "rewardVar", n * m, `nStates×nActions = ${n}×${m}`),
        };
  return validateMdp(mdp);
}

/** A copy of `mdp` with a different discount factor (validated). */
export function withGamma(mdp: FiniteMdp, gamma: number): FiniteMdp {
  return validateMdp({ ...mdp, gamma });
}

/** Build and validate a policy from nested π[s][a] or a flat array (copies the data). */
export function createPolicy(mdp: FiniteMdp, pi: Nested2 | ArrayLike<number>): Policy {
  const flat = isNested(pi)
    ? flatten2(pi as Nested2, "policy", mdp.nStates, mdp.nActions)
    : flatCopy(pi as ArrayLike<number>, "policy", mdp.nStates * mdp.nActions, `nStates×nActions = ${mdp.nStates}×${mdp.nActions}`);
  return validatePolicy(mdp, flat);
}

/** The uniform random policy π(a|s) = 1/|A|. */
export function uniformPolicy(mdp: FiniteMdp): Policy {
  return new Float64Array(mdp.nStates * mdp.nActions).fill(1 / mdp.nActions);
}

/** The deterministic policy choosing actions[s] in state s (one-hot rows). */
export function deterministicPolicy(mdp: FiniteMdp, actions: ArrayLike<number>): Policy {
  if (actions.length !== mdp.nStates) {
    throw new ReproError(`deterministicPolicy: got ${actions.length} actions, expected one per state (${mdp.nStates})`);
  }
  const pi = new Float64Array(mdp.nStates * mdp.nActions);
  for (let s = 0; s < mdp.nStates; s++) {
    const a = actions[s]!;
    if (!Number.isInteger(a) || a < 0 || a >= mdp.nActions) {
      throw new ReproError(`deterministicPolicy: action for s=${s} is ${a}, must be an integer in [0, ${mdp.nActions})`);
    }
    pi[s * mdp.nActions + a] = 1;
  }
  return pi;
}

/** Nested P[s][a][s'] view of an MDP's transitions (for display and JSON). */
export function transitionsToNested(mdp: FiniteMdp): number[][][] {
  const { nStates: n, nActions: m, P } = mdp;
  const out: number[][][] = [];
  for (let s = 0; s < n; s++) {
    const rs: number[][] = [];
    for (let a = 0; a < m; a++) rs.push(Array.from(P.subarray((s * m + a) * n, (s * m + a + 1) * n)));
    out.push(rs);
  }
  return out;
}
