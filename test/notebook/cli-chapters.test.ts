/**
 * The `reprorl` CLI end to end: chapter commands and interrupts (node bin/reprorl.js → dist/notebook/cli.js; `npm test`
 * builds dist first). Chapter commands run against a temporary project tree through
 * $REPRORL_PROJECT_ROOT, with the fixture chapter notebook standing in for `sac-ae`.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CodeCell, Notebook } from "../../src/notebook/nbformat.js";
import { BIN, fixture, lastLine, processList, project, reprorl, requireBuiltCli, ROOT, tempDir } from "./helpers.js";


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

  it("re-running from stored results gives a byte-identical executed notebook: stable ids, no timings, no absolute paths", async () => {
    const root = project(true);
    const git = (...args: string[]): string => execFileSync("git", args, { cwd: root, encoding: "utf8" });
    git("init", "-q");
    writeFileSync(path.join(root, ".gitignore"), readFileSync(path.join(ROOT, ".gitignore")));
    const file = path.join(root, "figures", "sac-ae", "sac-ae.small.ipynb");
    expect((await reprorl(["reproduce", "sac-ae"], { REPRORL_PROJECT_ROOT: root })).code).toBe(0);
    const first = readFileSync(file, "utf8");
    git("add", "-A");
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first run");
    const again = await reprorl(["reproduce", "sac-ae"], { REPRORL_PROJECT_ROOT: root });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/ETA/); // the timings for the ETA were found (in the git-ignored sidecar)
    expect(readFileSync(file, "utf8")).toBe(first);
    expect(git("status", "--porcelain", "--", "figures")).toBe("");
    expect(existsSync(path.join(root, "figures", "sac-ae", ".reprorl", "sac-ae.small.timings.json"))).toBe(true);
    // what the runner writes is stable: ids kept (or derived, not random), no timestamps or timings, paths relative
    const nb = JSON.parse(first) as Notebook;
    expect(nb.cells.slice(0, 4).map((c) => c.id)).toEqual(["c0", "c1", "injected-parameters", "c2"]);
    expect(nb.cells[4]!.id).toMatch(/^cell-4-[0-9a-f]{8}$/);
    expect(nb.metadata["reprorl"]).toEqual({ source: "../../notebooks/sac-ae.ipynb", parameters: { tier: "small", retrain: false }, status: "ok" });
    expect(first).not.toContain(root);
    expect(first).not.toContain(ROOT);
    expect(first).not.toMatch(/iopub|execute_reply|wall_seconds|\d{4}-\d\d-\d\dT\d\d:/);
    expect(((nb.cells[4] as CodeCell).outputs[0] as { text: string[] }).text.join("")).toBe(
      "exported 1 file under figures/sac-ae; results in data/results\n",
    );
  });

  it("a failed run's partial notebook goes to the git-ignored .reprorl/ folder", async () => {
    const root = project(true);
    const nbFile = path.join(root, "notebooks", "sac-ae.ipynb");
    const src = JSON.parse(readFileSync(nbFile, "utf8")) as Notebook;
    src.cells.push({ cell_type: "code", id: "boom", metadata: {}, execution_count: null, outputs: [], source: 'throw new RangeError("boom");' });
    writeFileSync(nbFile, JSON.stringify(src));
    const r = await reprorl(["reproduce", "sac-ae"], { REPRORL_PROJECT_ROOT: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`partial notebook: `);
    const partial = path.join(root, "figures", "sac-ae", ".reprorl", "sac-ae.small.failed.ipynb");
    expect(existsSync(partial)).toBe(true);
    expect(existsSync(path.join(root, "figures", "sac-ae", "sac-ae.small.failed.ipynb"))).toBe(false);
    expect(readFileSync(partial, "utf8")).not.toContain(root);
    execFileSync("git", ["init", "-q"], { cwd: root });
    writeFileSync(path.join(root, ".gitignore"), readFileSync(path.join(ROOT, ".gitignore")));
    expect(execFileSync("git", ["status", "--porcelain", "--untracked-files=all", "--", "figures"], { cwd: root, encoding: "utf8" })).not.toMatch(/failed|\.reprorl/);
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
