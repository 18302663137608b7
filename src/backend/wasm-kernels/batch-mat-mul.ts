/**
 * BatchMatMul for the wasm backend that keeps every sizeable product on XNNPACK's fast
 * fully-connected path.
 *
 * tfjs-backend-wasm 4.22 uses XNNPACK only for a single (batch 1) product with neither
 * operand transposed; transposeA, transposeB and any batch > 1 fall back to a blocked scalar
 * loop (~7× slower at dense-layer sizes). Here:
 *  - transposed operands are transposed physically first (one wasm Transpose each), then
 *  - each batch entry runs as one fast product on zero-copy views of the operands (batch dims
 *    broadcast like tf.matMul).
 * Small products (under SMALL_PRODUCT multiply-adds per batch entry) keep the stock loop, whose
 * per-call overhead is lower.
 */

import * as tf from "@tensorflow/tfjs";
import {
  type Backend,
  type TensorInfo,
  copyInto,
  disposeInfo,
  makeView,
  releaseView,
  reshapeInfo,
  runWasmKernel,
  sizeOf,
  stockKernels,
  transposeLast2,
} from "./wasm-internals.js";

/** Multiply-adds per batch entry below which the stock loop is used. */
export const SMALL_PRODUCT = 1 << 15;

/** @internal Force a path (tests): "auto" (default), "stock" or "fast". */
export const matMulPath: { mode: "auto" | "stock" | "fast" } = { mode: "auto" };

function stockBatchMatMul(args: Parameters<tf.KernelFunc>[0]): TensorInfo {
  const stock = stockKernels.get("BatchMatMul") ?? tf.getKernel("BatchMatMul", "wasm");
  return stock!.kernelFunc(args) as TensorInfo;
}

