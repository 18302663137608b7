/**
 * Small helpers shared by the project's wasm kernels: calling other wasm kernels directly
 * (the way tfjs-backend-wasm's own kernels compose), zero-copy views into the wasm heap, and
 * JS-side copies of float32 data.
 *
 * Views: a view is a tensor id registered with the wasm module that points into the memory
 * of another tensor (no copy). It is made with `backend.makeOutput(shape, dtype, offset)`
 * (which registers memory allocated elsewhere) and must be released with `releaseView`,
 * never with `backend.disposeData` (that would free the parent's memory). Releasing the id
 * also drops any XNNPACK operator the wasm module cached on it (BatchMatMul caches the packed
 * weights of its right operand by tensor id).
 */

import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

export type TensorInfo = tf.TensorInfo;
export type Backend = BackendWasm;
type Attrs = Record<string, unknown>;

/** Stock kernel configs that the project replaced, captured before replacing them. */
export const stockKernels = new Map<string, tf.KernelConfig>();

/**
 * Run a wasm kernel by name with the given inputs and attrs, bypassing the engine (no tape,
 * no tensor tracking). Uses the stock implementation when the project replaced the kernel.
 */
export function runWasmKernel(
  name: string,
  backend: Backend,
  inputs: Record<string, TensorInfo>,
  attrs: Attrs = {},
): TensorInfo {
  const config = stockKernels.get(name) ?? tf.getKernel(name, "wasm");
  if (config === undefined) throw new Error(`wasm kernel ${name} is not registered`);
  const out = config.kernelFunc({
    inputs: inputs as tf.NamedTensorInfoMap,
    backend: backend as unknown as tf.KernelBackend,
    attrs: attrs as tf.NamedAttrMap,
  });
  if (Array.isArray(out)) throw new Error(`wasm kernel ${name} returned several outputs`);
  return out;
}

/** Dispose an intermediate produced by a kernel. */
export function disposeInfo(backend: Backend, info: TensorInfo): void {
  backend.disposeData(info.dataId);
}

