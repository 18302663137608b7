/**
 * Project wasm kernels vs the tfjs cpu backend (an independent implementation of the same
 * ops): Conv2DBackpropFilter, Conv2DBackpropInput, BatchMatMul (all transpose combinations,
 * batched and broadcast), and tf.grads of a small conv net. Shapes are drawn from a seeded Rng.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { randn, relErr } from "./compare.js";
import { initBackend } from "../../src/backend/select.js";
import { projectKernelsActive } from "../../src/backend/wasm-kernels/register.js";
import { matMulPath, matMulRouteCounts } from "../../src/backend/wasm-kernels/batch-mat-mul.js";
import { filterChunk } from "../../src/backend/wasm-kernels/conv2d-backprop-filter.js";

type Pad = "valid" | "same" | [[0, 0], [number, number], [number, number], [0, 0]];

const TOL = 1e-4;


/** Run `f` on the given backend and return the flat result. */
function runOn(backend: "wasm" | "cpu", f: () => tf.Tensor): Float32Array {
  tf.setBackend(backend);
  const t = tf.tidy(f);
  const data = t.dataSync() as Float32Array;
  t.dispose();
  return Float32Array.from(data);
}

function both(f: () => tf.Tensor): { wasm: Float32Array; cpu: Float32Array } {
  const wasm = runOn("wasm", f);
  const cpu = runOn("cpu", f);
  tf.setBackend("wasm");
  return { wasm, cpu };
}

function outSize(inSize: number, k: number, s: number, pad: Pad, axis: 1 | 2): number {
  if (pad === "same") return Math.ceil(inSize / s);
  const [lo, hi] = pad === "valid" ? [0, 0] : pad[axis];
  return Math.floor((inSize + lo + hi - k) / s) + 1;
}

interface ConvCase {
  b: number;
  h: number;
  w: number;
  cin: number;
  cout: number;
  k: number;
  s: number;
  pad: Pad;
}

function describeCase(c: ConvCase): string {
  return `b${c.b} ${c.h}x${c.w}x${c.cin}->${c.cout} k${c.k} s${c.s} pad ${JSON.stringify(c.pad)}`;
}

function randomCases(rng: Rng, n: number): ConvCase[] {
  const cases: ConvCase[] = [];
  while (cases.length < n) {
    const k = [1, 3, 3, 3, 4, 5][rng.int(6)]!;
    const s = 1 + rng.int(2);
    const padKind = rng.int(3);
    const pad: Pad =
      padKind === 0
        ? "valid"
        : padKind === 1
          ? "same"
          : [
              [0, 0],
              [rng.int(k), rng.int(k)],
              [rng.int(k), rng.int(k)],
              [0, 0],
            ];
    const c: ConvCase = {
      b: 1 + rng.int(5),
      h: k + rng.int(12),
      w: k + rng.int(12),
      cin: 1 + rng.int(12),
      cout: 1 + rng.int(12),
      k,
      s,
      pad,
    };
    if (outSize(c.h, k, s, pad, 1) < 1 || outSize(c.w, k, s, pad, 2) < 1) continue;
    cases.push(c);
  }
  return cases;
}

