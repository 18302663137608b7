/**
 * End to end in a real tslab kernel: a notebook cell calls `await fig.show()`, Jupyter's
 * nbconvert executes it, and the saved notebook holds ONE display_data bundle (plotly JSON,
 * SVG, HTML with the SVG inline and the link to the exported page, text). The executed
 * notebook, rendered to HTML, shows the figure in headless Chromium.
 *
 * The figures module is compiled (with its core imports only) into a temp folder, and the
 * kernel is the reprorl kernel (dist/, built by `npm test`) under a private kernelspec in a temp
 * JUPYTER_PATH, so the test does not depend on a registered kernel.
 * Needs Chromium and nbconvert: skipped locally without them, fails in CI without them.
 */

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";
import { CHROMIUM_ARGS, PLOTLY_MIME } from "../../src/analysis/figures/index.js";
import { kernelSpec } from "../../src/notebook/kernelspec.js";
import { CHROMIUM, IN_CI, decodePng, describeWithChromium, findNbconvert, pixelStats } from "./helpers.js";

const nodeRequire = createRequire(__filename);
const ROOT = path.resolve(__dirname, "..", "..");

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  text?: string | string[];
  ename?: string;
  evalue?: string;
}

describeWithChromium("figure display in a real tslab kernel", () => {
  const nbconvert = findNbconvert();
  const run = nbconvert ? it : IN_CI ? it : it.skip;
  if (!nbconvert && !IN_CI) console.warn("skipping the kernel display check: jupyter-nbconvert not found");

  run("await fig.show() in a cell saves one display bundle that renders in a browser", async () => {
    if (!nbconvert) throw new Error(`CI=${process.env.CI} but jupyter-nbconvert is not installed`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-kernel-"));

    // 1. Compile src/analysis/figures (and the core files it imports) to <dir>/build.
    const tsc = nodeRequire.resolve("typescript/bin/tsc");
    execFileSync(
      process.execPath,
      [
        tsc,
        path.join(ROOT, "src", "analysis", "figures", "index.ts"),
        ...["--outDir", path.join(dir, "build"), "--rootDir", path.join(ROOT, "src")],
        ...["--module", "node16", "--moduleResolution", "node16", "--target", "ES2022", "--lib", "ES2022,DOM"],
        ...["--strict", "--esModuleInterop", "--skipLibCheck", "--types", "node"],
      ],
      { stdio: "pipe", timeout: 120_000 },
    );
    const lib = path.join(dir, "build", "analysis", "figures", "index.js");
    expect(fs.existsSync(lib)).toBe(true);

    // 2. A private kernelspec running the reprorl kernel (as `reprorl kernel install` writes it).
    const specDir = path.join(dir, "jupyter", "kernels", "reprorl-figtest");
    fs.mkdirSync(specDir, { recursive: true });
    fs.writeFileSync(
      path.join(specDir, "kernel.json"),
      JSON.stringify({
        argv: kernelSpec().argv,
        display_name: "TypeScript (figure test)",
        language: "typescript",
      }),
    );

    // 3. The notebook: load the library, export the page, show the figure.
    const src = (lines: string[]) => lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l));
    const code = (lines: string[]) => ({ cell_type: "code", execution_count: null, metadata: {}, outputs: [], source: src(lines) });
    const nb = {
      cells: [
        code([`const figs = require(${JSON.stringify(lib)});`]),
        code([
          'const fig = figs.learningCurves([{ name: "agent", x: [0, 1, 2, 3], y: [0, 2, 3, 3.4], lower: [0, 1.5, 2.6, 3], upper: [0, 2.5, 3.4, 3.8] }], { title: "kernel check", xTitle: "steps", yTitle: "return" });',
          `await fig.export("ch-kernel", "curves", { root: ${JSON.stringify(path.join(dir, "figures"))}, formats: [] });`,
          "await fig.show();",
        ]),
      ],
      metadata: { kernelspec: { name: "reprorl-figtest", display_name: "TypeScript (figure test)", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 4,
    };
    const ipynb = path.join(dir, "kernel-check.ipynb");
    fs.writeFileSync(ipynb, JSON.stringify(nb, null, 1));
    const env = {
      ...process.env,
      JUPYTER_PATH: path.join(dir, "jupyter"),
      NODE_PATH: path.join(ROOT, "node_modules"),
      PYDEVD_DISABLE_FILE_VALIDATION: "1",
    };
    execFileSync(
      nbconvert[0]!,
      [
        ...nbconvert.slice(1),
        ...["--to", "notebook", "--execute", "--output", "executed.ipynb"],
        "--ExecutePreprocessor.kernel_name=reprorl-figtest",
        "--ExecutePreprocessor.timeout=180",
        "--ExecutePreprocessor.startup_timeout=120",
        ipynb,
      ],
      { cwd: dir, env, stdio: "pipe", timeout: 300_000 },
    );

    // 4. One bundle, no printed return value, no error.
    const executed = JSON.parse(fs.readFileSync(path.join(dir, "executed.ipynb"), "utf8")) as {
      cells: { outputs: Output[] }[];
    };
    const outputs = executed.cells[1]!.outputs;
    expect(outputs.filter((o) => o.output_type === "error")).toEqual([]);
    // The figure bundle, then the link to the exported interactive HTML.
    expect(outputs.map((o) => o.output_type)).toEqual(["display_data", "display_data"]);
    const data = outputs[0]!.data!;
    expect(Object.keys(data).sort()).toEqual([PLOTLY_MIME, "image/png", "text/plain"].sort());
    const plotly = data[PLOTLY_MIME] as { data: { y: number[] }[]; layout: { title: { text: string } } };
    expect(plotly.layout.title.text).toBe("kernel check");
    const png = decodePng(Buffer.from(String(data["image/png"]).replace(/\s/g, ""), "base64"));
    expect(png.width).toBe(640);
    const md = outputs[1]!.data!["text/markdown"];
    const linkText = Array.isArray(md) ? (md as string[]).join("") : String(md);
    // The kernel's cwd is the notebook folder, so the link is relative to it.
    expect(linkText).toBe("[interactive version](figures/ch-kernel/curves.html)");
    expect(fs.statSync(path.join(dir, "executed.ipynb")).size).toBeLessThan(200_000);

    // 5. The executed notebook, rendered to HTML, shows the figure.
    execFileSync(nbconvert[0]!, [...nbconvert.slice(1), "--to", "html", path.join(dir, "executed.ipynb")], {
      cwd: dir,
      env,
      stdio: "pipe",
      timeout: 120_000,
    });
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: CHROMIUM!, args: [...CHROMIUM_ARGS], handleSIGINT: false });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      await page.route("**/*", (r) => (/^(file|data|blob|about):/.test(r.request().url()) ? r.continue() : r.abort()));
      await page.goto(pathToFileURL(path.join(dir, "executed.html")).href);
      const img = page.locator('img[src^="data:image/png"]');
      await expect.poll(() => img.count(), { timeout: 10_000 }).toBe(1);
      expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(640);
      expect(await page.locator('a[href="figures/ch-kernel/curves.html"]').count()).toBe(1);
      expect(pixelStats(decodePng(await img.screenshot())).variance).toBeGreaterThan(100);
    } finally {
      await browser.close();
    }
  });
});
