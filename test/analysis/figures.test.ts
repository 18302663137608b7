import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Rng } from "../../src/core/rng.js";
import {
  barChart,
  barsFromIntervals,
  curveFromInterval,
  figureBundle,
  linkBundle,
  heatmap,
  histogram,
  histogramCounts,
  histogramEdges,
  imageGrid,
  learningCurves,
  OKABE_ITO,
  PLOTLY_MIME,
  scatterXY,
  showFigure,
  encodePngRgb,
  tslabDisplayHook,
  type Trace,
} from "../../src/analysis/figures/index.js";
import { exportFigure } from "../../src/analysis/figures/export.js";
import { plotlyBundlePath } from "../../src/analysis/figures/html.js";
import { findChromium } from "../../src/analysis/figures/browser.js";

const nodeRequire = createRequire(__filename);

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-fig-"));
}

/** Asserts `fn` throws a one-line ReproError whose message matches `re`. */
function expectReproError(fn: () => unknown, re: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, "expected a ReproError").toBeInstanceOf(Error);
  const err = caught as Error;
  expect(err.name).toBe("ReproError");
  expect(err.message).not.toContain("\n");
  expect(err.message).toMatch(re);
}

describe("learningCurves", () => {
  it("draws the CI band as one closed polygon between upper and lower, under the lines", () => {
    const fig = learningCurves(
      [
        { name: "A", x: [0, 1, 2], y: [1, 2, 3], lower: [0, 1, 2], upper: [2, 3, 4] },
        { name: "B", x: [0, 1, 2], y: [3, 2, 1] },
      ],
      { xTitle: "env steps", yTitle: "return", bandLabel: "95% CI" },
    );
    expect(fig.kind).toBe("learning-curves");
    expect(fig.data).toHaveLength(3); // one band + two lines
    const [band, lineA, lineB] = fig.data as [Trace, Trace, Trace];
    expect(band.fill).toBe("toself");
    // Forward along x over upper, back along reversed x over lower.
    expect(band.x).toEqual([0, 1, 2, 2, 1, 0]);
    expect(band.y).toEqual([2, 3, 4, 2, 1, 0]);
    expect(band.showlegend).toBe(false);
    expect(band.fillcolor).toBe("rgba(0,114,178,0.2)"); // Okabe–Ito blue #0072B2 at 20%
    expect(lineA.y).toEqual([1, 2, 3]);
    expect(lineA.name).toBe("A");
    expect((lineA.line as { color: string }).color).toBe(OKABE_ITO[0]);
    expect((lineB.line as { color: string }).color).toBe(OKABE_ITO[1]);
    expect(band.legendgroup).toBe(lineA.legendgroup);
    expect(fig.layout.showlegend).toBe(true);
    expect(((fig.layout.xaxis as { title: { text: string } }).title.text)).toBe("env steps");
  });

  it("leaves non-finite band points out of the polygon and shows NaN in the line as a gap", () => {
    const fig = learningCurves([
      { name: "A", x: [0, 1, 2], y: [1, NaN, 3], lower: [0, NaN, 2], upper: [2, 3, 4] },
    ]);
    const [band, line] = fig.data as [Trace, Trace];
    expect(band.x).toEqual([0, 2, 2, 0]);
    expect(band.y).toEqual([2, 4, 2, 0]);
    expect(line.y).toEqual([1, null, 3]);
    expect(fig.layout.showlegend).toBe(false);
  });

  it("rejects NaN-only, empty, mismatched and inverted input with one-line errors", () => {
    expectReproError(() => learningCurves([]), /series is empty/);
    expectReproError(() => learningCurves([{ name: "A", x: [0, 1], y: [NaN, NaN] }]), /"A" y has no finite value/);
    expectReproError(() => learningCurves([{ name: "A", x: [0, 1, 2], y: [1, 2] }]), /"A" y has 2 values but x has 3/);
    expectReproError(() => learningCurves([{ name: "A", x: [], y: [] }]), /"A" x is empty/);
    expectReproError(
      () => learningCurves([{ name: "A", x: [0, 1], y: [1, 2], lower: [0, 1] }]),
      /only one of lower\/upper/,
    );
    expectReproError(
      () => learningCurves([{ name: "A", x: [0, 1], y: [1, 2], lower: [0, 3], upper: [2, 2.5] }]),
      /lower > upper at index 1/,
    );
  });
});

