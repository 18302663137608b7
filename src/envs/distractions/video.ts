/**
 * Video clips used as distracting backgrounds. A clip is a pure function of the frame index
 * (so seeking, looping and ping-pong playback are free and deterministic).
 */

import { ReproError } from "../../core/errors.js";

export interface VideoClip {
  readonly name: string;
  /** Number of frames (playback wraps or ping-pongs within [0, length)). */
  readonly length: number;
  /** Write frame `t` (0 ≤ t < length) as H×W×3 RGB into `out`. */
  render(t: number, width: number, height: number, out: Uint8Array): void;
}

/** A named set of clips (e.g. the training or the evaluation split of a video source). */
export interface VideoSource {
  readonly name: string;
  readonly clips: readonly VideoClip[];
}

/** Frame index for playback step `k` from `start`: "loop" wraps, "pingpong" reflects at the ends. */
export function playbackIndex(start: number, k: number, length: number, mode: "loop" | "pingpong"): number {
  if (length <= 1) return 0;
  if (mode === "loop") return (start + k) % length;
  const period = 2 * (length - 1);
  const p = (start + k) % period;
  return p < length ? p : period - p;
}

/** A clip made of stored RGB frames (any size; resampled to the requested size, nearest neighbour). */
export class FramesClip implements VideoClip {
  readonly name: string;
  readonly length: number;
  private readonly frames: { rgb: Uint8Array; width: number; height: number }[];

  constructor(name: string, frames: { rgb: Uint8Array; width: number; height: number }[]) {
    if (frames.length === 0) throw new ReproError(`video clip '${name}' has no frames`);
    for (const f of frames) {
      if (f.rgb.length !== f.width * f.height * 3) throw new ReproError(`video clip '${name}': a frame is not width×height×3 bytes`);
    }
    this.name = name;
    this.frames = frames;
    this.length = frames.length;
  }

  render(t: number, width: number, height: number, out: Uint8Array): void {
    const f = this.frames[Math.min(this.length - 1, Math.max(0, Math.floor(t)))]!;
    if (f.width === width && f.height === height) {
      out.set(f.rgb);
      return;
    }
    for (let i = 0; i < height; i++) {
      const si = Math.min(f.height - 1, Math.floor(((i + 0.5) * f.height) / height));
      for (let j = 0; j < width; j++) {
        const sj = Math.min(f.width - 1, Math.floor(((j + 0.5) * f.width) / width));
        const s = 3 * (si * f.width + sj);
        const o = 3 * (i * width + j);
        out[o] = f.rgb[s]!;
        out[o + 1] = f.rgb[s + 1]!;
        out[o + 2] = f.rgb[s + 2]!;
      }
    }
  }
}