/** Larger / edge cases, fixed: batch 64, 64 channels, even and odd sizes, k 8. */
const FIXED: ConvCase[] = [
  { b: 64, h: 9, w: 9, cin: 8, cout: 16, k: 3, s: 2, pad: "valid" },
  { b: 2, h: 11, w: 10, cin: 64, cout: 64, k: 3, s: 1, pad: "same" },
  { b: 3, h: 16, w: 16, cin: 4, cout: 8, k: 8, s: 2, pad: "same" },
  { b: 2, h: 12, w: 13, cin: 3, cout: 5, k: 4, s: 2, pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { b: 8, h: 20, w: 20, cin: 9, cout: 32, k: 3, s: 2, pad: "valid" },
  { b: 4, h: 15, w: 15, cin: 32, cout: 32, k: 3, s: 1, pad: "valid" },
  { b: 1, h: 1, w: 1, cin: 1, cout: 1, k: 1, s: 1, pad: "valid" },
];

beforeAll(async () => {
  const info = await initBackend({ prefer: "wasm", quiet: true });
  expect(info.name).toBe("wasm");
  expect(projectKernelsActive()).toBe(true);
});

/** Relative error of the wasm Conv2DBackpropFilter against the cpu backend on random data. */
function filterGradError(rng: Rng, c: ConvCase): number {
  const ho = outSize(c.h, c.k, c.s, c.pad, 1);
  const wo = outSize(c.w, c.k, c.s, c.pad, 2);
  const xv = randn(rng, c.b * c.h * c.w * c.cin);
  const dyv = randn(rng, c.b * ho * wo * c.cout);
  const { wasm, cpu } = both(() =>
    tf.engine().runKernel(
      "Conv2DBackpropFilter",
      { x: tf.tensor4d(xv, [c.b, c.h, c.w, c.cin]), dy: tf.tensor4d(dyv, [c.b, ho, wo, c.cout]) },
      { strides: [c.s, c.s], pad: c.pad, dataFormat: "NHWC", filterShape: [c.k, c.k, c.cin, c.cout] },
    ) as tf.Tensor,
  );
  return relErr(wasm, cpu);
}

describe("Conv2DBackpropFilter (wasm project kernel vs cpu)", () => {
  const rng = new Rng(20240601);
  const cases = [...randomCases(rng, 40), ...FIXED];
  it.each(cases.map((c) => [describeCase(c), c] as const))("%s", (_name, c) => {
    expect(filterGradError(rng, c)).toBeLessThanOrEqual(TOL);
  });
});

describe("Conv2DBackpropFilter summed over chunks of images (one image per GEMM chunk)", () => {
  // Small chunks force the multi-chunk path (whose overruns must land on zero rows of dy)
  // on every case above, including batch > 1 with stride 2 and explicit padding.
  const rng = new Rng(20240602);
  const cases = [...randomCases(rng, 20), ...FIXED].filter((c) => c.b > 1);
  it.each(cases.map((c) => [describeCase(c), c] as const))("%s", (_name, c) => {
    const saved = filterChunk.positions;
    filterChunk.positions = 1;
    try {
      expect(filterGradError(rng, c)).toBeLessThanOrEqual(TOL);
    } finally {
      filterChunk.positions = saved;
    }
  });
});

describe("Conv2DBackpropInput (wasm project kernel vs cpu)", () => {
  const rng = new Rng(777);
  const cases = [...randomCases(rng, 40), ...FIXED];
  it.each(cases.map((c) => [describeCase(c), c] as const))("%s", (_name, c) => {
    const ho = outSize(c.h, c.k, c.s, c.pad, 1);
    const wo = outSize(c.w, c.k, c.s, c.pad, 2);
    const wv = randn(rng, c.k * c.k * c.cin * c.cout);
    const dyv = randn(rng, c.b * ho * wo * c.cout);
    const { wasm, cpu } = both(() =>
      tf.engine().runKernel(
        "Conv2DBackpropInput",
        { dy: tf.tensor4d(dyv, [c.b, ho, wo, c.cout]), filter: tf.tensor4d(wv, [c.k, c.k, c.cin, c.cout]) },
        { strides: [c.s, c.s], pad: c.pad, dataFormat: "NHWC", inputShape: [c.b, c.h, c.w, c.cin] },
      ) as tf.Tensor,
    );
    expect(relErr(wasm, cpu)).toBeLessThanOrEqual(TOL);
  });

  it("reference encoder layer shape (64x29x29x32 -> 27x27, k3 s1 valid)", () => {
    const r = new Rng(5);
    const wv = randn(r, 3 * 3 * 32 * 32);
    const dyv = randn(r, 64 * 27 * 27 * 32);
    const { wasm, cpu } = both(() =>
      tf.engine().runKernel(
        "Conv2DBackpropInput",
        { dy: tf.tensor4d(dyv, [64, 27, 27, 32]), filter: tf.tensor4d(wv, [3, 3, 32, 32]) },
        { strides: [1, 1], pad: "valid", dataFormat: "NHWC", inputShape: [64, 29, 29, 32] },
      ) as tf.Tensor,
    );
    expect(relErr(wasm, cpu)).toBeLessThanOrEqual(TOL);
  });
});

describe("BatchMatMul (wasm project kernel vs cpu)", () => {
  const rng = new Rng(99);
  const combos: Array<[boolean, boolean]> = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ];
  const shapes: Array<{ outerA: number[]; outerB: number[]; m: number; k: number; n: number }> = [
    { outerA: [], outerB: [], m: 64, k: 300, n: 50 }, // dense-layer size: fast path
    { outerA: [], outerB: [], m: 3, k: 5, n: 4 }, // tiny: stock loop
    { outerA: [], outerB: [], m: 1, k: 2000, n: 33 },
    { outerA: [], outerB: [], m: 8, k: 40, n: 600 }, // small M, wide N: computed transposed
    { outerA: [3], outerB: [3], m: 4, k: 30, n: 500 },
    { outerA: [4], outerB: [4], m: 33, k: 70, n: 29 }, // batched
    { outerA: [2, 3], outerB: [3], m: 40, k: 50, n: 30 }, // broadcast batch dims
    { outerA: [1], outerB: [5], m: 40, k: 64, n: 20 },
    { outerA: [6], outerB: [6], m: 2, k: 3, n: 2 }, // batched tiny
    { outerA: [3], outerB: [1], m: 2, k: 3, n: 2 }, // broadcast tiny (stock + expand)
  ];
  for (const sh of shapes) {
    for (const [ta, tb] of combos) {
      it(`[${sh.outerA}]x[${sh.outerB}] m${sh.m} k${sh.k} n${sh.n} tA=${ta} tB=${tb}`, () => {
        const aShape = [...sh.outerA, ...(ta ? [sh.k, sh.m] : [sh.m, sh.k])];
        const bShape = [...sh.outerB, ...(tb ? [sh.n, sh.k] : [sh.k, sh.n])];
        const av = randn(rng, aShape.reduce((p, d) => p * d, 1));
        const bv = randn(rng, bShape.reduce((p, d) => p * d, 1));
        const f = (): tf.Tensor => tf.matMul(tf.tensor(av, aShape), tf.tensor(bv, bShape), ta, tb);
        const { wasm, cpu } = both(f);
        expect(relErr(wasm, cpu)).toBeLessThanOrEqual(TOL);
        // The forced fast path must agree too (covers small shapes on the XNNPACK route).
        matMulPath.mode = "fast";
        try {
          expect(relErr(runOn("wasm", f), cpu)).toBeLessThanOrEqual(TOL);
        } finally {
          matMulPath.mode = "auto";
        }
      });
    }
  }
});

