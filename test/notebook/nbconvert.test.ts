/**
 * Every notebook in notebooks/ (and the parameter fixture) executes under
 * `jupyter nbconvert --to notebook --execute` with the kernelspec that
 * `reprorl kernel install` writes — Jupyter's own client, not ours.
 *
 * Chapter notebooks run at tier smoke: the parameters are injected exactly as the runner
 * does, and the notebook is fed on stdin with nbconvert's working directory set to the
 * notebook's folder (where Jupyter would run it), so nothing is written into notebooks/.
 * The kernelspec goes into a temporary prefix named by JUPYTER_PATH, so the test does not
 * depend on (or change) this machine's Jupyter setup. Without jupyter-nbconvert the tests
 * skip locally and FAIL under CI (which installs it).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { installKernelSpec, which } from "../../src/notebook/kernelspec.js";
import { readNotebook, serializeNotebook, type CodeCell, type Notebook } from "../../src/notebook/nbformat.js";
import { injectParameters, notebookParameters } from "../../src/notebook/parameters.js";
import { fixture, ROOT, runProcess, tempDir, writeCodeNotebook } from "./helpers.js";

const nbconvert = which("jupyter-nbconvert") ?? which("jupyter");
const available = nbconvert !== undefined && spawnSync(nbconvert, nbconvert.endsWith("jupyter") ? ["nbconvert", "--version"] : ["--version"]).status === 0;
if (!available && process.env["CI"]) {
  throw new Error("jupyter-nbconvert is not installed but CI is set: .ci/run must `apt-get install -y jupyter-nbconvert python3-ipykernel`");
}

function notebooksUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names.sort()) {
    if (n.startsWith(".")) continue;
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) out.push(...notebooksUnder(p));
    else if (n.endsWith(".ipynb")) out.push(p);
  }
  return out;
}

let jupyterPath: string | undefined;
function kernelPath(): string {
  if (jupyterPath === undefined) {
    const prefix = tempDir("reprorl-jupyter-");
    installKernelSpec({ prefix, log: () => {} });
    jupyterPath = path.join(prefix, "share", "jupyter");
  }
  return jupyterPath;
}

/** Executes `nb` (belonging to `file`'s folder) with nbconvert; returns the executed notebook. */
async function executeWithNbconvert(file: string, nb: Notebook, timeoutSeconds: number, outputRoot?: string): Promise<Notebook> {
  const args = [
    ...(nbconvert!.endsWith("jupyter") ? ["nbconvert"] : []),
    "--to",
    "notebook",
    "--execute",
    "--stdin",
    "--stdout",
    "--ExecutePreprocessor.kernel_name=tslab",
    `--ExecutePreprocessor.timeout=${timeoutSeconds}`,
  ];
  // Asynchronous on purpose: a spawnSync here blocks the vitest worker for the whole run.
  const r = await runProcess(nbconvert!, args, {
    cwd: path.dirname(file),
    input: serializeNotebook(nb),
    env: { ...process.env, JUPYTER_PATH: kernelPath(), ...(outputRoot ? { REPRORL_OUTPUT_ROOT: outputRoot } : {}) },
    timeoutMs: (timeoutSeconds + 120) * 1000,
  });
  if (r.code !== 0) {
    const tail = r.stderr.trim().split("\n").slice(-8).join("\n");
    throw new Error(`nbconvert failed on ${path.relative(ROOT, file)} (exit ${r.code}):\n${tail}`);
  }
  return JSON.parse(r.stdout) as Notebook;
}

function smoke(file: string): Notebook {
  const nb = readNotebook(file);
  const hasTier = notebookParameters(nb).some((d) => d.name === "tier");
  return injectParameters(nb, hasTier ? { tier: "smoke" } : {}, file);
}

describe.skipIf(!available)("jupyter nbconvert --execute with the installed tslab kernelspec", () => {
  it("runs the parameter fixture (injected values, display_data) in the notebook's folder", async () => {
    const file = fixture("params.ipynb");
    const nb = injectParameters(readNotebook(file), { tier: "smoke", seeds: 4 }, file);
    const out = await executeWithNbconvert(file, nb, 120);
    const cells = out.cells.filter((c): c is CodeCell => c.cell_type === "code");
    const text = (c: CodeCell): string =>
      c.outputs.filter((o) => o.output_type === "stream" && o.name === "stdout").map((o) => [(o as { text: string | string[] }).text].flat().join("")).join("");
    expect(text(cells[2]!)).toBe('{"tier":"smoke","seeds":4,"label":"default-label","scale":[1,2],"retrain":false}\n');
    const shown = cells[3]!.outputs.find((o) => o.output_type === "display_data") as { data: Record<string, string | string[]> };
    expect([shown.data["text/html"]].flat().join("")).toBe("<b>seeds=4</b>"); // nbformat may store it as lines
    expect(text(cells[5]!)).toContain(`cwd=${path.dirname(file)}\n`);
  });

  it("numbers the cells (execution_count 1, 2, 3) and keeps a cell's value as execute_result", async () => {
    const file = writeCodeNotebook(["const a: number = 6;", "a * 7", 'console.log("done")']);
    const out = await executeWithNbconvert(file, readNotebook(file), 120);
    const cells = out.cells.filter((c): c is CodeCell => c.cell_type === "code");
    expect(cells.map((c) => c.execution_count)).toEqual([1, 2, 3]);
    expect(cells[1]!.outputs).toEqual([{ output_type: "execute_result", execution_count: 2, data: { "text/plain": ["42"] }, metadata: {} }]); // nbformat stores text as lines
  });

  it("fails (non-zero exit) on a failing cell, so broken notebooks cannot pass", async () => {
    const file = fixture("failing.ipynb");
    await expect(executeWithNbconvert(file, readNotebook(file), 60)).rejects.toThrow(/nbconvert failed on .*failing\.ipynb/);
  });

  const chapterNotebooks = notebooksUnder(path.join(ROOT, "notebooks"));
  it.skipIf(chapterNotebooks.length === 0).each(chapterNotebooks.map((f) => [path.relative(ROOT, f), f]))(
    "%s executes at tier smoke",
    async (_name, file) => {
      // a fresh output root: smoke results another code version left in the shared temp folder
      // would (rightly) be refused by the strict store readers
      const root = mkdtempSync(path.join(os.tmpdir(), "reprorl-nbconvert-"));
      try {
        const out = await executeWithNbconvert(file, smoke(file), 900, root);
        const errors = out.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs.filter((o) => o.output_type === "error") : []));
        expect(errors).toEqual([]);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
    1_200_000,
  );
});
