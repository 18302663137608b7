/**
 * WebGPU in backend selection without a GPU: injected loaders stand in for the `webgpu` package,
 * tfjs's webgpu package and the OS (as select.test.ts injects `loadNative`). Checked: no package
 * → auto picks wasm with the reason, forced webgpu is a one-line ReproError; an adapter of null
 * → the same, and tfjs is not left on a broken "webgpu" (the next op works); a backend whose
 * start fails half-way → the previous backend is active again; a software adapter is never
 * auto-chosen; REPRORL_WEBGPU=off and a Linux machine without a Vulkan driver do not load Dawn;
 * the "auto" rule (synchronous reads, the speed probe) and "on"; bad REPRORL_WEBGPU values.
 * The fake backend behind a found adapter is tfjs's cpu backend under the name "webgpu".
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isReproError } from "../../src/core/errors.js";
import { initBackend, resetBackendSelectionForTests, type InitBackendOptions } from "../../src/backend/select.js";
import {
  describeAdapter,
  isSoftwareAdapter,
  resolveWebGpuMode,
  stopWebGpu,
  webGpuStarted,
  type AdapterInfoLike,
  type DawnModule,
} from "../../src/backend/webgpu.js";

const ENV = { REPRORL_WASM_THREADS: "1" };
const H200: AdapterInfoLike = { vendor: "nvidia", architecture: "hopper", device: "NVIDIA H200", description: "NVIDIA H200 (Vulkan)" };
const LLVMPIPE: AdapterInfoLike = { vendor: "mesa", device: "llvmpipe (LLVM 15.0.6, 256 bits)", description: "Mesa 22.3.6", isFallbackAdapter: false };

let CpuCtor: new () => tf.KernelBackend;
const borrowedKernels: string[] = [];

beforeAll(async () => {
  const cpu = tf.findBackend("cpu") ?? (await tf.setBackend("cpu"), tf.findBackend("cpu"));
  CpuCtor = Object.getPrototypeOf(cpu).constructor as new () => tf.KernelBackend;
  // the fake "webgpu" backend runs the cpu backend's kernels
  for (const k of tf.getKernelsForBackend("cpu")) {
    tf.registerKernel({ ...k, backendName: "webgpu" });
    borrowedKernels.push(k.kernelName);
  }
});

afterAll(() => {
  for (const name of borrowedKernels) tf.unregisterKernel(name, "webgpu");
});

afterEach(async () => {
  stopWebGpu();
  if (tf.findBackendFactory("webgpu") != null) tf.removeBackend("webgpu");
  resetBackendSelectionForTests();
  await tf.setBackend("wasm").catch(() => tf.setBackend("cpu"));
});

interface Calls {
  dawnImports: number;
  adapterRequests: object[];
  destroyed: number;
}

/** Loaders for a fake Dawn whose adapter is `info` (null: requestAdapter() returns null). */
function fakeGpu(
  info: AdapterInfoLike | null,
  calls: Calls,
  backend: "works" | "throws" | "readFails" = "works",
): NonNullable<InitBackendOptions["webgpu"]> {
  const dawn: DawnModule = {
    globals: {},
    create: () => ({
      requestAdapter: async (options?: object) => {
        calls.adapterRequests.push(options ?? {});
        if (info === null) return null;
        return {
          info,
          limits: { maxBufferSize: 1 << 30 },
          requestDevice: async () => ({ destroy: () => void calls.destroyed++ }),
        };
      },
    }),
  };
  const Base = CpuCtor;
  class FakeWebGpuBackend extends Base {
    constructor(..._args: unknown[]) {
      if (backend === "throws") throw new Error("device lost while compiling the first shader");
      super();
    }
    override read(dataId: object): Promise<tf.backend_util.BackendValues> {
      if (backend === "readFails") return Promise.reject(new Error("GPUBuffer.mapAsync: device lost"));
      return super.read(dataId);
    }
  }
  return {
    platform: "linux",
    vulkanIcds: () => ["/usr/share/vulkan/icd.d/fake_icd.json"],
    importDawn: async () => {
      calls.dawnImports++;
      return dawn;
    },
    requireTfjsWebgpu: () => ({ WebGPUBackend: FakeWebGpuBackend as never }),
  };
}

