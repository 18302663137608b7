/**
 * The classic Jupyter Notebook (Debian's jupyter-notebook 6.4), served for real and opened in
 * headless Chromium, on a notebook executed by the reprorl kernel that shows two figures and a
 * claims table:
 * - trusted (signed as `jupyter trust` does): both figures become interactive plotly plots,
 *   loaded from ONE shared plotly.js bundle (the project's node_modules, served under /files/),
 *   and a plot answers a mouse hover with its hover label; the link to the exported HTML loads;
 * - untrusted: the static PNGs and the Markdown link, no script run;
 * - the claims table renders as a table (rows × columns laid out side by side, verdict cells in
 *   four different colours), checked on the page and on a screenshot.
 * Needs Chromium and jupyter-notebook: skipped locally without them, fails in CI without them.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CHROMIUM_ARGS } from "../../src/analysis/figures/index.js";
import { freePort } from "../../src/notebook/connection.js";
import { kernelSpec, which } from "../../src/notebook/kernelspec.js";
import { runNotebook } from "../../src/notebook/runner.js";
import { ROOT, tempDir } from "../notebook/helpers.js";
import { CHROMIUM, IN_CI, decodePng, describeWithChromium, pixelStats } from "./helpers.js";

const jupyterNotebook = which("jupyter-notebook");
const TOKEN = "reprorl-test-token";

const dist = (p: string) => JSON.stringify(path.join(ROOT, "dist", p));
const CELLS = [
  `const figs = require(${dist("analysis/figures/index.js")});\nconst tables = require(${dist("analysis/tables/index.js")});\nconst disp = require(${dist("core/display.js")});`,
  [
    'const curves = figs.learningCurves([{ name: "agent", x: [0, 1, 2, 3, 4, 5], y: [0, 3, 5, 6, 6.5, 6.8] }, { name: "baseline", x: [0, 1, 2, 3, 4, 5], y: [0, 1, 2, 2.5, 3, 3.2] }], { title: "curves", xTitle: "steps", yTitle: "return" });',
    'await curves.export("ch-nb", "curves", { root: "figures", formats: [] });',
    "await curves.show();",
    'const hist = figs.histogram([{ name: "returns", values: [1, 2, 2, 3, 3, 3, 4, 4, 5] }], { title: "hist" });',
    "await hist.show();",
  ].join("\n"),
  [
    "const claims = [",
    '  { claim: "A beats B on every task we ran, by a margin larger than the seed-to-seed spread", source: "§1", whatWeRan: "small tier, 5 seeds", ourNumbers: "P = 0.9 [0.8, 1.0]", verdict: "reproduced" },',
    '  { claim: "C beats D", source: "§2", whatWeRan: "small tier", ourNumbers: "P = 0.2 [0.1, 0.3]", verdict: "not reproduced", why: "D is better" },',
    '  { claim: "E learns", source: "§3", whatWeRan: "small tier", ourNumbers: "—", verdict: "inconclusive", why: "did not learn" },',
    '  { claim: "F at scale", source: "§4", whatWeRan: "—", ourNumbers: "—", verdict: "not reproducible here", why: "needs a GPU" },',
    "];",
    'disp.displayBundle(tables.tableBundle(tables.claimsFrame(claims), {}, "Claims"));',
    "await figs.closeBrowser();",
  ].join("\n"),
];

function waitForServer(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (child.exitCode !== null) return reject(new Error(`jupyter-notebook exited with ${child.exitCode}`));
      fetch(url).then(
        (r) => (r.ok ? resolve() : Date.now() > until ? reject(new Error(`${url}: HTTP ${r.status}`)) : setTimeout(poll, 300)),
        () => (Date.now() > until ? reject(new Error(`${url} did not answer in ${timeoutMs} ms`)) : setTimeout(poll, 300)),
      );
    };
    poll();
  });
}

describeWithChromium("notebooks in the classic Jupyter Notebook", () => {
  const run = jupyterNotebook || IN_CI ? it : it.skip;
  if (!jupyterNotebook && !IN_CI) console.warn("skipping the Notebook server checks: jupyter-notebook not found (apt-get install jupyter-notebook)");
  let dir: string;
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let base: string;
  let serverLog = "";

  beforeAll(async () => {
    if (!jupyterNotebook) return;
    dir = tempDir("reprorl-nbserver-");
    // The server root holds the notebook, its exported figures and (linked) the project's node_modules.
    symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    const nb = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: CELLS.map((source, i) => ({ cell_type: "code", id: `c${i}`, source, metadata: {}, execution_count: null, outputs: [] })) };
    writeFileSync(path.join(dir, "source.ipynb"), JSON.stringify(nb));
    await runNotebook({ input: path.join(dir, "source.ipynb"), output: path.join(dir, "trusted.ipynb"), progress: () => {}, cellTimeoutSeconds: 180 });
    // Trust goes by content: the untrusted copy must differ from the signed one.
    const copy = JSON.parse(readFileSync(path.join(dir, "trusted.ipynb"), "utf8")) as { metadata: Record<string, unknown> };
    copy.metadata["title"] = "untrusted copy";
    writeFileSync(path.join(dir, "untrusted.ipynb"), JSON.stringify(copy));

    const jp = (p: string) => path.join(dir, ".jupyter", p);
    mkdirSync(jp("path/kernels/tslab"), { recursive: true });
    writeFileSync(jp("path/kernels/tslab/kernel.json"), JSON.stringify(kernelSpec()));
    const env = { ...process.env, JUPYTER_PATH: jp("path"), JUPYTER_DATA_DIR: jp("data"), JUPYTER_CONFIG_DIR: jp("config"), JUPYTER_RUNTIME_DIR: jp("runtime") };
    const python = (spawnSync("head", ["-1", jupyterNotebook]).stdout.toString().replace(/^#!\s*/, "").trim().split(/\s+/)[0]) || "/usr/bin/python3";
    const signed = spawnSync(python, ["-c", "import sys, nbformat\nfrom nbformat.sign import NotebookNotary\nnb = nbformat.read(sys.argv[1], 4)\nNotebookNotary().sign(nb)", path.join(dir, "trusted.ipynb")], { env, encoding: "utf8" });
    if (signed.status !== 0) throw new Error(`signing the notebook failed: ${signed.stderr}`);

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(
      jupyterNotebook,
      ["--no-browser", "--allow-root", "--ip=127.0.0.1", `--port=${port}`, `--NotebookApp.token=${TOKEN}`, `--NotebookApp.notebook_dir=${dir}`],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    server.stderr!.on("data", (d: Buffer) => (serverLog = (serverLog + d.toString()).slice(-4000)));
    await waitForServer(`${base}/api?token=${TOKEN}`, server, 60_000);
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: [...CHROMIUM_ARGS], handleSIGINT: false });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 500));
      if (server.exitCode === null) server.kill("SIGKILL");
    }
  });

  const pageLog: string[] = [];
  async function open(name: string): Promise<{ page: Page; bundleRequests: string[] }> {
    const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("console", (m) => pageLog.push(`console.${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => pageLog.push(`pageerror: ${e.message}`));
    page.on("response", (r) => {
      if (r.status() >= 400) pageLog.push(`HTTP ${r.status()} ${r.url()}`);
    });
    const bundleRequests: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("plotly.min.js")) bundleRequests.push(r.url());
    });
    await page.goto(`${base}/notebooks/${name}?token=${TOKEN}`);
    await page.waitForSelector(".output_area", { timeout: 60_000 });
    return { page, bundleRequests };
  }

  /** Clicks the link (a real click: the server refuses cookie-authenticated requests without a referer) and checks the exported page draws. */
  async function expectLinkOpensFigure(page: Page, link: Locator): Promise<void> {
    const [popup] = await Promise.all([page.waitForEvent("popup"), link.click()]);
    await popup.waitForSelector("#figure .main-svg .scatterlayer .trace", { timeout: 30_000 });
    expect(popup.url()).toMatch(/\/files\/figures\/ch-nb\/curves\.html$/);
    await popup.close();
  }

  run("trusted: both figures interactive from one plotly bundle, hover answers, the HTML link loads", async () => {
    const { page, bundleRequests } = await open("trusted.ipynb");
    const drawn = () => [...document.querySelectorAll(".reprorl-plotly")].filter((d) => d.querySelector(".main-svg .scatterlayer, .main-svg .barlayer")).length === 2;
    await page.waitForFunction(drawn, undefined, { timeout: 60_000 }).catch((e: Error) => {
      throw new Error(`${e.message}\npage:\n${pageLog.join("\n")}\nserver log:\n${serverLog}`);
    });
    // Each plot drew its own figure, in order: the curves, then the histogram.
    const types = await page.evaluate(() => [...document.querySelectorAll(".reprorl-plotly")].map((gd) => (gd as unknown as { data: { type: string }[] }).data[0]!.type));
    expect(types).toEqual(["scatter", "bar"]);
    expect(await page.locator('script[src*="plotly.min.js"]').count()).toBe(1);
    expect(bundleRequests).toHaveLength(1);
    // The PNGs the plots replaced are gone from those outputs.
    expect(await page.locator('.output_area img[src^="data:image/png"]').count()).toBe(0);

    // Hover over the agent's point at x = 2: plotly fires plotly_hover and draws its hover label.
    const point = await page.evaluate(() => {
      const gd = document.querySelector(".reprorl-plotly") as HTMLElement & {
        _fullLayout: { xaxis: { _offset: number; l2p(v: number): number }; yaxis: { _offset: number; l2p(v: number): number } };
        on(ev: string, f: () => void): void;
      };
      (window as unknown as { hovered: number }).hovered = 0;
      gd.scrollIntoView({ block: "center" });
      gd.on("plotly_hover", () => ((window as unknown as { hovered: number }).hovered += 1));
      const box = gd.getBoundingClientRect();
      const { xaxis, yaxis } = gd._fullLayout;
      return { x: box.left + xaxis._offset + xaxis.l2p(2), y: box.top + yaxis._offset + yaxis.l2p(5) };
    });
    await page.mouse.move(point.x - 30, point.y - 30);
    await page.mouse.move(point.x, point.y, { steps: 5 });
    await page.waitForFunction(() => (window as unknown as { hovered: number }).hovered > 0, undefined, { timeout: 10_000 });
    expect(await page.locator(".reprorl-plotly .hoverlayer .hovertext").count()).toBeGreaterThan(0);

    const link = page.locator(".output_javascript a", { hasText: "interactive version" }).first();
    expect(await link.getAttribute("href")).toMatch(/\/files\/figures\/ch-nb\/curves\.html$/);
    await expectLinkOpensFigure(page, link);
    await page.close();
  });

  run("untrusted: static PNGs and the link, no script", async () => {
    const { page, bundleRequests } = await open("untrusted.ipynb");
    const imgs = page.locator('.output_area img[src^="data:image/png"]');
    await expect.poll(() => imgs.count(), { timeout: 30_000 }).toBe(2);
    expect(await imgs.first().evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(640);
    expect(await page.locator(".reprorl-plotly").count()).toBe(0);
    expect(bundleRequests).toEqual([]);
    const link = page.locator(".output_html a", { hasText: "interactive version" }).first();
    expect(await link.getAttribute("href")).toBe("figures/ch-nb/curves.html"); // relative to the page; the server redirects to /files/
    await expectLinkOpensFigure(page, link);
    await page.close();
  });

  run("the claims table renders as rows and columns with the verdicts in four colours", async () => {
    const { page } = await open("trusted.ipynb");
    const table = page.locator("table.reprorl-table");
    await expect.poll(() => table.count(), { timeout: 30_000 }).toBe(1);
    expect(await table.locator("thead th").count()).toBe(6);
    expect(await table.locator("tbody tr").count()).toBe(4);
    // Columns side by side, rows one under the other.
    const heads = await table.locator("thead th").evaluateAll((ths) => ths.map((th) => th.getBoundingClientRect().left));
    expect(heads).toEqual([...heads].sort((a, b) => a - b));
    expect(new Set(heads).size).toBe(6);
    const tops = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().top));
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    expect(new Set(tops).size).toBe(4);
    const colours = await table.locator("td.verdict").evaluateAll((tds) => tds.map((td) => getComputedStyle(td).backgroundColor));
    expect(new Set(colours).size).toBe(4);
    // The screenshot: wider than tall (not a column of wrapped text), not blank.
    const shot = decodePng(await table.screenshot());
    expect(shot.width).toBeGreaterThan(shot.height);
    expect(pixelStats(shot).variance).toBeGreaterThan(100);
    await page.close();
  });
});