describe("barChart", () => {
  it("turns interval edges into asymmetric error bars", () => {
    const fig = barChart(
      ["walker", "cheetah"],
      [
        { name: "ours", values: [2, 5], lower: [1, 4.5], upper: [4, 6] },
        { name: "paper", values: [3, 4] },
      ],
      { yTitle: "score" },
    );
    expect(fig.data).toHaveLength(2);
    const [ours, paper] = fig.data as [Trace, Trace];
    expect(ours.type).toBe("bar");
    expect(ours.x).toEqual(["walker", "cheetah"]);
    expect(ours.y).toEqual([2, 5]);
    const err = ours.error_y as { array: number[]; arrayminus: number[]; symmetric: boolean; visible: boolean };
    expect(err.symmetric).toBe(false);
    expect(err.visible).toBe(true);
    expect(err.array).toEqual([2, 1]); // upper − value
    expect(err.arrayminus).toEqual([1, 0.5]); // value − lower
    expect(paper.error_y).toBeUndefined();
    expect(fig.layout.barmode).toBe("group");
  });

  it("puts error bars on x for horizontal bars", () => {
    const fig = barChart(["a"], [{ name: "s", values: [1], lower: [0.5], upper: [1.25] }], { horizontal: true });
    const t = fig.data[0]!;
    expect(t.orientation).toBe("h");
    expect(t.y).toEqual(["a"]);
    expect((t.error_x as { array: number[] }).array).toEqual([0.25]);
  });

  it("rejects bad input", () => {
    expectReproError(() => barChart([], [{ name: "s", values: [] }]), /categories is empty/);
    expectReproError(() => barChart(["a", "b"], [{ name: "s", values: [1] }]), /values has 1 values but categories has 2/);
    expectReproError(() => barChart(["a", "a"], [{ name: "s", values: [1, 2] }]), /appears twice/);
    expectReproError(
      () => barChart(["a"], [{ name: "s", values: [3], lower: [1], upper: [2] }]),
      /outside its interval \[1, 2\]/,
    );
    expectReproError(() => barChart(["a"], [{ name: "s", values: [NaN] }]), /no finite value/);
  });
});

describe("adapters from stats-shaped results", () => {
  it("maps {x, point, lo, hi} curves and {point, lo, hi} intervals onto bands and error bars", () => {
    const curve = { x: Float64Array.from([0, 1]), point: Float64Array.from([1, 2]), lo: Float64Array.from([0.5, 1]), hi: Float64Array.from([2, 4]) };
    const fig = learningCurves([curveFromInterval("iqm", curve, { dash: "dash" })]);
    expect(fig.data[0]!.y).toEqual([2, 4, 1, 0.5]); // upper forward, lower backward
    expect((fig.data[1]!.line as { dash: string }).dash).toBe("dash");
    const bars = barChart(["a", "b"], [barsFromIntervals("m", [{ point: 1, lo: 0.5, hi: 2 }, { point: 3, lo: 3, hi: 3.5 }])]);
    const err = bars.data[0]!.error_y as { array: number[]; arrayminus: number[] };
    expect(err.array).toEqual([1, 0.5]);
    expect(err.arrayminus).toEqual([0.5, 0]);
  });
});

