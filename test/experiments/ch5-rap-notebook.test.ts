/**
 * The `drl-thesis/ch5-rap` notebook in a real tslab kernel (smoke tier, retrain): every cell
 * runs, the learning table, the correlations, the sampled-loss checks and the claims table are
 * printed, figures and tables are exported. Needs `npm run build` (npm test does it).
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { browserAvailable } from "../../src/analysis/figures/browser.js";
import type { Notebook } from "../../src/notebook/nbformat.js";
import { notebookErrors, notebookText, runSmokeChapter } from "../notebook/helpers.js";

let nb: Notebook;
let outRoot: string;

beforeAll(async () => {
  ({ nb, outRoot } = await runSmokeChapter("drl-thesis/ch5-rap"));
}, 600_000);

describe("drl-thesis/ch5-rap notebook in the tslab kernel (smoke)", () => {
  it("runs every cell without errors and prints the tables and the claims", () => {
    expect(notebookErrors(nb)).toEqual([]);
    const text = notebookText(nb);
    for (const s of ["1 − last/first", "RAP shift target", "loss (5.7): ‖D − d̃_M‖∞", "not run yet", "not reproducible here"]) expect(text).toContain(s);
    // the RL path (smoke: "vector-smoke"): its learning table and the RAP comparisons
    for (const s of ["Did each agent learn? cartpole-swingup, state + 32 distractor dims (smoke)", "With distractors RAP outperforms DBC", "With distractors RAP outperforms MICo"]) expect(text).toContain(s);
  });

  it("exports the figures and tables into the output root (SVG/PNG where a headless browser exists)", () => {
    const dir = path.join(outRoot, "figures", "drl-thesis", "ch5-rap");
    const statics = browserAvailable() ? ["loss-curves.svg", "correlations-trained.png"] : [];
    for (const f of ["tables/learning.csv", "tables/pearson.csv", "tables/sampled-loss-checks.csv", "tables/claims.csv", "loss-curves.html", "correlations-untrained.html", ...statics]) {
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    }
  });
});
