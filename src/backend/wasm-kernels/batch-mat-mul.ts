/**
 * BatchMatMul for the wasm backend that keeps every sizeable product on XNNPACK's fast
 * fully-connected path.
 *
 * tfjs-backend-wasm 4.22 uses XNNPACK only for a single (batch 1) product with neither
 * operand transposed; transposeA, transposeB and any batch > 1 fall back to a blocked scalar
 * loop (~7× slower at dense-layer sizes). Here:
 *  - transposed operands are transposed physically (one wasm Transpose each), or the product
 *    is computed transposed (outᵀ = Bᵀ·Aᵀ) when that moves/packs fewer elements, then
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

/** @internal How often each route ran (tests check every route is exercised). */
export const matMulRouteCounts = { stock: 0, direct: 0, swapped: 0 };

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
    matMulRouteCounts.stock++;
    if (single || batchA === batchB) return stockBatchMatMul(plain);
    // The stock loop does not broadcast batch dims; expand them first.
    return broadcastThenStock(backend, a, b, outOuter, transposeA, transposeB, outShape);
  }

  // XNNPACK's fast path computes A[M,K]·B[K,N], reading A in place and packing B (≈ 2.5 ns per
  // element of B; a wasm 2-D transpose costs ≈ 0.4 ns per element). Either compute the product
  // directly (transposing the operands that arrive transposed), or compute outᵀ = Bᵀ·Aᵀ — which
  // packs A instead of B — and transpose the result; pick the cheaper.
  const T = 0.4;
  const P = 2.5;
  const direct = (transposeA ? T * M * K : 0) + (transposeB ? T * N * K : 0) + P * K * N;
  const swapped = (transposeB ? 0 : T * N * K) + (transposeA ? 0 : T * M * K) + P * K * M + T * M * N;
  if (swapped < direct) {
    matMulRouteCounts.swapped++;
    // outᵀ[N,M] = Bᵀ[N,K] · Aᵀ[K,M]
    const bt = transposeB ? reshapeInfo(b, [batchB, N, K]) : transposeLast2(backend, b, batchB, K, N);
    const at = transposeA ? reshapeInfo(a, [batchA, K, M]) : transposeLast2(backend, a, batchA, M, K);
    let outT: TensorInfo;
    try {
      outT = batchedFast(backend, bt, at, outerB, outerA, outOuter, N, K, M);
    } finally {
      if (!transposeB) disposeInfo(backend, bt);
      if (!transposeA) disposeInfo(backend, at);
    }
    const out = transposeLast2(backend, outT, batch, N, M);
    disposeInfo(backend, outT);
    out.shape = outShape;
    return out;
  }
  // out[M,N] = A[M,K] · B[K,N]
  matMulRouteCounts.direct++;
  const aPlain = transposeA ? transposeLast2(backend, a, batchA, K, M) : reshapeInfo(a, [batchA, M, K]);
  const bPlain = transposeB ? transposeLast2(backend, b, batchB, N, K) : reshapeInfo(b, [batchB, K, N]);
  try {
    const out = batchedFast(backend, aPlain, bPlain, outerA, outerB, outOuter, M, K, N);
    out.shape = outShape;
    return out;
  } finally {
    if (transposeA) disposeInfo(backend, aPlain);
    if (transposeB) disposeInfo(backend, bPlain);
  }
}

/**
 * out[batch, M, N] = A[·, M, K] · B[·, K, N] (batch dims broadcast), one XNNPACK product per
 * batch entry on zero-copy views. Fresh view ids are used because the fast path caches packed
 * weights per id of its right operand; releasing the view drops the cache entry.
 */
function batchedFast(
  backend: Backend,
  a: TensorInfo,
  b: TensorInfo,
  outerA: number[],
  outerB: number[],
  outOuter: number[],
  M: number,
  K: number,
  N: number,
): TensorInfo {
  const batch = sizeOf(outOuter);
  const run = (av: TensorInfo, bv: TensorInfo): TensorInfo =>
    stockBatchMatMul({
      inputs: { a: av, b: bv },
      backend: backend as unknown as tf.KernelBackend,
      attrs: { transposeA: false, transposeB: false },
    });
  if (batch === 1) {
    const av = makeView(backend, a, 0, [1, M, K]);
    const bv = makeView(backend, b, 0, [1, K, N]);
    try {
      return run(av, bv);
    } finally {
      releaseView(backend, av);
      releaseView(backend, bv);
    }
  }
  const out = backend.makeOutput([batch, M, N], "float32");
  const aIndex = broadcastIndex(outOuter, outerA);
  const bIndex = broadcastIndex(outOuter, outerB);
  for (let i = 0; i < batch; i++) {
    const av = makeView(backend, a, aIndex(i) * M * K, [1, M, K]);
    const bv = makeView(backend, b, bIndex(i) * K * N, [1, K, N]);
    const r = run(av, bv);
    copyInto(backend, r, out, i * M * N);
    disposeInfo(backend, r);
    releaseView(backend, av);
    releaseView(backend, bv);
  }
  return out;
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
