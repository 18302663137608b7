/** RAP: (5.12)/(5.13) at d_G, the §5.9.2 induction and the mean-state assumption. */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { evaluatePolicy, randomMdp, randomPolicy } from "../../src/mdp/index.js";
import {
  checkMeanStateAssumption,
  checkRapInduction,
  checkRapVarianceForm,
  meanClosedMdp,
  meanNextStateMap,
  meanStateJensenGap,
  msaCounterexample,
  oneHotEmbedding,
  rapMetric,
  rapOperator,
  rapVarianceForm,
  expectedSquaredRewardDifference,
  policyRewardVariance,
  independentCouplingTerm,
  meanStateTransitions,
  type CheckResult,
} from "../../src/metrics/index.js";

function expectHolds(r: CheckResult, label: string): void {
  if (!r.holds) throw new Error(`${label}: ${r.name} failed, slack ${r.worstSlack}, ${JSON.stringify(r.counterexample)}`);
  expect(r.holds).toBe(true);
}

describe("(5.12) and (5.13) at the RAP fixed point", () => {
  it("the variance form reproduces d_G and (5.13) holds squared, on 150 MDPs (deterministic and mean-closed)", () => {
    const rng = new Rng(501);
    for (let q = 0; q < 150; q++) {
      let mdp;
      let pi;
      let meanMap;
      if (q % 2 === 0) {
        const n = 2 + rng.int(20);
        mdp = randomMdp(rng, { nStates: n, nActions: 1 + rng.int(5), gamma: 0.9, transitions: "deterministic", rewardRange: [-1, 1] });
        pi = randomPolicy(rng, mdp);
        meanMap = meanNextStateMap(mdp, oneHotEmbedding(n));
      } else {
        const ex = meanClosedMdp(rng, { nStates: 3 + rng.int(18), nActions: 1 + rng.int(5), gamma: 0.9, rewards: "random" });
        ({ mdp, pi, meanMap } = ex);
      }
      const n = mdp.nStates;
      const dG = rapMetric(mdp, pi, meanMap, 1e-12);
      expectHolds(checkRapVarianceForm(dG, rapVarianceForm(mdp, pi, meanMap, dG)), `case ${q}`);
      // (5.13): (d_G − γ E d_G(E s'_i, E s'_j))² = E[(r_i − r_j)²] − Var_i − Var_j.
      const next = independentCouplingTerm(meanStateTransitions(mdp, pi, meanMap), dG, n);
      const sq = expectedSquaredRewardDifference(mdp, pi);
      const v = policyRewardVariance(mdp, pi);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const lhs = (dG[i * n + j]! - mdp.gamma * next[i * n + j]!) ** 2;
          expect(Math.abs(lhs - (sq[i * n + j]! - v[i]! - v[j]!))).toBeLessThan(1e-9);
        }
    }
  });
});

describe("Theorem 5.6.3's proof (§5.9.2): induction from d_0 = 2 max|r|/(1−γ)", () => {
  it("|ΔV| ≤ d_k at every iterate when the mean-state assumption holds (affine V; Jensen gap ≡ 0)", () => {
    const rng = new Rng(502);
    for (let q = 0; q < 60; q++) {
      const ex = meanClosedMdp(rng, { nStates: 3 + rng.int(15), nActions: 1 + rng.int(4), gamma: [0.5, 0.9][q % 2]!, rewards: "affine" });
      const V = evaluatePolicy(ex.mdp, ex.pi);
      expectHolds(checkMeanStateAssumption(meanStateJensenGap(ex.mdp, V, ex.meanMap)), `case ${q}`);
      expectHolds(checkRapInduction(rapOperator(ex.mdp, ex.pi, ex.meanMap), ex.mdp, ex.pi, { steps: 200 }), `case ${q}`);
    }
  });

  it("the induction breaks on the N8 counterexample, whose Jensen gap is [0, 1, 0, 0]", () => {
    const ex = msaCounterexample(0.9);
    const V = evaluatePolicy(ex.mdp, ex.pi);
    const m = meanNextStateMap(ex.mdp, ex.embedding);
    const J = meanStateJensenGap(ex.mdp, V, m);
    [0, 1, 0, 0].forEach((v, s) => expect(J[s]!).toBeCloseTo(v, 10));
    expect(checkMeanStateAssumption(J).holds).toBe(false);
    const r = checkRapInduction(rapOperator(ex.mdp, ex.pi, m), ex.mdp, ex.pi, { steps: 400 });
    expect(r.holds).toBe(false);
    expect(r.worstSlack).toBeCloseTo(-9, 6);
  });
});
