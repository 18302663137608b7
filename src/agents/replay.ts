/**
 * Replay buffer that stores every observation frame once and rebuilds frame stacks on sampling.
 *
 * Pixel observations are stacks of the last k frames ([H, W, 3k] "hwc"); consecutive stacks
 * share k−1 frames, so storing each stack per transition (twice: obs and next obs) costs 2k
 * frames per transition. Here each agent step writes exactly one new frame (the newest one of
 * the next observation), so memory per transition ≈ one frame (+ (T+1)/T for the reset frame of
 * each episode of T steps).
 *
 * Layout: a ring of `capacity` slots, indexed by a global counter g (slot = g mod capacity).
 * Slot g holds frame g plus the transition *leaving* it: action, reward, `notDone`, and
 * `hasNext` (false for the last frame of an episode and for the frame being written).
 * `posInEpisode[g]` is how many frames of the same episode precede frame g, so the stack at g
 * is frames g−k+1 … g with indices clamped to the episode's first frame (g − posInEpisode[g]) —
 * the same "k copies of the first frame after reset" rule as `src/envs/frame-stack.ts`.
 *
 * Termination vs time-limit truncation: `notDone = 0` only when the episode *terminated* (the
 * target then has no bootstrap term); a *truncated* step keeps `notDone = 1` and still stores
 * its next observation, so the critic bootstraps from it (SAC-AE's "infinite bootstrap").
 *
 * State observations use the same buffer with k = 1 and Float32 frames.
 */
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";

export type FrameArray = Uint8Array | Float32Array;

export interface ReplayOptions {
  /** Frames kept (≈ transitions kept). */
  capacity: number;
  /** Elements of one frame (H·W·3 for pixels, obs dim for states). */
  frameSize: number;
  /** Frames per observation stack (1 for states). */
  stack: number;
  actionDim: number;
  /** "uint8" for pixels, "float32" for state vectors. */
  dtype: "uint8" | "float32";
  /** For pixels: [H, W, 3] of one frame (stacks are [H, W, 3k], frames interleaved on channels). */
  frameShape?: readonly [number, number, number];
}

/** A sampled batch: observations as flat arrays (pixels: [B, H, W, 3k] uint8; states: [B, d] float32). */
export interface ReplayBatch {
  size: number;
  obs: FrameArray;
  nextObs: FrameArray;
  /** [B, actionDim] */
  actions: Float32Array;
  rewards: Float32Array;
  /** 0 where the episode terminated (no bootstrap), 1 otherwise (including truncation). */
  notDones: Float32Array;
}

export class FrameReplay {
  readonly capacity: number;
  readonly frameSize: number;
  readonly stack: number;
  readonly actionDim: number;
  readonly dtype: "uint8" | "float32";
  readonly frameShape: readonly [number, number, number] | null;
  /** Frame storage in chunks of `chunkSlots` slots, allocated on first write (a 1e6-slot 84×84 buffer is 21 GB). */
  private readonly chunks: FrameArray[] = [];
  private readonly chunkSlots: number;
  private actions: Float32Array;
  private rewards: Float32Array;
  private notDones: Uint8Array;
  private hasNext: Uint8Array;
  private posInEpisode: Int32Array;
  /** Frames written so far (global counter of the next slot). */
  private total = 0;
  private open = false;

  constructor(opts: ReplayOptions) {
    if (!Number.isInteger(opts.capacity) || opts.capacity < opts.stack + 2) {
      throw new ReproError(`replay capacity must be an integer ≥ stack + 2 = ${opts.stack + 2}, got ${opts.capacity}`);
    }
    if (opts.dtype === "uint8" && opts.stack > 1 && !opts.frameShape) {
      throw new ReproError("a stacked pixel replay needs frameShape [H, W, 3] to interleave frames on channels");
    }
    this.capacity = opts.capacity;
    this.frameSize = opts.frameSize;
    this.stack = opts.stack;
    this.actionDim = opts.actionDim;
    this.dtype = opts.dtype;
    this.frameShape = opts.frameShape ?? null;
    this.chunkSlots = Math.min(opts.capacity, 4096);
    this.actions = new Float32Array(opts.capacity * opts.actionDim);
    this.rewards = new Float32Array(opts.capacity);
    this.notDones = new Uint8Array(opts.capacity);
    this.hasNext = new Uint8Array(opts.capacity);
    this.posInEpisode = new Int32Array(opts.capacity);
  }

