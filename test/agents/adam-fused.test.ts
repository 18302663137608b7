/**
 * adam.ts's fused JS step (wasm, kernel generation "current") against its dispatched-op step
 * (generation "previous"): bit-identical parameters and moments after several steps, with and
 * without weight decay and gradient-norm clipping, on awkward values (tiny, huge, zero grads).
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/select.js";
import { kernelGeneration, setKernelGeneration, type KernelGeneration } from "../../src/backend/wasm-kernels/register.js";
import { Adam, type AdamOptions } from "../../src/agents/adam.js";
import { Rng } from "../../src/core/rng.js";

beforeAll(async () => {
  const info = await initBackend({ prefer: "wasm", quiet: true });
  expect(info.name).toBe("wasm");
});

/** Run `steps` Adam steps from fixed data under `gen`; return params and moments as bit patterns. */
function run(gen: KernelGeneration, opts: AdamOptions, steps: number): Uint32Array[] {
  const saved = kernelGeneration();
  setKernelGeneration(gen);
  try {
    const rng = new Rng(31);
    const shapes = [[3, 3, 4, 8], [8], [37, 5], [1]];
    const vars = shapes.map((s) => tf.variable(tf.tensor(Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal() * 0.3), s)));
    const opt = new Adam(vars, opts);
    for (let t = 0; t < steps; t++) {
      const grads = vars.map((v, i) => {
        const n = v.size;
        const g = Float32Array.from({ length: n }, (_, j) => {
          const r = rng.normal();
          if (i === 3) return 0; // zero gradient
          if (j % 7 === 0) return r * 1e-12; // tiny
          if (j % 11 === 0) return r * 1e6; // huge
          return r;
        });
        return tf.tensor(g, v.shape);
      });
      opt.apply(grads);
      tf.dispose(grads);
    }
    const state = opt.getState();
    const out = [...vars.map((v) => new Uint32Array(Float32Array.from(v.dataSync() as Float32Array).buffer)), ...state.m.map((x) => new Uint32Array(x.buffer)), ...state.v.map((x) => new Uint32Array(x.buffer))];
    opt.dispose();
    tf.dispose(vars);
    return out;
  } finally {
    setKernelGeneration(saved);
  }
}

describe("fused Adam step (wasm, current kernels) vs the dispatched ops (previous)", () => {
  it.each([
    ["plain", { lr: 1e-3 }],
    ["weight decay", { lr: 3e-4, weightDecay: 1e-2 }],
    ["clipped", { lr: 1e-2, maxGradNorm: 0.5, beta1: 0.5, beta2: 0.99, eps: 1e-6 }],
  ] as const)("%s: bit-identical parameters and moments after 5 steps", (_name, opts) => {
    const a = run("previous", opts, 5);
    const b = run("current", opts, 5);
    expect(b.length).toBe(a.length);
    for (let i = 0; i < a.length; i++) expect(Array.from(b[i]!)).toEqual(Array.from(a[i]!));
  });

  it("the two paths really differ in how they run (the current one dispatches no elementwise ops)", () => {
    const count = (gen: KernelGeneration): number => {
      const saved = kernelGeneration();
      setKernelGeneration(gen);
      try {
        const v = tf.variable(tf.ones([10]));
        const opt = new Adam([v], { lr: 1e-3 });
        const g = tf.ones([10]);
        const before = (tf.memory() as { numTensors: number }).numTensors;
        const prof = tf.tidy(() => {
          let kernels = 0;
          const orig = tf.engine().runKernel.bind(tf.engine());
          const eng = tf.engine() as unknown as { runKernel: typeof orig };
          eng.runKernel = ((...args: Parameters<typeof orig>) => {
            kernels++;
            return orig(...args);
          }) as typeof orig;
          try {
            opt.apply([g]);
          } finally {
            eng.runKernel = orig;
          }
          return kernels;
        });
        expect((tf.memory() as { numTensors: number }).numTensors).toBe(before);
        opt.dispose();
        tf.dispose([v, g]);
        return prof;
      } finally {
        setKernelGeneration(saved);
      }
    };
    expect(count("previous")).toBeGreaterThan(8);
    expect(count("current")).toBe(0);
  });
});

describe("fused Polyak averaging (nn.ts softUpdate) vs the dispatched ops", () => {
  it.each([0.01, 0.05, 0.5, 1])("τ = %s: bit-identical targets after 3 updates", async (tau) => {
    const { softUpdate } = await import("../../src/agents/nn.js");
    const runGen = (gen: KernelGeneration): Uint32Array[] => {
      const saved = kernelGeneration();
      setKernelGeneration(gen);
      try {
        const rng = new Rng(8);
        const mk = (n: number): tf.Variable => tf.variable(tf.tensor(Float32Array.from({ length: n }, (_, j) => (j % 5 === 0 ? rng.normal() * 1e-30 : rng.normal() * 7)), [n]));
        const src = [mk(13), mk(100)];
        const tgt = [mk(13), mk(100)];
        for (let r = 0; r < 3; r++) {
          softUpdate(tgt, src, tau);
          for (const s of src) s.assign(tf.tidy(() => tf.mul(s, 1.5)));
        }
        const out = tgt.map((v) => new Uint32Array(Float32Array.from(v.dataSync() as Float32Array).buffer));
        tf.dispose([...src, ...tgt]);
        return out;
      } finally {
        setKernelGeneration(saved);
      }
    };
    const a = runGen("previous");
    const b = runGen("current");
    for (let i = 0; i < a.length; i++) expect(Array.from(b[i]!)).toEqual(Array.from(a[i]!));
  });
});
