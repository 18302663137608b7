/**
 * Mutation tests: deliberately perturbed operators must be caught by the SAME check functions
 * (src/metrics/checks.ts) that the property tests run on the real operators. Every mutant is
 * paired with a control: the correct operator on the same MDP passes the same check.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { policyTransitions, randomMdp, randomPolicy } from "../../src/mdp/index.js";
import type { FiniteMdp, Policy, StateMatrix } from "../../src/mdp/types.js";
import {
  affinePairOperator,
  bisimulationMetric,
  bisimulationOperator,
  checkContraction,
  checkExactW1InOperator,
  checkLemma554,
  checkLiftedMdp,
  checkOrdered,
  checkPseudometric,
  checkRapVarianceForm,
  checkRewardIdentity,
  checkSelfDistance,
  checkShiftGap,
  checkUniqueness,
  checkValueBoundOf,
  checkW1Oracles,
  expectedAbsRewardDifference,
  expectedSquaredRewardDifference,
  fixedPoint,
  meanClosedMdp,
  micoMetric,
  micoOperator,
  policyRewardVariance,
  rapEmbeddingDistance,
  rapMetric,
  rapOperator,
  rapVarianceForm,
  rewardDifference,
  shiftMicoMetric,
  shiftMicoOperator,
  solveMetric,
  type MetricOperator,
} from "../../src/metrics/index.js";
import { w1 } from "../../src/ot/index.js";

/** A small random MDP with stochastic π and action-dependent rewards (so all gaps are visible). */
function instance(seed: number, n = 5, A = 3, gamma = 0.9): { mdp: FiniteMdp; pi: Policy } {
  const rng = new Rng(seed);
  const mdp = randomMdp(rng, { nStates: n, nActions: A, gamma });
  return { mdp, pi: randomPolicy(rng, mdp) };
}

const SEEDS = [11, 12, 13, 14, 15];

// ---- crude couplings standing in for the exact W1 -------------------------------------------

/** Σ μ_k ν_l d(k, l): the independent coupling (what MICo uses), feasible but not optimal. */
function independentW1(d: ArrayLike<number>, n: number, mu: ArrayLike<number>, nu: ArrayLike<number>): number {
  let v = 0;
  for (let k = 0; k < n; k++) for (let l = 0; l < n; l++) v += mu[k]! * nu[l]! * d[k * n + l]!;
  return v;
}

/** North-west-corner coupling in index order: feasible, ignores the costs. */
function northWestW1(d: ArrayLike<number>, n: number, mu: ArrayLike<number>, nu: ArrayLike<number>): number {
  const a = Array.from(mu);
  const b = Array.from(nu);
  let i = 0;
  let j = 0;
  let v = 0;
  while (i < n && j < n) {
    const x = Math.min(a[i]!, b[j]!);
    v += x * d[i * n + j]!;
    a[i]! -= x;
    b[j]! -= x;
    if (a[i]! <= 1e-15) i++;
    else j++;
  }
  return v;
}

type W1Fn = (d: ArrayLike<number>, n: number, mu: ArrayLike<number>, nu: ArrayLike<number>) => number;

/** F_B with a pluggable coupling and weights: the mutant factory for the bisimulation operator. */
function bisimulationWith(mdp: FiniteMdp, pi: Policy, coupling: W1Fn, opts: { gamma?: number; reward?: StateMatrix } = {}): MetricOperator {
  const n = mdp.nStates;
  const P = policyTransitions(mdp, pi);
  const R = opts.reward ?? rewardDifference(mdp, pi);
  const g = opts.gamma ?? mdp.gamma;
  return {
    name: "mutated F_B",
    nStates: n,
    modulus: g,
    apply(d) {
      const out = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) out[i * n + j] = R[i * n + j]! + g * coupling(d, n, P.subarray(i * n, i * n + n), P.subarray(j * n, j * n + n));
      return out;
    },
  };
}

/** Σ_a π(a|i)|r(i,a) − r(j,a)|: the "same action index" bug of N4 (actions coupled, not independent). */
function coupledAbsRewardDifference(mdp: FiniteMdp, pi: Policy): StateMatrix {
  const { nStates: n, nActions: A, R } = mdp;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      // Same action a for both states, weighted by π(a|i): couples a_i = a_j.
      let v = 0;
      for (let a = 0; a < A; a++) v += pi[i * A + a]! * Math.abs(R[i * A + a]! - R[j * A + a]!);
      out[i * n + j] = v;
    }
  return out;
}

