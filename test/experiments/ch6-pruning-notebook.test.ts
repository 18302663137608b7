/**
 * The `drl-thesis/ch6-pruning` notebook in a real tslab kernel (smoke tier, retrain): every
 * cell runs, the tables and the claims table are printed, figures are exported. Needs
 * `npm run build` (npm test does it).
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CodeCell, Notebook } from "../../src/notebook/nbformat.js";
import { runNotebook } from "../../src/notebook/runner.js";
import { ROOT, tempDir } from "../notebook/helpers.js";

const NOTEBOOK = path.join(ROOT, "notebooks", "drl-thesis", "ch6-pruning.ipynb");
let nb: Notebook;
let outRoot: string;

const codeCells = () => nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
const allStdout = () =>
  codeCells()
    .flatMap((c) => c.outputs.filter((o) => o.output_type === "stream"))
    .map((o) => [(o as { text: string | string[] }).text].flat().join(""))
    .join("");

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, "dist", "experiments", "drl-thesis", "ch6-pruning", "index.js"))) {
    throw new Error("dist/experiments/drl-thesis/ch6-pruning is missing: run `npm run build` (npm test does it)");
  }
  outRoot = tempDir("reprorl-ch6-nb-");
  const output = path.join(outRoot, "ch6-pruning.smoke.ipynb");
  await runNotebook({ input: NOTEBOOK, output, params: { tier: "smoke", retrain: true }, env: { REPRORL_OUTPUT_ROOT: outRoot }, cellTimeoutSeconds: 300, progress: () => {} });
  nb = JSON.parse(readFileSync(output, "utf8")) as Notebook;
}, 600_000);

describe("drl-thesis/ch6-pruning notebook in the tslab kernel (smoke)", () => {
  it("runs every cell without errors, computes seed 0 and prints the tables and claims", () => {
    expect(codeCells().flatMap((c) => c.outputs.filter((o) => o.output_type === "error"))).toEqual([]);
    const out = allStdout();
    expect(out).toMatch(/seed 0: computed in \d+ s and stored/);
    expect(out).toContain("Table 6.1 analogue");
    expect(out).toContain("FBS-style");
    expect(out).toContain("not reproducible here");
  });

  it("exports the figures and tables into the output root", () => {
    const dir = path.join(outRoot, "figures", "drl-thesis", "ch6-pruning");
    for (const f of ["tables/table6-1.csv", "tables/table6-4.csv", "tables/claims.csv", "fig6-3-tradeoff-accuracy.svg", "cpu-speedup-vs-keep-ratio.png"]) {
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    }
  });
});
