/**
 * The WebGPU tensor backend in Node: Dawn's Node bindings (npm `webgpu`, whose linux/mac/windows
 * binaries ship inside the package, so nothing is downloaded at install time) under
 * `@tensorflow/tfjs-backend-webgpu`. Both are optional dependencies; without them the rest of
 * the project is unchanged. This module finds an adapter, starts the backend, and says in one
 * line why it could not; backend choice (when to use it) is select.ts's job.
 *
 * Adapter routes, in order:
 *   1. Dawn's default backend (Vulkan on Linux, Metal on macOS, D3D on Windows). On Linux this
 *      is tried only when a Vulkan driver is installed (an ICD file exists), so a machine
 *      without one does not load Dawn at all.
 *   2. Only when WebGPU is forced (`REPRORL_BACKEND=webgpu`, the tests, CI): Dawn's OpenGL ES
 *      backend over Mesa's EGL (`backend=opengles`, `EGL_PLATFORM=surfaceless`, a
 *      "compatibility" adapter). With Debian 12's stock packages (libegl1, libegl-mesa0,
 *      libgl1-mesa-dri; Dawn takes its GLES entry points through EGL, libGLESv2 is not loaded)
 *      this gives the llvmpipe software renderer, which the correctness tests run on; Debian
 *      12's own lavapipe (Mesa 22.3) is rejected by Dawn's Vulkan backend.
 * A software adapter (llvmpipe, lavapipe, softpipe, SwiftShader, or Dawn's fallback adapter) is
 * reported as such and never chosen by "auto".
 *
 * Deliberate deviations from the package's own set-up (`@tensorflow/tfjs-backend-webgpu`
 * registers a factory at import that calls `navigator.gpu.requestAdapter()` itself):
 *   - we request the adapter (so route 2's "compatibility" adapter works, and a missing adapter
 *     is found before any backend is registered) and the device with all of the adapter's
 *     limits, then replace the package's factory by one that wraps that device;
 *   - `navigator.gpu` is defined before the package is required (its import and its backend
 *     constructor check it); Node 20 has no `navigator`, so a plain object is made;
 *   - synchronous reads (`dataSync`, `arraySync`) of GPU-resident tensors cannot work in Node:
 *     tfjs reads synchronously through `OffscreenCanvas`, which only browsers have, and WebGPU
 *     has no synchronous buffer map. Our subclass turns tfjs's ReferenceError into a one-line
 *     ReproError that says so (async reads, `await t.data()`, work).
 *   - `webgpu` is ESM-only and this project is CommonJS: TypeScript compiles `import()` to
 *     `require`, so the import goes through `new Function` to stay a real dynamic import.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../core/errors.js";

/** What "auto" does with a hardware WebGPU adapter (env `REPRORL_WEBGPU`). */
export type WebGpuMode = "auto" | "on" | "off";
const MODES: readonly WebGpuMode[] = ["auto", "on", "off"];

/** Parse `REPRORL_WEBGPU` (default "auto"). */
export function resolveWebGpuMode(env: Record<string, string | undefined> = process.env): WebGpuMode {
  const raw = env["REPRORL_WEBGPU"];
  if (raw === undefined || raw.trim() === "") return "auto";
  const value = raw.trim().toLowerCase();
  if (!(MODES as readonly string[]).includes(value)) {
    throw new ReproError(`REPRORL_WEBGPU is "${raw}"; use one of: ${MODES.join(", ")}`);
  }
  return value as WebGpuMode;
}

/** The parts of WebGPU's GPUAdapterInfo we read. */
export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
/** The parts of a GPUDevice we use (structural: `@webgpu/types` may be absent). */
export interface DeviceLike {
  destroy(): void;
}
export interface AdapterLike {
  readonly info: AdapterInfoLike;
  readonly limits: object;
  requestDevice(descriptor?: object): Promise<DeviceLike>;
}
export interface GpuLike {
  requestAdapter(options?: object): Promise<AdapterLike | null>;
}
/** The `webgpu` package's exports. */
export interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}
type WebGpuBackendCtor = new (device: DeviceLike, info?: AdapterInfoLike) => tf.KernelBackend;

