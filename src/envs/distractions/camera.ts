/**
 * Camera distraction in the style of the Distracting Control Suite (Stone et al. 2021;
 * parameters in research/anchors.md §5.2): the camera orbits the point it looks at.
 * Per episode it starts at a random offset — horizontal angle in ±(π/2)·scale, vertical
 * angle in ±(π/2)·scale (only upwards when `upperQuadrant`, DCS's default except reacher),
 * roll in ±(π/2)·scale, and distance factor in [1 − 0.5·scale, 1 + 1.5·scale].
 * Dynamic: the angles move with velocities that random-walk (std 0.1·scale, |v| ≤ 0.4·scale
 * rad/frame for the orbit; std (π/300)·scale, |v| ≤ (π/50)·scale for roll), reflecting at the
 * range limits.
 *
 * The look-at point is where the view axis passes closest to the centroid of the scene's
 * solid geoms (the tracked body for tracking cameras).
 */

import { ReproError } from "../../core/errors.js";
import type { Rng } from "../../core/rng.js";
import type { PixelDistraction } from "../dmc/control-env.js";
import { GeomType, type Scene } from "../render/scene.js";

interface Axis { value: number; vel: number; lo: number; hi: number; std: number; maxVel: number }

export class CameraJitter implements PixelDistraction {
  readonly name = "camera";
  readonly scale: number;
  readonly dynamic: boolean;
  readonly upperQuadrant: boolean;
  private h: Axis | null = null;
  private v: Axis | null = null;
  private roll: Axis | null = null;
  private zoom = 1;
  private rng: Rng | null = null;

  constructor(scale: number, dynamic: boolean, upperQuadrant = true) {
    if (!(scale >= 0 && scale <= 1)) throw new ReproError(`camera distraction scale must be in [0, 1], got ${scale}`);
    this.scale = scale;
    this.dynamic = dynamic;
    this.upperQuadrant = upperQuadrant;
  }

  /** Current offsets (radians, and the distance factor). */
  get state(): { horizontal: number; vertical: number; roll: number; zoom: number } {
    return { horizontal: this.h?.value ?? 0, vertical: this.v?.value ?? 0, roll: this.roll?.value ?? 0, zoom: this.zoom };
  }

  reset(rng: Rng, _scene: Scene): void {
    const s = this.scale;
    const a = (Math.PI / 2) * s;
    const axis = (lo: number, hi: number, std: number, maxVel: number): Axis =>
      ({ value: rng.uniformIn(lo, hi), vel: 0, lo, hi, std, maxVel });
    this.h = axis(-a, a, 0.1 * s, 0.4 * s);
    this.v = axis(this.upperQuadrant ? 0 : -a, a, 0.1 * s, 0.4 * s);
    this.roll = axis(-a, a, (Math.PI / 300) * s, (Math.PI / 50) * s);
    this.zoom = rng.uniformIn(1 - 0.5 * s, 1 + 1.5 * s);
    this.rng = rng;
  }

  private advance(x: Axis): void {
    const rng = this.rng!;
    x.vel = Math.max(-x.maxVel, Math.min(x.maxVel, x.vel + rng.normal(0, x.std)));
    x.value += x.vel;
    if (x.value > x.hi) { x.value = 2 * x.hi - x.value; x.vel = -x.vel; }
    if (x.value < x.lo) { x.value = 2 * x.lo - x.value; x.vel = -x.vel; }
    x.value = Math.max(x.lo, Math.min(x.hi, x.value));
  }

  apply(scene: Scene, frame: number): undefined {
    if (!this.h || !this.v || !this.roll) throw new ReproError("camera distraction used before reset");
    if (this.dynamic && frame > 0 && this.scale > 0) {
      this.advance(this.h);
      this.advance(this.v);
      this.advance(this.roll);
    }
    const cam = scene.camera;
    const m = cam.mat;
    const R = [m[0]!, m[3]!, m[6]!];
    const U = [m[1]!, m[4]!, m[7]!];
    const B = [m[2]!, m[5]!, m[8]!];
    // Pivot: point on the view axis closest to the centroid of the solid geoms.
    let cx = 0, cy = 0, cz = 0, n = 0;
    for (const g of scene.geoms) {
      if (g.type === GeomType.plane) continue;
      cx += g.pos[0]; cy += g.pos[1]; cz += g.pos[2]; n++;
    }
    const P = cam.pos;
    let dist = 1;
    if (n > 0) {
      dist = -((cx / n - P[0]) * B[0]! + (cy / n - P[1]) * B[1]! + (cz / n - P[2]) * B[2]!);
      if (!(dist > 1e-3)) dist = 1;
    }
    const pivot = [P[0] - dist * B[0]!, P[1] - dist * B[1]!, P[2] - dist * B[2]!];
    // Orbit: vertical angle about the camera's right axis (positive = camera moves up),
    // then horizontal angle about world z; then roll about the new view axis.
    const Rv = rotation(R, -this.v.value);
    const Rh = rotation([0, 0, 1], this.h.value);
    const M = mul(Rh, Rv);
    const off = apply3(M, [B[0]! * dist * this.zoom, B[1]! * dist * this.zoom, B[2]! * dist * this.zoom]);
    cam.pos[0] = pivot[0]! + off[0]!;
    cam.pos[1] = pivot[1]! + off[1]!;
    cam.pos[2] = pivot[2]! + off[2]!;
    let r2 = apply3(M, R), u2 = apply3(M, U);
    const b2 = apply3(M, B);
    const Rr = rotation(b2, this.roll.value);
    r2 = apply3(Rr, r2);
    u2 = apply3(Rr, u2);
    for (let i = 0; i < 3; i++) {
      m[3 * i] = r2[i]!;
      m[3 * i + 1] = u2[i]!;
      m[3 * i + 2] = b2[i]!;
    }
    return undefined;
  }
}

/** Rotation matrix (row-major 3×3) about unit axis `a` by angle θ (Rodrigues). */
function rotation(a: number[], th: number): number[] {
  const [x, y, z] = a as [number, number, number];
  const c = Math.cos(th), s = Math.sin(th), t = 1 - c;
  return [
    t * x * x + c, t * x * y - s * z, t * x * z + s * y,
    t * x * y + s * z, t * y * y + c, t * y * z - s * x,
    t * x * z - s * y, t * y * z + s * x, t * z * z + c,
  ];
}

function mul(A: number[], B: number[]): number[] {
  const C = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) C[3 * i + j]! += A[3 * i + k]! * B[3 * k + j]!;
  return C;
}

function apply3(M: number[], v: number[]): number[] {
  return [0, 1, 2].map((i) => M[3 * i]! * v[0]! + M[3 * i + 1]! * v[1]! + M[3 * i + 2]! * v[2]!);
}
