/**
 * The `drl-thesis/ch6-pruning` notebook in a real tslab kernel (smoke tier, retrain): every
 * cell runs, the tables and the claims table are printed, figures are exported. Needs
 * `npm run build` (npm test does it).
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Notebook } from "../../src/notebook/nbformat.js";
import { notebookErrors, notebookStdout, notebookText, runSmokeChapter } from "../notebook/helpers.js";

let nb: Notebook;
let outRoot: string;

beforeAll(async () => {
  ({ nb, outRoot } = await runSmokeChapter("drl-thesis/ch6-pruning"));
}, 600_000);

describe("drl-thesis/ch6-pruning notebook in the tslab kernel (smoke)", () => {
  it("runs every cell without errors, computes seed 0 and prints the tables and claims", () => {
    expect(notebookErrors(nb)).toEqual([]);
    expect(notebookStdout(nb)).toMatch(/seed 0: computed in \d+ s and stored/);
    const text = notebookText(nb);
    expect(text).toContain("Table 6.1 analogue");
    expect(text).toContain("FBS-style");
    expect(text).toContain("not reproducible here");
  });

  it("exports the figures and tables into the output root", () => {
    const dir = path.join(outRoot, "figures", "drl-thesis", "ch6-pruning");
    for (const f of ["tables/table6-1.csv", "tables/table6-4.csv", "tables/claims.csv", "fig6-3-tradeoff-accuracy.svg", "cpu-speedup-vs-keep-ratio.png"]) {
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    }
  });
});
