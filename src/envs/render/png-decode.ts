/**
 * Minimal PNG decoder for 8-bit, non-interlaced images (grey, grey+alpha, RGB, RGBA;
 * all five scanline filters), returning RGB. Enough to load video frames that were
 * exported as PNG files. Format: PNG specification (ISO/IEC 15948) §9 (filters), §11 (chunks).
 */

import { inflateSync } from "node:zlib";
import { ReproError } from "../../core/errors.js";

export interface RgbImage {
  rgb: Uint8Array;
  width: number;
  height: number;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export function decodePng(bytes: Uint8Array, what = "image"): RgbImage {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 8 || sig.some((b, i) => bytes[i] !== b)) throw new ReproError(`${what} is not a PNG file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  let width = 0, height = 0, depth = 0, colour = -1, interlace = 0;
  const idat: Uint8Array[] = [];
  while (pos + 8 <= bytes.length) {
    const len = view.getUint32(pos);
    const type = String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!, bytes[pos + 6]!, bytes[pos + 7]!);
    const data = bytes.subarray(pos + 8, pos + 8 + len);
    if (type === "IHDR") {
      width = view.getUint32(pos + 8);
      height = view.getUint32(pos + 12);
      depth = bytes[pos + 16]!;
      colour = bytes[pos + 17]!;
      interlace = bytes[pos + 20]!;
    } else if (type === "IDAT") {
      idat.push(data);
    } else if (type === "IEND") {
      break;
    }
    pos += 12 + len;
  }
  const ch = CHANNELS[colour];
  if (depth !== 8 || ch === undefined || interlace !== 0) {
    throw new ReproError(`${what}: only 8-bit non-interlaced grey/RGB/RGBA PNGs are supported (bit depth ${depth}, colour type ${colour}); re-export the frames as 8-bit RGB PNG`);
  }
  const raw = inflateSync(Buffer.concat(idat.map((d) => Buffer.from(d.buffer, d.byteOffset, d.byteLength))));
  const stride = width * ch;
  if (raw.length < (stride + 1) * height) throw new ReproError(`${what}: PNG data is truncated`);
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= ch ? px[row + x - ch]! : 0;
      const b = y > 0 ? px[prev + x]! : 0;
      const c = x >= ch && y > 0 ? px[prev + x - ch]! : 0;
      let pred: number;
      switch (f) {
        case 0: pred = 0; break;
        case 1: pred = a; break;
        case 2: pred = b; break;
        case 3: pred = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new ReproError(`${what}: bad PNG filter type ${f}`);
      }
      px[row + x] = (raw[src + x]! + pred) & 0xff;
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    if (ch >= 3) {
      rgb[3 * p] = px[p * ch]!;
      rgb[3 * p + 1] = px[p * ch + 1]!;
      rgb[3 * p + 2] = px[p * ch + 2]!;
    } else {
      rgb[3 * p] = rgb[3 * p + 1] = rgb[3 * p + 2] = px[p * ch]!;
    }
  }
  return { rgb, width, height };
}
