import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateClaims } from "../../src/analysis/tables/claims.js";
import { initBackend } from "../../src/backend/index.js";
import {
  agentSummaries,
  backboneCheck,
  ch6Chapter,
  ch6ClaimRows,
  ch6Config,
  ch6Figures,
  chapterRuns,
  comparisonTable,
  learningTable,
  lrTable,
  methodCheck,
  runCheckpoints,
  runSeed,
  summarise,
  type Ch6Data,
  type SeedResult,
} from "../../src/experiments/drl-thesis/ch6-pruning/index.js";
import { loadOrCompute } from "../../src/experiments/load-or-compute.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "ch6-smoke-"));
let res: SeedResult;
let loaded: Ch6Data["results"];

beforeAll(async () => {
  await initBackend({ quiet: true, prefer: "wasm" });
  loaded = (await loadOrCompute(ch6Chapter, { tier: "smoke", root })).data.results;
  res = loaded.seeds[0]!;
}, 300_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("Chapter 6, smoke tier (mechanics only)", () => {
  it("runs every method once with sane metrics", () => {
    const ids = chapterRuns(ch6Config("smoke").budgetSweep, ch6Config("smoke").rrSweep).map((r) => r.id);
    expect(res.runs.map((r) => r.id)).toEqual(ids);
    for (const r of res.runs) {
      expect(r.accuracy).toBeGreaterThanOrEqual(0);
      expect(r.accuracy).toBeLessThanOrEqual(1);
      expect(r.speedup).toBeGreaterThanOrEqual(1 - 1e-9);
      expect(r.cpuMsStored).toBeGreaterThan(0);
    }
    const un = res.runs.find((r) => r.id === "unpruned")!;
    expect(un.speedup).toBeCloseTo(1, 12);
    expect(un.paramRatio).toBeCloseTo(1, 12);
    // static-only at s = 0.5 stores ⌈C/2⌉ channels per layer → fewer parameters, exact MAC speed-up > 2.
    const st = res.runs.find((r) => r.id === "static-norm@0.5")!;
    expect(st.paramRatio).toBeLessThan(0.5);
    expect(st.speedup).toBeGreaterThan(2);
    // FBS-style keeps every weight and adds f(·).
    expect(res.runs.find((r) => r.id === "fbs-style@0.5")!.paramRatio).toBeGreaterThan(1);
  });

  it("rebuilds tables, figures and a valid claims table from storage", () => {
    expect(loaded.seeds.map((s) => s.seed)).toEqual([0]);
    expect(loaded.tier).toBe("smoke");
    const sums = summarise(loaded);
    expect(comparisonTable(sums, "6.1", "shapes10").length).toBeGreaterThanOrEqual(6);
    expect(lrTable(sums).length).toBe(5);
    const figs = ch6Figures(loaded, sums);
    expect(Object.keys(figs)).toEqual(expect.arrayContaining(["fig6-3-tradeoff-accuracy", "table6-1-accuracy-bars", "cpu-speedup-vs-keep-ratio"]));
    const claims = ch6ClaimRows(loaded, sums);
    expect(() => validateClaims(claims)).not.toThrow();
    expect(claims.some((c) => c.source.includes("6.5") && c.verdict === "not reproducible here")).toBe(true);
  });

  it("records the learning checks: untrained backbone, every method before Algorithm 4, each agent's reward and ratios per iteration", () => {
    const cfg = ch6Config("smoke");
    expect(cfg.learningChecks).toBe(true);
    const untrained = res.pretrain.find((p) => p.step === 0)!;
    expect(untrained.phase).toMatch(/^untrained/);
    expect(untrained.accuracy).toBeGreaterThanOrEqual(0);
    expect(res.pretrain.filter((p) => p.phase === "pretrain").every((p) => p.accuracy >= 0)).toBe(true);
    expect(res.initial.map((r) => r.id)).toEqual(res.runs.map((r) => r.id));
    // One curve row per run and iteration; the agents' rewards are finite exactly where the method has that agent.
    expect(res.curve.filter((r) => r.id === "ours-rr0.5@0.5").map((r) => r.iteration)).toEqual(Array.from({ length: cfg.hyper.iterations }, (_, i) => i + 1));
    const ours = res.curve.find((r) => r.id === "ours-rr0.5@0.5")!;
    expect(Number.isFinite(ours.runtimeReward) && Number.isFinite(ours.staticReward)).toBe(true);
    expect(ours.runtimeActions.split(" ")).toHaveLength(8);
    const fbs = res.curve.find((r) => r.id === "fbs-style@0.5")!;
    expect(Number.isNaN(fbs.runtimeReward) && Number.isNaN(fbs.staticReward)).toBe(true);
    const sums = summarise(loaded);
    expect(backboneCheck(loaded)!.baseline).toBe(untrained.accuracy);
    expect(methodCheck(loaded, sums.find((s) => s.id === "fbs-style@0.5")!)!.baseline).toBe(res.initial.find((r) => r.id === "fbs-style@0.5")!.accuracy);
    expect(agentSummaries(loaded, "ours-rr0.5@0.5").map((a) => a.agent)).toEqual(["runtime", "static"]);
    expect(agentSummaries(loaded, "fbs-style@0.5")).toEqual([]);
    const table = learningTable(loaded, sums);
    expect(table[0]!.Before).toMatch(/untrained/);
    expect(table.some((r) => r.Component.includes("[ours-rr0.5@0.5]: static agent"))).toBe(true);
    expect(Object.keys(ch6Figures(loaded, sums))).toEqual(expect.arrayContaining(["learning-backbone-test-accuracy", "learning-agent-reward", "learning-agent-ratios"]));
  });

  it("decides every comparative claim through the verdict rule with learned baselines; by-construction rows are inconclusive", () => {
    const sums = summarise(loaded);
    const claims = ch6ClaimRows(loaded, sums);
    const row = (start: string) => claims.find((c) => c.claim.startsWith(start))!;
    expect(row("With R_r = 0.5 the pruned net stores fewer").verdict).toBe("inconclusive");
    expect(row("With R_r = 0.5 the pruned net stores fewer").why).toMatch(/by construction/);
    expect(row("When R_r diminishes the parameter storage").why).toMatch(/by construction/);
    // A method whose accuracy fell during fine-tuning is named as not learned, and the claim stays inconclusive.
    const withFbsBefore = (acc: number) => ({ ...loaded, seeds: loaded.seeds.map((s) => ({ ...s, initial: s.initial.map((r) => (r.id === "fbs-style@0.5" ? { ...r, accuracy: acc } : r)) })) });
    const t61Of = (r: typeof loaded) => ch6ClaimRows(r, summarise(r)).find((c) => c.claim.startsWith("At sparsity 0.5 ours outperforms FBS"))!;
    const t61 = t61Of(withFbsBefore(1));
    expect(t61.verdict).toBe("inconclusive");
    expect(t61.why).toMatch(/did not learn: .*FBS-style [^;]*\(final [^;]*score 1\)/);
    expect(t61Of(withFbsBefore(-1)).why ?? "").not.toMatch(/FBS-style [^;]*\(final/);
    // Without learning-check tables (the small tier's stored results) no comparison is decided.
    const old = {
      ...loaded,
      seeds: loaded.seeds.map((s) => ({ ...s, initial: [], curve: [], pretrain: s.pretrain.filter((p) => p.step > 0).map((p) => ({ ...p, accuracy: -1 })) })),
    };
    const oldClaims = ch6ClaimRows(old, summarise(old));
    const t61old = oldClaims.find((c) => c.claim.startsWith("At sparsity 0.5 ours outperforms FBS"))!;
    expect(t61old.verdict).toBe("inconclusive");
    expect(t61old.why).toMatch(/predate the learning checks/);
    expect(learningTable(old, summarise(old))[0]!.Learned).toMatch(/not measured/);
  });
});

describe("Chapter 6 store layout", () => {
  it("keeps the medium tier's seeds apart from the small tier's (the store holds one tier per run name)", () => {
    const names = (tier: "small" | "medium") => ch6Chapter.runs({ tier, seed: 0 }).flatMap((r) => r.tables.map((t) => `${t.experiment}/${t.method}`));
    const small = new Set(names("small"));
    const medium = names("medium");
    expect(medium.length).toBeGreaterThan(0);
    expect(medium.filter((n) => small.has(n))).toEqual([]);
  });
});

describe("Chapter 6 per-run checkpoints (a seed computed in pieces)", () => {
  it("resumes a cut seed after its last finished run: finished runs are read back, the rest recompute the uncut numbers", async () => {
    await initBackend({ quiet: true, prefer: "wasm" });
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "ch6-ckpt-"));
    try {
      const cfg = ch6Config("smoke");
      const uncut = runSeed(cfg, 0, { checkpoint: runCheckpoints(folder) });
      const ids = uncut.runs.map((r) => r.id);
      expect(fs.readdirSync(folder).length).toBe(ids.length);
      // cut after the second run: the later runs' checkpoints never got written
      for (const id of ids.slice(2)) fs.rmSync(path.join(folder, `${id.replace(/[^A-Za-z0-9@._-]/g, "_")}.json`));
      // a finished run is read back, not recomputed: mark it
      const second = path.join(folder, `${ids[1]!.replace(/[^A-Za-z0-9@._-]/g, "_")}.json`);
      fs.writeFileSync(second, fs.readFileSync(second, "utf8").replace(/"accuracy":[0-9.e-]+/, '"accuracy":0.123'));
      const resumed = runSeed(cfg, 0, { checkpoint: runCheckpoints(folder) });
      expect(resumed.resumedRuns).toBe(2);
      expect(resumed.runs.map((r) => r.id)).toEqual(ids);
      expect(resumed.runs[1]!.accuracy).toBe(0.123);
      const deterministic = (r: (typeof uncut.runs)[number]) => [r.accuracy, r.deltaAcc, r.macFraction, r.paramRatio, r.staticActions, r.runtimeActions, r.lastCnnLoss];
      expect(resumed.runs.slice(2).map(deterministic)).toEqual(uncut.runs.slice(2).map(deterministic));
      expect(resumed.curve.filter((c) => ids.slice(2).includes(c.id))).toEqual(uncut.curve.filter((c) => ids.slice(2).includes(c.id)));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }, 300_000);
});
