/**
 * `Figure`: a plotly figure spec ({data, layout}) in paper style, plus the two things a
 * notebook does with it: `show()` (one rich display in Jupyter) and `export()` (files under
 * `figures/<chapter-id>/`). Builders in this folder validate their input and construct it.
 */

import { showFigure, type ShowOptions } from "./display.js";
import { exportFigure, type ExportOptions, type ExportResult } from "./export.js";
import { figureHtml } from "./html.js";

export type FigureKind = "learning-curves" | "bars" | "heatmap" | "histogram" | "scatter" | "image-grid";

export type Trace = Record<string, unknown> & { type: string };
export type Layout = Record<string, unknown>;

/** The JSON that plotly (and the `application/vnd.plotly.v1+json` mime type) takes. */
export interface PlotlyFigureJson {
  data: Trace[];
  layout: Layout;
}

export class Figure {
  /** Paths written by the latest `export()`; `show()` links to its HTML. */
  lastExport: ExportResult | undefined;

  constructor(
    readonly kind: FigureKind,
    readonly data: Trace[],
    readonly layout: Layout,
  ) {}

  get width(): number {
    return typeof this.layout.width === "number" ? this.layout.width : 640;
  }

  get height(): number {
    return typeof this.layout.height === "number" ? this.layout.height : 400;
  }

  /** A deep, JSON-safe copy of the spec (NaN → null, undefined fields dropped). */
  toJSON(): PlotlyFigureJson {
    return JSON.parse(JSON.stringify({ data: this.data, layout: this.layout })) as PlotlyFigureJson;
  }

  /** A self-contained HTML page (plotly inlined once, no network) that draws this figure. */
  toHtml(title: string = this.kind): string {
    return figureHtml(this.toJSON(), title);
  }

  /**
   * Display in a Jupyter notebook (tslab kernel) as one mime bundle: plotly JSON (interactive
   * where plotly's renderer is installed) and a static PNG (or SVG), followed by a link to the
   * exported HTML when there is one. Outside a kernel it only prints a one-line note.
   * `await` it in a cell so the output lands in that cell. Resolves to nothing (tslab would
   * print a returned value under the figure); `showFigure(fig)` returns what was sent.
   */
  async show(opts: ShowOptions = {}): Promise<void> {
    await showFigure(this, opts);
  }

  /**
   * Write `figures/<chapterId>/<name>.html` (always) and the requested static formats
   * (default svg, png, pdf; these need headless Chromium). Returns the written paths.
   */
  async export(chapterId: string, name: string, opts: ExportOptions = {}): Promise<ExportResult> {
    const result = await exportFigure(this, chapterId, name, opts);
    this.lastExport = result;
    return result;
  }
}
