/**
 * Loader for real background clips stored as folders of image frames, e.g. frames
 * extracted from Kinetics "driving car" or DAVIS-2017 videos (which cannot be downloaded
 * at run time here). Layout:
 *
 *   <root>/<split>/<clip name>/<frame>.png     (split = "train" or "eval"; frames sorted by name)
 *
 * Frames are 8-bit PNG (grey/RGB/RGBA) of any size; all frames of a clip must share one size.
 * They are resampled to the render size at playback.
 */

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ReproError } from "../../core/errors.js";
import { decodePng } from "../render/png-decode.js";
import { FramesClip, type VideoSource } from "./video.js";

export interface FolderSourceOptions {
  /** Load at most this many frames per clip (default all). */
  maxFrames?: number;
  /** Load at most this many clips (sorted by name; default all). */
  maxClips?: number;
}

export function folderVideoSource(root: string, split: "train" | "eval", opts: FolderSourceOptions = {}): VideoSource {
  const dir = join(root, split);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ReproError(`video folder '${dir}' does not exist; expected <root>/${split}/<clip>/<frame>.png`);
  }
  const clipDirs = readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isDirectory())
    .sort()
    .slice(0, opts.maxClips ?? Infinity);
  if (clipDirs.length === 0) throw new ReproError(`video folder '${dir}' has no clip sub-folders; expected <root>/${split}/<clip>/<frame>.png`);
  const clips = clipDirs.map((name) => {
    const files = readdirSync(join(dir, name))
      .filter((f) => f.toLowerCase().endsWith(".png"))
      .sort()
      .slice(0, opts.maxFrames ?? Infinity);
    if (files.length === 0) throw new ReproError(`clip folder '${join(dir, name)}' has no .png frames`);
    const frames = files.map((f) => decodePng(readFileSync(join(dir, name, f)), join(dir, name, f)));
    const { width, height } = frames[0]!;
    if (frames.some((f) => f.width !== width || f.height !== height)) {
      throw new ReproError(`clip folder '${join(dir, name)}' mixes frame sizes; resize all frames of a clip to one size`);
    }
    return new FramesClip(`${split}/${name}`, frames);
  });
  return { name: `folder:${dir}`, clips };
}