function coupledSquaredRewardDifference(mdp: FiniteMdp, pi: Policy): StateMatrix {
  const { nStates: n, nActions: A, R } = mdp;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let a = 0; a < A; a++) v += pi[i * A + a]! * (R[i * A + a]! - R[j * A + a]!) ** 2;
      out[i * n + j] = v;
    }
  return out;
}

// ---------------------------------------------------------------------------------------------

describe("dropping γ (next-state weight 1 instead of γ) is caught by checkContraction and checkUniqueness", () => {
  it("MICo, shift MICo, π-bisimulation and RAP without γ", () => {
    const rng = new Rng(1);
    for (const seed of SEEDS) {
      const { mdp, pi } = instance(seed);
      const g = mdp.gamma;
      const pairs: [MetricOperator, MetricOperator][] = [
        [micoOperator(mdp, pi), micoOperator(mdp, pi, { gamma: 1 })],
        [shiftMicoOperator(mdp, pi), shiftMicoOperator(mdp, pi, { gamma: 1 })],
        [bisimulationOperator(mdp, pi), bisimulationOperator(mdp, pi, { transitionWeight: 1 })],
      ];
      for (const [good, bad] of pairs) {
        expect(checkContraction(good, g, rng).holds).toBe(true);
        const r = checkContraction(bad, g, rng);
        expect(r.holds).toBe(false);
        expect(r.worstSlack).toBeLessThan(-0.05);
        expect(checkUniqueness(bad, g, rng, { maxIter: 2000 }).holds).toBe(false);
      }
    }
    const ex = meanClosedMdp(new Rng(2), { nStates: 7, nActions: 3, gamma: 0.9, rewards: "random" });
    expect(checkContraction(rapOperator(ex.mdp, ex.pi, ex.meanMap), 0.9, rng).holds).toBe(true);
    expect(checkContraction(rapOperator(ex.mdp, ex.pi, ex.meanMap, { gamma: 1 }), 0.9, rng).holds).toBe(false);
  });
});

describe("swapping |E r| ↔ E|r| is caught by checkShiftGap, checkLiftedMdp and checkLemma554", () => {
  it("MICo computed with E|r| (the loss-(5.7) target) fails the gap and lifted-MDP checks", () => {
    for (const seed of SEEDS) {
      const { mdp, pi } = instance(seed);
      const dShift = shiftMicoMetric(mdp, pi, 1e-12);
      const dM = micoMetric(mdp, pi, 1e-12);
      const mutantM = solveMetric(affinePairOperator("MICo with E|r|", expectedAbsRewardDifference(mdp, pi), policyTransitions(mdp, pi), mdp.gamma, mdp.nStates), 1e-12);
      expect(checkShiftGap(mdp, pi, dM, dShift).holds).toBe(true);
      expect(checkShiftGap(mdp, pi, mutantM, dShift).holds).toBe(false);
      expect(checkLiftedMdp(mdp, pi, dM, dShift).holds).toBe(true);
      expect(checkLiftedMdp(mdp, pi, mutantM, dShift).holds).toBe(false);
    }
  });

  it("shift MICo computed with |E r| fails Lemma 5.5.4, the gap check and the lifted-MDP check", () => {
    for (const seed of SEEDS) {
      const { mdp, pi } = instance(seed);
      const dM = micoMetric(mdp, pi, 1e-12);
      const mutantShift = solveMetric(affinePairOperator("shift MICo with |E r|", rewardDifference(mdp, pi), policyTransitions(mdp, pi), mdp.gamma, mdp.nStates), 1e-12);
      expect(checkLemma554(mdp, pi, expectedAbsRewardDifference(mdp, pi)).holds).toBe(true);
      expect(checkLemma554(mdp, pi, rewardDifference(mdp, pi)).holds).toBe(false);
      expect(checkShiftGap(mdp, pi, dM, mutantShift).holds).toBe(false);
      expect(checkLiftedMdp(mdp, pi, dM, mutantShift).holds).toBe(false);
    }
  });

  it("π-bisimulation with E|r| loses zero self-distance (checkPseudometric)", () => {
    for (const seed of SEEDS) {
      const { mdp, pi } = instance(seed);
      expect(checkPseudometric(bisimulationMetric(mdp, pi).d, mdp.nStates).holds).toBe(true);
      const mutant = bisimulationWith(mdp, pi, w1, { reward: expectedAbsRewardDifference(mdp, pi) });
      const d = fixedPoint(mutant, new Float64Array(mdp.nStates ** 2), { tol: 1e-10, modulus: mdp.gamma }).d;
      expect(checkPseudometric(d, mdp.nStates).holds).toBe(false);
    }
  });
});

