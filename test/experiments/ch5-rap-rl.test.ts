/**
 * drl-thesis/ch5-rap's RL study (rl.ts, config.ts `ch5RlExperiments`): which tier plans which runs
 * (the small tier's sandbox store stays complete; the RL study is medium), that its vector
 * experiment is ch4-ambs's Tier B, that each ablation changes one RAP key, and that the claims are
 * decided from stored curves by the agent-study rule (a medium tier in pieces).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RAP_SCHEMA } from "../../src/agents/rap.js";
import { writeRunGroup, type JsonValue } from "../../src/analysis/results/store.js";
import { plannedConfig } from "../../src/experiments/agent-study/store.js";
import { ch4Experiments } from "../../src/experiments/drl-thesis/ch4-ambs/config.js";
import { ch5RapChapter } from "../../src/experiments/drl-thesis/ch5-rap/chapter.js";
import { ch5RlExperiments } from "../../src/experiments/drl-thesis/ch5-rap/config.js";
import { loadOrCompute } from "../../src/experiments/load-or-compute.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-ch5-rl-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const VECTOR = ch5RlExperiments("medium").find((e) => e.name === "vector16-80k")!;
const DOOR = ch5RlExperiments("medium").find((e) => e.name === "door32")!;

/** One stored curve of vector16-80k/<method>/seed-<seed> whose evaluations after the first all return `ret`. */
function storeCurve(root: string, method: string, seed: number, ret: number): void {
  const spec = VECTOR.methods.find((m) => m.name === method)!;
  const rows = [0, 5000, 10_000].map((envSteps) => ({
    envSteps, agentSteps: envSteps / 8, updates: 0, episodes: 0, return_train: envSteps === 0 ? 1 : ret, trainReturn: NaN,
    criticLoss: NaN, actorLoss: NaN, alpha: NaN, auxLoss: NaN, tensors: 0, wallSec: 1,
  }));
  writeRunGroup([{ root, chapter: "drl-thesis/ch5-rap", experiment: VECTOR.name, method, seed, rows, meta: { config: plannedConfig(VECTOR, spec) as Record<string, JsonValue>, tier: "medium", backend: { name: "test" }, wallTimeSec: 60, notes: { label: spec.label } } }]);
}

describe("drl-thesis/ch5-rap RL study: the plan", () => {
  it("the small tier plans the sandbox and the checks only; the medium tier the vector study and the door experiment", () => {
    const small = ch5RapChapter.runs({ tier: "small", seed: 0 }).map((r) => r.tables[0]!.experiment);
    expect(new Set(small)).toEqual(new Set(["sandbox", "sampled-loss-checks"]));
    const medium = ch5RapChapter.runs({ tier: "medium", seed: 0 });
    expect(new Set(medium.map((r) => r.tables[0]!.experiment))).toEqual(new Set(["vector16-80k", "door32"]));
    expect(medium.length).toBe(VECTOR.methods.length * 5 + DOOR.methods.length * 3);
    const smoke = ch5RapChapter.runs({ tier: "smoke", seed: 0 }).map((r) => r.tables[0]!.experiment);
    expect(smoke).toContain("vector-smoke");
    expect(smoke).toContain("sandbox");
  });

  it("vector16-80k is ch4-ambs's medium Tier-B experiment: same task, schedule and baseline configs", () => {
    const ch4 = ch4Experiments("medium").find((e) => e.name === "vector16-80k")!;
    const { methods: m5, ...rest5 } = VECTOR;
    const { methods: m4, ...rest4 } = ch4;
    expect(rest5).toEqual(rest4);
    for (const name of ["random", "sac-state", "dbc", "mico"]) expect(m5.find((m) => m.name === name), name).toEqual(m4.find((m) => m.name === name));
    const rap = m5.find((m) => m.name === "rap")!;
    expect(rap.agent).toEqual({ ...m4.find((m) => m.name === "dbc")!.agent, algorithm: "rap" });
  });

  it("each ablation is RAP with exactly one RAP option changed", () => {
    const rap = VECTOR.methods.find((m) => m.name === "rap")!.agent;
    const ablations = VECTOR.methods.filter((m) => m.name.startsWith("rap-"));
    expect(ablations.map((m) => m.name)).toEqual(["rap-k1e-6", "rap-k1e-1", "rap-k1", "rap-w2-next", "rap-online-dyn", "rap-smooth-l1"]);
    for (const m of ablations) {
      const changed = Object.keys(m.agent).filter((k) => m.agent[k] !== rap[k]);
      expect(changed.length, m.name).toBe(1);
      expect(Object.keys(RAP_SCHEMA), m.name).toContain(changed[0]);
      expect(Object.keys(rap), m.name).not.toContain(changed[0]);
    }
  });
});

