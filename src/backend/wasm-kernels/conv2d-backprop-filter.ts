/**
 * Conv2DBackpropFilter for the wasm backend (tfjs-backend-wasm 4.22 has none, so conv nets
 * cannot train on wasm without it).
 *
 * Math. For a conv with stride s (per axis), input x [B,H,W,C] padded by (top,left,...) and
 * output gradient dy [B,H',W',Co]:
 *
 *   dW[kh,kw,ci,co] = Σ_{b,y,x} xp[b, s·y+kh, s·x+kw, ci] · dy[b,y,x,co]                 (1)
 *
 * Phase split: write kh = s·a + p, kw = s·c + q with phases 0 ≤ p,q < s and let
 * X_pq[b,u,v,ci] = xp[b, s·u+p, s·v+q, ci] (each phase image is H2×W2, H2 = ceil(Hp/s)).
 * Then (1) is a stride-1 correlation of the phase image with dy:
 *
 *   dW[s·a+p, s·c+q, ci, co] = Σ_{b,y,x} X_pq[b, y+a, x+c, ci] · dy[b,y,x,co]            (2)
 *
 * Flat-offset trick: store each phase image channel-major, X_pq[ci] flattened over
 * n = (b·H2 + u)·W2 + v, and zero-pad dy to Dp [B,H2,W2,Co] flattened the same way. The shift
 * (y+a, x+c) becomes the flat shift n + (a·W2 + c) — it never crosses a row or image boundary
 * for nonzero dy, because every tap of a valid output position reads inside the image —
 * so each tap of (2) is ONE plain GEMM with no data movement:
 *
 *   dW[kh,kw] (C×Co) = view(X_pq, offset a·W2+c, [C, N]) · Dp (N×Co),  N = B·H2·W2        (3)
 *
 * which runs on XNNPACK's fully-connected path (no transposes; Dp is packed once and reused
 * for all taps). Reads that run past the end of a channel row land in the next row, and are
 * multiplied by zero rows of Dp; a few zeros of slack after the last row keep its overrun
 * inside the buffer (garbage × 0 could be NaN).
 *
 * The sum over n is split into chunks of whole images (≈ 8k positions each) whose GEMMs are
 * summed: one GEMM over all N positions streams operands much larger than L2; per chunk they
 * stay in cache (reference encoder layer: 39 → 34.5 ms on one thread, 22.7 → 19.9 on two).
 *
 * Cost: one transpose of x (plus a pad for 'same'/explicit padding), one pad of dy, XNNPACK's
 * packing of Dp (≈ 2.5 ns per element), and k_h·k_w GEMMs of C×N·N×Co at ≈ 35 GFLOP/s. The
 * flat trick computes the zero rows/columns of Dp too (≈ 12 % extra at 29×29 outputs).
 */

import * as tf from "@tensorflow/tfjs";
import {
  type Backend,
  type TensorInfo,
  copyInto,
  disposeInfo,
  heapF32,
  makeView,
  releaseView,
  runWasmKernel,
  transposeInto,
  convGradInfo,
  type ConvGradAttrs,
} from "./wasm-internals.js";

interface BackpropFilterAttrs extends ConvGradAttrs {
  filterShape: [number, number, number, number];
}

export function conv2DBackpropFilterWasm(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: Backend;
  attrs: BackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const info = convGradInfo("Conv2DBackpropFilter", attrs, x.shape as [number, number, number, number], attrs.filterShape, dy, x);
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outChannels: Co } = info;
  const { outHeight: Ho, outWidth: Wo, filterHeight: KH, filterWidth: KW } = info;
  const { strideHeight: sh, strideWidth: sw, padInfo } = info;
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    throw new Error("reprorl wasm Conv2DBackpropFilter supports only dilation 1");
  }
  const top = padInfo.top;
  const left = padInfo.left;
  const Hp = H + top + padInfo.bottom;
  const Wp = W + left + padInfo.right;
  const H2 = Math.ceil(Hp / sh);
  const W2 = Math.ceil(Wp / sw);
  if (top < 0 || left < 0 || padInfo.bottom < 0 || padInfo.right < 0) {
    throw new Error("reprorl wasm Conv2DBackpropFilter: negative padding is not supported");
  }

  const out = backend.makeOutput([KH, KW, C, Co], "float32");
  if (B * Ho * Wo === 0) {
    backend.typedArrayFromHeap(out).fill(0);
    return out;
  }

  try {
    accumulateTaps(backend, x, dy, out, { B, H, W, C, Co, Ho, Wo, KH, KW, sh, sw, top, left, H2, W2 });
  } catch (err) {
    disposeInfo(backend, out);
    throw err;
  }
  return out;
}

interface Geometry {
  B: number;
  H: number;
  W: number;
  C: number;
  Co: number;
  Ho: number;
  Wo: number;
  KH: number;
  KW: number;
  sh: number;
  sw: number;
  top: number;
  left: number;
  H2: number;
  W2: number;
}

