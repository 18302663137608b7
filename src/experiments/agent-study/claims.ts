/**
 * "A's final score beats B's" as a claims-table row, decided by the verdict rule
 * (src/analysis/verdict):
 *   learned  each compared method's final-score IQM 95 % CI lies above the random-policy score
 *            of the same experiment (the "random" method: uniform actions on the very episodes
 *            the agents are evaluated on);
 *   effect   P(final score of A > B) over seeds, with its 95 % stratified-bootstrap interval,
 *            excludes 0.5.
 * Fewer than MIN_SEEDS stored seeds of a compared method (a medium tier runs in pieces) is
 * inconclusive, with the counts.
 */
import type { ClaimRow } from "../../analysis/tables/claims.js";
import type { Interval } from "../../analysis/stats/index.js";
import { decideVerdict } from "../../analysis/verdict/index.js";
import { improvement, learningCheck, MIN_SEEDS, type MethodSummary } from "./summary.js";

export { MIN_SEEDS };

function f(x: number, d = 1): string {
  return Number.isFinite(x) ? x.toFixed(d) : "n/a";
}

function iv(i: Interval, d = 2): string {
  return `${f(i.point, d)} [${f(i.lo, d)}, ${f(i.hi, d)}]`;
}

/** `x` with `d` decimals, "n/a" when not finite (the claims tables' number format). */
export const formatNumber = f;


export interface ClaimsInput {
  summaries: MethodSummary[];
  /** e.g. "small tier: cartpole-swingup 32×32, 10k env steps, 5 seeds" */
  whatWeRan: string;
  /** Seeds each method has in the tier's plan (to say how many are still to run). */
  plannedSeeds: number;
  seed?: number;
}

/**
 * One comparative claim on P(A's final score > B's), decided by the verdict rule: "greater" (the
 * default) claims A beats B; "less" claims B is not beaten by A (… A does not beat B).
 */
export function beatsRow(inp: ClaimsInput, claim: string, source: string, a: string, b: string, extra = "", claimed: "greater" | "less" = "greater"): ClaimRow {
  const S = inp.summaries;
  const A = S.find((s) => s.method === a);
  const B = S.find((s) => s.method === b);
  const random = S.find((s) => s.method === "random");
  const base = { claim, source, whatWeRan: inp.whatWeRan };
  const stored = (m: string, x: MethodSummary | undefined) => `${x?.seeds.length ?? 0} of ${inp.plannedSeeds} seeds of ${x?.label ?? m}`;
  if (!A || !B || !random || Math.min(A.seeds.length, B.seeds.length, random.seeds.length) < MIN_SEEDS) {
    const counts = [stored(a, A), stored(b, B), stored("random", random)].join(", ");
    return {
      ...base,
      ourNumbers: A && B ? `final mean ${A.label} ${f(A.mean)} vs ${B.label} ${f(B.mean)}` : "—",
      verdict: "inconclusive",
      why: `too few runs stored for a statistical verdict (need ${MIN_SEEDS} seeds each): ${counts}`,
    };
  }
  const p = improvement(S, a, b, inp.seed ?? 0)!;
  const v = decideVerdict({
    kind: "comparison",
    claimed,
    quantity: { name: `P(${A.label} > ${B.label})`, interval: p, noEffect: 0.5 },
    learned: [learningCheck(A, random), learningCheck(B, random)],
  });
  return {
    ...base,
    ourNumbers: `final IQM ${A.label} ${iv(A.iqm, 1)} vs ${B.label} ${iv(B.iqm, 1)}; random policy ${f(random.mean)}; P(${A.label} > ${B.label}) = ${iv(p)}${extra}`,
    verdict: v.verdict,
    ...(v.why ? { why: v.why } : {}),
  };
}