export function batchMatMulWasm(args: {
  inputs: { a: TensorInfo; b: TensorInfo };
  backend: Backend;
  attrs: { transposeA: boolean; transposeB: boolean };
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { a, b } = inputs;
  const transposeA = Boolean(attrs.transposeA);
  const transposeB = Boolean(attrs.transposeB);
  const plain = args as unknown as Parameters<tf.KernelFunc>[0];
  if (a.dtype !== "float32" || b.dtype !== "float32") return stockBatchMatMul(plain);

  const aRank = a.shape.length;
  const bRank = b.shape.length;
  const innerA = transposeA ? a.shape[aRank - 2]! : a.shape[aRank - 1]!;
  const innerB = transposeB ? b.shape[bRank - 1]! : b.shape[bRank - 2]!;
  const M = transposeA ? a.shape[aRank - 1]! : a.shape[aRank - 2]!;
  const N = transposeB ? b.shape[bRank - 2]! : b.shape[bRank - 1]!;
  const K = innerA;
  if (innerA !== innerB) {
    throw new Error(
      `Error in matMul: inner shapes (${innerA}) and (${innerB}) of Tensors with shapes ${a.shape} and ` +
        `${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  }
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = sizeOf(outerA);
  const batchB = sizeOf(outerB);
  const outOuter = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  const batch = sizeOf(outOuter);
  const outShape = [...outOuter, M, N];

  const single = batchA === 1 && batchB === 1;
  const mode = matMulPath.mode;
  const useStock =
    mode === "stock" ||
    (mode === "auto" && ((single && !transposeA && !transposeB) || M * N * K < SMALL_PRODUCT)) ||
    M * N * K === 0;
  if (useStock) {
    if (single || batchA === batchB) return stockBatchMatMul(plain);
    // The stock loop does not broadcast batch dims; expand them first.
    return broadcastThenStock(backend, a, b, outOuter, transposeA, transposeB, outShape);
  }

  // Operands in untransposed layout: A [batchA, M, K], B [batchB, K, N].
  const aPlain = transposeA ? transposeLast2(backend, a, batchA, K, M) : reshapeInfo(a, [batchA, M, K]);
  const bPlain = transposeB ? transposeLast2(backend, b, batchB, N, K) : reshapeInfo(b, [batchB, K, N]);
  try {
    if (batch === 1) {
      // Fresh view ids: the fast path caches packed weights per id of its right operand.
      const av = makeView(backend, aPlain, 0, [1, M, K]);
      const bv = makeView(backend, bPlain, 0, [1, K, N]);
      try {
        const out = stockBatchMatMul({
          inputs: { a: av, b: bv },
          backend: backend as unknown as tf.KernelBackend,
          attrs: { transposeA: false, transposeB: false },
        });
        out.shape = outShape;
        return out;
      } finally {
        releaseView(backend, av);
        releaseView(backend, bv);
      }
    }
    const out = backend.makeOutput(outShape, "float32");
    const aIndex = broadcastIndex(outOuter, outerA);
    const bIndex = broadcastIndex(outOuter, outerB);
    for (let i = 0; i < batch; i++) {
      const av = makeView(backend, aPlain, aIndex(i) * M * K, [1, M, K]);
      const bv = makeView(backend, bPlain, bIndex(i) * K * N, [1, K, N]);
      const r = stockBatchMatMul({
        inputs: { a: av, b: bv },
        backend: backend as unknown as tf.KernelBackend,
        attrs: { transposeA: false, transposeB: false },
      });
      copyInto(backend, r, out, i * M * N);
      disposeInfo(backend, r);
      releaseView(backend, av);
      releaseView(backend, bv);
    }
    return out;
  } finally {
    if (transposeA) disposeInfo(backend, aPlain);
    if (transposeB) disposeInfo(backend, bPlain);
  }
}

/** Map an output batch index to the flat batch index of an operand with (broadcast) outer shape. */
function broadcastIndex(outOuter: number[], operandOuter: number[]): (i: number) => number {
  const rank = outOuter.length;
  const padded = [...new Array<number>(rank - operandOuter.length).fill(1), ...operandOuter];
  if (sizeOf(padded) === 1) return () => 0;
  if (padded.every((d, k) => d === outOuter[k])) return (i) => i;
  const strides = new Array<number>(rank).fill(0);
  let acc = 1;
  for (let k = rank - 1; k >= 0; k--) {
    strides[k] = padded[k] === 1 ? 0 : acc;
    acc *= padded[k]!;
  }
  return (i) => {
    let rest = i;
    let idx = 0;
    for (let k = rank - 1; k >= 0; k--) {
      const d = outOuter[k]!;
      idx += (rest % d) * strides[k]!;
      rest = Math.floor(rest / d);
    }
    return idx;
  };
}

/** Stock loop after materialising broadcast batch dims (small products only). */
function broadcastThenStock(
  backend: Backend,
  a: TensorInfo,
  b: TensorInfo,
  outOuter: number[],
  transposeA: boolean,
  transposeB: boolean,
  outShape: number[],
): TensorInfo {
  const expand = (t: TensorInfo): TensorInfo => {
    const outer = t.shape.slice(0, -2);
    const inner = t.shape.slice(-2);
    const batch = sizeOf(outOuter);
    const index = broadcastIndex(outOuter, outer);
    const full = backend.makeOutput([batch, ...inner], "float32");
    const per = sizeOf(inner);
    for (let i = 0; i < batch; i++) {
      const v = makeView(backend, t, index(i) * per, inner);
      copyInto(backend, v, full, i * per);
      releaseView(backend, v);
    }
    return full;
  };
  const ae = expand(a);
  const be = expand(b);
  try {
    const out = stockBatchMatMul({
      inputs: { a: ae, b: be },
      backend: backend as unknown as tf.KernelBackend,
      attrs: { transposeA, transposeB },
    });
    out.shape = outShape;
    return out;
  } finally {
    disposeInfo(backend, ae);
    disposeInfo(backend, be);
  }
}
