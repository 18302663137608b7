/**
 * Procedural "natural video" generator: the default substitute for the Kinetics
 * "driving car" clips of DBC/AMBS and the DAVIS clips of the Distracting Control Suite,
 * which cannot be shipped or downloaded here (research/anchors.md F7). Three families:
 *
 *  - "texture": a random smooth colour texture (sum of random gratings, precomputed on a
 *    periodic tile) drifting and slowly zooming;
 *  - "shapes": discs and rectangles of random colours moving and bouncing over a slowly
 *    changing colour gradient;
 *  - "road": a first-person road with a vanishing point, scrolling lane dashes, roadside
 *    posts and cars in lanes moving at their own speeds, under a sky band.
 *
 * A clip's appearance comes only from its seed; frames are pure functions of the frame
 * index. Train and evaluation sources draw clip seeds from disjoint named streams.
 */

import { ReproError } from "../../core/errors.js";
import { Rng } from "../../core/rng.js";
import type { VideoClip, VideoSource } from "./video.js";

export type VideoFamily = "texture" | "shapes" | "road";
export const VIDEO_FAMILIES: readonly VideoFamily[] = ["texture", "shapes", "road"];

type Rgb = [number, number, number];

function randomColour(rng: Rng, lo = 0, hi = 255): Rgb {
  return [rng.uniformIn(lo, hi), rng.uniformIn(lo, hi), rng.uniformIn(lo, hi)];
}

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/** Triangle wave in [0, 1] with period 2 (position of a point bouncing between walls). */
function bounce(x: number): number {
  const m = ((x % 2) + 2) % 2;
  return m <= 1 ? m : 2 - m;
}

const TILE = 64;

class TextureClip implements VideoClip {
  readonly name: string;
  readonly length: number;
  private readonly tile = new Float32Array(TILE * TILE * 3);
  private readonly vx: number;
  private readonly vy: number;
  private readonly zoom: number;
  private readonly zoomSpeed: number;

  constructor(name: string, rng: Rng, length: number) {
    this.name = name;
    this.length = length;
    // Sum of 6 random periodic gratings (integer frequencies keep the tile seamless), mapped
    // onto a random 3-colour palette.
    const waves = Array.from({ length: 6 }, () => ({
      fx: rng.int(5) - 2, fy: rng.int(5) - 2, phase: rng.uniformIn(0, 2 * Math.PI), amp: rng.uniformIn(0.3, 1),
    }));
    const pal = [randomColour(rng), randomColour(rng), randomColour(rng)];
    for (let y = 0; y < TILE; y++) {
      for (let x = 0; x < TILE; x++) {
        let s = 0, a = 0;
        for (const w of waves) {
          s += w.amp * Math.sin((2 * Math.PI * (w.fx * x + w.fy * y)) / TILE + w.phase);
          a += w.amp;
        }
        const u = 0.5 + 0.5 * (s / a); // [0, 1]
        const c0 = u < 0.5 ? pal[0]! : pal[1]!;
        const c1 = u < 0.5 ? pal[1]! : pal[2]!;
        const f = u < 0.5 ? 2 * u : 2 * u - 1;
        const o = 3 * (y * TILE + x);
        for (let k = 0; k < 3; k++) this.tile[o + k] = c0[k]! + f * (c1[k]! - c0[k]!);
      }
    }
    const speed = rng.uniformIn(0.2, 1.5); // tile pixels per frame
    const dir = rng.uniformIn(0, 2 * Math.PI);
    this.vx = speed * Math.cos(dir);
    this.vy = speed * Math.sin(dir);
    this.zoom = rng.uniformIn(0.6, 1.6);
    this.zoomSpeed = rng.uniformIn(0.002, 0.01);
  }

  render(t: number, width: number, height: number, out: Uint8Array): void {
    const z = this.zoom * (1 + 0.25 * Math.sin(this.zoomSpeed * t));
    const sx = (TILE * z) / width, sy = (TILE * z) / height;
    const ox = this.vx * t, oy = this.vy * t;
    for (let i = 0; i < height; i++) {
      const ty = ((Math.floor(oy + i * sy) % TILE) + TILE) % TILE;
      for (let j = 0; j < width; j++) {
        const tx = ((Math.floor(ox + j * sx) % TILE) + TILE) % TILE;
        const s = 3 * (ty * TILE + tx), o = 3 * (i * width + j);
        out[o] = this.tile[s]!;
        out[o + 1] = this.tile[s + 1]!;
        out[o + 2] = this.tile[s + 2]!;
      }
    }
  }
}

interface Shape { disc: boolean; x0: number; y0: number; vx: number; vy: number; r: number; colour: Rgb }

class ShapesClip implements VideoClip {
  readonly name: string;
  readonly length: number;
  private readonly shapes: Shape[];
  private readonly top: Rgb;
  private readonly bottom: Rgb;
  private readonly hueSpeed: number;

