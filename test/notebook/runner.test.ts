import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { CodeCell, Notebook } from "../../src/notebook/nbformat.js";
import { timingsPath, type CellProgress } from "../../src/notebook/progress.js";
import { failedPath, runNotebook } from "../../src/notebook/runner.js";
import { alive, fixture, FIXTURES, tempDir, writeCodeNotebook } from "./helpers.js";

const code = (nb: Notebook): CodeCell[] => nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
const texts = (cell: CodeCell, name: string): string =>
  cell.outputs
    .filter((o) => o.output_type === "stream" && o.name === name)
    .map((o) => (o as { text: string[] }).text.join(""))
    .join("");

describe("runNotebook on the real tslab kernel", () => {
  it("injects parameters, collects every output kind, records timings, and stops the kernel", async () => {
    const out = path.join(tempDir(), "params.smoke.ipynb");
    let pid: number | undefined;
    const events: CellProgress[] = [];
    const params = { tier: "smoke", seeds: 5, label: "hi", scale: [3] };
    await runNotebook({
      input: fixture("params.ipynb"),
      output: out,
      params,
      cellTimeoutSeconds: 60,
      progress: (p) => events.push(p),
      onKernelStart: (p) => (pid = p),
    });
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(false);

    const nb = JSON.parse(readFileSync(out, "utf8")) as Notebook;
    // the injected cell sits right after the parameters cell
    expect(nb.cells[1]!.metadata.tags).toEqual(["parameters"]);
    expect(nb.cells[2]!.metadata.tags).toEqual(["injected-parameters"]);
    const cells = code(nb);
    // parameters, injected, print, display, (empty), cwd
    expect(texts(cells[2]!, "stdout")).toBe(
      JSON.stringify({ tier: "smoke", seeds: 5, label: "hi", scale: [3], retrain: false }) + "\n",
    );
    expect(texts(cells[2]!, "stderr")).toBe("to stderr\n");
    expect(cells[3]!.outputs[0]).toEqual({ output_type: "display_data", data: { "text/html": "<b>seeds=5</b>" }, metadata: {} });
    // the last expression's value is an execute_result (the reprorl kernel; tslab printed it to stdout)
    expect(cells[3]!.outputs[1]).toEqual({ output_type: "execute_result", execution_count: 4, data: { "text/plain": "50" }, metadata: {} });
    // the kernel runs in the notebook's folder; consecutive stdout writes merge into one output
    const last = cells[5]!;
    expect(last.outputs).toHaveLength(1);
    expect(texts(last, "stdout")).toBe(`cwd=${FIXTURES}\na\nb\n`);
    // execution counts: the empty cell is not sent to the kernel
    expect(cells.map((c) => c.execution_count)).toEqual([1, 2, 3, 4, null, 5]);
    expect(nb.metadata["kernelspec"]).toMatchObject({ name: "tslab", language: "typescript" });
    const meta = nb.metadata["reprorl"] as { status: string; parameters: unknown; cells?: unknown };
    expect(meta.status).toBe("ok");
    expect(meta.parameters).toEqual(params);
    // per-cell timings go to the git-ignored sidecar, not into the executed notebook
    expect(meta.cells).toBeUndefined();
    const timings = JSON.parse(readFileSync(timingsPath(out), "utf8")) as { cells: { sha: string; seconds: number }[] };
    expect(meta).toEqual({ source: expect.any(String), parameters: params, status: "ok" });
    expect(JSON.stringify(nb)).not.toMatch(/iopub|execute_reply|\d{4}-\d\d-\d\dT\d\d:/);
    expect(timingsPath(out)).toBe(path.join(path.dirname(out), ".reprorl", path.basename(out, ".ipynb") + ".timings.json"));
    expect(timings.cells).toHaveLength(5);
    expect(timings.cells.every((c) => c.seconds >= 0 && c.seconds < 60)).toBe(true);
    // progress: a start and an end event per executed cell, numbered within the 7 cells (the empty one is skipped)
    expect(events.filter((e) => e.phase === "start").map((e) => e.index)).toEqual([2, 3, 4, 5, 7]);
    expect(events.filter((e) => e.phase === "end").map((e) => e.status)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    expect(events.every((e) => e.total === 7)).toBe(true);
    expect(events[0]!.etaSeconds).toBeUndefined(); // no previous run yet

    // a second run to the same output path knows the previous cell times → ETA
    const again: CellProgress[] = [];
    await runNotebook({ input: fixture("params.ipynb"), output: out, params, progress: (p) => again.push(p) });
    const firstStart = again.find((e) => e.phase === "start")!;
    const expected = timings.cells.reduce((s, c) => s + c.seconds, 0);
    expect(firstStart.etaSeconds).toBeCloseTo(expected, 6);
    expect(existsSync(failedPath(out))).toBe(false);
  });

  it("reports 'running' heartbeats during a long cell, with the ETA counting down", async () => {
    const dir = tempDir();
    const input = writeCodeNotebook(["await new Promise((r) => setTimeout(r, 1300));"], dir);
    const events: CellProgress[] = [];
    await runNotebook({ input, output: path.join(dir, "o.ipynb"), heartbeatSeconds: 0.4, progress: (p) => events.push(p) });
    const beats = events.filter((e) => e.phase === "running");
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(beats.every((b) => b.cellSeconds! > 0 && b.etaSeconds === undefined)).toBe(true);
    // second run: previous time known → ETA = previous cell time − time run so far
    const again: CellProgress[] = [];
    await runNotebook({ input, output: path.join(dir, "o.ipynb"), heartbeatSeconds: 0.4, progress: (p) => again.push(p) });
    const start = again.find((e) => e.phase === "start")!;
    const beat = again.find((e) => e.phase === "running")!;
    expect(beat.etaSeconds).toBeCloseTo(Math.max(0, start.etaSeconds! - beat.cellSeconds!), 6);
  });
});
