/**
 * The `sac-ae` notebook in a real tslab kernel (smoke tier, retrain): every cell runs, the runs
 * are trained in worker processes and stored, the summary and claims tables are printed and the
 * figures exported. Needs `npm run build` (npm test does it).
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CodeCell, Notebook } from "../../src/notebook/nbformat.js";
import { runNotebook } from "../../src/notebook/runner.js";
import { ROOT, tempDir } from "../notebook/helpers.js";

const NOTEBOOK = path.join(ROOT, "notebooks", "sac-ae.ipynb");
let nb: Notebook;
let outRoot: string;

const codeCells = () => nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
const allStdout = () =>
  codeCells()
    .flatMap((c) => c.outputs.filter((o) => o.output_type === "stream"))
    .map((o) => [(o as { text: string | string[] }).text].flat().join(""))
    .join("");

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, "dist", "experiments", "sac-ae", "index.js"))) {
    throw new Error("dist/experiments/sac-ae is missing: run `npm run build` (npm test does it)");
  }
  outRoot = tempDir("reprorl-sac-ae-nb-");
  const output = path.join(outRoot, "sac-ae.smoke.ipynb");
  await runNotebook({ input: NOTEBOOK, output, params: { tier: "smoke", retrain: true, workers: 2 }, env: { REPRORL_OUTPUT_ROOT: outRoot }, cellTimeoutSeconds: 300, progress: () => {} });
  nb = JSON.parse(readFileSync(output, "utf8")) as Notebook;
}, 600_000);

describe("sac-ae notebook in the tslab kernel (smoke)", () => {
  it("runs every cell without errors, trains and stores all six methods, prints the summary and claims", () => {
    expect(codeCells().flatMap((c) => c.outputs.filter((o) => o.output_type === "error"))).toEqual([]);
    const out = allStdout();
    expect(out).toContain("0 runs stored, 6 to compute");
    expect(out).toMatch(/computed 6 runs in \d+ s wall/);
    expect(out).toContain("loaded 6 stored runs");
    expect(out).toContain("SAC+AE (RAE)");
    expect(out).toContain("not reproducible here");
  });

  it("exports the figures, the summary table and the claims table into the output root", () => {
    const dir = path.join(outRoot, "figures", "sac-ae");
    for (const f of ["tables/summary-pixels16.csv", "tables/claims.csv", "learning-curves.svg", "final-scores.png", "reconstruction-loss.svg", "critic-loss.svg"]) {
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    }
    expect(existsSync(path.join(outRoot, "data", "results", "sac-ae", "pixels16", "sac-ae", "seed-0.csv"))).toBe(true);
  });
});