describe("heatmap", () => {
  it("keeps the matrix shape, row 0 on top, from a flat row-major array", () => {
    const values = Float64Array.from([0, 1, 2, 3, 4, 5]);
    const fig = heatmap({ values, rows: 3, cols: 2 });
    const t = fig.data[0]!;
    expect(t.type).toBe("heatmap");
    const z = t.z as number[][];
    expect(z).toHaveLength(3);
    expect(z.every((row) => row.length === 2)).toBe(true);
    expect(z).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect((fig.layout.yaxis as { autorange: string }).autorange).toBe("reversed");
    expect((fig.layout.yaxis as { scaleanchor?: string }).scaleanchor).toBeUndefined(); // not square
    expect(t.colorscale).toBe("Viridis");
  });

  it("gives square distance matrices square cells and annotates small ones", () => {
    const d = [
      [0, 1, 2],
      [1, 0, 1],
      [2, 1, 0],
    ];
    const fig = heatmap(d, { xLabels: ["s0", "s1", "s2"], yLabels: ["s0", "s1", "s2"], digits: 1 });
    expect((fig.layout.yaxis as { scaleanchor: string }).scaleanchor).toBe("x");
    const ann = fig.layout.annotations as { text: string; x: string; y: string }[];
    expect(ann).toHaveLength(9);
    expect(ann.find((a) => a.x === "s2" && a.y === "s0")!.text).toBe("2.0");
    const noAnn = heatmap(d, { annotate: false });
    expect(noAnn.layout.annotations).toBeUndefined();
  });

  it("rejects ragged, empty and all-NaN matrices", () => {
    expectReproError(() => heatmap([[1, 2], [3]]), /row 1 has 1 values but row 0 has 2/);
    expectReproError(() => heatmap([]), /no rows/);
    expectReproError(() => heatmap([[NaN, NaN]]), /no finite value/);
    expectReproError(() => heatmap({ values: [1, 2, 3], rows: 2, cols: 2 }), /values has 3 entries but rows×cols/);
    expectReproError(() => heatmap([[1, 2]], { xLabels: ["a"] }), /xLabels has 1 labels/);
  });
});

describe("histogram", () => {
  it("counts values in [e_i, e_i+1) with the last bin closed", () => {
    // Hand count: edges 0,1,2,3 → [0,1): {0}, [1,2): {1,1}, [2,3]: {2,3}.
    expect(histogramEdges([[0, 1, 1, 2, 3]], 3)).toEqual([0, 1, 2, 3]);
    expect(histogramCounts([0, 1, 1, 2, 3], [0, 1, 2, 3])).toEqual([1, 2, 2]);
    // Outside the edges and non-finite values are not counted.
    expect(histogramCounts([-1, 0.5, NaN, 9], [0, 1, 2, 3])).toEqual([1, 0, 0]);
  });

  it("draws shared bins as bars whose density integrates to 1", () => {
    const fig = histogram([{ name: "a", values: [0, 1, 1, 2, 3] }], { bins: 3, density: true });
    const t = fig.data[0]!;
    expect(t.type).toBe("bar");
    expect(t.x).toEqual([0.5, 1.5, 2.5]);
    expect(t.width).toEqual([1, 1, 1]);
    expect(t.y).toEqual([0.2, 0.4, 0.4]);
  });

  it("uses Freedman–Diaconis bins on pooled samples, counting every finite value", () => {
    const rng = new Rng(7);
    const a = Array.from({ length: 500 }, () => rng.normal(0, 1));
    const b = Array.from({ length: 300 }, () => rng.normal(2, 0.5));
    b.push(NaN);
    const fig = histogram([
      { name: "a", values: a },
      { name: "b", values: b },
    ]);
    expect(fig.data).toHaveLength(2);
    const sum = (t: Trace) => (t.y as number[]).reduce((s, v) => s + v, 0);
    expect(sum(fig.data[0]!)).toBe(500);
    expect(sum(fig.data[1]!)).toBe(300);
    const nBins = (fig.data[0]!.x as number[]).length;
    expect(nBins).toBeGreaterThanOrEqual(5);
    expect(nBins).toBeLessThanOrEqual(60);
    expect(fig.data[1]!.x).toEqual(fig.data[0]!.x); // shared bins
    expect(fig.layout.barmode).toBe("overlay");
  });

  it("rejects NaN-only samples and bad edges", () => {
    expectReproError(() => histogram([{ name: "a", values: [NaN, Infinity] }]), /no finite value/);
    expectReproError(() => histogram([{ name: "a", values: [1] }], { bins: [0, 0] }), /increase strictly/);
    expectReproError(() => histogram([{ name: "a", values: [1] }], { bins: 0 }), /positive integer/);
  });
});

