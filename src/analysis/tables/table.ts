/**
 * Results tables as danfojs DataFrames, exported as CSV (raw values, full precision),
 * Markdown and LaTeX (booktabs; formatted numbers) to
 * `figures/<chapter-id>/tables/<name>.{csv,md,tex}`.
 *
 * Formatting (Markdown/LaTeX only; the CSV keeps every raw column):
 * - numbers get `decimals` fixed decimals (default 2, per column via a record); columns
 *   whose values are all integers print as integers unless given decimals explicitly;
 * - `intervals` merge three numeric columns into one "point [lo, hi]" column at the
 *   position of the point column; `plusMinus` merges two into "mean ± pm";
 * - null / undefined print as empty cells, NaN as "—".
 */

import type { DataFrame } from "danfojs-node";

/** danfojs takes ~2 s to load (it brings tfjs): load it on first use, not on import. */
function danfo(): typeof import("danfojs-node") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("danfojs-node") as typeof import("danfojs-node");
}
import * as path from "node:path";
import { ReproError } from "../../core/errors.js";
import { figuresRoot } from "../../core/paths.js";
import { writeFilesAtomic } from "../results/atomic.js";
import { formatCsv, formatNumberCell } from "../results/csv.js";
import { checkChapterId, checkSegment } from "../results/names.js";
import { escapeLatex, escapeMarkdownCell, formatFixed, formatInterval, formatPlusMinus, formatSignificant, latexMinus } from "./format.js";

export type TableCell = number | string | boolean | null | undefined;

export interface IntervalColumns {
  /** Header of the merged display column. */
  column: string;
  point: string;
  lo: string;
  hi: string;
}

export interface PlusMinusColumns {
  column: string;
  mean: string;
  pm: string;
}

export interface TableFormat {
  /** Fixed decimals for numbers: one value or per source column (default 2). */
  decimals?: number | Readonly<Record<string, number>>;
  /**
   * Significant digits instead of fixed decimals for these columns (e.g. errors from 1e-14 to 3):
   * values in [1e-3, 1e4) print with that many significant digits, others in scientific notation.
   */
  significant?: Readonly<Record<string, number>>;
  intervals?: readonly IntervalColumns[];
  plusMinus?: readonly PlusMinusColumns[];
  /** Column alignment override for LaTeX/Markdown ("l", "c", "r"); numbers default right. */
  align?: Readonly<Record<string, "l" | "c" | "r">>;
  /** LaTeX caption/label; with either, the tabular is wrapped in a table float. */
  caption?: string;
  label?: string;
}

/** A table ready to print: display headers, cell strings (unescaped), alignment. */
export interface DisplayTable {
  headers: string[];
  cells: string[][];
  align: ("l" | "c" | "r")[];
  /** Columns holding numbers (for LaTeX minus signs). */
  numeric: boolean[];
}

/** A DataFrame from row objects (column order from the first row) or columns. */
export function toFrame(rows: readonly Record<string, TableCell>[], columns?: readonly string[]): DataFrame {
  if (rows.length === 0) {
    if (!columns || columns.length === 0) throw new ReproError("an empty table needs its column names; pass columns");
    return new (danfo().DataFrame)([], { columns: [...columns] });
  }
  const cols = columns ? [...columns] : Object.keys(rows[0]!);
  return new (danfo().DataFrame)(
    rows.map((r) => cols.map((c) => r[c] ?? null)),
    { columns: cols },
  );
}

function frameData(df: DataFrame): { columns: string[]; values: TableCell[][] } {
  if (!(df instanceof danfo().DataFrame)) throw new ReproError("expected a danfojs DataFrame; build one with toFrame(rows)");
  const columns = df.columns.map(String);
  const values = df.shape[0] === 0 ? [] : (df.values as TableCell[][]);
  return { columns, values };
}

function decimalsFor(fmt: TableFormat, column: string): number | undefined {
  if (typeof fmt.decimals === "number") return fmt.decimals;
  return fmt.decimals?.[column];
}

/** Build the formatted view of a DataFrame. */
export function displayTable(df: DataFrame, fmt: TableFormat = {}): DisplayTable {
  const { columns, values } = frameData(df);
  const index = new Map(columns.map((c, i) => [c, i]));
  const need = (name: string, where: string): number => {
    const i = index.get(name);
    if (i === undefined) throw new ReproError(`${where} names column "${name}", which the table lacks; columns are ${columns.join(", ")}`);
    return i;
  };
  const numericCol = columns.map((_, j) => values.length > 0 && values.every((row) => typeof row[j] === "number" || row[j] == null));
  const integerCol = columns.map((_, j) => numericCol[j]! && values.every((row) => row[j] == null || Number.isInteger(row[j])));

  type Spec = { header: string; numeric: boolean; render: (row: TableCell[]) => string };
  const merged = new Map<number, Spec>(); // at source position
  const hidden = new Set<number>();
  const num = (row: TableCell[], j: number, where: string): number => {
    const v = row[j];
    if (v == null) return Number.NaN;
    if (typeof v !== "number") throw new ReproError(`${where}: column "${columns[j]}" must hold numbers, found "${String(v)}"`);
    return v;
  };
  for (const iv of fmt.intervals ?? []) {
    const [p, lo, hi] = [need(iv.point, "intervals"), need(iv.lo, "intervals"), need(iv.hi, "intervals")];
    const d = decimalsFor(fmt, iv.column) ?? decimalsFor(fmt, iv.point) ?? 2;
    merged.set(p, {
      header: iv.column,
      numeric: true,
      render: (row) =>
        row[p] == null ? "" : formatInterval(num(row, p, "intervals"), num(row, lo, "intervals"), num(row, hi, "intervals"), d),
    });
    hidden.add(lo).add(hi);
  }
  for (const pm of fmt.plusMinus ?? []) {
    const [m, e] = [need(pm.mean, "plusMinus"), need(pm.pm, "plusMinus")];
    const d = decimalsFor(fmt, pm.column) ?? decimalsFor(fmt, pm.mean) ?? 2;
    merged.set(m, {
      header: pm.column,
      numeric: true,
      render: (row) => (row[m] == null ? "" : formatPlusMinus(num(row, m, "plusMinus"), num(row, e, "plusMinus"), d)),
    });
    hidden.add(e);
  }
  const specs: Spec[] = [];
  columns.forEach((c, j) => {
    if (merged.has(j)) {
      specs.push(merged.get(j)!);
      return;
    }
    if (hidden.has(j)) return;
    const explicit = decimalsFor(fmt, c);
    const d = explicit ?? (integerCol[j] ? 0 : 2);
    const sig = fmt.significant?.[c];
    specs.push({
      header: c,
      numeric: numericCol[j]!,
      render: (row) => {
        const v = row[j];
        if (v == null) return "";
        if (typeof v === "number") return sig !== undefined ? formatSignificant(v, sig) : formatFixed(v, d);
        return String(v);
      },
    });
  });
  for (const name of Object.keys(fmt.align ?? {})) {
    if (!specs.some((s) => s.header === name)) throw new ReproError(`align names column "${name}", which the table does not show`);
  }
  return {
    headers: specs.map((s) => s.header),
    cells: values.map((row) => specs.map((s) => s.render(row))),
    align: specs.map((s) => fmt.align?.[s.header] ?? (s.numeric ? "r" : "l")),
    numeric: specs.map((s) => s.numeric),
  };
}