describe("BatchMatMul routes", () => {
  it("the suite above exercised the stock loop, the direct and the transposed (outᵀ = Bᵀ·Aᵀ) routes", () => {
    expect(matMulRouteCounts.stock).toBeGreaterThan(0);
    expect(matMulRouteCounts.direct).toBeGreaterThan(0);
    expect(matMulRouteCounts.swapped).toBeGreaterThan(0);
  });
});

/** Small version of the reference pixel encoder: conv s2 + conv s1 (+bias, relu), dense. */
function encoderLoss(params: tf.Tensor[], obs: tf.Tensor4D, target: tf.Tensor2D, pad: "valid" | "same"): tf.Scalar {
  const [w1, b1, w2, b2, w3, b3, wd, bd] = params as [
    tf.Tensor4D, tf.Tensor1D, tf.Tensor4D, tf.Tensor1D, tf.Tensor4D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D,
  ];
  let h = tf.relu(tf.add(tf.conv2d(obs, w1, 2, pad), b1)) as tf.Tensor4D;
  h = tf.relu(tf.add(tf.conv2d(h, w2, 1, pad), b2)) as tf.Tensor4D;
  h = tf.relu(tf.add(tf.conv2d(h, w3, 1, pad), b3)) as tf.Tensor4D;
  const flat = tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
  const z = tf.add(tf.matMul(flat, wd), bd);
  return tf.mean(tf.square(tf.sub(z, target)));
}

