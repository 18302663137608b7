/**
 * Finite MDPs in float64, stored as flat typed arrays (row-major), no tensors.
 *
 * Indexing conventions used everywhere in src/mdp, src/ot and src/metrics:
 *   P[(s * nActions + a) * nStates + s2]  = Pr(s2 | s, a)
 *   R[s * nActions + a]                   = E[r | s, a]            (mean reward)
 *   rewardVar[s * nActions + a]           = Var[r | s, a]          (optional; absent = deterministic rewards)
 *   policy[s * nActions + a]              = π(a | s)
 *   metric d[x * nStates + y]             = d(x, y)                (nStates × nStates)
 *   V[s], Q[s * nActions + a]
 */
export interface FiniteMdp {
  readonly nStates: number;
  readonly nActions: number;
  /** Transition probabilities, length nStates * nActions * nStates. */
  readonly P: Float64Array;
  /** Mean rewards, length nStates * nActions. */
  readonly R: Float64Array;
  /** Optional reward variances per (s, a), length nStates * nActions (stochastic rewards). */
  readonly rewardVar?: Float64Array;
  /** Discount factor in [0, 1). */
  readonly gamma: number;
}

/** A stochastic policy π(a|s), length nStates * nActions, rows sum to 1. */
export type Policy = Float64Array;

/** A square matrix over states, length nStates * nStates (row-major). */
export type StateMatrix = Float64Array;
