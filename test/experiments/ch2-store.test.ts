import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRuns } from "../../src/analysis/results/store.js";
import { runCh2Checks } from "../../src/experiments/drl-thesis/ch2-background/index.js";
import { ch2Chapter } from "../../src/experiments/drl-thesis/ch2-background/chapter.js";
import { CH2_CHAPTER, ch2FromStored, ch2Tables } from "../../src/experiments/drl-thesis/ch2-background/tables.js";
import { ch2CheckTable, ch2Figures } from "../../src/experiments/drl-thesis/ch2-background/figures.js";
import { ch2ClaimRows } from "../../src/experiments/drl-thesis/ch2-background/claims.js";
import { loadOrCompute } from "../../src/experiments/load-or-compute.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "ch2-store-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("Chapter 2 tables ⇄ the results store", () => {
  let res: ReturnType<typeof runCh2Checks>;
  beforeAll(async () => {
    await ch2Chapter.backend(); // the same tfjs backend as the stored run (T9 names it)
    res = runCh2Checks({ tier: "smoke", seed: 3 });
  });

  it("stores every table and reads back the same checks, claims and figures", async () => {
    const { data: loaded } = await loadOrCompute(ch2Chapter, { tier: "smoke", seed: 3, root });
    const stored = readRuns({ root, chapter: CH2_CHAPTER });
    expect(stored.map((r) => `${r.experiment}/${r.method}`).sort()).toEqual(ch2Tables(res).map((t) => `${t.table.experiment}/${t.table.method}`).sort());
    expect(stored.every((r) => r.seed === 3 && r.meta.tier === "smoke")).toBe(true);

    expect(loaded.tier).toBe("smoke");
    expect(loaded.passedAll).toBe(res.passedAll);
    expect(loaded.checks.map((c) => [c.id, c.passed, c.statistic, c.tolerance])).toEqual(
      res.checks.map((c) => [c.id, c.passed, c.statistic, c.tolerance]),
    );
    expect(ch2ClaimRows(loaded)).toEqual(ch2ClaimRows(res));
    expect(ch2CheckTable(loaded)).toEqual(ch2CheckTable(res));

    // Figures rebuilt from the store carry exactly the data of those from the fresh run.
    const fresh = ch2Figures(res);
    const rebuilt = ch2Figures(loaded);
    expect(Object.keys(rebuilt).sort()).toEqual(Object.keys(fresh).sort());
    for (const name of Object.keys(fresh)) {
      expect(JSON.stringify(rebuilt[name]!.toJSON().data), name).toBe(JSON.stringify(fresh[name]!.toJSON().data));
    }
    const z = rebuilt["ppo-clip-surface"]!.toJSON().data[0]!.z as number[][];
    expect(z.length).toBeLessThanOrEqual(41);
    expect(z[0]!.length).toBeLessThanOrEqual(61);
  }, 120_000);

  it("names the missing run and says how to make it", () => {
    expect(() => ch2FromStored(readRuns({ root, chapter: CH2_CHAPTER }), 99)).toThrow(/no stored Chapter 2 results for seed 99.*figuresOnly = false/);
  });

  it("a stored table whose columns differ from the declared ones is an error naming the file", () => {
    const runs = readRuns({ root, chapter: CH2_CHAPTER });
    const dqn = runs.find((r) => r.experiment === "dqn-sgd")!;
    const renamed = { ...dqn, meta: { ...dqn.meta, columns: dqn.meta.columns.map((c) => (c.name === "relError" ? { ...c, name: "relErr" } : c)) } };
    expect(() => ch2FromStored(runs.map((r) => (r === dqn ? renamed : r)), 3)).toThrow(
      new RegExp(`^bad stored result ${dqn.metaPath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: its columns do not match the dqn-sgd/replay table \\(missing or mistyped relError:number; unexpected relErr\\)`),
    );
  });
});