/** How the packages and the OS are reached (tests inject failing or fake ones). */
export interface WebGpuLoaders {
  /** `import("webgpu")`. */
  importDawn(): Promise<DawnModule>;
  /** `require("@tensorflow/tfjs-backend-webgpu")` (call only after `navigator.gpu` is set). */
  requireTfjsWebgpu(): { WebGPUBackend: WebGpuBackendCtor };
  /** Vulkan ICD (driver) files on this Linux machine. */
  vulkanIcds(): string[];
  platform: NodeJS.Platform;
}

const ICD_DIRS = ["/usr/share/vulkan/icd.d", "/etc/vulkan/icd.d", "/usr/local/share/vulkan/icd.d"];

function listVulkanIcds(): string[] {
  const fromEnv = (process.env["VK_DRIVER_FILES"] ?? process.env["VK_ICD_FILENAMES"] ?? "").split(":").filter(Boolean);
  const found = [...fromEnv];
  for (const dir of ICD_DIRS) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue; // no such folder: no driver registered there
    }
    for (const n of names) if (n.endsWith(".json")) found.push(path.join(dir, n));
  }
  return found;
}

// A real dynamic import that survives TypeScript's CommonJS output (which turns import() into require()).
const dynamicImport = new Function("specifier", "return import(specifier)") as (s: string) => Promise<unknown>;

export const DEFAULT_WEBGPU_LOADERS: WebGpuLoaders = {
  importDawn: async () => (await dynamicImport("webgpu")) as DawnModule,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  requireTfjsWebgpu: () => require("@tensorflow/tfjs-backend-webgpu") as { WebGPUBackend: WebGpuBackendCtor },
  vulkanIcds: listVulkanIcds,
  platform: process.platform,
};

/** The Debian packages of route 2 (what CI installs; the one-line hint names them). */
export const SOFTWARE_GL_PACKAGES = ["libegl1", "libegl-mesa0", "libgl1-mesa-dri"] as const;

const SOFTWARE_RENDERERS = /llvmpipe|lavapipe|softpipe|swiftshader|swrast/i;
/** ICD file names of software Vulkan drivers (Mesa's lavapipe: lvp_icd.x86_64.json). */
const SOFTWARE_ICD = /^(lvp_icd|vk_swiftshader_icd|swiftshader)/i;

/** True for a CPU renderer pretending to be a GPU (never auto-chosen). */
export function isSoftwareAdapter(info: AdapterInfoLike): boolean {
  if (info.isFallbackAdapter === true) return true;
  return SOFTWARE_RENDERERS.test([info.vendor, info.architecture, info.device, info.description].join(" "));
}

/** One human description of an adapter, e.g. "nvidia, NVIDIA H200 (Vulkan driver 550.54)". */
export function describeAdapter(info: AdapterInfoLike): string {
  const parts: string[] = [];
  for (const p of [info.vendor, info.architecture, info.device, info.description]) {
    const s = (p ?? "").trim();
    if (s !== "" && !parts.includes(s)) parts.push(s);
  }
  return parts.length > 0 ? parts.join(", ") : "unnamed adapter";
}

export interface FoundAdapter {
  dawn: DawnModule;
  gpu: GpuLike;
  adapter: AdapterLike;
  description: string;
  software: boolean;
  route: "default" | "opengles";
}

function firstLine(err: unknown): string {
  return err instanceof Error ? err.message.split("\n")[0]! : String(err);
}

