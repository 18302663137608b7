/**
 * "highway": a driving substitute for the thesis's CARLA Town04 highway task (§4.6.8,
 * §5.8.3), which cannot run here. A straight multi-lane highway with other cars that keep
 * their lanes and follow the car ahead (Intelligent Driver Model), an ego car with a
 * kinematic bicycle model and continuous [steer, throttle/brake] actions, 1000 frames of
 * 0.05 s per episode, and a first-person view from five 60° cameras (300°) concatenated
 * side by side, as in the thesis (5 × 84×84 → 84×420). Weather (brightness and tint) is
 * drawn per episode and drifts slowly.
 *
 * Reward (DBC's CARLA reward, Zhang et al. 2021, which the thesis follows):
 *   r_t = v_egoᵀ û_highway · Δt − λ_i · impulse − λ_s · |steer|,  Δt = 0.05 s, λ_i = 1e-4, λ_s = 1,
 * i.e. metres of progress along the road, minus collision impulse (N·s), minus a steering
 * penalty. Collisions with cars and with the road-side barriers count. An agent step's reward
 * is the MEAN of its repeated frames' rewards, as in DBC's CarlaEnv.step (checked against
 * facebookresearch/deep_bisim4control, carla_env.py: `np.mean(rewards)` over `frame_skip`),
 * so an episode's return is its total progress-minus-penalties divided by the action repeat.
 *
 * Actions: steer ∈ [−1, 1] (front-wheel angle = steer · 0.35 rad), throttle/brake ∈ [−1, 1]
 * (positive: acceleration up to 4 m/s²; negative: braking up to 8 m/s²). Out-of-range values
 * are clipped; NaN or a wrong length throws.
 */

import { ReproError } from "../../core/errors.js";
import { Rng } from "../../core/rng.js";
import { checkAndClipAction } from "../action.js";
import { FrameStack, type PixelLayout } from "../frame-stack.js";
import { SoftwareRenderer } from "../render/renderer.js";
import { GeomType, type Scene, type SceneGeom } from "../render/scene.js";
import type { Env, ObservationSpec, ResetOptions, ResetResult, StepInfo, StepResult } from "../types.js";

export const HIGHWAY = {
  dt: 0.05,
  episodeFrames: 1000,
  lanes: 4,
  laneWidth: 3.5,
  cars: 20,
  carLength: 4.5,
  carWidth: 1.8,
  carMass: 1500,
  maxSteer: 0.35,
  wheelBase: 2.7,
  maxAccel: 4,
  maxBrake: 8,
  maxSpeed: 35,
  lambdaImpulse: 1e-4,
  lambdaSteer: 1,
  /** Other cars are kept within ±this distance of the ego car (recycled to the far side). */
  window: 150,
} as const;

export interface HighwayOptions {
  seed?: number;
  /** Frames per agent step (default 8, as the thesis's CARLA runs). */
  actionRepeat?: number;
  observation?: "pixels" | "state";
  /** Height of each camera image (default 84; each camera is size × size). */
  size?: number;
  /** Number of cameras: 5 (300°, default) or 1 (forward 60°). */
  cameras?: 1 | 5;
  frameStack?: number;
  layout?: PixelLayout;
  /** Number of other cars (default 20). */
  cars?: number;
  /** Weather drift speed per frame (default 0.1 / 1000: a full change over an episode ~ 0.1). */
  weatherSpeed?: number;
}

interface Car { x: number; y: number; lane: number; v: number; v0: number; colour: [number, number, number] }

/** Intelligent Driver Model acceleration (Treiber et al. 2000). */
export function idmAcceleration(v: number, v0: number, gap: number, dv: number): number {
  const a = 1.5, b = 2, s0 = 2, T = 1.2;
  v0 = Math.max(v0, 0.1); // a parked car (v0 = 0) creeps at most 0.1 m/s
  const sStar = s0 + Math.max(0, v * T + (v * dv) / (2 * Math.sqrt(a * b)));
  return a * (1 - (v / v0) ** 4 - (sStar / Math.max(gap, 0.1)) ** 2);
}

/** Highway progress reward of one frame (DBC's CARLA form). */
export function highwayReward(vForward: number, impulse: number, steer: number): number {
  return vForward * HIGHWAY.dt - HIGHWAY.lambdaImpulse * impulse - HIGHWAY.lambdaSteer * Math.abs(steer);
}

