/**
 * Export of a figure to `<figures root>/<chapter-id>/<name>.{html,svg,png,pdf}`.
 *
 * HTML (self-contained) is always written; SVG/PNG/PDF need the headless browser. Everything
 * is validated and rendered in memory first, then each file is written atomically (temp file
 * in the same folder + rename), so bad input writes nothing and readers never see half a file.
 * Without a browser the HTML is still written and a one-line note says how to get the rest.
 */

import * as fs from "node:fs";
import * as path from "node:path";
import { ReproError } from "../../core/errors.js";
import { figuresRoot } from "../../core/paths.js";
import type { Figure } from "./figure.js";
import { browserAvailable, noBrowserMessage, renderImage, renderPdf } from "./browser.js";
import { writeFileAtomic } from "../results/atomic.js";

export type StaticFormat = "svg" | "png" | "pdf";
export const STATIC_FORMATS: readonly StaticFormat[] = ["svg", "png", "pdf"];

export interface ExportOptions {
  /** Static formats to write besides the HTML (default all of svg, png, pdf). */
  formats?: readonly StaticFormat[];
  /** PNG pixel scale (default 2: a 640×400 figure becomes 1280×800 px). */
  scale?: number;
  /** Figures root folder (default `<package root>/figures`); tests point it at a temp dir. */
  root?: string;
  /** Print the note when static formats are skipped (default true). */
  quiet?: boolean;
}

export interface ExportResult {
  html: string;
  svg?: string;
  png?: string;
  pdf?: string;
  /** Every written path, HTML first. */
  paths: string[];
  /** Set when requested static formats were not written, with the reason. */
  note?: string;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Checks a chapter id like `sac-ae` or `slides/acer` (slash-separated safe segments). */
export function checkChapterId(chapterId: string): string[] {
  const parts = typeof chapterId === "string" ? chapterId.split("/") : [];
  if (parts.length === 0 || !parts.every((p) => SEGMENT.test(p) && p !== "." && p !== "..")) {
    throw new ReproError(
      `figure export: chapter id ${JSON.stringify(chapterId)} is not valid; use letters, digits, ".", "_", "-" in "/"-separated parts, e.g. "slides/acer"`,
    );
  }
  return parts;
}

/** Checks a figure name (one safe path segment, no extension). */
export function checkFigureName(name: string): void {
  if (typeof name !== "string" || !SEGMENT.test(name) || /\.(html|svg|png|pdf)$/i.test(name)) {
    throw new ReproError(
      `figure export: name ${JSON.stringify(name)} is not valid; use letters, digits, ".", "_", "-" and no extension, e.g. "learning-curves"`,
    );
  }
}

/** Atomic single-file write (one implementation, in analysis/results/atomic.ts). */
export { writeFileAtomic };

export async function exportFigure(
  fig: Figure,
  chapterId: string,
  name: string,
  opts: ExportOptions = {},
): Promise<ExportResult> {
  const parts = checkChapterId(chapterId);
  checkFigureName(name);
  const formats = [...new Set(opts.formats ?? STATIC_FORMATS)];
  for (const f of formats) {
    if (!STATIC_FORMATS.includes(f)) {
      throw new ReproError(`figure export: unknown format ${JSON.stringify(f)}; use any of svg, png, pdf`);
    }
  }
  const scale = opts.scale ?? 2;
  if (!(scale > 0 && scale <= 10)) throw new ReproError(`figure export: scale must be in (0, 10], got ${scale}`);
  const dir = path.join(opts.root ?? figuresRoot(), ...parts);
  const spec = fig.toJSON();

  // Everything in memory first.
  const files: { format: "html" | StaticFormat; content: string | Buffer }[] = [
    { format: "html", content: fig.toHtml(`${chapterId}/${name}`) },
  ];
  let note: string | undefined;
  if (formats.length > 0) {
    if (!browserAvailable()) {
      note = noBrowserMessage();
    } else {
      try {
        const needSvg = formats.includes("svg") || formats.includes("pdf");
        const svg = needSvg ? await renderImage(spec, "svg") : undefined;
        for (const f of formats) {
          if (f === "svg") files.push({ format: f, content: svg! });
          if (f === "png") files.push({ format: f, content: await renderImage(spec, "png", { scale }) });
          if (f === "pdf") files.push({ format: f, content: await renderPdf(svg!, fig.width, fig.height, `${chapterId}/${name}`) });
        }
      } catch (err) {
        // A browser that is there but will not start: keep the HTML, say why the rest is missing.
        if (!(err instanceof ReproError)) throw err;
        note = err.message;
      }
    }
  }

  fs.mkdirSync(dir, { recursive: true });
  const result: ExportResult = { html: "", paths: [] };
  for (const { format, content } of files) {
    const file = path.join(dir, `${name}.${format}`);
    writeFileAtomic(file, content);
    result[format] = file;
    result.paths.push(file);
  }
  if (note) {
    result.note = `${note} (wrote ${result.html})`;
    if (!opts.quiet) console.warn(`figure export: ${result.note}`);
  }
  return result;
}
