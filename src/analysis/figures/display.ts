/**
 * Notebook display of a figure as one Jupyter `display_data` mime bundle:
 *
 * - `application/vnd.plotly.v1+json` — {data, layout, config}: interactive wherever a plotly
 *   renderer extension is installed (JupyterLab / Notebook 7 with plotly's extension, VS Code).
 *   Left out for image grids, whose plotly data would be the images a second time;
 * - `image/png` (default) or `image/svg+xml` — a static rendering made by the shared headless
 *   browser. PNG is the default because Jupyter renders it in untrusted notebooks too (an
 *   executed notebook someone else made is untrusted; JupyterLab will not render its SVG), and
 *   GitHub and nbviewer show it; it is also small for dense scatters and heatmaps;
 * - `text/plain` — a one-line description.
 * It is followed by a second, tiny output (notebook.ts): a script that makes the figure
 * interactive in the trusted classic Notebook with the project's one plotly bundle, and the
 * Markdown link to the exported interactive `.html` (relative to the notebook's folder).
 *
 * The plotly bundle is never inlined into the notebook, so notebooks stay small. Without a
 * browser the bundle holds the plotly JSON and a text/plain note. Outside a kernel `show()`
 * prints one line (the exported path, or how to export) and displays nothing.
 */

import * as path from "node:path";
import type { Figure } from "./figure.js";
import { browserAvailable, noBrowserMessage, renderImage } from "./browser.js";
import { plotlyConfig } from "./html.js";
import { tslabDisplayHook } from "../../core/display.js";
import { interactiveBundle, plotlyBundleLink } from "./notebook.js";

export { tslabDisplayHook };

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

export interface ShowOptions {
  /** Static image kind in the bundle (default "png": rendered everywhere, trusted or not). */
  static?: "png" | "svg";
  /** PNG scale factor (default 1: the figure's own pixel size, keeps notebooks small; 2 for hi-dpi). */
  scale?: number;
  /** Link target for the interactive version; default: the latest export's HTML, relative to {@link outputsBaseDir}. */
  link?: string | false;
}

export interface ShowResult {
  /** True when a display_data message was sent to a Jupyter kernel's frontend. */
  displayed: boolean;
  /** The mime types of the bundle (sent or, outside a kernel, that would have been sent). */
  mimeTypes: string[];
  /** Why the static image is missing, when it is. */
  note?: string;
}

export type MimeBundle = Record<string, unknown>;

function figureTitle(fig: Figure): string | undefined {
  const t = fig.layout.title as { text?: unknown } | undefined;
  return typeof t?.text === "string" ? t.text : undefined;
}

/**
 * The folder paths in a notebook's outputs are relative to: where the executed notebook is
 * written when the reprorl runner executes it (it sets REPRORL_OUTPUT_DIR: `reprorl reproduce`
 * writes the copy under figures/, not beside the source), else the working directory (Jupyter
 * runs a kernel in the notebook's folder).
 */
export function outputsBaseDir(): string {
  return process.env["REPRORL_OUTPUT_DIR"] || process.cwd();
}

/** The default link: the latest export's HTML, relative to {@link outputsBaseDir}. */
function defaultLink(fig: Figure): string | undefined {
  const html = fig.lastExport?.html;
  if (!html) return undefined;
  return path.relative(outputsBaseDir(), html).split(path.sep).join("/");
}

/**
 * Builds the mime bundle for `fig`. `staticImage` is the rendered SVG text or PNG bytes
 * (undefined when no browser was available).
 */
export function figureBundle(
  fig: Figure,
  staticImage: { format: "svg"; svg: string } | { format: "png"; png: Buffer } | undefined,
  opts: { link?: string; note?: string } = {},
): MimeBundle {
  const spec = fig.toJSON();
  const title = figureTitle(fig);
  const bundle: MimeBundle = {};
  if (fig.kind !== "image-grid" || !staticImage) {
    bundle[PLOTLY_MIME] = { data: spec.data, layout: spec.layout, config: plotlyConfig(title ?? fig.kind) };
  }
  if (staticImage?.format === "svg") bundle["image/svg+xml"] = staticImage.svg;
  if (staticImage?.format === "png") bundle["image/png"] = staticImage.png.toString("base64");
  const where = opts.link ? `; interactive: ${opts.link}` : "";
  const note = opts.note ? ` (${opts.note})` : "";
  bundle["text/plain"] = `<${fig.kind} figure${title ? ` "${title}"` : ""}: ${fig.data.length} traces${where}>${note}`;
  return bundle;
}

/** The small output that follows an exported figure: a link to its interactive HTML. */
export function linkBundle(link: string): MimeBundle {
  return { "text/markdown": `[interactive version](${encodeURI(link)})`, "text/plain": `interactive: ${link}` };
}

export async function showFigure(fig: Figure, opts: ShowOptions = {}): Promise<ShowResult> {
  const link = opts.link === false ? undefined : (opts.link ?? defaultLink(fig));
  const hook = tslabDisplayHook();
  if (!hook) {
    // Not in a kernel: say where the figure is instead of rendering anything.
    const msg = fig.lastExport
      ? `figure: ${fig.lastExport.paths.join(", ")}`
      : `figure (${fig.kind}, ${fig.data.length} traces): not in a notebook; call fig.export(chapterId, name) to write files`;
    console.log(msg);
    return { displayed: false, mimeTypes: [] };
  }
  const format = opts.static ?? "png";
  let staticImage: Parameters<typeof figureBundle>[1];
  let note: string | undefined;
  if (!browserAvailable()) {
    note = noBrowserMessage();
  } else {
    try {
      staticImage =
        format === "svg"
          ? { format, svg: await renderImage(fig.toJSON(), "svg") }
          : { format, png: await renderImage(fig.toJSON(), "png", { scale: opts.scale ?? 1 }) };
    } catch (err) {
      note = `static image failed: ${String((err as Error).message ?? err).split("\n")[0]}`;
    }
  }
  const data = figureBundle(fig, staticImage, { ...(link !== undefined ? { link } : {}), ...(note !== undefined ? { note } : {}) });
  hook({ data, metadata: {}, transient: {} }, false);
  hook({ data: interactiveBundle(link, plotlyBundleLink(outputsBaseDir())), metadata: {}, transient: {} }, false);
  return { displayed: true, mimeTypes: Object.keys(data), ...(note !== undefined ? { note } : {}) };
}
