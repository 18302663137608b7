import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRun, readRuns, writeRun, type Row } from "../../src/analysis/results/store.js";
import { loadOrCompute } from "../../src/experiments/load-or-compute.js";
import { validateClaims } from "../../src/analysis/tables/claims.js";
import { Rng } from "../../src/core/rng.js";
import { createMdp } from "../../src/mdp/create.js";
import {
  CH34_STORED,
  CH5_CHAPTER,
  CH5_TABLES,
  ch5ChecksTable,
  ch5Claims,
  ch5Config,
  ch5Figures,
  cleanPolicy,
  ch5Chapter,
  ch5FromStored,
  meanPolicyEntropy,
  runCh5Theory,
  runSweepCase,
  softmaxPolicy,
  sweepCase,
  SWEEP_CHECK_IDS,
  type Ch5Results,
} from "../../src/experiments/drl-thesis/ch5-theory/index.js";
import { tightness } from "../../src/experiments/drl-thesis/ch5-theory/util.js";

let root: string;
let res: Ch5Results;
let runSeconds: number;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "ch5-theory-test-"));
  const t0 = performance.now();
  res = runCh5Theory({ tier: "smoke", seed: 0 });
  runSeconds = (performance.now() - t0) / 1000;
  await loadOrCompute(ch5Chapter, { tier: "smoke", seed: 0, root });
});

const loadCh5 = (r: string, seed = 0) => ch5FromStored(readRuns({ root: r, chapter: CH5_CHAPTER }), seed);

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const claimFor = (claims: ReturnType<typeof ch5Claims>, start: string) => {
  const c = claims.find((x) => x.claim.startsWith(start));
  if (!c) throw new Error(`no claim starting with "${start}"`);
  return c;
};

describe("runCh5Theory, smoke tier", () => {
  it("finishes well within a minute and stores every table", () => {
    expect(runSeconds).toBeLessThan(60);
    expect(res.tables.sweep.length).toBe(ch5Config("smoke").nMdps);
    for (const [name, folder] of Object.entries(CH5_TABLES)) {
      const run = readRun({ root, chapter: CH5_CHAPTER, experiment: folder, method: "exact", seed: 0 });
      expect(run.rows.length, name).toBeGreaterThan(0);
      expect(run.meta.tier).toBe("smoke");
    }
  });

  it("produces a valid claims table whose verdicts follow the theory", () => {
    const claims = ch5Claims(res);
    validateClaims(claims);
    expect(claims.length).toBeGreaterThanOrEqual(20);
    // Statements that are theorems on every finite MDP hold on every MDP tried.
    for (const start of [
      "F_B^π is an L∞ γ-contraction",
      "F_M^π is an L∞ γ-contraction",
      "F̃_M^π (shift MICo)",
      "F_G^π (RAP)",
      "|V^π(s_i) − V^π(s_j)| ≤ d_B^π",
      "|V^π(s_i) − V^π(s_j)| ≤ d_M^π(s_i, s_j)",
      "|V^π(s_i) − V^π(s_j)| ≤ d_M^π ≤ d̃_M^π",
      "The shift-MICo gap",
      "E[(r_i − r_j)²]",
      "F_M and F̃_M are Bellman operators of lifted",
      "d_B ≤ d_M",
    ]) {
      const c = claimFor(claims, start);
      expect(c.verdict, start).toBe("reproduced");
      expect(c.tried, start).toBeGreaterThan(0);
      expect(c.violations, start).toBe(0);
    }
    // (5.10) without the mean-state assumption: ordinary random mean-closed MDPs violate it.
    const rap = claimFor(claims, "|V^π(s_i) − V^π(s_j)| ≤ d_G^π(s_i, s_j) as stated");
    expect(rap.verdict).toBe("not reproduced");
    expect(rap.violations).toBeGreaterThan(0);
    expect(rap.why).toMatch(/mean-state assumption/);
    // The c-weighted bound: holds for c ≥ γ, the counterexample breaks it for c < γ.
    expect(claimFor(claims, "Ch. 4: the c-weighted").verdict).toBe("reproduced");
    expect(claimFor(claims, "Ch. 4: the c-weighted").ourNumbers).toMatch(/counterexample fails for 4\/4/);
    const table = ch5ChecksTable(claims);
    expect(Object.keys(table[0]!)).toEqual(["Statement", "Check", "MDPs tried", "Violations", "Verdict"]);
  });

  it("sweeps every (γ, transition kind, policy kind) class and all MDP sizes asked for", () => {
    const classes = new Set(res.tables.sweep.map((r) => `${r.gamma}/${r.transitions}/${r.policy}`));
    expect(classes.size).toBe(18);
    // F_B's operator probes are budgeted: none above the configured size.
    for (const r of res.tables.sweep) {
      if ((r.nStates as number) > ch5Config("smoke").bisimContractionMaxStates) expect(r.contrBHolds).toBeNaN();
      if (r.transitions !== "deterministic") expect(r.boundGHolds).toBeNaN();
      else expect(r.boundGHolds).toBe(1);
    }
  });

  it("keeps closed-form examples at their hand-derived values", () => {
    const ex = (q: string, example: string) => res.tables.examples.find((r) => r.quantity === q && String(r.example).startsWith(example))!;
    // One state with rewards (0, 1) under π = (½, ½): d̃_M(s,s) = ½/(1 − γ) = 5 at γ = 0.9.
    expect(ex("d̃_M(s,s)", "single-state").value).toBeCloseTo(5, 9);
    // Minimal MSA counterexample: V = [0, 9, 20], d_G(s0, s1) = 0 → (5.10) violated by 9.
    expect(ex("worst violation of (5.10)", "minimal MSA").value).toBeCloseTo(9, 9);
    // DBC: equal mean and variance → Gaussian W2 term 0, but V(p) − V(q) = γ/2.
    expect(ex("d_DBC(p, q)", "DBC").value).toBeCloseTo(0, 12);
    expect(ex("|V(p) − V(q)|", "DBC").value).toBeCloseTo(0.45, 9);
  });

  it("convergence curves stay under the Banach bound γ^k ‖d_0 − d*‖∞", () => {
    for (const r of res.tables.convergence) {
      expect(r.error as number).toBeLessThanOrEqual((r.reference as number) * (1 + 1e-6) + 1e-12);
      // The stored reference is e0·γ^k rounded to 6 significant digits.
      const e0 = res.tables.convergence.find((q) => q.operator === r.operator && q.gamma === r.gamma && q.k === 0)!.error as number;
      const expected = e0 * Math.pow(r.gamma as number, r.k as number);
      expect(Math.abs((r.reference as number) - expected)).toBeLessThanOrEqual(1e-5 * expected);
    }
  });

  it("gap experiment: zero gap at σ = 0 or τ = 0 (Lemma 5.5.4), positive diagonal gap otherwise", () => {
    for (const r of res.tables.gap) {
      if (r.spread === 0 || r.temperature === 0) {
        expect(Math.abs(r.gapOff as number)).toBeLessThan(1e-9);
        expect(Math.abs(r.gapDiag as number)).toBeLessThan(1e-9);
      } else {
        expect(r.gapDiag as number).toBeGreaterThan(0);
      }
    }
  });
});