  constructor(name: string, rng: Rng, length: number) {
    this.name = name;
    this.length = length;
    this.top = randomColour(rng);
    this.bottom = randomColour(rng);
    this.hueSpeed = rng.uniformIn(0.005, 0.03);
    this.shapes = Array.from({ length: 3 + rng.int(6) }, () => ({
      disc: rng.uniform() < 0.5,
      x0: rng.uniform() * 2, y0: rng.uniform() * 2,
      vx: rng.uniformIn(-0.02, 0.02), vy: rng.uniformIn(-0.02, 0.02),
      r: rng.uniformIn(0.05, 0.2),
      colour: randomColour(rng),
    }));
  }

  render(t: number, width: number, height: number, out: Uint8Array): void {
    const w = 0.5 + 0.5 * Math.sin(this.hueSpeed * t);
    for (let i = 0; i < height; i++) {
      const f = i / (height - 1);
      const r = clampByte((1 - f) * this.top[0] + f * this.bottom[0] * w + f * (1 - w) * this.top[2]);
      const g = clampByte((1 - f) * this.top[1] + f * this.bottom[1]);
      const b = clampByte((1 - f) * this.top[2] * w + f * this.bottom[2]);
      for (let j = 0; j < width; j++) {
        const o = 3 * (i * width + j);
        out[o] = r;
        out[o + 1] = g;
        out[o + 2] = b;
      }
    }
    const S = Math.min(width, height);
    for (const s of this.shapes) {
      const cx = bounce(s.x0 + s.vx * t) * width, cy = bounce(s.y0 + s.vy * t) * height, rad = s.r * S;
      const i0 = Math.max(0, Math.floor(cy - rad)), i1 = Math.min(height - 1, Math.ceil(cy + rad));
      const j0 = Math.max(0, Math.floor(cx - rad)), j1 = Math.min(width - 1, Math.ceil(cx + rad));
      for (let i = i0; i <= i1; i++) {
        for (let j = j0; j <= j1; j++) {
          if (s.disc) {
            const dx = j + 0.5 - cx, dy = i + 0.5 - cy;
            if (dx * dx + dy * dy > rad * rad) continue;
          }
          const o = 3 * (i * width + j);
          out[o] = clampByte(s.colour[0]);
          out[o + 1] = clampByte(s.colour[1]);
          out[o + 2] = clampByte(s.colour[2]);
        }
      }
    }
  }
}

/** Road camera: height above the road and lateral field-of-view scale (world units). */
const CAM_HEIGHT = 0.5;
const FOV_SCALE = 3;

interface Car { lane: number; z0: number; speed: number; colour: Rgb }

class RoadClip implements VideoClip {
  readonly name: string;
  readonly length: number;
  private readonly sky: Rgb;
  private readonly grass: Rgb;
  private readonly road: Rgb;
  private readonly horizon: number;
  private readonly speed: number;
  private readonly curve: number;
  private readonly cars: Car[];
  private readonly lanes: number;

  constructor(name: string, rng: Rng, length: number) {
    this.name = name;
    this.length = length;
    this.sky = [rng.uniformIn(120, 220), rng.uniformIn(150, 230), rng.uniformIn(180, 255)];
    this.grass = [rng.uniformIn(40, 120), rng.uniformIn(90, 170), rng.uniformIn(30, 90)];
    const grey = rng.uniformIn(60, 120);
    this.road = [grey, grey, grey + rng.uniformIn(-10, 10)];
    this.horizon = rng.uniformIn(0.3, 0.5);
    this.speed = rng.uniformIn(0.2, 0.6); // world units per frame
    this.curve = rng.uniformIn(-0.4, 0.4);
    this.lanes = 2 + rng.int(3);
    this.cars = Array.from({ length: 2 + rng.int(4) }, () => ({
      lane: rng.int(this.lanes), z0: rng.uniformIn(0, 40), speed: rng.uniformIn(-0.3, 0.3), colour: randomColour(rng, 30, 255),
    }));
  }

