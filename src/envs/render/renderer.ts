/**
 * Software renderer for the planar control scenes: one ray per pixel, analytic
 * intersections with MuJoCo's primitive geoms (sphere, capsule, ellipsoid, cylinder, box;
 * planes as a checkered floor), a z-buffer, Lambert shading from a headlight and a top
 * light (or the scene's own `lighting`: intensities, light direction, tint), and a vertical
 * sky gradient (the suite's gradient skybox colours; not lit).
 *
 * Speed: each non-plane geom is only tested inside the screen rectangle that bounds the
 * projection of its bounding sphere, and the per-pixel ray direction is affine in the pixel
 * coordinates (precomputed per geom in its local frame), so a 64×64 frame of a cheetah is a
 * few tens of microseconds. Deterministic: no randomness, plain float64 arithmetic.
 *
 * Output: Uint8Array, H×W×3, row 0 at the top (HWC, RGB).
 */

import { ReproError } from "../../core/errors.js";
import { GeomType, type Scene, type SceneGeom } from "./scene.js";

/** Skybox gradient colours (top and bottom of the sky sphere). */
export const SKY_TOP: readonly [number, number, number] = [0.4, 0.6, 0.8];
export const SKY_BOTTOM: readonly [number, number, number] = [0, 0, 0];
/** Checker period of floor planes in metres (two squares of 0.5 m). */
export const CHECKER_PERIOD = 1;

const AMBIENT = 0.35;
const HEADLIGHT = 0.6;
const TOPLIGHT = 0.25;
const NEAR = 1e-3;

/** Optional background that replaces the sky (and blends into the floor) — video distractions. */
export interface BackgroundLayer {
  /** H×W×3 RGB, same size as the frame. */
  pixels: Uint8Array;
  /** Weight of the floor's own colour where the floor is visible (1 = floor opaque, 0 = video everywhere). */
  floorAlpha: number;
}

export class SoftwareRenderer {
  readonly width: number;
  readonly height: number;
  private readonly depth: Float64Array;
  private readonly colX: Float64Array;
  private readonly rowY: Float64Array;
  // the lights of the frame being rendered (render(): the scene's lighting or the defaults)
  private amb = AMBIENT;
  private headI = HEADLIGHT;
  private dirI = TOPLIGHT;
  private lx = 0;
  private ly = 0;
  private lz = 1;
  private tr = 1;
  private tg = 1;
  private tb = 1;

  private setLighting(ambient: number, head: number, dir: number, d: readonly number[], tint: readonly number[]): void {
    this.amb = ambient; this.headI = head; this.dirI = dir;
    this.lx = d[0]!; this.ly = d[1]!; this.lz = d[2]!;
    this.tr = tint[0]!; this.tg = tint[1]!; this.tb = tint[2]!;
  }

