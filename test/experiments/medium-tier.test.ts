/**
 * The medium tier runs in pieces (SPEC "Tiers"): with figuresOnly it is built from the runs
 * stored so far, lists the rest as missing, and its claims say how many seeds each rests on;
 * the small tier with a missing run still refuses. Medium figures go beside the small ones
 * (figures/medium), and only chapters that declare the tier have it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeRunGroup, type JsonValue } from "../../src/analysis/results/store.js";
import { figuresRootFor } from "../../src/core/paths.js";
import { loadOrCompute } from "../../src/experiments/load-or-compute.js";
import { CHAPTERS } from "../../src/experiments/registry.js";
import { plannedConfig } from "../../src/experiments/agent-study/store.js";
import { sacAeChapter } from "../../src/experiments/sac-ae/chapter.js";
import { tierExperiments } from "../../src/experiments/sac-ae/config.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-medium-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const REACHER = tierExperiments("medium")[0]!;
const LABEL = Object.fromEntries(REACHER.methods.map((m) => [m.name, m.label]));
/** The config a run of this plan is stored with (load refuses a run whose config is not the plan's). */
const CONFIG = (method: string) => plannedConfig(REACHER, REACHER.methods.find((m) => m.name === method)!) as Record<string, JsonValue>;

/** One stored curve of reacher32/<method>/seed-<seed> whose evaluations all return `ret`. */
function storeCurve(root: string, method: string, seed: number, ret: number): void {
  const rows = [0, 50_000, 100_000].map((envSteps) => ({
    envSteps, agentSteps: envSteps / 4, updates: 0, episodes: 0, return_train: envSteps === 0 ? 1 : ret, trainReturn: NaN,
    criticLoss: NaN, actorLoss: NaN, alpha: NaN, auxLoss: NaN, tensors: 0, wallSec: 1,
  }));
  writeRunGroup([{ root, chapter: "sac-ae", experiment: "reacher32", method, seed, rows, meta: { config: CONFIG(method), tier: "medium", backend: { name: "test" }, wallTimeSec: 60, notes: { label: LABEL[method] } } }]);
}

describe("medium tier in pieces", () => {
  it("builds sac-ae's claims from the runs stored so far and lists the missing ones", async () => {
    const root = path.join(tmp, "results");
    for (const seed of [0, 1]) {
      storeCurve(root, "random", seed, 30);
      storeCurve(root, "sac-pixel", seed, 200);
      storeCurve(root, "sac-ae", seed, 500);
    }
    const planned = tierExperiments("medium")[0]!;
    const loaded = await loadOrCompute(sacAeChapter, { tier: "medium", figuresOnly: true, root });
    expect(loaded.stored.length).toBe(6);
    expect(loaded.missing.length).toBe(planned.seeds.length * planned.methods.length - 6);
    const row = sacAeChapter.claims(loaded.data).find((r) => r.claim.startsWith("A jointly trained pixel-reconstruction loss"))!;
    expect(row.whatWeRan).toMatch(/^medium tier: reacher-easy/);
    expect(row.verdict).toBe("inconclusive");
    expect(row.why).toMatch(/2 of 5 seeds of SAC\+AE \(RAE\)/);
  });

  it("builds tables, figures and claims when only the random policy is stored, or nothing at all", async () => {
    for (const stored of [["random"], []]) {
      const root = path.join(tmp, `pieces-${stored.length}`);
      for (const m of stored) storeCurve(root, m, 0, 30);
      const loaded = await loadOrCompute(sacAeChapter, { tier: "medium", figuresOnly: true, root });
      const tables = sacAeChapter.tables(loaded.data);
      expect(Object.keys(tables)).toEqual(stored.length ? ["summary-reacher32"] : []);
      await expect(sacAeChapter.figures(loaded.data)).resolves.toBeDefined();
      expect(sacAeChapter.claims(loaded.data).map((r) => r.verdict)).toContain("not reproducible here");
    }
  });

  it("the small tier still refuses to build from an incomplete store", async () => {
    await expect(loadOrCompute(sacAeChapter, { tier: "small", figuresOnly: true, root: path.join(tmp, "empty") })).rejects.toThrow(/runs are not stored/);
  });

  it("medium figures go to figures/medium; only sac-ae declares the tier", () => {
    expect(path.relative(figuresRootFor("small"), figuresRootFor("medium"))).toBe("medium");
    expect(CHAPTERS.filter((c) => c.tiers.includes("medium")).map((c) => c.id)).toContain("sac-ae");
    expect(CHAPTERS.find((c) => c.id === "drl-thesis/ch2-background")!.tiers).not.toContain("medium");
  });
});
