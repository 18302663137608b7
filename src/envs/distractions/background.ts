/**
 * Natural-video backgrounds: the pixels behind the agent are replaced by video frames.
 *
 * Two styles, both with a new random clip and start frame per episode:
 *  - "dbc" (DBC / AMBS, thesis §4.6.1): every background pixel — sky and floor — shows the
 *    video (DBC replaced the pixels of the background mask); playback runs forward and loops.
 *  - "dcs" (Distracting Control Suite, thesis §4.6.7): the video replaces the sky; the floor
 *    stays, blended with weight `floorAlpha` (DCS uses 0 for reacher, 1 for walker and
 *    cheetah, 0.3 otherwise); dynamic playback ping-pongs forward and backward.
 * `dynamic: false` shows one random frame for the whole episode.
 *
 * Our renderer knows exactly which pixels are background (no colour-threshold mask needed).
 */

import { ReproError } from "../../core/errors.js";
import type { Rng } from "../../core/rng.js";
import type { PixelDistraction } from "../dmc/control-env.js";
import type { BackgroundLayer } from "../render/renderer.js";
import type { Scene } from "../render/scene.js";
import { playbackIndex, type VideoSource } from "./video.js";

export interface BackgroundOptions {
  source: VideoSource;
  style?: "dbc" | "dcs";
  /** Frames advance with the episode (default true); false = one frame per episode. */
  dynamic?: boolean;
  /** Floor opacity (default: 0 for "dbc", 0.3 for "dcs"). */
  floorAlpha?: number;
  /** Use only the first n clips of the source (DCS: 4 easy, 8 medium, all hard). */
  numClips?: number;
}

/** DCS ground-plane opacity per domain. */
export function dcsFloorAlpha(domain: string): number {
  if (domain === "reacher") return 0;
  if (domain === "walker" || domain === "cheetah") return 1;
  return 0.3;
}

export class BackgroundVideo implements PixelDistraction {
  readonly name = "background";
  private readonly source: VideoSource;
  private readonly mode: "loop" | "pingpong";
  private readonly dynamic: boolean;
  private readonly floorAlpha: number;
  private readonly n: number;
  private clip = 0;
  private start = 0;
  private buffer: Uint8Array = new Uint8Array(0);
  private lastKey = "";

  constructor(opts: BackgroundOptions) {
    if (!opts.source || opts.source.clips.length === 0) throw new ReproError("background video source has no clips");
    const style = opts.style ?? "dbc";
    if (style !== "dbc" && style !== "dcs") throw new ReproError(`background style must be "dbc" or "dcs", got ${String(style)}`);
    this.source = opts.source;
    this.mode = style === "dbc" ? "loop" : "pingpong";
    this.dynamic = opts.dynamic ?? true;
    this.floorAlpha = opts.floorAlpha ?? (style === "dbc" ? 0 : 0.3);
    this.n = Math.min(opts.numClips ?? Infinity, opts.source.clips.length);
  }

  /** Clip index and start frame of the current episode. */
  get episode(): { clip: string; start: number } {
    return { clip: this.source.clips[this.clip]!.name, start: this.start };
  }

  reset(rng: Rng, _scene: Scene): void {
    this.clip = rng.int(this.n);
    this.start = rng.int(this.source.clips[this.clip]!.length);
    this.lastKey = "";
  }

  apply(_scene: Scene, frame: number, width: number, height: number): BackgroundLayer {
    const c = this.source.clips[this.clip]!;
    const t = this.dynamic ? playbackIndex(this.start, frame, c.length, this.mode) : this.start;
    if (this.buffer.length !== width * height * 3) this.buffer = new Uint8Array(width * height * 3);
    const key = `${this.clip}:${t}:${width}x${height}`;
    if (key !== this.lastKey) {
      c.render(t, width, height, this.buffer);
      this.lastKey = key;
    }
    return { pixels: this.buffer, floorAlpha: this.floorAlpha };
  }
}