  constructor(width: number, height: number = width) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 8 || height < 8 || width > 4096 || height > 4096) {
      throw new ReproError(`render size must be integers in [8, 4096], got ${width}×${height}`);
    }
    this.width = width;
    this.height = height;
    this.depth = new Float64Array(width * height);
    this.colX = new Float64Array(width);
    this.rowY = new Float64Array(height);
  }

  /** Render `scene` into `out` (allocated if omitted) and return it. */
  render(scene: Scene, out?: Uint8Array, background?: BackgroundLayer): Uint8Array {
    const W = this.width;
    const H = this.height;
    const img = out ?? new Uint8Array(W * H * 3);
    if (img.length !== W * H * 3) throw new ReproError(`render target must have ${W * H * 3} bytes, got ${img.length}`);
    if (background && background.pixels.length !== W * H * 3) {
      throw new ReproError(`background layer must be ${W}×${H}×3 bytes, got ${background.pixels.length}`);
    }
    const cam = scene.camera;
    const m = cam.mat;
    // Camera axes in world coordinates.
    const Rx = m[0]!, Ry = m[3]!, Rz = m[6]!;
    const Ux = m[1]!, Uy = m[4]!, Uz = m[7]!;
    const Fx = -m[2]!, Fy = -m[5]!, Fz = -m[8]!;
    const [ox, oy, oz] = cam.pos;
    const light = scene.lighting;
    if (light) this.setLighting(light.ambient, light.headlight, light.directional, light.direction, light.tint);
    else this.setLighting(AMBIENT, HEADLIGHT, TOPLIGHT, [0, 0, 1], [1, 1, 1]);
    const amb = this.amb, headI = this.headI, dirI = this.dirI, lx = this.lx, ly = this.ly, lz = this.lz;
    const tr = this.tr, tg = this.tg, tb = this.tb;
    const tanHalf = Math.tan(((cam.fovy * Math.PI) / 180) / 2);
    const aspect = W / H;
    for (let j = 0; j < W; j++) this.colX[j] = ((2 * (j + 0.5)) / W - 1) * tanHalf * aspect;
    for (let i = 0; i < H; i++) this.rowY[i] = (1 - (2 * (i + 0.5)) / H) * tanHalf;
    const colX = this.colX;
    const rowY = this.rowY;
    const depth = this.depth;

    // ---- background: sky gradient and floor planes
    const planes = scene.geoms.filter((g) => g.type === GeomType.plane);
    const bg = background?.pixels;
    const floorAlpha = background ? Math.min(1, Math.max(0, background.floorAlpha)) : 1;
    for (let i = 0; i < H; i++) {
      const y = rowY[i]!;
      const bx = Fx + y * Ux, by = Fy + y * Uy, bz = Fz + y * Uz;
      for (let j = 0; j < W; j++) {
        const x = colX[j]!;
        const dx = bx + x * Rx, dy = by + x * Ry, dz = bz + x * Rz;
        const p = i * W + j;
        let t = Infinity;
        let r = 0, g = 0, b = 0;
        for (let k = 0; k < planes.length; k++) {
          const pl = planes[k]!;
          const pm = pl.mat;
          // Plane normal = local z axis (column 2).
          const nx = pm[2]!, ny = pm[5]!, nz = pm[8]!;
          const denom = nx * dx + ny * dy + nz * dz;
          if (denom > -1e-12) continue; // parallel or seen from behind
          const tp = (nx * (pl.pos[0] - ox) + ny * (pl.pos[1] - oy) + nz * (pl.pos[2] - oz)) / denom;
          if (tp <= NEAR || tp >= t) continue;
          const hx = ox + tp * dx - pl.pos[0], hy = oy + tp * dy - pl.pos[1], hz = oz + tp * dz - pl.pos[2];
          const lx = pm[0]! * hx + pm[3]! * hy + pm[6]! * hz;
          const ly = pm[1]! * hx + pm[4]! * hy + pm[7]! * hz;
          if ((pl.size[0] > 0 && Math.abs(lx) > pl.size[0]) || (pl.size[1] > 0 && Math.abs(ly) > pl.size[1])) continue;
          t = tp;
          // World-aligned checker (texuniform): parity of half-period cells.
          const wx = hx + pl.pos[0], wy = hy + pl.pos[1];
          const half = (pl.checkerPeriod ?? CHECKER_PERIOD) / 2;
          const odd = (Math.floor(wx / half) + Math.floor(wy / half)) & 1;
          const c = pl.texture ? pl.texture(wx, wy) : odd && pl.checker ? pl.checker : pl.rgb;
          const dn = Math.sqrt(dx * dx + dy * dy + dz * dz);
          const nl = nx * lx + ny * ly + nz * lz;
          const s = amb + headI * (-denom / dn) + dirI * (nl > 0 ? nl : 0);
          r = c[0] * tr * s;
          g = c[1] * tg * s;
          b = c[2] * tb * s;
        }
        depth[p] = t;
        const o = 3 * p;
        if (t === Infinity) {
          if (bg) {
            img[o] = bg[o]!;
            img[o + 1] = bg[o + 1]!;
            img[o + 2] = bg[o + 2]!;
          } else {
            const u = 0.5 * (1 + dz / Math.sqrt(dx * dx + dy * dy + dz * dz));
            img[o] = toByte(SKY_BOTTOM[0] + u * (SKY_TOP[0] - SKY_BOTTOM[0]));
            img[o + 1] = toByte(SKY_BOTTOM[1] + u * (SKY_TOP[1] - SKY_BOTTOM[1]));
            img[o + 2] = toByte(SKY_BOTTOM[2] + u * (SKY_TOP[2] - SKY_BOTTOM[2]));
          }
        } else if (bg && floorAlpha < 1) {
          img[o] = toByte(floorAlpha * r + ((1 - floorAlpha) * bg[o]!) / 255);
          img[o + 1] = toByte(floorAlpha * g + ((1 - floorAlpha) * bg[o + 1]!) / 255);
          img[o + 2] = toByte(floorAlpha * b + ((1 - floorAlpha) * bg[o + 2]!) / 255);
        } else {
          img[o] = toByte(r);
          img[o + 1] = toByte(g);
          img[o + 2] = toByte(b);
        }
      }
    }

    // ---- solid geoms
    for (const geom of scene.geoms) {
      if (geom.type === GeomType.plane) continue;
      this.drawGeom(geom, img, ox, oy, oz, Rx, Ry, Rz, Ux, Uy, Uz, Fx, Fy, Fz, tanHalf, aspect);
    }

    // ---- thin segments (tendons), one sample per ~half pixel, depth-tested
    const seg = scene.segments;
    if (seg.length >= 6) {
      const focal = H / 2 / tanHalf;
      for (let s = 0; s + 5 < seg.length; s += 6) {
        const ax = seg[s]! - ox, ay = seg[s + 1]! - oy, az = seg[s + 2]! - oz;
        const ex = seg[s + 3]! - ox, ey = seg[s + 4]! - oy, ez = seg[s + 5]! - oz;
        const za = ax * Fx + ay * Fy + az * Fz, zb = ex * Fx + ey * Fy + ez * Fz;
        if (za <= NEAR || zb <= NEAR) continue;
        const len = Math.hypot(ex - ax, ey - ay, ez - az);
        const n = Math.max(2, Math.ceil((2 * len * focal) / Math.min(za, zb)));
        for (let k = 0; k <= n; k++) {
          const f = k / n;
          const px = ax + f * (ex - ax), py = ay + f * (ey - ay), pz = az + f * (ez - az);
          const zc = px * Fx + py * Fy + pz * Fz;
          const u = (px * Rx + py * Ry + pz * Rz) / zc;
          const v = (px * Ux + py * Uy + pz * Uz) / zc;
          const j = Math.floor(((u / (tanHalf * aspect) + 1) * W) / 2);
          const i = Math.floor(((1 - v / tanHalf) * H) / 2);
          if (j < 0 || j >= W || i < 0 || i >= H) continue;
          const p = i * W + j;
          if (zc >= depth[p]!) continue;
          depth[p] = zc;
          img[3 * p] = toByte(scene.segmentRgb[0]);
          img[3 * p + 1] = toByte(scene.segmentRgb[1]);
          img[3 * p + 2] = toByte(scene.segmentRgb[2]);
        }
      }
    }
    return img;
  }

  private drawGeom(
    geom: SceneGeom, img: Uint8Array,
    ox: number, oy: number, oz: number,
    Rx: number, Ry: number, Rz: number,
    Ux: number, Uy: number, Uz: number,
    Fx: number, Fy: number, Fz: number,
    tanHalf: number, aspect: number,
  ): void {
    const W = this.width;
    const H = this.height;
    const [s0, s1, s2] = geom.size;
    const type = geom.type;
    let radius: number;
    switch (type) {
      case GeomType.sphere: radius = s0; break;
      case GeomType.capsule: radius = s0 + s1; break;
      case GeomType.cylinder: radius = Math.hypot(s0, s1); break;
      case GeomType.ellipsoid: radius = Math.max(s0, s1, s2); break;
      case GeomType.box: radius = Math.hypot(s0, s1, s2); break;
      default: return; // meshes / height fields are not used by these scenes
    }
    const [gx, gy, gz] = geom.pos;
    const cx = gx - ox, cy = gy - oy, cz = gz - oz;
    const zc = cx * Fx + cy * Fy + cz * Fz;
    if (zc + radius <= NEAR) return;
    {
      // Frustum culling of the bounding sphere against the four side planes.
      const xc = cx * Rx + cy * Ry + cz * Rz;
      const yc = cx * Ux + cy * Uy + cz * Uz;
      const th = tanHalf * aspect;
      const nh = 1 / Math.sqrt(1 + th * th), nv = 1 / Math.sqrt(1 + tanHalf * tanHalf);
      if ((xc - th * zc) * nh > radius || (-xc - th * zc) * nh > radius) return;
      if ((yc - tanHalf * zc) * nv > radius || (-yc - tanHalf * zc) * nv > radius) return;
    }
    // Screen rectangle: union of rectangles bounding the projections of spheres that cover
    // the geom (end spheres for capsules/cylinders, corners for boxes, one sphere otherwise).
    const M = geom.mat;
    const rect = RECT;
    rect.u0 = Infinity; rect.u1 = -Infinity; rect.v0 = Infinity; rect.v1 = -Infinity; rect.full = false;
    const addSphere = (px: number, py: number, pz: number, rad: number): void => {
      const z = px * Fx + py * Fy + pz * Fz;
      const zn = z - rad, zf = z + rad;
      if (zn <= NEAR) { rect.full = true; return; }
      const x = px * Rx + py * Ry + pz * Rz;
      const y = px * Ux + py * Uy + pz * Uz;
      rect.u0 = Math.min(rect.u0, (x - rad) / zn, (x - rad) / zf);
      rect.u1 = Math.max(rect.u1, (x + rad) / zn, (x + rad) / zf);
      rect.v0 = Math.min(rect.v0, (y - rad) / zn, (y - rad) / zf);
      rect.v1 = Math.max(rect.v1, (y + rad) / zn, (y + rad) / zf);
    };
    if (type === GeomType.capsule || type === GeomType.cylinder) {
      const ax = M[2]! * s1, ay = M[5]! * s1, az = M[8]! * s1; // half axis (local z) in world
      addSphere(cx + ax, cy + ay, cz + az, s0);
      addSphere(cx - ax, cy - ay, cz - az, s0);
    } else if (type === GeomType.box) {
      for (let k = 0; k < 8; k++) {
        const a = k & 1 ? s0 : -s0, b = k & 2 ? s1 : -s1, c = k & 4 ? s2 : -s2;
        addSphere(cx + M[0]! * a + M[1]! * b + M[2]! * c, cy + M[3]! * a + M[4]! * b + M[5]! * c,
          cz + M[6]! * a + M[7]! * b + M[8]! * c, 0);
      }
    } else {
      addSphere(cx, cy, cz, radius);
    }
    let j0 = 0, j1 = W - 1, i0 = 0, i1 = H - 1;
    if (!rect.full) {
      const sx = tanHalf * aspect;
      j0 = Math.max(0, Math.floor(((rect.u0 / sx + 1) * W) / 2 - 0.5));
      j1 = Math.min(W - 1, Math.ceil(((rect.u1 / sx + 1) * W) / 2 - 0.5));
      i0 = Math.max(0, Math.floor(((1 - rect.v1 / tanHalf) * H) / 2 - 0.5));
      i1 = Math.min(H - 1, Math.ceil(((1 - rect.v0 / tanHalf) * H) / 2 - 0.5));
      if (j0 > j1 || i0 > i1) return;
    }
    // Ray in the geom's local frame: o' = Mᵀ(camPos − geomPos); d' = Mᵀ(F + x R + y U).
    const lo0 = -(M[0]! * cx + M[3]! * cy + M[6]! * cz);
    const lo1 = -(M[1]! * cx + M[4]! * cy + M[7]! * cz);
    const lo2 = -(M[2]! * cx + M[5]! * cy + M[8]! * cz);
    const f0 = M[0]! * Fx + M[3]! * Fy + M[6]! * Fz, f1 = M[1]! * Fx + M[4]! * Fy + M[7]! * Fz, f2 = M[2]! * Fx + M[5]! * Fy + M[8]! * Fz;
    const r0 = M[0]! * Rx + M[3]! * Ry + M[6]! * Rz, r1 = M[1]! * Rx + M[4]! * Ry + M[7]! * Rz, r2 = M[2]! * Rx + M[5]! * Ry + M[8]! * Rz;
    const u0 = M[0]! * Ux + M[3]! * Uy + M[6]! * Uz, u1 = M[1]! * Ux + M[4]! * Uy + M[7]! * Uz, u2 = M[2]! * Ux + M[5]! * Uy + M[8]! * Uz;
    const depth = this.depth;
    const colX = this.colX;
    const rowY = this.rowY;
    const cr = geom.rgb[0] * this.tr, cg = geom.rgb[1] * this.tg, cb = geom.rgb[2] * this.tb;
    const amb = this.amb, headI = this.headI, dirI = this.dirI, lx = this.lx, ly = this.ly, lz = this.lz;
    const hit = HIT;
    for (let i = i0; i <= i1; i++) {
      const y = rowY[i]!;
      const by0 = f0 + y * u0, by1 = f1 + y * u1, by2 = f2 + y * u2;
      for (let j = j0; j <= j1; j++) {
        const x = colX[j]!;
        const d0 = by0 + x * r0, d1 = by1 + x * r1, d2 = by2 + x * r2;
        const p = i * W + j;
        const tMax = depth[p]!;
        let ok = false;
        switch (type) {
          case GeomType.sphere: ok = hitSphere(lo0, lo1, lo2, d0, d1, d2, 0, s0, tMax, hit); break;
          case GeomType.capsule: ok = hitCapsule(lo0, lo1, lo2, d0, d1, d2, s0, s1, tMax, hit); break;
          case GeomType.cylinder: ok = hitCylinder(lo0, lo1, lo2, d0, d1, d2, s0, s1, tMax, hit); break;
          case GeomType.ellipsoid: ok = hitEllipsoid(lo0, lo1, lo2, d0, d1, d2, s0, s1, s2, tMax, hit); break;
          case GeomType.box: ok = hitBox(lo0, lo1, lo2, d0, d1, d2, s0, s1, s2, tMax, hit); break;
        }
        if (!ok) continue;
        depth[p] = hit.t;
        // Normal to world, shade.
        const n0 = hit.n0, n1 = hit.n1, n2 = hit.n2;
        const wx = M[0]! * n0 + M[1]! * n1 + M[2]! * n2;
        const wy = M[3]! * n0 + M[4]! * n1 + M[5]! * n2;
        const wz = M[6]! * n0 + M[7]! * n1 + M[8]! * n2;
        const dl = Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2);
        const wdx = Fx + x * Rx + y * Ux, wdy = Fy + x * Ry + y * Uy, wdz = Fz + x * Rz + y * Uz;
        const head = -(wx * wdx + wy * wdy + wz * wdz) / dl;
        const nl = wx * lx + wy * ly + wz * lz;
        const s = amb + headI * (head > 0 ? head : 0) + dirI * (nl > 0 ? nl : 0);
        const o = 3 * p;
        img[o] = toByte(cr * s);
        img[o + 1] = toByte(cg * s);
        img[o + 2] = toByte(cb * s);
      }
    }
  }
}

