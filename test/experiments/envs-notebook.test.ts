/**
 * The `drl-thesis/envs` notebook in a real tslab kernel (smoke tier): MuJoCo (ESM-only wasm)
 * is loaded by the library from a notebook cell, the image grid holds frames the kernel
 * rendered with MuJoCo physics (byte-identical to the same frames rendered here), and the
 * returns table and claims table are in the outputs. Needs `npm run build` (npm test does it).
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Notebook } from "../../src/notebook/nbformat.js";
import { decodePng } from "../../src/envs/render/png-decode.js";
import { ALL_CONTROL_TASKS, envsConfig, frameGrid, NO_DISTRACTION } from "../../src/experiments/drl-thesis/envs/index.js";
import { codeCells, notebookErrors, notebookStdout, runSmokeChapter } from "../notebook/helpers.js";

let nb: Notebook;
let outRoot: string;
const displays = () =>
  codeCells(nb).flatMap((c) => c.outputs.filter((o) => o.output_type === "display_data") as unknown as { data: Record<string, unknown> }[]);
const text = (x: unknown) => [x as string | string[]].flat().join("");

beforeAll(async () => {
  ({ nb, outRoot } = await runSmokeChapter("drl-thesis/envs"));
}, 600_000);

describe("drl-thesis/envs notebook in the tslab kernel (smoke)", () => {
  it("runs every cell without errors and loads MuJoCo inside the kernel", () => {
    const errors = notebookErrors(nb);
    expect(errors).toEqual([]);
    expect(notebookStdout(nb)).toMatch(/MuJoCo \d+ loaded inside the tslab kernel/);
  });

  it("shows the every-task image grid with the MuJoCo-rendered frames", async () => {
    const cfg = envsConfig("smoke");
    // The notebook shows the grid as a static PNG (image grids carry no plotly JSON in the
    // notebook); the exact frames are in the exported interactive page, whose figure spec
    // (`var spec = {...}`) holds one image trace per task with the frame as a PNG data URI.
    const page = readFileSync(path.join(outRoot, "figures", "drl-thesis", "envs", "tasks.html"), "utf8");
    const specJson = /var spec = (\{.*\});\n/.exec(page)?.[1];
    expect(specJson).toBeDefined();
    const traces = (JSON.parse(specJson!) as { data: { type: string; source: string }[] }).data;
    expect(traces.map((t) => t.type)).toEqual(ALL_CONTROL_TASKS.map(() => "image"));
    const decoded = traces.map((t) => decodePng(new Uint8Array(Buffer.from(t.source.replace(/^data:image\/png;base64,/, ""), "base64"))));
    // The same frames rendered here, in the test process, from the same seed.
    const expected = await frameGrid(ALL_CONTROL_TASKS, [NO_DISTRACTION], { size: cfg.frameSize, atStep: cfg.frameAtStep, seed: 0 });
    decoded.forEach((img, i) => {
      expect([img.width, img.height]).toEqual([cfg.frameSize, cfg.frameSize]);
      expect(Buffer.from(img.rgb).equals(Buffer.from(expected[i]!.pixels as Uint8Array)), `frame ${i} (${ALL_CONTROL_TASKS[i]})`).toBe(true);
    });
    // not blank: every frame has some contrast, and different tasks give different frames
    for (const img of decoded) expect(new Set(img.rgb).size).toBeGreaterThan(10);
    expect(Buffer.from(decoded[0]!.rgb).equals(Buffer.from(decoded[1]!.rgb))).toBe(false);
    // In the notebook: the grid's static rendering, drawn from those frames (not blank).
    const grids = displays().filter((d) => text(d.data["text/plain"] ?? "").includes("Every control task"));
    expect(grids.length).toBe(1);
    const shown = decodePng(new Uint8Array(Buffer.from(text(grids[0]!.data["image/png"]), "base64")));
    expect(new Set(shown.rgb).size).toBeGreaterThan(50);
  });

  it("shows the returns table (random for every task, scripted where a controller exists) and the claims table", () => {
    const markdown = displays().map((d) => text(d.data["text/markdown"] ?? "")).filter((m) => m !== "");
    const returns = markdown.find((m) => m.includes("mean [95% CI]"));
    expect(returns).toBeDefined();
    for (const task of [...ALL_CONTROL_TASKS, "highway"]) expect(returns!).toContain(task);
    expect(returns!.match(/\| scripted \|/g)?.length).toBe(4);
    expect(notebookStdout(nb)).toContain("returns table: 14 rows (10 tasks random, 4 scripted)");
    const claims = markdown.find((m) => m.includes("Verdict"));
    expect(claims).toMatch(/reproduced/);
    expect(claims).toMatch(/not reproducible here/);
  });

  it("stores the results and exports figures and tables under the output root", () => {
    const results = path.join(outRoot, "data", "results", "drl-thesis", "envs");
    for (const f of ["returns/random/seed-0.csv", "returns/scripted/seed-0.json", "throughput/bench-envs/seed-0.csv", "reward-checks/closed-form/seed-0.csv"]) {
      expect(existsSync(path.join(results, f)), f).toBe(true);
    }
    const figures = path.join(outRoot, "figures", "drl-thesis", "envs");
    for (const f of ["tasks.png", "tasks-by-distraction.png", "distraction-colour.png", "highway.png", "returns.svg", "tables/returns.csv", "tables/claims.md"]) {
      expect(existsSync(path.join(figures, f)), f).toBe(true);
    }
    // the committed small-tier results were not touched
    expect(readFileSync(path.join(results, "returns", "random", "seed-0.json"), "utf8")).toMatch(/"tier": ?"smoke"/);
  });
});
