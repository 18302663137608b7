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
];

/** Names of the kernels the project registers for the wasm backend. */
export const PROJECT_KERNEL_NAMES: readonly string[] = projectConfigs.map((c) => c.kernelName);

function wasmInitialised(): boolean {
  const registry = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
  return registry["wasm"] != null;
}

function isProject(config: tf.KernelConfig | undefined): boolean {
  return config !== undefined && projectConfigs.some((c) => c.kernelFunc === config.kernelFunc);
}

/** True when the project kernels are the ones registered for wasm right now. */
export function projectKernelsActive(): boolean {
  return projectConfigs.every((c) => isProject(tf.getKernel(c.kernelName, "wasm")));
}

/**
 * Register the project kernels for the wasm backend (replacing stock ones, which are kept for
 * delegation). Idempotent. `only` restricts to some of them (benchmark ablations). Returns the
 * names registered.
 */
export function registerProjectKernels(only?: readonly string[]): string[] {
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
