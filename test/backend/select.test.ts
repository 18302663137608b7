/**
 * Backend selection: preference resolution (API > env > auto), bad values, the fallback when
 * the hoisted tfjs-node alias "loads" without registering a native backend (the case in this
 * very node_modules), a native module that throws, a native backend that does register, and
 * idempotence.
 */
import * as tf from "@tensorflow/tfjs";
import { afterEach, describe, expect, it } from "vitest";
import { isReproError } from "../../src/core/errors.js";
import {
  initBackend,
  resetBackendSelectionForTests,
  resolvePreference,
} from "../../src/backend/select.js";
import { PROJECT_KERNEL_NAMES, projectKernelsActive } from "../../src/backend/wasm-kernels/register.js";

function captureError(f: () => unknown): Error {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error");
}

/** An env without REPRORL_BACKEND; one wasm thread like the rest of this test process. */
const ONE_THREAD = { REPRORL_WASM_THREADS: "1" };

afterEach(() => {
  resetBackendSelectionForTests();
});

describe("resolvePreference", () => {
  it("defaults to auto, reads REPRORL_BACKEND, and the API option wins over the env", () => {
    expect(resolvePreference(undefined, {})).toBe("auto");
    expect(resolvePreference(undefined, { REPRORL_BACKEND: "" })).toBe("auto");
    expect(resolvePreference(undefined, { ...ONE_THREAD, REPRORL_BACKEND: "cpu" })).toBe("cpu");
    expect(resolvePreference(undefined, { REPRORL_BACKEND: " WASM " })).toBe("wasm");
    expect(resolvePreference("wasm", { ...ONE_THREAD, REPRORL_BACKEND: "cpu" })).toBe("wasm");
    expect(resolvePreference("tensorflow", {})).toBe("tensorflow");
  });

  it("rejects a bad value with a one-line ReproError naming the allowed values", () => {
    for (const [api, env] of [
      ["gpu", {}],
      [undefined, { REPRORL_BACKEND: "webgl" }],
    ] as const) {
      const err = captureError(() => resolvePreference(api, env));
      expect(isReproError(err)).toBe(true);
      expect(err.message).not.toContain("\n");
      for (const allowed of ["auto", "tensorflow", "wasm", "cpu"]) expect(err.message).toContain(allowed);
    }
    expect(captureError(() => resolvePreference(undefined, { REPRORL_BACKEND: "webgl" })).message).toContain(
      "REPRORL_BACKEND",
    );
  });

  it("initBackend surfaces the bad env value as a rejected promise", async () => {
    await expect(initBackend({ quiet: true, env: { REPRORL_BACKEND: "nope" } })).rejects.toThrow(/REPRORL_BACKEND/);
  });
});

describe("initBackend", () => {
  it("auto: the hoisted tfjs-node alias loads plain tfjs, registers no 'tensorflow' backend -> wasm", async () => {
    // Precondition of this repo: requiring the alias succeeds but does not bring a native backend.
    expect(() => require("@tensorflow/tfjs-node")).not.toThrow();
    const lines: string[] = [];
    const info = await initBackend({ env: ONE_THREAD, log: (l) => lines.push(l) });
    expect(info.name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(info.gpu).toBe(false);
    expect(info.simd).toBe(true);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(info.projectKernels).toEqual([...PROJECT_KERNEL_NAMES]);
    expect(projectKernelsActive()).toBe(true);
    expect(info.note).toMatch(/@tensorflow\/tfjs-node loaded but registered no "tensorflow" backend/);
    expect(info.note).toContain("npm install @tensorflow/tfjs-node-gpu@4.22.0");
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
  });

  it("a native module that throws on load falls back to wasm with the reason", async () => {
    const tried: string[] = [];
    const info = await initBackend({
      quiet: true,
      env: ONE_THREAD,
      loadNative: (m) => {
        tried.push(m);
        throw new Error("libtensorflow.so.2: cannot open shared object file\nstack...");
      },
    });
    expect(tried).toEqual(["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"]);
    expect(info.name).toBe("wasm");
    expect(info.note).toContain("failed to load (libtensorflow.so.2: cannot open shared object file)");
    expect(info.note).not.toContain("stack...");
  });

  it("prefer tensorflow when it is unavailable is a ReproError (no silent slowdown)", async () => {
    const err = await initBackend({ prefer: "tensorflow", quiet: true, loadNative: () => ({}) }).catch((e) => e);
    expect(isReproError(err)).toBe(true);
    expect((err as Error).message).toMatch(/native TensorFlow backend requested but not available/);
  });

  it("env override and API override pick the backend; API wins", async () => {
    const cpu = await initBackend({ quiet: true, env: { ...ONE_THREAD, REPRORL_BACKEND: "cpu" } });
    expect(cpu.name).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect(cpu.projectKernels).toEqual([]);
    const wasm = await initBackend({ prefer: "wasm", quiet: true, env: { ...ONE_THREAD, REPRORL_BACKEND: "cpu" } });
    expect(wasm.name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
  });

  it("a native module that registers a 'tensorflow' backend is chosen first; gpu package is tried first", async () => {
    const cpuInstance = tf.findBackend("cpu") ?? (await tf.setBackend("cpu"), tf.findBackend("cpu"));
    const CpuCtor = Object.getPrototypeOf(cpuInstance).constructor as new () => tf.KernelBackend;
    const tried: string[] = [];
    try {
      const info = await initBackend({
        quiet: true,
        env: ONE_THREAD,
        loadNative: (m) => {
          tried.push(m);
          if (m === "@tensorflow/tfjs-node-gpu") throw new Error(`Cannot find module '${m}'`);
          tf.registerBackend("tensorflow", () => new CpuCtor(), 3);
          return {};
        },
      });
      expect(tried).toEqual(["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"]);
      expect(info.name).toBe("tensorflow");
      expect(info.gpu).toBe(false);
      expect(tf.getBackend()).toBe("tensorflow");
    } finally {
      tf.removeBackend("tensorflow");
      await tf.setBackend("wasm");
    }
  });

  it("is idempotent: a second call returns the same info cheaply and prints nothing", async () => {
    const lines: string[] = [];
    const first = await initBackend({ prefer: "wasm", log: (l) => lines.push(l) });
    await tf.setBackend("cpu");
    const t0 = performance.now();
    const second = await initBackend({ prefer: "wasm", log: (l) => lines.push(l) });
    const ms = performance.now() - t0;
    expect(second).toBe(first);
    expect(tf.getBackend()).toBe("wasm");
    expect(lines).toHaveLength(1);
    expect(ms).toBeLessThan(200);
  });
});