  render(t: number, width: number, height: number, out: Uint8Array): void {
    const hy = Math.floor(this.horizon * height);
    const halfRoad = this.lanes * 0.5; // world half-width of the road (lane width 1)
    const travelled = this.speed * t;
    const sway = this.curve * Math.sin(0.01 * t);
    for (let i = 0; i < height; i++) {
      for (let j = 0; j < width; j++) {
        const o = 3 * (i * width + j);
        let c: Rgb;
        if (i < hy) {
          const f = i / Math.max(1, hy);
          c = [this.sky[0] * (0.8 + 0.2 * f), this.sky[1] * (0.8 + 0.2 * f), this.sky[2]];
        } else {
          // Perspective: row → depth z = camH / (dy), column → lateral x = (u) · z.
          const dy = (i + 0.5 - hy) / height;
          const z = CAM_HEIGHT / dy;
          const x = ((j + 0.5) / width - 0.5) * 2 * FOV_SCALE * z - sway * z * z * 0.05;
          const zw = z + travelled;
          if (Math.abs(x) <= halfRoad) {
            c = this.road;
            // lane dashes: every lane boundary, dashes 2 units long every 4 units
            const lanePos = x + halfRoad;
            const nearLine = Math.abs(lanePos - Math.round(lanePos)) < 0.05 * Math.max(1, z * 0.1);
            if (nearLine && Math.round(lanePos) > 0 && Math.round(lanePos) < this.lanes && (Math.floor(zw / 2) & 1) === 0) {
              c = [235, 235, 220];
            }
            if (Math.abs(Math.abs(x) - halfRoad) < 0.04 * Math.max(1, z * 0.1)) c = [245, 245, 245];
          } else {
            const stripe = (Math.floor(zw / 3) & 1) === 0 ? 1 : 0.85;
            c = [this.grass[0] * stripe, this.grass[1] * stripe, this.grass[2] * stripe];
            // roadside posts every 8 units
            if (Math.abs(Math.abs(x) - halfRoad - 0.6) < 0.08 && zw % 8 < 0.4) c = [220, 60, 40];
          }
        }
        out[o] = clampByte(c[0]);
        out[o + 1] = clampByte(c[1]);
        out[o + 2] = clampByte(c[2]);
      }
    }
    // Cars: boxes standing on the road, scaled by 1/z, drawn far to near.
    const cars = this.cars
      .map((car) => {
        const z = 1.5 + ((((car.z0 + car.speed * t) % 40) + 40) % 40);
        return { car, z };
      })
      .sort((a, b) => b.z - a.z);
    for (const { car, z } of cars) {
      const xw = -halfRoad + car.lane + 0.5 - sway * z * z * 0.05;
      const cx = (xw / z / (2 * FOV_SCALE) + 0.5) * width;
      const baseY = hy + (CAM_HEIGHT / z) * height;
      const w = (0.8 / z / (2 * FOV_SCALE)) * width;
      const h = (0.6 / z / (2 * FOV_SCALE)) * width;
      const i0 = Math.max(0, Math.floor(baseY - h)), i1 = Math.min(height - 1, Math.floor(baseY));
      const j0 = Math.max(0, Math.floor(cx - w / 2)), j1 = Math.min(width - 1, Math.floor(cx + w / 2));
      for (let i = i0; i <= i1; i++) {
        const shade = i < baseY - 0.6 * h ? 0.7 : 1; // darker windows on top
        for (let j = j0; j <= j1; j++) {
          const o = 3 * (i * width + j);
          out[o] = clampByte(car.colour[0] * shade);
          out[o + 1] = clampByte(car.colour[1] * shade);
          out[o + 2] = clampByte(car.colour[2] * shade);
        }
      }
    }
  }
}

/** One procedural clip of a family from a seed. */
export function proceduralClip(family: VideoFamily, seed: number, length = 1000): VideoClip {
  const rng = new Rng(seed);
  const name = `${family}-${seed}`;
  switch (family) {
    case "texture": return new TextureClip(name, rng, length);
    case "shapes": return new ShapesClip(name, rng, length);
    case "road": return new RoadClip(name, rng, length);
    default: throw new ReproError(`unknown video family '${String(family)}'; use ${VIDEO_FAMILIES.join(", ")}`);
  }
}

export interface ProceduralSourceOptions {
  split: "train" | "eval";
  /** Number of clips (default 4). Clips cycle through the families. */
  clips?: number;
  families?: readonly VideoFamily[];
  /** Seed of the whole video dataset; train and eval clips come from disjoint streams. */
  seed?: number;
  /** Frames per clip (default 1000, as DBC's 1,000 continuous frames). */
  length?: number;
}

/** A procedural video source (default background dataset). */
export function proceduralVideoSource(opts: ProceduralSourceOptions): VideoSource {
  const n = opts.clips ?? 4;
  if (!Number.isInteger(n) || n < 1) throw new ReproError(`clips must be a positive integer, got ${n}`);
  if (opts.split !== "train" && opts.split !== "eval") throw new ReproError(`split must be "train" or "eval", got ${String(opts.split)}`);
  const families = opts.families ?? VIDEO_FAMILIES;
  const streams = new Rng(opts.seed ?? 0).fork(`video-${opts.split}`);
  const clips = Array.from({ length: n }, (_, i) =>
    proceduralClip(families[i % families.length]!, streams.nextUint32(), opts.length ?? 1000));
  return { name: `procedural-${opts.split}`, clips };
}
