/**
 * `shapes10`: a procedural 32×32 RGB classification set, the offline stand-in for CIFAR-10
 * (research F.6). Ten classes of shapes and textures — disk, ring, square, hollow square,
 * triangle, cross, horizontal bars, vertical bars, diagonal stripes, checker — each drawn with
 * a random foreground colour, position, scale and rotation over a random two-colour textured
 * background, with a random-colour distractor blob, contrast jitter and Gaussian pixel noise.
 * The class signal is in the shape, not the colour, so a small CNN must learn spatial filters;
 * noise and distractors keep its accuracy well below 100 %. Deterministic from the seed.
 */
import { ReproError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import type { ImageDataset, TrainTest } from "./types.js";

export const SHAPES10_CLASSES = [
  "disk", "ring", "square", "hollow-square", "triangle", "cross", "h-bars", "v-bars", "diagonal-stripes", "checker",
] as const;

export interface Shapes10Options {
  count: number;
  seed: number;
  /** Image side (default 32). */
  size?: number;
  /** Pixel noise std in [0, 1] units (default 0.12). */
  noise?: number;
}

/** Coverage in [0, 1] of class `cls` at local coords (x, y) ∈ [−1, 1]² (already rotated/scaled). */
function shapeValue(cls: number, x: number, y: number, freq: number): number {
  const r = Math.hypot(x, y);
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const soft = (d: number) => Math.max(0, Math.min(1, 0.5 - d * 6)); // d < 0 inside
  switch (cls) {
    case 0: return soft(r - 0.8);
    case 1: return soft(Math.abs(r - 0.65) - 0.18);
    case 2: return soft(Math.max(ax, ay) - 0.7);
    case 3: return soft(Math.abs(Math.max(ax, ay) - 0.6) - 0.15);
    case 4: return soft(Math.max(y - 0.6, -0.75 - y, ax - (y + 0.75) * 0.6));
    case 5: return soft(Math.min(Math.max(ax - 0.22, ay - 0.8), Math.max(ay - 0.22, ax - 0.8)));
    case 6: return Math.max(ax, ay) < 0.85 ? (Math.sin(y * freq) > 0 ? 1 : 0) : 0;
    case 7: return Math.max(ax, ay) < 0.85 ? (Math.sin(x * freq) > 0 ? 1 : 0) : 0;
    case 8: return Math.max(ax, ay) < 0.85 ? (Math.sin((x + y) * freq * 0.75) > 0 ? 1 : 0) : 0;
    case 9: return Math.max(ax, ay) < 0.85 ? (Math.sin(x * freq * 0.8) * Math.sin(y * freq * 0.8) > 0 ? 1 : 0) : 0;
    default: throw new ReproError(`shapes10 has classes 0..9, got ${cls}`);
  }
}

/** Generate `count` shapes10 images; labels are balanced (each block of 10 images is a shuffled 0..9). */
export function shapes10(opts: Shapes10Options): ImageDataset {
  const size = opts.size ?? 32;
  const noise = opts.noise ?? 0.12;
  if (!Number.isInteger(opts.count) || opts.count < 1) throw new ReproError(`shapes10 count must be a positive integer, got ${opts.count}`);
  const rng = new Rng(opts.seed);
  const n = opts.count;
  const images = new Uint8Array(n * size * size * 3);
  const labels = new Uint8Array(n);
  const px = new Float64Array(3);
  let block: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 10 === 0) block = rng.shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const cls = block[i % 10]!;
    labels[i] = cls;
    const fg = [rng.uniform(), rng.uniform(), rng.uniform()];
    const bg1 = [rng.uniform(), rng.uniform(), rng.uniform()];
    const bg2 = bg1.map((c) => Math.min(1, Math.max(0, c + rng.normal(0, 0.25))));
    // Keep the shape visible: push fg away from the background mean brightness.
    const bgMean = (bg1[0]! + bg1[1]! + bg1[2]!) / 3;
    const shift = (bgMean > 0.5 ? -1 : 1) * rng.uniformIn(0.15, 0.45);
    for (let c = 0; c < 3; c++) fg[c] = Math.min(1, Math.max(0, fg[c]! + shift));
    const scale = rng.uniformIn(0.45, 0.8) * (size / 2);
    const cx = size / 2 + rng.uniformIn(-0.18, 0.18) * size;
    const cy = size / 2 + rng.uniformIn(-0.18, 0.18) * size;
    const theta = rng.uniformIn(-Math.PI / 8, Math.PI / 8);
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const freq = rng.uniformIn(9, 14);
    const texF = rng.uniformIn(0.2, 0.9);
    const texP = rng.uniformIn(0, 2 * Math.PI);
    const texA = rng.uniformIn(0, Math.PI);
    const blob = { x: rng.uniformIn(0, size), y: rng.uniformIn(0, size), r: rng.uniformIn(2, 5), col: [rng.uniform(), rng.uniform(), rng.uniform()] };
    const contrast = rng.uniformIn(0.6, 1);
    const base = i * size * size * 3;
    for (let yy = 0; yy < size; yy++) {
      for (let xx = 0; xx < size; xx++) {
        const dx = (xx + 0.5 - cx) / scale;
        const dy = (yy + 0.5 - cy) / scale;
        const lx = cos * dx + sin * dy;
        const ly = -sin * dx + cos * dy;
        const cover = shapeValue(cls, lx, ly, freq) * contrast;
        const t = 0.5 + 0.5 * Math.sin(texF * (Math.cos(texA) * xx + Math.sin(texA) * yy) + texP);
        const inBlob = Math.hypot(xx - blob.x, yy - blob.y) < blob.r ? 1 : 0;
        for (let c = 0; c < 3; c++) {
          let v = bg1[c]! * t + bg2[c]! * (1 - t);
          v = inBlob ? blob.col[c]! : v;
          v = v * (1 - cover) + fg[c]! * cover;
          px[c] = v + rng.normal(0, noise);
        }
        const o = base + (yy * size + xx) * 3;
        for (let c = 0; c < 3; c++) images[o + c] = Math.max(0, Math.min(255, Math.round(px[c]! * 255)));
      }
    }
  }
  return { name: "shapes10 (procedural substitute for CIFAR-10)", images, labels, count: n, height: size, width: size, channels: 3, classes: 10, classNames: SHAPES10_CLASSES, substitute: true };
}

/** Train and test splits from independent child streams of one seed. */
export function shapes10Split(trainCount: number, testCount: number, seed: number, opts: { size?: number; noise?: number } = {}): TrainTest {
  const root = new Rng(seed);
  return {
    train: shapes10({ count: trainCount, seed: root.fork("shapes10-train").seed, ...opts }),
    test: shapes10({ count: testCount, seed: root.fork("shapes10-test").seed, ...opts }),
  };
}
