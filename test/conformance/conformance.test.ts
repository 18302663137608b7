/**
 * Jupyter's kernel conformance suite (`jupyter_kernel_test`, Debian python3-jupyter-kernel-test,
 * installed by .ci/run) against the reprorl kernel, through jupyter_client as Jupyter itself
 * starts kernels: a private kernelspec in a temp JUPYTER_PATH, argv = {@link kernelSpec}.
 * Every check must pass; only the two for features the kernel does not have (IPython's pager
 * payload, clear_output) may be skipped. Fails in CI when the suite is not installed;
 * skipped locally with a message.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { kernelMainPath } from "../../src/notebook/kernel.js";
import { kernelSpec, pythonCandidates } from "../../src/notebook/kernelspec.js";
import { tempDir } from "../notebook/helpers.js";

const IN_CI = Boolean(process.env.CI);
const SUITE = path.join(__dirname, "test_kernel.py");
/** Checks for features the kernel does not offer; jupyter_kernel_test skips them without a sample. */
const UNSUPPORTED = ["test_clear_output", "test_pager"];

function suitePython(): string | undefined {
  return pythonCandidates().find(
    (p) => existsSync(p) && spawnSync(p, ["-c", "import jupyter_kernel_test"], { stdio: "ignore", timeout: 30_000 }).status === 0,
  );
}

describe("jupyter_kernel_test conformance", () => {
  const python = suitePython();
  const run = python || IN_CI ? it : it.skip;
  if (!python && !IN_CI) console.warn("skipping the kernel conformance suite: no Python with jupyter_kernel_test (apt-get install python3-jupyter-kernel-test)");

  run("the reprorl kernel passes every check of the suite", () => {
    if (!python) throw new Error(`CI=${process.env.CI} but no Python can import jupyter_kernel_test (.ci/run installs python3-jupyter-kernel-test)`);
    expect(existsSync(kernelMainPath()), "dist/ is built (npm test builds it)").toBe(true);
    const dir = tempDir("reprorl-conformance-");
    const specDir = path.join(dir, "jupyter", "kernels", "reprorl-conformance");
    mkdirSync(specDir, { recursive: true });
    writeFileSync(path.join(specDir, "kernel.json"), JSON.stringify(kernelSpec()));
    const r = spawnSync(python, [SUITE, "-v"], {
      cwd: dir,
      env: { ...process.env, JUPYTER_PATH: path.join(dir, "jupyter"), REPRORL_KERNEL_NAME: "reprorl-conformance", PYDEVD_DISABLE_FILE_VALIDATION: "1" },
      encoding: "utf8",
      timeout: 240_000,
    });
    const log = `${r.stdout}${r.stderr}`;
    const results = new Map([...log.matchAll(/^(test_\w+) \(.*\) \.\.\. (ok|FAIL|ERROR|skipped.*)$/gm)].map((m) => [m[1]!, m[2]!.split(" ")[0]!]));
    expect(r.status, log).toBe(0);
    expect([...results.entries()].filter(([, v]) => v !== "ok" && v !== "skipped"), log).toEqual([]);
    expect([...results.entries()].filter(([, v]) => v === "skipped").map(([k]) => k).sort()).toEqual(UNSUPPORTED);
    expect(results.size).toBe(12);
  });
});
