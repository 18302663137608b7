/**
 * Headless notebook execution on the tslab kernel: read → inject parameters → start the
 * kernel in the notebook's folder → run code cells in order (stop on the first error,
 * per-cell timeout) → write the executed notebook atomically with all outputs and the
 * run's parameters and status in `metadata.reprorl`.
 *
 * Re-running gives the same file when the cells print the same: cell ids are kept (or
 * derived from index and source, never random), there are no per-run timestamps or
 * timings in it (they go to the git-ignored sidecar `.reprorl/<name>.timings.json`
 * beside it, which feeds the next run's ETA), and with `relativeTo` absolute paths of
 * this machine in outputs/metadata are written relative to those roots.
 *
 * On failure the partial notebook goes to `.reprorl/<name>.failed.ipynb` beside the
 * output (git-ignored; a good earlier output stays untouched) and a one-line ReproError
 * names the notebook, the cell and the error.
 */
import { existsSync, rmSync } from "node:fs";
import * as path from "node:path";
import { ReproError } from "../core/errors.js";
import { KernelClient, describeExit, type ExecuteOutcome } from "./kernel.js";
import {
  ensureCellIds,
  joinSource,
  readNotebook,
  relativizeDeep,
  tagsOf,
  writeFileAtomic,
  writeNotebook,
  type CodeCell,
  type ErrorOutput,
  type Notebook,
} from "./nbformat.js";
import { CellOutputs, DisplayRegistry, errorFromStderr } from "./outputs.js";
import { INJECTED_TAG, injectParameters } from "./parameters.js";
import { estimateRemaining, previousTimings, runFile, sourceHash, stderrProgress, timingsPath, type CellTiming, type ProgressSink } from "./progress.js";

export interface RunOptions {
  /** The .ipynb to execute. */
  input: string;
  /** Where to write the executed notebook. */
  output: string;
  /** Parameter values (names must be declared in the `parameters` cell). */
  params?: Readonly<Record<string, unknown>>;
  /** Per-cell time limit in seconds (0/undefined = none). */
  cellTimeoutSeconds?: number;
  /** Kernel startup limit in seconds (default 120). */
  startupTimeoutSeconds?: number;
  /** Kernel argv with "{connection_file}" (default: our node_modules/tslab). */
  kernelCommand?: readonly string[];
  /** Kernel working directory (default: the input notebook's folder). */
  cwd?: string;
  /** Extra environment for the kernel. */
  env?: Record<string, string>;
  /** Progress callback (default: lines on stderr). */
  progress?: ProgressSink;
  /** Seconds between "still running" progress events during a long cell (default 60; 0 = never). */
  heartbeatSeconds?: number;
  /** Echo cell stdout/stderr live to this process's stderr. */
  echoOutput?: boolean;
  /** Name shown in progress lines and errors (default: the input path). */
  label?: string;
  /** Aborting interrupts the running cell and fails the run. */
  signal?: AbortSignal;
  /** Called once the kernel answered, with its process id (tests check it is gone afterwards). */
  onKernelStart?: (pid: number | undefined) => void;
  /**
   * Absolute folders (e.g. the project root) whose paths in cell outputs and notebook
   * metadata are written relative to them ("<root>/data/results" → "data/results"), so the
   * executed notebook holds no paths of the machine that ran it.
   */
  relativeTo?: readonly string[];
}

export interface RunResult {
  output: string;
  wallSeconds: number;
  /** Per executed-notebook cell: seconds, or null for cells that were not run. */
  cellSeconds: (number | null)[];
  notebook: Notebook;
}

/** Path for the partial notebook of a failed run: `.reprorl/<name>.failed.ipynb` beside the output (git-ignored). */
export function failedPath(output: string): string {
  return runFile(output, ".failed.ipynb");
}

/** Where earlier versions wrote the partial notebook (removed after a good run). */
function legacyFailedPath(output: string): string {
  return output.replace(/(\.ipynb)?$/, ".failed.ipynb");
}

function kernelspecMetadata(nb: Notebook, kernelInfo: Record<string, unknown>): void {
  nb.metadata["kernelspec"] = { name: "tslab", display_name: "TypeScript", language: "typescript" };
  const li = kernelInfo["language_info"];
  if (typeof li === "object" && li !== null) nb.metadata["language_info"] = li;
}

