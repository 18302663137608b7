/**
 * Stack of the last k RGB frames as one observation (the thesis stacks 3 frames, §4.7.3).
 * Input frames are H×W×3 (HWC). Output layouts:
 *  - "chw": [3k, H, W], frames oldest first (channel 3f+c = colour c of frame f) — the
 *    PyTorch layout of SAC-AE/DBC/AMBS;
 *  - "hwc": [H, W, 3k] with the same channel order — the TensorFlow.js layout.
 * After a reset the stack holds k copies of the first frame.
 */

import { ReproError } from "../core/errors.js";

export type PixelLayout = "chw" | "hwc";

export class FrameStack {
  readonly k: number;
  readonly width: number;
  readonly height: number;
  readonly layout: PixelLayout;
  private readonly frames: Uint8Array[];
  private head = 0; // index of the oldest frame

  constructor(k: number, width: number, height: number, layout: PixelLayout) {
    if (!Number.isInteger(k) || k < 1 || k > 16) throw new ReproError(`frameStack must be an integer in [1, 16], got ${k}`);
    if (layout !== "chw" && layout !== "hwc") throw new ReproError(`pixel layout must be "chw" or "hwc", got ${String(layout)}`);
    this.k = k;
    this.width = width;
    this.height = height;
    this.layout = layout;
    this.frames = Array.from({ length: k }, () => new Uint8Array(width * height * 3));
  }

  get shape(): number[] {
    return this.layout === "chw" ? [3 * this.k, this.height, this.width] : [this.height, this.width, 3 * this.k];
  }

  reset(frame: Uint8Array): void {
    for (const f of this.frames) f.set(frame);
    this.head = 0;
  }

  push(frame: Uint8Array): void {
    this.frames[this.head]!.set(frame);
    this.head = (this.head + 1) % this.k;
  }

  /** A new array holding the stacked observation. */
  observation(): Uint8Array {
    const { k, width: W, height: H } = this;
    const n = W * H;
    const out = new Uint8Array(n * 3 * k);
    for (let f = 0; f < k; f++) {
      const src = this.frames[(this.head + f) % k]!;
      if (this.layout === "chw") {
        const base = 3 * f * n;
        for (let p = 0; p < n; p++) {
          out[base + p] = src[3 * p]!;
          out[base + n + p] = src[3 * p + 1]!;
          out[base + 2 * n + p] = src[3 * p + 2]!;
        }
      } else {
        const stride = 3 * k;
        for (let p = 0; p < n; p++) {
          const o = p * stride + 3 * f;
          out[o] = src[3 * p]!;
          out[o + 1] = src[3 * p + 1]!;
          out[o + 2] = src[3 * p + 2]!;
        }
      }
    }
    return out;
  }
}
