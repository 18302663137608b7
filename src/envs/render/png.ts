/** Image tiling for galleries; PNG encoding lives in src/core/png.ts (re-exported here). */

import { ReproError } from "../../core/errors.js";

export { crc32, encodePng } from "../../core/png.js";

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
