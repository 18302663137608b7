/**
 * Contraction (ratio ≤ γ + 1e-12) and uniqueness of the fixed point for F_B (5.1), F_M (5.3),
 * F̃_M (Def. 5.5.1), F_G (5.9), the c-weighted (4.1) and the lifted-W2 operator, over
 * hundreds of seeded random MDPs (2–30 states, 1–5 actions, γ ∈ {0.5, 0.8, 0.9, 0.95}).
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import {
  bisimulationOperator,
  checkContraction,
  checkExactW1InOperator,
  checkUniqueness,
  meanClosedMdp,
  meanNextStateMap,
  micoOperator,
  oneHotEmbedding,
  rapOperator,
  shiftMicoOperator,
  w2BisimulationOperator,
  type CheckResult,
} from "../../src/metrics/index.js";
import { randomMdp, randomPolicy } from "../../src/mdp/index.js";
import { randomCases } from "./cases.js";

function expectHolds(r: CheckResult, label: string): void {
  if (!r.holds) throw new Error(`${label}: ${r.name} failed, slack ${r.worstSlack}, ${JSON.stringify(r.counterexample)}`);
  expect(r.holds).toBe(true);
}

describe("MICo and shift MICo are γ-contractions with a unique fixed point", () => {
  const cases = randomCases(101, 300);
  it("F_M (5.3) on 300 MDPs", () => {
    const rng = new Rng(1);
    for (const c of cases) {
      expectHolds(checkContraction(micoOperator(c.mdp, c.pi), c.mdp.gamma, rng, { samples: 8 }), c.label);
    }
  });
  it("F̃_M (Def. 5.5.1) on 300 MDPs; the constant-shift probe attains ratio γ exactly", () => {
    const rng = new Rng(2);
    for (const c of cases) {
      const r = checkContraction(shiftMicoOperator(c.mdp, c.pi), c.mdp.gamma, rng, { samples: 8 });
      expectHolds(r, c.label);
      // Affine with a row-stochastic kernel: equality at d − d' = const (N3).
      expect(r.worstSlack).toBeLessThan(1e-9);
    }
  });
  it("unique fixed point from three starts (MICo and shift MICo, 40 MDPs)", () => {
    const rng = new Rng(3);
    for (const c of cases.slice(0, 40)) {
      expectHolds(checkUniqueness(micoOperator(c.mdp, c.pi), c.mdp.gamma, rng), c.label);
      expectHolds(checkUniqueness(shiftMicoOperator(c.mdp, c.pi), c.mdp.gamma, rng), c.label);
    }
  });
});

describe("π-bisimulation F_B (5.1) with exact W1", () => {
  const cases = randomCases(202, 200, { maxStates: 10 });
  it("is a γ-contraction with exact W1 inside (line/TV closed forms) on 200 MDPs (2–10 states)", () => {
    const rng = new Rng(4);
    for (const c of cases) {
      const op = bisimulationOperator(c.mdp, c.pi);
      expectHolds(checkContraction(op, c.mdp.gamma, rng, { samples: 6 }), c.label);
      expectHolds(checkExactW1InOperator(op, c.mdp, c.pi, rng, { samples: 1 }), c.label);
    }
  });
  it("has a unique fixed point (30 MDPs, three starts)", () => {
    const rng = new Rng(5);
    for (const c of cases.slice(0, 30)) {
      expectHolds(checkUniqueness(bisimulationOperator(c.mdp, c.pi), c.mdp.gamma, rng), c.label);
    }
  });
  it("(4.1) with weights (1 − c, c) is a c-contraction", () => {
    const rng = new Rng(6);
    for (const [q, c] of cases.slice(0, 60).entries()) {
      const w = [0.1, 0.3, 0.5, 0.9, 0.95][q % 5]!;
      const op = bisimulationOperator(c.mdp, c.pi, { rewardWeight: 1 - w, transitionWeight: w });
      expectHolds(checkContraction(op, w, rng, { samples: 6 }), c.label);
    }
  });
  it("the lifted-W2 operator (N10) is also a γ-contraction", () => {
    const rng = new Rng(7);
    for (const c of cases.slice(0, 60)) {
      expectHolds(checkContraction(w2BisimulationOperator(c.mdp, c.pi), c.mdp.gamma, rng, { samples: 6 }), c.label);
    }
  });
});

describe("RAP F_G (5.9) is a γ-contraction with a unique fixed point", () => {
  it("deterministic transitions under the one-hot embedding (100 MDPs, 2–30 states)", () => {
    const rng = new Rng(8);
    for (let q = 0; q < 100; q++) {
      const n = 2 + rng.int(29);
      const mdp = randomMdp(rng, { nStates: n, nActions: 1 + rng.int(5), gamma: [0.5, 0.9, 0.95][q % 3]!, transitions: "deterministic" });
      const pi = randomPolicy(rng, mdp);
      const op = rapOperator(mdp, pi, meanNextStateMap(mdp, oneHotEmbedding(n)));
      expectHolds(checkContraction(op, mdp.gamma, rng, { samples: 6 }), `det case ${q}`);
      if (q < 40) expectHolds(checkUniqueness(op, mdp.gamma, rng), `det case ${q}`);
    }
  });
  it("stochastic mean-closed transitions under a line embedding (100 MDPs, 3–30 states)", () => {
    const rng = new Rng(9);
    for (let q = 0; q < 100; q++) {
      const ex = meanClosedMdp(rng, { nStates: 3 + rng.int(28), nActions: 1 + rng.int(5), gamma: [0.5, 0.9, 0.95][q % 3]!, rewards: "random" });
      const op = rapOperator(ex.mdp, ex.pi, ex.meanMap);
      expectHolds(checkContraction(op, ex.mdp.gamma, rng, { samples: 6 }), `mean-closed case ${q}`);
      if (q < 40) expectHolds(checkUniqueness(op, ex.mdp.gamma, rng), `mean-closed case ${q}`);
    }
  });
});