function toByte(v: number): number {
  const b = Math.round(v * 255);
  return b < 0 ? 0 : b > 255 ? 255 : b;
}

/** Hit record (reused): ray parameter and unit normal in the geom's local frame. */
interface Hit { t: number; n0: number; n1: number; n2: number }
const HIT: Hit = { t: 0, n0: 0, n1: 0, n2: 0 };

/** Sphere of radius r centred at (0, 0, zc) in local coordinates. */
function hitSphere(o0: number, o1: number, o2: number, d0: number, d1: number, d2: number, zc: number, r: number, tMax: number, h: Hit): boolean {
  const q2 = o2 - zc;
  const a = d0 * d0 + d1 * d1 + d2 * d2;
  const b = o0 * d0 + o1 * d1 + q2 * d2;
  const c = o0 * o0 + o1 * o1 + q2 * q2 - r * r;
  const disc = b * b - a * c;
  if (disc < 0) return false;
  const t = (-b - Math.sqrt(disc)) / a;
  if (t <= NEAR || t >= tMax) return false;
  h.t = t;
  h.n0 = (o0 + t * d0) / r;
  h.n1 = (o1 + t * d1) / r;
  h.n2 = (q2 + t * d2) / r;
  return true;
}

/** Capsule along local z: cylinder of radius r, half-length hl, with hemispherical ends. */
function hitCapsule(o0: number, o1: number, o2: number, d0: number, d1: number, d2: number, r: number, hl: number, tMax: number, h: Hit): boolean {
  let found = false;
  const a = d0 * d0 + d1 * d1;
  if (a > 1e-18) {
    const b = o0 * d0 + o1 * d1;
    const c = o0 * o0 + o1 * o1 - r * r;
    const disc = b * b - a * c;
    if (disc < 0) return false; // misses the infinite cylinder → misses the capsule
    const t = (-b - Math.sqrt(disc)) / a;
    const z = o2 + t * d2;
    if (t > NEAR && t < tMax && z >= -hl && z <= hl) {
      h.t = t;
      h.n0 = (o0 + t * d0) / r;
      h.n1 = (o1 + t * d1) / r;
      h.n2 = 0;
      return true;
    }
  }
  if (hitSphere(o0, o1, o2, d0, d1, d2, hl, r, tMax, h)) {
    found = true;
    tMax = h.t;
  }
  if (hitSphere(o0, o1, o2, d0, d1, d2, -hl, r, tMax, h)) found = true;
  return found;
}

