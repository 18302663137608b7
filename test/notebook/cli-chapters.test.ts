/**
 * The `reprorl` CLI end to end: chapter commands and interrupts (node bin/reprorl.js → dist/notebook/cli.js; `npm test`
 * builds dist first). Chapter commands run against a temporary project tree through
 * $REPRORL_PROJECT_ROOT, with the fixture chapter notebook standing in for `sac-ae`.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CodeCell, Notebook } from "../../src/notebook/nbformat.js";
import { BIN, fixture, lastLine, processList, project, reprorl, requireBuiltCli, tempDir } from "./helpers.js";


beforeAll(requireBuiltCli);

describe("reprorl CLI: chapters", () => {
  it("reproduce: default tier small, retrain false, executed notebook and figures under figures/<chapter>/", async () => {
    const root = project(true);
    const r = await reprorl(["reproduce", "sac-ae"], { REPRORL_PROJECT_ROOT: root });
    expect(r.code).toBe(0);
    const made = JSON.parse(readFileSync(path.join(root, "figures", "sac-ae", "made-by-notebook.txt"), "utf8"));
    expect(made).toEqual({ tier: "small", retrain: false, figuresOnly: false, note: "default" });
    const nb = JSON.parse(readFileSync(path.join(root, "figures", "sac-ae", "sac-ae.small.ipynb"), "utf8")) as Notebook;
    expect(((nb.cells[3] as CodeCell).outputs[0] as { text: string[] }).text.join("")).toBe("mode=from-stored-results\n");

    const again = await reprorl(["reproduce", "sac-ae", "--tier", "smoke", "--retrain"], { REPRORL_PROJECT_ROOT: root });
    expect(again.code).toBe(0);
    expect(existsSync(path.join(root, "figures", "sac-ae", "sac-ae.smoke.ipynb"))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(root, "figures", "sac-ae", "made-by-notebook.txt"), "utf8"))).toMatchObject({ tier: "smoke", retrain: true });

    const none = await reprorl(["reproduce", "drl-thesis/ch2-background"], { REPRORL_PROJECT_ROOT: root });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("chapter drl-thesis/ch2-background has no notebook yet");
  });

  it("figures: refuses without stored results; with them runs retrain=false, figuresOnly=true", async () => {
    const empty = project(false);
    const r1 = await reprorl(["figures", "sac-ae"], { REPRORL_PROJECT_ROOT: empty });
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain("no stored results for sac-ae in data/results/sac-ae/: run `reprorl reproduce sac-ae` first");
    expect(existsSync(path.join(empty, "figures", "sac-ae"))).toBe(false);

    const root = project(true);
    const r2 = await reprorl(["figures", "sac-ae"], { REPRORL_PROJECT_ROOT: root });
    expect(r2.code).toBe(0);
    const made = JSON.parse(readFileSync(path.join(root, "figures", "sac-ae", "made-by-notebook.txt"), "utf8"));
    expect(made).toEqual({ tier: "small", retrain: false, figuresOnly: true, note: "default" });
    expect(existsSync(path.join(root, "figures", "sac-ae", "sac-ae.small.figures.ipynb"))).toBe(true);
  });

  it("Ctrl-C (SIGINT) interrupts the running cell, shuts the kernel down and exits 130", async () => {
    const tmp = tempDir("reprorl-sigint-"); // the kernel's connection file lives here: a unique marker
    const child = spawn(process.execPath, [BIN, "run", fixture("slow.ipynb"), "--out", tempDir()], {
      env: { ...process.env, TMPDIR: tmp },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const deadline = Date.now() + 60_000;
    while (!stderr.includes("cell 2/3") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(processList()).toContain(tmp); // the kernel is running the busy loop
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(code).toBe(130);
    expect(lastLine(stderr)).toMatch(/^reprorl: .*slow\.ipynb: interrupted by the user at cell 2\/3/);
    expect(processList()).not.toContain(tmp);
  });
});
