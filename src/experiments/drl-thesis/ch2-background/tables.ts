/**
 * The tables a Chapter 2 run stores (data/results/drl-thesis/ch2-background/<experiment>/<method>/seed-<k>.*),
 * declared once with their column types; `ch2Tables` flattens a run's results into them and
 * `ch2FromStored` rebuilds the `Ch2Results` the figures and claims read (checks with their parts,
 * and the plotted series). The CSV + JSON format is the results store's; nothing here parses files.
 *
 * Experiments (method in brackets):
 *   checks [numeric]          one row per check: id, title, source, claim, what, … (the run's key)
 *   check-parts [numeric]     one row per measured part: statistic, relation, tolerance, …
 *   monte-carlo [rollouts]    T1: MC estimate ± SE vs exact V^π per (MDP, state)
 *   q-learning [robbins-monro | constant-step]   T4: ‖Q−Q*‖∞/‖Q*‖∞ per (MDP, run, updates)
 *   dqn-sgd [replay]          T5: SGD + replay error per (MDP, step)
 *   pg-components [exact-vs-fd], pg-ascent [softmax]   T6
 *   reinforce [estimators]    T7: per (MDP, component) exact ∇J, γ^t and printed estimators
 *   ppo-surface [clip]        T9: L^CLIP on a (coarsened) (r, A) grid
 *   squashed-gradients [estimators]   T11
 */
import type { Row, StoredRun } from "../../../analysis/results/store.js";
import { findTableRun, rowsOf, storedTable, tableRows, type StoredTable, type TypedRow } from "../../../analysis/results/typed.js";
import { ReproError } from "../../../core/errors.js";
import type { StoredRows } from "../../contract.js";
import type { Ch2Config } from "./config.js";
import type { Ch2Results } from "./index.js";
import type { CheckPart, CheckResult } from "./types.js";
import type { QlSeries } from "./q-learning.js";
import type { McRow } from "./bellman.js";
import type { ReinforceSeriesRow } from "./policy-gradient.js";

export const CH2_CHAPTER = "drl-thesis/ch2-background";

const QL_COLUMNS = { mdp: "string", run: "number", updates: "number", relError: "number" } as const;

/** Every table a Chapter 2 run stores, the run's key (checks) first. */
export const CH2_TABLES = {
  checks: storedTable("checks", "numeric", {
    id: "string", title: "string", source: "string", claim: "string", what: "string", mdpsTried: "number", passed: "number", discrepancy: "string", wallTimeMs: "number",
  } as const),
  parts: storedTable("check-parts", "numeric", {
    id: "string", label: "string", statistic: "number", relation: "string", tolerance: "number", passed: "number", informational: "number", worst: "string",
  } as const),
  monteCarlo: storedTable("monte-carlo", "rollouts", { mdp: "string", state: "number", exact: "number", mc: "number", se: "number", z: "number" } as const),
  qlRobbinsMonro: storedTable("q-learning", "robbins-monro", QL_COLUMNS),
  qlConstant: storedTable("q-learning", "constant-step", QL_COLUMNS),
  dqn: storedTable("dqn-sgd", "replay", { mdp: "string", step: "number", relError: "number" } as const),
  pgComponents: storedTable("pg-components", "exact-vs-fd", { mdp: "string", component: "number", exact: "number", finiteDifference: "number" } as const),
  pgAscent: storedTable("pg-ascent", "softmax", { mdp: "string", step: "number", J: "number" } as const),
  reinforce: storedTable("reinforce", "estimators", {
    mdp: "string", component: "number", exact: "number", withDiscountMean: "number", withDiscountSe: "number", asPrintedMean: "number", asPrintedSe: "number", asPrintedExpectation: "number",
  } as const),
  ppo: storedTable("ppo-surface", "clip", { eps: "number", r: "number", A: "number", L: "number" } as const),
  squashed: storedTable("squashed-gradients", "estimators", {
    mu: "number", logStd: "number", parameter: "string", reference: "number", reparamMean: "number", reparamSe: "number", scoreMean: "number", scoreSe: "number",
  } as const),
};
export type Ch2TableName = keyof typeof CH2_TABLES;
type Ch2Row<K extends Ch2TableName> = TypedRow<(typeof CH2_TABLES)[K]["columns"]>;

