/**
 * A DeepMind-Control-style task as a gymnasium/dm_env-style environment (see `../types.ts`):
 * MuJoCo physics through the adapter, task logic from `tasks.ts`, action repeat, the
 * 1000-control-step time limit, state or pixel observations (k-frame stack), and optional
 * pixel distractions.
 *
 * Accounting: one agent step = `actionRepeat` control steps (fewer at the time limit);
 * one control step = `task.substeps` physics steps. Rewards are summed over the repeat.
 * `info.envSteps` = control steps since reset; the episode is `truncated` when it reaches
 * `task.episodeSteps` (never `terminated`).
 */

import { ReproError } from "../../core/errors.js";
import { Rng } from "../../core/rng.js";
import { checkAndClipAction } from "../action.js";
import { FrameStack, type PixelLayout } from "../frame-stack.js";
import { loadMujoco, MujocoPhysics } from "../mujoco/adapter.js";
import { SoftwareRenderer, type BackgroundLayer } from "../render/renderer.js";
import { SceneExtractor, type Scene } from "../render/scene.js";
import type { ArraySpec, Env, ObservationSpec, ResetOptions, ResetResult, StepInfo, StepResult } from "../types.js";
import { FLOOR_CHECKER_2 } from "./models.js";
import { dmcTask, type BoundTask, type TaskDefinition } from "./tasks.js";

/** A pixel distraction: may edit the scene (colours, camera) and supply a background layer. */
export interface PixelDistraction {
  readonly name: string;
  /** Start of an episode: draw the episode's randomness from `rng`. */
  reset(rng: Rng, scene: Scene): void;
  /**
   * Before each rendered frame (`frame` counts frames since reset, 0 = the reset frame);
   * `width`×`height` is the frame size. Returns a background layer or undefined.
   */
  apply(scene: Scene, frame: number, width: number, height: number): BackgroundLayer | undefined;
}

export interface ControlEnvOptions {
  /** Seed of the environment's random stream (initial states, distractions). Default 0. */
  seed?: number;
  /** Control steps per agent step. Default: the thesis's value for the task (Table 4.3). */
  actionRepeat?: number;
  /** "state" (default) or "pixels". */
  observation?: "state" | "pixels";
  /** Square image side for pixels (default 84; 64 is the fast path). */
  size?: number;
  /** Frames stacked per pixel observation (default 3). */
  frameStack?: number;
  /** Pixel layout (default "chw"). */
  layout?: PixelLayout;
  /** Pixel distractions applied in order (e.g. background video, colour, camera). */
  distractions?: PixelDistraction[];
}

export class ControlEnv implements Env<Float64Array | Uint8Array> {
  readonly id: string;
  readonly task: TaskDefinition;
  readonly actionSpec: ArraySpec & { minimum: number; maximum: number };
  readonly observationSpec: ObservationSpec;
  readonly actionRepeat: number;
  readonly maxAgentSteps: number;
  /** The physics, for tests and diagnostics (do not step it directly during an episode). */
  readonly physics: MujocoPhysics;
  private readonly bound: BoundTask;
  private rng: Rng;
  private readonly action: Float64Array;
  private readonly pixels: boolean;
  private readonly renderer: SoftwareRenderer | null = null;
  private readonly extractor: SceneExtractor | null = null;
  private readonly stack: FrameStack | null = null;
  private readonly frame: Uint8Array | null = null;
  private readonly distractions: PixelDistraction[];
  private envSteps = 0;
  private agentSteps = 0;
  private frames = 0;
  private needsReset = true;
  private closed = false;

  /** Use `makeControlEnv` (async: loads MuJoCo) unless MuJoCo is already loaded. */
  constructor(taskId: string, options: ControlEnvOptions = {}) {
    this.task = dmcTask(taskId);
    this.id = taskId;
    const repeat = options.actionRepeat ?? this.task.defaultActionRepeat;
    if (!Number.isInteger(repeat) || repeat < 1 || repeat > 1000) {
      throw new ReproError(`actionRepeat must be an integer in [1, 1000], got ${repeat}`);
    }
    this.actionRepeat = repeat;
    this.maxAgentSteps = Math.ceil(this.task.episodeSteps / repeat);
    const obs = options.observation ?? "state";
    if (obs !== "state" && obs !== "pixels") throw new ReproError(`observation must be "state" or "pixels", got ${String(obs)}`);
    this.pixels = obs === "pixels";
    this.rng = new Rng(options.seed ?? 0);
    this.distractions = options.distractions ?? [];
    this.physics = MujocoPhysics.fromXml(this.task.xml(), this.task.domain);
    try {
      this.bound = this.task.bind(this.physics);
      this.action = new Float64Array(this.physics.nu);
      this.actionSpec = { name: "action", shape: [this.physics.nu], dtype: "float64", minimum: -1, maximum: 1 };
      if (this.pixels) {
        const size = options.size ?? 84;
        const k = options.frameStack ?? 3;
        const layout = options.layout ?? "chw";
        this.renderer = new SoftwareRenderer(size, size);
        this.extractor = new SceneExtractor(this.physics, this.task.camera, [...FLOOR_CHECKER_2] as [number, number, number],
          this.bound.segments?.bind(this.bound));
        this.stack = new FrameStack(k, size, size, layout);
        this.frame = new Uint8Array(size * size * 3);
        this.observationSpec = {
          name: "pixels", kind: "pixels", shape: this.stack.shape, dtype: "uint8", minimum: 0, maximum: 255,
          layout, frameStack: k,
        };
      } else {
        if (this.distractions.length > 0) throw new ReproError("pixel distractions need observation: \"pixels\"");
        this.observationSpec = {
          name: "state", kind: "state", shape: [this.bound.stateSize], dtype: "float64", parts: this.bound.parts,
        };
      }
    } catch (err) {
      this.physics.dispose();
      throw err;
    }
  }

