/**
 * Image grids: observations (uint8 RGB, height × width × 3, row-major HWC) laid out in rows
 * of `columns` panels with optional titles. Each image is embedded once as a PNG data URL in a
 * plotly `image` trace, which keeps the figure JSON about as small as the images themselves.
 */

import { ReproError } from "../../core/errors.js";
import { Figure, type Layout, type Trace } from "./figure.js";
import { FONT_FAMILY, PAPER_STYLE } from "./style.js";
import { encodePng as encodePngRgb } from "../../core/png.js";
import { requireNonEmpty, requirePositiveInt } from "./validate.js";

export interface GridImage {
  /** height × width × 3 bytes, row-major, channels last (RGB). */
  pixels: Uint8Array | ArrayLike<number>;
  height: number;
  width: number;
  title?: string;
}

export interface ImageGridOptions {
  title?: string;
  /** Panels per row (default: min(count, 4)). */
  columns?: number;
  /** Figure width in px (default 640); the height follows from the images' aspect ratio. */
  width?: number;
}

const FIG = "imageGrid";

/** Validated uint8 copy of an image's pixels. */
export function imageBytes(img: GridImage, index: number): Uint8Array {
  const h = requirePositiveInt(img?.height, `image ${index} height`, FIG);
  const w = requirePositiveInt(img?.width, `image ${index} width`, FIG);
  const px = img.pixels;
  if (!px || typeof px.length !== "number") throw new ReproError(`${FIG}: image ${index} has no pixels array`);
  if (px.length !== h * w * 3) {
    throw new ReproError(
      `${FIG}: image ${index} has ${px.length} values but height×width×3 = ${h}×${w}×3 = ${h * w * 3}; pass uint8 RGB in HWC order`,
    );
  }
  if (px instanceof Uint8Array) return px;
  const out = new Uint8Array(px.length);
  for (let i = 0; i < px.length; i++) {
    const v = px[i]!;
    if (!Number.isInteger(v) || v < 0 || v > 255) {
      throw new ReproError(`${FIG}: image ${index} value ${i} is ${v}; pass integers in 0..255 (uint8 RGB)`);
    }
    out[i] = v;
  }
  return out;
}

export function imageGrid(images: readonly GridImage[], opts: ImageGridOptions = {}): Figure {
  requireNonEmpty(images, "images", FIG);
  const bytes = images.map((img, i) => imageBytes(img, i));
  const n = images.length;
  const columns = opts.columns === undefined ? Math.min(n, 4) : requirePositiveInt(opts.columns, "columns", FIG);
  const rows = Math.ceil(n / columns);
  const hasTitles = images.some((img) => img.title);
  const width = opts.width ?? PAPER_STYLE.width;
  const margin = { l: 4, r: 4, t: opts.title ? 40 : 4, b: 4 };
  const gapPx = 8;
  const titlePx = hasTitles ? 22 : 0;
  const aspect = Math.max(...images.map((img) => img.height / img.width));
  const cellW = (width - margin.l - margin.r - gapPx * (columns - 1)) / columns;
  const cellH = cellW * aspect;
  const plotH = rows * (cellH + titlePx) + gapPx * (rows - 1);
  const height = Math.round(plotH + margin.t + margin.b);
  const plotW = width - margin.l - margin.r;

  const traces: Trace[] = [];
  const layout: Layout = {
    width,
    height,
    font: { family: FONT_FAMILY, size: PAPER_STYLE.fontSize, color: "#000000" },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    margin,
    showlegend: false,
    hovermode: "closest",
  };
  if (opts.title) {
    layout.title = { text: opts.title, font: { size: PAPER_STYLE.titleSize }, x: 0.5, xanchor: "center" };
  }
  const annotations: Record<string, unknown>[] = [];
  images.forEach((img, i) => {
    const r = Math.floor(i / columns);
    const c = i % columns;
    const suffix = i === 0 ? "" : String(i + 1);
    const x0 = (c * (cellW + gapPx)) / plotW;
    const x1 = (c * (cellW + gapPx) + cellW) / plotW;
    // Row 0 at the top: paper y runs upwards from the bottom of the plot area.
    const top = 1 - (r * (cellH + titlePx + gapPx)) / plotH;
    const imgTop = top - titlePx / plotH;
    const imgBottom = imgTop - cellH / plotH;
    const png = encodePngRgb(bytes[i]!, img.width, img.height);
    traces.push({
      type: "image",
      source: `data:image/png;base64,${png.toString("base64")}`,
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
      hoverinfo: "x+y",
      name: img.title ?? `image ${i}`,
    });
    const hidden = { visible: false, showgrid: false, zeroline: false, constrain: "domain", fixedrange: false };
    layout[`xaxis${suffix}`] = { ...hidden, domain: [x0, x1], range: [-0.5, img.width - 0.5], anchor: `y${suffix}` };
    layout[`yaxis${suffix}`] = {
      ...hidden,
      domain: [Math.max(0, imgBottom), Math.min(1, imgTop)],
      range: [img.height - 0.5, -0.5],
      anchor: `x${suffix}`,
      scaleanchor: `x${suffix}`,
    };
    if (img.title) {
      annotations.push({
        text: img.title,
        xref: "paper",
        yref: "paper",
        x: (x0 + x1) / 2,
        y: imgTop,
        xanchor: "center",
        yanchor: "bottom",
        showarrow: false,
        font: { size: PAPER_STYLE.legendSize },
      });
    }
  });
  if (annotations.length) layout.annotations = annotations;
  return new Figure("image-grid", traces, layout);
}
