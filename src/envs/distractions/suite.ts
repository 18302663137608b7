/**
 * Distraction presets: DCS-style difficulty (scale 0.1 / 0.2 / 0.3 for easy / medium /
 * hard; static or dynamic) for colour, camera and background video, and the DBC/AMBS
 * natural-video setting. Train and evaluation environments get disjoint video sources.
 *
 * Wrapper order follows DCS: background → camera → colour; then lighting (not in DCS: the
 * Robosuite-style light randomisation of lighting.ts, used by door-open).
 */

import { ReproError } from "../../core/errors.js";
import type { PixelDistraction } from "../dmc/control-env.js";
import { BackgroundVideo, dcsFloorAlpha } from "./background.js";
import { CameraJitter } from "./camera.js";
import { ColorJitter } from "./color.js";
import { LightingJitter } from "./lighting.js";
import { proceduralVideoSource, type VideoFamily } from "./procedural-video.js";
import type { VideoSource } from "./video.js";

export const DIFFICULTY_SCALE = { easy: 0.1, medium: 0.2, hard: 0.3 } as const;
/** DCS: number of background videos per difficulty (hard = all). */
export const DIFFICULTY_NUM_VIDEOS = { easy: 4, medium: 8, hard: Infinity } as const;
export type Difficulty = keyof typeof DIFFICULTY_SCALE;

export interface DistractionConfig {
  /** "easy" | "medium" | "hard" or a scale in [0, 1]. */
  difficulty?: Difficulty | number;
  /** Dynamic (change every frame) or static (per episode). Default false. */
  dynamic?: boolean;
  color?: boolean;
  camera?: boolean;
  /** Randomise the renderer's lights (lighting.ts). */
  lighting?: boolean;
  /**
   * Background video: "dbc" (video behind everything, forward play), "dcs" (video sky,
   * translucent floor, ping-pong), or false/undefined (none).
   */
  background?: "dbc" | "dcs" | false;
  /** "train" (default) or "eval": which disjoint video source to draw clips from. */
  split?: "train" | "eval";
  /** Video source; default: procedural clips for the split (see proceduralVideoSource). */
  videos?: VideoSource;
  /** Procedural source settings when `videos` is not given. */
  videoSeed?: number;
  videoFamilies?: readonly VideoFamily[];
  /** Clips in the procedural source (default 8 for "dcs" hard/medium, 4 otherwise). */
  numClips?: number;
}

export function distractionScale(d: Difficulty | number | undefined): number {
  if (d === undefined) return DIFFICULTY_SCALE.easy;
  if (typeof d === "number") {
    if (!(d >= 0 && d <= 1)) throw new ReproError(`difficulty scale must be in [0, 1], got ${d}`);
    return d;
  }
  const s = DIFFICULTY_SCALE[d];
  if (s === undefined) throw new ReproError(`difficulty must be easy, medium, hard or a number, got '${String(d)}'`);
  return s;
}

/** Build the distraction list for a task domain (e.g. "cheetah"). */
export function makeDistractions(domain: string, cfg: DistractionConfig): PixelDistraction[] {
  const scale = distractionScale(cfg.difficulty);
  const dynamic = cfg.dynamic ?? false;
  const out: PixelDistraction[] = [];
  if (cfg.background) {
    const named = typeof cfg.difficulty === "string" ? cfg.difficulty : undefined;
    const numClips = cfg.numClips ?? (named ? Math.min(DIFFICULTY_NUM_VIDEOS[named], 12) : 4);
    const source = cfg.videos ?? proceduralVideoSource({
      split: cfg.split ?? "train", clips: numClips, seed: cfg.videoSeed ?? 0,
      ...(cfg.videoFamilies ? { families: cfg.videoFamilies } : {}),
    });
    out.push(new BackgroundVideo({
      source,
      style: cfg.background,
      dynamic: cfg.background === "dbc" ? true : dynamic,
      ...(cfg.background === "dcs" ? { floorAlpha: dcsFloorAlpha(domain) } : {}),
      ...(named && cfg.videos ? { numClips: DIFFICULTY_NUM_VIDEOS[named] } : {}),
    }));
  }
  if (cfg.camera) out.push(new CameraJitter(scale, dynamic, domain !== "reacher"));
  if (cfg.color) out.push(new ColorJitter(scale, dynamic));
  if (cfg.lighting) out.push(new LightingJitter(scale, dynamic));
  return out;
}
