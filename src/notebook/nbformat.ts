/**
 * The subset of nbformat 4 (https://nbformat.readthedocs.io/en/latest/format_description.html)
 * the runner reads and writes, with load/validate and atomic save.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { ReproError } from "../core/errors.js";
import { writeFileAtomic } from "../analysis/results/atomic.js";

/** Multiline text: nbformat allows a string or a list of lines (each keeping its "\n"). */
export type MultilineString = string | string[];

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: MultilineString;
}
export interface DisplayDataOutput {
  output_type: "display_data";
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}
export interface ExecuteResultOutput {
  output_type: "execute_result";
  execution_count: number | null;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export interface CodeCell {
  cell_type: "code";
  id?: string;
  source: MultilineString;
  metadata: Record<string, unknown> & { tags?: string[] };
  execution_count: number | null;
  outputs: Output[];
}
export interface OtherCell {
  cell_type: "markdown" | "raw";
  id?: string;
  source: MultilineString;
  metadata: Record<string, unknown> & { tags?: string[] };
  attachments?: Record<string, unknown>;
}
export type Cell = CodeCell | OtherCell;

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

/** Joins nbformat multiline text into one string. */
export function joinSource(src: MultilineString): string {
  return Array.isArray(src) ? src.join("") : src;
}

/** Splits text into nbformat lines, each keeping its trailing "\n" (as Jupyter writes them). */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const parts = text.split(/(?<=\n)/);
  return parts;
}

/**
 * A deterministic nbformat 4.5 cell id for a cell that has none: its index and a hash of
 * its source ("cell-3-1afed15e"), so re-running a notebook gives the same ids (never random).
 */
export function derivedCellId(index: number, source: string): string {
  return `cell-${index}-${createHash("sha1").update(source).digest("hex").slice(0, 8)}`;
}

/**
 * Gives every cell an id (keeping the ones it has; a missing, malformed or duplicate id
 * becomes {@link derivedCellId}) and marks the notebook nbformat 4.5, which has ids.
 */
export function ensureCellIds(nb: Notebook): void {
  const seen = new Set<string>();
  nb.cells.forEach((cell, i) => {
    let id = cell.id;
    if (typeof id !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(id) || seen.has(id)) {
      id = derivedCellId(i, joinSource(cell.source));
      for (let k = 2; seen.has(id); k++) id = `${derivedCellId(i, joinSource(cell.source))}-${k}`;
    }
    cell.id = id;
    seen.add(id);
  });
  if (nb.nbformat_minor < 5) nb.nbformat_minor = 5;
}

/**
 * Replaces absolute folder paths (e.g. the project root) in a text by relative ones:
 * "<root>/data/results" → "data/results", "<root>" alone → ".". Longer roots go first.
 */
export function relativizePaths(text: string, roots: readonly string[]): string {
  let out = text;
  for (const root of [...roots].filter((r) => r.length > 1).sort((a, b) => b.length - a.length)) {
    const base = root.replace(/[\\/]+$/, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    out = out.replace(new RegExp(`(?<![\\w./-])${base}[\\\\/]`, "g"), "");
    out = out.replace(new RegExp(`(?<![\\w./-])${base}(?![\\w-]|\\.\\w)`, "g"), ".");
  }
  return out;
}

/** Applies {@link relativizePaths} to every string inside a JSON-like value (outputs, metadata). */
export function relativizeDeep<T>(value: T, roots: readonly string[]): T {
  if (typeof value === "string") return relativizePaths(value, roots) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => relativizeDeep(v, roots)) as T;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = relativizeDeep(v, roots);
    return out as T;
  }
  return value;
}

export function tagsOf(cell: Cell): string[] {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

/** Parses and checks a notebook JSON text; `where` names the file in errors. */
export function parseNotebook(text: string, where: string): Notebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ReproError(`${where} is not valid JSON (${(err as Error).message}): is it a .ipynb notebook?`);
  }
  const nb = raw as Partial<Notebook>;
  if (typeof nb !== "object" || nb === null || !Array.isArray(nb.cells)) {
    throw new ReproError(`${where} is not a Jupyter notebook (no "cells" list)`);
  }
  if (nb.nbformat !== 4) {
    throw new ReproError(`${where} has nbformat ${String(nb.nbformat)}; only nbformat 4 is supported (re-save it in Jupyter)`);
  }
  nb.cells.forEach((cell, i) => {
    const c = cell as Partial<Cell>;
    if (c.cell_type !== "code" && c.cell_type !== "markdown" && c.cell_type !== "raw") {
      throw new ReproError(`${where}: cell ${i + 1} has unknown cell_type ${JSON.stringify(c.cell_type)}`);
    }
    if (typeof c.source !== "string" && !Array.isArray(c.source)) {
      throw new ReproError(`${where}: cell ${i + 1} has no source`);
    }
    if (c.metadata === undefined || typeof c.metadata !== "object") c.metadata = {};
    if (c.cell_type === "code") {
      const cc = c as CodeCell;
      if (!Array.isArray(cc.outputs)) cc.outputs = [];
      if (cc.execution_count === undefined) cc.execution_count = null;
    }
  });
  return {
    nbformat: 4,
    nbformat_minor: typeof nb.nbformat_minor === "number" ? nb.nbformat_minor : 5,
    metadata: typeof nb.metadata === "object" && nb.metadata !== null ? nb.metadata : {},
    cells: nb.cells,
  };
}

export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ReproError(`notebook ${file} not found: give a path to an .ipynb file or a chapter id (see \`reprorl list\`)`);
  }
  return parseNotebook(text, file);
}

/** Jupyter's on-disk form: 1-space indent, sorted keys are not required, trailing newline. */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(nb, null, 1) + "\n";
}

/** Atomic single-file write (one implementation, in analysis/results/atomic.ts). */
export { writeFileAtomic };

export function writeNotebook(file: string, nb: Notebook): void {
  writeFileAtomic(file, serializeNotebook(nb));
}
