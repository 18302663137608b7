/**
 * drl-thesis/ch4-ambs claims of the vector-distractor experiment (Tier B): on constructed stored
 * curves, the chapter's claims step gives the vector rows (AMBS vs DBC, vs SAC on the raw
 * observation, vs SAC with the same MLP encoder) through the verdict rule — and only those: a
 * vector experiment is neither an "original background" nor a "natural-video" experiment.
 */
import { describe, expect, it } from "vitest";
import { validateClaims } from "../../src/analysis/tables/claims.js";
import type { StoredCurve } from "../../src/experiments/agent-study/store.js";
import { summarizeMethods } from "../../src/experiments/agent-study/summary.js";
import { ch4Chapter, type Ch4Data } from "../../src/experiments/drl-thesis/ch4-ambs/chapter.js";
import { ch4Experiments } from "../../src/experiments/drl-thesis/ch4-ambs/config.js";
import { finiteMdpFromStored } from "../../src/experiments/drl-thesis/ch4-ambs/finite-mdp.js";

const EXPERIMENT = "vector-cartpole";

/** Stored curves of `method` whose final score (mean of the last 3 evals) is `finals[k]` for seed k. */
function curves(method: string, finals: number[]): StoredCurve[] {
  return finals.map((v, seed) => ({
    experiment: EXPERIMENT, method, seed, tier: "small", wallTimeSec: 1, notes: { label: method },
    rows: [0, 1, 2, 3].map((k) => ({ envSteps: k * 1250, return_train: k === 0 ? 5 : v, criticLoss: 1, auxLoss: NaN })),
  }));
}

function claims(finals: Record<string, number[]>) {
  const specs = ch4Experiments("small");
  const spec = specs.find((e) => e.name === EXPERIMENT)!;
  const stored = Object.entries(finals).flatMap(([m, f]) => curves(m, f));
  const data: Ch4Data = {
    tier: "small", seed: 0, curves: stored, sessions: [], finiteMdp: finiteMdpFromStored([], 0),
    experiments: specs.map((e) => ({ spec: e, summaries: e === spec ? summarizeMethods(stored, EXPERIMENT, spec.methods.map((m) => m.name), 0) : [] })),
  };
  const rows = ch4Chapter.claims!(data);
  validateClaims(rows);
  return rows.filter((r) => r.whatWeRan.includes("Tier B"));
}

const RANDOM = [100, 105, 98, 110, 102];
const LOW = [150, 160, 155, 158, 152];
const HIGH = [300, 310, 305, 320, 298];

describe("ch4 vector-distractor claims", () => {
  it("the small tier has the vector experiment with 5 seeds and the Tier-B methods", () => {
    const spec = ch4Experiments("small").find((e) => e.name === EXPERIMENT)!;
    expect(spec.seeds).toHaveLength(5);
    expect(spec.env.distractorDims).toBeGreaterThan(0);
    expect(spec.methods.map((m) => m.name)).toEqual(["random", "sac-state", "sac-mlp", "dbc", "mico", "ambs", "ambs-wo-f", "ambs-wo-c", "ambs-c-half", "ambs-one-gamma"]);
    expect(spec.methods.every((m) => m.observation === "state")).toBe(true);
  });

  it("AMBS above DBC and both SACs in every seed, all learned: the three vector rows are reproduced, and no clean- or video-background row comes from it", () => {
    const rows = claims({ random: RANDOM, "sac-state": LOW, "sac-mlp": LOW, dbc: LOW, mico: LOW, ambs: HIGH }).filter((r) => !r.claim.startsWith("Ablation"));
    expect(rows.map((r) => r.claim)).toEqual([
      expect.stringMatching(/AMBS outperforms DBC/),
      expect.stringMatching(/AMBS outperforms SAC \(Tier B: SAC on the raw/),
      expect.stringMatching(/AMBS vs SAC with the same MLP encoder/),
    ]);
    expect(rows.map((r) => r.verdict)).toEqual(["reproduced", "reproduced", "reproduced"]);
    expect(rows.some((r) => /original background|natural-video/.test(r.claim))).toBe(false);
  });

  it("SAC with the MLP encoder above AMBS: that row is not reproduced; DBC at the random-policy level: its row is inconclusive (did not learn)", () => {
    const rows = claims({ random: RANDOM, "sac-state": LOW, "sac-mlp": [400, 410, 405, 420, 398], dbc: [99, 104, 100, 108, 101], mico: LOW, ambs: HIGH }).filter((r) => !r.claim.startsWith("Ablation"));
    expect(rows.map((r) => r.verdict)).toEqual(["inconclusive", "reproduced", "not reproduced"]);
    expect(rows[0]!.why).toMatch(/did not learn: dbc/);
  });

  it("E3 ablations: one row per Fig. 4.6 variant, AMBS against it — reproduced where AMBS is above, not reproduced where the variant is", () => {
    const rows = claims({ random: RANDOM, dbc: LOW, ambs: HIGH, "ambs-wo-f": LOW, "ambs-wo-c": LOW, "ambs-c-half": [400, 410, 405, 420, 398], "ambs-one-gamma": LOW })
      .filter((r) => r.claim.startsWith("Ablation"));
    expect(rows.map((r) => [r.claim.match(/— (.*) \(Tier B\)/)?.[1], r.verdict])).toEqual([
      ["the meta-learners f_r, f_d beat L1 distances (AMBS w/o f)", "reproduced"],
      ["two embeddings weighted by c beat one embedding with one meta-learner (AMBS w/o c)", "reproduced"],
      ["the learned c beats a fixed c = 0.5", "not reproduced"],
      ["the learned c beats DBC's fixed weights (1, γ)", "reproduced"],
    ]);
  });
});
