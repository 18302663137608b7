/**
 * Registers the tslab kernel with Jupyter (`reprorl kernel install`).
 *
 * The kernelspec runs OUR node_modules/tslab by absolute path with the current Node
 * binary, so it does not depend on a global tslab. It is installed through
 * jupyter_client's KernelSpecManager of a Python that can `import jupyter_client` — not
 * necessarily the `python3` on PATH (tslab#34: here `python3` is a pyenv 3.11 without
 * Jupyter while Debian's jupyter runs /usr/bin/python3). Candidates, in order:
 * `--python`, $REPRORL_JUPYTER_PYTHON, the shebang interpreter of `jupyter` (and of
 * jupyter-nbconvert / -notebook / -lab) on PATH, /usr/bin/python3, python3, python.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import * as path from "node:path";
import { ReproError } from "../core/errors.js";
import { defaultKernelCommand, resolveTslabDir } from "./kernel.js";

export const KERNEL_NAME = "tslab";

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  metadata?: Record<string, unknown>;
}

/** kernel.json content: node + our tslab by absolute path. */
export function kernelSpec(tslabDir = resolveTslabDir()): KernelSpec {
  return {
    argv: defaultKernelCommand(tslabDir),
    display_name: "TypeScript",
    language: "typescript",
    metadata: { reprorl: { tslab: tslabDir } },
  };
}

/** Executable `name` on PATH, or undefined. */
export function which(name: string, envPath = process.env["PATH"] ?? ""): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (dir === "") continue;
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** The interpreter named in a script's `#!` line (resolving `/usr/bin/env prog`), or undefined. */
export function shebangInterpreter(script: string, envPath?: string): string | undefined {
  let first: string;
  try {
    first = readFileSync(script, "utf8").split("\n", 1)[0] ?? "";
  } catch {
    return undefined;
  }
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
  if (!m) return undefined;
  if (path.basename(m[1]!) === "env" && m[2] !== undefined) return which(m[2], envPath) ?? m[2];
  return m[1];
}

function canImportJupyterClient(python: string): boolean {
  const r = spawnSync(python, ["-c", "import jupyter_client"], { stdio: "ignore", timeout: 30_000 });
  return r.status === 0;
}

/** Python interpreters to try, in order (duplicates removed). */
export function pythonCandidates(envPath?: string): string[] {
  const list: string[] = [];
  const fromEnv = process.env["REPRORL_JUPYTER_PYTHON"];
  if (fromEnv) list.push(fromEnv);
  for (const tool of ["jupyter", "jupyter-nbconvert", "jupyter-notebook", "jupyter-lab"]) {
    const exe = which(tool, envPath);
    const py = exe === undefined ? undefined : shebangInterpreter(exe, envPath);
    if (py !== undefined) list.push(py);
  }
  list.push("/usr/bin/python3");
  for (const name of ["python3", "python"]) {
    const p = which(name, envPath);
    if (p !== undefined) list.push(p);
  }
  return [...new Set(list)];
}

/** The first candidate Python that can import jupyter_client, or undefined. */
export function findJupyterPython(explicit?: string, candidates: readonly string[] = pythonCandidates()): string | undefined {
  if (explicit !== undefined) {
    if (!canImportJupyterClient(explicit)) {
      throw new ReproError(`${explicit} cannot \`import jupyter_client\`: pass --python=<the python that runs Jupyter> (see the first line of \`which jupyter\`)`);
    }
    return explicit;
  }
  return candidates.find((p) => existsSync(p) && canImportJupyterClient(p));
}

export interface InstallOptions {
  /** Python with jupyter_client (default: found automatically). */
  python?: string;
  /** Install into `<prefix>/share/jupyter/kernels` instead of the per-user folder. */
  prefix?: string;
  /** Kernel name (default "tslab", the name notebooks' metadata use). */
  name?: string;
  /** Pythons to try when `python` is not given (default {@link pythonCandidates}). */
  candidates?: readonly string[];
  log?: (line: string) => void;
}

export interface InstallResult {
  /** Folder holding the installed kernel.json. */
  dir: string;
  /** The Python used, or undefined if the kernelspec was written directly. */
  python: string | undefined;
  spec: KernelSpec;
}

/** Jupyter's per-user data folder on Linux/macOS ($JUPYTER_DATA_DIR or ~/.local/share/jupyter). */
function userDataDir(): string {
  return process.env["JUPYTER_DATA_DIR"] ?? path.join(homedir(), ".local", "share", "jupyter");
}

/**
 * Installs the kernelspec. With a Jupyter Python: through KernelSpecManager (per-user,
 * or under `prefix`). Without one: writes kernel.json into the per-user (or prefix)
 * folder directly, where Jupyter looks once it is installed.
 */
export function installKernelSpec(opts: InstallOptions = {}): InstallResult {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + "\n"));
  const name = opts.name ?? KERNEL_NAME;
  const spec = kernelSpec();
  const candidates = opts.candidates ?? pythonCandidates();
  const python = findJupyterPython(opts.python, candidates);
  const staging = mkdtempSync(path.join(tmpdir(), "reprorl-kernelspec-"));
  try {
    const specDir = path.join(staging, name);
    mkdirSync(specDir);
    writeFileSync(path.join(specDir, "kernel.json"), JSON.stringify(spec, null, 1) + "\n");
    if (python === undefined) {
      const base = opts.prefix !== undefined ? path.join(opts.prefix, "share", "jupyter") : userDataDir();
      const dir = path.join(base, "kernels", name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(spec, null, 1) + "\n");
      log(`no Python with jupyter_client found (tried ${candidates.join(", ") || "none"}); wrote ${dir}/kernel.json directly`);
      return { dir, python, spec };
    }
    const code = [
      "import sys",
      "from jupyter_client.kernelspec import KernelSpecManager",
      "prefix = sys.argv[3] or None",
      "print(KernelSpecManager().install_kernel_spec(sys.argv[1], sys.argv[2], user=prefix is None, prefix=prefix, replace=True))",
    ].join("\n");
    const r = spawnSync(python, ["-c", code, specDir, name, opts.prefix ?? ""], { encoding: "utf8", timeout: 60_000 });
    if (r.status !== 0) {
      const why = (r.stderr || r.error?.message || "").trim().split("\n").pop();
      throw new ReproError(`installing the tslab kernelspec with ${python} failed: ${why}`);
    }
    const dir = r.stdout.trim().split("\n").pop() ?? "";
    log(`installed kernelspec "${name}" in ${dir} (via ${python}); it runs ${spec.argv.slice(0, 2).join(" ")}`);
    return { dir, python, spec };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