describe("figures and claims rebuild from stored results only", () => {
  it("loads the same rows and builds identical claims and figures", () => {
    const t0 = performance.now();
    const back = loadCh5(root);
    const claims = ch5Claims(back);
    const figs = ch5Figures(back);
    expect((performance.now() - t0) / 1000).toBeLessThan(runSeconds + 5);
    expect(JSON.stringify(claims)).toBe(JSON.stringify(ch5Claims(res)));
    expect(Object.keys(figs)).toEqual(Object.keys(ch5Figures(res)));
    expect(Object.values(figs).map((f) => JSON.stringify(f.toJSON()))).toEqual(Object.values(ch5Figures(res)).map((f) => JSON.stringify(f.toJSON())));
    expect(Object.keys(figs).length).toBe(3 + 4 + 2 + 5);
    expect(back.tier).toBe("smoke");
    expect(back.wallTimeSec).toBeGreaterThan(0);
  });

  it("claims follow an edited stored row (nothing is recomputed)", () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "ch5-theory-edit-"));
    try {
      for (const [name, folder] of Object.entries({ ...CH5_TABLES, ch34: CH34_STORED.experiment })) {
        const run = readRun({ root, chapter: CH5_CHAPTER, experiment: folder, method: "exact", seed: 0 });
        let rows: Row[] = run.rows;
        if (name === "sweep") rows = rows.map((r, k) => (k === 3 ? { ...r, boundMHolds: 0, boundMSlack: -0.5 } : r));
        writeRun({
          root: other,
          chapter: CH5_CHAPTER,
          experiment: folder,
          method: "exact",
          seed: 0,
          rows,
          meta: { config: run.meta.config, tier: run.meta.tier, backend: run.meta.backend, wallTimeSec: run.meta.wallTimeSec, notes: run.meta.notes },
        });
      }
      const c = claimFor(ch5Claims(loadCh5(other)), "|V^π(s_i) − V^π(s_j)| ≤ d_M^π(s_i, s_j)");
      expect(c.violations).toBe(1);
      expect(c.verdict).toBe("not reproduced");
      expect(c.ourNumbers).toMatch(/worst slack -0\.5/);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it("says what is missing when nothing is stored", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "ch5-theory-empty-"));
    try {
      expect(() => loadCh5(empty)).toThrow(/no stored "sweep" table for drl-thesis\/ch5-theory seed 0/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("building blocks", () => {
  it("tightness averages |ΔV|/d over off-diagonal pairs with d > 0", () => {
    // V = [0, 1, 3]; d(0,1) = 2, d(0,2) = 3, d(1,2) = 0 (skipped): mean of 1/2, 3/3 over both orders = 0.75.
    const d = Float64Array.from([0, 2, 3, 2, 0, 0, 3, 0, 0]);
    expect(tightness([0, 1, 3], d)).toBeCloseTo(0.75, 12);
  });

  it("softmaxPolicy: τ = 0 is the argmax, large τ tends to uniform", () => {
    const z = Float64Array.from([0.1, 2, -1, 3, 0, 0]);
    expect(Array.from(softmaxPolicy(z, 2, 3, 0))).toEqual([0, 1, 0, 1, 0, 0]);
    const u = softmaxPolicy(z, 2, 3, 1e6);
    for (const p of u) expect(p).toBeCloseTo(1 / 3, 5);
    // Entropy of the uniform 3-action policy is ln 3.
    const mdp = createMdp({ P: [[[1, 0], [1, 0], [1, 0]], [[0, 1], [0, 1], [0, 1]]], R: [[0, 0, 0], [0, 0, 0]], gamma: 0.5 });
    expect(meanPolicyEntropy(mdp, Float64Array.from({ length: 6 }, () => 1 / 3))).toBeCloseTo(Math.log(3), 12);
  });

  it("cleanPolicy drops probabilities below 1e-9 and renormalises", () => {
    const pi = cleanPolicy(Float64Array.from([1e-20, 0.5, 0.5 - 1e-20, 0.25, 0.25, 0.5]), 3);
    expect(pi[0]).toBe(0);
    expect(pi[1]! + pi[2]!).toBeCloseTo(1, 15);
    expect(Array.from(pi.subarray(3))).toEqual([0.25, 0.25, 0.5]);
  });

  it("sweep cases: action-constant rewards are constant in a, and each case is reproducible from its stream", () => {
    const cfg = ch5Config("small");
    for (let id = 0; id < 60; id++) {
      const a = sweepCase(new Rng(7).fork(`case-${id}`), id, cfg);
      const b = sweepCase(new Rng(7).fork(`case-${id}`), id, cfg);
      expect(Array.from(a.mdp.P)).toEqual(Array.from(b.mdp.P));
      const { nStates: n, nActions: A, R } = a.mdp;
      if (a.info.rewardKind === "action-constant") for (let s = 0; s < n; s++) for (let k = 1; k < A; k++) expect(R[s * A + k]).toBe(R[s * A]);
      if (a.info.policy === "deterministic") for (const p of a.pi) expect(p === 0 || p === 1).toBe(true);
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(30);
    }
  });

  it("a sweep case on a hand-built MDP: every check that runs holds, and the gap is exactly 0 for deterministic π", () => {
    // Two states, two actions, deterministic transitions s → 1 − s, rewards differing by action.
    const mdp = createMdp({ P: [[[0, 1], [0, 1]], [[1, 0], [1, 0]]], R: [[0, 1], [2, 0]], gamma: 0.9 });
    const pi = Float64Array.from([1, 0, 0, 1]);
    const c = { info: { id: 0, nStates: 2, nActions: 2, gamma: 0.9, transitions: "deterministic" as const, policy: "deterministic" as const, rewardKind: "uniform" as const, rewardScale: 1, rewardNoise: false }, mdp, pi };
    const out = runSweepCase(c, new Rng(1), ch5Config("smoke"), 2);
    for (const id of SWEEP_CHECK_IDS) expect(out.row[`${id}Holds`], id).toBe(1);
    // π picks reward 0 in s0 and 0 in s1: E r = [0, 0], V = [0, 0], every metric is 0.
    expect(out.row.gapOff).toBe(0);
    expect(out.row.gapDiag).toBe(0);
    expect(out.pairs.length).toBe(2 * 4);
    for (const p of out.pairs) expect(p.distance).toBe(0);
  });
});
