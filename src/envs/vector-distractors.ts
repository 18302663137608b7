/**
 * State observations with distractor dimensions (the thesis's Tier-B substitute for
 * natural-video backgrounds, research/seed000-ch1-4.md §7.1): the observation is the true
 * state concatenated with k distractor features that follow their own dynamics and carry no
 * information about the task.
 *
 * Distractor dynamics — correlated random walks with mean reversion (AR(1)):
 *   z_{t+1} = ρ z_t + sqrt(1 − ρ²) · A n_t,   n_t ~ N(0, I_k),   z_0 = A n_0,
 * where A has unit-norm rows, so every dimension has stationary variance 1 and the
 * dimensions are correlated through A Aᵀ. ρ and A are the "source" (style): they come from
 * `styleSeed` and the split ("train" or "eval"), so training and evaluation distractors are
 * disjoint processes; the noise n_t comes from the environment's seed (new per episode).
 * Optional `mix: "linear"` multiplies the whole [state; z] vector by a fixed random
 * matrix (harder: no coordinate is clean).
 */

import { ReproError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import type { Env, ObservationSpec, ResetOptions, ResetResult, StepResult } from "./types.js";

export interface VectorDistractorOptions {
  /** Number of distractor dimensions k (≥ 1). */
  dims: number;
  /** "train" (default) or "eval": which distractor source to use. */
  split?: "train" | "eval";
  /** Seed of the distractor sources (both splits derive from it). Default 0. */
  styleSeed?: number;
  /** Seed of the per-episode distractor noise (reset({seed}) re-seeds it too). Default 0. */
  seed?: number;
  /** "concat" (default) or "linear": mix [state; z] by a fixed random matrix. */
  mix?: "concat" | "linear";
}

/** The fixed parameters of one distractor source. */
export interface DistractorSource {
  readonly rho: number;
  /** k×k row-major mixing matrix with unit-norm rows. */
  readonly A: Float64Array;
}

/** Draw the source for a split: ρ ∈ [0.9, 0.99], A Gaussian with rows normalised. */
export function distractorSource(dims: number, split: "train" | "eval", styleSeed: number): DistractorSource {
  const rng = new Rng(styleSeed).fork(`vector-distractor-${split}`);
  const rho = rng.uniformIn(0.9, 0.99);
  const A = new Float64Array(dims * dims);
  for (let i = 0; i < dims; i++) {
    let n = 0;
    for (let j = 0; j < dims; j++) {
      const v = rng.normal();
      A[i * dims + j] = v;
      n += v * v;
    }
    n = Math.sqrt(n);
    for (let j = 0; j < dims; j++) A[i * dims + j]! /= n;
  }
  return { rho, A };
}

export class VectorDistractorEnv implements Env<Float64Array> {
  readonly id: string;
  readonly actionSpec: Env["actionSpec"];
  readonly observationSpec: ObservationSpec;
  readonly actionRepeat: number;
  readonly maxAgentSteps: number;
  readonly source: DistractorSource;
  private readonly inner: Env;
  private readonly k: number;
  private readonly stateSize: number;
  private readonly z: Float64Array;
  private readonly noise: Float64Array;
  private readonly mixMatrix: Float64Array | null;
  private rng: Rng;

  constructor(inner: Env, opts: VectorDistractorOptions) {
    if (inner.observationSpec.kind !== "state") {
      throw new ReproError(`vector distractors need a state-observation env, got ${inner.observationSpec.kind}`);
    }
    const k = opts.dims;
    if (!Number.isInteger(k) || k < 1 || k > 10000) throw new ReproError(`distractor dims must be an integer in [1, 10000], got ${k}`);
    const split = opts.split ?? "train";
    if (split !== "train" && split !== "eval") throw new ReproError(`split must be "train" or "eval", got ${String(split)}`);
    this.inner = inner;
    this.k = k;
    this.stateSize = inner.observationSpec.shape[0]!;
    this.id = `${inner.id}+distractors${k}`;
    this.actionSpec = inner.actionSpec;
    this.actionRepeat = inner.actionRepeat;
    this.maxAgentSteps = inner.maxAgentSteps;
    this.source = distractorSource(k, split, opts.styleSeed ?? 0);
    this.z = new Float64Array(k);
    this.noise = new Float64Array(k);
    this.rng = new Rng(opts.seed ?? 0).fork("distractor-noise");
    const n = this.stateSize + k;
    const parts = [...(inner.observationSpec.parts ?? []), { name: "distractors", offset: this.stateSize, size: k }];
    if ((opts.mix ?? "concat") === "linear") {
      const mr = new Rng(opts.styleSeed ?? 0).fork("vector-distractor-mix");
      this.mixMatrix = new Float64Array(n * n);
      for (let i = 0; i < n * n; i++) this.mixMatrix[i] = mr.normal() / Math.sqrt(n);
    } else if ((opts.mix ?? "concat") === "concat") {
      this.mixMatrix = null;
    } else {
      throw new ReproError(`mix must be "concat" or "linear", got ${String(opts.mix)}`);
    }
    this.observationSpec = {
      name: "state+distractors", kind: "state", shape: [n], dtype: "float64",
      ...(this.mixMatrix ? {} : { parts }),
    };
  }

  private drawNoise(): void {
    const { k, noise, source } = this;
    const n = new Float64Array(k);
    for (let i = 0; i < k; i++) n[i] = this.rng.normal();
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += source.A[i * k + j]! * n[j]!;
      noise[i] = s;
    }
  }

  private compose(state: Float64Array | Uint8Array): Float64Array {
    const n = this.stateSize + this.k;
    const v = new Float64Array(n);
    v.set(state);
    v.set(this.z, this.stateSize);
    if (!this.mixMatrix) return v;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += this.mixMatrix[i * n + j]! * v[j]!;
      out[i] = s;
    }
    return out;
  }

  /** The current distractor vector (copy). */
  distractors(): Float64Array {
    return this.z.slice();
  }

  reset(options: ResetOptions = {}): ResetResult<Float64Array> {
    if (options.seed !== undefined) this.rng = new Rng(options.seed).fork("distractor-noise");
    const r = this.inner.reset(options);
    this.drawNoise();
    this.z.set(this.noise);
    return { observation: this.compose(r.observation), info: r.info };
  }

  step(action: ArrayLike<number>): StepResult<Float64Array> {
    const r = this.inner.step(action);
    this.drawNoise();
    const { rho } = this.source;
    const c = Math.sqrt(1 - rho * rho);
    for (let i = 0; i < this.k; i++) this.z[i] = rho * this.z[i]! + c * this.noise[i]!;
    return { ...r, observation: this.compose(r.observation) };
  }

  close(): void {
    this.inner.close();
  }
}
