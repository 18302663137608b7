import { inflateSync } from "node:zlib";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { ControlEnv } from "../../src/envs/dmc/control-env.js";
import { FrameStack } from "../../src/envs/frame-stack.js";
import { writeGallery } from "../../src/envs/gallery.js";
import { loadMujoco } from "../../src/envs/mujoco/adapter.js";
import { crc32, encodePng } from "../../src/envs/render/png.js";
import { SKY_TOP, SoftwareRenderer } from "../../src/envs/render/renderer.js";
import { GeomType, type Scene } from "../../src/envs/render/scene.js";

beforeAll(async () => {
  await loadMujoco();
});

const IDENTITY = new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]);
// Camera at the origin looking along +y, up = +z (columns: right, up, back).
const LOOK_Y = new Float64Array([1, 0, 0, 0, 0, -1, 0, 1, 0]);

function sceneWith(geom: Scene["geoms"][number], fovy = 90): Scene {
  return { camera: { pos: [0, 0, 0], mat: LOOK_Y, fovy }, geoms: [geom], segments: [], segmentRgb: [0, 0, 0] };
}

function isRed(img: Uint8Array, W: number, i: number, j: number): boolean {
  const o = 3 * (i * W + j);
  return img[o]! > 0 && img[o + 1] === 0 && img[o + 2] === 0;
}

describe("software renderer geometry", () => {
  it("a sphere projects to a disc of the predicted radius", () => {
    // Sphere radius 1 at distance 5, fovy 90° (tan = 1): the silhouette's image-plane radius
    // is tan(asin(1/5)) = 0.2/sqrt(0.96) = 0.2041, i.e. 6.53 px at 64 px (32 px per unit).
    const W = 64;
    const r = new SoftwareRenderer(W);
    const img = r.render(sceneWith({ type: GeomType.sphere, size: [1, 0, 0], pos: [0, 5, 0], mat: IDENTITY, rgb: [1, 0, 0] }));
    let count = 0;
    for (let i = 0; i < W; i++) for (let j = 0; j < W; j++) if (isRed(img, W, i, j)) count++;
    const rpx = (0.2 / Math.sqrt(0.96)) * 32;
    expect(count).toBeGreaterThan(Math.PI * (rpx - 1) ** 2);
    expect(count).toBeLessThan(Math.PI * (rpx + 1) ** 2);
    // centre row: pixels 31/32 are at u = ±1/64; the disc edge is 6.53 px from the centre line
    expect(isRed(img, W, 31, 32 + 5)).toBe(true);
    expect(isRed(img, W, 31, 32 + 7)).toBe(false);
  });

  it("z-buffer: the nearer geom wins regardless of draw order; a box shows its front face", () => {
    const W = 32;
    const r = new SoftwareRenderer(W);
    const near = { type: GeomType.box, size: [0.5, 0.5, 0.5] as [number, number, number], pos: [0, 3, 0] as [number, number, number], mat: IDENTITY, rgb: [1, 0, 0] as [number, number, number] };
    const far = { type: GeomType.sphere, size: [1, 0, 0] as [number, number, number], pos: [0, 6, 0] as [number, number, number], mat: IDENTITY, rgb: [0, 0, 1] as [number, number, number] };
    for (const geoms of [[near, far], [far, near]]) {
      const img = r.render({ camera: { pos: [0, 0, 0], mat: LOOK_Y, fovy: 90 }, geoms, segments: [], segmentRgb: [0, 0, 0] });
      expect(isRed(img, W, 16, 16)).toBe(true);
      // Front face normal (0,-1,0) faces the camera: ambient + headlight = 0.95 → 242.
      expect(img[3 * (16 * W + 16)]).toBe(Math.round(0.95 * 255));
    }
  });

  it("capsule and cylinder along x cover a horizontal band", () => {
    const W = 64;
    const r = new SoftwareRenderer(W);
    const alongX = new Float64Array([0, 0, 1, 0, 1, 0, -1, 0, 0]); // local z → world x
    for (const type of [GeomType.capsule, GeomType.cylinder]) {
      const img = r.render(sceneWith({ type, size: [0.1, 1, 0], pos: [0, 4, 0], mat: alongX, rgb: [1, 0, 0] }));
      // half-length 1 at distance 4 → ±0.25 in the image plane → ±8 px; radius 0.1 → ±0.8 px
      expect(isRed(img, W, 31, 32 + 6)).toBe(true);
      expect(isRed(img, W, 31, 32 - 7)).toBe(true);
      expect(isRed(img, W, 31, 32 + 12)).toBe(false);
      expect(isRed(img, W, 27, 32)).toBe(false);
    }
  });

  it("sky: looking straight up gives the top gradient colour", () => {
    const r = new SoftwareRenderer(16);
    const up = new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]); // looks along −z... flip: back = (0,0,−1)
    up[8] = -1;
    up[4] = -1;
    const img = r.render({ camera: { pos: [0, 0, 0], mat: up, fovy: 10 }, geoms: [], segments: [], segmentRgb: [0, 0, 0] });
    expect(Math.abs(img[3 * (8 * 16 + 8)]! - SKY_TOP[0] * 255)).toBeLessThanOrEqual(1);
    expect(Math.abs(img[3 * (8 * 16 + 8) + 2]! - SKY_TOP[2] * 255)).toBeLessThanOrEqual(1);
  });

  it("rejects bad sizes", () => {
    expect(() => new SoftwareRenderer(3)).toThrow(/render size/);
  });
});