describe("drl-thesis/ch5-rap RL study: claims from stored curves (medium tier in pieces)", () => {
  it("RAP above DBC and SAC but below MICo on every seed: reproduced, reproduced, not reproduced; the pixel rows stay not run", async () => {
    const root = path.join(tmp, "results");
    const returns: Record<string, number> = { random: 30, "sac-state": 100, dbc: 150, mico: 400, rap: 300 };
    for (const seed of [0, 1, 2]) for (const [m, ret] of Object.entries(returns)) storeCurve(root, m, seed, ret + seed);
    const loaded = await loadOrCompute(ch5RapChapter, { tier: "medium", figuresOnly: true, root });
    expect(loaded.stored.length).toBe(15);
    const claims = ch5RapChapter.claims(loaded.data);
    const verdict = (b: string) => claims.find((r) => r.claim.startsWith(`With distractors RAP outperforms ${b}`))!.verdict;
    expect(verdict("DBC")).toBe("reproduced");
    expect(verdict("SAC")).toBe("reproduced");
    expect(verdict("MICo")).toBe("not reproduced");
    expect(claims.find((r) => r.claim.startsWith("On distracted (natural-video) backgrounds"))!.verdict).toBe("inconclusive");
    expect(claims.some((r) => r.source.includes("N5"))).toBe(false); // the sandbox and checks are the small tier's
    expect(Object.keys(ch5RapChapter.tables(loaded.data)).sort()).toEqual(["learning-vector16-80k", "summary-vector16-80k"]);
  });

  it("with fewer than 3 seeds stored the comparisons are inconclusive, with the counts", async () => {
    const root = path.join(tmp, "two-seeds");
    for (const seed of [0, 1]) for (const m of ["random", "dbc", "rap"]) storeCurve(root, m, seed, m === "rap" ? 300 : 50);
    const loaded = await loadOrCompute(ch5RapChapter, { tier: "medium", figuresOnly: true, root });
    const row = ch5RapChapter.claims(loaded.data).find((r) => r.claim.startsWith("With distractors RAP outperforms DBC"))!;
    expect(row.verdict).toBe("inconclusive");
    expect(row.why).toMatch(/2 of 5 seeds of RAP/);
  });
});

/** One stored curve of door32/<method>/seed-<seed> whose evaluations after the first all return `ret`. */
function storeDoorCurve(root: string, method: string, seed: number, ret: number): void {
  const spec = DOOR.methods.find((m) => m.name === method)!;
  const rows = [0, 6000, 12_000, 18_000, 24_000, 30_000].map((envSteps) => ({
    envSteps, agentSteps: envSteps / 2, updates: 0, episodes: 0, return_train: envSteps === 0 ? 1 : ret, trainReturn: NaN,
    criticLoss: NaN, actorLoss: NaN, alpha: NaN, auxLoss: NaN, tensors: 0, wallSec: 1,
  }));
  writeRunGroup([{ root, chapter: "drl-thesis/ch5-rap", experiment: DOOR.name, method, seed, rows, meta: { config: plannedConfig(DOOR, spec) as Record<string, JsonValue>, tier: "medium", backend: { name: "test" }, wallTimeSec: 60, notes: { label: spec.label } } }]);
}

const doorRows = <R extends { claim: string }>(claims: R[]): R[] => claims.filter((r) => r.claim.includes("Door Opening"));

