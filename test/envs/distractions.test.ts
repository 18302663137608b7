import { deflateSync } from "node:zlib";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { ControlEnv } from "../../src/envs/dmc/control-env.js";
import { BackgroundVideo } from "../../src/envs/distractions/background.js";
import { CameraJitter } from "../../src/envs/distractions/camera.js";
import { ColorJitter } from "../../src/envs/distractions/color.js";
import { proceduralClip, proceduralVideoSource, VIDEO_FAMILIES } from "../../src/envs/distractions/procedural-video.js";
import { makeDistractions } from "../../src/envs/distractions/suite.js";
import { folderVideoSource } from "../../src/envs/distractions/video-folder.js";
import { FramesClip, playbackIndex } from "../../src/envs/distractions/video.js";
import { makeEnv } from "../../src/envs/index.js";
import { loadMujoco } from "../../src/envs/mujoco/adapter.js";
import { encodePng, crc32 } from "../../src/envs/render/png.js";
import { decodePng } from "../../src/envs/render/png-decode.js";
import { GeomType, type Scene } from "../../src/envs/render/scene.js";

beforeAll(async () => {
  await loadMujoco();
});

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

describe("video clips", () => {
  it("playback index: loop wraps, ping-pong reflects (hand-worked sequence)", () => {
    expect([0, 1, 2, 3, 4].map((k) => playbackIndex(2, k, 4, "loop"))).toEqual([2, 3, 0, 1, 2]);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((k) => playbackIndex(2, k, 4, "pingpong"))).toEqual([2, 3, 2, 1, 0, 1, 2, 3]);
  });

  it("procedural clips are deterministic, move over time, and every family renders", () => {
    for (const fam of VIDEO_FAMILIES) {
      const a = new Uint8Array(32 * 32 * 3), b = new Uint8Array(32 * 32 * 3), c = new Uint8Array(32 * 32 * 3);
      proceduralClip(fam, 7).render(10, 32, 32, a);
      proceduralClip(fam, 7).render(10, 32, 32, b);
      proceduralClip(fam, 7).render(40, 32, 32, c);
      expect(same(a, b)).toBe(true);
      expect(same(a, c)).toBe(false);
      expect(new Set(a).size).toBeGreaterThan(3); // not a flat image
    }
  });

  it("train and eval sources are disjoint", () => {
    const tr = proceduralVideoSource({ split: "train", clips: 6 });
    const ev = proceduralVideoSource({ split: "eval", clips: 6 });
    const names = new Set(tr.clips.map((c) => c.name));
    for (const c of ev.clips) expect(names.has(c.name)).toBe(false);
  });
});

/** Independent PNG writer using the four non-trivial filters (PNG spec §9.2), for decoder tests. */
function pngWithFilters(rgb: Uint8Array, W: number, H: number): Buffer {
  const stride = 3 * W;
  const raw: number[] = [];
  for (let y = 0; y < H; y++) {
    const f = (y % 4) + 1; // Sub, Up, Average, Paeth
    raw.push(f);
    for (let x = 0; x < stride; x++) {
      const cur = rgb[y * stride + x]!;
      const a = x >= 3 ? rgb[y * stride + x - 3]! : 0;
      const b = y > 0 ? rgb[(y - 1) * stride + x]! : 0;
      const c = x >= 3 && y > 0 ? rgb[(y - 1) * stride + x - 3]! : 0;
      let pred = 0;
      if (f === 1) pred = a;
      else if (f === 2) pred = b;
      else if (f === 3) pred = Math.floor((a + b) / 2);
      else {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      raw.push((cur - pred + 256) % 256);
    }
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(W, 0); ihdr.writeUInt32BE(H, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.from(raw))), chunk("IEND", Buffer.alloc(0))]);
}

