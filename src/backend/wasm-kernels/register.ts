/**
 * Registration of the project's wasm kernels. Must run after the wasm backend is initialised
 * (tf.setBackend("wasm") resolved): the stock kernels' one-time setup runs at backend
 * initialisation, and the project kernels call the stock ones.
 */

import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../../core/errors.js";
import { batchMatMulWasm } from "./batch-mat-mul.js";
import { conv2DBackpropFilterWasm } from "./conv2d-backprop-filter.js";
import { conv2DBackpropInputWasm } from "./conv2d-backprop-input.js";
import { conv2DWasm, fusedConv2DWasm, winogradPolicy } from "./conv2d-winograd.js";
import { castWasm, identityWasm, sumWasm } from "./sum-leading.js";
import { stockKernels } from "./wasm-internals.js";

const projectConfigs: tf.KernelConfig[] = [
  {
    kernelName: "Conv2DBackpropFilter",
    backendName: "wasm",
    kernelFunc: conv2DBackpropFilterWasm as unknown as tf.KernelFunc,
  },
  {
    kernelName: "Conv2DBackpropInput",
    backendName: "wasm",
    kernelFunc: conv2DBackpropInputWasm as unknown as tf.KernelFunc,
  },
  {
    kernelName: "BatchMatMul",
    backendName: "wasm",
    kernelFunc: batchMatMulWasm as unknown as tf.KernelFunc,
  },
  { kernelName: "Sum", backendName: "wasm", kernelFunc: sumWasm as unknown as tf.KernelFunc },
  { kernelName: "Identity", backendName: "wasm", kernelFunc: identityWasm as unknown as tf.KernelFunc },
  { kernelName: "Cast", backendName: "wasm", kernelFunc: castWasm as unknown as tf.KernelFunc },
  // generation "current" only (see KernelGeneration)
  { kernelName: "Conv2D", backendName: "wasm", kernelFunc: conv2DWasm as unknown as tf.KernelFunc },
  { kernelName: "FusedConv2D", backendName: "wasm", kernelFunc: fusedConv2DWasm as unknown as tf.KernelFunc },
];

/**
 * Kernel generations, kept selectable so benchmarks time old against new in one run:
 *  - "previous": the six kernels above Conv2D/FusedConv2D (stock forward convs, and the
 *    backprop-input conv without Winograd);
 *  - "current" (default): also Winograd F(2×2, 3×3) for big 3×3 stride-1 convs (Conv2D, FusedConv2D, and Conv2DBackpropInput's stride-1 path; conv2d-winograd.ts), and the
 *    agents' Adam steps and Polyak averaging as one wasm pass per variable (agents/adam-fused.ts,
 *    which reads `kernelGeneration()`; bit-identical to the op sequences).
 * The env var REPRORL_WASM_KERNELS=previous|current picks the generation registered by
 * `registerProjectKernels()` without `only`; `setKernelGeneration` switches in-process.
 */
export type KernelGeneration = "previous" | "current";
export const KERNEL_GENERATIONS: readonly KernelGeneration[] = ["previous", "current"];
const CURRENT_ONLY: readonly string[] = ["Conv2D", "FusedConv2D"];

/** The generation named by REPRORL_WASM_KERNELS (default "current"). */
export function kernelGenerationFromEnv(env: Record<string, string | undefined> = process.env): KernelGeneration {
  const raw = (env["REPRORL_WASM_KERNELS"] ?? "").trim().toLowerCase();
  if (raw === "" || raw === "current") return "current";
  if (raw === "previous") return "previous";
  throw new ReproError(`REPRORL_WASM_KERNELS must be "previous" or "current", got "${raw}"`);
}

let generation: KernelGeneration = "current";

/** The kernel generation in use. */
export function kernelGeneration(): KernelGeneration {
  return generation;
}

/** Switch the registered project kernels to `gen` (the wasm backend must be initialised). */
export function setKernelGeneration(gen: KernelGeneration): void {
  unregisterProjectKernels();
  generation = gen;
  winogradPolicy.enabled = gen === "current";
  registerProjectKernels(gen === "current" ? PROJECT_KERNEL_NAMES : PREVIOUS_NAMES);
}

/** Names of the kernels the project registers for the wasm backend (generation "current"). */
export const PROJECT_KERNEL_NAMES: readonly string[] = projectConfigs.map((c) => c.kernelName);
const PREVIOUS_NAMES: readonly string[] = PROJECT_KERNEL_NAMES.filter((n) => !CURRENT_ONLY.includes(n));

function wasmInitialised(): boolean {
  const registry = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
  return registry["wasm"] != null;
}

function isProject(config: tf.KernelConfig | undefined): boolean {
  return config !== undefined && projectConfigs.some((c) => c.kernelFunc === config.kernelFunc);
}

/** True when the project kernels (of the generation in use) are the ones registered for wasm right now. */
export function projectKernelsActive(): boolean {
  const names = generation === "current" ? PROJECT_KERNEL_NAMES : PREVIOUS_NAMES;
  return projectConfigs.every((c) => !names.includes(c.kernelName) || isProject(tf.getKernel(c.kernelName, "wasm")));
}

/**
 * Register the project kernels for the wasm backend (replacing stock ones, which are kept for
 * delegation). Idempotent. `only` restricts to some of them (benchmark ablations); without it,
 * the generation of REPRORL_WASM_KERNELS (default "current"). Returns the names registered.
 */
export function registerProjectKernels(only?: readonly string[]): string[] {
  if (only === undefined) {
    generation = kernelGenerationFromEnv();
    winogradPolicy.enabled = generation === "current";
    if (generation === "previous") only = PREVIOUS_NAMES;
  }
  if (!wasmInitialised()) {
    throw new ReproError(
      "the wasm backend must be initialised before registering project kernels; call initBackend() first",
    );
  }
  for (const config of projectConfigs) {
    if (only !== undefined && !only.includes(config.kernelName)) continue;
    const current = tf.getKernel(config.kernelName, "wasm");
    if (isProject(current)) continue;
    if (current !== undefined) {
      stockKernels.set(config.kernelName, current);
      tf.unregisterKernel(config.kernelName, "wasm");
    }
    tf.registerKernel(config);
  }
  return PROJECT_KERNEL_NAMES.filter((n) => only === undefined || only.includes(n));
}

/** Put the stock wasm kernels back (benchmarks and tests compare against them). */
export function unregisterProjectKernels(): void {
  for (const config of projectConfigs) {
    const current = tf.getKernel(config.kernelName, "wasm");
    if (!isProject(current)) continue;
    tf.unregisterKernel(config.kernelName, "wasm");
    const stock = stockKernels.get(config.kernelName);
    if (stock !== undefined) tf.registerKernel(stock);
  }
}