/**
 * tslab 1.0.22 rewrites references to names from earlier cells, but not shorthand
 * properties: `{ tier }` then throws "ReferenceError: tier is not defined" although it
 * type-checks. Returns a hint when that is the likely cause.
 */
export function shorthandHint(error: { ename: string; evalue: string }, code: string): string | undefined {
  const m = /^([A-Za-z_$][\w$]*) is not defined$/.exec(error.evalue);
  if (error.ename !== "ReferenceError" || !m) return undefined;
  const name = m[1]!.replace(/[$]/g, "\\$");
  if (!new RegExp(`[{,]\\s*${name}\\s*[,}]`).test(code)) return undefined;
  return `tslab cannot resolve the shorthand property { ${m[1]} } for a name from another cell: write { ${m[1]}: ${m[1]} }`;
}

function cellLabel(index: number, total: number, cell: CodeCell): string {
  return `cell ${index}/${total}${tagsOf(cell).includes(INJECTED_TAG) ? " (injected-parameters)" : ""}`;
}

export async function runNotebook(opts: RunOptions): Promise<RunResult> {
  const input = path.resolve(opts.input);
  const output = path.resolve(opts.output);
  const label = opts.label ?? opts.input;
  if (!existsSync(input)) {
    throw new ReproError(`notebook ${opts.input} not found: give a path to an .ipynb file or a chapter id (see \`reprorl list\`)`);
  }
  // Everything that can be checked without a kernel is checked first.
  const source = readNotebook(input);
  const nb = injectParameters(source, opts.params ?? {}, opts.input);
  ensureCellIds(nb);
  for (const cell of nb.cells) {
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
      delete cell.metadata["execution"];
    }
  }
  const progress = opts.progress ?? stderrProgress;
  const previous: CellTiming[] = previousTimings(output);
  const total = nb.cells.length;
  const shas = nb.cells.map((c) => sourceHash(joinSource(c.source)));
  const cellSeconds: (number | null)[] = nb.cells.map(() => null);
  const started = new Date();
  const elapsed = (): number => (Date.now() - started.getTime()) / 1000;
  const displays = new DisplayRegistry();

  const roots = opts.relativeTo ?? [];
  /** Sets metadata.reprorl (no timings) and writes the notebook with paths made relative. */
  const save = (file: string, status: string, error?: { cell: number; ename: string; evalue: string }): void => {
    nb.metadata["reprorl"] = {
      source: path.relative(path.dirname(output), input) || path.basename(input),
      parameters: opts.params ?? {},
      status,
      ...(error ? { error } : {}),
    };
    const clean: Notebook = {
      ...nb,
      metadata: relativizeDeep(nb.metadata, roots),
      cells: nb.cells.map((c) => (c.cell_type === "code" ? { ...c, outputs: relativizeDeep(c.outputs, roots) } : c)),
    };
    writeNotebook(file, clean);
  };
  /** The run's timings go to the git-ignored sidecar that the next run's ETA reads. */
  const saveTimings = (status: string): void => {
    const timings = {
      output: path.basename(output),
      status,
      started: started.toISOString(),
      ended: new Date().toISOString(),
      wall_seconds: Number(elapsed().toFixed(3)),
      cells: nb.cells
        .map((_, i) => ({ sha: shas[i]!, seconds: cellSeconds[i] }))
        .filter((c): c is CellTiming => c.seconds !== null),
    };
    writeFileAtomic(timingsPath(output), JSON.stringify(timings, null, 1) + "\n");
  };
  const fail = (message: string, error: { cell: number; ename: string; evalue: string }): never => {
    const partial = failedPath(output);
    save(partial, "failed", error);
    throw new ReproError(`${message} (partial notebook: ${path.relative(process.cwd(), partial) || partial})`);
  };

  const kernel = await KernelClient.start({
    cwd: opts.cwd ?? path.dirname(input),
    command: opts.kernelCommand,
    // Outputs that link to files (figure pages, the plotly bundle) are written relative to the executed copy's folder.
    env: { REPRORL_NOTEBOOK: input, REPRORL_OUTPUT_DIR: path.dirname(path.resolve(output)), ...opts.env },
    startupTimeoutMs: (opts.startupTimeoutSeconds ?? 120) * 1000,
  });
  opts.onKernelStart?.(kernel.pid);
  const onAbort = (): void => kernel.abort();
  opts.signal?.addEventListener("abort", onAbort);
  try {
    kernelspecMetadata(nb, kernel.kernelInfo);
    for (let i = 0; i < total; i++) {
      const cell = nb.cells[i]!;
      if (cell.cell_type !== "code") continue;
      const code = joinSource(cell.source);
      if (code.trim() === "") continue;
      if (opts.signal?.aborted) fail(`${label}: interrupted before cell ${i + 1}/${total}`, { cell: i + 1, ename: "Interrupted", evalue: "" });
      const remaining = shas.slice(i).filter((_, k) => nb.cells[i + k]!.cell_type === "code");
      const eta = estimateRemaining(previous, remaining);
      progress({ phase: "start", label, index: i + 1, total, elapsedSeconds: elapsed(), etaSeconds: eta });
      const outputs = new CellOutputs(displays);
      const cellStart = Date.now();
      const beatMs = (opts.heartbeatSeconds ?? 60) * 1000;
      const heartbeat =
        beatMs > 0
          ? setInterval(() => {
              const ran = (Date.now() - cellStart) / 1000;
              const left = eta === undefined ? undefined : Math.max(0, eta - ran);
              progress({ phase: "running", label, index: i + 1, total, elapsedSeconds: elapsed(), etaSeconds: left, cellSeconds: ran });
            }, beatMs)
          : undefined;
      let outcome: ExecuteOutcome;
      try {
        outcome = await kernel.execute(code, {
          timeoutMs: (opts.cellTimeoutSeconds ?? 0) * 1000,
          onMessage: (msg) => {
            outputs.add(msg);
            if (opts.echoOutput && msg.header.msg_type === "stream") process.stderr.write(String(msg.content["text"] ?? ""));
          },
        });
      } finally {
        if (heartbeat !== undefined) clearInterval(heartbeat);
      }
      const seconds = (outcome.endedAt.getTime() - outcome.startedAt.getTime()) / 1000;
      cellSeconds[i] = Number(seconds.toFixed(3));
      cell.execution_count = outcome.executionCount;
      let error: ErrorOutput | undefined;
      if (outcome.status === "timeout") {
        error = {
          output_type: "error",
          ename: "TimeoutError",
          evalue: `cell did not finish within the ${opts.cellTimeoutSeconds} s per-cell time limit and was interrupted`,
          traceback: [],
        };
        outputs.addErrorIfMissing(error);
      } else if (outcome.status === "died") {
        error = {
          output_type: "error",
          ename: "KernelDied",
          evalue: `the kernel process ended while running this cell (${describeExit(outcome.exit)})`,
          traceback: [],
        };
        outputs.addErrorIfMissing(error);
      } else if (outcome.status !== "ok") {
        const r = outcome.reply ?? {};
        error =
          outputs.error() ??
          (typeof r["ename"] === "string" && r["ename"] !== ""
            ? { output_type: "error", ename: r["ename"], evalue: String(r["evalue"] ?? ""), traceback: [] }
            : errorFromStderr(outputs.stderrText()));
        outputs.addErrorIfMissing(error);
      }
      cell.outputs = outputs.finish();
      progress({
        phase: "end",
        label,
        index: i + 1,
        total,
        elapsedSeconds: elapsed(),
        etaSeconds: undefined,
        cellSeconds: seconds,
        status: outcome.status,
      });
      if (opts.signal?.aborted) {
        fail(`${label}: interrupted by the user at ${cellLabel(i + 1, total, cell)}`, { cell: i + 1, ename: "Interrupted", evalue: "" });
      }
      if (error !== undefined) {
        const hint = shorthandHint(error, code);
        fail(`${label} failed at ${cellLabel(i + 1, total, cell)}: ${error.ename}: ${error.evalue}${hint ? ` (${hint})` : ""}`, {
          cell: i + 1,
          ename: error.ename,
          evalue: error.evalue,
        });
      }
    }
    save(output, "ok");
    saveTimings("ok");
    rmSync(failedPath(output), { force: true });
    rmSync(legacyFailedPath(output), { force: true });
    return { output, wallSeconds: elapsed(), cellSeconds, notebook: nb };
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    await kernel.shutdown();
  }
}