function missingPackage(err: unknown, pkg: string): boolean {
  const msg = firstLine(err);
  const code = (err as { code?: string } | null)?.code;
  return (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND" || /Cannot find (module|package)/.test(msg)) && msg.includes(pkg);
}

const INSTALL_HINT = "npm install (webgpu and @tensorflow/tfjs-backend-webgpu are optional dependencies)";

/**
 * Find a WebGPU adapter. `allowGl`: also try route 2 (OpenGL ES over EGL), which on a machine
 * without a GPU finds the llvmpipe software renderer.
 */
export async function findWebGpuAdapter(
  allowGl: boolean,
  loaders: WebGpuLoaders = DEFAULT_WEBGPU_LOADERS,
): Promise<{ ok: true; found: FoundAdapter } | { ok: false; reason: string }> {
  const linux = loaders.platform === "linux";
  if (linux && !allowGl) {
    const icds = loaders.vulkanIcds();
    if (icds.length === 0) return { ok: false, reason: `no Vulkan driver (no ICD file in ${ICD_DIRS.join(", ")})` };
    // Mesa's lavapipe and SwiftShader register as Vulkan drivers too; "auto" never takes them, so Dawn is not loaded
    if (icds.every((f) => SOFTWARE_ICD.test(path.basename(f)))) {
      return { ok: false, reason: `only a software Vulkan driver (${icds.map((f) => path.basename(f)).join(", ")}), never chosen automatically` };
    }
  }
  let dawn: DawnModule;
  try {
    dawn = await loaders.importDawn();
  } catch (err) {
    return {
      ok: false,
      reason: missingPackage(err, "webgpu") ? `npm package webgpu not installed; ${INSTALL_HINT}` : `webgpu (Dawn) failed to load (${firstLine(err)})`,
    };
  }
  const tried: string[] = [];
  const attempt = async (route: FoundAdapter["route"], flags: string[], options: object): Promise<FoundAdapter | null> => {
    try {
      const gpu = dawn.create(flags);
      const adapter = await gpu.requestAdapter(options);
      if (adapter === null || adapter === undefined) {
        tried.push(`${route === "default" ? (linux ? "Vulkan" : "default backend") : "OpenGL ES"}: requestAdapter() returned null`);
        return null;
      }
      return { dawn, gpu, adapter, description: describeAdapter(adapter.info), software: isSoftwareAdapter(adapter.info), route };
    } catch (err) {
      tried.push(`${route}: ${firstLine(err)}`);
      return null;
    }
  };
  let found = await attempt("default", [], { powerPreference: "high-performance" });
  if (found === null && allowGl && linux) {
    // Mesa's EGL needs a platform without a display server; set only if the user did not choose one.
    process.env["EGL_PLATFORM"] ??= "surfaceless";
    found = await attempt("opengles", ["backend=opengles"], { featureLevel: "compatibility" });
  }
  if (found === null) {
    const hint = linux
      ? `install a Vulkan driver (a GPU vendor's driver with its Vulkan ICD)${allowGl ? `, or for the software renderer: apt-get install ${SOFTWARE_GL_PACKAGES.join(" ")}` : ""}`
      : "no WebGPU-capable GPU driver found";
    return { ok: false, reason: `no WebGPU adapter (${tried.join("; ")}); ${hint}` };
  }
  return { ok: true, found };
}

export const SYNC_READ_MESSAGE =
  "the webgpu backend cannot read a GPU tensor synchronously in Node (dataSync/arraySync: tfjs needs a browser's " +
  "OffscreenCanvas, WebGPU has no synchronous map); read with `await tensor.data()` or use REPRORL_BACKEND=wasm";

/** True when tfjs's webgpu backend can serve `dataSync` here (browsers: yes; Node: no). */
export function webGpuSyncReadsSupported(): boolean {
  return typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas === "function";
}

function setNavigatorGpu(gpu: GpuLike): void {
  const g = globalThis as { navigator?: object };
  if (g.navigator === undefined) {
    Object.defineProperty(globalThis, "navigator", { value: {}, configurable: true, writable: true });
  }
  Object.defineProperty(g.navigator!, "gpu", { value: gpu, configurable: true, writable: true });
}

function defineDawnGlobals(globals: Record<string, unknown>): void {
  // tfjs's kernels read GPUBufferUsage, GPUMapMode, ... as globals, as in a browser.
  const g = globalThis as Record<string, unknown>;
  for (const [k, v] of Object.entries(globals)) if (!(k in g)) g[k] = v;
}

/** The adapter's own limits, requested in full (a "compatibility" adapter's defaults are lower). */
function allLimits(limits: object): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k in limits) {
    const v = (limits as Record<string, unknown>)[k];
    if (typeof v === "number") out[k] = v;
  }
  return out;
}

let started: { description: string; software: boolean; device: DeviceLike } | null = null;

/** The adapter of the running webgpu backend, or null. */
export function webGpuStarted(): { description: string; software: boolean } | null {
  return started === null ? null : { description: started.description, software: started.software };
}