describe("scatterXY", () => {
  it("spans the y = x reference over the smallest to largest value of all x and y", () => {
    const fig = scatterXY(
      [
        { name: "s1", x: [1, 2, 3], y: [0.5, 4, 2] },
        { name: "s2", x: [2.5, NaN], y: [1, 1] },
      ],
      { xTitle: "exact", yTitle: "learned" },
    );
    expect(fig.data).toHaveLength(3);
    const ref = fig.data[2]!;
    expect(ref.mode).toBe("lines");
    expect(ref.x).toEqual([0.5, 4]);
    expect(ref.y).toEqual([0.5, 4]);
    expect((ref.line as { dash: string }).dash).toBe("dash");
    expect(fig.data[1]!.x).toEqual([2.5, null]);
    const xr = (fig.layout.xaxis as { range: number[] }).range;
    expect(xr).toEqual((fig.layout.yaxis as { range: number[] }).range);
    expect(xr[0]).toBeLessThan(0.5);
    expect(xr[1]).toBeGreaterThan(4);
  });

  it("can leave the reference out and rejects mismatched pairs", () => {
    expect(scatterXY([{ name: "s", x: [1], y: [2] }], { reference: false }).data).toHaveLength(1);
    expectReproError(() => scatterXY([{ name: "s", x: [1, 2], y: [2] }]), /y has 1 values but x has 2/);
  });
});

describe("imageGrid and the PNG encoder", () => {
  it("encodes RGB HWC bytes as a valid PNG (signature, IHDR, CRCs, scanlines)", () => {
    const w = 3;
    const h = 2;
    const rgb = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 37) % 256);
    const png = encodePngRgb(rgb, w, h);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Walk the chunks; check every CRC with zlib's CRC-32 (an independent implementation).
    let off = 8;
    const chunks: { type: string; data: Buffer }[] = [];
    while (off < png.length) {
      const len = png.readUInt32BE(off);
      const type = png.toString("ascii", off + 4, off + 8);
      const data = png.subarray(off + 8, off + 8 + len);
      const crc = png.readUInt32BE(off + 8 + len);
      expect(crc).toBe(zlib.crc32(png.subarray(off + 4, off + 8 + len)));
      chunks.push({ type, data });
      off += 12 + len;
    }
    expect(chunks.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
    const ihdr = chunks[0]!.data;
    expect(ihdr.readUInt32BE(0)).toBe(w);
    expect(ihdr.readUInt32BE(4)).toBe(h);
    expect([ihdr[8], ihdr[9]]).toEqual([8, 2]);
    const raw = zlib.inflateSync(chunks[1]!.data);
    expect(raw.length).toBe(h * (1 + w * 3));
    for (let r = 0; r < h; r++) {
      expect(raw[r * (1 + w * 3)]).toBe(0);
      expect([...raw.subarray(r * (1 + w * 3) + 1, (r + 1) * (1 + w * 3))]).toEqual([
        ...rgb.subarray(r * w * 3, (r + 1) * w * 3),
      ]);
    }
  });

  it("lays out one image trace per observation on its own axes", () => {
    const img = (v: number) => ({ pixels: new Uint8Array(4 * 6 * 3).fill(v), height: 4, width: 6 });
    const fig = imageGrid([{ ...img(10), title: "t=0" }, img(120), img(250)], { columns: 2 });
    expect(fig.data).toHaveLength(3);
    expect(fig.data.map((t) => t.type)).toEqual(["image", "image", "image"]);
    expect(fig.data.map((t) => t.xaxis)).toEqual(["x", "x2", "x3"]);
    expect(String(fig.data[0]!.source)).toMatch(/^data:image\/png;base64,/);
    // Decoding the embedded PNG gives back the pixels.
    const png = Buffer.from(String(fig.data[1]!.source).split(",")[1]!, "base64");
    const idatLen = png.readUInt32BE(8 + 25);
    const raw = zlib.inflateSync(png.subarray(8 + 25 + 8, 8 + 25 + 8 + idatLen));
    expect(raw[1]).toBe(120);
    // Two columns: image 3 starts a second row below the first.
    const y1 = (fig.layout.yaxis as { domain: number[] }).domain;
    const y3 = (fig.layout.yaxis3 as { domain: number[] }).domain;
    expect(y3[1]).toBeLessThan(y1[0]!);
    expect((fig.layout.xaxis3 as { domain: number[] }).domain).toEqual((fig.layout.xaxis as { domain: number[] }).domain);
    expect((fig.layout.annotations as { text: string }[]).map((a) => a.text)).toEqual(["t=0"]);
  });

  it("rejects pixel arrays that do not match height×width×3 or are not uint8", () => {
    expectReproError(() => imageGrid([{ pixels: new Uint8Array(10), height: 2, width: 2 }]), /has 10 values but height×width×3/);
    expectReproError(() => imageGrid([{ pixels: [0, 0, 300], height: 1, width: 1 }]), /0\.\.255/);
    expectReproError(() => imageGrid([]), /images is empty/);
  });
});

