/**
 * Rendered observations of a finite MDP's states with i.i.d. distractors, and transition
 * datasets sampled under a policy — the input of the Chapter 5 representation-learning sandbox
 * (research/seed000-ch5-7.md F.2: "a rendered 12×12 grayscale image of the state (agent
 * marker), plus an i.i.d. distractor drawn per sample: noise blobs").
 *
 * Image: `size` × `size` pixels, row-major, flattened. State s is drawn as a `cell` × `cell`
 * marker of intensity 1 at grid cell (s mod cols, ⌊s / cols⌋), cols = ⌊size / cell⌋. Every
 * rendering adds `blobs` square blobs (side `blobSize`, intensity U[0, blobMax], uniform
 * position) and N(0, noiseStd²) pixel noise, drawn fresh per observation, so two renderings of
 * one state differ only in task-irrelevant pixels.
 */
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { sampleAction, sampleNextState, sampleReward } from "./sample.js";
import type { FiniteMdp, Policy } from "./types.js";

export interface DistractedRenderOptions {
  /** Image side in pixels (default 12). */
  size?: number;
  /** Marker side in pixels (default 2). */
  cell?: number;
  /** Distractor blobs per image (default 2). */
  blobs?: number;
  /** Blob side in pixels (default 3). */
  blobSize?: number;
  /** Blob intensity ~ U[0, blobMax] (default 0.6). */
  blobMax?: number;
  /** Pixel noise standard deviation (default 0.05). */
  noiseStd?: number;
}

type Resolved = Required<DistractedRenderOptions>;

function resolve(o: DistractedRenderOptions, nStates: number): Resolved {
  const r: Resolved = { size: 12, cell: 2, blobs: 2, blobSize: 3, blobMax: 0.6, noiseStd: 0.05, ...o };
  const cols = Math.floor(r.size / r.cell);
  if (!Number.isInteger(r.size) || !Number.isInteger(r.cell) || r.cell < 1 || cols < 1) throw new ReproError(`render: size and cell must be positive integers with cell ≤ size, got ${r.size}, ${r.cell}`);
  if (nStates > cols * cols) throw new ReproError(`render: ${nStates} states do not fit a ${cols}×${cols} grid of ${r.cell}-pixel cells in ${r.size}×${r.size}; raise size or lower cell`);
  if (!(r.blobSize >= 1 && r.blobSize <= r.size) || !(r.blobs >= 0) || !(r.blobMax >= 0) || !(r.noiseStd >= 0)) {
    throw new ReproError(`render: need 1 ≤ blobSize ≤ size, blobs ≥ 0, blobMax ≥ 0, noiseStd ≥ 0`);
  }
  return r;
}

/** Pixels per observation for these options. */
export function observationDim(opts: DistractedRenderOptions = {}): number {
  const size = opts.size ?? 12;
  return size * size;
}

/** Write one rendering of state `s` into `out` at `offset` (fresh distractors from `rng`). */
export function renderDistracted(rng: Rng, s: number, nStates: number, opts: DistractedRenderOptions, out: Float32Array, offset = 0): void {
  const o = resolve(opts, nStates);
  if (!(Number.isInteger(s) && s >= 0 && s < nStates)) throw new ReproError(`render: state ${s} outside 0…${nStates - 1}`);
  const { size, cell } = o;
  const cols = Math.floor(size / cell);
  for (let p = 0; p < size * size; p++) out[offset + p] = o.noiseStd > 0 ? rng.normal(0, o.noiseStd) : 0;
  for (let b = 0; b < o.blobs; b++) {
    const v = rng.uniformIn(0, o.blobMax);
    const y0 = rng.int(size - o.blobSize + 1);
    const x0 = rng.int(size - o.blobSize + 1);
    for (let y = y0; y < y0 + o.blobSize; y++) for (let x = x0; x < x0 + o.blobSize; x++) out[offset + y * size + x]! += v;
  }
  const cy = Math.floor(s / cols) * cell;
  const cx = (s % cols) * cell;
  for (let y = cy; y < cy + cell; y++) for (let x = cx; x < cx + cell; x++) out[offset + y * size + x]! += 1;
}

/** Transitions (s, a, r, s′) with one rendering of s and an independent one of s′. */
export interface ObservedTransitions {
  readonly count: number;
  readonly obsDim: number;
  readonly nActions: number;
  readonly states: Int32Array;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  readonly nextStates: Int32Array;
  /** [count × obsDim] renderings of s. */
  readonly obs: Float32Array;
  /** [count × obsDim] renderings of s′. */
  readonly nextObs: Float32Array;
}

/**
 * `count` transitions: s uniform over the states (every pair of states is seen), a ~ π(·|s),
 * s′ ~ P(·|s, a), r ~ the MDP's reward at (s, a); both observations rendered with fresh
 * distractors. Draw order per transition: s, a, s′, r, render(s), render(s′).
 */
export function sampleObservedTransitions(rng: Rng, mdp: FiniteMdp, pi: Policy, count: number, opts: DistractedRenderOptions = {}): ObservedTransitions {
  if (!(Number.isInteger(count) && count > 0)) throw new ReproError(`sampleObservedTransitions: count must be a positive integer, got ${count}`);
  const n = mdp.nStates;
  resolve(opts, n);
  const D = observationDim(opts);
  const states = new Int32Array(count);
  const actions = new Int32Array(count);
  const rewards = new Float32Array(count);
  const nextStates = new Int32Array(count);
  const obs = new Float32Array(count * D);
  const nextObs = new Float32Array(count * D);
  for (let t = 0; t < count; t++) {
    const s = rng.int(n);
    const a = sampleAction(rng, mdp, pi, s);
    const s2 = sampleNextState(rng, mdp, s, a);
    states[t] = s;
    actions[t] = a;
    nextStates[t] = s2;
    rewards[t] = sampleReward(rng, mdp, s, a);
    renderDistracted(rng, s, n, opts, obs, t * D);
    renderDistracted(rng, s2, n, opts, nextObs, t * D);
  }
  return { count, obsDim: D, nActions: mdp.nActions, states, actions, rewards, nextStates, obs, nextObs };
}

/** `perState` renderings of every state, state-major ([n·perState × obsDim]), for evaluation. */
export function renderEveryState(rng: Rng, nStates: number, perState: number, opts: DistractedRenderOptions = {}): Float32Array {
  if (!(Number.isInteger(perState) && perState > 0)) throw new ReproError(`renderEveryState: perState must be a positive integer, got ${perState}`);
  resolve(opts, nStates);
  const D = observationDim(opts);
  const out = new Float32Array(nStates * perState * D);
  for (let s = 0; s < nStates; s++) for (let k = 0; k < perState; k++) renderDistracted(rng, s, nStates, opts, out, (s * perState + k) * D);
  return out;
}
