/**
 * The real-browser check: open what a person would open in headless Chromium and assert the
 * plot is really drawn, with the network cut off.
 *  1. An exported figure HTML (file://): plotly draws `.main-svg` with every trace, and a
 *     screenshot of the plot is not blank.
 *  2. A notebook whose cell holds a figure's display bundle, rendered by
 *     `jupyter nbconvert --to html`: the static figure appears in the cell output (image
 *     decoded, screenshot not blank) with the link to the interactive page.
 * Needs Chromium (and nbconvert for 2): skipped locally without them, fails in CI without them.
 */

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHROMIUM_ARGS,
  closeBrowser,
  figureBundle,
  linkBundle,
  histogram,
  learningCurves,
  renderImage,
} from "../../src/analysis/figures/index.js";
import { CHROMIUM, IN_CI, decodePng, describeWithChromium, findNbconvert, pixelStats } from "./helpers.js";

/** Blank-screenshot threshold: a white page with a few grey pixels stays far below this. */
const MIN_VARIANCE = 100;

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-render-"));
}

const figure = () =>
  learningCurves(
    [
      { name: "agent", x: [0, 1, 2, 3, 4, 5], y: [0, 3, 5, 6, 6.5, 6.8], lower: [0, 2, 4, 5, 5.8, 6.1], upper: [0, 4, 6, 7, 7.2, 7.5] },
      { name: "baseline", x: [0, 1, 2, 3, 4, 5], y: [0, 1, 2, 2.5, 3, 3.2] },
    ],
    { title: "render check", xTitle: "steps", yTitle: "return" },
  );

/** A page that refuses every non-local request and records it. */
async function offlinePage(browser: Browser): Promise<{ page: Page; external: string[]; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const external: string[] = [];
  const errors: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (/^(file|data|blob|about):/.test(url)) return route.continue();
    external.push(url);
    return route.abort();
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return { page, external, errors };
}