describe("drl-thesis/ch5-rap door experiment (issue 15 item 4, Table 5.2)", () => {
  it("door32: door-open at 32×32 with colour, lighting and camera randomised, 3 seeds, Table 5.2's methods on ch4-ambs's small-tier pixel networks", () => {
    expect(DOOR.env).toEqual({ id: "door-open", size: 32, distract: { color: true, lighting: true, camera: true, difficulty: "medium" } });
    expect(DOOR.seeds).toEqual([0, 1, 2]);
    expect(DOOR.methods.map((m) => m.name)).toEqual(["random", "sac-pixel", "drq", "dbc", "mico", "rap"]);
    const ch4 = ch4Experiments("small").find((e) => e.name === "video32")!;
    for (const name of ["random", "sac-pixel", "drq", "dbc", "mico"]) expect(DOOR.methods.find((m) => m.name === name), name).toEqual(ch4.methods.find((m) => m.name === name));
    const rap = DOOR.methods.find((m) => m.name === "rap")!;
    expect(rap.observation).toBe("pixels");
    expect(rap.agent).toEqual({ ...ch4.methods.find((m) => m.name === "dbc")!.agent, algorithm: "rap" });
    expect(ch5RlExperiments("small").some((e) => e.name === "door32")).toBe(false);
  });

  it("nothing stored: one 'not run' door row and no Table 5.2 table", async () => {
    const root = path.join(tmp, "door-none");
    for (const seed of [0, 1, 2]) for (const m of ["random", "dbc", "rap"]) storeCurve(root, m, seed, 100);
    const loaded = await loadOrCompute(ch5RapChapter, { tier: "medium", figuresOnly: true, root });
    const rows = doorRows(ch5RapChapter.claims(loaded.data));
    expect(rows.length).toBe(1);
    expect(rows[0]!.whatWeRan).toBe("not run yet");
    expect(rows[0]!.verdict).toBe("inconclusive");
    expect(rows[0]!.why).toMatch(/no run of it is stored/);
    expect(Object.keys(ch5RapChapter.tables(loaded.data)).some((k) => k.startsWith("table-5.2"))).toBe(false);
  });

  it("stored door32 runs: RAP vs SAC, MICo, DBC, DrQ by the agent-study rule, and the Table 5.2 table with the thesis beside (reference only)", async () => {
    const root = path.join(tmp, "door-all");
    const returns: Record<string, number> = { random: 20, "sac-pixel": 60, drq: 250, dbc: 40, mico: 50, rap: 200 };
    for (const seed of [0, 1, 2]) for (const [m, ret] of Object.entries(returns)) storeDoorCurve(root, m, seed, ret + 3 * seed);
    const loaded = await loadOrCompute(ch5RapChapter, { tier: "medium", figuresOnly: true, root });
    const rows = doorRows(ch5RapChapter.claims(loaded.data));
    const verdict = (b: string) => rows.find((r) => r.claim.endsWith(`RAP outperforms ${b} (door-open substitute)`))!.verdict;
    expect(rows.length).toBe(4);
    expect(verdict("SAC")).toBe("reproduced");
    expect(verdict("MICo")).toBe("reproduced");
    expect(verdict("DBC")).toBe("reproduced");
    expect(verdict("DrQ")).toBe("not reproduced");
    const table = ch5RapChapter.tables(loaded.data)["table-5.2-door32"]!;
    expect(table.rows.map((r) => r["Method"])).toEqual(["RAP", "SAC:pixel", "MICo", "DBC", "DrQ", "random policy"]);
    const rap = table.rows[0]!;
    expect(rap["door-open return (ours), mean ± std over seeds"]).toBe("203.00 ± 3.00");
    expect(rap["seeds stored"]).toBe("3 of 3");
    expect(rap["thesis Door Opening (reference only)"]).toBe("102.19 ± 26.11");
    expect(table.rows[5]!["thesis Door Opening (reference only)"]).toBe("—");
  });

  it("door32 with 2 of 3 seeds stored: the door rows are inconclusive, with the counts", async () => {
    const root = path.join(tmp, "door-two");
    for (const seed of [0, 1]) for (const m of ["random", "sac-pixel", "rap"]) storeDoorCurve(root, m, seed, m === "rap" ? 200 : 30);
    const loaded = await loadOrCompute(ch5RapChapter, { tier: "medium", figuresOnly: true, root });
    const rows = doorRows(ch5RapChapter.claims(loaded.data));
    expect(rows.length).toBe(4);
    for (const r of rows) expect(r.verdict).toBe("inconclusive");
    expect(rows[0]!.why).toMatch(/2 of 3 seeds of RAP/);
    const table = ch5RapChapter.tables(loaded.data)["table-5.2-door32"]!;
    expect(table.rows.find((r) => r["Method"] === "DBC")!["door-open return (ours), mean ± std over seeds"]).toBe("not stored");
  });
});
