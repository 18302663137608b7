/**
 * Winograd F(2×2, 3×3) kernels (Conv2D, FusedConv2D, Conv2DBackpropInput's stride-1 path) vs
 * the tfjs cpu backend, with the size rule lowered so small shapes take the Winograd route;
 * stride 2, odd channel counts and other activations must fall back to the stock kernels; the
 * kernel generations switch; the embedded wasm matches the .wat sources.
 */
import * as tf from "@tensorflow/tfjs";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { randn, relErr } from "./compare.js";
import { initBackend } from "../../src/backend/select.js";
import { projectKernelsActive, kernelGeneration, setKernelGeneration } from "../../src/backend/wasm-kernels/register.js";
import { winogradPolicy, winogradRouteCounts } from "../../src/backend/wasm-kernels/conv2d-winograd.js";
import { wasmThreads } from "../../src/backend/wasm-kernels/winograd.js";

const TOL = 1e-4;
type Pad = "valid" | "same" | [[0, 0], [number, number], [number, number], [0, 0]];


function both(f: () => tf.Tensor): { wasm: Float32Array; cpu: Float32Array } {
  const run = (b: string): Float32Array => {
    tf.setBackend(b);
    const t = tf.tidy(f);
    const d = Float32Array.from(t.dataSync() as Float32Array);
    t.dispose();
    return d;
  };
  const wasm = run("wasm");
  const cpu = run("cpu");
  tf.setBackend("wasm");
  return { wasm, cpu };
}

interface Case { b: number; h: number; w: number; cin: number; cout: number; s: number; pad: Pad }
const name = (c: Case): string => `b${c.b} ${c.h}x${c.w}x${c.cin}->${c.cout} s${c.s} pad ${JSON.stringify(c.pad)}`;

/** Winograd-eligible shapes (channels multiples of 4): valid/same/explicit, odd and even sizes, batch 1. */
const WINO: Case[] = [
  { b: 1, h: 4, w: 4, cin: 4, cout: 4, s: 1, pad: "valid" },
  { b: 1, h: 7, w: 9, cin: 8, cout: 4, s: 1, pad: "valid" },
  { b: 3, h: 8, w: 8, cin: 4, cout: 12, s: 1, pad: "same" },
  { b: 2, h: 9, w: 6, cin: 16, cout: 8, s: 1, pad: "same" },
  { b: 2, h: 11, w: 10, cin: 12, cout: 16, s: 1, pad: [[0, 0], [2, 0], [1, 2], [0, 0]] },
  { b: 5, h: 15, w: 15, cin: 16, cout: 16, s: 1, pad: "valid" },
  { b: 4, h: 31, w: 31, cin: 32, cout: 32, s: 1, pad: "valid" },
];
/** Shapes that must take the stock route: stride 2, channels not multiples of 4, 2×1 outputs. */
const STOCK: Case[] = [
  { b: 2, h: 9, w: 9, cin: 8, cout: 8, s: 2, pad: "valid" },
  { b: 2, h: 8, w: 8, cin: 9, cout: 16, s: 1, pad: "valid" },
  { b: 2, h: 8, w: 8, cin: 8, cout: 6, s: 1, pad: "same" },
  { b: 1, h: 4, w: 3, cin: 4, cout: 4, s: 1, pad: "valid" },
];

function outSize(n: number, s: number, pad: Pad, axis: 1 | 2): number {
  if (pad === "same") return Math.ceil(n / s);
  const [lo, hi] = pad === "valid" ? [0, 0] : pad[axis];
  return Math.floor((n + lo + hi - 3) / s) + 1;
}

let savedMin = 0;
let savedThreads = 1;
beforeAll(async () => {
  const info = await initBackend({ prefer: "wasm", quiet: true });
  expect(info.name).toBe("wasm");
  expect(projectKernelsActive()).toBe(true);
  expect(kernelGeneration()).toBe("current");
});
beforeEach(() => {
  savedMin = winogradPolicy.minMacs;
  savedThreads = winogradPolicy.maxThreads;
  winogradPolicy.minMacs = 0; // every eligible shape takes the Winograd route
  winogradPolicy.maxThreads = 64; // at any thread count
});
afterEach(() => {
  winogradPolicy.minMacs = savedMin;
  winogradPolicy.maxThreads = savedThreads;
});