/**
 * Register and activate the "webgpu" backend on `found`'s adapter. On any failure the backend is
 * unregistered, the device destroyed and the previous backend re-activated (tfjs leaves
 * `tf.getBackend()` at "webgpu" after a failed `setBackend`, and the next op throws), and the
 * reason is returned.
 */
export async function startWebGpu(
  found: FoundAdapter,
  loaders: WebGpuLoaders = DEFAULT_WEBGPU_LOADERS,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (started !== null) return (await tf.setBackend("webgpu")) ? { ok: true } : { ok: false, reason: "tf.setBackend('webgpu') failed" };
  const previous = tf.engine().backendName as string | null | undefined;
  let device: DeviceLike | null = null;
  try {
    defineDawnGlobals(found.dawn.globals);
    setNavigatorGpu(found.gpu);
    let pkg: { WebGPUBackend: WebGpuBackendCtor };
    try {
      pkg = loaders.requireTfjsWebgpu();
    } catch (err) {
      throw new Error(
        missingPackage(err, "@tensorflow/tfjs-backend-webgpu") ? `npm package @tensorflow/tfjs-backend-webgpu not installed; ${INSTALL_HINT}` : firstLine(err),
      );
    }
    device = await found.adapter.requestDevice({ requiredLimits: allLimits(found.adapter.limits) });
    const dev = device;
    const NodeWebGpuBackend = nodeBackendClass(pkg.WebGPUBackend);
    // The package registered its own factory at import (it requests a default adapter itself).
    if (tf.findBackendFactory("webgpu") != null) tf.removeBackend("webgpu");
    // Built here, not in the factory: tfjs would log a factory's error and only return false.
    const backend = new NodeWebGpuBackend(dev, found.adapter.info);
    tf.registerBackend("webgpu", () => backend, 0);
    const ok = await tf.setBackend("webgpu");
    if (!ok) throw new Error("tf.setBackend('webgpu') returned false");
    await tf.ready();
    // One op and an async read: the device really computes.
    const probe = tf.tidy(() => tf.sum(tf.mul(tf.range(0, 2048), 2)));
    const value = (await probe.data())[0];
    probe.dispose();
    if (value !== 2047 * 2048) throw new Error(`a test sum on the device returned ${value}, not ${2047 * 2048}`);
    started = { description: found.description, software: found.software, device: dev };
    return { ok: true };
  } catch (err) {
    if (tf.findBackendFactory("webgpu") != null) tf.removeBackend("webgpu");
    try {
      device?.destroy();
    } catch {
      // a device that failed half-way may not destroy cleanly; it is unreferenced either way
    }
    if (previous != null && previous !== "webgpu" && tf.findBackendFactory(previous) != null) await tf.setBackend(previous);
    return { ok: false, reason: `the webgpu backend did not start on ${found.description} (${firstLine(err)})` };
  }
}

/** tfjs's backend with synchronous reads failing as a one-line ReproError (see the file comment). */
function nodeBackendClass(Base: WebGpuBackendCtor): WebGpuBackendCtor {
  return class NodeWebGpuBackend extends Base {
    constructor(device: DeviceLike, info?: AdapterInfoLike) {
      super(device, info);
      // tfjs warns once that sync reads are slow before trying one; here they fail with our message instead.
      (this as unknown as { hasReadSyncWarned: boolean }).hasReadSyncWarned = true;
    }
    override readSync(dataId: object): tf.backend_util.BackendValues {
      try {
        return super.readSync(dataId);
      } catch (err) {
        if (err instanceof ReferenceError && /OffscreenCanvas/.test(err.message)) throw new ReproError(SYNC_READ_MESSAGE);
        throw err;
      }
    }
  };
}

/**
 * @internal Forget the started backend and destroy its device (tests; and a script that wants
 * Dawn gone before it ends).
 */
export function stopWebGpu(): void {
  if (started === null) return;
  if (tf.getBackend() === "webgpu") tf.removeBackend("webgpu");
  else if (tf.findBackendFactory("webgpu") != null) tf.removeBackend("webgpu");
  started.device.destroy();
  started = null;
}
