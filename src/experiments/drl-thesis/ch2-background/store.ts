/**
 * Chapter 2 results ⇄ the results store. `storeCh2Results` writes one per-seed CSV (+ metadata
 * JSON) per experiment under data/results/drl-thesis/ch2-background/; `loadCh2Results` reads
 * them back into the same `Ch2Results` shape (checks with their parts, and the plot series), so
 * figures and the claims table rebuild from stored data alone.
 *
 * Experiments (method in brackets):
 *   checks [numeric]          one row per check: id, title, source, claim, what, …
 *   check-parts [numeric]     one row per measured part: statistic, relation, tolerance, …
 *   monte-carlo [rollouts]    T1: MC estimate ± SE vs exact V^π per (MDP, state)
 *   q-learning [robbins-monro | constant-step]   T4: ‖Q−Q*‖∞/‖Q*‖∞ per (MDP, run, updates)
 *   dqn-sgd [replay]          T5: SGD + replay error per (MDP, step)
 *   pg-components [exact-vs-fd], pg-ascent [softmax]   T6
 *   reinforce [estimators]    T7: per (MDP, component) exact ∇J, γ^t and printed estimators
 *   ppo-surface [clip]        T9: L^CLIP on a (coarsened) (r, A) grid
 *   squashed-gradients [estimators]   T11
 */
import { ReproError } from "../../../core/errors.js";
import { readRuns, writeRun, type Row, type StoredRun } from "../../../analysis/results/index.js";
import type { Ch2Config } from "./config.js";
import type { Ch2Results } from "./index.js";
import type { CheckPart, CheckResult, Tier } from "./types.js";
import type { QlSeries } from "./q-learning.js";
import type { McRow } from "./bellman.js";
import type { ReinforceSeriesRow } from "./policy-gradient.js";

export const CH2_CHAPTER = "drl-thesis/ch2-background";

interface StoreOptions {
  /** Store root (default data/results of the package). */
  root?: string;
  /** Backend description recorded in the metadata. */
  backend: Record<string, unknown>;
}

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

