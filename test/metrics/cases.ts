/** Seeded random MDP cases shared by the metric property tests (not a test file itself). */
import { Rng } from "../../src/core/rng.js";
import { randomMdp, randomPolicy } from "../../src/mdp/index.js";
import type { FiniteMdp, Policy } from "../../src/mdp/types.js";

export interface Case {
  readonly seed: number;
  readonly mdp: FiniteMdp;
  readonly pi: Policy;
  readonly label: string;
}

export const GAMMAS = [0.5, 0.8, 0.9, 0.95] as const;

/**
 * `count` random MDPs with nStates in [minStates, maxStates], 1–5 actions, γ cycling through
 * GAMMAS, transitions dense Dirichlet / sparse (2–3 successors) / deterministic, and policies
 * stochastic (mostly) or deterministic. Dense transitions only up to `denseUpTo` states.
 */
export function randomCases(
  seed: number,
  count: number,
  opts: { minStates?: number; maxStates?: number; maxActions?: number; denseUpTo?: number; policy?: "any" | "stochastic" | "deterministic" } = {},
): Case[] {
  const rng = new Rng(seed);
  const lo = opts.minStates ?? 2;
  const hi = opts.maxStates ?? 30;
  const denseUpTo = opts.denseUpTo ?? 30;
  const cases: Case[] = [];
  for (let c = 0; c < count; c++) {
    const nStates = lo + rng.int(hi - lo + 1);
    const nActions = 1 + rng.int(opts.maxActions ?? 5);
    const gamma = GAMMAS[c % GAMMAS.length]!;
    const kinds = nStates <= denseUpTo ? (["dirichlet", "sparse", "deterministic"] as const) : (["sparse", "deterministic"] as const);
    const transitions = kinds[rng.int(kinds.length)]!;
    const branching = Math.min(nStates, 2 + rng.int(2));
    const mdp = randomMdp(rng, {
      nStates,
      nActions,
      gamma,
      transitions,
      branching,
      dirichletAlpha: rng.uniformIn(0.3, 2),
      rewardRange: c % 3 === 0 ? [-1, 1] : [0, 1],
    });
    const kind = opts.policy === "deterministic" ? "deterministic" : opts.policy === "stochastic" ? "stochastic" : c % 5 === 4 ? "deterministic" : "stochastic";
    const pi = randomPolicy(rng, mdp, { kind });
    cases.push({ seed: c, mdp, pi, label: `case ${c}: n=${nStates} A=${nActions} γ=${gamma} ${transitions} π=${kind}` });
  }
  return cases;
}
