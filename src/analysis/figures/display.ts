/**
 * Notebook display of a figure as ONE Jupyter `display_data` mime bundle:
 *
 * - `application/vnd.plotly.v1+json` — {data, layout, config}: interactive wherever a plotly
 *   renderer extension is installed (JupyterLab / Notebook 7 with plotly's extension);
 * - `image/svg+xml` (or `image/png`) — a static rendering made by the shared headless browser,
 *   for static viewers (GitHub, nbviewer) and frontends without the plotly renderer;
 * - `text/html` — the same static image inline (HTML outranks images in Jupyter's renderer
 *   order, so it must carry the picture itself) plus a relative link to the exported
 *   interactive `.html` when the figure was exported;
 * - `text/plain` — a one-line description.
 *
 * The plotly bundle is never inlined into the notebook, so notebooks stay small. Without a
 * browser the bundle holds the plotly JSON and a text/plain note. Outside a kernel `show()`
 * prints one line (the exported path, or how to export) and displays nothing.
 */

import * as path from "node:path";
import type { Figure } from "./figure.js";
import { browserAvailable, noBrowserMessage, renderImage } from "./browser.js";
import { plotlyConfig } from "./html.js";
import { tslabDisplayHook } from "../../notebook/display.js";

export { tslabDisplayHook };

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

export interface ShowOptions {
  /** Static image kind in the bundle (default "svg": vector, small for line plots). */
  static?: "svg" | "png";
  /** PNG scale factor (default 2, drawn at 1× CSS size so it stays sharp on hi-dpi screens). */
  scale?: number;
  /** Link target for the interactive version; default: the latest export's HTML, relative to cwd. */
  link?: string | false;
  /** Alt text of the static image (default: the figure title or kind). */
  alt?: string;
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

function escapeAttr(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function figureTitle(fig: Figure): string | undefined {
  const t = fig.layout.title as { text?: unknown } | undefined;
  return typeof t?.text === "string" ? t.text : undefined;
}

/** The default link: the latest export's HTML, relative to the working directory (the notebook's folder). */
function defaultLink(fig: Figure): string | undefined {
  const html = fig.lastExport?.html;
  if (!html) return undefined;
  return path.relative(process.cwd(), html).split(path.sep).join("/");
}

/**
 * Builds the mime bundle for `fig`. `staticImage` is the rendered SVG text or PNG bytes
 * (undefined when no browser was available).
 */
export function figureBundle(
  fig: Figure,
  staticImage: { format: "svg"; svg: string } | { format: "png"; png: Buffer } | undefined,
  opts: { link?: string; alt?: string; note?: string } = {},
): MimeBundle {
  const spec = fig.toJSON();
  const title = figureTitle(fig);
  const bundle: MimeBundle = {
    [PLOTLY_MIME]: { data: spec.data, layout: spec.layout, config: plotlyConfig(title ?? fig.kind) },
  };
  const linkHtml = opts.link
    ? `<div style="font-size:12px;margin-top:2px"><a href="${escapeAttr(opts.link)}" target="_blank">interactive version</a></div>`
    : "";
  const alt = escapeAttr(opts.alt ?? title ?? `${fig.kind} figure`);
  if (staticImage) {
    let src: string;
    if (staticImage.format === "svg") {
      bundle["image/svg+xml"] = staticImage.svg;
      src = `data:image/svg+xml;base64,${Buffer.from(staticImage.svg, "utf8").toString("base64")}`;
    } else {
      const b64 = staticImage.png.toString("base64");
      bundle["image/png"] = b64;
      src = `data:image/png;base64,${b64}`;
    }
    bundle["text/html"] =
      `<div class="reprorl-figure"><img src="${src}" width="${fig.width}" height="${fig.height}" ` +
      `alt="${alt}" style="max-width:100%;height:auto">${linkHtml}</div>`;
  }
  const where = opts.link ? `; interactive: ${opts.link}` : "";
  const note = opts.note ? ` (${opts.note})` : "";
  bundle["text/plain"] = `<${fig.kind} figure${title ? ` "${title}"` : ""}: ${fig.data.length} traces${where}>${note}`;
  return bundle;
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
  const format = opts.static ?? "svg";
  let staticImage: Parameters<typeof figureBundle>[1];
  let note: string | undefined;
  if (!browserAvailable()) {
    note = noBrowserMessage();
  } else {
    try {
      staticImage =
        format === "svg"
          ? { format, svg: await renderImage(fig.toJSON(), "svg") }
          : { format, png: await renderImage(fig.toJSON(), "png", { scale: opts.scale ?? 2 }) };
    } catch (err) {
      note = `static image failed: ${String((err as Error).message ?? err).split("\n")[0]}`;
    }
  }
  const data = figureBundle(fig, staticImage, { link, alt: opts.alt, note });
  hook({ data, metadata: {}, transient: {} }, false);
  return { displayed: true, mimeTypes: Object.keys(data), note };
}
