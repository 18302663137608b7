/**
 * Tensor backend selection.
 *
 * Order for "auto": native TensorFlow (`@tensorflow/tfjs-node-gpu`, then `@tensorflow/tfjs-node`)
 * → WebGPU on a hardware adapter (webgpu.ts; rule below) → wasm with the project's training
 * kernels → the pure-JS cpu backend.
 * The env var `REPRORL_BACKEND=tensorflow|webgpu|wasm|cpu` overrides "auto"; the API option wins
 * over the env var. A forced backend that cannot start is a one-line ReproError.
 *
 * WebGPU in "auto", by `REPRORL_WEBGPU` (default auto):
 *   - off: never tried (Dawn is not even loaded);
 *   - on: used whenever a hardware adapter is found;
 *   - auto: used when a hardware adapter is found, the backend can serve synchronous reads
 *     (the agents' update and act call `dataSync`; in Node tfjs's webgpu backend cannot, see
 *     webgpu.ts, so today auto never takes it in Node and says why), and the start-up probe
 *     (step-probe.ts, one pixel-encoder gradient step) is faster on it than on wasm.
 * A software adapter (llvmpipe, lavapipe, SwiftShader) is never chosen by "auto", whatever the
 * mode; `REPRORL_BACKEND=webgpu` uses it (tests and CI run WebGPU that way).
 *
 * Native detection trap: this repo's package.json aliases danfojs's `@tensorflow/tfjs-node` to
 * plain `@tensorflow/tfjs`, and the alias is hoisted to `node_modules/@tensorflow/tfjs-node`,
 * so `require("@tensorflow/tfjs-node")` succeeds while loading plain tfjs. The native backend
 * counts as present only when a backend named "tensorflow" is registered in tf's engine after
 * the require.
 */

import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../core/errors.js";
import { registerProjectKernels } from "./wasm-kernels/register.js";
import { timeEncoderStep } from "./step-probe.js";
import { parseWasmThreads, startWasmWithThreads } from "./wasm-threads.js";
import {
  DEFAULT_WEBGPU_LOADERS,
  findWebGpuAdapter,
  resolveWebGpuMode,
  startWebGpu,
  webGpuStarted,
  webGpuSyncReadsSupported,
  type WebGpuLoaders,
} from "./webgpu.js";

export type BackendName = "tensorflow" | "webgpu" | "wasm" | "cpu";
export type BackendPreference = "auto" | BackendName;

/** Plain-JSON description of the running backend, recorded beside every result. */
export interface BackendInfo {
  name: BackendName;
  /** True when tensors live on a GPU: native `@tensorflow/tfjs-node-gpu`, or WebGPU on a hardware adapter. */
  gpu: boolean;
  /** WebGPU only: the adapter (vendor, architecture, device, description as Dawn reports them). */
  adapter?: string;
  threads: number;
  simd: boolean;
  /** Kernels this project registered over (or in addition to) the stock ones. */
  projectKernels: string[];
  tfjsVersion: string;
  /** One human line: what runs and, if not native, how to get something faster. */
  note: string;
}

export interface InitBackendOptions {
  prefer?: BackendPreference;
  /**
   * Threads for the wasm backend (XNNPACK's pool): 1–8 or "auto" (= CPUs). Default: the env
   * var `REPRORL_WASM_THREADS`, else "auto". Fixed once wasm has started in this process.
   */
  threads?: number | "auto";
  /** Do not print the one-line backend summary. */
  quiet?: boolean;
  /**
   * @internal Loader for the native packages (tests inject throwing / fake loaders).
   * Defaults to `require`.
   */
  loadNative?: (moduleName: string) => unknown;
  /** @internal How Dawn, tfjs's webgpu package and the Vulkan drivers are found (tests inject fakes). */
  webgpu?: Partial<WebGpuLoaders> & {
    /** Whether the webgpu backend serves `dataSync` (default: it does where OffscreenCanvas exists). */
    syncReads?: boolean;
    /** The start-up probe: ms of one encoder step on a backend (default step-probe.ts). */
    timeStep?: (backend: string) => Promise<number>;
  };
  /** @internal Where the summary line goes (default console.log). */
  log?: (line: string) => void;
  /** @internal Environment to read REPRORL_BACKEND and REPRORL_WEBGPU from (default process.env). */
  env?: Record<string, string | undefined>;
}