  /** Bytes allocated now (frame chunks written so far + per-slot bookkeeping). */
  get bytes(): number {
    return this.chunks.reduce((n, c) => n + (c ? c.byteLength : 0), 0) + this.actions.byteLength + this.rewards.byteLength +
      this.notDones.byteLength + this.hasNext.byteLength + this.posInEpisode.byteLength;
  }

  /** Bytes per slot when full: one frame + action + reward + 2 flags + position. */
  get bytesPerTransition(): number {
    const el = this.dtype === "uint8" ? 1 : 4;
    return this.frameSize * el + (this.actions.byteLength + this.rewards.byteLength + this.notDones.byteLength + this.hasNext.byteLength + this.posInEpisode.byteLength) / this.capacity;
  }

  /** The chunk holding slot s and the slot's offset inside it (allocating the chunk on first use). */
  private frameAt(s: number): [FrameArray, number] {
    const c = Math.floor(s / this.chunkSlots);
    let chunk = this.chunks[c];
    if (!chunk) {
      const n = Math.min(this.chunkSlots, this.capacity - c * this.chunkSlots) * this.frameSize;
      chunk = this.dtype === "uint8" ? new Uint8Array(n) : new Float32Array(n);
      this.chunks[c] = chunk;
    }
    return [chunk, (s - c * this.chunkSlots) * this.frameSize];
  }

  /** Transitions that can be sampled now. */
  get size(): number {
    let n = 0;
    for (let g = Math.max(0, this.total - this.capacity); g < this.total; g++) if (this.valid(g)) n++;
    return n;
  }

  /** Frames written since creation. */
  get framesWritten(): number {
    return this.total;
  }

  /** Start an episode with its first observation (a full stack or a state vector). */
  startEpisode(observation: ArrayLike<number>): void {
    this.writeFrame(observation, 0);
    this.open = true;
  }

  /**
   * Record one step from the current frame: action, reward, whether the episode terminated,
   * and the next observation. `truncated` steps are stored like any non-terminal step; call
   * `startEpisode` for the next episode either way.
   */
  add(action: ArrayLike<number>, reward: number, nextObservation: ArrayLike<number>, terminated: boolean): void {
    if (!this.open) throw new ReproError("replay: call startEpisode(observation) before add(); episodes must start with their reset observation");
    if (action.length !== this.actionDim) throw new ReproError(`replay: action has length ${action.length}, expected ${this.actionDim}`);
    const g = this.total - 1;
    const s = g % this.capacity;
    for (let i = 0; i < this.actionDim; i++) this.actions[s * this.actionDim + i] = action[i]!;
    this.rewards[s] = reward;
    this.notDones[s] = terminated ? 0 : 1;
    this.writeFrame(nextObservation, this.posInEpisode[s]! + 1);
    this.hasNext[s] = 1;
    if (terminated) this.open = false;
  }

  /** Mark the end of an episode (after truncation); the next call must be startEpisode. */
  endEpisode(): void {
    this.open = false;
  }

  private writeFrame(observation: ArrayLike<number>, pos: number): void {
    const s = this.total % this.capacity;
    const [frames, base] = this.frameAt(s);
    const fs = this.frameSize;
    const expected = fs * this.stack;
    if (observation.length !== expected) {
      throw new ReproError(`replay: observation has ${observation.length} elements, expected ${expected} (${this.stack} × ${fs})`);
    }
    if (this.stack === 1) {
      for (let i = 0; i < fs; i++) frames[base + i] = observation[i]!;
    } else {
      // newest frame = channels 3(k−1)..3k−1 of an [H, W, 3k] stack
      const k = this.stack;
      const pixels = fs / 3;
      const off = 3 * (k - 1);
      for (let p = 0; p < pixels; p++) {
        const o = p * 3 * k + off;
        frames[base + 3 * p] = observation[o]!;
        frames[base + 3 * p + 1] = observation[o + 1]!;
        frames[base + 3 * p + 2] = observation[o + 2]!;
      }
    }
    this.hasNext[s] = 0;
    this.posInEpisode[s] = pos;
    this.total++;
  }

  /** Transition g is sampleable: it has a next frame and every frame of its stacks is still stored. */
  private valid(g: number): boolean {
    if (g < 0 || g >= this.total - 1) return false;
    const s = g % this.capacity;
    if (!this.hasNext[s]) return false;
    const oldest = g - Math.min(this.posInEpisode[s]!, this.stack - 1);
    return oldest >= this.total - this.capacity;
  }

