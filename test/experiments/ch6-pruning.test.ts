import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateClaims } from "../../src/analysis/tables/claims.js";
import { initBackend } from "../../src/backend/index.js";
import {
  ch6Chapter,
  ch6ClaimRows,
  ch6Config,
  ch6Figures,
  chapterRuns,
  comparisonTable,
  lrTable,
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
});
