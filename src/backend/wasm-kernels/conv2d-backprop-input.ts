/**
 * Conv2DBackpropInput for the wasm backend, computed as ONE forward convolution (XNNPACK)
 * instead of tfjs-backend-wasm's direct loop (~7× slower).
 *
 * Math. With input x padded by (top, left) to xp and stride s, the input gradient is
 *
 *   dxp[s·u+p, s·v+q, ci] = Σ_{a,c,co} dy[u−a, v−c, co] · W[s·a+p, s·c+q, ci, co]         (1)
 *
 * for phases 0 ≤ p,q < s. For each phase this is a stride-1 "full" correlation of dy with the
 * 180°-rotated sub-kernel W_pq[a,c] = W[s·a+p, s·c+q] (A = ceil(k/s) taps per axis):
 *
 *   dxp_pq[u,v,ci] = Σ_{a',c',co} dyPad[u+a', v+c', co] · K[a', c', co, (p·s+q)·C + ci]       (2)
 *   K[a', c', co, (p·s+q)·C + ci] = W[s·(A−1−a')+p, s·(A−1−c')+q, ci, co]   (0 outside the kernel)
 *
 * with dy zero-padded by A−1 before. Stacking the s² phases as output channels makes (2) one
 * forward conv with C·s² output channels; DepthToSpace(s) interleaves the phases back into
 * space, and a crop removes the forward padding. For s = 1 this is the familiar "pad the
 * gradient, rotate the kernel 180°, swap in/out channels", and the crop is folded into the
 * conv's own padding (k−1−top before, k−1−bottom after) whenever those are ≥ 0.
 * No zeros are inserted into dy for s > 1, so no multiply-adds are wasted on them.
 * For s = 1 with a 3×3 kernel the forward conv runs as Winograd F(2×2, 3×3) when it pays
 * (conv2d-winograd.ts; the "current" kernel generation, register.ts).
 */

import * as tf from "@tensorflow/tfjs";
import {
  type Backend,
  type TensorInfo,
  cropNHWC,
  disposeInfo,
  heapF32,
  runWasmKernel,
  stockKernels,
  convGradInfo,
  type ConvGradAttrs,
} from "./wasm-internals.js";
import { geometryIfWorthIt, winogradRouteCounts } from "./conv2d-winograd.js";
import { conv3x3Winograd } from "./winograd.js";

interface BackpropInputAttrs extends ConvGradAttrs {
  inputShape: [number, number, number, number];
}

export function conv2DBackpropInputWasm(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: Backend;
  attrs: BackpropInputAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs;
  const info = convGradInfo("Conv2DBackpropInput", attrs, attrs.inputShape, filter.shape as [number, number, number, number], dy, filter);
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outChannels: Co } = info;
  const { outHeight: Ho, outWidth: Wo, filterHeight: KH, filterWidth: KW } = info;
  const { strideHeight: sh, strideWidth: sw, padInfo } = info;
  const { top, left, bottom, right } = padInfo;
  if (sh !== sw || top < 0 || left < 0 || bottom < 0 || right < 0 || B * Ho * Wo === 0) {
    // Unusual configurations: the stock kernel is slow but correct.
    const stock = stockKernels.get("Conv2DBackpropInput") ?? tf.getKernel("Conv2DBackpropInput", "wasm");
    return stock!.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as TensorInfo;
  }
  const st = sh;
  const AH = Math.ceil(KH / st);
  const AW = Math.ceil(KW / st);
  const OC = st * st * C;

  // Phase-stacked, rotated kernel K [AH, AW, Co, s²·C] (small; built in JS).
  const kernel = backend.makeOutput([AH, AW, Co, OC], "float32");
  {
    const k = heapF32(backend, kernel);
    const w = heapF32(backend, filter);
    k.fill(0);
    for (let a = 0; a < AH; a++) {
      for (let c = 0; c < AW; c++) {
        for (let p = 0; p < st; p++) {
          const kh = st * (AH - 1 - a) + p;
          if (kh >= KH) continue;
          for (let q = 0; q < st; q++) {
            const kw = st * (AW - 1 - c) + q;
            if (kw >= KW) continue;
            const phase = (p * st + q) * C;
            for (let ci = 0; ci < C; ci++) {
              const wBase = ((kh * KW + kw) * C + ci) * Co;
              for (let co = 0; co < Co; co++) {
                k[((a * AW + c) * Co + co) * OC + phase + ci] = w[wBase + co]!;
              }
            }
          }
        }
      }
    }
  }

  try {
    if (st === 1 && KH === 3 && KW === 3) {
      // the same full correlation as below, as Winograd F(2×2, 3×3) when it pays (conv2d-winograd.ts)
      const g = geometryIfWorthIt({ B, H: Ho, W: Wo, C: Co, Co: C, Ho: H, Wo: W, padTop: KH - 1 - top, padLeft: KW - 1 - left });
      if (g !== null) {
        winogradRouteCounts.winograd++;
        return conv3x3Winograd(backend, dy, kernel, g);
      }
    }
    if (st === 1 && top <= KH - 1 && bottom <= KH - 1 && left <= KW - 1 && right <= KW - 1) {
      return runWasmKernel("Conv2D", backend, { x: dy, filter: kernel }, {
        strides: [1, 1],
        pad: [
          [0, 0],
          [KH - 1 - top, KH - 1 - bottom],
          [KW - 1 - left, KW - 1 - right],
          [0, 0],
        ],
        dataFormat: "NHWC",
        dilations: [1, 1],
      });
    }
    const H2 = Math.ceil((H + top + bottom) / st);
    const W2 = Math.ceil((W + left + right) / st);
    const phases = runWasmKernel("Conv2D", backend, { x: dy, filter: kernel }, {
      strides: [1, 1],
      pad: [
        [0, 0],
        [AH - 1, H2 - Ho],
        [AW - 1, W2 - Wo],
        [0, 0],
      ],
      dataFormat: "NHWC",
      dilations: [1, 1],
    });
    let spatial = phases;
    if (st > 1) {
      spatial = runWasmKernel("DepthToSpace", backend, { x: phases }, { blockSize: st, dataFormat: "NHWC" });
      disposeInfo(backend, phases);
    }
    const dx = cropNHWC(backend, spatial, top, left, H, W);
    disposeInfo(backend, spatial);
    return dx;
  } finally {
    disposeInfo(backend, kernel);
  }
}