/** Cylinder along local z with radius r and half-height hl (flat caps). */
function hitCylinder(o0: number, o1: number, o2: number, d0: number, d1: number, d2: number, r: number, hl: number, tMax: number, h: Hit): boolean {
  let found = false;
  const a = d0 * d0 + d1 * d1;
  if (a > 1e-18) {
    const b = o0 * d0 + o1 * d1;
    const c = o0 * o0 + o1 * o1 - r * r;
    const disc = b * b - a * c;
    if (disc < 0) return false;
    const t = (-b - Math.sqrt(disc)) / a;
    const z = o2 + t * d2;
    if (t > NEAR && t < tMax && z >= -hl && z <= hl) {
      h.t = t;
      h.n0 = (o0 + t * d0) / r;
      h.n1 = (o1 + t * d1) / r;
      h.n2 = 0;
      found = true;
      tMax = t;
    }
  }
  if (Math.abs(d2) > 1e-18) {
    for (const zc of [hl, -hl]) {
      const t = (zc - o2) / d2;
      if (t <= NEAR || t >= tMax) continue;
      const x = o0 + t * d0, y = o1 + t * d1;
      if (x * x + y * y > r * r) continue;
      h.t = t;
      h.n0 = 0;
      h.n1 = 0;
      h.n2 = zc > 0 ? 1 : -1;
      found = true;
      tMax = t;
    }
  }
  return found;
}