  private info(): StepInfo {
    const base = { agentSteps: this.agentSteps, envSteps: this.envSteps, discount: 1 };
    if (!this.pixels) return base;
    // Pixel envs also report the true state (for analysis; agents should not read it).
    const state = new Float64Array(this.bound.stateSize);
    this.bound.observe(state);
    return { ...base, state };
  }

  /**
   * Render the current state as an H×W×3 RGB image of side `size` (no distractions), in any
   * observation mode — for notebooks and videos of state-based agents.
   */
  snapshot(size = 84): Uint8Array {
    if (this.closed) throw new ReproError(`${this.id}: environment was closed; create a new one`);
    if (!this.snapshotRenderer || this.snapshotRenderer.width !== size) {
      this.snapshotRenderer = new SoftwareRenderer(size, size);
      this.snapshotExtractor ??= new SceneExtractor(this.physics, this.task.camera,
        [...FLOOR_CHECKER_2] as [number, number, number], this.bound.segments?.bind(this.bound));
    }
    return this.snapshotRenderer.render(this.snapshotExtractor!.update());
  }
  private snapshotRenderer: SoftwareRenderer | null = null;
  private snapshotExtractor: SceneExtractor | null = null;

  private observe(): Float64Array | Uint8Array {
    if (!this.pixels) {
      const out = new Float64Array(this.bound.stateSize);
      this.bound.observe(out);
      return out;
    }
    return this.stack!.observation();
  }

  /** Render the current state (with distractions) into the internal frame buffer and return it (H×W×3). */
  renderFrame(): Uint8Array {
    if (!this.renderer) throw new ReproError(`${this.id}: renderFrame needs observation: "pixels"`);
    const scene = this.extractor!.update();
    let bg: BackgroundLayer | undefined;
    for (const d of this.distractions) bg = d.apply(scene, this.frames, this.renderer.width, this.renderer.height) ?? bg;
    this.frames++;
    return this.renderer.render(scene, this.frame!, bg);
  }

  reset(options: ResetOptions = {}): ResetResult<Float64Array | Uint8Array> {
    if (this.closed) throw new ReproError(`${this.id}: environment was closed; create a new one`);
    if (options.seed !== undefined) this.rng = new Rng(options.seed);
    // dm_control/rl/control.py Environment.reset runs initialize_episode inside
    // Physics.reset_context() (mujoco/engine.py): mj_resetData + mj_forward before it,
    // mj_forward after it (both with actuation off, a no-op here: mj_resetData zeroes ctrl).
    this.physics.resetData();
    this.physics.forward();
    this.bound.initialize(this.rng.fork(`init-${this.rng.nextUint32()}`));
    this.physics.forward();
    this.envSteps = 0;
    this.agentSteps = 0;
    this.frames = 0;
    this.needsReset = false;
    if (this.pixels) {
      const scene = this.extractor!.update();
      this.distractions.forEach((d, i) => d.reset(this.rng.fork(`distraction-${i}-${this.rng.nextUint32()}`), scene));
      this.stack!.reset(this.renderFrame());
    }
    return { observation: this.observe(), info: this.info() };
  }

  step(action: ArrayLike<number>): StepResult<Float64Array | Uint8Array> {
    if (this.closed) throw new ReproError(`${this.id}: environment was closed; create a new one`);
    if (this.needsReset) throw new ReproError(`${this.id}: call reset() before step() (and after an episode ends)`);
    // dm_control passes the action to MuJoCo unclipped (suite/base.py Task.before_step); MuJoCo
    // clamps ctrl to ctrlrange (ctrllimited) when it computes actuator forces, so clipping here
    // gives the same physics bit for bit (test/envs/dmc-fidelity.test.ts). The one reward that
    // reads ctrl, cartpole's small_control, is 0 for |u| ≥ 1 raw or clipped.
    checkAndClipAction(this.id, action, this.action, -1, 1);
    const ctrl = this.physics.ctrl;
    ctrl.set(this.action);
    let reward = 0;
    const limit = this.task.episodeSteps;
    for (let r = 0; r < this.actionRepeat && this.envSteps < limit; r++) {
      this.physics.step(this.task.substeps);
      this.envSteps++;
      reward += this.bound.reward();
    }
    this.agentSteps++;
    const truncated = this.envSteps >= limit;
    if (truncated) this.needsReset = true;
    if (this.pixels) this.stack!.push(this.renderFrame());
    return { observation: this.observe(), reward, terminated: false, truncated, info: this.info() };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.physics.dispose();
  }
}

/** Load MuJoCo (once) and create a control environment. */
export async function makeControlEnv(taskId: string, options: ControlEnvOptions = {}): Promise<ControlEnv> {
  await loadMujoco();
  return new ControlEnv(taskId, options);
}