/** Series shapes as produced by the checks (see each check module). */
interface Series {
  T1?: { monteCarlo: McRow[] };
  T4?: QlSeries;
  T5?: { sgd: { checkpoints: number[]; runs: { mdp: string; relErrors: number[] }[] } };
  T6?: { gradientComponents: { mdp: string; exact: number[]; finiteDifference: number[] } | null; ascent: { mdp: string; J: number[] }[] };
  T7?: { reinforce: ReinforceSeriesRow[] };
  T9?: { surface: { eps: number; r: number[]; A: number[]; L: number[][] }[] };
  T11?: { gradients: { mu: number; logStd: number; reference: number[]; reparam: { mean: number[]; se: number[] }; score: { mean: number[]; se: number[] } }[] };
}

function seriesOf(res: Ch2Results): Series {
  const out: Record<string, unknown> = {};
  for (const c of res.checks) out[c.id] = c.series;
  return out as Series;
}

/** Keep every k-th index (and the last) so a stored grid has at most `max` points per axis. */
export function coarseIndices(n: number, max: number): number[] {
  const step = Math.max(1, Math.ceil((n - 1) / (max - 1)));
  const idx: number[] = [];
  for (let i = 0; i < n; i += step) idx.push(i);
  if (idx[idx.length - 1] !== n - 1) idx.push(n - 1);
  return idx;
}

export interface PpoSurface {
  eps: number;
  r: number[];
  A: number[];
  L: number[][];
}

/** The PPO surface on the stored grid (≤ 61 ratios × 41 advantages): what the figure and the store both use. */
export function coarsePpoSurface(s: PpoSurface): PpoSurface {
  const ri = coarseIndices(s.r.length, 61);
  const ai = coarseIndices(s.A.length, 41);
  return { eps: s.eps, r: ri.map((i) => s.r[i]!), A: ai.map((a) => s.A[a]!), L: ai.map((a) => ri.map((i) => s.L[a]![i]!)) };
}

/** The rows of every table of one Chapter 2 run (tables without rows are left out). */
export function ch2Tables(res: Ch2Results): StoredRows[] {
  const m: StoredRows[] = [];
  const put = <K extends Ch2TableName>(name: K, rows: Ch2Row<K>[]) => {
    if (rows.length > 0) m.push({ table: CH2_TABLES[name], rows: rows as Row[] });
  };
  put(
    "checks",
    res.checks.map((c) => ({
      id: c.id,
      title: c.title,
      source: c.source,
      claim: c.claim,
      what: c.what,
      mdpsTried: c.mdpsTried,
      passed: c.passed ? 1 : 0,
      discrepancy: c.discrepancy ?? "",
      wallTimeMs: c.wallTimeMs,
    })),
  );
  put(
    "parts",
    res.checks.flatMap((c) =>
      c.parts.map((p) => ({
        id: c.id,
        label: p.label,
        statistic: p.statistic,
        relation: p.relation,
        tolerance: p.tolerance,
        passed: p.passed ? 1 : 0,
        informational: p.informational ? 1 : 0,
        worst: p.worst ?? "",
      })),
    ),
  );
  const s = seriesOf(res);
  if (s.T1) put("monteCarlo", s.T1.monteCarlo.map((r) => ({ ...r })));
  if (s.T4) {
    for (const [name, data] of [["qlRobbinsMonro", s.T4.robbinsMonro], ["qlConstant", s.T4.constant]] as const) {
      const rows: Ch2Row<"qlRobbinsMonro">[] = [];
      data.forEach((perMdp, k) =>
        perMdp.forEach((run, j) =>
          run.forEach((err, c) => rows.push({ mdp: s.T4!.mdps[k]!, run: j, updates: s.T4!.checkpoints[c]!, relError: err })),
        ),
      );
      put(name, rows);
    }
  }
  if (s.T5) {
    const { checkpoints, runs } = s.T5.sgd;
    put("dqn", runs.flatMap((r) => r.relErrors.map((e, c) => ({ mdp: r.mdp, step: checkpoints[c]!, relError: e }))));
  }
  if (s.T6) {
    const g = s.T6.gradientComponents;
    if (g) put("pgComponents", g.exact.map((e, i) => ({ mdp: g.mdp, component: i, exact: e, finiteDifference: g.finiteDifference[i]! })));
    put("pgAscent", s.T6.ascent.flatMap((a) => a.J.map((J, step) => ({ mdp: a.mdp, step, J }))));
  }
  if (s.T7) {
    put(
      "reinforce",
      s.T7.reinforce.flatMap((r) =>
        r.exactGradient.map((g, i) => ({
          mdp: r.mdp,
          component: i,
          exact: g,
          withDiscountMean: r.withDiscount.mean[i]!,
          withDiscountSe: r.withDiscount.se[i]!,
          asPrintedMean: r.asPrinted.mean[i]!,
          asPrintedSe: r.asPrinted.se[i]!,
          asPrintedExpectation: r.asPrintedExpectation[i]!,
        })),
      ),
    );
  }
  if (s.T9) {
    const rows: Ch2Row<"ppo">[] = [];
    for (const surf of s.T9.surface.map(coarsePpoSurface)) {
      surf.A.forEach((A, a) => surf.r.forEach((r, i) => rows.push({ eps: surf.eps, r, A, L: surf.L[a]![i]! })));
    }
    put("ppo", rows);
  }
  if (s.T11) {
    put(
      "squashed",
      s.T11.gradients.flatMap((g) =>
        [0, 1].map((k) => ({
          mu: g.mu,
          logStd: g.logStd,
          parameter: k === 0 ? "mu" : "logStd",
          reference: g.reference[k]!,
          reparamMean: g.reparam.mean[k]!,
          reparamSe: g.reparam.se[k]!,
          scoreMean: g.score.mean[k]!,
          scoreSe: g.score.se[k]!,
        })),
      ),
    );
  }
  return m;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(it);
  }
  return m;
}

