/**
 * The `sac-ae` notebook in a real tslab kernel (smoke tier, retrain): every cell runs, the runs
 * are trained in worker processes and stored, the summary and claims tables are printed and the
 * figures exported. Needs `npm run build` (npm test does it).
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Notebook } from "../../src/notebook/nbformat.js";
import { notebookErrors, notebookStdout, notebookText, runSmokeChapter } from "../notebook/helpers.js";

let nb: Notebook;
let outRoot: string;

beforeAll(async () => {
  ({ nb, outRoot } = await runSmokeChapter("sac-ae", { workers: 2 }));
}, 600_000);

describe("sac-ae notebook in the tslab kernel (smoke)", () => {
  it("runs every cell without errors, trains and stores all six methods and the random-policy anchor, prints the summary, learning table and claims", () => {
    expect(notebookErrors(nb)).toEqual([]);
    const out = notebookStdout(nb);
    expect(out).toContain("sac-ae, smoke tier: retrain, computing all 7 runs");
    expect(out).toMatch(/computed 7 runs in \d+ s wall/);
    expect(out).toContain("loaded 7 stored runs");
    expect(out).toContain("SAC+AE (RAE)");
    expect(out).toContain("no augmentation-baseline runs at this tier");
    expect(out).toMatch(/exported 4 figures and 3 tables \(with the claims\)/);
    expect(notebookText(nb)).toContain("not reproducible here");
  });

  it("exports the figures, the summary table and the claims table into the output root", () => {
    const dir = path.join(outRoot, "figures", "sac-ae");
    for (const f of ["tables/summary-pixels16.csv", "tables/learning-pixels16.csv", "tables/claims.csv", "learning-curves.svg", "final-scores.png", "reconstruction-loss.svg", "critic-loss.svg"]) {
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    }
    expect(existsSync(path.join(outRoot, "data", "results", "sac-ae", "pixels16", "sac-ae", "seed-0.csv"))).toBe(true);
  });
});
