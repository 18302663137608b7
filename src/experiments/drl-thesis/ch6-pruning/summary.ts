/**
 * Cross-seed summaries of the stored runs: mean and 95 % percentile-bootstrap interval over
 * seeds of every metric of every run id, and the rows of the chapter's tables.
 */
import { intervalEstimate, type Interval } from "../../../analysis/stats/index.js";
import { Rng } from "../../../core/rng.js";
import type { RunRow } from "./run.js";
import type { Ch6Results } from "./tables.js";

export const METRICS = ["accuracy", "baselineAccuracy", "deltaAcc", "speedup", "paramRatio", "cpuMsStored", "cpuMsSkip", "cpuMsFull", "macFraction"] as const;
export type Metric = (typeof METRICS)[number];

export interface RunSummary {
  id: string;
  method: string;
  tables: string[];
  sparsity: number;
  rr: number;
  agentLr: number;
  cnnLr: number;
  seeds: number;
  /** Per-seed values of each metric (seed order). */
  values: Record<Metric, number[]>;
  ci: Record<Metric, Interval>;
}

/** Mean with a 95 % bootstrap CI over seeds (a single seed gives lo = hi = the value). */
export function meanInterval(values: readonly number[], rng: Rng): Interval {
  if (values.length === 1) return { point: values[0]!, lo: values[0]!, hi: values[0]! };
  const m = { runs: values.length, tasks: 1, values: Float64Array.from(values) };
  return intervalEstimate(m, (s) => s.values.reduce((a, b) => a + b, 0) / s.runs, { reps: 2000, rng });
}

export function summarise(res: Ch6Results): RunSummary[] {
  const ids: string[] = [];
  const byId = new Map<string, RunRow[]>();
  for (const s of res.seeds) {
    for (const r of s.runs) {
      if (!byId.has(r.id)) {
        byId.set(r.id, []);
        ids.push(r.id);
      }
      byId.get(r.id)!.push(r);
    }
  }
  const root = new Rng(12345);
  return ids.map((id) => {
    const rows = byId.get(id)!;
    const r0 = rows[0]!;
    const values = {} as Record<Metric, number[]>;
    const ci = {} as Record<Metric, Interval>;
    for (const m of METRICS) {
      values[m] = rows.map((r) => Number(r[m]));
      ci[m] = meanInterval(values[m], root.fork(`${id}/${m}`));
    }
    return { id, method: r0.method, tables: String(r0.tables).split(" "), sparsity: Number(r0.sparsity), rr: Number(r0.rr), agentLr: Number(r0.agentLr), cnnLr: Number(r0.cnnLr), seeds: rows.length, values, ci };
  });
}

export function find(sums: readonly RunSummary[], id: string): RunSummary | undefined {
  return sums.find((s) => s.id === id);
}

/** Rows of a Tables 6.1/6.2 analogue (keep ratio s): accuracy in %, speed-up on MACs, #params, CPU ms. */
export function comparisonTable(sums: readonly RunSummary[], table: string, dataset: string): Record<string, number | string>[] {
  return sums
    .filter((s) => s.tables.includes(table))
    .map((s) => ({
      Method: s.method,
      "Keep ratio": s.sparsity,
      Data: dataset,
      Seeds: String(s.seeds),
      "Baseline acc. %": 100 * s.ci.baselineAccuracy.point,
      "Acc. %": 100 * s.ci.accuracy.point,
      "Acc. lo": 100 * s.ci.accuracy.lo,
      "Acc. hi": 100 * s.ci.accuracy.hi,
      "Δacc. %": 100 * s.ci.deltaAcc.point,
      "Δ lo": 100 * s.ci.deltaAcc.lo,
      "Δ hi": 100 * s.ci.deltaAcc.hi,
      "Speed-up (MACs) ×": s.ci.speedup.point,
      "#Params ×": s.ci.paramRatio.point,
      "CPU ms/batch (stored net)": s.ci.cpuMsStored.point,
      "CPU ms/batch (skip runtime-pruned)": s.ci.cpuMsSkip.point,
    }));
}

/** Table 6.4 analogue: agent lr, CNN lr, accuracy. */
export function lrTable(sums: readonly RunSummary[]): Record<string, number | string>[] {
  return sums
    .filter((s) => s.tables.includes("6.4"))
    .map((s) => ({ "Agent lr": s.agentLr, "CNN & f(·) lr": s.cnnLr, Seeds: String(s.seeds), "Acc. %": 100 * s.ci.accuracy.point, "Acc. lo": 100 * s.ci.accuracy.lo, "Acc. hi": 100 * s.ci.accuracy.hi }))
    .sort((a, b) => (b["Agent lr"] as number) - (a["Agent lr"] as number) || (b["CNN & f(·) lr"] as number) - (a["CNN & f(·) lr"] as number));
}

export const ACC_INTERVALS = [
  { column: "Acc. % (95% CI)", point: "Acc. %", lo: "Acc. lo", hi: "Acc. hi" },
  { column: "Δacc. % (95% CI)", point: "Δacc. %", lo: "Δ lo", hi: "Δ hi" },
];
