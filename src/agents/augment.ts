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

/**
 * CURL's random crop (reference curl utils.py:231-251 `random_crop`): from each [H, W, C] image
 * of the batch an out × out window at a row offset then a column offset, each drawn uniformly from
 * {0, …, side − out − 1} — `np.random.randint(0, crop_max)` excludes crop_max, so the last
 * offset is never drawn (kept as the reference does it).
 */
export function randomCrop(images: Uint8Array, batch: number, height: number, width: number, channels: number, out: number, rng: Rng): ShiftResult {
  if (images.length !== batch * height * width * channels) {
    throw new ReproError(`randomCrop: ${images.length} values do not make ${batch}×${height}×${width}×${channels} images`);
  }
  if (!Number.isInteger(out) || out < 1 || out >= height || out >= width) throw new ReproError(`randomCrop: crop ${out} must be smaller than the image ${height}×${width}`);
  const res = new Uint8Array(batch * out * out * channels);
  const offsets = new Int32Array(2 * batch);
  for (let b = 0; b < batch; b++) {
    const dy = rng.int(height - out);
    const dx = rng.int(width - out);
    offsets[2 * b] = dx;
    offsets[2 * b + 1] = dy;
    copyWindow(images, b, height, width, channels, dy, dx, out, res);
  }
  return { images: res, shifts: offsets };
}

/** The centred out × out window of one [H, W, C] image (reference curl utils.py:253-261 `center_crop_image`: top = (H − out) // 2). */
export function centreCrop(image: ArrayLike<number>, height: number, width: number, channels: number, out: number): Uint8Array {
  if (image.length !== height * width * channels) throw new ReproError(`centreCrop: ${image.length} values do not make a ${height}×${width}×${channels} image`);
  const res = new Uint8Array(out * out * channels);
  copyWindow(image, 0, height, width, channels, Math.floor((height - out) / 2), Math.floor((width - out) / 2), out, res);
  return res;
}

function copyWindow(images: ArrayLike<number>, b: number, height: number, width: number, channels: number, dy: number, dx: number, out: number, dst: Uint8Array): void {
  const rowLen = width * channels;
  const outRow = out * channels;
  for (let y = 0; y < out; y++) {
    const src = b * height * rowLen + (y + dy) * rowLen + dx * channels;
    const d = b * out * outRow + y * outRow;
    for (let k = 0; k < outRow; k++) dst[d + k] = images[src + k]!;
  }
}
