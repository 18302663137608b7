/**
 * A gallery of one figure of each kind, rendered to PNG, for a person to look at the paper
 * style. Data are synthetic and seeded. Run after a build:
 *   node -e 'require("./dist/analysis/figures/gallery.js").renderGallery("/tmp/gallery").then(console.log)'
 */

import * as fs from "node:fs";
import * as path from "node:path";
import { Rng } from "../../core/rng.js";
import { barChart } from "./bars.js";
import { closeBrowser, renderImage } from "./browser.js";
import { writeFileAtomic } from "./export.js";
import type { Figure } from "./figure.js";
import { heatmap } from "./heatmap.js";
import { histogram } from "./histogram.js";
import { imageGrid, type GridImage } from "./imageGrid.js";
import { learningCurves, type CurveSeries } from "./learningCurves.js";
import { scatterXY } from "./scatter.js";

/** Synthetic learning curves: saturating returns with seed noise, mean ± 1.96·SE band. */
function demoCurves(rng: Rng): CurveSeries[] {
  const steps = Array.from({ length: 51 }, (_, i) => i * 10_000);
  const methods: [string, number, number][] = [
    ["SAC+AE", 820, 120_000],
    ["SAC (pixels)", 420, 200_000],
    ["SAC (state)", 900, 60_000],
  ];
  return methods.map(([name, top, tau]) => {
    const seeds = 5;
    const mean: number[] = [];
    const lower: number[] = [];
    const upper: number[] = [];
    for (const t of steps) {
      const runs = Array.from({ length: seeds }, () => top * (1 - Math.exp(-t / tau)) + rng.normal(0, 40));
      const m = runs.reduce((a, b) => a + b, 0) / seeds;
      const sd = Math.sqrt(runs.reduce((a, b) => a + (b - m) ** 2, 0) / (seeds - 1));
      const half = (1.96 * sd) / Math.sqrt(seeds);
      mean.push(m);
      lower.push(m - half);
      upper.push(m + half);
    }
    return { name, x: steps, y: mean, lower, upper };
  });
}

/** A procedural 64×64 observation: a coloured disc on a gradient floor. */
function demoObservation(t: number): GridImage {
  const h = 64;
  const w = 64;
  const px = new Uint8Array(h * w * 3);
  const cx = 16 + t * 8;
  const cy = 32 + 10 * Math.sin(t);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const i = (r * w + c) * 3;
      const inDisc = (r - cy) ** 2 + (c - cx) ** 2 < 64;
      const floor = r > 44;
      px[i] = inDisc ? 213 : floor ? 90 + r : 230;
      px[i + 1] = inDisc ? 94 : floor ? 70 + r : 235;
      px[i + 2] = inDisc ? 0 : floor ? 40 : 245 - r;
    }
  }
  return { pixels: px, height: h, width: w, title: `t = ${t}` };
}

/** One figure of each kind, with seeded synthetic data. */
export function galleryFigures(seed = 0): Record<string, Figure> {
  const rng = new Rng(seed);
  const n = 8;
  const pts = Array.from({ length: n }, () => [rng.uniform(), rng.uniform()] as const);
  const dist = pts.map((p) => pts.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1])));
  const exact = Array.from({ length: 60 }, () => rng.uniformIn(0, 2));
  const learned = exact.map((d) => d * 0.9 + rng.normal(0, 0.1));
  return {
    "learning-curves": learningCurves(demoCurves(rng.fork("curves")), {
      xTitle: "environment steps",
      yTitle: "episode return",
      bandLabel: "95% CI",
    }),
    bars: barChart(
      ["cartpole", "cheetah", "walker", "finger"],
      [
        { name: "ours", values: [850, 640, 930, 880], lower: [800, 590, 900, 820], upper: [890, 700, 960, 930] },
        { name: "paper", values: [860, 660, 920, 900], lower: [840, 630, 900, 870], upper: [880, 690, 940, 930] },
      ],
      { yTitle: "return at 500k steps" },
    ),
    heatmap: heatmap(dist, {
      xLabels: pts.map((_, i) => `s${i}`),
      yLabels: pts.map((_, i) => `s${i}`),
      colorbarTitle: "distance",
      title: "state distances",
    }),
    histogram: histogram(
      [
        { name: "π-metric", values: Array.from({ length: 800 }, () => rng.gamma(2) * 0.5) },
        { name: "MICo", values: Array.from({ length: 800 }, () => rng.gamma(4) * 0.4) },
      ],
      { xTitle: "distance", density: true },
    ),
    scatter: scatterXY([{ name: "state pairs", x: exact, y: learned }], {
      xTitle: "exact bisimulation distance",
      yTitle: "learned distance",
      width: 460,
      height: 440,
    }),
    "image-grid": imageGrid([0, 1, 2, 3, 4, 5].map(demoObservation), { columns: 3, title: "observations" }),
  };
}

/** Renders every gallery figure to `<outDir>/<kind>.png` (scale 2); returns the paths. */
export async function renderGallery(outDir: string): Promise<string[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  try {
    for (const [kind, fig] of Object.entries(galleryFigures())) {
      const png = await renderImage(fig.toJSON(), "png", { scale: 2 });
      const file = path.join(outDir, `${kind}.png`);
      writeFileAtomic(file, png);
      written.push(file);
    }
  } finally {
    await closeBrowser();
  }
  return written;
}