const ALLOWED: readonly BackendPreference[] = ["auto", "tensorflow", "webgpu", "wasm", "cpu"];
const NATIVE_PACKAGES = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"] as const;
const GPU_HINT =
  "for a faster backend on a GPU box: npm install @tensorflow/tfjs-node-gpu@4.22.0 " +
  "(its install script downloads libtensorflow, so that host must be reachable)";

/** Resolve the preference: API option, else REPRORL_BACKEND, else "auto". */
export function resolvePreference(
  prefer: string | undefined,
  env: Record<string, string | undefined> = process.env,
): BackendPreference {
  const fromApi = prefer !== undefined;
  const raw = fromApi ? prefer : env["REPRORL_BACKEND"];
  if (raw === undefined || raw === "") return "auto";
  const value = raw.trim().toLowerCase();
  if (!(ALLOWED as readonly string[]).includes(value)) {
    const where = fromApi ? "initBackend({prefer})" : "REPRORL_BACKEND";
    throw new ReproError(
      `${where} is "${raw}", which is not a backend; use one of: ${ALLOWED.join(", ")}`,
    );
  }
  return value as BackendPreference;
}

interface NativeAttempt {
  ok: boolean;
  gpu: boolean;
  /** Why it is not available (when !ok). */
  reason: string;
}

/** True when a backend named "tensorflow" is registered in this tfjs engine. */
export function nativeBackendRegistered(): boolean {
  return tf.findBackendFactory("tensorflow") != null;
}

let nativeIsGpu = false;

function tryNative(load: (m: string) => unknown): NativeAttempt {
  if (nativeBackendRegistered()) return { ok: true, gpu: nativeIsGpu, reason: "" };
  const reasons: string[] = [];
  for (const pkg of NATIVE_PACKAGES) {
    try {
      load(pkg);
    } catch (err) {
      const msg = err instanceof Error ? err.message.split("\n")[0]! : String(err);
      const missing = /Cannot find module/.test(msg) && msg.includes(pkg);
      reasons.push(missing ? `${pkg} not installed` : `${pkg} failed to load (${msg})`);
      continue;
    }
    if (nativeBackendRegistered()) {
      nativeIsGpu = pkg === "@tensorflow/tfjs-node-gpu";
      return { ok: true, gpu: nativeIsGpu, reason: "" };
    }
    reasons.push(
      `${pkg} loaded but registered no "tensorflow" backend (an alias of plain tfjs, or a second @tensorflow/tfjs-core copy)`,
    );
  }
  return { ok: false, gpu: false, reason: reasons.join("; ") };
}

/** Folder holding the .wasm binaries of @tensorflow/tfjs-backend-wasm (file path, trailing sep). */
export function wasmBinaryFolder(): string {
  const pkgJson = require.resolve("@tensorflow/tfjs-backend-wasm/package.json");
  return path.join(path.dirname(pkgJson), "dist") + path.sep;
}

/** A resolved thread request; `auto` requests fall back to one thread if threads fail. */
export interface WasmThreadRequest {
  threads: number;
  auto: boolean;
}

/**
 * Resolve the wasm thread count: API option, else REPRORL_WASM_THREADS, else "auto"
 * (= CPUs). XNNPACK splits outputs, not sums, across threads, so the thread count does not
 * change the numbers (tested); the parallel-seed runner gives each child CPUs/jobs threads.
 */
