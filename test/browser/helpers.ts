/**
 * Test helpers for everything that needs a real headless Chromium:
 * - `describeWithChromium`: runs the suite when Chromium is found; when it is missing the
 *   suite is skipped locally with a message but FAILS when `process.env.CI` is set.
 * - `decodePng`: an independent PNG reader (all five scanline filters, 8-bit RGB/RGBA/grey),
 *   written from the PNG spec, so screenshots and exported PNGs can be checked pixel by pixel.
 * - `pixelStats`: mean and variance of luminance, the "is this image blank?" measure.
 */

import { execFileSync } from "node:child_process";
import * as zlib from "node:zlib";
import { describe, it } from "vitest";
import { findChromium, noBrowserMessage } from "../../src/analysis/figures/browser.js";

export const CHROMIUM = findChromium();
export const IN_CI = Boolean(process.env.CI);

/** `describe` that needs Chromium: skip locally without it, fail in CI without it. */
export function describeWithChromium(name: string, body: () => void): void {
  if (CHROMIUM) {
    describe(name, body);
    return;
  }
  if (IN_CI) {
    describe(name, () => {
      it("needs headless Chromium (required in CI)", () => {
        throw new Error(`CI=${process.env.CI} but ${noBrowserMessage()}`);
      });
    });
    return;
  }
  console.warn(`skipping "${name}": ${noBrowserMessage()}`);
  describe.skip(name, body);
}

/** Path of `jupyter-nbconvert` (or `jupyter` with the nbconvert subcommand), if installed. */
export function findNbconvert(): string[] | undefined {
  for (const cmd of [["jupyter-nbconvert"], ["jupyter", "nbconvert"]]) {
    try {
      execFileSync(cmd[0]!, [...cmd.slice(1), "--version"], { stdio: "pipe", timeout: 30_000 });
      return cmd;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

export interface DecodedImage {
  width: number;
  height: number;
  channels: number;
  pixels: Uint8Array;
}

/** Decodes an 8-bit, non-interlaced PNG (colour types 0, 2, 6). */
export function decodePng(png: Uint8Array): DecodedImage {
  const buf = Buffer.from(png);
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!sig.every((b, i) => buf[i] === b)) throw new Error("not a PNG (bad signature)");
  let off = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString("ascii", off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error("only 8-bit non-interlaced PNGs are supported");
      colorType = data[9]!;
    } else if (type === "IDAT") {
      idat.push(Buffer.from(data));
    } else if (type === "IEND") {
      break;
    }
    off += 12 + len;
  }
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!channels) throw new Error(`unsupported PNG colour type ${colorType}`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(height * stride);
  for (let r = 0; r < height; r++) {
    const filter = raw[r * (stride + 1)]!;
    const src = r * (stride + 1) + 1;
    for (let i = 0; i < stride; i++) {
      const x = raw[src + i]!;
      const a = i >= channels ? out[r * stride + i - channels]! : 0;
      const b = r > 0 ? out[(r - 1) * stride + i]! : 0;
      const c = r > 0 && i >= channels ? out[(r - 1) * stride + i - channels]! : 0;
      let v: number;
      switch (filter) {
        case 0:
          v = x;
          break;
        case 1:
          v = x + a;
          break;
        case 2:
          v = x + b;
          break;
        case 3:
          v = x + ((a + b) >> 1);
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          throw new Error(`bad PNG filter ${filter}`);
      }
      out[r * stride + i] = v & 0xff;
    }
  }
  return { width, height, channels, pixels: out };
}

/** Mean and variance of per-pixel luminance (0..255), plus the share of non-white pixels. */
export function pixelStats(img: DecodedImage): { mean: number; variance: number; inkFraction: number } {
  const n = img.width * img.height;
  let sum = 0;
  let sumSq = 0;
  let ink = 0;
  for (let p = 0; p < n; p++) {
    const o = p * img.channels;
    const lum =
      img.channels >= 3
        ? 0.299 * img.pixels[o]! + 0.587 * img.pixels[o + 1]! + 0.114 * img.pixels[o + 2]!
        : img.pixels[o]!;
    sum += lum;
    sumSq += lum * lum;
    if (lum < 240) ink++;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean, inkFraction: ink / n };
}
