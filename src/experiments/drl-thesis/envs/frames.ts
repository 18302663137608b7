/**
 * Rendered observations for the image grids: one frame per (task, distraction setting),
 * taken after `atStep` seeded random-action agent steps (pixels, frame stack 1, HWC RGB).
 * Frames are cheap and deterministic, so the notebook renders them live inside the tslab
 * kernel (this is also the MuJoCo-in-tslab proof) instead of storing them.
 */
import { Rng } from "../../../core/rng.js";
import type { GridImage } from "../../../analysis/figures/imageGrid.js";
import type { DistractionConfig } from "../../../envs/distractions/suite.js";
import { makeEnv } from "../../../envs/index.js";
import { HighwayEnv } from "../../../envs/driving/highway.js";
import { highwayController } from "./scripted.js";

export interface DistractionSetting {
  /** Short label shown above the frame. */
  label: string;
  /** undefined = no distraction. */
  distract?: DistractionConfig;
  /** Take the frame this many agent steps later than the others (shows dynamic vs static). */
  extraSteps?: number;
}

export const NO_DISTRACTION: DistractionSetting = { label: "none" };

/** Named groups of settings; each becomes one task × setting grid. */
export const DISTRACTION_GROUPS: Readonly<Record<string, readonly DistractionSetting[]>> = {
  "background-video": [
    NO_DISTRACTION,
    { label: "DBC train", distract: { background: "dbc", split: "train" } },
    { label: "DBC eval", distract: { background: "dbc", split: "eval" } },
    { label: "DCS train", distract: { background: "dcs", difficulty: "hard", split: "train" } },
    { label: "DCS eval", distract: { background: "dcs", difficulty: "hard", split: "eval" } },
  ],
  colour: [
    NO_DISTRACTION,
    { label: "colour 0.1", distract: { color: true, difficulty: 0.1 } },
    { label: "colour 0.2", distract: { color: true, difficulty: 0.2 } },
    { label: "colour 0.3", distract: { color: true, difficulty: 0.3 } },
    { label: "0.3 stat. +10", distract: { color: true, difficulty: 0.3 }, extraSteps: 10 },
    { label: "0.3 dyn.", distract: { color: true, difficulty: 0.3, dynamic: true } },
    { label: "0.3 dyn. +10", distract: { color: true, difficulty: 0.3, dynamic: true }, extraSteps: 10 },
  ],
  camera: [
    NO_DISTRACTION,
    { label: "camera 0.1", distract: { camera: true, difficulty: 0.1 } },
    { label: "camera 0.2", distract: { camera: true, difficulty: 0.2 } },
    { label: "camera 0.3", distract: { camera: true, difficulty: 0.3 } },
    { label: "0.3 stat. +10", distract: { camera: true, difficulty: 0.3 }, extraSteps: 10 },
    { label: "0.3 dyn.", distract: { camera: true, difficulty: 0.3, dynamic: true } },
    { label: "0.3 dyn. +10", distract: { camera: true, difficulty: 0.3, dynamic: true }, extraSteps: 10 },
  ],
  "dcs-combined": [
    NO_DISTRACTION,
    { label: "DCS easy train", distract: { background: "dcs", color: true, camera: true, difficulty: "easy", dynamic: true, split: "train" } },
    { label: "DCS easy eval", distract: { background: "dcs", color: true, camera: true, difficulty: "easy", dynamic: true, split: "eval" } },
    { label: "DCS hard train", distract: { background: "dcs", color: true, camera: true, difficulty: "hard", dynamic: true, split: "train" } },
    { label: "DCS hard eval", distract: { background: "dcs", color: true, camera: true, difficulty: "hard", dynamic: true, split: "eval" } },
  ],
};

/** One setting per distraction kind, for the every-task overview. */
export const OVERVIEW_SETTINGS: readonly DistractionSetting[] = [
  NO_DISTRACTION,
  { label: "DBC video", distract: { background: "dbc" } },
  { label: "DCS video", distract: { background: "dcs", difficulty: "hard" } },
  { label: "colour 0.3", distract: { color: true, difficulty: 0.3 } },
  { label: "camera 0.3", distract: { camera: true, difficulty: 0.3 } },
  { label: "DCS hard all", distract: { background: "dcs", color: true, camera: true, difficulty: "hard", dynamic: true } },
];

/** Short task names for panel titles. */
export function shortTask(id: string): string {
  return id.replace("-swingup", "").replace("ball_in_cup-catch", "cup-catch");
}

export interface FrameOptions {
  size: number;
  atStep: number;
  seed: number;
}

/** One frame of a control task under a distraction setting. */
export async function taskFrame(task: string, setting: DistractionSetting, opts: FrameOptions): Promise<GridImage> {
  const env = await makeEnv(task, {
    observation: "pixels", size: opts.size, frameStack: 1, layout: "hwc", seed: opts.seed,
    ...(setting.distract ? { distract: setting.distract } : {}),
  });
  try {
    const rng = new Rng(opts.seed).fork(`frame-actions/${task}`);
    let obs = env.reset({ seed: opts.seed }).observation as Uint8Array;
    const steps = opts.atStep + (setting.extraSteps ?? 0);
    for (let t = 0; t < steps; t++) {
      const r = env.step(Array.from({ length: env.actionSpec.shape[0]! }, () => rng.uniformIn(-1, 1)));
      obs = r.observation as Uint8Array;
      if (r.truncated) break;
    }
    return { pixels: obs.slice(), height: opts.size, width: opts.size };
  } finally {
    env.close();
  }
}

/** Frames for tasks (rows) × settings (columns), row-major, titled "task · setting". */
export async function frameGrid(tasks: readonly string[], settings: readonly DistractionSetting[], opts: FrameOptions): Promise<GridImage[]> {
  const out: GridImage[] = [];
  for (const task of tasks) {
    for (const s of settings) {
      const img = await taskFrame(task, s, opts);
      out.push({ ...img, title: settings.length === 1 ? shortTask(task) : `${shortTask(task)} · ${s.label}` });
    }
  }
  return out;
}

/** Highway: the 5-camera (300°) view at a few agent steps of the scripted driver, for a few seeds. */
export async function highwayFrames(opts: { size: number; seeds: readonly number[]; atSteps: readonly number[] }): Promise<GridImage[]> {
  const out: GridImage[] = [];
  for (const seed of opts.seeds) {
    const env = new HighwayEnv({ seed, size: opts.size, frameStack: 1, layout: "hwc" });
    let obs = env.reset({ seed }).observation as Uint8Array;
    const last = Math.max(...opts.atSteps);
    for (let t = 0; t <= last; t++) {
      if (opts.atSteps.includes(t)) out.push({ pixels: obs.slice(), height: opts.size, width: 5 * opts.size, title: `seed ${seed}, agent step ${t} (5 × 60° cameras)` });
      if (t === last) break;
      const r = env.step(highwayController(env));
      obs = r.observation as Uint8Array;
    }
    env.close();
  }
  return out;
}