  /** Copy the stack ending at frame g into out[offset …]. */
  private copyStack(g: number, out: FrameArray, offset: number): void {
    const k = this.stack;
    const fs = this.frameSize;
    const s = g % this.capacity;
    const first = g - this.posInEpisode[s]!;
    if (k === 1) {
      const [frames, base] = this.frameAt(s);
      out.set(frames.subarray(base, base + fs), offset);
      return;
    }
    const pixels = fs / 3;
    for (let f = 0; f < k; f++) {
      const [frames, src] = this.frameAt(Math.max(first, g - (k - 1) + f) % this.capacity);
      for (let p = 0; p < pixels; p++) {
        const o = offset + p * 3 * k + 3 * f;
        out[o] = frames[src + 3 * p]!;
        out[o + 1] = frames[src + 3 * p + 1]!;
        out[o + 2] = frames[src + 3 * p + 2]!;
      }
    }
  }

  /** The observation stack at global frame g (for tests and diagnostics). */
  observationAt(g: number): FrameArray {
    if (g < Math.max(0, this.total - this.capacity) || g >= this.total) throw new ReproError(`replay: frame ${g} is not stored`);
    const out = this.dtype === "uint8" ? new Uint8Array(this.frameSize * this.stack) : new Float32Array(this.frameSize * this.stack);
    this.copyStack(g, out, 0);
    return out;
  }

  /** Sample `batchSize` transitions uniformly (with replacement) using `rng`. */
  sample(batchSize: number, rng: Rng): ReplayBatch {
    const lo = Math.max(0, this.total - this.capacity);
    const span = this.total - 1 - lo;
    if (span <= 0) throw new ReproError("replay: no complete transition stored yet; add steps before sampling");
    const obsSize = this.frameSize * this.stack;
    const make = (n: number): FrameArray => (this.dtype === "uint8" ? new Uint8Array(n) : new Float32Array(n));
    const batch: ReplayBatch = {
      size: batchSize,
      obs: make(batchSize * obsSize),
      nextObs: make(batchSize * obsSize),
      actions: new Float32Array(batchSize * this.actionDim),
      rewards: new Float32Array(batchSize),
      notDones: new Float32Array(batchSize),
    };
    let tries = 0;
    for (let b = 0; b < batchSize; ) {
      const g = lo + rng.int(span);
      if (!this.valid(g)) {
        if (++tries > 1000 * batchSize) throw new ReproError("replay: could not find valid transitions; is any episode longer than one step?");
        continue;
      }
      const s = g % this.capacity;
      this.copyStack(g, batch.obs, b * obsSize);
      this.copyStack(g + 1, batch.nextObs, b * obsSize);
      for (let i = 0; i < this.actionDim; i++) batch.actions[b * this.actionDim + i] = this.actions[s * this.actionDim + i]!;
      batch.rewards[b] = this.rewards[s]!;
      batch.notDones[b] = this.notDones[s]!;
      b++;
    }
    return batch;
  }

  /** Everything needed to restore the buffer exactly (for checkpoints). */
  snapshot(): { meta: { total: number; open: boolean }; arrays: Record<string, FrameArray | Uint8Array | Int32Array> } {
    const chunks: Record<string, FrameArray> = {};
    this.chunks.forEach((c, i) => {
      if (c) chunks[`frames${i}`] = c;
    });
    return {
      meta: { total: this.total, open: this.open },
      arrays: {
        ...chunks, actions: this.actions, rewards: this.rewards, notDones: this.notDones,
        hasNext: this.hasNext, posInEpisode: this.posInEpisode,
      },
    };
  }

  restore(meta: { total: number; open: boolean }, arrays: Record<string, ArrayBufferView>): void {
    const copy = (name: string, into: { set(a: ArrayLike<number>): void; length: number }) => {
      const a = arrays[name] as unknown as ArrayLike<number> | undefined;
      if (!a || a.length !== into.length) throw new ReproError(`replay checkpoint: array '${name}' is missing or has the wrong length`);
      into.set(a);
    };
    const used = Math.ceil(Math.min(meta.total, this.capacity) / this.chunkSlots);
    for (let c = 0; c < used; c++) {
      if (!arrays[`frames${c}`]) throw new ReproError(`replay checkpoint: frame chunk ${c} is missing (written by another version of the buffer?)`);
      copy(`frames${c}`, this.frameAt(c * this.chunkSlots)[0]);
    }
    copy("actions", this.actions);
    copy("rewards", this.rewards);
    copy("notDones", this.notDones);
    copy("hasNext", this.hasNext);
    copy("posInEpisode", this.posInEpisode);
    this.total = meta.total;
    this.open = meta.open;
  }
}
