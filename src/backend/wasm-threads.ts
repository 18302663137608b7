/**
 * Multithreaded wasm in Node.
 *
 * tfjs-backend-wasm 4.22 ships a threaded SIMD build (XNNPACK over a pthreadpool of
 * Emscripten workers) but never uses it in Node: its `WASM_HAS_MULTITHREAD_SUPPORT` flag
 * returns false there (tfjs issue #3830). Three things stand in the way, and this module
 * removes each for the duration of the wasm start-up only:
 *
 * 1. The pthread workers are created from a `blob:` URL holding the worker script;
 *    `worker_threads.Worker` cannot load blob URLs. We swap in a Worker subclass that runs
 *    the same script (the package's `wasmWorkerContents`) with `eval: true`, and makes the
 *    worker load the Emscripten factory from `wasm-out/…threaded-simd.js` by `require`
 *    (the browser path imports it from another blob URL).
 * 2. The worker pool holds Node's event loop open (a script would never exit). Our workers
 *    are unref'd and ignore `ref()`; they end with the process.
 * 3. The C side caps the pool at `emscripten_num_logical_cores() / 2` (it assumes two
 *    hyper-threads per core), i.e. at `os.cpus().length / 2` threads in Node — 1 thread on
 *    our 2-core machines. `os.cpus` reports `2 × threads` entries while the module starts.
 *
 * Same thread count and seed → identical numbers (XNNPACK splits outputs, not reductions,
 * across threads; tested). The thread count is fixed for the life of the process.
 */

import * as os from "node:os";
import * as path from "node:path";
import * as workerThreads from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../core/errors.js";

/** XNNPACK's pool never exceeds 8 threads in this build. */
export const MAX_WASM_THREADS = 8;

/**
 * Parse a thread request: a positive integer, or "auto" (= number of CPUs, capped at 8).
 * `where` names the source (env var or API) in the one-line error.
 */
export function parseWasmThreads(raw: string | number, where: string): number {
  if (raw === "auto") return Math.max(1, Math.min(MAX_WASM_THREADS, os.cpus().length));
  const n = typeof raw === "number" ? raw : Number(String(raw).trim());
  if (!Number.isInteger(n) || n < 1 || n > MAX_WASM_THREADS) {
    throw new ReproError(
      `${where} is "${String(raw)}"; use an integer from 1 to ${MAX_WASM_THREADS} or "auto"`,
    );
  }
  return n;
}

function wasmOutFolder(): string {
  const pkgJson = require.resolve("@tensorflow/tfjs-backend-wasm/package.json");
  return path.join(path.dirname(pkgJson), "wasm-out");
}

/** The pthread worker script, made loadable from a string in Node. */
function workerSource(): string {
  const out = wasmOutFolder();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const contents = (require(path.join(out, "tfjs-backend-wasm-threaded-simd.worker.js")) as {
    wasmWorkerContents: string;
  }).wasmWorkerContents;
  const factory = path.join(out, "tfjs-backend-wasm-threaded-simd.js");
  // The stored script has literal newlines inside string literals (tfjs escapes them the
  // same way before making its blob). Our appended line replaces importScripts: the main
  // thread sends the factory as a blob, which Node cannot import; require the file instead.
  return (
    contents.replace(/\n/g, "\\n") +
    `;global.importScripts=function(){global.WasmBackendModuleThreadedSimd=require(${JSON.stringify(factory)});};`
  );
}

type WorkerCtor = typeof workerThreads.Worker;

function makeWorkerClass(Real: WorkerCtor, source: string): WorkerCtor {
  class UnrefWorker extends Real {
    constructor(filename: string | URL, options?: workerThreads.WorkerOptions) {
      if (typeof filename === "string" && filename.startsWith("blob:")) {
        super(source, { ...options, eval: true });
      } else {
        super(filename, options);
      }
      super.unref();
    }
    override ref(): void {
      // Pool threads live as long as the process; they must not keep it alive.
    }
  }
  return UnrefWorker as unknown as WorkerCtor;
}

/**
 * Run `start` (which must create the wasm backend for the first time) with the patches
 * above in place for `threads` > 1; restores `os.cpus` and `worker_threads.Worker` after.
 * `wasmModule` is @tensorflow/tfjs-backend-wasm.
 */
export async function startWasmWithThreads<T>(
  threads: number,
  wasmModule: { setThreadsCount(n: number): void },
  start: () => Promise<T>,
): Promise<T> {
  if (threads <= 1) {
    wasmModule.setThreadsCount(1);
    return start();
  }
  // The real module objects (an ES namespace import would be a read-only copy).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const osMutable = require("node:os") as { cpus: () => os.CpuInfo[] };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wt = require("node:worker_threads") as { Worker: WorkerCtor };
  const realCpus = osMutable.cpus;
  const RealWorker = wt.Worker;
  osMutable.cpus = () => {
    const cpus = realCpus();
    const out: os.CpuInfo[] = [];
    for (let i = 0; i < 2 * threads; i++) out.push(cpus[i % cpus.length]!);
    return out;
  };
  wt.Worker = makeWorkerClass(RealWorker, workerSource());
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  wasmModule.setThreadsCount(threads);
  try {
    return await start();
  } finally {
    osMutable.cpus = realCpus;
    wt.Worker = RealWorker;
  }
}
