/**
 * Paper figures over plotly.js: builders for the figure kinds papers need, notebook display
 * (`fig.show()`) and export (`fig.export(chapterId, name)`) to self-contained HTML plus
 * SVG/PNG/PDF through the machine's headless Chromium.
 */

export { Figure, type FigureKind, type PlotlyFigureJson, type Trace, type Layout } from "./figure.js";
export { learningCurves, bandPolygon, curveFromInterval, type CurveSeries, type LearningCurveOptions } from "./learningCurves.js";
export { barChart, barsFromIntervals, type BarSeries, type BarOptions } from "./bars.js";
export { heatmap, matrixRows, type MatrixInput, type HeatmapOptions } from "./heatmap.js";
export {
  histogram,
  histogramEdges,
  histogramCounts,
  type HistogramSeries,
  type HistogramOptions,
} from "./histogram.js";
export { scatterXY, type ScatterSeries, type ScatterOptions } from "./scatter.js";
export { imageGrid, type GridImage, type ImageGridOptions } from "./imageGrid.js";
export { OKABE_ITO, PAPER_STYLE, FONT_FAMILY, seriesColor, type CommonOptions } from "./style.js";
export { figureHtml, plotlyBundlePath } from "./html.js";
export { figureBundle, showFigure, tslabDisplayHook, PLOTLY_MIME, linkBundle, type ShowOptions, type ShowResult } from "./display.js";
export {
  exportFigure,
  writeFileAtomic,
  STATIC_FORMATS,
  type StaticFormat,
  type ExportOptions,
  type ExportResult,
} from "./export.js";
export {
  findChromium,
  browserAvailable,
  closeBrowser,
  setBrowserIdleTimeout,
  renderImage,
  renderPdf,
  CHROMIUM_ARGS,
} from "./browser.js";
export { encodePng as encodePngRgb } from "../../core/png.js";
export * from "./notebook.js";