/** GitHub-flavoured Markdown table, columns padded for readable diffs. */
export function toMarkdown(df: DataFrame, fmt: TableFormat = {}): string {
  const t = displayTable(df, fmt);
  const head = t.headers.map(escapeMarkdownCell);
  const body = t.cells.map((r) => r.map(escapeMarkdownCell));
  const width = head.map((h, j) => Math.max(3, [...h].length, ...body.map((r) => [...r[j]!].length)));
  const pad = (s: string, j: number) => {
    const fill = " ".repeat(width[j]! - [...s].length);
    return t.align[j] === "r" ? fill + s : s + fill;
  };
  const rule = width.map((w, j) => {
    const dashes = "-".repeat(w);
    if (t.align[j] === "r") return dashes.slice(1) + ":";
    if (t.align[j] === "c") return ":" + dashes.slice(2) + ":";
    return dashes;
  });
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head.map(pad)), line(rule), ...body.map((r) => line(r.map(pad)))].join("\n") + "\n";
}

/** LaTeX booktabs tabular (wrapped in a table float when a caption or label is given). */
export function toLatex(df: DataFrame, fmt: TableFormat = {}): string {
  const t = displayTable(df, fmt);
  const cell = (s: string, j: number) => (t.numeric[j] ? latexMinus(escapeLatex(s)) : escapeLatex(s));
  const lines = [
    `\\begin{tabular}{${t.align.join("")}}`,
    "\\toprule",
    t.headers.map((h) => escapeLatex(h)).join(" & ") + " \\\\",
    "\\midrule",
    ...t.cells.map((r) => r.map(cell).join(" & ") + " \\\\"),
    "\\bottomrule",
    "\\end{tabular}",
  ];
  if (fmt.caption === undefined && fmt.label === undefined) return lines.join("\n") + "\n";
  if (fmt.label !== undefined && !/^[A-Za-z0-9:._-]+$/.test(fmt.label)) {
    throw new ReproError(`LaTeX label "${fmt.label}" may only use letters, digits and : . _ -`);
  }
  return (
    [
      "\\begin{table}[t]",
      "\\centering",
      ...(fmt.caption !== undefined ? [`\\caption{${escapeLatex(fmt.caption)}}`] : []),
      ...(fmt.label !== undefined ? [`\\label{${fmt.label}}`] : []),
      ...lines,
      "\\end{table}",
    ].join("\n") + "\n"
  );
}

/** CSV of the raw DataFrame values (no rounding, no merging); null → empty unquoted cell. */
export function toCsv(df: DataFrame): string {
  const { columns, values } = frameData(df);
  return formatCsv(
    columns,
    values.map((row) => row.map((v) => (v == null ? null : typeof v === "number" ? formatNumberCell(v) : String(v)))),
  );
}

export interface ExportTableArgs extends TableFormat {
  chapter: string;
  name: string;
  /** Figures root (default `figuresRoot()`). */
  root?: string;
}

/** Paths of an exported table. */
export function tablePaths(root: string, chapter: string, name: string): { csv: string; md: string; tex: string } {
  const dir = path.join(root, ...checkChapterId(chapter).split("/"), "tables");
  const base = path.join(dir, checkSegment(name, "table name"));
  return { csv: `${base}.csv`, md: `${base}.md`, tex: `${base}.tex` };
}

/**
 * Write `<root>/<chapter>/tables/<name>.{csv,md,tex}` atomically (all three rendered
 * before any is written). Returns the paths and the Markdown for notebook display.
 */
export function exportTable(df: DataFrame, args: ExportTableArgs): { csv: string; md: string; tex: string; markdown: string } {
  const paths = tablePaths(args.root ?? figuresRoot(), args.chapter, args.name);
  const csv = toCsv(df);
  const markdown = toMarkdown(df, args);
  const tex = toLatex(df, args);
  writeFilesAtomic([
    { path: paths.csv, content: csv },
    { path: paths.md, content: markdown },
    { path: paths.tex, content: tex },
  ]);
  return { ...paths, markdown };
}
