/**
 * Environment API shared by every environment in `src/envs` (gymnasium / dm_env style).
 *
 *   const env = await makeEnv("cheetah-run", { seed: 1, observation: "pixels" });
 *   let { observation } = env.reset({ seed: 1 });
 *   const { observation, reward, terminated, truncated, info } = env.step(action);
 *
 * - `terminated`: the task ended (never for DMC tasks; they are infinite-horizon with discount 1).
 * - `truncated`: the time limit was reached (1000 control steps for DMC tasks).
 * - Actions: a length-`actionSpec.shape[0]` array. Values outside [minimum, maximum] are
 *   clipped to the range (not an error); NaN/±Infinity or a wrong length throws a ReproError.
 * - Rewards over an action repeat are summed (as DBC, SAC-AE, DrQ do).
 * - `info.envSteps` counts control steps (agent steps × action repeat), the x-axis of the papers.
 */

export type DType = "float64" | "uint8";

export interface ArraySpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Element-wise lower bounds (same for every element when a number). */
  readonly minimum?: number;
  readonly maximum?: number;
}

/** A named slice of a flat state observation (e.g. "position" covers indices [0, 8)). */
export interface ObservationPart {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
}

export interface ObservationSpec extends ArraySpec {
  /**
   * "state": flat Float64Array, concatenation of `parts` (dm_control's observation dict in
   * its key order). "pixels": Uint8Array of `frameStack` RGB frames, layout per `layout`.
   */
  readonly kind: "state" | "pixels";
  readonly parts?: readonly ObservationPart[];
  /** Pixel layout: "chw" = [3·k, H, W] (frames stacked on channels, oldest first), "hwc" = [H, W, 3·k]. */
  readonly layout?: "chw" | "hwc";
  readonly frameStack?: number;
}

export interface StepInfo {
  /** Agent decisions since reset. */
  readonly agentSteps: number;
  /** Control steps since reset (= agentSteps × actionRepeat, cut at the time limit). */
  readonly envSteps: number;
  /** dm_env discount for the transition (1 for DMC tasks). */
  readonly discount: number;
  /** Extra per-task numbers (e.g. driving distance, collisions). */
  readonly [key: string]: unknown;
}

export interface ResetResult<O> {
  readonly observation: O;
  readonly info: StepInfo;
}

export interface StepResult<O> {
  readonly observation: O;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  readonly info: StepInfo;
}

export interface ResetOptions {
  /** Re-seed the environment's random stream; without it the stream continues. */
  readonly seed?: number;
}

export interface Env<O = Float64Array | Uint8Array> {
  readonly id: string;
  readonly actionSpec: ArraySpec & { readonly minimum: number; readonly maximum: number };
  readonly observationSpec: ObservationSpec;
  readonly actionRepeat: number;
  /** Agent steps per episode (ceil(episode control steps / actionRepeat)). */
  readonly maxAgentSteps: number;
  reset(options?: ResetOptions): ResetResult<O>;
  step(action: ArrayLike<number>): StepResult<O>;
  /** Free native resources (MuJoCo model/data). The env is unusable afterwards. */
  close(): void;
}
