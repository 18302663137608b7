/**
 * DataFrames built from the statistics and the results store, with the format that
 * renders them (intervals merged as "point [lo, hi]").
 */

import type { DataFrame } from "danfojs-node";
import { ReproError } from "../../core/errors.js";
import type { StoredRun } from "../results/store.js";
import type { AggregateRow } from "../stats/intervals.js";
import { type TableCell, type TableFormat, toFrame } from "./table.js";

const METRIC_LABELS: Record<string, string> = {
  iqm: "IQM",
  mean: "Mean",
  median: "Median",
  optimalityGap: "Optimality gap",
};

/**
 * One row per method, for every metric three raw columns `<metric>`, `<metric>_lo`,
 * `<metric>_hi` (kept in the CSV) and a format that shows them as one column
 * "IQM" = "0.52 [0.41, 0.63]" in Markdown/LaTeX. Methods and metrics keep the order of
 * `rows` (e.g. the output of `compareAggregates`).
 */
export function aggregateTable(rows: readonly AggregateRow[], opts: { decimals?: number } = {}): { frame: DataFrame; format: TableFormat } {
  if (rows.length === 0) throw new ReproError("aggregateTable needs at least one aggregate row (see compareAggregates)");
  const methods: string[] = [];
  const metrics: string[] = [];
  for (const r of rows) {
    if (!methods.includes(r.method)) methods.push(r.method);
    if (!metrics.includes(r.metric)) metrics.push(r.metric);
  }
  const out = methods.map((method) => {
    const row: Record<string, TableCell> = { method };
    const mine = rows.filter((r) => r.method === method);
    row.runs = mine[0]!.runs;
    row.tasks = mine[0]!.tasks;
    for (const metric of metrics) {
      const r = mine.find((x) => x.metric === metric);
      row[metric] = r?.point ?? null;
      row[`${metric}_lo`] = r?.lo ?? null;
      row[`${metric}_hi`] = r?.hi ?? null;
    }
    return row;
  });
  const decimals = opts.decimals ?? 2;
  return {
    frame: toFrame(out),
    format: {
      decimals: Object.fromEntries(metrics.map((m) => [METRIC_LABELS[m] ?? m, decimals])),
      intervals: metrics.map((m) => ({ column: METRIC_LABELS[m] ?? m, point: m, lo: `${m}_lo`, hi: `${m}_hi` })),
    },
  };
}

/**
 * Stored runs in long form: experiment, method, seed, then every logged column (union of
 * columns over runs, in first-seen order; missing cells are null).
 */
export function runsFrame(runs: readonly StoredRun[]): DataFrame {
  if (runs.length === 0) throw new ReproError("no stored runs to tabulate; check the chapter id or run the experiment first");
  const cols: string[] = ["experiment", "method", "seed"];
  for (const r of runs) {
    for (const c of r.columns) {
      if (c === "experiment" || c === "method" || c === "seed") {
        throw new ReproError(`${r.csvPath} logs a column "${c}", which runsFrame adds itself; rename that column`);
      }
      if (!cols.includes(c)) cols.push(c);
    }
  }
  const rows: Record<string, TableCell>[] = [];
  for (const r of runs) {
    for (const row of r.rows) rows.push({ ...row, experiment: r.experiment, method: r.method, seed: r.seed });
  }
  return toFrame(rows, cols);
}
