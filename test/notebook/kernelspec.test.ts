import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { findJupyterPython, installKernelSpec, kernelSpec, pythonCandidates, shebangInterpreter, which } from "../../src/notebook/kernelspec.js";
import { ROOT, tempDir } from "./helpers.js";

function script(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  chmodSync(file, 0o755);
  return file;
}

describe("kernelspec", () => {
  it("runs the reprorl kernel (dist/notebook/tskernel/main.js) by absolute path with this Node", () => {
    const spec = kernelSpec();
    expect(spec.argv).toEqual([process.execPath, path.join(ROOT, "dist", "notebook", "tskernel", "main.js"), "--config-path", "{connection_file}"]);
    expect(spec.language).toBe("typescript");
  });

  it("finds the Python that runs Jupyter from the `jupyter` script's shebang, ahead of python3 on PATH", () => {
    const bin = tempDir("reprorl-bin-");
    const jupyter = script(bin, "jupyter", "#!/opt/debian/python3\nimport sys\n");
    expect(shebangInterpreter(jupyter)).toBe("/opt/debian/python3");
    const envBin = tempDir("reprorl-bin-");
    script(envBin, "mypython", "#!/bin/sh\n");
    const viaEnv = script(bin, "jupyter-nbconvert", "#!/usr/bin/env mypython\n");
    expect(shebangInterpreter(viaEnv, `${envBin}`)).toBe(path.join(envBin, "mypython"));
    script(bin, "python3", "#!/bin/sh\n"); // a pyenv-like shim on PATH
    const order = pythonCandidates(`${bin}${path.delimiter}${envBin}`);
    expect(order.indexOf("/opt/debian/python3")).toBeLessThan(order.indexOf(path.join(bin, "python3")));
    expect(order.indexOf(path.join(envBin, "mypython"))).toBeLessThan(order.indexOf("/usr/bin/python3"));
    expect(which("jupyter", bin)).toBe(jupyter);
    expect(which("nope", bin)).toBeUndefined();
  });

  it("an explicit --python without jupyter_client is a one-line error", () => {
    const bin = tempDir("reprorl-bin-");
    const fake = script(bin, "python-without-jupyter", "#!/bin/sh\nexit 1\n");
    expect(() => findJupyterPython(fake)).toThrow(/cannot `import jupyter_client`: pass --python=/);
  });

  const jupyterPython = findJupyterPython();
  it.skipIf(jupyterPython === undefined)("installs into a prefix through jupyter_client, where Jupyter finds it", () => {
    const prefix = tempDir("reprorl-prefix-");
    const res = installKernelSpec({ prefix, log: () => {} });
    const dir = path.join(prefix, "share", "jupyter", "kernels", "tslab");
    expect(res.dir).toBe(dir);
    expect(JSON.parse(readFileSync(path.join(dir, "kernel.json"), "utf8")).argv).toEqual(kernelSpec().argv);
    // installing again replaces it (idempotent)
    installKernelSpec({ prefix, log: () => {} });
    expect(existsSync(path.join(dir, "kernel.json"))).toBe(true);
  });

  it("without any Jupyter Python, writes kernel.json directly into the prefix", () => {
    const prefix = tempDir("reprorl-prefix-");
    const bin = tempDir("reprorl-bin-");
    const fake = script(bin, "python3", "#!/bin/sh\nexit 1\n");
    const lines: string[] = [];
    const res = installKernelSpec({ prefix, candidates: [fake, "/nonexistent/python3"], log: (l) => lines.push(l) });
    expect(res.python).toBeUndefined();
    const file = path.join(prefix, "share", "jupyter", "kernels", "tslab", "kernel.json");
    expect(JSON.parse(readFileSync(file, "utf8")).argv).toEqual(kernelSpec().argv);
    expect(lines).toEqual([`no Python with jupyter_client found (tried ${fake}, /nonexistent/python3); wrote ${path.dirname(file)}/kernel.json directly`]);
  });
});