describe("coupling the two action draws (a_i = a_j) is caught by checkLemma554 and checkRewardIdentity", () => {
  it("Lemma 5.5.4 and (5.11) fail when actions are coupled instead of independent", () => {
    for (const seed of SEEDS) {
      const { mdp, pi } = instance(seed);
      expect(checkLemma554(mdp, pi, coupledAbsRewardDifference(mdp, pi)).holds).toBe(false);
      expect(checkRewardIdentity(mdp, pi, expectedSquaredRewardDifference(mdp, pi), policyRewardVariance(mdp, pi)).holds).toBe(true);
      expect(checkRewardIdentity(mdp, pi, coupledSquaredRewardDifference(mdp, pi), policyRewardVariance(mdp, pi)).holds).toBe(false);
    }
  });
});

describe("replacing exact W1 by a cruder coupling is caught", () => {
  it("checkW1Oracles rejects the north-west-corner and the independent coupling, accepts the network simplex", () => {
    expect(checkW1Oracles(w1, new Rng(3)).holds).toBe(true);
    expect(checkW1Oracles(northWestW1, new Rng(3)).holds).toBe(false);
    expect(checkW1Oracles(independentW1, new Rng(3)).holds).toBe(false);
  });

  it("F_B with the independent coupling has non-zero self-distances (checkPseudometric)", () => {
    for (const seed of SEEDS) {
      const { mdp, pi } = instance(seed);
      const d = fixedPoint(bisimulationWith(mdp, pi, independentW1), new Float64Array(mdp.nStates ** 2), { tol: 1e-11, modulus: mdp.gamma }).d;
      expect(checkPseudometric(d, mdp.nStates).holds).toBe(false);
    }
  });

  it("checkExactW1InOperator rejects F_B built on the north-west-corner or independent coupling", () => {
    const rng = new Rng(5);
    for (const seed of SEEDS) {
      const { mdp, pi } = instance(seed, 6, 3);
      expect(checkExactW1InOperator(bisimulationOperator(mdp, pi), mdp, pi, rng).holds).toBe(true);
      expect(checkExactW1InOperator(bisimulationWith(mdp, pi, northWestW1), mdp, pi, rng).holds).toBe(false);
      expect(checkExactW1InOperator(bisimulationWith(mdp, pi, independentW1), mdp, pi, rng).holds).toBe(false);
    }
  });
});

describe("RAP: averaging distances instead of taking the distance of the means is caught by checkRapVarianceForm", () => {
  it("a MICo-style next-state term on a mean-closed MDP does not satisfy (5.12)", () => {
    for (const seed of SEEDS) {
      const ex = meanClosedMdp(new Rng(seed), { nStates: 7, nActions: 3, gamma: 0.9, rewards: "random" });
      const dG = rapMetric(ex.mdp, ex.pi, ex.meanMap, 1e-12);
      expect(checkRapVarianceForm(dG, rapVarianceForm(ex.mdp, ex.pi, ex.meanMap, dG)).holds).toBe(true);
      const averaged = micoMetric(ex.mdp, ex.pi, 1e-12); // E_{s'} d(s'_i, s'_j) instead of d(E s'_i, E s'_j)
      expect(checkRapVarianceForm(averaged, rapVarianceForm(ex.mdp, ex.pi, ex.meanMap, averaged)).holds).toBe(false);
    }
  });
});

describe("Lemma 5.6.5: unsquared norms (as printed in (3.10)) are caught by checkSelfDistance", () => {
  it("d̂_G passes; ‖x‖ + ‖y‖ + kθ and an L2 distance fail", () => {
    const rng = new Rng(4);
    expect(checkSelfDistance((x, y) => rapEmbeddingDistance(x, y, 1e-5), rng).holds).toBe(true);
    const norm = (x: ArrayLike<number>) => Math.hypot(...Array.from(x));
    expect(checkSelfDistance((x, y) => norm(x) + norm(y) + 1e-5 * 0, rng).holds).toBe(false);
    expect(checkSelfDistance((x, y) => norm(Array.from(x, (v, t) => v - y[t]!)), rng).holds).toBe(false);
  });
});

describe("value bounds catch a shrunken metric", () => {
  it("π-bisimulation with the reward term halved violates (5.2) via checkValueBoundOf", () => {
    let caught = 0;
    for (const seed of [...SEEDS, 16, 17, 18, 19, 20]) {
      const { mdp, pi } = instance(seed);
      expect(checkValueBoundOf(bisimulationOperator(mdp, pi), mdp, pi).holds).toBe(true);
      const bad = bisimulationOperator(mdp, pi, { rewardWeight: 0.5 });
      if (!checkValueBoundOf(bad, mdp, pi).holds) caught++;
    }
    expect(caught).toBeGreaterThanOrEqual(8);
  });
});
