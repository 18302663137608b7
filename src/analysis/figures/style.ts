/**
 * Paper style: the default look of every figure.
 *
 * Colours are the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), distinguishable
 * under the common colour-vision deficiencies; the order puts the high-contrast hues first and
 * the pale yellow last. Continuous data use Viridis (perceptually uniform, colour-blind safe).
 * Text is a sans-serif stack that resolves to Arial/Helvetica where installed and to the
 * metric-compatible Liberation Sans on Debian, at sizes that stay legible when a 640 px wide
 * figure is scaled to one column of a two-column paper.
 */

/** Okabe–Ito colours, in the order series are coloured. */
export const OKABE_ITO: readonly string[] = [
  "#0072B2", // blue
  "#D55E00", // vermillion
  "#009E73", // bluish green
  "#CC79A7", // reddish purple
  "#E69F00", // orange
  "#56B4E9", // sky blue
  "#000000", // black
  "#F0E442", // yellow
];

/** Neutral grey for reference lines (y = x) and annotations. */
export const REFERENCE_GREY = "#7f7f7f";

export const FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, 'DejaVu Sans', sans-serif";

export const PAPER_STYLE = {
  width: 640,
  height: 400,
  fontSize: 14,
  titleSize: 16,
  tickSize: 12,
  legendSize: 12,
  lineWidth: 2,
  bandOpacity: 0.2,
  colorscale: "Viridis",
} as const;

/** Colour of the i-th series (cycles through the palette). */
export function seriesColor(i: number): string {
  return OKABE_ITO[((i % OKABE_ITO.length) + OKABE_ITO.length) % OKABE_ITO.length]!;
}

/** `#rrggbb` → `rgba(r,g,b,alpha)`. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => parseInt(h, 16));
  return `rgba(${r},${g},${b},${alpha})`;
}

/** Options every figure builder accepts. */
export interface CommonOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Pixel size of the figure (also the size of exported images at scale 1). */
  width?: number;
  height?: number;
  logX?: boolean;
  logY?: boolean;
  /** Show the legend (default: when there is more than one named series). */
  showLegend?: boolean;
}

type Layout = Record<string, unknown>;

/** An axis in paper style: black line on two sides, outward ticks, no grid clutter. */
export function paperAxis(title: string | undefined, log: boolean | undefined): Layout {
  return {
    title: title ? { text: title, font: { size: PAPER_STYLE.fontSize } } : undefined,
    type: log ? "log" : "linear",
    showline: true,
    linecolor: "#000000",
    linewidth: 1,
    mirror: false,
    ticks: "outside",
    ticklen: 4,
    tickwidth: 1,
    tickcolor: "#000000",
    tickfont: { size: PAPER_STYLE.tickSize },
    showgrid: true,
    gridcolor: "#e5e5e5",
    gridwidth: 1,
    zeroline: false,
    automargin: true,
  };
}

/** The base layout shared by all figures; builders add axes and kind-specific parts. */
export function paperLayout(opts: CommonOptions, showLegendDefault: boolean): Layout {
  const layout: Layout = {
    width: opts.width ?? PAPER_STYLE.width,
    height: opts.height ?? PAPER_STYLE.height,
    font: { family: FONT_FAMILY, size: PAPER_STYLE.fontSize, color: "#000000" },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    colorway: [...OKABE_ITO],
    margin: { l: 64, r: 16, t: opts.title ? 48 : 16, b: 56 },
    showlegend: opts.showLegend ?? showLegendDefault,
    legend: {
      font: { size: PAPER_STYLE.legendSize },
      bgcolor: "rgba(255,255,255,0.8)",
      borderwidth: 0,
    },
    hovermode: "closest",
    xaxis: paperAxis(opts.xTitle, opts.logX),
    yaxis: paperAxis(opts.yTitle, opts.logY),
  };
  if (opts.title) {
    layout.title = { text: opts.title, font: { size: PAPER_STYLE.titleSize }, x: 0.5, xanchor: "center" };
  }
  return layout;
}
