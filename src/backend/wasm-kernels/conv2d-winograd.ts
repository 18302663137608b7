/**
 * Conv2D and FusedConv2D for the wasm backend: 3×3 stride-1 convolutions large enough to pay
 * for the transforms run as Winograd F(2×2, 3×3) (winograd.ts); everything else goes to the
 * stock XNNPACK kernels unchanged.
 *
 * Size rule (measured, one thread, 2-core EPYC shared with a training run): at the reference
 * encoder's stride-1 layers (batch 64, 31→29 … 27→25, 32→32 channels, ~0.5 G multiply-adds)
 * Winograd took 0.65–0.85 of the direct conv; at the small tier's 15→13 layer (batch 32, 16→16,
 * 12 M) it was no faster and with padding slower (transform and 16-GEMM overheads). So it
 * runs when the direct conv has at least winogradPolicy.minMacs multiply-adds (winogradPolicy).
 *
 * FusedConv2D: bias (rank 1) and ReLU / linear go into the output transform; other
 * activations (and PReLU weights) go to the stock kernel.
 */

import * as tf from "@tensorflow/tfjs";
import { type Backend, type TensorInfo, stockKernels } from "./wasm-internals.js";
import { conv3x3Winograd, wasmThreads, winogradApplies, type WinogradGeometry } from "./winograd.js";

/**
 * When Winograd runs: `enabled` (kernel generation "current"), the direct conv has at least
 * `minMacs` multiply-adds (2^26 ≈ 67 M), and the wasm pool has at most `maxThreads` threads.
 * maxThreads stays unlimited although at 2 threads Winograd measured no gain (reference encoder
 * step 0.92× wall, 0.98× CPU of the direct convs: the 16 GEMMs are 16 fork-joins of the pool and
 * the transforms run on one thread): results must not depend on the thread count (README, wasm
 * threads), and Winograd rounds differently from the direct conv.
 */
export const winogradPolicy = { minMacs: 1 << 26, maxThreads: Infinity, enabled: true };

/** @internal How often each route ran (tests check both are exercised). */
export const winogradRouteCounts = { winograd: 0, stock: 0 };

interface ConvAttrs {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat?: "NHWC" | "NCHW";
  dilations?: number | [number, number];
  dimRoundingMode?: "floor" | "round" | "ceil";
  activation?: string;
}

/**
 * The Winograd geometry of a forward conv when the Winograd route applies (3×3, stride 1,
 * dilation 1, NHWC, float32, big enough), else null.
 */
export function winogradGeometryFor(x: TensorInfo, filter: TensorInfo, attrs: ConvAttrs): WinogradGeometry | null {
  if (!winogradPolicy.enabled) return null;
  if (x.dtype !== "float32" || filter.dtype !== "float32" || x.shape.length !== 4 || filter.shape.length !== 4) return null;
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== "NHWC") return null;
  if (filter.shape[0] !== 3 || filter.shape[1] !== 3) return null;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, false, "channelsLast",
  );
  if (info.strideHeight !== 1 || info.strideWidth !== 1 || info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  return geometryIfWorthIt({
    B: info.batchSize, H: info.inHeight, W: info.inWidth, C: info.inChannels, Co: info.outChannels,
    Ho: info.outHeight, Wo: info.outWidth, padTop: info.padInfo.top, padLeft: info.padInfo.left,
  });
}

/** `g` when Winograd is enabled, applies and the conv is big enough; else null. */
export function geometryIfWorthIt(g: WinogradGeometry): WinogradGeometry | null {
  if (!winogradPolicy.enabled || !winogradApplies(g) || wasmThreads() > winogradPolicy.maxThreads) return null;
  return 9 * g.B * g.Ho * g.Wo * g.C * g.Co >= winogradPolicy.minMacs ? g : null;
}

function stock(name: string, args: unknown): TensorInfo {
  winogradRouteCounts.stock++;
  const config = stockKernels.get(name) ?? tf.getKernel(name, "wasm");
  return config!.kernelFunc(args as Parameters<tf.KernelFunc>[0]) as TensorInfo;
}

export function conv2DWasm(args: { inputs: { x: TensorInfo; filter: TensorInfo }; backend: Backend; attrs: ConvAttrs }): TensorInfo {
  const { x, filter } = args.inputs;
  const g = winogradGeometryFor(x, filter, args.attrs);
  if (g === null) return stock("Conv2D", args);
  winogradRouteCounts.winograd++;
  return conv3x3Winograd(args.backend, x, filter, g);
}

export function fusedConv2DWasm(args: {
  inputs: { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
  backend: Backend;
  attrs: ConvAttrs;
}): TensorInfo {
  const { x, filter, bias, preluActivationWeights } = args.inputs;
  const activation = args.attrs.activation ?? "linear";
  const Co = filter.shape[3];
  const biasOk = bias == null || (bias.dtype === "float32" && bias.shape.length === 1 && bias.shape[0] === Co);
  const g = (activation === "linear" || activation === "relu") && preluActivationWeights == null && biasOk
    ? winogradGeometryFor(x, filter, args.attrs)
    : null;
  if (g === null) return stock("FusedConv2D", args);
  winogradRouteCounts.winograd++;
  return conv3x3Winograd(args.backend, x, filter, g, bias ?? null, activation === "relu");
}