/** Rebuild the series of each check from the stored rows of one seed. */
function seriesFromStored(runs: readonly StoredRun[], seed: number): Series {
  const s: Series = {};
  const stored = <K extends Ch2TableName>(name: K): Ch2Row<K>[] | undefined => {
    const table: StoredTable = CH2_TABLES[name];
    const run = findTableRun(runs, table, seed);
    return run === undefined ? undefined : (tableRows(run, table) as Ch2Row<K>[]);
  };
  const mc = stored("monteCarlo");
  if (mc) s.T1 = { monteCarlo: mc.map((r) => ({ mdp: r.mdp, state: r.state, exact: r.exact, mc: r.mc, se: r.se, z: r.z })) };
  const rm = stored("qlRobbinsMonro");
  if (rm) {
    const checkpoints = [...new Set(rm.map((r) => r.updates))].sort((a, b) => a - b);
    const nest = (rows: Ch2Row<"qlRobbinsMonro">[]) => {
      const out: number[][][] = [];
      for (const [, perMdp] of groupBy(rows, (r) => r.mdp)) {
        out.push([...groupBy(perMdp, (r) => String(r.run)).values()].map((run) => run.sort((a, b) => a.updates - b.updates).map((r) => r.relError)));
      }
      return out;
    };
    s.T4 = { checkpoints, robbinsMonro: nest(rm), constant: nest(stored("qlConstant") ?? []), mdps: [...groupBy(rm, (r) => r.mdp).keys()] };
  }
  const dqn = stored("dqn");
  if (dqn) {
    const checkpoints = [...new Set(dqn.map((r) => r.step))].sort((a, b) => a - b);
    s.T5 = { sgd: { checkpoints, runs: [...groupBy(dqn, (r) => r.mdp)].map(([mdp, rows]) => ({ mdp, relErrors: rows.map((r) => r.relError) })) } };
  }
  const comps = stored("pgComponents");
  const ascent = stored("pgAscent");
  if (comps || ascent) {
    s.T6 = {
      gradientComponents: comps ? { mdp: comps[0]!.mdp, exact: comps.map((r) => r.exact), finiteDifference: comps.map((r) => r.finiteDifference) } : null,
      ascent: [...groupBy(ascent ?? [], (r) => r.mdp)].map(([mdp, rows]) => ({ mdp, J: rows.map((r) => r.J) })),
    };
  }
  const rf = stored("reinforce");
  if (rf) {
    s.T7 = {
      reinforce: [...groupBy(rf, (r) => r.mdp)].map(([mdp, rows]) => ({
        mdp,
        exactGradient: rows.map((r) => r.exact),
        withDiscount: { mean: rows.map((r) => r.withDiscountMean), se: rows.map((r) => r.withDiscountSe) },
        asPrinted: { mean: rows.map((r) => r.asPrintedMean), se: rows.map((r) => r.asPrintedSe) },
        asPrintedExpectation: rows.map((r) => r.asPrintedExpectation),
        asPrintedCosineToGradient: Number.NaN,
        asPrintedRelativeError: Number.NaN,
      })),
    };
  }
  const ppo = stored("ppo");
  if (ppo) {
    s.T9 = {
      surface: [...groupBy(ppo, (r) => String(r.eps))].map(([, rows]) => {
        const r = [...new Set(rows.map((x) => x.r))].sort((a, b) => a - b);
        const A = [...new Set(rows.map((x) => x.A))].sort((a, b) => a - b);
        const L = A.map(() => new Array<number>(r.length).fill(Number.NaN));
        for (const x of rows) L[A.indexOf(x.A)]![r.indexOf(x.r)] = x.L;
        return { eps: rows[0]!.eps, r, A, L };
      }),
    };
  }
  const sq = stored("squashed");
  if (sq) {
    s.T11 = {
      gradients: [...groupBy(sq, (r) => `${r.mu}|${r.logStd}`).values()].map((rows) => ({
        mu: rows[0]!.mu,
        logStd: rows[0]!.logStd,
        reference: rows.map((r) => r.reference),
        reparam: { mean: rows.map((r) => r.reparamMean), se: rows.map((r) => r.reparamSe) },
        score: { mean: rows.map((r) => r.scoreMean), se: rows.map((r) => r.scoreSe) },
      })),
    };
  }
  return s;
}

