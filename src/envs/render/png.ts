/**
 * Minimal PNG encoder (8-bit RGB, no interlace, filter 0 per row) using node's zlib,
 * for gallery images and debugging. Format: PNG specification (ISO/IEC 15948), chunks
 * IHDR, IDAT, IEND with CRC-32 over type+data.
 */

import { deflateSync } from "node:zlib";
import { ReproError } from "../../core/errors.js";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (the PNG / zlib polynomial). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encode an H×W×3 RGB image (row 0 at the top) as PNG bytes. */
export function encodePng(rgb: Uint8Array, width: number, height: number): Buffer {
  if (rgb.length !== width * height * 3) {
    throw new ReproError(`encodePng needs ${width}×${height}×3 = ${width * height * 3} bytes, got ${rgb.length}`);
  }
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(raw, y * (width * 3 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", new Uint8Array(0))]);
}

/** Place images side by side (same height) with a `gap`-pixel dark separator. */
export function tileHorizontally(images: { rgb: Uint8Array; width: number; height: number }[], gap = 2): {
  rgb: Uint8Array; width: number; height: number;
} {
  if (images.length === 0) throw new ReproError("tileHorizontally needs at least one image");
  const height = images[0]!.height;
  if (images.some((im) => im.height !== height)) throw new ReproError("tileHorizontally needs images of equal height");
  const width = images.reduce((s, im) => s + im.width, 0) + gap * (images.length - 1);
  const rgb = new Uint8Array(width * height * 3);
  let x0 = 0;
  for (const im of images) {
    for (let y = 0; y < height; y++) {
      rgb.set(im.rgb.subarray(y * im.width * 3, (y + 1) * im.width * 3), (y * width + x0) * 3);
    }
    x0 += im.width + gap;
  }
  return { rgb, width, height };
}
