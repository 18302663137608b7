/**
 * Monotone chains: one-action finite MDPs with a deterministic nondecreasing successor map n(·)
 * and sorted rewards. Every pair of paths keeps its order, so each of the behavioural metrics
 * below is the line metric d(i, j) = |ℓ_i − ℓ_j| with ℓ_i = w_r r_i + w_d ℓ_{n(i)}, and W1 and
 * the independent coupling of Dirac measures coincide (d_M = d_bisim; zero diagonal). The
 * finite-MDP bridge to the agents' metric losses (src/agents/finite-mdp-metric.ts) trains on
 * these chains because every agent's embedding distance can represent a line metric.
 */
import { ReproError } from "../core/errors.js";
import { createMdp, deterministicPolicy } from "../mdp/create.js";
import type { FiniteMdp } from "../mdp/types.js";
import { bisimulationMetric } from "./bisimulation.js";
import { micoMetric } from "./mico.js";

/** A chain as plain arrays: successor of each state, reward of each state, γ. */
export interface Chain {
  readonly next: ArrayLike<number>;
  readonly reward: ArrayLike<number>;
  readonly gamma: number;
}

/** The chain as a one-action FiniteMdp (P(n(s) | s) = 1, R(s) = reward[s]). */
export function chainMdp(chain: Chain): FiniteMdp {
  const n = chain.next.length;
  if (chain.reward.length !== n) throw new ReproError(`chainMdp: ${n} successors but ${chain.reward.length} rewards`);
  const P = Array.from(chain.next, (s2) => [Array.from({ length: n }, (_, k) => (k === s2 ? 1 : 0))]);
  return createMdp({ P, R: Array.from(chain.reward, (x) => [x]), gamma: chain.gamma });
}

/** The metrics the agents' losses target: π-bisimulation (5.1), MICo (5.3), and (4.1) with weights (1 − c, c). */
export type ChainMetricKind = "bisimulation" | "mico" | "c-weighted";

/** The exact metric of `kind` on the chain, n × n row-major (c only for "c-weighted"). */
export function chainMetric(kind: ChainMetricKind, chain: Chain, c = 0.5): Float64Array {
  const mdp = chainMdp(chain);
  const pi = deterministicPolicy(mdp, new Array(mdp.nStates).fill(0));
  if (kind === "mico") return Float64Array.from(micoMetric(mdp, pi));
  if (kind === "bisimulation") return Float64Array.from(bisimulationMetric(mdp, pi).d);
  if (kind !== "c-weighted") throw new ReproError(`chainMetric: kind must be bisimulation, mico or c-weighted, got ${String(kind)}`);
  if (!(c > 0 && c < 1)) throw new ReproError(`chainMetric: c must be in (0, 1), got ${c}`);
  return Float64Array.from(bisimulationMetric(mdp, pi, { rewardWeight: 1 - c, transitionWeight: c }).d);
}

/**
 * Coordinates x with |x_i − x_j| = d(i, j) for a line metric d: x_i = d(a, i) from an end a of
 * a diameter. Throws if d is not a line metric (then no 1-D embedding is isometric to it).
 */
export function lineCoordinates(d: ArrayLike<number>, n: number): Float64Array {
  if (d.length !== n * n) throw new ReproError(`lineCoordinates: need an ${n}×${n} matrix, got ${d.length} entries`);
  let a = 0;
  let best = -1;
  for (let k = 0; k < n * n; k++) if (d[k]! > best) (best = d[k]!), (a = Math.floor(k / n));
  const x = Float64Array.from({ length: n }, (_, i) => d[a * n + i]!);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    if (Math.abs(Math.abs(x[i]! - x[j]!) - d[i * n + j]!) > 1e-9 * Math.max(1, best)) {
      throw new ReproError(`lineCoordinates: the metric is not a line metric (pair ${i}, ${j}); an isometric 1-D embedding needs one`);
    }
  }
  return x;
}