describeWithChromium("real-browser render check", () => {
  let browser: Browser;

  beforeAll(async () => {
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: [...CHROMIUM_ARGS], handleSIGINT: false });
  });
  afterAll(async () => {
    await browser?.close();
    await closeBrowser();
  });

  it("an exported figure HTML draws every trace offline and its screenshot is not blank", async () => {
    const root = tmpDir();
    const res = await figure().export("ch-render", "curves", { root, formats: [] });
    const { page, external, errors } = await offlinePage(browser);
    await page.goto(pathToFileURL(res.html).href);
    await page.waitForSelector("#figure .main-svg .scatterlayer .trace", { timeout: 30_000 });
    const drawn = await page.evaluate(() => {
      const root = document.getElementById("figure")!;
      const traces = [...root.querySelectorAll(".scatterlayer .trace")];
      const linePaths = traces.map((t) => t.querySelector("path.js-line")?.getAttribute("d") ?? "");
      const fillPaths = [...root.querySelectorAll(".scatterlayer path.js-fill")].map((p) => p.getAttribute("d") ?? "");
      return {
        mainSvgs: root.querySelectorAll(".main-svg").length,
        traces: traces.length,
        linePaths,
        fillPaths,
        title: root.querySelector(".gtitle")?.textContent ?? "",
        legend: [...root.querySelectorAll(".legendtext")].map((e) => e.textContent),
      };
    });
    expect(drawn.mainSvgs).toBeGreaterThanOrEqual(1);
    expect(drawn.traces).toBe(3); // band + 2 lines
    expect(drawn.fillPaths.filter((d) => d.length > 10)).toHaveLength(1); // the CI band
    expect(drawn.linePaths.filter((d) => d.length > 10).length).toBeGreaterThanOrEqual(2);
    expect(drawn.title).toBe("render check");
    expect(drawn.legend).toEqual(["agent", "baseline"]);
    const shot = decodePng(await page.locator("#figure").screenshot());
    expect([shot.width, shot.height]).toEqual([640, 400]);
    const stats = pixelStats(shot);
    expect(stats.variance).toBeGreaterThan(MIN_VARIANCE);
    expect(stats.inkFraction).toBeGreaterThan(0.01);
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a blank page fails the same pixel check (the check can fail)", async () => {
    const { page } = await offlinePage(browser);
    await page.setContent('<div id="figure" style="width:640px;height:400px;background:#fff"></div>');
    const stats = pixelStats(decodePng(await page.locator("#figure").screenshot()));
    expect(stats.variance).toBeLessThan(MIN_VARIANCE);
    await page.close();
  });

  const nbconvert = findNbconvert();
  const notebookTest = nbconvert ? it : IN_CI ? it : it.skip;
  if (!nbconvert && !IN_CI) console.warn("skipping the notebook render check: jupyter-nbconvert not found (apt-get install jupyter-nbconvert)");

  notebookTest("a notebook with a figure output, rendered by nbconvert, shows the figure", async () => {
    if (!nbconvert) throw new Error(`CI=${process.env.CI} but jupyter-nbconvert is not installed`);
    const dir = tmpDir();
    const fig = figure();
    // What show() sends: the PNG bundle (its default) plus the link output, and an SVG bundle.
    const bundle = figureBundle(fig, { format: "png", png: await renderImage(fig.toJSON(), "png", { scale: 1 }) }, { link: "../figures/ch-render/curves.html" });
    const hist = histogram([{ name: "x", values: [1, 2, 2, 3, 3, 3, 4] }], { bins: 4 });
    const histBundle = figureBundle(hist, { format: "svg", svg: await renderImage(hist.toJSON(), "svg") });
    const cell = (source: string, n: number, ...datas: Record<string, unknown>[]) => ({
      cell_type: "code",
      execution_count: n,
      metadata: {},
      source: [source],
      outputs: datas.map((data) => ({ output_type: "display_data", data, metadata: {} })),
    });
    const nb = {
      cells: [
        { cell_type: "markdown", metadata: {}, source: ["# render check"] },
        cell("await fig.show()", 1, bundle, linkBundle("../figures/ch-render/curves.html")),
        cell("await hist.show({ static: \"svg\" })", 2, histBundle),
      ],
      metadata: {
        kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
        language_info: { name: "typescript" },
      },
      nbformat: 4,
      nbformat_minor: 4,
    };
    const ipynb = path.join(dir, "render-check.ipynb");
    fs.writeFileSync(ipynb, JSON.stringify(nb, null, 1));
    // The notebook stays small: no plotly bundle inside.
    expect(fs.statSync(ipynb).size).toBeLessThan(300_000);
    execFileSync(nbconvert[0]!, [...nbconvert.slice(1), "--to", "html", "--output-dir", dir, ipynb], {
      stdio: "pipe",
      timeout: 120_000,
      env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: "1" },
    });
    const html = path.join(dir, "render-check.html");
    expect(fs.existsSync(html)).toBe(true);

    const { page } = await offlinePage(browser);
    await page.goto(pathToFileURL(html).href, { waitUntil: "load" });
    // nbconvert puts an image/svg+xml output inline as an <svg> element in the output area.
    await expect.poll(() => page.locator(".jp-RenderedSVG > svg, .output_svg > div > svg, .output_svg > svg").count(), { timeout: 10_000 }).toBe(1);
    const first = page.locator('img[src^="data:image/png"]');
    await expect.poll(() => first.count(), { timeout: 10_000 }).toBe(1);
    const info = await first.evaluate((el) => {
      const img = el as HTMLImageElement;
      return { complete: img.complete, w: img.naturalWidth, h: img.naturalHeight, inOutput: Boolean(img.closest(".jp-OutputArea-output, .output_area, .output")) };
    });
    expect(info.complete).toBe(true);
    expect([info.w, info.h]).toEqual([640, 400]);
    expect(info.inOutput).toBe(true);
    const stats = pixelStats(decodePng(await first.screenshot()));
    expect(stats.variance).toBeGreaterThan(MIN_VARIANCE);
    expect(stats.inkFraction).toBeGreaterThan(0.01);
    const link = await page.locator('a[href="../figures/ch-render/curves.html"]').count();
    expect(link).toBe(1);
    await page.close();
  });
});

// Keep vitest from reporting an empty file when the suite is skipped.
describe("render check prerequisites", () => {
  it("reports which browser it uses", () => {
    expect(CHROMIUM === undefined || fs.existsSync(CHROMIUM)).toBe(true);
  });
});