describe("PNG decoding and the frame-folder loader", () => {
  it("decodes all five filter types back to the original pixels", () => {
    const rng = new Rng(1);
    const W = 5, H = 8;
    const rgb = new Uint8Array(W * H * 3).map(() => rng.int(256));
    expect(same(decodePng(pngWithFilters(rgb, W, H)).rgb, rgb)).toBe(true);
    expect(same(decodePng(encodePng(rgb, W, H)).rgb, rgb)).toBe(true);
    expect(() => decodePng(new Uint8Array([1, 2, 3]), "x.png")).toThrow(/x.png is not a PNG/);
  });

  it("loads <root>/<split>/<clip>/*.png frames written by the test and plays them as a background", () => {
    const root = mkdtempSync(join(tmpdir(), "frames-"));
    const colours: [number, number, number][] = [[255, 0, 255], [0, 255, 0], [255, 255, 0]];
    for (const [ci, clip] of ["clipA", "clipB"].entries()) {
      mkdirSync(join(root, "train", clip), { recursive: true });
      for (let f = 0; f < 3; f++) {
        const c = colours[(f + ci) % 3]!;
        const img = new Uint8Array(10 * 6 * 3);
        for (let p = 0; p < 60; p++) img.set(c, 3 * p);
        writeFileSync(join(root, "train", clip, `frame_${String(f).padStart(3, "0")}.png`), encodePng(img, 10, 6));
      }
    }
    const src = folderVideoSource(root, "train");
    expect(src.clips.map((c) => c.name)).toEqual(["train/clipA", "train/clipB"]);
    expect(src.clips[0]!.length).toBe(3);
    const out = new Uint8Array(4 * 4 * 3);
    src.clips[1]!.render(0, 4, 4, out); // clipB frame 0 = colours[1], resampled to 4×4
    expect(Array.from(out.subarray(0, 3))).toEqual([0, 255, 0]);
    expect(Array.from(out.subarray(45, 48))).toEqual([0, 255, 0]);
    expect(() => folderVideoSource(root, "eval")).toThrow(/does not exist/);
  });
});

/** Solid-colour one-frame clip. */
function solid(rgb: [number, number, number], n = 1): FramesClip {
  const frames = Array.from({ length: n }, (_, k) => {
    const img = new Uint8Array(2 * 2 * 3);
    for (let p = 0; p < 4; p++) img.set([rgb[0], rgb[1], (rgb[2] + k) % 256], 3 * p);
    return { rgb: img, width: 2, height: 2 };
  });
  return new FramesClip("solid", frames);
}

describe("background video distraction in the env", () => {
  it("dbc: every non-body pixel shows the video; body pixels are unchanged", () => {
    const opts = { observation: "pixels" as const, size: 48, frameStack: 1, layout: "hwc" as const };
    const clean = new ControlEnv("cheetah-run", opts);
    const video = new ControlEnv("cheetah-run", {
      ...opts, distractions: [new BackgroundVideo({ source: { name: "s", clips: [solid([255, 0, 255])] }, style: "dbc" })],
    });
    const a = clean.reset({ seed: 1 }).observation as Uint8Array;
    const b = video.reset({ seed: 1 }).observation as Uint8Array;
    let body = 0, bg = 0;
    for (let p = 0; p < 48 * 48; p++) {
      const isMagenta = b[3 * p] === 255 && b[3 * p + 1] === 0 && b[3 * p + 2] === 255;
      if (isMagenta) bg++;
      else {
        body++;
        expect([b[3 * p], b[3 * p + 1], b[3 * p + 2]]).toEqual([a[3 * p], a[3 * p + 1], a[3 * p + 2]]);
      }
    }
    expect(body).toBeGreaterThan(30);
    expect(bg).toBeGreaterThan(48 * 48 * 0.7);
    clean.close();
    video.close();
  });

  it("dcs with an opaque floor replaces only the sky; static shows one frame, dynamic advances", () => {
    const mk = (dynamic: boolean): ControlEnv => new ControlEnv("cheetah-run", {
      observation: "pixels", size: 32, frameStack: 1, layout: "hwc",
      distractions: [new BackgroundVideo({ source: { name: "s", clips: [solid([255, 0, 0], 50)] }, style: "dcs", floorAlpha: 1, dynamic })],
    });
    const st = mk(false);
    const o0 = st.reset({ seed: 2 }).observation as Uint8Array;
    expect([o0[0], o0[1]]).toEqual([255, 0]); // top-left pixel is sky → video
    const floorPx = 3 * (26 * 32 + 1); // row 26, column 1: floor about 2.8 m in front of the camera
    expect(o0[floorPx]).not.toBe(255);
    const o1 = st.step([0, 0, 0, 0, 0, 0]).observation as Uint8Array;
    expect(o1[2]).toBe(o0[2]);
    const dy = mk(true);
    const d0 = dy.reset({ seed: 2 }).observation as Uint8Array;
    const d1 = dy.step([0, 0, 0, 0, 0, 0]).observation as Uint8Array;
    expect(d1[2]).not.toBe(d0[2]); // blue channel encodes the frame index
    st.close();
    dy.close();
  });
});

