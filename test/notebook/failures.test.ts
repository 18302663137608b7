/**
 * Runner failure modes, each with a one-line message naming what failed:
 * failing cell, type error, timeout (sync loop and pending promise). After each, no
 * kernel process is left behind. (Kernel-level failures: kernel-failures.test.ts.)
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { isReproError } from "../../src/core/errors.js";
import type { CodeCell, Notebook } from "../../src/notebook/nbformat.js";
import { failedPath, runNotebook, shorthandHint } from "../../src/notebook/runner.js";
import { alive, caught, fixture, tempDir, writeCodeNotebook } from "./helpers.js";

const quiet = { progress: () => {} };

function expectOneLine(err: Error): void {
  expect(isReproError(err)).toBe(true);
  expect(err.message).not.toContain("\n");
}

describe("runner failure modes: cells", () => {
  it("failing cell: names notebook, cell and error; stops there; keeps a good earlier output", async () => {
    const out = path.join(tempDir(), "failing.ipynb");
    writeFileSync(out, "previous good output");
    let pid: number | undefined;
    const err = await caught(() =>
      runNotebook({ ...quiet, input: fixture("failing.ipynb"), output: out, label: "failing.ipynb", onKernelStart: (p) => (pid = p) }),
    );
    expectOneLine(err);
    expect(err.message).toMatch(/^failing\.ipynb failed at cell 3\/4: RangeError: value out of range: 42 \(partial notebook: .*failing\.failed\.ipynb\)$/);
    expect(alive(pid)).toBe(false);
    expect(readFileSync(out, "utf8")).toBe("previous good output");
    const partial = JSON.parse(readFileSync(failedPath(out), "utf8")) as Notebook;
    const cells = partial.cells.filter((c): c is CodeCell => c.cell_type === "code");
    expect(cells[1]!.outputs.find((o) => o.output_type === "error")).toMatchObject({ ename: "RangeError", evalue: "value out of range: 42" });
    expect(cells[2]!.execution_count).toBeNull(); // the cell after the failure never ran
    expect(cells[2]!.outputs).toEqual([]);
    expect(partial.metadata["reprorl"]).toMatchObject({ status: "failed", error: { cell: 3, ename: "RangeError" } });
  });

  it("type error: reported as CompileError with line:column", async () => {
    const err = await caught(() =>
      runNotebook({ ...quiet, input: fixture("type-error.ipynb"), output: path.join(tempDir(), "t.ipynb"), label: "type-error.ipynb" }),
    );
    expectOneLine(err);
    expect(err.message).toContain("type-error.ipynb failed at cell 1/1: CompileError: 1:7 - Type 'string' is not assignable to type 'number'.");
  });

  it("timeout on a busy loop: interrupted, reported with the cell, kernel gone", async () => {
    let pid: number | undefined;
    const t0 = Date.now();
    const err = await caught(() =>
      runNotebook({
        ...quiet,
        input: fixture("slow.ipynb"),
        output: path.join(tempDir(), "slow.ipynb"),
        label: "slow.ipynb",
        cellTimeoutSeconds: 1.5,
        onKernelStart: (p) => (pid = p),
      }),
    );
    expectOneLine(err);
    expect(err.message).toMatch(/^slow\.ipynb failed at cell 2\/3: TimeoutError: cell did not finish within the 1\.5 s per-cell time limit/);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(alive(pid)).toBe(false);
  });

  it("timeout on a promise that never settles: same", async () => {
    let pid: number | undefined;
    const err = await caught(() =>
      runNotebook({
        ...quiet,
        input: fixture("hang-async.ipynb"),
        output: path.join(tempDir(), "h.ipynb"),
        label: "hang-async.ipynb",
        cellTimeoutSeconds: 1.5,
        onKernelStart: (p) => (pid = p),
      }),
    );
    expect(err.message).toMatch(/^hang-async\.ipynb failed at cell 1\/1: TimeoutError/);
    expect(alive(pid)).toBe(false);
  });

  it("tslab's shorthand-property bug gets a hint saying how to write it", async () => {
    const input = writeCodeNotebook(['const tier = "smoke";', "console.log(JSON.stringify({ seeds: 1, tier }));"]);
    const err = await caught(() => runNotebook({ ...quiet, input, output: path.join(path.dirname(input), "o.ipynb"), label: "sh" }));
    expectOneLine(err);
    expect(err.message).toContain(
      "sh failed at cell 2/2: ReferenceError: tier is not defined (tslab cannot resolve the shorthand property { tier } for a name from another cell: write { tier: tier })",
    );
    expect(shorthandHint({ ename: "ReferenceError", evalue: "tier is not defined" }, "f(tier)")).toBeUndefined();
    expect(shorthandHint({ ename: "TypeError", evalue: "tier is not defined" }, "{ tier }")).toBeUndefined();
  });
});
