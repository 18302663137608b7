/**
 * Instances of the project's hand-written wasm modules (winograd.wat, optimizer.wat; embedded
 * by scripts/build-wasm-modules.js) on tfjs-backend-wasm's own memory, one per tfjs wasm module:
 * they read and write tensors in place by their heap offsets (wasm-internals.memoryOffset).
 * The memory import is shared for the threaded tfjs-wasm build and plain otherwise.
 */
import type { Backend } from "./wasm-internals.js";
import {
  OPTIMIZER_WASM_PLAIN,
  OPTIMIZER_WASM_SHARED,
  WINOGRAD_WASM_PLAIN,
  WINOGRAD_WASM_SHARED,
} from "./wasm-modules.generated.js";

const BINARIES = {
  winograd: { shared: WINOGRAD_WASM_SHARED, plain: WINOGRAD_WASM_PLAIN },
  optimizer: { shared: OPTIMIZER_WASM_SHARED, plain: OPTIMIZER_WASM_PLAIN },
};
export type ModuleName = keyof typeof BINARIES;

const cache = new WeakMap<object, Map<ModuleName, WebAssembly.Exports>>();

/** tfjs-wasm's memory (threaded build: Module.wasmMemory; plain build: the exported memory). */
function memoryOf(backend: Backend): WebAssembly.Memory {
  const module = backend.wasm as unknown as { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
  const memory = module.wasmMemory ?? module.asm?.memory;
  if (memory === undefined) throw new Error("reprorl wasm: cannot find tfjs-wasm's memory");
  return memory;
}

/** The exports of module `name` instantiated on `backend`'s memory. */
export function wasmModule<T>(backend: Backend, name: ModuleName): T {
  let byName = cache.get(backend.wasm);
  if (byName === undefined) {
    byName = new Map();
    cache.set(backend.wasm, byName);
  }
  let exports = byName.get(name);
  if (exports === undefined) {
    const memory = memoryOf(backend);
    const shared = typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
    const bytes = Buffer.from(shared ? BINARIES[name].shared : BINARIES[name].plain, "base64");
    exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
    byName.set(name, exports);
  }
  return exports as unknown as T;
}
