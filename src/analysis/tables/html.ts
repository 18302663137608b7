/**
 * Tables for notebook display: one Jupyter mime bundle per table with
 * - `text/html` — a real table (header row, one row per record, numbers right-aligned, long
 *   text wrapping inside its column) whose verdict cells are marked by colour AND a symbol
 *   (✓ reproduced, ✗ not reproduced, ? inconclusive, – not reproducible here; ✓/✗ for a
 *   passed yes/no column), so they stand apart even where the colours are stripped (untrusted
 *   notebooks, GitHub). Styles are inline: no stylesheet has to survive sanitising;
 * - `text/markdown` — the same table as GitHub Markdown (what `tables/<name>.md` holds);
 * - `text/plain` — that Markdown, padded into aligned columns: readable in a terminal.
 * The cells are the formatted cells of {@link displayTable}, as in the exported files.
 */
import type { DataFrame } from "danfojs-node";
import { VERDICT_KINDS } from "../verdict/index.js";
import { displayTable, toMarkdown, type TableFormat } from "./table.js";

export type Tone = "good" | "bad" | "unsure" | "none";

const TONE_STYLE: Record<Tone, { symbol: string; style: string }> = {
  good: { symbol: "✓", style: "background:#dcf2dc;color:#14532d" },
  bad: { symbol: "✗", style: "background:#fbdcdc;color:#7f1d1d" },
  unsure: { symbol: "?", style: "background:#fdf1c7;color:#713f12" },
  none: { symbol: "–", style: "background:#ececec;color:#374151" },
};

const VERDICT_TONE: Record<(typeof VERDICT_KINDS)[number], Tone> = {
  reproduced: "good",
  "not reproduced": "bad",
  inconclusive: "unsure",
  "not reproducible here": "none",
};

/** The tone of a cell: a verdict anywhere, or yes/no in a pass column; undefined for ordinary cells. */
export function cellTone(header: string, text: string): Tone | undefined {
  if (Object.hasOwn(VERDICT_TONE, text)) return VERDICT_TONE[text as keyof typeof VERDICT_TONE];
  if (/^(passed|pass|ok|holds)$/i.test(header)) {
    if (/^(yes|true)$/i.test(text)) return "good";
    if (/^(no|false)$/i.test(text)) return "bad";
  }
  return undefined;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const TABLE_STYLE = "border-collapse:collapse;table-layout:auto;margin:0;font-size:13px;line-height:1.35";
const CELL_STYLE = "padding:4px 8px;border-bottom:1px solid #d0d7de;vertical-align:top;white-space:normal";
/** Long text columns wrap at this width instead of stretching the table off the page. */
const MAX_TEXT_WIDTH = "28em";

/** The table as HTML (inline styles; verdict cells coloured and marked, class `verdict-<tone>`). */
export function toHtml(df: DataFrame, fmt: TableFormat = {}, title?: string): string {
  const t = displayTable(df, fmt);
  const align = (j: number) => (t.align[j] === "r" ? "right" : t.align[j] === "c" ? "center" : "left");
  const head = t.headers
    .map((h, j) => `<th style="${CELL_STYLE};border-bottom:2px solid #57606a;text-align:${align(j)};white-space:nowrap">${escapeHtml(h)}</th>`)
    .join("");
  const rows = t.cells.map((row) => {
    const tds = row.map((cell, j) => {
      const tone = cellTone(t.headers[j]!, cell);
      if (tone !== undefined) {
        const { symbol, style } = TONE_STYLE[tone];
        return `<td class="verdict verdict-${tone}" style="${CELL_STYLE};${style};font-weight:600;white-space:nowrap;text-align:left">${symbol} ${escapeHtml(cell)}</td>`;
      }
      const width = t.numeric[j] ? "white-space:nowrap" : `max-width:${MAX_TEXT_WIDTH}`;
      return `<td style="${CELL_STYLE};text-align:${align(j)};${width}">${escapeHtml(cell)}</td>`;
    });
    return `<tr>${tds.join("")}</tr>`;
  });
  const caption = title ? `<caption style="caption-side:top;text-align:left;font-weight:bold;padding:4px 0">${escapeHtml(title)}</caption>` : "";
  return `<table class="reprorl-table" style="${TABLE_STYLE}">${caption}<thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/** The display bundle of one table: text/html, text/markdown and text/plain. */
export function tableBundle(df: DataFrame, fmt: TableFormat = {}, title?: string): Record<string, string> {
  const markdown = toMarkdown(df, fmt);
  return {
    "text/html": toHtml(df, fmt, title),
    "text/markdown": (title ? `**${title}**\n\n` : "") + markdown,
    "text/plain": (title ? `${title}\n\n` : "") + markdown,
  };
}
