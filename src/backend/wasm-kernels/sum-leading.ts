/**
 * Sum for the wasm backend when the reduced axes are the LEADING ones (e.g. the bias
 * gradient: dy [B,H,W,C] summed over [0,1,2]). tfjs-backend-wasm reduces only innermost axes
 * and gets there with a transpose of the original rank (a 4-D transpose, ≈ 2.5 ms for a conv
 * activation at batch 64). Viewing x as [R, C], a 2-D transpose to [C, R] (≈ 4× faster than
 * the 4-D one) followed by the stock innermost-axis Sum gives the same result.
 * (A ones[1,R]·X[R,C] product would be cheaper to compute, but XNNPACK packs its right
 * operand at ≈ 2.5 ns per element, which costs more than the transpose.)
 */

import * as tf from "@tensorflow/tfjs";
import {
  type Backend,
  type TensorInfo,
  disposeInfo,
  reshapeInfo,
  runWasmKernel,
  sizeOf,
  stockKernels,
} from "./wasm-internals.js";

/** Reduced sizes below this use the stock kernel. */
const MIN_REDUCED = 256;

function stockSum(args: unknown): TensorInfo {
  const stock = stockKernels.get("Sum") ?? tf.getKernel("Sum", "wasm");
  return stock!.kernelFunc(args as Parameters<tf.KernelFunc>[0]) as TensorInfo;
}

export function sumWasm(args: {
  inputs: { x: TensorInfo };
  backend: Backend;
  attrs: { axis: number | number[]; keepDims: boolean };
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
  const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
  const R = sizeOf(x.shape.slice(0, axes.length));
  const C = sizeOf(x.shape.slice(axes.length));
  if (x.dtype !== "float32" || !leading || R < MIN_REDUCED || C <= 1) return stockSum(args);
  const xt = runWasmKernel("Transpose", backend, { x: reshapeInfo(x, [R, C]) }, { perm: [1, 0] });
  try {
    const out = stockSum({ inputs: { x: xt }, backend, attrs: { axis: [1], keepDims: false } });
    out.shape = attrs.keepDims ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : x.shape.slice(axes.length);
    return out;
  } finally {
    disposeInfo(backend, xt);
  }
}

/**
 * Identity without a copy: share the input's memory (reference counted), as the cpu and
 * webgl backends do. tfjs tensors are immutable, so sharing is safe; the stock wasm Identity
 * copies, and the engine clones every tensor it saves for the backward pass.
 */
export function identityWasm(args: { inputs: { x: TensorInfo }; backend: Backend }): TensorInfo {
  const { inputs, backend } = args;
  const { x } = inputs;
  if (x.dtype === "string") {
    const stock = stockKernels.get("Identity") ?? tf.getKernel("Identity", "wasm");
    return stock!.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as TensorInfo;
  }
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Cast to the same dtype without a copy (the cpu backend does the same); others: stock. */
export function castWasm(args: { inputs: { x: TensorInfo }; backend: Backend; attrs: { dtype: string } }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  if (x.dtype !== attrs.dtype || x.dtype === "string") {
    const stock = stockKernels.get("Cast") ?? tf.getKernel("Cast", "wasm");
    return stock!.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as TensorInfo;
  }
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