function toyScene(): Scene {
  return {
    camera: { pos: [0, -3, 1], mat: new Float64Array([1, 0, 0, 0, 0, -1, 0, 1, 0]), fovy: 45 },
    geoms: [
      { type: GeomType.plane, size: [0, 0, 0], pos: [0, 0, 0], mat: new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]), rgb: [0.1, 0.2, 0.3], checker: [0.2, 0.3, 0.4] },
      { type: GeomType.sphere, size: [0.1, 0, 0], pos: [0, 0, 1], mat: new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]), rgb: [0.7, 0.5, 0.3] },
      { type: GeomType.sphere, size: [0.1, 0, 0], pos: [0.5, 0, 1], mat: new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]), rgb: [0.7, 0.5, 0.3] },
    ],
    segments: [],
    segmentRgb: [0, 0, 0],
  };
}

describe("colour and camera distractions (DCS style)", () => {
  it("colour: shifts within ±scale, geoms of one colour move together, scale 0 is a no-op", () => {
    const cj = new ColorJitter(0.3, false);
    const scene = toyScene();
    cj.reset(new Rng(4), scene);
    cj.apply(scene, 0);
    const g1 = scene.geoms[1]!.rgb, g2 = scene.geoms[2]!.rgb;
    expect(g1).toEqual(g2);
    const base = [0.7, 0.5, 0.3];
    for (let c = 0; c < 3; c++) {
      expect(Math.abs(g1[c]! - base[c]!)).toBeLessThanOrEqual(0.3 + 1e-12);
      expect(g1[c]!).toBeGreaterThanOrEqual(0);
      expect(g1[c]!).toBeLessThanOrEqual(1);
    }
    expect(g1).not.toEqual(base);
    const zero = new ColorJitter(0, true);
    const s2 = toyScene();
    zero.reset(new Rng(4), s2);
    zero.apply(s2, 3);
    expect(s2.geoms[1]!.rgb).toEqual([0.7, 0.5, 0.3]);
  });

  it("camera: orbits the look-at point (distance × zoom kept), upper quadrant, dynamic stays in range", () => {
    const cam = new CameraJitter(0.3, true, true);
    cam.reset(new Rng(9), toyScene());
    const a = (Math.PI / 2) * 0.3;
    for (let f = 0; f < 200; f++) {
      const scene = toyScene();
      cam.apply(scene, f);
      const st = cam.state;
      expect(Math.abs(st.horizontal)).toBeLessThanOrEqual(a + 1e-12);
      expect(st.vertical).toBeGreaterThanOrEqual(0);
      expect(st.vertical).toBeLessThanOrEqual(a + 1e-12);
      expect(st.zoom).toBeGreaterThanOrEqual(1 - 0.15);
      expect(st.zoom).toBeLessThanOrEqual(1 + 0.45);
      // Look-at point: centroid (0.25, 0, 1) projected on the original view axis → (0, 0, 1), distance 3.
      const p = scene.camera.pos;
      expect(Math.hypot(p[0], p[1], p[2] - 1)).toBeCloseTo(3 * st.zoom, 9);
      // The camera's height above the pivot is 3·zoom·sin(vertical) (orbit upwards).
      expect(p[2] - 1).toBeCloseTo(3 * st.zoom * Math.sin(st.vertical), 9);
      // Still looking at the pivot: back axis ∥ (pos − pivot).
      const m = scene.camera.mat;
      const b = [m[2]!, m[5]!, m[8]!];
      const d = Math.hypot(p[0], p[1], p[2] - 1);
      expect(b[0]! * p[0] / d + b[1]! * p[1] / d + b[2]! * (p[2] - 1) / d).toBeCloseTo(1, 9);
    }
  });

  it("same seed → identical distracted pixel sequences; train and eval backgrounds differ", async () => {
    const run = async (split: "train" | "eval"): Promise<Uint8Array[]> => {
      const env = await makeEnv("walker-walk", {
        observation: "pixels", size: 32, seed: 3,
        distract: { background: "dcs", camera: true, color: true, difficulty: "medium", dynamic: true, split },
      });
      const rng = new Rng(0);
      const out = [env.reset({ seed: 3 }).observation as Uint8Array];
      for (let t = 0; t < 4; t++) out.push(env.step(Array.from({ length: 6 }, () => rng.uniformIn(-1, 1))).observation as Uint8Array);
      env.close();
      return out;
    };
    const a = await run("train"), b = await run("train"), c = await run("eval");
    for (let t = 0; t < a.length; t++) expect(same(a[t]!, b[t]!)).toBe(true);
    expect(same(a[0]!, c[0]!)).toBe(false);
  });

  it("presets reject bad difficulties", () => {
    expect(() => makeDistractions("cheetah", { color: true, difficulty: "extreme" as never })).toThrow(/difficulty/);
    expect(makeDistractions("reacher", { camera: true, color: true, background: "dcs" }).map((d) => d.name))
      .toEqual(["background", "camera", "color"]);
  });
});
