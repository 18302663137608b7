/**
 * Static export through the machine's headless Chromium: SVG, PNG and PDF files are written,
 * valid and not blank; exports are reproducible; notebook display carries the rendered SVG.
 * Needs Chromium: skipped locally without it, fails in CI without it.
 */

import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  barChart,
  closeBrowser,
  heatmap,
  imageGrid,
  learningCurves,
  PLOTLY_MIME,
  setBrowserIdleTimeout,
  showFigure,
} from "../../src/analysis/figures/index.js";
import { fixPdfDates } from "../../src/analysis/figures/browser.js";
import { decodePng, describeWithChromium, pixelStats } from "../browser/helpers.js";

const nodeRequire = createRequire(__filename);

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-figx-"));
}

const curves = () =>
  learningCurves(
    [
      { name: "A", x: [0, 1, 2, 3, 4], y: [0, 2, 3, 3.5, 3.8], lower: [-0.5, 1.5, 2.5, 3, 3.4], upper: [0.5, 2.5, 3.5, 4, 4.2] },
      { name: "B", x: [0, 1, 2, 3, 4], y: [0, 1, 1.5, 2, 2.2] },
    ],
    { xTitle: "steps", yTitle: "return", title: "curves" },
  );

describeWithChromium("figure export through headless Chromium", () => {
  beforeAll(() => setBrowserIdleTimeout(60_000));
  afterAll(async () => {
    setBrowserIdleTimeout(undefined);
    await closeBrowser();
  });

  it("writes valid SVG, PNG and PDF beside the HTML", async () => {
    const root = tmpDir();
    const fig = curves();
    const res = await fig.export("notes/ch1", "curves", { root, scale: 2 });
    const dir = path.join(root, "notes", "ch1");
    expect(res.paths).toEqual(["html", "svg", "png", "pdf"].map((e) => path.join(dir, `curves.${e}`)));
    expect(res.note).toBeUndefined();
    expect(fs.readdirSync(dir).sort()).toEqual(["curves.html", "curves.pdf", "curves.png", "curves.svg"]);

    // SVG: an <svg> root of the figure's size with one drawn trace group per trace.
    const svg = fs.readFileSync(res.svg!, "utf8");
    expect(svg.trimStart()).toMatch(/^<svg\b/);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toMatch(/<svg[^>]*\swidth="640"/);
    expect(svg).toMatch(/<svg[^>]*\sheight="400"/);
    expect(svg.trimEnd()).toMatch(/<\/svg>$/);
    expect(svg.match(/class="trace scatter/g)).toHaveLength(3); // band + 2 lines
    expect(svg).toContain(">curves<"); // the title text

    // PNG: signature, size = figure size × scale, and not blank.
    const png = fs.readFileSync(res.png!);
    const img = decodePng(png);
    expect([img.width, img.height]).toEqual([1280, 800]);
    const stats = pixelStats(img);
    expect(stats.variance).toBeGreaterThan(100);
    expect(stats.inkFraction).toBeGreaterThan(0.01);
    expect(stats.inkFraction).toBeLessThan(0.5);

    // PDF: header, trailer, one page of the figure's size (640×400 px = 480×300 pt).
    const pdf = fs.readFileSync(res.pdf!);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.subarray(-1024).toString("latin1")).toContain("%%EOF");
    const text = pdf.toString("latin1");
    expect(text.match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(text);
    expect(box).not.toBeNull();
    expect(Number(box![1])).toBeCloseTo(480, 0);
    expect(Number(box![2])).toBeCloseTo(300, 0);
  });

  it("re-exporting an unchanged figure gives identical bytes", async () => {
    const root = tmpDir();
    const a = await curves().export("ch", "a", { root });
    const svg1 = fs.readFileSync(a.svg!);
    const png1 = fs.readFileSync(a.png!);
    const pdf1 = fs.readFileSync(a.pdf!);
    const b = await curves().export("ch", "a", { root });
    expect(fs.readFileSync(b.svg!).equals(svg1)).toBe(true);
    expect(fs.readFileSync(b.png!).equals(png1)).toBe(true);
    expect(fs.readFileSync(b.pdf!).equals(pdf1)).toBe(true);
    // ... while a different figure gets different SVG ids (several SVGs can share a page).
    const other = await barChart(["x"], [{ name: "s", values: [1] }]).export("ch", "b", { root, formats: ["svg"] });
    const ids = (s: string) => new Set([...s.matchAll(/id="([^"]+)"/g)].map((m) => m[1]));
    const shared = [...ids(svg1.toString())].filter((id) => ids(fs.readFileSync(other.svg!, "utf8")).has(id));
    expect(shared).toEqual([]);
  });

  it("fixes PDF dates without moving any byte", () => {
    const pdf = Buffer.from("%PDF-1.4\n/CreationDate (D:20261121081421+00'00')\n/ModDate (D:20261121081421+00'00')\n");
    const fixed = fixPdfDates(pdf);
    expect(fixed.length).toBe(pdf.length);
    expect(fixed.toString("latin1")).toContain("/CreationDate (D:20000101000000+00'00')");
    expect(fixed.toString("latin1")).toContain("/ModDate (D:20000101000000+00'00')");
  });

  it("writes only the requested formats and renders heatmaps and image grids", async () => {
    const root = tmpDir();
    const hm = await heatmap([
      [0, 1],
      [1, 0],
    ]).export("ch", "hm", { root, formats: ["png"], scale: 1 });
    expect(hm.paths.map((p) => path.extname(p))).toEqual([".html", ".png"]);
    const hmImg = decodePng(fs.readFileSync(hm.png!));
    expect([hmImg.width, hmImg.height]).toEqual([520, 460]);
    expect(pixelStats(hmImg).variance).toBeGreaterThan(100);

    // A 2-image grid: the left image is pure red, the right pure blue; both colours must appear.
    const red = new Uint8Array(8 * 8 * 3).map((_, i) => (i % 3 === 0 ? 255 : 0));
    const blue = new Uint8Array(8 * 8 * 3).map((_, i) => (i % 3 === 2 ? 255 : 0));
    const grid = await imageGrid([
      { pixels: red, height: 8, width: 8 },
      { pixels: blue, height: 8, width: 8 },
    ]).export("ch", "grid", { root, formats: ["png"], scale: 1 });
    const g = decodePng(fs.readFileSync(grid.png!));
    const at = (x: number, y: number) => [...g.pixels.subarray((y * g.width + x) * g.channels, (y * g.width + x) * g.channels + 3)];
    const midY = Math.floor(g.height / 2);
    expect(at(Math.floor(g.width / 4), midY)).toEqual([255, 0, 0]);
    expect(at(Math.floor((3 * g.width) / 4), midY)).toEqual([0, 0, 255]);
  });

  it("show() in a kernel sends the figure bundle (PNG by default) and an output with the upgrade script and the link", async () => {
    const root = tmpDir();
    const key = path.join(os.tmpdir(), "fake-kernel", "node_modules", "tslab", "dist", "jupyter.js");
    const sent: { data: Record<string, unknown> }[] = [];
    (nodeRequire.cache as Record<string, unknown>)[key] = {
      exports: { lastWriteDisplayData: (content: { data: Record<string, unknown> }) => sent.push(content) },
    };
    try {
      const fig = curves();
      await fig.export("ch", "shown", { root, formats: [] });
      const res = await showFigure(fig);
      expect(res.displayed).toBe(true);
      expect(sent).toHaveLength(2);
      const data = sent[0]!.data;
      expect(Object.keys(data).sort()).toEqual([PLOTLY_MIME, "image/png", "text/plain"].sort());
      const png = decodePng(Buffer.from(String(data["image/png"]), "base64"));
      expect(png.width).toBe(640); // the figure's own width at the default scale 1
      expect(pixelStats(png).variance).toBeGreaterThan(25);
      // The link output points at the exported HTML, relative to the working directory.
      const link = path.relative(process.cwd(), path.join(root, "ch", "shown.html")).split(path.sep).join("/");
      expect(String(sent[1]!.data["text/markdown"])).toBe(`[interactive version](${encodeURI(link)})`);
      expect(Object.keys(sent[1]!.data).sort()).toEqual(["application/javascript", "text/html", "text/markdown", "text/plain"]);
      // The script loads the project's one plotly bundle by a path relative to the notebook folder (here: the cwd).
      const script = String(sent[1]!.data["application/javascript"]);
      expect(script).toContain('"node_modules/plotly.js-dist-min/plotly.min.js"');
      expect(script).not.toContain(process.cwd());
      // Small: no plotly bundle in the notebook output.
      expect(JSON.stringify(data).length).toBeLessThan(200_000);

      // Run by the reprorl runner, paths are relative to the executed copy's folder instead.
      process.env["REPRORL_OUTPUT_DIR"] = path.join(root, "ch");
      try {
        await showFigure(fig);
      } finally {
        delete process.env["REPRORL_OUTPUT_DIR"];
      }
      expect(sent).toHaveLength(4);
      expect(String(sent[3]!.data["text/markdown"])).toBe("[interactive version](shown.html)");
      sent.splice(2, 2);

      const svgShown = await showFigure(fig, { static: "svg", link: false });
      expect(svgShown.mimeTypes).toContain("image/svg+xml");
      expect(sent).toHaveLength(4); // with link: false the second output has the script only
      expect(String(sent[2]!.data["image/svg+xml"])).toMatch(/^<svg\b/);
      expect(Object.keys(sent[3]!.data).sort()).toEqual(["application/javascript", "text/plain"]);
    } finally {
      delete (nodeRequire.cache as Record<string, unknown>)[key];
    }
  });
});