describe("end-to-end tf.grads of a small conv encoder (wasm vs cpu)", () => {
  for (const pad of ["valid", "same"] as const) {
    it(`gradients w.r.t. all parameters agree (${pad})`, () => {
      const rng = new Rng(pad === "valid" ? 11 : 12);
      const B = 4;
      const side = 21;
      const c = 8;
      const o1 = pad === "valid" ? Math.floor((side - 3) / 2) + 1 : Math.ceil(side / 2);
      const o3 = pad === "valid" ? o1 - 4 : o1;
      const shapes: number[][] = [[3, 3, 9, c], [c], [3, 3, c, c], [c], [3, 3, c, c], [c], [o3 * o3 * c, 10], [10]];
      const values = shapes.map((s) => {
        const v = randn(rng, s.reduce((p, d) => p * d, 1));
        for (let i = 0; i < v.length; i++) v[i]! *= 0.3;
        return v;
      });
      const obsV = randn(rng, B * side * side * 9);
      const tgtV = randn(rng, B * 10);
      const run = (backend: "wasm" | "cpu"): Float32Array[] => {
        tf.setBackend(backend);
        return tf.tidy(() => {
          const params = values.map((v, i) => tf.tensor(v, shapes[i]));
          const obs = tf.tensor4d(obsV, [B, side, side, 9]);
          const tgt = tf.tensor2d(tgtV, [B, 10]);
          const grads = tf.grads((...ps: tf.Tensor[]) => encoderLoss(ps, obs, tgt, pad))(params);
          return grads.map((g) => Float32Array.from(g.dataSync() as Float32Array));
        });
      };
      const gw = run("wasm");
      const gc = run("cpu");
      tf.setBackend("wasm");
      expect(gw.length).toBe(8);
      gw.forEach((g, i) => expect(relErr(g, gc[i]!), `param ${i}`).toBeLessThanOrEqual(TOL));
    });
  }
});

describe("project kernels do not leak", () => {
  it("engine tensors and wasm data ids are stable across repeated calls", () => {
    tf.setBackend("wasm");
    const rng = new Rng(3);
    const x = tf.tensor4d(randn(rng, 2 * 9 * 9 * 5), [2, 9, 9, 5]);
    const w = tf.tensor4d(randn(rng, 3 * 3 * 5 * 6), [3, 3, 5, 6]);
    const a = tf.tensor3d(randn(rng, 3 * 40 * 50), [3, 40, 50]);
    const step = (): void => {
      tf.tidy(() => {
        const g = tf.grads((xx: tf.Tensor, ww: tf.Tensor) =>
          tf.sum(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 2, "same")),
        )([x, w]);
        const m = tf.matMul(a, a, true, false);
        const m2 = tf.matMul(a, a, false, true);
        return [...g, m, m2].map((t) => t.sum());
      }).forEach((t) => t.dispose());
    };
    step();
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const tensors0 = tf.memory().numTensors;
    const ids0 = backend.numDataIds();
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(tensors0);
    expect(backend.numDataIds()).toBe(ids0);
  });
});

describe("Sum over leading axes and copy-free Identity (wasm project kernels vs cpu)", () => {
  const rng = new Rng(4242);
  const cases: Array<{ shape: number[]; axis: number[]; keepDims: boolean }> = [
    { shape: [64, 27, 27, 32], axis: [0, 1, 2], keepDims: false }, // bias gradient
    { shape: [16, 9, 9, 5], axis: [0, 1, 2], keepDims: true },
    { shape: [300, 7], axis: [0], keepDims: false },
    { shape: [40, 30, 3], axis: [0, 1], keepDims: false },
    { shape: [40, 30, 3], axis: [1, 2], keepDims: false }, // not leading: stock
    { shape: [5, 4], axis: [0], keepDims: false }, // small: stock
  ];
  for (const c of cases) {
    it(`sum ${JSON.stringify(c.shape)} over ${JSON.stringify(c.axis)} keepDims=${c.keepDims}`, () => {
      const v = randn(rng, c.shape.reduce((p, d) => p * d, 1));
      const { wasm, cpu } = both(() => tf.sum(tf.tensor(v, c.shape), c.axis, c.keepDims));
      expect(relErr(wasm, cpu)).toBeLessThanOrEqual(TOL);
      tf.setBackend("wasm");
      const shape = tf.tidy(() => tf.sum(tf.tensor(v, c.shape), c.axis, c.keepDims).shape);
      tf.setBackend("cpu");
      const cpuShape = tf.tidy(() => tf.sum(tf.tensor(v, c.shape), c.axis, c.keepDims).shape);
      tf.setBackend("wasm");
      expect(shape).toEqual(cpuShape);
    });
  }

  it("cast to the same dtype is copy-free and still correct; other casts convert", () => {
    tf.setBackend("wasm");
    const a = tf.tensor1d([1.5, -2.25, 3]);
    const same = tf.cast(a, "float32");
    const asInt = tf.cast(a, "int32");
    a.dispose();
    expect(Array.from(same.dataSync())).toEqual([1.5, -2.25, 3]);
    expect(asInt.dtype).toBe("int32");
    expect(Array.from(asInt.dataSync())).toEqual([1, -2, 3]);
    tf.dispose([same, asInt]);
  });

  it("tf.clone shares memory but stays valid after the original is disposed", () => {
    tf.setBackend("wasm");
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.clone(a);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
    const v = tf.variable(tf.tensor1d([4, 5]));
    const snapshot = tf.clone(v);
    v.assign(tf.tensor1d([6, 7]));
    expect(Array.from(snapshot.dataSync())).toEqual([4, 5]);
    expect(Array.from(v.dataSync())).toEqual([6, 7]);
    tf.dispose([b, v, snapshot]);
  });
});