export class HighwayEnv implements Env<Float64Array | Uint8Array> {
  readonly id = "highway";
  readonly actionSpec = { name: "action", shape: [2], dtype: "float64" as const, minimum: -1, maximum: 1 };
  readonly observationSpec: ObservationSpec;
  readonly actionRepeat: number;
  readonly maxAgentSteps: number;
  private rng: Rng;
  private readonly nCars: number;
  private readonly pixels: boolean;
  private readonly size: number;
  private readonly nCams: number;
  private readonly renderer: SoftwareRenderer | null;
  private readonly stack: FrameStack | null;
  private readonly camFrame: Uint8Array;
  private readonly frame: Uint8Array;
  private readonly weatherSpeed: number;
  private readonly action = new Float64Array(2);
  // ego state
  private ex = 0; private ey = 0; private heading = 0; private speed = 0;
  private cars: Car[] = [];
  private frames = 0;
  private agentSteps = 0;
  private distance = 0;
  private collisionIntensity = 0;
  private needsReset = true;
  private weather = { brightness: 1, tint: [1, 1, 1] as [number, number, number], vel: [0, 0, 0, 0] };

  constructor(opts: HighwayOptions = {}) {
    this.rng = new Rng(opts.seed ?? 0);
    const repeat = opts.actionRepeat ?? 8;
    if (!Number.isInteger(repeat) || repeat < 1 || repeat > 1000) throw new ReproError(`actionRepeat must be an integer in [1, 1000], got ${repeat}`);
    this.actionRepeat = repeat;
    this.maxAgentSteps = Math.ceil(HIGHWAY.episodeFrames / repeat);
    this.nCars = opts.cars ?? HIGHWAY.cars;
    if (!Number.isInteger(this.nCars) || this.nCars < 0 || this.nCars > 200) throw new ReproError(`cars must be an integer in [0, 200], got ${this.nCars}`);
    const obs = opts.observation ?? "pixels";
    if (obs !== "pixels" && obs !== "state") throw new ReproError(`observation must be "pixels" or "state", got ${String(obs)}`);
    this.pixels = obs === "pixels";
    this.size = opts.size ?? 84;
    this.nCams = opts.cameras ?? 5;
    if (this.nCams !== 1 && this.nCams !== 5) throw new ReproError(`cameras must be 1 or 5, got ${String(opts.cameras)}`);
    this.weatherSpeed = opts.weatherSpeed ?? 0.1 / HIGHWAY.episodeFrames;
    const W = this.size * this.nCams, H = this.size;
    this.camFrame = new Uint8Array(this.size * this.size * 3);
    this.frame = new Uint8Array(W * H * 3);
    if (this.pixels) {
      this.renderer = new SoftwareRenderer(this.size, this.size);
      const k = opts.frameStack ?? 3;
      const layout = opts.layout ?? "chw";
      this.stack = new FrameStack(k, W, H, layout);
      this.observationSpec = { name: "pixels", kind: "pixels", shape: this.stack.shape, dtype: "uint8", minimum: 0, maximum: 255, layout, frameStack: k };
    } else {
      this.renderer = null;
      this.stack = null;
      this.observationSpec = {
        name: "state", kind: "state", shape: [4 + 4 * 6], dtype: "float64",
        parts: [{ name: "ego", offset: 0, size: 4 }, { name: "nearest_cars", offset: 4, size: 24 }],
      };
    }
  }

  private info(impulse: number, steer: number, brake: number): StepInfo {
    return {
      agentSteps: this.agentSteps, envSteps: this.frames, discount: 1,
      distance: this.distance, collisionIntensity: this.collisionIntensity, impulse, steer, brake, speed: this.speed,
    };
  }

