/**
 * The shared headless Chromium that turns figures into SVG, PNG and PDF.
 *
 * One browser per process, launched lazily on first use through playwright-core with the
 * machine's own Chromium (no browser download), and one page in it that loaded the local
 * plotly bundle once; renders are queued so they never overlap. The browser closes itself
 * after an idle period (short in scripts, so `node script.js` can exit; long inside a
 * Jupyter kernel), on `closeBrowser()`, and is killed by playwright when the process exits.
 */

import * as fs from "node:fs";
import { ReproError } from "../../core/errors.js";
import type { PlotlyFigureJson } from "./figure.js";
import { plotlyBundlePath } from "./html.js";

// playwright-core's types, loaded lazily so importing figures never starts anything.
type Browser = import("playwright-core").Browser;
type Page = import("playwright-core").Page;

/** Where Chromium-family browsers usually live, after `$CHROME_PATH`. */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/snap/bin/chromium",
  "/usr/lib/chromium/chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/** Flags that work headless as root in containers, with networking features off. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  "--font-render-hinting=none",
];

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The Chromium executable to use: `$CHROME_PATH` when set (undefined if that is not an
 * executable file: an explicit choice is not silently replaced), else the first candidate found.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.CHROME_PATH;
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : undefined;
  return CHROMIUM_CANDIDATES.find(isExecutable);
}

/** The one-line message shown when no browser is found. */
export function noBrowserMessage(env: NodeJS.ProcessEnv = process.env): string {
  const bad = env.CHROME_PATH ? ` (CHROME_PATH=${env.CHROME_PATH} is not an executable file)` : "";
  return `no headless Chromium found${bad}; install one (Debian: apt-get install chromium) or set CHROME_PATH to export SVG/PNG/PDF`;
}

/** True inside a Jupyter kernel (tslab sets up its display hook) — used to pick the idle timeout. */
function inKernel(): boolean {
  return Object.keys(require.cache).some((k) => /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(k));
}

let idleMsOverride: number | undefined;
let state: { browser: Browser; page: Page; pdfPage: Page | null } | null = null;
let launching: Promise<{ browser: Browser; page: Page; pdfPage: Page | null }> | null = null;
let queue: Promise<unknown> = Promise.resolve();
let idleTimer: NodeJS.Timeout | null = null;

/** Milliseconds of no rendering after which the browser is closed (default 1.5 s, 10 min in a kernel). */
export function setBrowserIdleTimeout(ms: number | undefined): void {
  idleMsOverride = ms;
}

function idleMs(): number {
  return idleMsOverride ?? (inKernel() ? 600_000 : 1_500);
}

async function launch(): Promise<{ browser: Browser; page: Page; pdfPage: Page | null }> {
  const executablePath = findChromium();
  if (!executablePath) throw new ReproError(noBrowserMessage());
  // require, not import(): playwright-core is CommonJS, and require honours NODE_PATH.
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath,
      args: [...CHROMIUM_ARGS],
      // The kernel uses SIGINT to interrupt cells and the host decides about SIGTERM/SIGHUP;
      // playwright still kills the browser in its process-exit handler.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      timeout: 60_000,
    });
  } catch (err) {
    const first = String((err as Error).message ?? err).split("\n")[0];
    throw new ReproError(`could not start headless Chromium at ${executablePath}: ${first}`);
  }
  browser.on("disconnected", () => {
    if (state?.browser === browser) state = null;
  });
  const page = await browser.newPage();
  await page.setContent('<!DOCTYPE html><html><body style="margin:0"></body></html>');
  await page.addScriptTag({ path: plotlyBundlePath() });
  return { browser, page, pdfPage: null };
}

async function ensureBrowser(): Promise<{ browser: Browser; page: Page; pdfPage: Page | null }> {
  if (state) return state;
  if (!launching) {
    launching = launch().then(
      (s) => {
        state = s;
        launching = null;
        return s;
      },
      (err: unknown) => {
        launching = null;
        throw err;
      },
    );
  }
  return launching;
}

function armIdleTimer(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = null;
    void closeBrowser();
  }, idleMs());
}