describe("non-square kernels and unequal strides (input grad with unequal strides: stock fallback)", () => {
  const rng = new Rng(31337);
  const cases: Array<{ b: number; h: number; w: number; cin: number; cout: number; kh: number; kw: number; sh: number; sw: number; pad: "valid" | "same" }> = [
    { b: 2, h: 9, w: 12, cin: 3, cout: 4, kh: 3, kw: 3, sh: 1, sw: 2, pad: "valid" },
    { b: 3, h: 10, w: 7, cin: 5, cout: 2, kh: 3, kw: 2, sh: 2, sw: 1, pad: "same" },
    { b: 1, h: 8, w: 8, cin: 4, cout: 6, kh: 4, kw: 1, sh: 2, sw: 1, pad: "valid" },
    { b: 2, h: 11, w: 9, cin: 3, cout: 5, kh: 3, kw: 2, sh: 2, sw: 2, pad: "same" },
    { b: 2, h: 7, w: 10, cin: 2, cout: 3, kh: 1, kw: 5, sh: 1, sw: 1, pad: "valid" },
  ];
  for (const c of cases) {
    it(`b${c.b} ${c.h}x${c.w}x${c.cin}->${c.cout} k${c.kh}x${c.kw} s${c.sh}x${c.sw} ${c.pad}`, () => {
      const ho = c.pad === "same" ? Math.ceil(c.h / c.sh) : Math.floor((c.h - c.kh) / c.sh) + 1;
      const wo = c.pad === "same" ? Math.ceil(c.w / c.sw) : Math.floor((c.w - c.kw) / c.sw) + 1;
      const xv = randn(rng, c.b * c.h * c.w * c.cin);
      const wv = randn(rng, c.kh * c.kw * c.cin * c.cout);
      const dyv = randn(rng, c.b * ho * wo * c.cout);
      const filter = both(() =>
        tf.engine().runKernel(
          "Conv2DBackpropFilter",
          { x: tf.tensor4d(xv, [c.b, c.h, c.w, c.cin]), dy: tf.tensor4d(dyv, [c.b, ho, wo, c.cout]) },
          { strides: [c.sh, c.sw], pad: c.pad, dataFormat: "NHWC", filterShape: [c.kh, c.kw, c.cin, c.cout] },
        ) as tf.Tensor,
      );
      expect(relErr(filter.wasm, filter.cpu)).toBeLessThanOrEqual(TOL);
      const input = both(() =>
        tf.engine().runKernel(
          "Conv2DBackpropInput",
          { dy: tf.tensor4d(dyv, [c.b, ho, wo, c.cout]), filter: tf.tensor4d(wv, [c.kh, c.kw, c.cin, c.cout]) },
          { strides: [c.sh, c.sw], pad: c.pad, dataFormat: "NHWC", inputShape: [c.b, c.h, c.w, c.cin] },
        ) as tf.Tensor,
      );
      expect(relErr(input.wasm, input.cpu)).toBeLessThanOrEqual(TOL);
    });
  }
});