/**
 * Images per GEMM chunk: the largest divisor g of B with g·H2·W2 ≤ CHUNK_POSITIONS. One GEMM
 * over all B·H2·W2 positions streams operands far larger than L2 (each output tile re-reads
 * a K-long panel); chunks of whole images keep a chunk's A rows and packed B in cache, and
 * keep the flat-offset trick valid (overruns land in the zero rows of the chunk's last image).
 */
export const filterChunk = { positions: 8192 };

function imagesPerChunk(B: number, perImage: number): number {
  let best = 1;
  for (let g = 1; g <= B; g++) {
    if (B % g === 0 && g * perImage <= filterChunk.positions) best = g;
  }
  return best;
}

/** Equation (3) for every tap, summed over chunks of whole images, written into `out` [KH, KW, C, Co]. */
function accumulateTaps(backend: Backend, x: TensorInfo, dy: TensorInfo, out: TensorInfo, g: Geometry): void {
  const { B, H, W, C, Co, Ho, Wo, KH, KW, sh, sw, top, left, H2, W2 } = g;
  const temps: TensorInfo[] = [];
  const views: TensorInfo[] = [];
  try {
    // Input padded spatially up to whole phases (skipped when nothing to pad).
    const padBottom = sh * H2 - H - top;
    const padRight = sw * W2 - W - left;
    let xPad = x;
    if (top > 0 || left > 0 || padBottom > 0 || padRight > 0) {
      xPad = runWasmKernel("PadV2", backend, { x }, {
        paddings: [
          [0, 0],
          [top, padBottom],
          [left, padRight],
          [0, 0],
        ],
        constantValue: 0,
      });
      temps.push(xPad);
    }
    // Layout [chunk, sh, sw, C, g, H2, W2] (phase-major, channel-major within each chunk of
    // g images) plus `slack` zeros at the end, where the last channel row's shifted views
    // overrun. Each chunk is one transpose at the lowest rank the layout allows (2-D for
    // stride 1, 4-D otherwise): wasm's 5-/6-D transposes are ~100× slower than its 4-D one,
    // and the 2-D one is ~3× faster than the 4-D one.
    const gImgs = imagesPerChunk(B, H2 * W2);
    const chunks = B / gImgs;
    const K = gImgs * H2 * W2; // GEMM depth per chunk
    const chunkElems = sh * sw * C * K;
    const slack = (Math.ceil(KH / sh) - 1) * W2 + Math.ceil(KW / sw);
    const xPh = backend.makeOutput([chunks * chunkElems + slack], "float32");
    temps.push(xPh);
    for (let j = 0; j < chunks; j++) {
      const src = makeView(backend, xPad, j * chunkElems, [chunkElems]);
      views.push(src);
      if (sh === 1 && sw === 1) {
        transposeInto(backend, src, [K, C], [1, 0], xPh, j * chunkElems);
      } else {
        transposeInto(backend, src, [gImgs * H2, sh, W2, sw * C], [1, 3, 0, 2], xPh, j * chunkElems);
      }
      releaseView(backend, views.pop()!);
    }
    heapF32(backend, xPh).fill(0, chunks * chunkElems);

    // dy zero-padded to the phase-image size; chunk j's rows are the GEMM's right operand.
    let dyP = dy;
    if (H2 !== Ho || W2 !== Wo) {
      dyP = runWasmKernel("PadV2", backend, { x: dy }, {
        paddings: [
          [0, 0],
          [0, H2 - Ho],
          [0, W2 - Wo],
          [0, 0],
        ],
        constantValue: 0,
      });
      temps.push(dyP);
    }

    if (chunks > 1) heapF32(backend, out).fill(0);
    for (let j = 0; j < chunks; j++) {
      // A fresh id per chunk: XNNPACK's packed weights are cached per id of the right
      // operand (so each chunk of dy is packed once for all taps) and dropped on release.
      const dyView = makeView(backend, dyP, j * K * Co, [1, K, Co]);
      views.push(dyView);
      for (let p = 0; p < sh; p++) {
        for (let q = 0; q < sw; q++) {
          const block = j * chunkElems + (p * sw + q) * C * K;
          for (let a = 0; a * sh + p < KH; a++) {
            for (let c = 0; c * sw + q < KW; c++) {
              const kh = a * sh + p;
              const kw = c * sw + q;
              const aView = makeView(backend, xPh, block + a * W2 + c, [1, C, K]);
              views.push(aView);
              const tap = runWasmKernel("BatchMatMul", backend, { a: aView, b: dyView }, {
                transposeA: false,
                transposeB: false,
              });
              if (chunks === 1) copyInto(backend, tap, out, (kh * KW + kw) * C * Co);
              else addInto(heapF32(backend, tap), heapF32(backend, out), (kh * KW + kw) * C * Co);
              disposeInfo(backend, tap);
              releaseView(backend, views.pop()!);
            }
          }
        }
      }
      releaseView(backend, views.pop()!);
    }
  } finally {
    for (const v of views) releaseView(backend, v);
    for (const t of temps) disposeInfo(backend, t);
  }
}

function addInto(src: Float32Array, dst: Float32Array, offset: number): void {
  for (let i = 0; i < src.length; i++) dst[offset + i]! += src[i]!;
}
