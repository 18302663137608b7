/**
 * Cell formatting and escaping for exported tables: fixed-decimal numbers, intervals
 * "0.52 [0.41, 0.63]", "mean ± x", LaTeX text-mode escaping (all ten specials plus the
 * Unicode symbols our tables use) and Markdown cell escaping.
 */

import { ReproError } from "../../core/errors.js";

/** Fixed decimals; −0 and values that round to zero print without a minus sign; NaN → "—". */
export function formatFixed(x: number, decimals: number): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    throw new ReproError(`decimals must be an integer in [0, 20], got ${decimals}`);
  }
  if (Number.isNaN(x)) return "—";
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "−∞";
  const s = x.toFixed(decimals);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** "point [lo, hi]". */
export function formatInterval(point: number, lo: number, hi: number, decimals: number): string {
  return `${formatFixed(point, decimals)} [${formatFixed(lo, decimals)}, ${formatFixed(hi, decimals)}]`;
}

/** "mean ± pm". */
export function formatPlusMinus(mean: number, pm: number, decimals: number): string {
  return `${formatFixed(mean, decimals)} ± ${formatFixed(pm, decimals)}`;
}

const LATEX_TEXT: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "{": "\\{",
  "}": "\\}",
  $: "\\$",
  "&": "\\&",
  "#": "\\#",
  "%": "\\%",
  _: "\\_",
  "^": "\\textasciicircum{}",
  "~": "\\textasciitilde{}",
  "<": "\\textless{}",
  ">": "\\textgreater{}",
  "|": "\\textbar{}",
  "±": "$\\pm$",
  "×": "$\\times$",
  "≤": "$\\leq$",
  "≥": "$\\geq$",
  "≈": "$\\approx$",
  "≠": "$\\neq$",
  "→": "$\\rightarrow$",
  "←": "$\\leftarrow$",
  "∞": "$\\infty$",
  "−": "$-$",
  "–": "--",
  "—": "---",
  "α": "$\\alpha$",
  "β": "$\\beta$",
  "γ": "$\\gamma$",
  "δ": "$\\delta$",
  "ε": "$\\epsilon$",
  "η": "$\\eta$",
  "θ": "$\\theta$",
  "λ": "$\\lambda$",
  "μ": "$\\mu$",
  "π": "$\\pi$",
  "ρ": "$\\rho$",
  "σ": "$\\sigma$",
  "τ": "$\\tau$",
  "φ": "$\\phi$",
  "ψ": "$\\psi$",
  "ω": "$\\omega$",
};
const LATEX_RE = new RegExp(`[${Object.keys(LATEX_TEXT).map((c) => c.replace(/[\\\]^-]/g, "\\$&")).join("")}]`, "gu");

/**
 * Escape text for LaTeX text mode: the specials \ { } $ & # % _ ^ ~ (and < > | which
 * print wrongly in OT1), Unicode math symbols and common Greek letters → inline math,
 * en/em dashes → -- / ---, line breaks → spaces. One pass, so replacements are never
 * re-escaped.
 */
export function escapeLatex(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(LATEX_RE, (c) => LATEX_TEXT[c]!);
}

/** Typeset ASCII minus signs in front of digits as math minus (for numeric cells). */
export function latexMinus(escaped: string): string {
  return escaped.replace(/(^|[\s[(,])-(?=[\d.])/g, "$1$-$");
}

/** Escape a Markdown table cell: "|" → "\|", line breaks → spaces. */
export function escapeMarkdownCell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

/** `digits` significant digits; magnitudes outside [1e-3, 1e4) in scientific notation; 0 → "0"; NaN → "—". */
export function formatSignificant(x: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 1 || digits > 21) {
    throw new ReproError(`significant digits must be an integer in [1, 21], got ${digits}`);
  }
  if (Number.isNaN(x)) return "—";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e4 ? String(Number(x.toPrecision(digits))) : x.toExponential(digits - 1);
}
