/**
 * T3: optimality (Eqs. 2.4–2.6). Value iteration on (2.6) to a residual of 1e-12; policy
 * iteration gives the same Q* (1e-9); the greedy policy (2.5) attains V* (1e-9); and
 * Q* ≥ Q^π elementwise for random policies (2.4), with slack 1e-10.
 */

import type { Rng } from "../../../core/rng.js";
import { evaluatePolicy, greedyPolicy, policyIteration, qPolicy, valueIteration } from "../../../mdp/evaluate.js";
import { randomPolicy } from "../../../mdp/generate.js";
import type { Ch2Config } from "./config.js";
import type { MdpCase } from "./suite.js";
import { type CheckResult, makeCheck, makePart, WorstCase } from "./types.js";

export function checkOptimality(rng: Rng, cases: MdpCase[], cfg: Ch2Config): CheckResult {
  const t0 = Date.now();
  const viVsPi = new WorstCase();
  const greedyGap = new WorstCase();
  let worstDominance = Number.NEGATIVE_INFINITY;
  let worstDominanceWhere = "";
  const viIterations: { mdp: string; gamma: number; iterations: number; residual: number }[] = [];
  const piIterations: { mdp: string; iterations: number }[] = [];
  for (const c of cases) {
    const vi = valueIteration(c.mdp, { tol: 1e-12, maxIter: 200000 });
    const pi = policyIteration(c.mdp);
    viIterations.push({ mdp: c.label, gamma: c.mdp.gamma, iterations: vi.iterations, residual: vi.residual });
    piIterations.push({ mdp: c.label, iterations: pi.iterations });
    let d = vi.converged && pi.converged ? 0 : Number.POSITIVE_INFINITY;
    for (let i = 0; i < vi.Q.length; i++) d = Math.max(d, Math.abs(vi.Q[i]! - pi.Q[i]!));
    viVsPi.update(d, c.label);
    const Vg = evaluatePolicy(c.mdp, greedyPolicy(c.mdp, vi.Q));
    let g = 0;
    for (let s = 0; s < Vg.length; s++) g = Math.max(g, Math.abs(Vg[s]! - pi.V[s]!));
    greedyGap.update(g, c.label);
    const r = rng.fork(`T3-policies-${c.label}`);
    for (let k = 0; k < cfg.randomPoliciesT3; k++) {
      const policy = randomPolicy(r, c.mdp, { kind: k % 2 === 0 ? "stochastic" : "deterministic" });
      const Qpi = qPolicy(c.mdp, policy);
      for (let i = 0; i < Qpi.length; i++) {
        const excess = Qpi[i]! - pi.Q[i]!;
        if (excess > worstDominance) {
          worstDominance = excess;
          worstDominanceWhere = `${c.label}, policy ${k}, (s=${Math.floor(i / c.mdp.nActions)},a=${i % c.mdp.nActions})`;
        }
      }
    }
  }
  return makeCheck(
    {
      id: "T3",
      source: "§2.3.1, Eqs. (2.4)–(2.6)",
      title: "Optimality: Q*, greedy policy, Bellman optimality",
      claim:
        "Eq. (2.4) Q*(s,a) = max_π Q^π(s,a); (2.5) π*(s) = argmax_a Q*(s,a); (2.6) Q*(s,a) = E_s'[R(s,a) + γ max_a' Q*(s',a')].",
      what: `${cases.length} random MDPs: value iteration on (2.6) to residual 1e-12 vs Howard policy iteration (exact solves); V of the greedy policy vs V*; Q^π for ${cfg.randomPoliciesT3} random policies (half stochastic, half deterministic) per MDP vs Q*.`,
      mdpsTried: cases.length,
      parts: [
        makePart("‖Q*_VI − Q*_PI‖∞", viVsPi.value, "<=", 1e-9, { worst: viVsPi.where }),
        makePart("‖V^{greedy(Q*_VI)} − V*‖∞", greedyGap.value, "<=", 1e-9, { worst: greedyGap.where }),
        makePart("max (Q^π − Q*) over random π", worstDominance, "<=", 1e-10, { worst: worstDominanceWhere }),
      ],
      details: { viIterations, piIterations },
      series: {},
    },
    t0,
  );
}
