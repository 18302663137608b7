/**
 * Runner failure modes, each with a one-line message naming what failed:
 * bad parameter name (rejected before any kernel starts), missing kernel, kernel exiting
 * at startup, kernel never answering (its process is killed), kernel dying mid-cell.
 */
import { existsSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { isReproError } from "../../src/core/errors.js";
import { failedPath, runNotebook } from "../../src/notebook/runner.js";
import { caught, fixture, processList, tempDir, writeCodeNotebook } from "./helpers.js";

const quiet = { progress: () => {} };

function expectOneLine(err: Error): void {
  expect(isReproError(err)).toBe(true);
  expect(err.message).not.toContain("\n");
}

describe("runner failure modes: kernel and parameters", () => {
  it("bad parameter name: one line listing the allowed names, before any kernel starts", async () => {
    let started = false;
    const out = path.join(tempDir(), "p.ipynb");
    const err = await caught(() =>
      runNotebook({
        ...quiet,
        input: fixture("params.ipynb"),
        output: out,
        params: { tier: "smoke", seed: 3 },
        // a kernel that cannot start: had the kernel been started first, this would be the error
        kernelCommand: [process.execPath, "/nonexistent/tslab/bin/tslab", "kernel", "--config-path", "{connection_file}"],
        onKernelStart: () => (started = true),
      }),
    );
    expectOneLine(err);
    expect(err.message).toMatch(/^unknown parameter "seed" for .*params\.ipynb: allowed names are tier, seeds, label, scale, retrain$/);
    expect(started).toBe(false);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(failedPath(out))).toBe(false);
  });

  it("missing kernel (tslab not resolvable): says to run npm install", async () => {
    const err = await caught(() =>
      runNotebook({
        ...quiet,
        input: fixture("params.ipynb"),
        output: path.join(tempDir(), "p.ipynb"),
        kernelCommand: [process.execPath, "/nonexistent/node_modules/tslab/bin/tslab", "kernel", "--config-path", "{connection_file}"],
      }),
    );
    expectOneLine(err);
    expect(err.message).toBe(
      "the tslab kernel cannot start: /nonexistent/node_modules/tslab/bin/tslab does not exist — run `npm install` in the reprorl folder",
    );
  });

  it("kernel that exits at startup, and one that never answers (startup timeout, process killed)", async () => {
    const nb = fixture("type-error.ipynb");
    const e1 = await caught(() =>
      runNotebook({
        ...quiet,
        input: nb,
        output: path.join(tempDir(), "x.ipynb"),
        kernelCommand: [process.execPath, "-e", "console.error('tslab: broken install'); process.exit(3)"],
      }),
    );
    expectOneLine(e1);
    expect(e1.message).toMatch(/exited during startup \(exit code 3\): tslab: broken install — run `npm install`/);

    const marker = `reprorl-silent-kernel-${process.pid}-${Date.now()}`;
    const e2 = await caught(() =>
      runNotebook({
        ...quiet,
        input: nb,
        output: path.join(tempDir(), "x.ipynb"),
        startupTimeoutSeconds: 1.5,
        kernelCommand: [process.execPath, "-e", "setInterval(() => {}, 1000)", marker],
      }),
    );
    expectOneLine(e2);
    expect(e2.message).toMatch(/did not answer within 2 s of starting/);
    expect(processList()).not.toContain(marker);
  });

  it("kernel dying mid-cell: KernelDied with the exit code", async () => {
    const input = writeCodeNotebook(['console.log("up");', "process.exit(7);", 'console.log("never");']);
    const err = await caught(() => runNotebook({ ...quiet, input, output: path.join(path.dirname(input), "out.ipynb"), label: "died.ipynb" }));
    expectOneLine(err);
    expect(err.message).toMatch(/^died\.ipynb failed at cell 2\/3: KernelDied: the kernel process ended while running this cell \(exit code 7\)/);
  });

  it("a missing notebook and a non-notebook file get one-line errors", async () => {
    const e1 = await caught(() => runNotebook({ ...quiet, input: "/nonexistent/x.ipynb", output: path.join(tempDir(), "o.ipynb") }));
    expect(e1.message).toMatch(/^notebook \/nonexistent\/x\.ipynb not found/);
    const junk = path.join(tempDir(), "junk.ipynb");
    writeFileSync(junk, "{ nope");
    const e2 = await caught(() => runNotebook({ ...quiet, input: junk, output: path.join(tempDir(), "o.ipynb") }));
    expectOneLine(e2);
    expect(e2.message).toMatch(/junk\.ipynb is not valid JSON/);
  });
});