  reset(options: ResetOptions = {}): ResetResult<Float64Array | Uint8Array> {
    if (options.seed !== undefined) this.rng = new Rng(options.seed);
    const rng = this.rng.fork(`episode-${this.rng.nextUint32()}`);
    this.ex = 0;
    this.ey = this.laneCentre(rng.int(HIGHWAY.lanes));
    this.heading = 0;
    this.speed = rng.uniformIn(10, 20);
    this.cars = [];
    for (let i = 0; i < this.nCars; i++) {
      for (let attempt = 0; attempt < 100; attempt++) {
        const lane = rng.int(HIGHWAY.lanes);
        const x = rng.uniformIn(-HIGHWAY.window, HIGHWAY.window);
        const clear = Math.abs(x - this.ex) > 15 || Math.abs(this.laneCentre(lane) - this.ey) > 1;
        if (clear && this.cars.every((c) => c.lane !== lane || Math.abs(c.x - x) > 12)) {
          const v0 = rng.uniformIn(15, 25);
          this.cars.push({ x, y: this.laneCentre(lane), lane, v: v0 * rng.uniformIn(0.8, 1), v0, colour: [rng.uniform(), rng.uniform(), rng.uniform()] });
          break;
        }
      }
    }
    this.weather = {
      brightness: rng.uniformIn(0.7, 1.15),
      tint: [rng.uniformIn(0.85, 1.15), rng.uniformIn(0.85, 1.15), rng.uniformIn(0.85, 1.15)],
      vel: [0, 0, 0, 0],
    };
    this.weatherRng = rng.fork("weather");
    this.frames = 0;
    this.agentSteps = 0;
    this.distance = 0;
    this.collisionIntensity = 0;
    this.needsReset = false;
    if (this.pixels) this.stack!.reset(this.render());
    return { observation: this.observe(), info: this.info(0, 0, 0) };
  }
  private weatherRng: Rng = new Rng(0);

  private laneCentre(lane: number): number {
    return (lane - (HIGHWAY.lanes - 1) / 2) * HIGHWAY.laneWidth;
  }

  step(action: ArrayLike<number>): StepResult<Float64Array | Uint8Array> {
    if (this.needsReset) throw new ReproError("highway: call reset() before step() (and after an episode ends)");
    checkAndClipAction("highway", action, this.action, -1, 1);
    const steer = this.action[0]!, pedal = this.action[1]!;
    let rewardSum = 0, impulseSum = 0, frames = 0;
    for (let r = 0; r < this.actionRepeat && this.frames < HIGHWAY.episodeFrames; r++) {
      const imp = this.physicsFrame(steer, pedal);
      impulseSum += imp;
      rewardSum += highwayReward(this.speed * Math.cos(this.heading), imp, steer);
      this.frames++;
      frames++;
    }
    const reward = rewardSum / frames; // DBC averages over the repeated frames
    this.agentSteps++;
    const truncated = this.frames >= HIGHWAY.episodeFrames;
    if (truncated) this.needsReset = true;
    if (this.pixels) this.stack!.push(this.render());
    return { observation: this.observe(), reward, terminated: false, truncated, info: this.info(impulseSum, steer, pedal < 0 ? -pedal : 0) };
  }

