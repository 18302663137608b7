/**
 * Heatmaps, e.g. distance matrices between states (bisimulation / behavioural metrics).
 * Row 0 is drawn at the top (matrix orientation) and square matrices get square cells.
 * Colours are Viridis (colour-blind safe, perceptually uniform).
 */

import { ReproError } from "../../core/errors.js";
import { Figure } from "./figure.js";
import { PAPER_STYLE, paperLayout, type CommonOptions } from "./style.js";
import { requirePositiveInt, type NumArray } from "./validate.js";

/** A row-major matrix: either nested rows or a flat array with its shape. */
export type MatrixInput = readonly NumArray[] | { values: NumArray; rows: number; cols: number };

export interface HeatmapOptions extends CommonOptions {
  xLabels?: readonly (string | number)[];
  yLabels?: readonly (string | number)[];
  colorbarTitle?: string;
  zmin?: number;
  zmax?: number;
  /** Any plotly colorscale name (default Viridis). */
  colorscale?: string;
  /** Write each cell's value in it (default: when the matrix has at most 12×12 cells). */
  annotate?: boolean;
  /** Decimal places of annotations (default 2). */
  digits?: number;
}

const FIG = "heatmap";

/** Nested rows of plain numbers (non-finite → null) from either matrix form. */
export function matrixRows(input: MatrixInput): (number | null)[][] {
  let rows: (number | null)[][];
  if (Array.isArray(input)) {
    const nested = input as readonly NumArray[];
    if (nested.length === 0) throw new ReproError(`${FIG}: the matrix has no rows; pass a non-empty matrix`);
    const cols = nested[0]?.length ?? 0;
    rows = nested.map((row, r) => {
      if (row === undefined || typeof row.length !== "number") {
        throw new ReproError(`${FIG}: row ${r} is not an array of numbers`);
      }
      if (row.length !== cols) {
        throw new ReproError(`${FIG}: row ${r} has ${row.length} values but row 0 has ${cols}; pass a rectangular matrix`);
      }
      return Array.from(row, (v) => (Number.isFinite(v) ? v : null));
    });
  } else {
    const flat = input as { values: NumArray; rows: number; cols: number };
    const nr = requirePositiveInt(flat.rows, "rows", FIG);
    const nc = requirePositiveInt(flat.cols, "cols", FIG);
    if (!flat.values || flat.values.length !== nr * nc) {
      throw new ReproError(
        `${FIG}: values has ${flat.values?.length ?? 0} entries but rows×cols = ${nr}×${nc} = ${nr * nc}; pass a matching shape`,
      );
    }
    rows = [];
    for (let r = 0; r < nr; r++) {
      const row: (number | null)[] = [];
      for (let c = 0; c < nc; c++) {
        const v = flat.values[r * nc + c]!;
        row.push(Number.isFinite(v) ? v : null);
      }
      rows.push(row);
    }
  }
  if (rows[0]!.length === 0) throw new ReproError(`${FIG}: the matrix has no columns; pass a non-empty matrix`);
  if (!rows.some((row) => row.some((v) => v !== null))) {
    throw new ReproError(`${FIG}: the matrix has no finite value (all NaN/Infinity); check the data feeding it`);
  }
  return rows;
}

function formatCell(v: number, digits: number): string {
  if (v !== 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < Math.pow(10, -digits))) return v.toExponential(1);
  return v.toFixed(digits);
}

export function heatmap(matrix: MatrixInput, opts: HeatmapOptions = {}): Figure {
  const z = matrixRows(matrix);
  const nRows = z.length;
  const nCols = z[0]!.length;
  if (opts.xLabels && opts.xLabels.length !== nCols) {
    throw new ReproError(`${FIG}: xLabels has ${opts.xLabels.length} labels but the matrix has ${nCols} columns`);
  }
  if (opts.yLabels && opts.yLabels.length !== nRows) {
    throw new ReproError(`${FIG}: yLabels has ${opts.yLabels.length} labels but the matrix has ${nRows} rows`);
  }
  if (opts.zmin !== undefined && opts.zmax !== undefined && !(opts.zmin < opts.zmax)) {
    throw new ReproError(`${FIG}: zmin (${opts.zmin}) must be below zmax (${opts.zmax})`);
  }
  const x = opts.xLabels ? opts.xLabels.map(String) : Array.from({ length: nCols }, (_, c) => c);
  const y = opts.yLabels ? opts.yLabels.map(String) : Array.from({ length: nRows }, (_, r) => r);
  const trace: Record<string, unknown> & { type: string } = {
    type: "heatmap",
    z,
    x,
    y,
    colorscale: opts.colorscale ?? PAPER_STYLE.colorscale,
    zmin: opts.zmin,
    zmax: opts.zmax,
    xgap: 0,
    ygap: 0,
    hoverongaps: false,
    colorbar: {
      title: opts.colorbarTitle ? { text: opts.colorbarTitle, side: "right" } : undefined,
      thickness: 14,
      outlinewidth: 0,
      tickfont: { size: PAPER_STYLE.tickSize },
    },
  };
  // Square matrices (distance matrices) look best square; plot area then fits the height.
  const square = nRows === nCols;
  const layout = paperLayout(
    { ...opts, width: opts.width ?? (square ? 520 : undefined), height: opts.height ?? (square ? 460 : undefined) },
    false,
  );
  const xaxis = layout.xaxis as Record<string, unknown>;
  const yaxis = layout.yaxis as Record<string, unknown>;
  for (const axis of [xaxis, yaxis]) {
    axis.showgrid = false;
    axis.showline = false;
    axis.ticks = "";
    axis.ticklabelstandoff = 4;
  }
  xaxis.type = opts.xLabels ? "category" : "linear";
  yaxis.type = opts.yLabels ? "category" : "linear";
  yaxis.autorange = "reversed";
  xaxis.constrain = "domain";
  yaxis.constrain = "domain";
  if (square) yaxis.scaleanchor = "x";
  const annotate = opts.annotate ?? nRows * nCols <= 144;
  if (annotate) {
    const digits = opts.digits ?? 2;
    const finite = z.flat().filter((v): v is number => v !== null);
    const lo = opts.zmin ?? Math.min(...finite);
    const hi = opts.zmax ?? Math.max(...finite);
    const annotations: Record<string, unknown>[] = [];
    for (let r = 0; r < nRows; r++) {
      for (let c = 0; c < nCols; c++) {
        const v = z[r]![c];
        if (v === null || v === undefined) continue;
        // Viridis is dark at the low end: white text there, black on the bright upper part.
        const t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
        annotations.push({
          x: x[c],
          y: y[r],
          text: formatCell(v, digits),
          showarrow: false,
          font: { size: PAPER_STYLE.tickSize - 1, color: t < 0.6 ? "#ffffff" : "#000000" },
        });
      }
    }
    layout.annotations = annotations;
  }
  return new Figure("heatmap", [trace], layout);
}