export function resolveWasmThreads(
  threads: number | "auto" | undefined,
  env: Record<string, string | undefined> = process.env,
): WasmThreadRequest {
  if (threads !== undefined) {
    return { threads: parseWasmThreads(threads, "initBackend({threads})"), auto: threads === "auto" };
  }
  const raw = (env["REPRORL_WASM_THREADS"] ?? "").trim().toLowerCase();
  if (raw === "" || raw === "auto") return { threads: parseWasmThreads("auto", "REPRORL_WASM_THREADS"), auto: true };
  return { threads: parseWasmThreads(raw, "REPRORL_WASM_THREADS"), auto: false };
}

let wasmModule: typeof import("@tensorflow/tfjs-backend-wasm") | null = null;
/** Threads the wasm module was started with (null before it starts). */
let wasmStartedThreads: number | null = null;
/** Why an "auto" thread request ended with one thread (shown in the backend note). */
let threadFallbackReason = "";

/** @internal Tests: make the next threaded start fail before tfjs is touched. */
export const wasmThreadsTestHooks = { failThreadedStart: false };

function firstLine(err: unknown): string {
  return err instanceof Error ? err.message.split("\n")[0]! : String(err);
}

async function startWasmOnce(threads: number): Promise<boolean> {
  if (wasmModule === null) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    wasmModule = require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
    wasmModule.setWasmPaths(wasmBinaryFolder());
  }
  if (wasmStartedThreads !== null) return tf.setBackend("wasm");
  if (threads > 1 && wasmThreadsTestHooks.failThreadedStart) {
    throw new Error("threaded start disabled by a test hook");
  }
  return startWasmWithThreads(threads, wasmModule, async () => {
    const started = await tf.setBackend("wasm");
    if (started) await tf.ready();
    return started;
  });
}

async function startWasm(req: WasmThreadRequest): Promise<{ ok: boolean; reason: string }> {
  let threads = req.threads;
  try {
    let ok: boolean;
    try {
      ok = await startWasmOnce(threads);
      if (!ok && threads > 1 && req.auto) throw new Error("tf.setBackend('wasm') failed");
    } catch (err) {
      if (!(threads > 1 && req.auto && wasmStartedThreads === null)) throw err;
      threadFallbackReason = `wasm threads unavailable (${firstLine(err)}), using 1`;
      tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
      threads = 1;
      ok = await startWasmOnce(1);
    }
    if (!ok) return { ok: false, reason: "tf.setBackend('wasm') failed" };
    await tf.ready();
    wasmStartedThreads ??= threads;
    return { ok: true, reason: "" };
  } catch (err) {
    return { ok: false, reason: `wasm backend failed to start (${firstLine(err)})` };
  }
}

/**
 * tfjs's cpu backend prints a banner on its first tensor recommending @tensorflow/tfjs-node,
 * whose install script downloads libtensorflow (it cannot install offline). Our own summary line
 * says what runs and how to get something faster, so the banner is switched off.
 */
export function silenceCpuBanner(): void {
  if (tf.findBackendFactory("cpu") == null) return;
  const cpu = tf.findBackend("cpu") as unknown as { firstUse?: boolean } | null;
  if (cpu !== null && typeof cpu.firstUse === "boolean") cpu.firstUse = false;
}

async function startCpu(): Promise<void> {
  await tf.setBackend("cpu");
  await tf.ready();
  silenceCpuBanner();
}

/** Why each faster backend was not used: native TensorFlow, WebGPU. */
interface NotUsed {
  native: string;
  webgpu: string;
}