function hitEllipsoid(o0: number, o1: number, o2: number, d0: number, d1: number, d2: number, a0: number, a1: number, a2: number, tMax: number, h: Hit): boolean {
  if (!hitSphere(o0 / a0, o1 / a1, o2 / a2, d0 / a0, d1 / a1, d2 / a2, 0, 1, tMax, h)) return false;
  // Normal of x²/a² + … = 1 is (x/a², …); h.n holds the unit-sphere point (x/a, …).
  const n0 = h.n0 / a0, n1 = h.n1 / a1, n2 = h.n2 / a2;
  const l = Math.sqrt(n0 * n0 + n1 * n1 + n2 * n2);
  h.n0 = n0 / l;
  h.n1 = n1 / l;
  h.n2 = n2 / l;
  return true;
}

/** Axis-aligned (local) box with half-sizes s0, s1, s2: slab method. */
function hitBox(o0: number, o1: number, o2: number, d0: number, d1: number, d2: number, s0: number, s1: number, s2: number, tMax: number, h: Hit): boolean {
  const S = SLAB;
  S.tNear = -Infinity; S.tFar = Infinity; S.axis = 0; S.sign = 1;
  if (!slab(o0, d0, s0, 0, S) || !slab(o1, d1, s1, 1, S) || !slab(o2, d2, s2, 2, S)) return false;
  if (S.tNear <= NEAR || S.tNear >= tMax) return false;
  h.t = S.tNear;
  h.n0 = S.axis === 0 ? S.sign : 0;
  h.n1 = S.axis === 1 ? S.sign : 0;
  h.n2 = S.axis === 2 ? S.sign : 0;
  return true;
}

interface Slab { tNear: number; tFar: number; axis: number; sign: number }
const SLAB: Slab = { tNear: 0, tFar: 0, axis: 0, sign: 1 };
const RECT = { u0: 0, u1: 0, v0: 0, v1: 0, full: false };

function slab(o: number, d: number, s: number, k: number, S: Slab): boolean {
  if (Math.abs(d) < 1e-18) return o >= -s && o <= s;
  let ta = (-s - o) / d, tb = (s - o) / d;
  let sg = -1;
  if (ta > tb) { const tmp = ta; ta = tb; tb = tmp; sg = 1; }
  if (ta > S.tNear) { S.tNear = ta; S.axis = k; S.sign = sg; }
  if (tb < S.tFar) S.tFar = tb;
  return S.tNear <= S.tFar;
}