/** The rows of every experiment of one Chapter 2 run, keyed "experiment/method". */
export function ch2Rows(res: Ch2Results): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  const put = (key: string, rows: Row[]) => {
    if (rows.length > 0) m.set(key, rows);
  };
  put(
    "checks/numeric",
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
    "check-parts/numeric",
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
  if (s.T1) put("monte-carlo/rollouts", s.T1.monteCarlo.map((r) => ({ ...r })));
  if (s.T4) {
    for (const [method, data] of [["robbins-monro", s.T4.robbinsMonro], ["constant-step", s.T4.constant]] as const) {
      const rows: Row[] = [];
      data.forEach((perMdp, k) =>
        perMdp.forEach((run, j) =>
          run.forEach((err, c) => rows.push({ mdp: s.T4!.mdps[k]!, run: j, updates: s.T4!.checkpoints[c]!, relError: err })),
        ),
      );
      put(`q-learning/${method}`, rows);
    }
  }
  if (s.T5) {
    const { checkpoints, runs } = s.T5.sgd;
    put("dqn-sgd/replay", runs.flatMap((r) => r.relErrors.map((e, c) => ({ mdp: r.mdp, step: checkpoints[c]!, relError: e }))));
  }
  if (s.T6) {
    const g = s.T6.gradientComponents;
    if (g) put("pg-components/exact-vs-fd", g.exact.map((e, i) => ({ mdp: g.mdp, component: i, exact: e, finiteDifference: g.finiteDifference[i]! })));
    put("pg-ascent/softmax", s.T6.ascent.flatMap((a) => a.J.map((J, step) => ({ mdp: a.mdp, step, J }))));
  }
  if (s.T7) {
    put(
      "reinforce/estimators",
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
    const rows: Row[] = [];
    for (const surf of s.T9.surface.map(coarsePpoSurface)) {
      surf.A.forEach((A, a) => surf.r.forEach((r, i) => rows.push({ eps: surf.eps, r, A, L: surf.L[a]![i]! })));
    }
    put("ppo-surface/clip", rows);
  }
  if (s.T11) {
    put(
      "squashed-gradients/estimators",
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

/** Write every experiment of a Chapter 2 run to the results store. Returns the keys written. */
export function storeCh2Results(res: Ch2Results, opts: StoreOptions): string[] {
  const rows = ch2Rows(res);
  const keys = [...rows.keys()];
  for (const key of keys) {
    const [experiment, method] = key.split("/") as [string, string];
    const args = {
      chapter: CH2_CHAPTER,
      experiment,
      method,
      seed: res.seed,
      rows: rows.get(key)!,
      meta: {
        config: res.config as unknown as Record<string, unknown>,
        tier: res.tier,
        backend: opts.backend,
        wallTimeSec: res.wallTimeMs / 1000,
        notes: { passedAll: res.passedAll },
      },
      ...(opts.root !== undefined ? { root: opts.root } : {}),
    };
    writeRun(args);
  }
  return keys;
}

const str = (x: unknown) => String(x ?? "");
const num = (x: unknown) => Number(x);

function byKey(runs: StoredRun[]): Map<string, StoredRun> {
  return new Map(runs.map((r) => [`${r.experiment}/${r.method}`, r]));
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

/** Rebuild the series of each check from the stored rows. */
function loadSeries(runs: Map<string, StoredRun>): Series {
  const s: Series = {};
  const rowsOf = (key: string) => runs.get(key)?.rows;
  const mc = rowsOf("monte-carlo/rollouts");
  if (mc) s.T1 = { monteCarlo: mc.map((r) => ({ mdp: str(r.mdp), state: num(r.state), exact: num(r.exact), mc: num(r.mc), se: num(r.se), z: num(r.z) })) };
  const rm = rowsOf("q-learning/robbins-monro");
  if (rm) {
    const checkpoints = [...new Set(rm.map((r) => num(r.updates)))].sort((a, b) => a - b);
    const nest = (rows: Row[]) => {
      const out: number[][][] = [];
      for (const [, perMdp] of groupBy(rows, (r) => str(r.mdp))) {
        out.push([...groupBy(perMdp, (r) => str(r.run)).values()].map((run) => run.sort((a, b) => num(a.updates) - num(b.updates)).map((r) => num(r.relError))));
      }
      return out;
    };
    s.T4 = { checkpoints, robbinsMonro: nest(rm), constant: nest(rowsOf("q-learning/constant-step") ?? []), mdps: [...groupBy(rm, (r) => str(r.mdp)).keys()] };
  }
  const dqn = rowsOf("dqn-sgd/replay");
  if (dqn) {
    const checkpoints = [...new Set(dqn.map((r) => num(r.step)))].sort((a, b) => a - b);
    s.T5 = { sgd: { checkpoints, runs: [...groupBy(dqn, (r) => str(r.mdp))].map(([mdp, rows]) => ({ mdp, relErrors: rows.map((r) => num(r.relError)) })) } };
  }
  const comps = rowsOf("pg-components/exact-vs-fd");
  const ascent = rowsOf("pg-ascent/softmax");
  if (comps || ascent) {
    s.T6 = {
      gradientComponents: comps ? { mdp: str(comps[0]!.mdp), exact: comps.map((r) => num(r.exact)), finiteDifference: comps.map((r) => num(r.finiteDifference)) } : null,
      ascent: [...groupBy(ascent ?? [], (r) => str(r.mdp))].map(([mdp, rows]) => ({ mdp, J: rows.map((r) => num(r.J)) })),
    };
  }
  const rf = rowsOf("reinforce/estimators");
  if (rf) {
    s.T7 = {
      reinforce: [...groupBy(rf, (r) => str(r.mdp))].map(([mdp, rows]) => ({
        mdp,
        exactGradient: rows.map((r) => num(r.exact)),
        withDiscount: { mean: rows.map((r) => num(r.withDiscountMean)), se: rows.map((r) => num(r.withDiscountSe)) },
        asPrinted: { mean: rows.map((r) => num(r.asPrintedMean)), se: rows.map((r) => num(r.asPrintedSe)) },
        asPrintedExpectation: rows.map((r) => num(r.asPrintedExpectation)),
        asPrintedCosineToGradient: Number.NaN,
        asPrintedRelativeError: Number.NaN,
      })),
    };
  }
  const ppo = rowsOf("ppo-surface/clip");
  if (ppo) {
    s.T9 = {
      surface: [...groupBy(ppo, (r) => str(r.eps))].map(([, rows]) => {
        const r = [...new Set(rows.map((x) => num(x.r)))].sort((a, b) => a - b);
        const A = [...new Set(rows.map((x) => num(x.A)))].sort((a, b) => a - b);
        const L = A.map(() => new Array<number>(r.length).fill(Number.NaN));
        for (const x of rows) L[A.indexOf(num(x.A))]![r.indexOf(num(x.r))] = num(x.L);
        return { eps: num(rows[0]!.eps), r, A, L };
      }),
    };
  }
  const sq = rowsOf("squashed-gradients/estimators");
  if (sq) {
    s.T11 = {
      gradients: [...groupBy(sq, (r) => `${str(r.mu)}|${str(r.logStd)}`).values()].map((rows) => ({
        mu: num(rows[0]!.mu),
        logStd: num(rows[0]!.logStd),
        reference: rows.map((r) => num(r.reference)),
        reparam: { mean: rows.map((r) => num(r.reparamMean)), se: rows.map((r) => num(r.reparamSe)) },
        score: { mean: rows.map((r) => num(r.scoreMean)), se: rows.map((r) => num(r.scoreSe)) },
      })),
    };
  }
  return s;
}

/** True when stored Chapter 2 results exist for this seed (and tier, if given). */
export function hasCh2Results(seed: number, opts: { root?: string; tier?: Tier } = {}): boolean {
  try {
    const runs = readRuns({ chapter: CH2_CHAPTER, experiment: "checks", ...(opts.root !== undefined ? { root: opts.root } : {}) });
    return runs.some((r) => r.seed === seed && (opts.tier === undefined || r.meta.tier === opts.tier));
  } catch {
    return false;
  }
}

/** Read a stored Chapter 2 run back into the `Ch2Results` shape (no recomputation). */
export function loadCh2Results(seed: number, opts: { root?: string } = {}): Ch2Results {
  const all = readRuns({ chapter: CH2_CHAPTER, ...(opts.root !== undefined ? { root: opts.root } : {}) }).filter((r) => r.seed === seed);
  const runs = byKey(all);
  const checksRun = runs.get("checks/numeric");
  const partsRun = runs.get("check-parts/numeric");
  if (!checksRun || !partsRun) {
    throw new ReproError(
      `no stored Chapter 2 results for seed ${seed} under data/results/${CH2_CHAPTER}/; run the notebook with retrain=true (or \`reprorl run ${CH2_CHAPTER}\`) to create them`,
    );
  }
  const series = loadSeries(runs) as Record<string, Record<string, unknown>>;
  const partsById = groupBy(partsRun.rows, (r) => str(r.id));
  const checks: CheckResult[] = checksRun.rows.map((r) => {
    const parts: CheckPart[] = (partsById.get(str(r.id)) ?? []).map((p) => {
      const part: CheckPart = {
        label: str(p.label),
        statistic: num(p.statistic),
        relation: str(p.relation) === ">=" ? ">=" : "<=",
        tolerance: num(p.tolerance),
        passed: num(p.passed) === 1,
        informational: num(p.informational) === 1,
      };
      if (str(p.worst) !== "") part.worst = str(p.worst);
      return part;
    });
    const head = parts.find((p) => !p.informational) ?? parts[0];
    const check: CheckResult = {
      id: str(r.id),
      title: str(r.title),
      source: str(r.source),
      claim: str(r.claim),
      what: str(r.what),
      mdpsTried: num(r.mdpsTried),
      statistic: head ? head.statistic : Number.NaN,
      tolerance: head ? head.tolerance : Number.NaN,
      passed: num(r.passed) === 1,
      parts,
      details: {},
      series: series[str(r.id)] ?? {},
      wallTimeMs: num(r.wallTimeMs),
    };
    if (str(r.discrepancy) !== "") check.discrepancy = str(r.discrepancy);
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
