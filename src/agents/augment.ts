/**
 * Random-shift augmentation of DrQ/RAD (reference `RandomShiftsAug(pad=4)`): replicate-pad each
 * image by `pad` pixels and crop back to the original size at an integer offset (dx, dy) drawn
 * uniformly from {0, …, 2·pad}: out[y, x] = in[clamp(y + dy − pad), clamp(x + dx − pad)].
 * Operates on uint8 NHWC batches before they become tensors (no float copy of the padded image).
 */
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";

export interface ShiftResult {
  images: Uint8Array;
  /** The (dx, dy) drawn per image (for tests and diagnostics). */
  shifts: Int32Array;
}

export function randomShift(images: Uint8Array, batch: number, height: number, width: number, channels: number, pad: number, rng: Rng): ShiftResult {
  if (images.length !== batch * height * width * channels) {
    throw new ReproError(`randomShift: ${images.length} values do not make ${batch}×${height}×${width}×${channels} images`);
  }
  if (!Number.isInteger(pad) || pad < 0) throw new ReproError(`randomShift: pad must be a non-negative integer, got ${pad}`);
  const out = new Uint8Array(images.length);
  const shifts = new Int32Array(2 * batch);
  const rowLen = width * channels;
  for (let b = 0; b < batch; b++) {
    const dx = rng.int(2 * pad + 1);
    const dy = rng.int(2 * pad + 1);
    shifts[2 * b] = dx;
    shifts[2 * b + 1] = dy;
    const base = b * height * rowLen;
    for (let y = 0; y < height; y++) {
      const sy = Math.min(height - 1, Math.max(0, y + dy - pad));
      const srcRow = base + sy * rowLen;
      const dstRow = base + y * rowLen;
      for (let x = 0; x < width; x++) {
        const sx = Math.min(width - 1, Math.max(0, x + dx - pad));
        const s = srcRow + sx * channels;
        const d = dstRow + x * channels;
        for (let c = 0; c < channels; c++) out[d + c] = images[s + c]!;
      }
    }
  }
  return { images: out, shifts };
}