async function describe(name: BackendName, gpu: boolean, kernels: string[], why: NotUsed, adapter?: string): Promise<BackendInfo> {
  let threads = 1;
  let simd = false;
  if (name === "wasm") {
    simd = Boolean(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"));
    threads = wasmModule !== null ? wasmModule.getThreadsCount() : 1;
  } else if (name === "tensorflow") {
    simd = true;
    threads = os.cpus().length;
  }
  const notUsed = (why.native ? `; native TensorFlow not used: ${why.native}` : "") + (why.webgpu ? `; WebGPU not used: ${why.webgpu}` : "");
  let note: string;
  if (name === "tensorflow") {
    note = `tensor backend: native TensorFlow (${gpu ? "tfjs-node-gpu" : "tfjs-node, CPU"}, ${threads} threads)`;
  } else if (name === "webgpu") {
    note = `tensor backend: WebGPU (Dawn, ${gpu ? "GPU" : "software renderer"}: ${adapter ?? "unnamed adapter"})${notUsed}`;
  } else if (name === "wasm") {
    note =
      `tensor backend: wasm (${simd ? "SIMD" : "no SIMD"}, ${threads} thread${threads === 1 ? "" : "s"}, ` +
      `project kernels: ${kernels.join(", ") || "none"})` +
      (threadFallbackReason ? `; ${threadFallbackReason}` : "") +
      notUsed +
      `; ${GPU_HINT}`;
  } else {
    note = "tensor backend: cpu (pure JS, ~100x slower than wasm for conv nets)" + notUsed + `; ${GPU_HINT}`;
  }
  const info: BackendInfo = {
    name,
    gpu,
    threads,
    simd,
    projectKernels: kernels,
    tfjsVersion: tf.version.tfjs ?? tf.version["tfjs-core"]!,
    note,
  };
  if (adapter !== undefined) info.adapter = adapter;
  return info;
}

const cache = new Map<BackendPreference, BackendInfo>();

/** True once `initBackend` has chosen a backend in this process. */
export function backendSelected(): boolean {
  return cache.size > 0;
}
let inFlight: Promise<BackendInfo> | null = null;

type WebGpuOptions = NonNullable<InitBackendOptions["webgpu"]>;

function webGpuLoaders(opts: WebGpuOptions): WebGpuLoaders {
  return { ...DEFAULT_WEBGPU_LOADERS, ...opts };
}

/** `REPRORL_BACKEND=webgpu`: any adapter, software included (tests and CI); failure is an error. */
async function forcedWebGpu(opts: WebGpuOptions, why: NotUsed): Promise<BackendInfo> {
  const loaders = webGpuLoaders(opts);
  const found = await findWebGpuAdapter(true, loaders);
  const started = found.ok ? await startWebGpu(found.found, loaders) : found;
  if (!started.ok) {
    throw new ReproError(`WebGPU backend requested but not available: ${started.reason}; or use REPRORL_BACKEND=wasm`);
  }
  const adapter = webGpuStarted()!;
  return describe("webgpu", !adapter.software, [], why, adapter.description);
}

/**
 * "auto": start WebGPU when the rule in the file comment allows it. Returns "" when the webgpu
 * backend is now active, else the reason it is not (and whatever ran before is active again).
 */
async function autoWebGpu(
  env: Record<string, string | undefined>,
  opts: WebGpuOptions,
  threads: WasmThreadRequest,
): Promise<string> {
  const mode = resolveWebGpuMode(env);
  if (mode === "off") return "REPRORL_WEBGPU=off";
  const loaders = webGpuLoaders(opts);
  const found = await findWebGpuAdapter(false, loaders);
  if (!found.ok) return found.reason;
  const { description, software } = found.found;
  if (software) return `the adapter (${description}) is a software renderer, never chosen automatically (REPRORL_BACKEND=webgpu forces it)`;
  if (mode === "auto" && !(opts.syncReads ?? webGpuSyncReadsSupported())) {
    return (
      `GPU adapter ${description} found, but the webgpu backend cannot serve dataSync in Node, which the agents' ` +
      `update and act use (REPRORL_WEBGPU=on uses it anyway, for code that reads with await data())`
    );
  }
  const started = await startWebGpu(found.found, loaders);
  if (!started.ok) return started.reason;
  if (mode === "on") return "";
  // REPRORL_WEBGPU=auto: keep WebGPU only if one encoder gradient step is faster than on wasm.
  const timeStep = opts.timeStep ?? timeEncoderStep;
  const gpuMs = await timeStep("webgpu");
  const wasm = await startWasm(threads);
  if (!wasm.ok) {
    await tf.setBackend("webgpu");
    return "";
  }
  registerProjectKernels();
  const wasmMs = await timeStep("wasm");
  if (gpuMs < wasmMs) {
    await tf.setBackend("webgpu");
    return "";
  }
  await tf.setBackend("wasm");
  return `GPU adapter ${description} is slower than wasm here (one encoder step ${gpuMs.toFixed(0)} ms vs ${wasmMs.toFixed(0)} ms; REPRORL_WEBGPU=on uses it anyway)`;
}

async function select(
  pref: BackendPreference,
  threads: WasmThreadRequest,
  load: (m: string) => unknown,
  env: Record<string, string | undefined>,
  gpuOpts: WebGpuOptions,
): Promise<BackendInfo> {
  const why: NotUsed = { native: "", webgpu: "" };
  if (pref === "auto" || pref === "tensorflow") {
    const native = tryNative(load);
    if (native.ok) {
      await tf.setBackend("tensorflow");
      await tf.ready();
      return describe("tensorflow", native.gpu, [], why);
    }
    if (pref === "tensorflow") {
      throw new ReproError(
        `native TensorFlow backend requested but not available: ${native.reason}; ` +
          `install @tensorflow/tfjs-node (or -gpu) 4.22.0 or use REPRORL_BACKEND=wasm`,
      );
    }
    why.native = native.reason;
  }
  if (pref === "webgpu") return forcedWebGpu(gpuOpts, why);
  if (pref === "auto") {
    why.webgpu = await autoWebGpu(env, gpuOpts, threads);
    if (why.webgpu === "") {
      const adapter = webGpuStarted()!;
      return describe("webgpu", !adapter.software, [], why, adapter.description);
    }
  }
  if (pref === "auto" || pref === "wasm") {
    const wasm = await startWasm(threads);
    if (wasm.ok) {
      const kernels = registerProjectKernels();
      return describe("wasm", false, kernels, why);
    }
    if (pref === "wasm" || (!threads.auto && threads.threads > 1)) {
      throw new ReproError(
        `wasm backend${threads.threads > 1 ? ` with ${threads.threads} threads` : ""} requested but it did not start: ${wasm.reason}`,
      );
    }
    why.native = [why.native, wasm.reason].filter(Boolean).join("; ");
  }
  await startCpu();
  return describe("cpu", false, [], why);
}

/**
 * Choose and start the tensor backend. Idempotent: a second call with the same (resolved)
 * preference re-activates the same backend and returns the same info object.
 */
export async function initBackend(opts: InitBackendOptions = {}): Promise<BackendInfo> {
  const pref = resolvePreference(opts.prefer, opts.env ?? process.env);
  const threads = resolveWasmThreads(opts.threads, opts.env ?? process.env);
  if (
    wasmStartedThreads !== null &&
    !threads.auto &&
    wasmStartedThreads !== threads.threads &&
    (pref === "wasm" || pref === "auto")
  ) {
    throw new ReproError(
      `the wasm backend already runs with ${wasmStartedThreads} thread(s) in this process; ` +
        `${threads.threads} cannot be set now (set REPRORL_WASM_THREADS before the first initBackend)`,
    );
  }
  while (inFlight !== null) await inFlight.catch(() => undefined);
  const cached = cache.get(pref);
  if (cached !== undefined) {
    if (tf.getBackend() !== cached.name) await tf.setBackend(cached.name);
    return cached;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = opts.loadNative ?? ((m: string) => require(m) as unknown);
  const env = opts.env ?? process.env;
  inFlight = select(pref, threads, load, env, opts.webgpu ?? {});
  try {
    const info = await inFlight;
    cache.set(pref, info);
    if (!opts.quiet) (opts.log ?? console.log)(`[reprorl] ${info.note}`);
    return info;
  } finally {
    inFlight = null;
  }
}

/** @internal Forget cached selections (tests). */
export function resetBackendSelectionForTests(): void {
  cache.clear();
}
