/**
 * Environments: DeepMind-Control-style tasks on MuJoCo WASM with a software renderer,
 * distractions, and a driving task. Entry point: `makeEnv`.
 *
 *   const env = await makeEnv("cheetah-run", { observation: "pixels", size: 64, seed: 1 });
 *   const env2 = await makeEnv("walker-walk", { observation: "pixels",
 *     distract: { background: "dbc", split: "eval" } });
 *   const env3 = await makeEnv("cartpole-swingup", { distractorDims: 16 });   // state + 16 distractors
 *   const car = await makeEnv("highway", { size: 64 });   // CARLA substitute, 5 cameras, repeat 8
 */

import { ReproError } from "../core/errors.js";
import { makeControlEnv, type ControlEnvOptions } from "./dmc/control-env.js";
import { DMC_TASKS, dmcTask } from "./dmc/tasks.js";
import { makeDistractions, type DistractionConfig } from "./distractions/suite.js";
import type { Env } from "./types.js";
import { VectorDistractorEnv, type VectorDistractorOptions } from "./vector-distractors.js";
import { HighwayEnv, type HighwayOptions } from "./driving/highway.js";

export * from "./types.js";
export { ControlEnv, makeControlEnv, type ControlEnvOptions, type PixelDistraction } from "./dmc/control-env.js";
export { DMC_TASKS, SUITE_TASK_IDS, dmcTask } from "./dmc/tasks.js";
export { tolerance, sigmoid, SIGMOID_KINDS, type SigmoidKind } from "./dmc/tolerance.js";
export { loadMujoco, mujocoVersion, wasmHeapBytes, MujocoPhysics } from "./mujoco/adapter.js";
export { SoftwareRenderer } from "./render/renderer.js";
export { encodePng } from "./render/png.js";
export { decodePng } from "./render/png-decode.js";
export { FrameStack } from "./frame-stack.js";
export { VectorDistractorEnv, distractorSource } from "./vector-distractors.js";
export { makeDistractions, DIFFICULTY_SCALE, type DistractionConfig } from "./distractions/suite.js";
export { BackgroundVideo } from "./distractions/background.js";
export { ColorJitter } from "./distractions/color.js";
export { CameraJitter } from "./distractions/camera.js";
export { LightingJitter, DEFAULT_LIGHTING } from "./distractions/lighting.js";
export { doorOpenReward, DOOR_OPEN_ANGLE } from "./dmc/door.js";
export { proceduralVideoSource, proceduralClip, VIDEO_FAMILIES } from "./distractions/procedural-video.js";
export { folderVideoSource } from "./distractions/video-folder.js";
export { benchEnvs, type BenchEnvsOptions } from "./throughput.js";
export { writeGallery, writeDistractionGallery, writeHighwayGallery } from "./gallery.js";
export { HighwayEnv, HIGHWAY, highwayReward, idmAcceleration, type HighwayOptions } from "./driving/highway.js";

export interface MakeEnvOptions extends Omit<ControlEnvOptions, "distractions"> {
  /** Pixel distractions (needs observation "pixels"). */
  distract?: DistractionConfig;
  /** State + k distractor dims (needs observation "state"). */
  distractorDims?: number;
  /** Options of the vector distractors besides dims (split, styleSeed, mix). */
  distractorOptions?: Omit<VectorDistractorOptions, "dims">;
}

/** Create an environment by id (see `envIds()`). */
export async function makeEnv(id: string, opts: MakeEnvOptions = {}): Promise<Env> {
  if (DMC_TASKS.has(id)) {
    const { distract, distractorDims, distractorOptions, ...rest } = opts;
    const distractions = distract ? makeDistractions(dmcTask(id).domain, distract) : [];
    const env = await makeControlEnv(id, { ...rest, distractions });
    if (distractorDims !== undefined) {
      return new VectorDistractorEnv(env, { ...(distractorOptions ?? {}), dims: distractorDims, seed: opts.seed ?? 0 });
    }
    return env;
  }
  if (id === "highway") {
    const { distract, distractorDims, distractorOptions, ...rest } = opts;
    if (distract) throw new ReproError("highway has its own weather; pixel distractions apply to the control tasks only");
    const env = new HighwayEnv({ ...(rest as HighwayOptions), observation: rest.observation ?? "pixels" });
    if (distractorDims !== undefined) {
      return new VectorDistractorEnv(env, { ...(distractorOptions ?? {}), dims: distractorDims, seed: opts.seed ?? 0 });
    }
    return env;
  }
  throw new ReproError(`unknown environment "${id}"; known: ${envIds().join(", ")}`);
}

export function envIds(): string[] {
  return [...DMC_TASKS.names(), "highway"];
}
