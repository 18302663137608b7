/**
 * Self-contained HTML for a figure: the local plotly.js bundle inlined once, the figure JSON,
 * and a call to `Plotly.newPlot`. No script or stylesheet is loaded from the network, so the
 * page works offline and from `file://`. Output is deterministic (no timestamps) so committed
 * figures only change when the figure does.
 */

import * as fs from "node:fs";
import { ReproError } from "../../core/errors.js";
import type { PlotlyFigureJson } from "./figure.js";

/** Module ids tried in order: a minified bundle when installed, else plotly.js-dist's full one. */
const PLOTLY_CANDIDATES = ["plotly.js-dist-min/plotly.min.js", "plotly.js-dist/plotly.js"];

let plotlyCache: { path: string; source: string; version: string } | null = null;

/** Path of the local plotly.js bundle. */
export function plotlyBundlePath(): string {
  for (const id of PLOTLY_CANDIDATES) {
    try {
      return require.resolve(id);
    } catch {
      // try the next candidate
    }
  }
  throw new ReproError("plotly.js-dist is not installed; run npm ci in the reprorl folder");
}

/** The plotly.js bundle source and version (read once per process). */
export function plotlySource(): { path: string; source: string; version: string } {
  if (plotlyCache === null) {
    const file = plotlyBundlePath();
    let source = fs.readFileSync(file, "utf8");
    // A literal "</script" would end the inline script early; the 4.x bundles contain none, but
    // guard anyway ("<\/" is the same string inside JS string literals, where such text lives).
    source = source.replace(/<\/(script)/gi, "<\\/$1");
    const m = /exports\.version\s*=\s*["'](\d+\.\d+\.\d+)["']/.exec(source.slice(0, 200_000));
    plotlyCache = { path: file, source, version: m?.[1] ?? "unknown" };
  }
  return plotlyCache;
}

/** JSON that is safe inside an HTML <script> element. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Plotly config used in exported pages: no logo, no cloud links, SVG download button. */
export function plotlyConfig(filename: string): Record<string, unknown> {
  return {
    displaylogo: false,
    showLink: false,
    showSendToCloud: false,
    responsive: false,
    toImageButtonOptions: { format: "svg", filename },
  };
}

/** A complete HTML page drawing `fig` into `<div id="figure">`. */
export function figureHtml(fig: PlotlyFigureJson, title: string): string {
  const { source, version } = plotlySource();
  const width = typeof fig.layout.width === "number" ? fig.layout.width : 640;
  const height = typeof fig.layout.height === "number" ? fig.layout.height : 400;
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    "<style>html,body{margin:0;padding:0;background:#ffffff}</style>",
    `<script>/* plotly.js ${version} (MIT license), inlined so this page needs no network */\n${source}\n</script>`,
    "</head>",
    "<body>",
    `<div id="figure" class="reprorl-figure" style="width:${width}px;height:${height}px"></div>`,
    "<script>",
    `var spec = ${scriptSafeJson(fig)};`,
    `Plotly.newPlot("figure", spec.data, spec.layout, ${scriptSafeJson(plotlyConfig(title))});`,
    "</script>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