describe("HTML export", () => {
  const savedChrome = process.env.CHROME_PATH;
  afterEach(() => {
    if (savedChrome === undefined) delete process.env.CHROME_PATH;
    else process.env.CHROME_PATH = savedChrome;
    vi.restoreAllMocks();
  });

  it("writes a self-contained page: plotly inlined once, no script from the network", async () => {
    const root = tmpDir();
    process.env.CHROME_PATH = path.join(root, "no-such-chromium"); // force the no-browser path
    expect(findChromium()).toBeUndefined();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const fig = learningCurves([{ name: "</script><b>x", x: [0, 1], y: [1, 2] }], { title: "t" });
    const res = await fig.export("slides/acer", "curve", { root });
    expect(res.paths).toEqual([path.join(root, "slides", "acer", "curve.html")]);
    expect(res.note).toMatch(/no headless Chromium found \(CHROME_PATH=.*no-such-chromium/);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).not.toContain("\n");
    expect(fig.lastExport).toBe(res);
    const html = fs.readFileSync(res.html, "utf8");
    // The bundle actually used (plotly.js-dist-min when installed, else plotly.js-dist).
    const plotlySrc = fs.readFileSync(plotlyBundlePath(), "utf8");
    // The plotly bundle is in the page once (check a long slice from its middle).
    const probe = plotlySrc.slice(plotlySrc.length / 2, plotlySrc.length / 2 + 2000);
    expect(html.split(probe).length - 1).toBe(1);
    expect(html.length).toBeGreaterThan(plotlySrc.length);
    // Nothing is loaded from elsewhere.
    expect(html).not.toMatch(/<script[^>]*\ssrc\s*=/i);
    expect(html).not.toMatch(/<link[^>]*\shref\s*=\s*["']?https?:/i);
    expect(html).not.toMatch(/<(img|iframe)[^>]*\ssrc\s*=\s*["']?https?:/i);
    // Exactly the two script elements we wrote; the hostile series name stayed inside JSON.
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).toContain("\\u003c/script\\u003e\\u003cb\\u003ex");
    expect(html).toContain('Plotly.newPlot("figure"');
    // No temp files left behind.
    expect(fs.readdirSync(path.join(root, "slides", "acer"))).toEqual(["curve.html"]);
  });

  it("writes nothing for a bad chapter id, name or format", async () => {
    const root = tmpDir();
    const fig = scatterXY([{ name: "s", x: [1], y: [1] }]);
    await expect(exportFigure(fig, "../escape", "a", { root })).rejects.toThrow(/chapter id/);
    await expect(exportFigure(fig, "ch1", "a.png", { root })).rejects.toThrow(/name/);
    await expect(exportFigure(fig, "ch1", "a", { root, formats: ["jpg" as "png"] })).rejects.toThrow(/unknown format/);
    expect(fs.readdirSync(root)).toEqual([]);
  });
});

describe("notebook display bundle", () => {
  it("is one bundle: plotly JSON, the static image and a text line; the link is a separate Markdown output", () => {
    const fig = barChart(["a", "b"], [{ name: "s", values: [1, 2] }], { title: "Scores" });
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    const b = figureBundle(fig, { format: "svg", svg }, { link: "../figures/ch1/scores.html" });
    expect(Object.keys(b).sort()).toEqual([PLOTLY_MIME, "image/svg+xml", "text/plain"].sort());
    const plotly = b[PLOTLY_MIME] as { data: Trace[]; layout: Record<string, unknown> };
    expect(plotly.data[0]!.y).toEqual([1, 2]);
    expect(b["image/svg+xml"]).toBe(svg);
    expect(JSON.stringify(b)).not.toMatch(/<script/i); // the plotly bundle never goes into the notebook
    expect(String(b["text/plain"])).toContain('"Scores"');
    expect(String(b["text/plain"])).toContain("interactive: ../figures/ch1/scores.html");
    const png = figureBundle(fig, { format: "png", png: Buffer.from([137, 80, 78, 71]) });
    expect(png["image/png"]).toBe(Buffer.from([137, 80, 78, 71]).toString("base64"));
    expect(linkBundle("../figures/ch 1/scores.html")).toEqual({
      "text/markdown": "[interactive version](../figures/ch%201/scores.html)",
      "text/plain": "interactive: ../figures/ch 1/scores.html",
    });
  });

  it("leaves the plotly JSON out of an image grid that has its static image (it would repeat the pixels)", () => {
    const grid = imageGrid([{ pixels: new Uint8Array(4 * 4 * 3).fill(200), height: 4, width: 4 }]);
    const withImage = figureBundle(grid, { format: "png", png: Buffer.from([1, 2, 3]) });
    expect(Object.keys(withImage).sort()).toEqual(["image/png", "text/plain"]);
    expect(Object.keys(figureBundle(grid, undefined)).sort()).toEqual([PLOTLY_MIME, "text/plain"].sort());
  });

  it("holds plotly JSON and a text note when there is no static image", () => {
    const fig = barChart(["a"], [{ name: "s", values: [1] }]);
    const b = figureBundle(fig, undefined, { note: "no headless Chromium found" });
    expect(Object.keys(b).sort()).toEqual([PLOTLY_MIME, "text/plain"].sort());
    expect(String(b["text/plain"])).toContain("no headless Chromium found");
  });

  it("finds tslab's display hook in the module cache and sends the figure, then its upgrade script (two display_data)", async () => {
    const key = path.join(os.tmpdir(), "fake-kernel", "node_modules", "tslab", "dist", "jupyter.js");
    const sent: { content: { data: Record<string, unknown> }; update: boolean }[] = [];
    const fake = {
      exports: { lastWriteDisplayData: (content: { data: Record<string, unknown> }, update: boolean) => sent.push({ content, update }) },
    };
    expect(tslabDisplayHook()).toBeNull();
    const saved = process.env.CHROME_PATH;
    process.env.CHROME_PATH = "/nonexistent/chromium"; // keep this test browser-free
    (nodeRequire.cache as Record<string, unknown>)[key] = fake;
    try {
      expect(tslabDisplayHook()).toBe(fake.exports.lastWriteDisplayData);
      const fig = histogram([{ name: "a", values: [1, 2, 2, 3] }]);
      const res = await showFigure(fig);
      expect(res.displayed).toBe(true);
      // the figure (plotly JSON + static fallback), then the script that makes it interactive in a trusted Notebook
      expect(sent).toHaveLength(2);
      expect(sent.map((m) => m.update)).toEqual([false, false]);
      expect(Object.keys(sent[0]!.content.data)).toContain(PLOTLY_MIME);
      expect(String(sent[0]!.content.data["text/plain"])).toMatch(/no headless Chromium/);
      expect(Object.keys(sent[1]!.content.data)).toContain("application/javascript");
      expect(Object.keys(sent[1]!.content.data)).not.toContain(PLOTLY_MIME);
    } finally {
      delete (nodeRequire.cache as Record<string, unknown>)[key];
      if (saved === undefined) delete process.env.CHROME_PATH;
      else process.env.CHROME_PATH = saved;
    }
  });

  it("outside a kernel prints one line and displays nothing", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const res = await showFigure(scatterXY([{ name: "s", x: [1], y: [1] }]));
    expect(res.displayed).toBe(false);
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]![0])).toMatch(/fig\.export/);
    log.mockRestore();
  });
});