/** The same data under another shape (no copy; do not dispose separately from `info`). */
export function reshapeInfo(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** Byte offset of a tensor's data in the wasm heap. */
export function memoryOffset(backend: Backend, info: TensorInfo): number {
  return backend.dataIdMap.get(info.dataId)!.memoryOffset;
}

/**
 * A float32 view of `shape` starting `offsetElems` elements into `base`'s memory.
 * The caller guarantees the range lies inside memory that stays alive while the view is used.
 */
export function makeView(backend: Backend, base: TensorInfo, offsetElems: number, shape: number[]): TensorInfo {
  const ptr = memoryOffset(backend, base) + offsetElems * 4;
  return backend.makeOutput(shape, "float32", ptr);
}

/** Unregister a view made by `makeView` without freeing the memory it points into. */
export function releaseView(backend: Backend, view: TensorInfo): void {
  const data = backend.dataIdMap.get(view.dataId);
  if (data === undefined) return;
  backend.wasm.tfjs.disposeData(data.id);
  backend.dataIdMap.delete(view.dataId);
}

/**
 * Float32Array over a tensor's heap memory. Re-fetch after any allocation: a heap growth
 * detaches earlier arrays.
 */
export function heapF32(backend: Backend, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Product of a shape's dims. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

type RawTranspose = (
  xId: number,
  xShape: Uint8Array,
  rank: number,
  dtype: number,
  outId: number,
  perm: Uint8Array,
  permLength: number,
) => void;
const rawTransposes = new WeakMap<object, RawTranspose>();

/**
 * Transpose float32 `x` (viewed as `shape`) by `perm` into memory that already exists: the
 * output is written to `outBase` starting `outOffsetElems` elements in (e.g. a buffer with
 * extra slack). Calls the wasm module's Transpose export directly, as the stock kernel does.
 */
export function transposeInto(
  backend: Backend,
  x: TensorInfo,
  shape: number[],
  perm: number[],
  outBase: TensorInfo,
  outOffsetElems: number,
): void {
  let raw = rawTransposes.get(backend.wasm);
  if (raw === undefined) {
    const wasm = backend.wasm as unknown as { cwrap(name: string, ret: null, args: string[]): unknown };
    raw = wasm.cwrap("Transpose", null, [
      "number",
      "array",
      "number",
      "number",
      "number",
      "array",
      "number",
    ]) as unknown as RawTranspose;
    rawTransposes.set(backend.wasm, raw);
  }
  const outView = makeView(backend, outBase, outOffsetElems, perm.map((p) => shape[p]!));
  try {
    const xId = backend.dataIdMap.get(x.dataId)!.id;
    const outId = backend.dataIdMap.get(outView.dataId)!.id;
    const shapeBytes = new Uint8Array(new Int32Array(shape).buffer);
    const permBytes = new Uint8Array(new Int32Array(perm).buffer);
    raw(xId, shapeBytes, shape.length, 0 /* float32 */, outId, permBytes, perm.length);
  } finally {
    releaseView(backend, outView);
  }
}

/** Physically transpose the two last dims of a [batch, rows, cols] float32 tensor. */
export function transposeLast2(backend: Backend, info: TensorInfo, batch: number, rows: number, cols: number): TensorInfo {
  const x = reshapeInfo(info, [batch, rows, cols]);
  return runWasmKernel("Transpose", backend, { x }, { perm: [0, 2, 1] });
}

/**
 * Copy `src` (the whole tensor) into `dst` starting at element `dstOffset`.
 */
export function copyInto(backend: Backend, src: TensorInfo, dst: TensorInfo, dstOffset: number): void {
  const s = heapF32(backend, src);
  heapF32(backend, dst).set(s, dstOffset);
}

/**
 * Crop an NHWC tensor to rows [top, top+h) and columns [left, left+w).
 */
export function cropNHWC(
  backend: Backend,
  x: TensorInfo,
  top: number,
  left: number,
  h: number,
  w: number,
): TensorInfo {
  const [b, hx, wx, c] = x.shape as [number, number, number, number];
  if (top === 0 && left === 0 && h === hx && w === wx) {
    return runWasmKernel("Identity", backend, { x });
  }
  const out = backend.makeOutput([b, h, w, c], "float32");
  const src = heapF32(backend, x);
  const dst = heapF32(backend, out);
  const run = w * c;
  let o = 0;
  for (let n = 0; n < b; n++) {
    for (let i = 0; i < h; i++) {
      const start = ((n * hx + top + i) * wx + left) * c;
      dst.set(src.subarray(start, start + run), o);
      o += run;
    }
  }
  return out;
}

/** The attributes tfjs passes to the two convolution-gradient kernels. */
export interface ConvGradAttrs {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/**
 * Checks shared by the project's conv-gradient kernels (NHWC, float32, dy shaped like the
 * conv output) and the forward conv's geometry, from tfjs's own computeConv2DInfo.
 */
export function convGradInfo(
  kernelName: string,
  attrs: ConvGradAttrs,
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  dy: TensorInfo,
  other: TensorInfo,
): tf.backend_util.Conv2DInfo {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== "NHWC") {
    throw new Error(`reprorl wasm ${kernelName} supports only dataFormat 'NHWC' (channelsLast), got '${attrs.dataFormat}'`);
  }
  if (dy.dtype !== "float32" || other.dtype !== "float32") {
    throw new Error(`reprorl wasm ${kernelName} needs float32 tensors, got ${dy.dtype}/${other.dtype}`);
  }
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, "channelsLast");
  const { batchSize: B, outHeight: Ho, outWidth: Wo, outChannels: Co } = info;
  if (dy.shape[0] !== B || dy.shape[1] !== Ho || dy.shape[2] !== Wo || dy.shape[3] !== Co) {
    throw new Error(`reprorl wasm ${kernelName}: dy shape [${dy.shape}] does not match the conv output [${B},${Ho},${Wo},${Co}]`);
  }
  return info;
}