function routeOf(f: () => void): { winograd: number; stock: number } {
  const w0 = winogradRouteCounts.winograd;
  const s0 = winogradRouteCounts.stock;
  f();
  return { winograd: winogradRouteCounts.winograd - w0, stock: winogradRouteCounts.stock - s0 };
}

describe("Winograd Conv2D and FusedConv2D vs cpu", () => {
  const rng = new Rng(4242);
  it.each([...WINO, ...STOCK].map((c) => [name(c), c] as const))("%s", (_n, c) => {
    const eligible = WINO.includes(c);
    const xv = randn(rng, c.b * c.h * c.w * c.cin);
    const wv = randn(rng, 9 * c.cin * c.cout);
    const bv = randn(rng, c.cout);
    const x = (): tf.Tensor4D => tf.tensor4d(xv, [c.b, c.h, c.w, c.cin]);
    const w = (): tf.Tensor4D => tf.tensor4d(wv, [3, 3, c.cin, c.cout]);
    let r = { wasm: new Float32Array(), cpu: new Float32Array() };
    const routes = routeOf(() => {
      r = both(() => tf.conv2d(x(), w(), c.s, c.pad));
    });
    expect(relErr(r.wasm, r.cpu)).toBeLessThanOrEqual(TOL);
    expect(routes).toEqual(eligible ? { winograd: 1, stock: 0 } : { winograd: 0, stock: 1 });
    for (const activation of ["relu", "linear"] as const) {
      for (const withBias of [true, false]) {
        const f = both(() => tf.fused.conv2d({ x: x(), filter: w(), strides: c.s, pad: c.pad, bias: withBias ? tf.tensor1d(bv) : undefined, activation }));
        expect(relErr(f.wasm, f.cpu)).toBeLessThanOrEqual(TOL);
      }
    }
    // an activation the output transform does not do goes to the stock kernel
    const e = routeOf(() => {
      const f = both(() => tf.fused.conv2d({ x: x(), filter: w(), strides: c.s, pad: c.pad, bias: tf.tensor1d(bv), activation: "elu" }));
      expect(relErr(f.wasm, f.cpu)).toBeLessThanOrEqual(TOL);
    });
    expect(e).toEqual({ winograd: 0, stock: 1 });
  });
});

describe("Conv2DBackpropInput's Winograd path vs cpu", () => {
  const rng = new Rng(4343);
  it.each(WINO.map((c) => [name(c), c] as const))("%s", (_n, c) => {
    const ho = outSize(c.h, c.s, c.pad, 1);
    const wo = outSize(c.w, c.s, c.pad, 2);
    const wv = randn(rng, 9 * c.cin * c.cout);
    const dyv = randn(rng, c.b * ho * wo * c.cout);
    let r = { wasm: new Float32Array(), cpu: new Float32Array() };
    const routes = routeOf(() => {
      r = both(() => tf.engine().runKernel(
        "Conv2DBackpropInput",
        { dy: tf.tensor4d(dyv, [c.b, ho, wo, c.cout]), filter: tf.tensor4d(wv, [3, 3, c.cin, c.cout]) },
        { strides: [1, 1], pad: c.pad, dataFormat: "NHWC", inputShape: [c.b, c.h, c.w, c.cin] },
      ) as tf.Tensor);
    });
    expect(relErr(r.wasm, r.cpu)).toBeLessThanOrEqual(TOL);
    // (explicit padding larger than k − 1 − pad on the far side would not apply; these all do)
    expect(routes.winograd).toBe(1);
  });
});

