/** Tensor backend selection (native, WebGPU, wasm, cpu) and the project's wasm training kernels. */
export {
  initBackend,
  silenceCpuBanner,
  resolvePreference,
  nativeBackendRegistered,
  wasmBinaryFolder,
  type BackendInfo,
  type BackendName,
  type BackendPreference,
  type InitBackendOptions,
} from "./select.js";
export {
  registerProjectKernels,
  unregisterProjectKernels,
  projectKernelsActive,
  PROJECT_KERNEL_NAMES,
} from "./wasm-kernels/register.js";
export { resolveWebGpuMode, isSoftwareAdapter, webGpuStarted, type WebGpuMode } from "./webgpu.js";
export { ensureBackend, warnIfDefaultBackend, backendChosen } from "./ensure.js";