describe("registration and unsupported configurations", () => {
  it("unregister restores the stock kernels (none for Conv2DBackpropFilter), register is idempotent", async () => {
    const { registerProjectKernels, unregisterProjectKernels } = await import(
      "../../src/backend/wasm-kernels/register.js"
    );
    tf.setBackend("wasm");
    const projectMatMul = tf.getKernel("BatchMatMul", "wasm")!.kernelFunc;
    unregisterProjectKernels();
    try {
      expect(projectKernelsActive()).toBe(false);
      expect(tf.getKernel("Conv2DBackpropFilter", "wasm")).toBeUndefined();
      expect(tf.getKernel("BatchMatMul", "wasm")!.kernelFunc).not.toBe(projectMatMul);
      expect(() =>
        tf.tidy(() => tf.grads((w: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, w as tf.Tensor4D, 1, "valid")))([tf.ones([3, 3, 1, 1])])),
      ).toThrow(/Conv2DBackpropFilter/);
    } finally {
      registerProjectKernels();
      registerProjectKernels();
    }
    expect(projectKernelsActive()).toBe(true);
    expect(tf.getKernel("BatchMatMul", "wasm")!.kernelFunc).toBe(projectMatMul);
  });

  it("NCHW data format is refused with a clear error instead of wrong numbers", () => {
    tf.setBackend("wasm");
    expect(() =>
      tf.tidy(() =>
        tf.engine().runKernel(
          "Conv2DBackpropFilter",
          { x: tf.ones([1, 1, 5, 5]), dy: tf.ones([1, 1, 3, 3]) },
          { strides: [1, 1], pad: "valid", dataFormat: "NCHW", filterShape: [3, 3, 1, 1] },
        ),
      ),
    ).toThrow(/only dataFormat 'NHWC'/);
    expect(() =>
      tf.tidy(() =>
        tf.engine().runKernel(
          "Conv2DBackpropInput",
          { dy: tf.ones([1, 1, 3, 3]), filter: tf.ones([3, 3, 1, 1]) },
          { strides: [1, 1], pad: "valid", dataFormat: "NCHW", inputShape: [1, 1, 5, 5] },
        ),
      ),
    ).toThrow(/only dataFormat 'NHWC'/);
  });
});

describe("tf.layers model (fused conv/dense ops) trains the same on wasm and cpu", () => {
  it("one trainOnBatch step gives the same weights", async () => {
    const rng = new Rng(2025);
    const build = (): tf.Sequential => {
      const m = tf.sequential();
      m.add(tf.layers.conv2d({ inputShape: [12, 12, 3], filters: 6, kernelSize: 3, strides: 2, padding: "same", activation: "relu" }));
      m.add(tf.layers.conv2d({ filters: 5, kernelSize: 3, padding: "valid", activation: "relu" }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 4 }));
      m.compile({ optimizer: tf.train.sgd(0.1), loss: "meanSquaredError" });
      return m;
    };
    const xv = randn(rng, 8 * 12 * 12 * 3);
    const yv = randn(rng, 8 * 4);
    let init: Float32Array[] | null = null;
    const run = async (backend: "wasm" | "cpu"): Promise<Float32Array[]> => {
      tf.setBackend(backend);
      const m = build();
      if (init === null) init = m.getWeights().map((w) => Float32Array.from(w.dataSync() as Float32Array));
      else m.setWeights(init.map((v, i) => tf.tensor(v, m.getWeights()[i]!.shape)));
      const x = tf.tensor4d(xv, [8, 12, 12, 3]);
      const y = tf.tensor2d(yv, [8, 4]);
      await m.trainOnBatch(x, y);
      const out = m.getWeights().map((w) => Float32Array.from(w.dataSync() as Float32Array));
      tf.dispose([x, y]);
      m.dispose();
      return out;
    };
    const w = await run("wasm");
    const c = await run("cpu");
    tf.setBackend("wasm");
    expect(w.length).toBe(6);
    w.forEach((arr, i) => {
      expect(relErr(arr, init![i]!)).toBeGreaterThan(1e-4); // the step changed the weights
      expect(relErr(arr, c[i]!), `weight ${i}`).toBeLessThanOrEqual(TOL);
    });
  });
});
