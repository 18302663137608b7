/**
 * Numbers behind a study's figures, tables and claims, computed from stored curves only:
 * per-method final scores (mean evaluation return over the last `lastEvals` evaluations of a
 * run), IQM with 95 % stratified-bootstrap CIs over seeds (rliable style), probabilities of
 * improvement between methods with their CIs, and instability indicators.
 */
import { aggregateInterval, probabilityOfImprovementInterval, type Interval } from "../../analysis/stats/index.js";
import { notLearned, type LearningCheck } from "../../analysis/verdict/index.js";
import { Rng } from "../../core/rng.js";
import type { StoredCurve } from "./store.js";

export const LAST_EVALS = 3;
export const BOOTSTRAP_REPS = 2000;

export interface MethodSummary {
  method: string;
  label: string;
  seeds: number[];
  /** Final score per seed (mean return of the last evaluations). */
  finals: number[];
  iqm: Interval;
  mean: number;
  std: number;
  /** Mean over seeds of the first evaluation (step 0: the untrained policy). */
  untrained: number;
  /** Median over seeds of the first and last evaluation window's mean critic loss (NaN if none). */
  firstCriticLoss: number;
  lastCriticLoss: number;
  /** Median over seeds of the largest evaluation-window critic loss. */
  maxCriticLoss: number;
  /** Median over seeds of the last window's reconstruction (aux) loss; NaN if none. */
  lastAuxLoss: number;
  /** Median over seeds of the first window's reconstruction loss. */
  firstAuxLoss: number;
  /** Mean wall time per run (s). */
  wallTimeSec: number;
  parameterCount: number;
  replayBytesPerTransition: number;
}

function median(xs: number[]): number {
  const f = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (f.length === 0) return NaN;
  const m = Math.floor(f.length / 2);
  return f.length % 2 ? f[m]! : (f[m - 1]! + f[m]!) / 2;
}

export function finalScore(rows: readonly Record<string, number>[], key = "return_train", last = LAST_EVALS): number {
  const tail = rows.slice(-last).map((r) => r[key]!);
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}

export function summarizeMethods(curves: readonly StoredCurve[], experiment: string, order: readonly string[], seed = 0): MethodSummary[] {
  const out: MethodSummary[] = [];
  const root = new Rng(seed).fork(`study-${experiment}`);
  for (const method of order) {
    const runs = curves.filter((c) => c.experiment === experiment && c.method === method).sort((a, b) => a.seed - b.seed);
    if (runs.length === 0) continue;
    const finals = runs.map((r) => finalScore(r.rows));
    const mean = finals.reduce((a, b) => a + b, 0) / finals.length;
    const std = Math.sqrt(finals.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, finals.length - 1));
    const window = (r: StoredCurve, key: string, pick: "first" | "last") => {
      const v = r.rows.map((x) => x[key]!).filter(Number.isFinite);
      return v.length ? (pick === "first" ? v[0]! : v[v.length - 1]!) : NaN;
    };
    const aux = (r: StoredCurve, pick: "first" | "last") => window(r, "auxLoss", pick);
    out.push({
      method,
      label: String(runs[0]!.notes["label"] ?? method),
      seeds: runs.map((r) => r.seed),
      finals,
      iqm: aggregateInterval(finals.map((f) => [f]), "iqm", { reps: BOOTSTRAP_REPS, rng: root.fork(method) }),
      mean,
      std,
      untrained: runs.reduce((a, r) => a + r.rows[0]!["return_train"]!, 0) / runs.length,
      firstCriticLoss: median(runs.map((r) => window(r, "criticLoss", "first"))),
      lastCriticLoss: median(runs.map((r) => window(r, "criticLoss", "last"))),
      maxCriticLoss: median(runs.map((r) => Math.max(...r.rows.map((x) => x["criticLoss"]!).filter(Number.isFinite)))),
      lastAuxLoss: median(runs.map((r) => aux(r, "last"))),
      firstAuxLoss: median(runs.map((r) => aux(r, "first"))),
      wallTimeSec: runs.reduce((a, r) => a + r.wallTimeSec, 0) / runs.length,
      parameterCount: Number(runs[0]!.notes["parameterCount"] ?? NaN),
      replayBytesPerTransition: Number(runs[0]!.notes["replayBytesPerTransition"] ?? NaN),
    });
  }
  return out;
}