function newCalls(): Calls {
  return { dawnImports: 0, adapterRequests: [], destroyed: 0 };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a rejection");
}

/** The active backend computes (tfjs is not left on a backend that failed to start). */
async function nextOpWorks(): Promise<void> {
  const y = tf.tidy(() => tf.sum(tf.mul(tf.range(0, 10), 3)));
  expect((await y.data())[0]).toBe(135);
  y.dispose();
}

describe("no webgpu package", () => {
  const missing = (pkg: string) => () => {
    const err = new Error(`Cannot find package '${pkg}' imported from /x/dist/backend/webgpu.js`) as Error & { code: string };
    err.code = "ERR_MODULE_NOT_FOUND";
    throw err;
  };

  it("auto picks wasm and the summary line says why WebGPU was not used", async () => {
    const lines: string[] = [];
    const info = await initBackend({
      env: ENV,
      log: (l) => lines.push(l),
      webgpu: { platform: "linux", vulkanIcds: () => ["/etc/vulkan/icd.d/nvidia_icd.json"], importDawn: async () => missing("webgpu")() },
    });
    expect(info.name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(info.adapter).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("WebGPU not used: npm package webgpu not installed");
    expect(lines[0]).not.toContain("\n");
    await nextOpWorks();
  });

  it("forced webgpu is a one-line ReproError naming the missing package; tfjs's webgpu package missing likewise", async () => {
    const err = await rejection(
      initBackend({ prefer: "webgpu", quiet: true, env: ENV, webgpu: { importDawn: async () => missing("webgpu")() } }),
    );
    expect(isReproError(err)).toBe(true);
    expect(err.message).toMatch(/^WebGPU backend requested but not available: npm package webgpu not installed/);
    expect(err.message).not.toContain("\n");

    const calls = newCalls();
    const err2 = await rejection(
      initBackend({
        prefer: "webgpu",
        quiet: true,
        env: ENV,
        webgpu: { ...fakeGpu(H200, calls), requireTfjsWebgpu: missing("@tensorflow/tfjs-backend-webgpu") as never },
      }),
    );
    expect(isReproError(err2)).toBe(true);
    expect(err2.message).toContain("npm package @tensorflow/tfjs-backend-webgpu not installed");
    await nextOpWorks();
  });
});

describe("the package loads but there is no adapter", () => {
  it("auto falls back to wasm with the reason; the next op works", async () => {
    const calls = newCalls();
    const info = await initBackend({ quiet: true, env: ENV, webgpu: fakeGpu(null, calls) });
    expect(info.name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(info.note).toContain("WebGPU not used: no WebGPU adapter (Vulkan: requestAdapter() returned null)");
    // auto does not try the OpenGL ES route (it could only find a software renderer)
    expect(calls.adapterRequests).toEqual([{ powerPreference: "high-performance" }]);
    await nextOpWorks();
  });

  it("forced webgpu tries Vulkan then OpenGL ES, then throws one line naming the packages to install", async () => {
    const calls = newCalls();
    await tf.setBackend("wasm");
    const err = await rejection(initBackend({ prefer: "webgpu", quiet: true, env: ENV, webgpu: fakeGpu(null, calls) }));
    expect(isReproError(err)).toBe(true);
    expect(err.message).not.toContain("\n");
    expect(err.message).toContain("Vulkan: requestAdapter() returned null; OpenGL ES: requestAdapter() returned null");
    expect(err.message).toContain("apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri");
    expect(calls.adapterRequests).toEqual([{ powerPreference: "high-performance" }, { featureLevel: "compatibility" }]);
    expect(tf.getBackend()).toBe("wasm");
    await nextOpWorks();
  });
});

describe("an adapter whose backend fails to start", () => {
  it("is not left active: the previous backend runs the next op, the device is destroyed, forced is a ReproError", async () => {
    await tf.setBackend("wasm");
    const calls = newCalls();
    const err = await rejection(initBackend({ prefer: "webgpu", quiet: true, env: ENV, webgpu: fakeGpu(H200, calls, "throws") }));
    expect(isReproError(err)).toBe(true);
    expect(err.message).toContain("the webgpu backend did not start on nvidia, hopper, NVIDIA H200");
    expect(err.message).toContain("device lost while compiling the first shader");
    expect(tf.getBackend()).toBe("wasm");
    expect(tf.findBackendFactory("webgpu")).toBeNull();
    expect(calls.destroyed).toBe(1);
    expect(webGpuStarted()).toBeNull();
    await nextOpWorks();

    const calls2 = newCalls();
    const info = await initBackend({ quiet: true, env: { ...ENV, REPRORL_WEBGPU: "on" }, webgpu: fakeGpu(H200, calls2, "throws") });
    expect(info.name).toBe("wasm");
    expect(info.note).toContain("WebGPU not used: the webgpu backend did not start");
    await nextOpWorks();
  });

  it("a backend that starts but cannot compute (its first read fails) is unregistered and the previous backend is back", async () => {
    await tf.setBackend("wasm");
    const calls = newCalls();
    const info = await initBackend({ quiet: true, env: { ...ENV, REPRORL_WEBGPU: "on" }, webgpu: fakeGpu(H200, calls, "readFails") });
    expect(info.name).toBe("wasm");
    expect(info.note).toContain("the webgpu backend did not start on nvidia, hopper, NVIDIA H200, NVIDIA H200 (Vulkan) (GPUBuffer.mapAsync: device lost)");
    expect(tf.getBackend()).toBe("wasm");
    expect(tf.findBackendFactory("webgpu")).toBeNull();
    expect(calls.destroyed).toBe(1);
    await nextOpWorks();

    resetBackendSelectionForTests();
    const err = await rejection(initBackend({ prefer: "webgpu", quiet: true, env: ENV, webgpu: fakeGpu(H200, newCalls(), "readFails") }));
    expect(isReproError(err)).toBe(true);
    expect(tf.getBackend()).toBe("wasm");
    await nextOpWorks();
  });
});

describe("which adapters auto takes", () => {
  it("a software adapter is never auto-chosen, even with REPRORL_WEBGPU=on; forcing uses it and records it", async () => {
    const calls = newCalls();
    const info = await initBackend({ quiet: true, env: { ...ENV, REPRORL_WEBGPU: "on" }, webgpu: fakeGpu(LLVMPIPE, calls) });
    expect(info.name).toBe("wasm");
    expect(info.note).toContain("is a software renderer, never chosen automatically (REPRORL_BACKEND=webgpu forces it)");
    resetBackendSelectionForTests();
    const forced = await initBackend({ prefer: "webgpu", quiet: true, env: ENV, webgpu: fakeGpu(LLVMPIPE, newCalls()) });
    expect(forced.name).toBe("webgpu");
    expect(forced.gpu).toBe(false);
    expect(forced.adapter).toBe("mesa, llvmpipe (LLVM 15.0.6, 256 bits), Mesa 22.3.6");
    expect(forced.note).toContain("WebGPU (Dawn, software renderer: mesa, llvmpipe");
    expect(tf.getBackend()).toBe("webgpu");
    await nextOpWorks();
  });

  it("REPRORL_WEBGPU=off, and Linux without a Vulkan driver, do not load Dawn", async () => {
    const calls = newCalls();
    const off = await initBackend({ quiet: true, env: { ...ENV, REPRORL_WEBGPU: "off" }, webgpu: fakeGpu(H200, calls) });
    expect(off.name).toBe("wasm");
    expect(off.note).toContain("WebGPU not used: REPRORL_WEBGPU=off");
    resetBackendSelectionForTests();
    const noIcd = await initBackend({ quiet: true, env: ENV, webgpu: { ...fakeGpu(H200, calls), vulkanIcds: () => [] } });
    expect(noIcd.note).toContain("WebGPU not used: no Vulkan driver (no ICD file in /usr/share/vulkan/icd.d");
    resetBackendSelectionForTests();
    const lavapipe = await initBackend({
      quiet: true,
      env: ENV,
      webgpu: { ...fakeGpu(H200, calls), vulkanIcds: () => ["/usr/share/vulkan/icd.d/lvp_icd.x86_64.json"] },
    });
    expect(lavapipe.note).toContain("WebGPU not used: only a software Vulkan driver (lvp_icd.x86_64.json), never chosen automatically");
    expect(calls.dawnImports).toBe(0);
  });

  it("auto: a hardware adapter is not taken while the backend cannot serve dataSync (Node), and says so", async () => {
    const info = await initBackend({ quiet: true, env: ENV, webgpu: fakeGpu(H200, newCalls()) });
    expect(info.name).toBe("wasm");
    expect(info.note).toContain("GPU adapter nvidia, hopper, NVIDIA H200, NVIDIA H200 (Vulkan) found, but the webgpu backend cannot serve dataSync in Node");
    expect(webGpuStarted()).toBeNull();
  });

  it("auto with synchronous reads: the start-up probe decides; on: no probe", async () => {
    const timed: string[] = [];
    const probe = (gpuMs: number, wasmMs: number) => async (b: string) => (timed.push(b), b === "webgpu" ? gpuMs : wasmMs);
    const faster = await initBackend({ quiet: true, env: ENV, webgpu: { ...fakeGpu(H200, newCalls()), syncReads: true, timeStep: probe(10, 50) } });
    expect(timed).toEqual(["webgpu", "wasm"]);
    expect(faster.name).toBe("webgpu");
    expect(faster.gpu).toBe(true);
    expect(faster.adapter).toBe("nvidia, hopper, NVIDIA H200, NVIDIA H200 (Vulkan)");
    expect(tf.getBackend()).toBe("webgpu");
    await nextOpWorks();

    stopWebGpu();
    resetBackendSelectionForTests();
    const slower = await initBackend({ quiet: true, env: ENV, webgpu: { ...fakeGpu(H200, newCalls()), syncReads: true, timeStep: probe(80, 50) } });
    expect(slower.name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(slower.note).toContain("is slower than wasm here (one encoder step 80 ms vs 50 ms; REPRORL_WEBGPU=on uses it anyway)");
    await nextOpWorks();

    stopWebGpu();
    resetBackendSelectionForTests();
    timed.length = 0;
    const on = await initBackend({ quiet: true, env: { ...ENV, REPRORL_WEBGPU: "on" }, webgpu: { ...fakeGpu(H200, newCalls()), timeStep: probe(80, 50) } });
    expect(on.name).toBe("webgpu");
    expect(timed).toEqual([]);
  });
});

describe("settings and adapter descriptions", () => {
  it("REPRORL_WEBGPU parses auto|on|off and rejects anything else in one line; REPRORL_BACKEND accepts webgpu", async () => {
    expect(resolveWebGpuMode({})).toBe("auto");
    expect(resolveWebGpuMode({ REPRORL_WEBGPU: " ON " })).toBe("on");
    expect(resolveWebGpuMode({ REPRORL_WEBGPU: "off" })).toBe("off");
    const err = (() => {
      try {
        resolveWebGpuMode({ REPRORL_WEBGPU: "yes" });
      } catch (e) {
        return e as Error;
      }
      throw new Error("expected an error");
    })();
    expect(isReproError(err)).toBe(true);
    expect(err.message).toBe('REPRORL_WEBGPU is "yes"; use one of: auto, on, off');
    const forced = await initBackend({ quiet: true, env: { ...ENV, REPRORL_BACKEND: "webgpu" }, webgpu: fakeGpu(H200, newCalls()) });
    expect(forced.name).toBe("webgpu");
  });

  it("software renderers are recognised from the adapter info; descriptions drop empty and repeated parts", () => {
    for (const device of ["llvmpipe (LLVM 15.0.6, 256 bits)", "lavapipe", "SwiftShader Device (Subzero)", "softpipe"]) {
      expect(isSoftwareAdapter({ device }), device).toBe(true);
    }
    expect(isSoftwareAdapter({ vendor: "", description: "OpenGL ES 3.2 Mesa 22.3.6", device: "llvmpipe-llvm-15-0-6-256-bits-" })).toBe(true);
    expect(isSoftwareAdapter({ device: "Some GPU", isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter(H200)).toBe(false);
    expect(isSoftwareAdapter({ vendor: "amd", device: "AMD Radeon RX 7900 XTX (RADV NAVI31)" })).toBe(false);
    expect(describeAdapter({ vendor: "nvidia", architecture: "", device: "NVIDIA H200", description: "NVIDIA H200" })).toBe("nvidia, NVIDIA H200");
    expect(describeAdapter({})).toBe("unnamed adapter");
  });
});
