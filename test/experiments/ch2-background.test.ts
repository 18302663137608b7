import { beforeAll, describe, expect, it } from "vitest";
import { validateClaims } from "../../src/analysis/tables/claims.js";
import { Rng } from "../../src/core/rng.js";
import { createMdp, withGamma } from "../../src/mdp/create.js";
import { evaluatePolicy } from "../../src/mdp/evaluate.js";
import type { FiniteMdp } from "../../src/mdp/types.js";
import { truncationHorizon } from "../../src/mdp/sample.js";
import {
  type Ch2Results,
  ch2Config,
  checkPolicyGradient,
  checkPpoClip,
  checkQLearning,
  checkQvConsistency,
  checkReinforce,
  CH2_CHECK_IDS,
  ch2ClaimRows,
  exactSoftmaxGradient,
  expectedAsPrintedReinforce,
  mdpSuite,
  monteCarloValue,
  ppoClipObjective,
  runCh2Checks,
  softmaxPolicy,
  startStateWeightedGradient,
} from "../../src/experiments/drl-thesis/ch2-background/index.js";

const smoke = ch2Config("smoke");
const smokeCases = () => mdpSuite(new Rng(0).fork("mdp-suite"), smoke.nMdps, smoke.gammas);

describe("runCh2Checks, smoke tier", () => {
  let res: Ch2Results;
  beforeAll(() => {
    res = runCh2Checks({ tier: "smoke", seed: 0 });
  });

  it("runs T1–T11 and every check passes its tolerance", () => {
    expect(res.checks.map((c) => c.id)).toEqual([...CH2_CHECK_IDS]);
    for (const c of res.checks) {
      for (const p of c.parts.filter((q) => !q.informational)) {
        expect(p.passed, `${c.id}: ${p.label} = ${p.statistic} vs ${p.tolerance}`).toBe(true);
        if (p.relation === "<=") expect(p.statistic).toBeLessThanOrEqual(p.tolerance);
      }
      expect(c.passed, c.id).toBe(true);
      expect(c.claim).toMatch(/Eqs?\.? \(?2\.\d+/); // cites the thesis equation
    }
    expect(res.passedAll).toBe(true);
    expect(res.wallTimeMs).toBeLessThan(30000);
  });

  it("results are plain JSON and carry the plotted series", () => {
    expect(JSON.parse(JSON.stringify(res))).toEqual(res);
    const byId = Object.fromEntries(res.checks.map((c) => [c.id, c]));
    expect((byId.T1!.series.monteCarlo as unknown[]).length).toBeGreaterThan(0);
    expect((byId.T4!.series.robbinsMonro as number[][][])[0]!.length).toBe(smoke.qlSeeds);
    expect((byId.T7!.series.reinforce as unknown[]).length).toBe(smoke.reinforceMdps);
    expect(byId.T7!.discrepancy).toMatch(/γ\^t/);
  });

  it("is deterministic in the seed, and a subset reproduces the same numbers", () => {
    const again = runCh2Checks({ tier: "smoke", seed: 0, only: ["T1", "T7"] });
    const full = Object.fromEntries(res.checks.map((c) => [c.id, c]));
    for (const c of again.checks) {
      expect(c.parts.map((p) => p.statistic)).toEqual(full[c.id]!.parts.map((p) => p.statistic));
    }
    const other = runCh2Checks({ tier: "smoke", seed: 1, only: ["T1"] });
    expect(other.checks[0]!.parts[1]!.statistic).not.toBe(full.T1!.parts[1]!.statistic);
  });

  it("turns into a valid claims table, with the printed (2.11) reported as not reproduced", () => {
    const rows = ch2ClaimRows(res);
    expect(() => validateClaims(rows)).not.toThrow();
    expect(rows.length).toBe(CH2_CHECK_IDS.length + 1);
    const t7 = rows.filter((r) => r.source.includes("(2.11)"));
    expect(t7.map((r) => r.verdict)).toEqual(["reproduced", "not reproduced"]);
    expect(rows.every((r) => r.source.startsWith("§"))).toBe(true);
  });

  it("rejects bad options with one-line errors", () => {
    expect(() => runCh2Checks({ tier: "smoke", seed: 0, only: ["T99" as "T1"] })).toThrow(/unknown Chapter 2 check "T99"/);
    expect(() => ch2Config("huge" as "smoke")).toThrow(/tier must be/);
    expect(() => runCh2Checks({ tier: "smoke", seed: -1 })).toThrow(/seed/);
  });

  it("the small tier uses the research note's sizes", () => {
    const s = ch2Config("small");
    expect([s.nMdps, s.mcRollouts, s.qlUpdates, s.qlSeeds, s.reinforceEpisodes]).toEqual([20, 10000, 300000, 5, 20000]);
    expect(s.gammas).toEqual([0.5, 0.9, 0.99]);
  });
});

describe("negative controls: broken math must fail the checks", () => {
  it("T7: REINFORCE as printed in (2.11), without γ^t, is detected as biased", () => {
    const c = checkReinforce(new Rng(7), smokeCases(), smoke, "as-printed");
    expect(c.passed).toBe(false);
    expect(c.parts[0]!.statistic).toBeGreaterThan(10);
  });

  it("T2: a wrong Q–V relation (γ dropped) is detected", () => {
    const noGamma = (mdp: FiniteMdp, V: Float64Array) => {
      const { nStates: n, nActions: m, P, R } = mdp;
      return Float64Array.from({ length: n * m }, (_, sa) => {
        let v = 0;
        for (let s2 = 0; s2 < n; s2++) v += P[sa * n + s2]! * V[s2]!;
        return R[sa]! + v;
      });
    };
    const c = checkQvConsistency(smokeCases(), noGamma);
    expect(c.passed).toBe(false);
    expect(c.parts[0]!.statistic).toBeGreaterThan(1e-3);
  });

  it("T6: (2.9) weighted by ρ0 instead of the discounted visitation fails the finite-difference test", () => {
    const c = checkPolicyGradient(smokeCases(), { ...smoke, gaSteps: 2 }, startStateWeightedGradient);
    expect(c.passed).toBe(false);
    expect(c.parts[0]!.statistic).toBeGreaterThan(1e-2);
  });

  it("T4: Q-learning with a mean instead of a max in the target does not reach Q*", () => {
    const c = checkQLearning(new Rng(4), { ...smoke, qlSeeds: 1 }, { kind: "robbins-monro", power: 0.8 }, "uniform-mean");
    expect(c.passed).toBe(false);
    expect(c.parts[0]!.statistic).toBeGreaterThan(0.05);
  });

  it("T9: a clipped objective without the min is not a pessimistic bound", () => {
    const clipOnly = (r: number, A: number, eps: number) => Math.min(Math.max(r, 1 - eps), 1 + eps) * A;
    const c = checkPpoClip(new Rng(9), smoke, clipOnly);
    expect(c.passed).toBe(false);
    expect(c.parts[0]!.passed).toBe(false);
  });

  it("T1: Monte Carlo detects a value function computed with the wrong γ", () => {
    const [c] = smokeCases().filter((x) => x.mdp.gamma === 0.9);
    const wrongV = evaluatePolicy(withGamma(c!.mdp, 0.87), c!.pi);
    const { mean, se } = monteCarloValue(new Rng(1), c!.mdp, c!.pi, 0, 5000, truncationHorizon(0.9, 1e-8));
    expect(Math.abs(mean - wrongV[0]!) / se).toBeGreaterThan(4);
  });

  it("T11: the '+1e-6 inside the log' density is detectably not normalised", () => {
    const res = runCh2Checks({ tier: "smoke", seed: 0, only: ["T11"] });
    const eps = res.checks[0]!.parts.find((p) => p.label.includes("1e-6"))!;
    expect(eps.statistic).toBeGreaterThan(1e-3);
  });
});

describe("hand-checked pieces", () => {
  // One-state bandit: J = Σ_a π_a r_a / (1−γ), ∂J/∂θ_a = π_a (r_a − r̄)/(1−γ).
  const r = [1, 0, 0.5];
  const bandit = createMdp({ P: [[[1], [1], [1]]], R: [r], gamma: 0.8 });
  const theta = [0.3, -0.2, 0.1];
  const pi = softmaxPolicy(theta, 1, 3);
  const rbar = pi.reduce((acc, p, a) => acc + p * r[a]!, 0);

  it("softmax policy-gradient on a bandit equals the closed form", () => {
    const g = exactSoftmaxGradient(bandit, theta, [1]);
    for (let a = 0; a < 3; a++) expect(g[a]).toBeCloseTo((pi[a]! * (r[a]! - rbar)) / (1 - 0.8), 12);
  });

  it("the as-printed REINFORCE expectation is H·π_a(r_a − r̄) on a bandit (vs ∇J = π_a(r_a − r̄)/(1−γ))", () => {
    const H = 30;
    const e = expectedAsPrintedReinforce(bandit, pi, [1], H);
    for (let a = 0; a < 3; a++) expect(e[a]).toBeCloseTo(H * pi[a]! * (r[a]! - rbar), 10);
  });

  it("PPO clipped objective by hand", () => {
    expect(ppoClipObjective(1.5, 1, 0.2)).toBeCloseTo(1.2, 15);
    expect(ppoClipObjective(0.5, 1, 0.2)).toBe(0.5); // not clipped below for A > 0
    expect(ppoClipObjective(0.5, -1, 0.2)).toBeCloseTo(-0.8, 15);
    expect(ppoClipObjective(1.5, -1, 0.2)).toBe(-1.5); // not clipped above for A < 0
  });
});
