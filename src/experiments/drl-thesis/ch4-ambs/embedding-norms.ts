/**
 * E7 (thesis §4.6.6, Fig. 4.11; research/seed000-ch1-4.md §7.2 E7): AMBS's embedding norms — the
 * per-dimension mean |φ_r| and |φ_d| of the LayerNorm output before the c-scaling, logged with
 * each evaluation (agents/ambs.ts `diagnostics`; from the medium tier on) — as claims rows:
 *   "both decrease": per seed, late − early, where early is the first evaluation after learning
 *     starts and late the mean over the last 20 % of evaluations; the quantity is the mean of that
 *     change over seeds with its 95 % bootstrap interval, claimed below 0;
 *   "φ_d does not collapse": per seed the late φ_d; claimed above COLLAPSE (the thesis reports it
 *     converging near 0.4–0.5; a collapsed embedding would sit near 0).
 * Both are comparisons under the verdict rule: AMBS must have learned (its final-score CI above
 * the random policy's score) before either counts, and MIN_SEEDS seeds are needed.
 */
import type { ClaimRow } from "../../../analysis/tables/claims.js";
import { intervalEstimate, mean, type Interval } from "../../../analysis/stats/index.js";
import { decideVerdict } from "../../../analysis/verdict/index.js";
import { Rng } from "../../../core/rng.js";
import type { StoredCurve } from "../../agent-study/store.js";
import { BOOTSTRAP_REPS, learningCheck, MIN_SEEDS, type MethodSummary } from "../../agent-study/summary.js";

/** Below this late per-dimension mean |φ_d| the embedding counts as collapsed. */
export const COLLAPSE = 0.1;
/** The late window: the last 20 % of evaluations (plan §7.2 E6/E7). */
export const LATE_FRACTION = 0.2;

export interface NormChange {
  seed: number;
  early: number;
  late: number;
}

/** Early (first evaluation with a finite value) and late (mean of the last 20 % of evaluations, at least one) values of `key` per seed. */
export function normChanges(curves: readonly StoredCurve[], experiment: string, key: string): NormChange[] {
  return curves
    .filter((c) => c.experiment === experiment && c.method === "ambs")
    .flatMap((c) => {
      const values = c.rows.map((r) => r[key]).filter((x): x is number => x !== undefined && Number.isFinite(x));
      if (values.length < 2) return [];
      const k = Math.max(1, Math.round(LATE_FRACTION * values.length));
      return [{ seed: c.seed, early: values[0]!, late: mean(values.slice(-k)) }];
    });
}

function meanInterval(xs: readonly number[], seed: number, what: string): Interval {
  return intervalEstimate({ runs: xs.length, tasks: 1, values: Float64Array.from(xs) }, (m) => mean(m.values), { reps: BOOTSTRAP_REPS, rng: new Rng(seed).fork(`ch4-e7-${what}`) });
}

const SOURCE = "§4.6.6, Fig. 4.11 (E7)";
const f = (x: number) => x.toFixed(3);
const iv = (i: Interval) => `${f(i.point)} [${f(i.lo)}, ${f(i.hi)}]`;

/** The E7 rows of one experiment (nothing when it logs no norms). */
export function embeddingNormRows(curves: readonly StoredCurve[], experiment: string, summaries: readonly MethodSummary[], whatWeRan: string, seed: number): ClaimRow[] {
  const dyn = normChanges(curves, experiment, "phiDynAbs");
  const rew = normChanges(curves, experiment, "phiRewardAbs");
  if (dyn.length === 0) return [];
  const ambs = summaries.find((s) => s.method === "ambs");
  const random = summaries.find((s) => s.method === "random");
  const claims = [
    { claim: "AMBS's embedding norms decrease during training: φ_r", key: "phi_r", changes: rew, claimed: "less" as const, noEffect: 0, values: rew.map((c) => c.late - c.early), name: "mean over seeds of late − early per-dimension mean |φ_r|" },
    { claim: "AMBS's embedding norms decrease during training: φ_d", key: "phi_d", changes: dyn, claimed: "less" as const, noEffect: 0, values: dyn.map((c) => c.late - c.early), name: "mean over seeds of late − early per-dimension mean |φ_d|" },
    { claim: `AMBS's φ_d does not collapse (late per-dimension mean |φ_d| above ${COLLAPSE}; the thesis: ≈ 0.4–0.5)`, key: "phi_d-late", changes: dyn, claimed: "greater" as const, noEffect: COLLAPSE, values: dyn.map((c) => c.late), name: "mean over seeds of the late per-dimension mean |φ_d|" },
  ];
  return claims.map((c) => {
    const base = { claim: `${c.claim} (${experiment})`, source: SOURCE, whatWeRan };
    const numbers = c.changes.map((x) => `s${x.seed} ${f(x.early)}→${f(x.late)}`).join(", ");
    if (c.values.length < MIN_SEEDS || !ambs || !random) {
      return { ...base, ourNumbers: numbers || "—", verdict: "inconclusive" as const, why: `too few runs stored for a statistical verdict (need ${MIN_SEEDS} seeds of AMBS and the random policy): ${c.values.length} of AMBS` };
    }
    const interval = meanInterval(c.values, seed, `${experiment}-${c.key}`);
    return {
      ...base,
      ourNumbers: `${c.name}: ${iv(interval)} (per seed early→late: ${numbers})`,
      ...decideVerdict({ kind: "comparison", claimed: c.claimed, quantity: { name: c.name, interval, noEffect: c.noEffect }, learned: [learningCheck(ambs, random)] }),
    };
  });
}
