/**
 * Claims tables (SPEC "Claims tables"): each chapter notebook ends with
 * claim | source | what we ran | our numbers | verdict | why. A claim we fail to
 * reproduce is a result; "not reproducible here" must say why.
 */

import type { DataFrame } from "danfojs-node";
import { ReproError } from "../../core/errors.js";
import { VERDICT_KINDS, type VerdictKind } from "../verdict/index.js";
import { type TableFormat, exportTable, toFrame, toMarkdown } from "./table.js";

/** The verdicts of src/analysis/verdict (decideVerdict); "inconclusive" and "not reproducible here" need a why. */
export const VERDICTS = VERDICT_KINDS;
export type Verdict = VerdictKind;

export interface ClaimRow {
  /** The claim, quoted or paraphrased from the document. */
  claim: string;
  /** Where in the document: section / figure / table number, e.g. "§5.4, Table 5.2". */
  source: string;
  /** What we ran (tier, seeds, substitutes named as such). */
  whatWeRan: string;
  /** Our numbers, formatted. */
  ourNumbers: string;
  verdict: Verdict;
  /** Why (required for "not reproducible here"; useful for "not reproduced"). */
  why?: string;
}

export const CLAIM_COLUMNS = ["Claim", "Source", "What we ran", "Our numbers", "Verdict", "Why"] as const;

/** Check every claim row; one-line error naming the row and field. */
export function validateClaims(rows: readonly ClaimRow[]): void {
  if (!Array.isArray(rows) || rows.length === 0) throw new ReproError("a claims table needs at least one claim row");
  rows.forEach((r, i) => {
    for (const key of ["claim", "source", "whatWeRan", "ourNumbers"] as const) {
      const v = r?.[key];
      if (typeof v !== "string" || v.trim() === "") {
        throw new ReproError(`claims[${i}].${key} must be a non-empty string, got ${JSON.stringify(v)}`);
      }
    }
    if (!VERDICTS.includes(r.verdict)) {
      throw new ReproError(
        `claims[${i}].verdict is ${JSON.stringify(r.verdict)}; use one of ${VERDICTS.map((v) => `"${v}"`).join(", ")}`,
      );
    }
    if (r.why !== undefined && typeof r.why !== "string") {
      throw new ReproError(`claims[${i}].why must be a string when given`);
    }
    if (r.verdict === "not reproducible here" && (r.why === undefined || r.why.trim() === "")) {
      throw new ReproError(`claims[${i}] is "not reproducible here" but gives no why; say what prevents it (data, compute, missing detail)`);
    }
    if (r.verdict === "inconclusive" && (r.why === undefined || r.why.trim() === "")) {
      throw new ReproError(`claims[${i}] is "inconclusive" but gives no why; give the measured reason (did not learn, interval too wide, by construction)`);
    }
  });
}

/** The claims as a DataFrame with columns Claim, Source, What we ran, Our numbers, Verdict, Why. */
export function claimsFrame(rows: readonly ClaimRow[]): DataFrame {
  validateClaims(rows);
  return toFrame(
    rows.map((r) => ({
      Claim: r.claim,
      Source: r.source,
      "What we ran": r.whatWeRan,
      "Our numbers": r.ourNumbers,
      Verdict: r.verdict,
      Why: r.why ?? "",
    })),
    CLAIM_COLUMNS,
  );
}

/** Markdown of the claims table, for notebook display. */
export function claimsMarkdown(rows: readonly ClaimRow[]): string {
  return toMarkdown(claimsFrame(rows));
}

/** Export the claims table as `<figures>/<chapter>/tables/<name>.{csv,md,tex}` (name "claims" by default). */
export function exportClaims(
  rows: readonly ClaimRow[],
  args: { chapter: string; name?: string; root?: string } & Pick<TableFormat, "caption" | "label">,
): ReturnType<typeof exportTable> {
  return exportTable(claimsFrame(rows), {
    chapter: args.chapter,
    name: args.name ?? "claims",
    root: args.root,
    caption: args.caption,
    label: args.label,
    align: { Claim: "l" },
  });
}
