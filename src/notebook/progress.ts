/**
 * Progress lines for a notebook run (cell i/N, elapsed, ETA) and the per-cell timings
 * that make the ETA: each run stores its cells' wall seconds (keyed by a hash of the cell
 * source) in a git-ignored sidecar, `<output folder>/.reprorl/<name>.timings.json`, not in
 * the executed notebook (so a committed notebook does not change on every re-run), and
 * the next run to the same output path reads them back. Older executed notebooks kept
 * them in `metadata.reprorl.cells`; that is read when there is no sidecar.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

/** Git-ignored folder beside an executed notebook for per-run files (timings, failed partial notebooks). */
export const RUN_DIR = ".reprorl";

/** `<folder of output>/.reprorl/<output name without .ipynb><suffix>`. */
export function runFile(output: string, suffix: string): string {
  return path.join(path.dirname(output), RUN_DIR, path.basename(output).replace(/\.ipynb$/, "") + suffix);
}

/** Sidecar with the per-cell timings of the last run to `output`. */
export function timingsPath(output: string): string {
  return runFile(output, ".timings.json");
}

export interface CellTiming {
  /** sha1 of the cell source (first 12 hex digits). */
  sha: string;
  seconds: number;
}

export function sourceHash(source: string): string {
  return createHash("sha1").update(source).digest("hex").slice(0, 12);
}

function readCells(file: string, pick: (json: unknown) => unknown): CellTiming[] | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const cells = pick(JSON.parse(readFileSync(file, "utf8")));
    if (!Array.isArray(cells)) return undefined;
    return cells.filter(
      (c): c is CellTiming =>
        typeof c === "object" && c !== null && typeof (c as CellTiming).sha === "string" && typeof (c as CellTiming).seconds === "number",
    );
  } catch {
    return undefined;
  }
}

/**
 * Timings of the previous run to an executed-notebook path: from its sidecar
 * ({@link timingsPath}), else from the notebook's own metadata (older runs), else [].
 */
export function previousTimings(executedNotebook: string): CellTiming[] {
  return (
    readCells(timingsPath(executedNotebook), (j) => (j as { cells?: unknown } | null)?.cells) ??
    readCells(executedNotebook, (j) => (j as { metadata?: { reprorl?: { cells?: unknown } } } | null)?.metadata?.reprorl?.cells) ??
    []
  );
}

/**
 * Estimates seconds left: the previous run's time for each remaining cell, matched by
 * source hash. Undefined when no remaining cell has a previous time.
 */
export function estimateRemaining(previous: readonly CellTiming[], remainingShas: readonly string[]): number | undefined {
  if (previous.length === 0) return undefined;
  const bySha = new Map<string, number>();
  for (const t of previous) bySha.set(t.sha, t.seconds);
  let total = 0;
  let known = 0;
  for (const sha of remainingShas) {
    const s = bySha.get(sha);
    if (s !== undefined) {
      total += s;
      known++;
    }
  }
  return known === 0 && remainingShas.length > 0 ? undefined : total;
}

/** "42s", "3:07", "1:02:03". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

export interface CellProgress {
  /** "start" before a cell runs, "running" periodically during a long cell, "end" after it. */
  phase: "start" | "running" | "end";
  label: string;
  /** 1-based index of the cell in the executed notebook, and the number of cells. */
  index: number;
  total: number;
  elapsedSeconds: number;
  etaSeconds: number | undefined;
  /** On "running": seconds this cell has run so far; on "end": the cell's wall time. */
  cellSeconds?: number;
  status?: string;
}

export type ProgressSink = (p: CellProgress) => void;

/** Writes one line per cell start and end to stderr (works in terminals and CI logs alike). */
export function stderrProgress(p: CellProgress): void {
  const eta = p.etaSeconds === undefined ? "" : ` · ETA ${formatDuration(p.etaSeconds)}`;
  if (p.phase === "start") {
    process.stderr.write(`[${p.label}] cell ${p.index}/${p.total} · ${formatDuration(p.elapsedSeconds)} elapsed${eta}\n`);
  } else if (p.phase === "running") {
    process.stderr.write(`[${p.label}] cell ${p.index}/${p.total} running for ${formatDuration(p.cellSeconds ?? 0)} · ${formatDuration(p.elapsedSeconds)} elapsed${eta}\n`);
  } else if ((p.cellSeconds ?? 0) >= 1 || p.status !== "ok") {
    process.stderr.write(`[${p.label}] cell ${p.index}/${p.total} ${p.status ?? "done"} in ${(p.cellSeconds ?? 0).toFixed(1)}s\n`);
  }
}

export const silentProgress: ProgressSink = () => {};