/** A Chapter 2 run of one seed rebuilt from its stored tables (no recomputation). */
export function ch2FromStored(runs: readonly StoredRun[], seed: number): Ch2Results {
  const checksRun = findTableRun(runs, CH2_TABLES.checks, seed);
  if (checksRun === undefined) {
    throw new ReproError(`no stored Chapter 2 results for seed ${seed} under data/results/${CH2_CHAPTER}/; run the notebook with figuresOnly = false to compute them`);
  }
  const series = seriesFromStored(runs, seed) as Record<string, Record<string, unknown>>;
  const partsById = groupBy(rowsOf(runs, CH2_TABLES.parts, seed), (r) => r.id);
  const checks: CheckResult[] = tableRows(checksRun, CH2_TABLES.checks).map((r) => {
    const parts: CheckPart[] = (partsById.get(r.id) ?? []).map((p) => {
      const part: CheckPart = {
        label: p.label,
        statistic: p.statistic,
        relation: p.relation === ">=" ? ">=" : "<=",
        tolerance: p.tolerance,
        passed: p.passed === 1,
        informational: p.informational === 1,
      };
      if (p.worst !== "") part.worst = p.worst;
      return part;
    });
    const head = parts.find((p) => !p.informational) ?? parts[0];
    const check: CheckResult = {
      id: r.id,
      title: r.title,
      source: r.source,
      claim: r.claim,
      what: r.what,
      mdpsTried: r.mdpsTried,
      statistic: head ? head.statistic : Number.NaN,
      tolerance: head ? head.tolerance : Number.NaN,
      passed: r.passed === 1,
      parts,
      details: {},
      series: series[r.id] ?? {},
      wallTimeMs: r.wallTimeMs,
    };
    if (r.discrepancy !== "") check.discrepancy = r.discrepancy;
    return check;
  });
  const meta = checksRun.meta;
  return {
    chapter: CH2_CHAPTER,
    tier: meta.tier,
    seed,
    config: meta.config as unknown as Ch2Config,
    checks,
    passedAll: checks.every((c) => c.passed),
    wallTimeMs: meta.wallTimeSec * 1000,
  };
}