  /** Advance one 0.05 s frame; returns the collision impulse (N·s) of this frame. */
  private physicsFrame(steer: number, pedal: number): number {
    const dt = HIGHWAY.dt;
    // Other cars: IDM along their lane.
    for (const c of this.cars) {
      let gap = Infinity, dv = 0;
      for (const o of this.cars) {
        if (o === c || o.lane !== c.lane || o.x <= c.x) continue;
        const g = o.x - c.x - HIGHWAY.carLength;
        if (g < gap) { gap = g; dv = c.v - o.v; }
      }
      // The ego car counts as a leader when it is in the lane ahead.
      if (Math.abs(this.ey - c.y) < HIGHWAY.laneWidth / 2 && this.ex > c.x) {
        const g = this.ex - c.x - HIGHWAY.carLength;
        if (g < gap) { gap = g; dv = c.v - this.speed * Math.cos(this.heading); }
      }
      const acc = idmAcceleration(c.v, c.v0, gap, dv);
      c.v = Math.max(0, c.v + Math.max(-9, Math.min(3, acc)) * dt);
      c.x += c.v * dt;
    }
    // Ego: kinematic bicycle model.
    const acc = pedal >= 0 ? pedal * HIGHWAY.maxAccel : pedal * HIGHWAY.maxBrake;
    this.speed = Math.max(0, Math.min(HIGHWAY.maxSpeed, this.speed + (acc - 0.01 * this.speed * this.speed * 0.1) * dt));
    const delta = steer * HIGHWAY.maxSteer;
    this.heading += (this.speed / HIGHWAY.wheelBase) * Math.tan(delta) * dt;
    this.heading = Math.max(-Math.PI / 2, Math.min(Math.PI / 2, this.heading));
    const dx = this.speed * Math.cos(this.heading) * dt;
    this.ex += dx;
    this.ey += this.speed * Math.sin(this.heading) * dt;
    this.distance += dx;
    let impulse = 0;
    // Barriers at the road edges: lose the lateral velocity.
    const edge = (HIGHWAY.lanes * HIGHWAY.laneWidth) / 2 - HIGHWAY.carWidth / 2;
    if (Math.abs(this.ey) > edge) {
      const vLat = this.speed * Math.sin(this.heading);
      impulse += HIGHWAY.carMass * Math.abs(vLat);
      this.ey = Math.sign(this.ey) * edge;
      this.speed *= Math.cos(this.heading);
      this.heading = 0;
    }
    // Cars: axis-aligned overlap (other cars never turn; the ego's heading is small).
    for (const c of this.cars) {
      if (Math.abs(c.x - this.ex) < HIGHWAY.carLength && Math.abs(c.y - this.ey) < HIGHWAY.carWidth) {
        const vx = this.speed * Math.cos(this.heading), vy = this.speed * Math.sin(this.heading);
        const rel = Math.hypot(vx - c.v, vy);
        impulse += HIGHWAY.carMass * rel;
        // Perfectly inelastic along the road: both move at the mean speed; separate the boxes.
        const vm = (vx + c.v) / 2;
        c.v = vm;
        this.speed = Math.max(0, vm);
        this.heading = 0;
        const overlapX = HIGHWAY.carLength - Math.abs(c.x - this.ex);
        const overlapY = HIGHWAY.carWidth - Math.abs(c.y - this.ey);
        if (overlapX < overlapY) this.ex += (this.ex < c.x ? -1 : 1) * overlapX;
        else this.ey += (this.ey < c.y ? -1 : 1) * overlapY;
      }
    }
    this.collisionIntensity += impulse;
    // Keep traffic around the ego car: recycle cars that fall out of the window.
    for (const c of this.cars) {
      if (c.x < this.ex - HIGHWAY.window) c.x += 2 * HIGHWAY.window;
      else if (c.x > this.ex + HIGHWAY.window) c.x -= 2 * HIGHWAY.window;
    }
    // Weather drift.
    const w = this.weather;
    const s = this.weatherSpeed;
    if (s > 0) {
      w.brightness = Math.max(0.5, Math.min(1.3, w.brightness + this.weatherRng.normal(0, s)));
      for (let k = 0; k < 3; k++) w.tint[k] = Math.max(0.7, Math.min(1.3, w.tint[k]! + this.weatherRng.normal(0, s)));
    }
    return impulse;
  }

  private observe(): Float64Array | Uint8Array {
    if (this.pixels) return this.stack!.observation();
    const out = new Float64Array(28);
    out[0] = this.ey;
    out[1] = this.heading;
    out[2] = this.speed;
    out[3] = this.ey / ((HIGHWAY.lanes * HIGHWAY.laneWidth) / 2);
    const near = [...this.cars].sort((a, b) => Math.abs(a.x - this.ex) - Math.abs(b.x - this.ex)).slice(0, 6);
    near.forEach((c, i) => {
      out[4 + 4 * i] = c.x - this.ex;
      out[5 + 4 * i] = c.y - this.ey;
      out[6 + 4 * i] = c.v - this.speed * Math.cos(this.heading);
      out[7 + 4 * i] = 1; // present
    });
    return out;
  }

  /** Current ego state (for tests and notebooks). */
  get ego(): { x: number; y: number; heading: number; speed: number } {
    return { x: this.ex, y: this.ey, heading: this.heading, speed: this.speed };
  }
  /** Place the ego car (tests). */
  setEgo(s: { x?: number; y?: number; heading?: number; speed?: number }): void {
    if (s.x !== undefined) this.ex = s.x;
    if (s.y !== undefined) this.ey = s.y;
    if (s.heading !== undefined) this.heading = s.heading;
    if (s.speed !== undefined) this.speed = s.speed;
  }
  /** Other cars' positions (tests). */
  get traffic(): readonly Readonly<Car>[] {
    return this.cars;
  }
  setTraffic(cars: { x: number; lane: number; v: number }[]): void {
    this.cars = cars.map((c) => ({ ...c, y: this.laneCentre(c.lane), v0: c.v, colour: [0.8, 0.1, 0.1] }));
  }