describe("gradients through a fused conv encoder (Winograd forward and input grad) vs cpu", () => {
  it("tf.grads of conv(s2) → fused conv+bias+ReLU ×2 (valid, same)", () => {
    const rng = new Rng(77);
    const xv = randn(rng, 2 * 17 * 17 * 8);
    const w1 = randn(rng, 9 * 8 * 16);
    const w2 = randn(rng, 9 * 16 * 16);
    const w3 = randn(rng, 9 * 16 * 8);
    const b2 = randn(rng, 16);
    const b3 = randn(rng, 8);
    for (let which = 0; which < 5; which++) {
      const r = both(() => {
        const params = [tf.tensor4d(w1, [3, 3, 8, 16]), tf.tensor4d(w2, [3, 3, 16, 16]), tf.tensor1d(b2), tf.tensor4d(w3, [3, 3, 16, 8]), tf.tensor1d(b3)];
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor, e: tf.Tensor) => {
          let h = tf.relu(tf.conv2d(tf.tensor4d(xv, [2, 17, 17, 8]), a as tf.Tensor4D, 2, "valid"));
          h = tf.fused.conv2d({ x: h, filter: b as tf.Tensor4D, strides: 1, pad: "valid", bias: c, activation: "relu" });
          h = tf.fused.conv2d({ x: h, filter: d as tf.Tensor4D, strides: 1, pad: "same", bias: e, activation: "relu" });
          return tf.sum(tf.square(h));
        })(params);
        return g[which]!;
      });
      expect(relErr(r.wasm, r.cpu)).toBeLessThanOrEqual(TOL);
    }
  });
});

describe("size rule and kernel generations", () => {
  it("with the default size rule small convs stay stock and the reference layer takes Winograd", () => {
    winogradPolicy.minMacs = savedMin;
    const small = routeOf(() => tf.tidy(() => tf.conv2d(tf.ones([32, 15, 15, 16]) as tf.Tensor4D, tf.ones([3, 3, 16, 16]) as tf.Tensor4D, 1, "valid").dataSync()));
    expect(small).toEqual({ winograd: 0, stock: 1 });
    const big = routeOf(() => tf.tidy(() => tf.conv2d(tf.ones([64, 31, 31, 32]) as tf.Tensor4D, tf.ones([3, 3, 32, 32]) as tf.Tensor4D, 1, "valid").dataSync()));
    expect(big).toEqual({ winograd: 1, stock: 0 });
    // and only up to maxThreads threads (the pool here has wasmThreads() of them)
    winogradPolicy.maxThreads = wasmThreads() - 1;
    const pooled = routeOf(() => tf.tidy(() => tf.conv2d(tf.ones([64, 31, 31, 32]) as tf.Tensor4D, tf.ones([3, 3, 32, 32]) as tf.Tensor4D, 1, "valid").dataSync()));
    expect(pooled).toEqual({ winograd: 0, stock: 1 });
  });

  it('"previous" registers the stock Conv2D/FusedConv2D and no Winograd anywhere; "current" restores it', () => {
    const c = { b: 2, h: 9, w: 9, cin: 8, cout: 8 };
    const rng = new Rng(5);
    const xv = randn(rng, c.b * c.h * c.w * c.cin);
    const wv = randn(rng, 9 * c.cin * c.cout);
    const grad = (): Float32Array => tf.tidy(() => Float32Array.from(tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, tf.tensor4d(wv, [3, 3, 8, 8]), 1, "same"))))(tf.tensor4d(xv, [c.b, c.h, c.w, c.cin])).dataSync() as Float32Array));
    setKernelGeneration("previous");
    let prev = new Float32Array();
    try {
      expect(kernelGeneration()).toBe("previous");
      expect(projectKernelsActive()).toBe(true);
      const r = routeOf(() => { prev = grad(); });
      expect(r).toEqual({ winograd: 0, stock: 0 }); // the project Conv2D is not even registered
    } finally {
      setKernelGeneration("current");
    }
    expect(kernelGeneration()).toBe("current");
    let cur = new Float32Array();
    const r = routeOf(() => { cur = grad(); });
    expect(r.winograd).toBe(2); // forward conv and its input gradient
    expect(relErr(cur, prev)).toBeLessThanOrEqual(TOL);
  });
});

describe("embedded wasm", () => {
  it("wasm-modules.generated.ts is what scripts/build-wasm-modules.js assembles from the .wat files", async () => {
    const fs = await import("node:fs");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { assemble, outFile } = require("../../scripts/build-wasm-modules.js") as { assemble(): Promise<string>; outFile: string };
    expect(fs.readFileSync(outFile, "utf8")).toBe(await assemble());
  });
});
