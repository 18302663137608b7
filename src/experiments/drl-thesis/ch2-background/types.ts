/**
 * Plain-JSON result records for the Chapter 2 numeric checks (T1–T11 of research note
 * seed000-ch1-4 §6). Everything here is serialisable with JSON.stringify.
 */

/** One measured quantity of a check, compared with its tolerance. */
export interface CheckPart {
  /** What was compared, e.g. "‖V_linear − V_iterative‖∞". */
  label: string;
  /** The measured worst case (max error, max |z|, …). */
  statistic: number;
  /** Pass rule: statistic ≤ tolerance ("<=") or statistic ≥ tolerance (">="). */
  relation: "<=" | ">=";
  tolerance: number;
  passed: boolean;
  /** Informational parts are reported but do not decide the check's verdict. */
  informational: boolean;
  /** Where the worst case happened (MDP label, state, …). */
  worst?: string;
}

export interface CheckResult {
  /** "T1" … "T11". */
  id: string;
  title: string;
  /** Where in the thesis: section and equation numbers. */
  source: string;
  /** Quote or paraphrase of the thesis statement, with equation numbers. */
  claim: string;
  /** What we ran. */
  what: string;
  mdpsTried: number;
  /** Headline number: the first non-informational part's statistic and tolerance. */
  statistic: number;
  tolerance: number;
  /** True iff every non-informational part passed. */
  passed: boolean;
  parts: CheckPart[];
  /** Where the thesis's printed equation differs from what is true/needed (honesty notes). */
  discrepancy?: string;
  /** Free-form numbers for the report. */
  details: Record<string, unknown>;
  /** Data series for the notebook's plots. */
  series: Record<string, unknown>;
  wallTimeMs: number;
}

/** Build a CheckPart (decides `passed` from the relation). */
export function makePart(
  label: string,
  statistic: number,
  relation: "<=" | ">=",
  tolerance: number,
  opts: { informational?: boolean; worst?: string } = {},
): CheckPart {
  const passed = relation === "<=" ? statistic <= tolerance : statistic >= tolerance;
  const part: CheckPart = {
    label,
    statistic,
    relation,
    tolerance,
    passed: Number.isNaN(statistic) ? false : passed,
    informational: opts.informational ?? false,
  };
  if (opts.worst !== undefined) part.worst = opts.worst;
  return part;
}

/** Assemble a CheckResult from its parts (verdict = all non-informational parts passed). */
export function makeCheck(
  fields: Omit<CheckResult, "statistic" | "tolerance" | "passed" | "wallTimeMs">,
  startMs: number,
): CheckResult {
  const decisive = fields.parts.filter((p) => !p.informational);
  const head = decisive[0] ?? fields.parts[0];
  return {
    ...fields,
    statistic: head ? head.statistic : Number.NaN,
    tolerance: head ? head.tolerance : Number.NaN,
    passed: decisive.length > 0 && decisive.every((p) => p.passed),
    wallTimeMs: Date.now() - startMs,
  };
}

/** Tracks the worst (largest) value seen and where. */
export class WorstCase {
  value = 0;
  where = "";
  update(v: number, where: string | (() => string)): void {
    if (v > this.value || Number.isNaN(v)) {
      this.value = v;
      this.where = typeof where === "string" ? where : where();
    }
  }
}
