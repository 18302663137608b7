/**
 * The verdict rule every claims table uses (SPEC "Claims tables and the verdict rule").
 *
 *   reproduced / not reproduced — only when (a) every compared method learned: its final score's
 *     95% CI lies above its random-policy (or untrained) score, and (b) the interval on the
 *     compared quantity (P(improvement), a difference of IQMs, …) excludes the no-effect value;
 *     the side it falls on decides between the two;
 *   inconclusive — otherwise, with the measured reason: a method did not learn, or the interval
 *     is too wide; a claim that holds by construction is inconclusive too (it is not evidence);
 *   not reproducible here — why (data, simulator, compute).
 * A claim whose experiment is planned but not computed yet ("not run") is inconclusive, saying so.
 * Exact checks (a theorem tested numerically) have no learning step: the statistic either meets
 * its tolerance or it does not.
 *
 * Plain functions on numbers (rliable style): no state, no tensors.
 */
import { ReproError } from "../../core/errors.js";

export const VERDICT_KINDS = ["reproduced", "not reproduced", "inconclusive", "not reproducible here"] as const;
export type VerdictKind = (typeof VERDICT_KINDS)[number];

/** A point estimate with its 95% interval. */
export interface Interval {
  point: number;
  lo: number;
  hi: number;
}

/** Did a method learn? Higher scores are better; `baseline` is its random-policy or untrained score, measured in the same run. */
export interface LearningCheck {
  method: string;
  final: Interval;
  baseline: number;
  /** What the baseline is, e.g. "random policy". */
  baselineName: string;
}

export type VerdictEvidence =
  | {
      kind: "comparison";
      /** The claim says the quantity is above ("greater") or below ("less") `noEffect`. */
      claimed: "greater" | "less";
      /** The compared quantity, e.g. "P(SAC+AE > SAC:pixel)" with its bootstrap CI. */
      quantity: { name: string; interval: Interval; noEffect: number };
      learned: readonly LearningCheck[];
    }
  | { kind: "exact"; holds: boolean; statistic: string }
  | { kind: "by construction"; why: string }
  | { kind: "not reproducible here"; why: string }
  /** The check exists in the plan but has not been computed at this tier yet (inconclusive, with what is missing). */
  | { kind: "not run"; why: string };

export interface Verdict {
  verdict: VerdictKind;
  /** The measured reason (always set for inconclusive and not reproducible here). */
  why: string;
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(3));
const show = (i: Interval): string => `${fmt(i.point)} [${fmt(i.lo)}, ${fmt(i.hi)}]`;

function checkInterval(i: Interval, what: string): void {
  if (![i.point, i.lo, i.hi].every(Number.isFinite) || i.lo > i.hi || i.point < i.lo || i.point > i.hi) {
    throw new ReproError(`${what}: interval must be finite with lo ≤ point ≤ hi, got ${JSON.stringify(i)}`);
  }
}

/** Methods whose final-score CI does not lie above their baseline. */
export function notLearned(checks: readonly LearningCheck[]): LearningCheck[] {
  for (const c of checks) {
    checkInterval(c.final, `learning check of ${c.method}`);
    if (!Number.isFinite(c.baseline)) throw new ReproError(`learning check of ${c.method}: baseline must be a finite number (measure it in the same run)`);
  }
  return checks.filter((c) => !(c.final.lo > c.baseline));
}

/** Decide a claim's verdict from its evidence (see the file comment). */
export function decideVerdict(e: VerdictEvidence): Verdict {
  switch (e.kind) {
    case "not reproducible here":
      if (e.why.trim() === "") throw new ReproError('a "not reproducible here" verdict needs a why (data, simulator, compute)');
      return { verdict: "not reproducible here", why: e.why };
    case "by construction":
      if (e.why.trim() === "") throw new ReproError("a by-construction claim needs a why (what makes it hold regardless of the result)");
      return { verdict: "inconclusive", why: `holds by construction, not evidence: ${e.why}` };
    case "not run":
      if (e.why.trim() === "") throw new ReproError("a not-run claim needs a why (what is missing before it can be run)");
      return { verdict: "inconclusive", why: `not run yet: ${e.why}` };
    case "exact":
      return e.holds ? { verdict: "reproduced", why: "" } : { verdict: "not reproduced", why: e.statistic };
    case "comparison": {
      if (e.learned.length === 0) throw new ReproError(`comparison "${e.quantity.name}" lists no learning checks: every compared method must show it learned`);
      const flat = notLearned(e.learned);
      if (flat.length > 0) {
        return {
          verdict: "inconclusive",
          why: "did not learn: " + flat.map((c) => `${c.method} (final ${show(c.final)} does not exceed the ${c.baselineName} score ${fmt(c.baseline)})`).join("; "),
        };
      }
      const q = e.quantity;
      checkInterval(q.interval, `compared quantity ${q.name}`);
      const side = q.interval.lo > q.noEffect ? "greater" : q.interval.hi < q.noEffect ? "less" : null;
      if (side === null) {
        return { verdict: "inconclusive", why: `interval too wide: ${q.name} = ${show(q.interval)} includes the no-effect value ${fmt(q.noEffect)}` };
      }
      const measured = `${q.name} = ${show(q.interval)}, ${side === "greater" ? "above" : "below"} ${fmt(q.noEffect)}`;
      return side === e.claimed ? { verdict: "reproduced", why: measured } : { verdict: "not reproduced", why: `the opposite holds: ${measured}` };
    }
  }
}