/** P(final score of method a > method b) with its 95 % bootstrap CI (stratified over seeds). */
export function improvement(summaries: readonly MethodSummary[], a: string, b: string, seed = 0): Interval | null {
  const x = summaries.find((s) => s.method === a);
  const y = summaries.find((s) => s.method === b);
  if (!x || !y) return null;
  return probabilityOfImprovementInterval(x.finals.map((f) => [f]), y.finals.map((f) => [f]), { reps: BOOTSTRAP_REPS, rng: new Rng(seed).fork(`poi-${a}-${b}`) });
}

/** One table row per method (for exportTable / toMarkdown). */
export function summaryTable(summaries: readonly MethodSummary[]): Record<string, number | string>[] {
  return summaries.map((s) => ({
    method: s.label,
    seeds: s.seeds.length,
    "final IQM": s.iqm.point,
    "CI low": s.iqm.lo,
    "CI high": s.iqm.hi,
    mean: s.mean,
    std: s.std,
    "max critic loss (median)": s.maxCriticLoss,
    "aux loss first→last": Number.isFinite(s.lastAuxLoss) ? `${s.firstAuxLoss.toPrecision(3)} → ${s.lastAuxLoss.toPrecision(3)}` : "—",
    "wall s / run": s.wallTimeSec,
    parameters: s.parameterCount,
    "replay bytes / transition": s.replayBytesPerTransition,
  }));
}

/** Significant digits of `summaryTable`'s number columns (every agent-study chapter exports it so). */
export const SUMMARY_SIGNIFICANT = { "final IQM": 3, "CI low": 3, "CI high": 3, mean: 3, std: 3, "max critic loss (median)": 3, "wall s / run": 3 };
/** Significant digits of `learningTable`'s number columns. */
export const LEARNING_SIGNIFICANT = { "untrained return": 3, "random-policy return": 3, "final IQM": 3, "CI low": 3, "CI high": 3 };

/** Seeds a compared method needs before a statistical verdict. */
export const MIN_SEEDS = 3;

/**
 * The learning check of every method (issue 13 item 2): return of the untrained policy (first
 * evaluation, before any update) and final IQM with its CI against the random-policy score of
 * the same experiment, and each objective's first and last evaluation-window value (critic
 * loss; the auxiliary loss of SAC+AE / β-VAE). "learned" is the verdict rule's check, made only
 * on MIN_SEEDS or more seeds (one seed's CI has no width: a medium tier's first pieces).
 */
export function learningTable(summaries: readonly MethodSummary[]): Record<string, number | string>[] {
  const random = summaries.find((s) => s.method === "random");
  const arrow = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) ? `${a.toPrecision(3)} → ${b.toPrecision(3)}` : "—");
  return summaries.filter((s) => s.method !== "random").map((s) => ({
    method: s.label,
    seeds: s.seeds.length,
    "untrained return": s.untrained,
    "random-policy return": random ? random.mean : NaN,
    "final IQM": s.iqm.point,
    "CI low": s.iqm.lo,
    "CI high": s.iqm.hi,
    learned: !random
      ? "no random-policy anchor"
      : s.seeds.length < MIN_SEEDS
        ? `too few seeds (${s.seeds.length} of ${MIN_SEEDS})`
        : notLearned([learningCheck(s, random)]).length === 0 ? "yes" : "no",
    "critic loss first→last": arrow(s.firstCriticLoss, s.lastCriticLoss),
    "aux loss first→last": arrow(s.firstAuxLoss, s.lastAuxLoss),
  }));
}

/** Did `s` learn? Its final IQM CI against the random-policy anchor's mean final score (the verdict rule's check). */
export function learningCheck(s: MethodSummary, random: MethodSummary): LearningCheck {
  return { method: s.label, final: s.iqm, baseline: random.mean, baselineName: "random-policy" };
}