/** Runs `job` with the shared browser, one job at a time. */
function withBrowser<T>(job: (s: { browser: Browser; page: Page; pdfPage: Page | null }) => Promise<T>): Promise<T> {
  const run = queue.then(async () => {
    if (idleTimer) {
      clearTimeout(idleTimer);
      idleTimer = null;
    }
    try {
      return await job(await ensureBrowser());
    } finally {
      armIdleTimer();
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Closes the shared browser (if open). Safe to call any time; the next render relaunches it. */
export async function closeBrowser(): Promise<void> {
  if (idleTimer) {
    clearTimeout(idleTimer);
    idleTimer = null;
  }
  const s = state ?? (launching ? await launching.catch(() => null) : null);
  state = null;
  if (s) await s.browser.close().catch(() => undefined);
}

/** True when a Chromium executable is available (does not launch it). */
export function browserAvailable(): boolean {
  return findChromium() !== undefined;
}

export type ImageFormat = "svg" | "png";

/** Renders `fig` with `Plotly.toImage` in the shared page: SVG text or PNG bytes. */
export async function renderImage(
  fig: PlotlyFigureJson,
  format: "svg",
  opts?: { scale?: number },
): Promise<string>;
export async function renderImage(fig: PlotlyFigureJson, format: "png", opts?: { scale?: number }): Promise<Buffer>;
export async function renderImage(
  fig: PlotlyFigureJson,
  format: ImageFormat,
  opts: { scale?: number } = {},
): Promise<string | Buffer> {
  const width = typeof fig.layout.width === "number" ? fig.layout.width : 640;
  const height = typeof fig.layout.height === "number" ? fig.layout.height : 400;
  const scale = opts.scale ?? 1;
  const seed = fnv1a(JSON.stringify(fig));
  const url = await withBrowser(({ page }) =>
    page.evaluate(
      async ({ fig, format, width, height, scale, seed }) => {
        // Runs in the page, where plotly was loaded once. Plotly names SVG ids (clip paths,
        // defs) with Math.random; seeding it from the figure makes the output reproducible,
        // while different figures still get different ids (several SVGs inlined in one
        // notebook page must not share clip-path ids).
        let a = seed >>> 0;
        Math.random = () => {
          a = (a + 0x6d2b79f5) >>> 0;
          let t = a;
          t = Math.imul(t ^ (t >>> 15), t | 1);
          t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
          return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
        };
        const P = (globalThis as unknown as { Plotly: { toImage: (f: unknown, o: unknown) => Promise<string> } }).Plotly;
        return P.toImage(fig, { format, width, height, scale });
      },
      { fig, format, width, height, scale, seed },
    ),
  );
  if (format === "svg") {
    const comma = url.indexOf(",");
    const header = url.slice(0, comma);
    const body = url.slice(comma + 1);
    return header.endsWith(";base64") ? Buffer.from(body, "base64").toString("utf8") : decodeURIComponent(body);
  }
  return Buffer.from(url.slice(url.indexOf(",") + 1), "base64");
}

/** FNV-1a hash of a string (seeds the page's Math.random per figure). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const FIXED_PDF_DATE = "D:20000101000000+00'00'";

/**
 * Replaces the PDF's creation/modification dates by a fixed one of the same length, so
 * re-exporting an unchanged figure gives identical bytes (the xref offsets stay valid
 * because no byte moves). Dates of another length are left alone.
 */
export function fixPdfDates(pdf: Buffer): Buffer {
  const text = pdf.toString("latin1");
  const fixed = text.replace(/\/(CreationDate|ModDate) \((D:[^)]*)\)/g, (whole, key: string, date: string) =>
    date.length === FIXED_PDF_DATE.length ? `/${key} (${FIXED_PDF_DATE})` : whole,
  );
  return Buffer.from(fixed, "latin1");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Renders `svg` (as made by `renderImage`) to a one-page vector PDF of the figure's size. */
export async function renderPdf(svg: string, width: number, height: number, title = "figure"): Promise<Buffer> {
  return withBrowser(async (s) => {
    if (!s.pdfPage) s.pdfPage = await s.browser.newPage();
    const page = s.pdfPage;
    await page.setContent(
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
        `<style>@page{size:${width}px ${height}px;margin:0}` +
        `html,body{margin:0;padding:0;background:#fff}svg{display:block}</style></head><body>${svg}</body></html>`,
    );
    const pdf = await page.pdf({ width: `${width}px`, height: `${height}px`, printBackground: true, pageRanges: "1" });
    return fixPdfDates(pdf);
  });
}
