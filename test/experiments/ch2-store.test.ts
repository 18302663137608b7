import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCh2Checks } from "../../src/experiments/drl-thesis/ch2-background/index.js";
import { hasCh2Results, loadCh2Results, storeCh2Results } from "../../src/experiments/drl-thesis/ch2-background/store.js";
import { ch2CheckTable, ch2Figures } from "../../src/experiments/drl-thesis/ch2-background/figures.js";
import { ch2ClaimRows } from "../../src/experiments/drl-thesis/ch2-background/claims.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "ch2-store-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("Chapter 2 results store round trip", () => {
  const res = runCh2Checks({ tier: "smoke", seed: 3 });

  it("stores every experiment and reads back the same checks, claims and figures", () => {
    expect(hasCh2Results(3, { root })).toBe(false);
    const keys = storeCh2Results(res, { root, backend: { name: "test" } });
    expect(keys).toContain("checks/numeric");
    expect(keys).toContain("q-learning/robbins-monro");
    expect(hasCh2Results(3, { root, tier: "smoke" })).toBe(true);
    expect(hasCh2Results(3, { root, tier: "small" })).toBe(false);

    const loaded = loadCh2Results(3, { root });
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
  });

  it("names the missing run and says how to make it", () => {
    expect(() => loadCh2Results(99, { root })).toThrow(/no stored Chapter 2 results for seed 99.*retrain=true/);
  });
});