describe("PNG encoder", () => {
  it("writes a valid signature, IHDR and the raw scanlines", () => {
    const rgb = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]);
    const png = encodePng(rgb, 2, 2);
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(png.readUInt32BE(16)).toBe(2);
    expect(png.readUInt32BE(20)).toBe(2);
    // IEND chunk CRC is the well-known constant AE 42 60 82
    expect(png.readUInt32BE(png.length - 4)).toBe(0xae426082);
    expect(crc32(new TextEncoder().encode("IEND"))).toBe(0xae426082);
    const idatLen = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLen));
    expect(Array.from(raw)).toEqual([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 10, 20, 30]);
  });
});

describe("frame stack", () => {
  it("keeps the last k frames oldest first in CHW and HWC", () => {
    const W = 2, H = 1;
    const f = (v: number): Uint8Array => new Uint8Array([v, v + 1, v + 2, v + 3, v + 4, v + 5]);
    const chw = new FrameStack(3, W, H, "chw");
    const hwc = new FrameStack(3, W, H, "hwc");
    for (const s of [chw, hwc]) {
      s.reset(f(0));
      s.push(f(10));
      s.push(f(20));
      s.push(f(30)); // drops f(0)
    }
    expect(chw.shape).toEqual([9, 1, 2]);
    // CHW: channel (3f + c), then pixels: frame 10 red = [10, 13], green [11, 14], ...
    expect(Array.from(chw.observation())).toEqual([10, 13, 11, 14, 12, 15, 20, 23, 21, 24, 22, 25, 30, 33, 31, 34, 32, 35]);
    expect(hwc.shape).toEqual([1, 2, 9]);
    expect(Array.from(hwc.observation())).toEqual([10, 11, 12, 20, 21, 22, 30, 31, 32, 13, 14, 15, 23, 24, 25, 33, 34, 35]);
  });
});

describe("pixel observations from ControlEnv", () => {
  it("uint8 3-frame stack, same seed → identical frames, reset frame repeated", () => {
    const run = (): Uint8Array[] => {
      const env = new ControlEnv("cheetah-run", { observation: "pixels", size: 64 });
      const rng = new Rng(2);
      const out = [env.reset({ seed: 9 }).observation as Uint8Array];
      for (let t = 0; t < 5; t++) out.push(env.step(Array.from({ length: 6 }, () => rng.uniformIn(-1, 1))).observation as Uint8Array);
      env.close();
      return out;
    };
    const a = run();
    const b = run();
    expect(a[0]!.length).toBe(9 * 64 * 64);
    expect(a[0]).toBeInstanceOf(Uint8Array);
    for (let t = 0; t < a.length; t++) expect(Buffer.compare(Buffer.from(a[t]!), Buffer.from(b[t]!))).toBe(0);
    const n = 3 * 64 * 64;
    expect(Buffer.compare(Buffer.from(a[0]!.subarray(0, n)), Buffer.from(a[0]!.subarray(2 * n)))).toBe(0);
    // After one step the newest frame moved into the last slot; the previous newest is in slot 1.
    expect(Buffer.compare(Buffer.from(a[1]!.subarray(n, 2 * n)), Buffer.from(a[0]!.subarray(2 * n)))).toBe(0);
    expect(Buffer.compare(Buffer.from(a[1]!.subarray(2 * n)), Buffer.from(a[0]!.subarray(2 * n)))).not.toBe(0);
  });

  it("the camera tracks the cheetah: moving the body 5 m along x keeps the image the same", () => {
    const env = new ControlEnv("cheetah-run", { observation: "pixels", size: 64, frameStack: 1, layout: "hwc" });
    env.reset({ seed: 1 });
    const body = (img: Uint8Array): number => {
      let c = 0; // orange body pixels: red clearly above blue
      for (let p = 0; p < 64 * 64; p++) if (img[3 * p]! > img[3 * p + 2]! + 40) c++;
      return c;
    };
    const before = body(env.renderFrame().slice());
    env.physics.qpos[0] = env.physics.qpos[0]! + 5; // 5 checker periods: the floor pattern repeats too
    env.physics.forward();
    const after = env.renderFrame().slice();
    expect(before).toBeGreaterThan(50);
    expect(body(after)).toBe(before);
    env.close();
  });

  it("writes a PNG gallery strip for every task", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gallery-"));
    const paths = await writeGallery(dir, { size: 48, atSteps: [0, 5] });
    expect(paths.length).toBe(10); // the 9 suite tasks and door-open
    for (const p of paths) expect(readFileSync(p).subarray(1, 4).toString()).toBe("PNG");
  });
});

describe("snapshots and info.state", () => {
  it("a state env renders snapshots equal to the pixel env's frames; pixel envs report the true state", () => {
    const st = new ControlEnv("walker-walk");
    const px = new ControlEnv("walker-walk", { observation: "pixels", size: 40, frameStack: 1, layout: "hwc" });
    const s0 = st.reset({ seed: 4 }).observation as Float64Array;
    const p0 = px.reset({ seed: 4 });
    expect(Buffer.compare(Buffer.from(st.snapshot(40)), Buffer.from(p0.observation as Uint8Array))).toBe(0);
    expect(Array.from(p0.info.state as Float64Array)).toEqual(Array.from(s0));
    st.close();
    px.close();
  });
});
