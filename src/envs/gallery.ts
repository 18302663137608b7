/**
 * Gallery of rendered frames for every control task (PNG strips a person can look at):
 * for each task, frames at a few agent steps of a seeded random-action episode.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Rng } from "../core/rng.js";
import { makeControlEnv, type ControlEnvOptions } from "./dmc/control-env.js";
import { DMC_TASKS } from "./dmc/tasks.js";
import { encodePng, tileHorizontally } from "./render/png.js";

export interface GalleryOptions {
  size?: number;
  /** Agent steps at which frames are taken (0 = the reset frame). */
  atSteps?: number[];
  seed?: number;
  tasks?: string[];
  /** Extra env options (e.g. distractions), per task id. */
  envOptions?: (taskId: string) => ControlEnvOptions;
  /** File name suffix, e.g. "-video". */
  suffix?: string;
}

/** Render strips and write `<dir>/<task><suffix>.png`; returns the written paths. */
export async function writeGallery(dir: string, opts: GalleryOptions = {}): Promise<string[]> {
  const size = opts.size ?? 84;
  const at = opts.atSteps ?? [0, 10, 40, 100];
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (const id of opts.tasks ?? DMC_TASKS.names()) {
    const env = await makeControlEnv(id, {
      ...(opts.envOptions?.(id) ?? {}),
      observation: "pixels", size, frameStack: 1, layout: "hwc", seed: opts.seed ?? 0,
    });
    const rng = new Rng((opts.seed ?? 0) + 1000);
    const frames: { rgb: Uint8Array; width: number; height: number }[] = [];
    let obs = env.reset().observation as Uint8Array;
    for (let t = 0; t <= Math.max(...at); t++) {
      if (at.includes(t)) frames.push({ rgb: obs.slice(), width: size, height: size });
      const r = env.step(Array.from({ length: env.actionSpec.shape[0]! }, () => rng.uniformIn(-1, 1)));
      obs = r.observation as Uint8Array;
      if (r.truncated) break;
    }
    env.close();
    const strip = tileHorizontally(frames);
    const path = join(dir, `${id}${opts.suffix ?? ""}.png`);
    writeFileSync(path, encodePng(strip.rgb, strip.width, strip.height));
    paths.push(path);
  }
  return paths;
}

/**
 * Distraction gallery: every task with the DBC natural-video background ("-dbc") and with
 * DCS hard dynamic colour + camera + video ("-dcs-hard").
 */
export async function writeDistractionGallery(dir: string, opts: Omit<GalleryOptions, "envOptions" | "suffix"> = {}): Promise<string[]> {
  const { makeDistractions } = await import("./distractions/suite.js");
  const { dmcTask } = await import("./dmc/tasks.js");
  const a = await writeGallery(dir, {
    ...opts, suffix: "-dbc",
    envOptions: (id) => ({ distractions: makeDistractions(dmcTask(id).domain, { background: "dbc" }) }),
  });
  const b = await writeGallery(dir, {
    ...opts, suffix: "-dcs-hard",
    envOptions: (id) => ({
      distractions: makeDistractions(dmcTask(id).domain, { background: "dcs", color: true, camera: true, difficulty: "hard", dynamic: true }),
    }),
  });
  return [...a, ...b];
}

/** Highway (CARLA substitute): the 5-camera view at a few agent steps, stacked vertically. */
export async function writeHighwayGallery(dir: string, size = 84, seed = 0): Promise<string> {
  const { HighwayEnv } = await import("./driving/highway.js");
  const env = new HighwayEnv({ seed, size, frameStack: 1, layout: "hwc" });
  const frames: Uint8Array[] = [(env.reset().observation as Uint8Array).slice()];
  for (let t = 1; t <= 60; t++) {
    const obs = env.step([0.05 * Math.sin(t / 5), 0.4]).observation as Uint8Array;
    if (t === 20 || t === 60) frames.push(obs.slice());
  }
  const W = 5 * size;
  const all = new Uint8Array(W * size * frames.length * 3);
  frames.forEach((f, i) => all.set(f, i * W * size * 3));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "highway.png");
  writeFileSync(path, encodePng(all, W, size * frames.length));
  return path;
}