  /** Build the scene around the ego car (world frame: x along the road, z up). */
  private scene(): Scene {
    const I = new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const geoms: SceneGeom[] = [];
    const half = (HIGHWAY.lanes * HIGHWAY.laneWidth) / 2;
    const road: [number, number, number] = [0, 0, 0];
    const texture = (x: number, y: number): readonly [number, number, number] => {
      const ay = Math.abs(y);
      if (ay > half) {
        const g = (Math.floor(x / 10) & 1) === 0 ? 1 : 0.9; // mown grass stripes
        road[0] = 0.25 * g; road[1] = 0.45 * g; road[2] = 0.2 * g;
      } else if (ay > half - 0.18) {
        road[0] = road[1] = road[2] = 0.9; // edge lines
      } else {
        const lanePos = (y + half) / HIGHWAY.laneWidth;
        const frac = Math.abs(lanePos - Math.round(lanePos)) * HIGHWAY.laneWidth;
        const dash = frac < 0.08 && ((x % 12) + 12) % 12 < 3;
        road[0] = dash ? 0.92 : 0.32; road[1] = dash ? 0.92 : 0.32; road[2] = dash ? 0.85 : 0.34;
      }
      return road;
    };
    geoms.push({ type: GeomType.plane, size: [0, 0, 0], pos: [0, 0, 0], mat: I, rgb: [0.25, 0.45, 0.2], texture });
    const x0 = this.ex;
    const box = (x: number, y: number, z: number, sx: number, sy: number, sz: number, rgb: [number, number, number]): void => {
      geoms.push({ type: GeomType.box, size: [sx, sy, sz], pos: [x, y, z], mat: I, rgb });
    };
    // Barriers in 10 m segments (small boxes keep the renderer's screen rectangles tight).
    const segStart = Math.floor((x0 - 60) / 10) * 10;
    for (let x = segStart; x < x0 + 120; x += 10) {
      box(x + 5, half + 0.6, 0.4, 4.9, 0.1, 0.4, [0.6, 0.6, 0.62]);
      box(x + 5, -half - 0.6, 0.4, 4.9, 0.1, 0.4, [0.6, 0.6, 0.62]);
    }
    for (const c of this.cars) {
      if (Math.abs(c.x - x0) > 120) continue;
      box(c.x, c.y, 0.65, HIGHWAY.carLength / 2, HIGHWAY.carWidth / 2, 0.45, c.colour);
      box(c.x - 0.3, c.y, 1.3, 1.1, 0.8, 0.25, [c.colour[0] * 0.6, c.colour[1] * 0.6, c.colour[2] * 0.6]);
    }
    return {
      camera: { pos: [this.ex, this.ey, 1.6], mat: new Float64Array(9), fovy: 60 },
      geoms, segments: [], segmentRgb: [0, 0, 0],
    };
  }

  /** Render the 5-camera (or forward) view: H × (cameras·H) × 3. */
  render(): Uint8Array {
    const r = this.renderer ?? new SoftwareRenderer(this.size, this.size);
    const scene = this.scene();
    const S = this.size, W = S * this.nCams;
    const offsets = this.nCams === 5 ? [-2, -1, 0, 1, 2] : [0];
    offsets.forEach((k, ci) => {
      // Cameras from left to right: yaw = heading + 60° · (−k) (left of the car first).
      const yaw = this.heading - (k * Math.PI) / 3;
      const fx = Math.cos(yaw), fy = Math.sin(yaw);
      const pitch = -0.08; // look slightly down
      const cp = Math.cos(pitch), sp = Math.sin(pitch);
      const F = [fx * cp, fy * cp, sp];
      const R = [fy, -fx, 0]; // right = F × up
      const U = [R[1]! * F[2]! - R[2]! * F[1]!, R[2]! * F[0]! - R[0]! * F[2]!, R[0]! * F[1]! - R[1]! * F[0]!];
      const m = scene.camera.mat;
      for (let i = 0; i < 3; i++) {
        m[3 * i] = R[i]!;
        m[3 * i + 1] = U[i]!;
        m[3 * i + 2] = -F[i]!;
      }
      r.render(scene, this.camFrame);
      const { brightness, tint } = this.weather;
      for (let y = 0; y < S; y++) {
        for (let x = 0; x < S; x++) {
          const s = 3 * (y * S + x), o = 3 * (y * W + ci * S + x);
          for (let c = 0; c < 3; c++) {
            const v = this.camFrame[s + c]! * brightness * tint[c]!;
            this.frame[o + c] = v > 255 ? 255 : v;
          }
        }
      }
    });
    return this.frame;
  }

  close(): void {
    this.needsReset = true;
  }
}
