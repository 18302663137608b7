/**
 * Winograd F(2×2, 3×3) for stride-1, dilation-1, 3×3 float32 NHWC convolutions on the wasm
 * backend: the 16 products of the Winograd domain run as XNNPACK GEMMs, the transforms run as
 * plain JS loops over the wasm heap.
 *
 * Math (Lavin & Gray 2016). Split the output into 2×2 tiles; output tile t at (2i, 2j) needs the
 * 4×4 input tile d_t at (2i − padTop, 2j − padLeft) (zeros outside the image). With
 *
 *   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1],  G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
 *   Aᵀ = [1 1 1 0; 0 1 −1 −1],
 *
 *   V[ξν][t, ci]  = (Bᵀ d_t[ci] B)[ξ, ν]            input transform (16 numbers per tile and channel)
 *   U[ξν][ci, co] = (G g[ci, co] Gᵀ)[ξ, ν]          filter transform
 *   M[ξν]         = V[ξν] · U[ξν]                   16 GEMMs [T, C]·[C, Co] (T = tiles of the batch)
 *   y_t[co]       = Aᵀ M_t[co] A                     output transform (2×2 outputs)
 *
 * so a tile costs 16·C·Co multiply-adds instead of 36·C·Co (2.25× fewer). Optional bias and
 * ReLU are applied in the output transform (what tf.fused.conv2d asks for). Tile (i, j) starts
 * at output row min(2i, Ho − 2), column min(2j, Wo − 2): for odd sizes the last tile overlaps
 * its neighbour (a few outputs computed twice) so every tile is a full 2×2. The input is
 * zero-padded (PadV2) to exactly the rows and columns the tiles read.
 *
 * Applies when C and Co are multiples of 4 (one v128 = 4 channels) and Ho, Wo ≥ 2; callers
 * check `winogradApplies` and otherwise use the direct conv.
 *
 * Deviations: rounding differs from the direct convolution (sums in another order, the
 * transforms add a few roundings): relative error ~1e-6 at these sizes, checked against the
 * cpu backend in test/backend/winograd.test.ts.
 */

import {
  type Backend,
  type TensorInfo,
  disposeInfo,
  heapF32,
  makeView,
  memoryOffset,
  releaseView,
  runWasmKernel,
} from "./wasm-internals.js";
import { wasmModule } from "./wasm-modules.js";

export interface WinogradGeometry {
  B: number;
  H: number;
  W: number;
  C: number;
  Co: number;
  Ho: number;
  Wo: number;
  padTop: number;
  padLeft: number;
}

/** U [16, C, Co] from the filter [3, 3, C, Co]. */
export function filterTransform(g: Float32Array, C: number, Co: number, u: Float32Array): void {
  const n = C * Co;
  for (let k = 0; k < n; k++) {
    const g00 = g[k]!, g01 = g[n + k]!, g02 = g[2 * n + k]!;
    const g10 = g[3 * n + k]!, g11 = g[4 * n + k]!, g12 = g[5 * n + k]!;
    const g20 = g[6 * n + k]!, g21 = g[7 * n + k]!, g22 = g[8 * n + k]!;
    // rows: G g (4×3)
    const a00 = g00, a01 = g01, a02 = g02;
    const a10 = 0.5 * (g00 + g10 + g20), a11 = 0.5 * (g01 + g11 + g21), a12 = 0.5 * (g02 + g12 + g22);
    const a20 = 0.5 * (g00 - g10 + g20), a21 = 0.5 * (g01 - g11 + g21), a22 = 0.5 * (g02 - g12 + g22);
    const a30 = g20, a31 = g21, a32 = g22;
    // columns: (G g) Gᵀ (4×4)
    u[k] = a00;
    u[n + k] = 0.5 * (a00 + a01 + a02);
    u[2 * n + k] = 0.5 * (a00 - a01 + a02);
    u[3 * n + k] = a02;
    u[4 * n + k] = a10;
    u[5 * n + k] = 0.5 * (a10 + a11 + a12);
    u[6 * n + k] = 0.5 * (a10 - a11 + a12);
    u[7 * n + k] = a12;
    u[8 * n + k] = a20;
    u[9 * n + k] = 0.5 * (a20 + a21 + a22);
    u[10 * n + k] = 0.5 * (a20 - a21 + a22);
    u[11 * n + k] = a22;
    u[12 * n + k] = a30;
    u[13 * n + k] = 0.5 * (a30 + a31 + a32);
    u[14 * n + k] = 0.5 * (a30 - a31 + a32);
    u[15 * n + k] = a32;
  }
}

interface TransformExports {
  input(x: number, v: number, plane: number, Hp: number, Wp: number, C: number, Ho: number, Wo: number, TH: number, TW: number, t0: number, tn: number): void;
  output(m: number, plane: number, y: number, bias: number, relu: number, Ho: number, Wo: number, Co: number, TH: number, TW: number, t0: number, tn: number): void;
}

type RawBatchMatMul = (aId: number, aShape: Uint8Array, aRank: number, bId: number, bShape: Uint8Array, bRank: number, transposeA: number, transposeB: number, outId: number) => void;

interface WasmHelpers {
  transforms: TransformExports;
  /** tfjs-wasm's BatchMatMul export (XNNPACK fully-connected for batch 1, no transposes). */
  matMul: RawBatchMatMul;
}

const instances = new WeakMap<object, WasmHelpers>();

/** The transforms' wasm instance on tfjs-wasm's memory, and the raw GEMM (one per wasm module). */
function helpers(backend: Backend): WasmHelpers {
  let inst = instances.get(backend.wasm);
  if (inst === undefined) {
    const module = backend.wasm as unknown as { cwrap(name: string, ret: null, args: string[]): unknown };
    const matMul = module.cwrap("BatchMatMul", null, ["number", "array", "number", "number", "array", "number", "number", "number", "number"]) as RawBatchMatMul;
    inst = { transforms: wasmModule<TransformExports>(backend, "winograd"), matMul };
    instances.set(backend.wasm, inst);
  }
  return inst;
}

/**
 * Tiles per chunk: the pipeline (input transform → 16 GEMMs → output transform) runs over
 * chunks of tiles whose Winograd-domain buffers (16 × tiles × (C + Co) floats) stay in cache;
 * over all tiles at once they are 4× the input each and stream through memory. One thread only
 * (see conv3x3Winograd).
 */
export const winogradChunk = { bytes: 1 << 20 };
const SKEW = 16;

/** The wasm pool's thread count (the package is loaded by now: this runs inside a wasm kernel). */
export function wasmThreads(): number {
  // lazy: importing the package at module load would register the wasm backend as a side effect
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm")).getThreadsCount();
}

/** Whether `conv3x3Winograd` handles this geometry (3×3 stride-1 filter assumed by the caller). */
export function winogradApplies(g: WinogradGeometry): boolean {
  const padBottom = g.Ho + 2 - g.H - g.padTop;
  const padRight = g.Wo + 2 - g.W - g.padLeft;
  return g.C % 4 === 0 && g.Co % 4 === 0 && g.Ho >= 2 && g.Wo >= 2 && g.B > 0 &&
    g.padTop >= 0 && g.padLeft >= 0 && padBottom >= 0 && padRight >= 0;
}

/**
 * The convolution of x [B, H, W, C] with filter [3, 3, C, Co] (stride 1), output [B, Ho, Wo, Co]
 * where the output's (0, 0) reads input (−padTop, −padLeft); plus bias and ReLU when given.
 * Requires `winogradApplies(g)`.
 */
export function conv3x3Winograd(
  backend: Backend,
  x: TensorInfo,
  filter: TensorInfo,
  g: WinogradGeometry,
  bias: TensorInfo | null = null,
  relu = false,
): TensorInfo {
  const { B, H, W, C, Co, Ho, Wo, padTop, padLeft } = g;
  if (!winogradApplies(g)) throw new Error(`reprorl wasm Winograd: unsupported geometry ${JSON.stringify(g)}`);
  const { transforms: wasm, matMul } = helpers(backend);
  const TH = Math.ceil(Ho / 2);
  const TW = Math.ceil(Wo / 2);
  const T = B * TH * TW;
  // With a thread pool, every GEMM call is a fork-join of the pool; many small ones cost more
  // than cache misses (measured at 2 threads: 3× slower chunked), so one chunk of all tiles.
  const chunkBytes = wasmThreads() > 1 ? Infinity : winogradChunk.bytes;
  const Tc = Math.max(1, Math.min(T, Math.floor(chunkBytes / (16 * 4 * (C + Co)))));
  const Hp = Ho + 2;
  const Wp = Wo + 2;
  const temps: TensorInfo[] = [];
  const views: TensorInfo[] = [];
  try {
    let xp = x;
    if (Hp !== H || Wp !== W || padTop !== 0 || padLeft !== 0) {
      xp = runWasmKernel("PadV2", backend, { x }, {
        paddings: [[0, 0], [padTop, Hp - H - padTop], [padLeft, Wp - W - padLeft], [0, 0]],
        constantValue: 0,
      });
      temps.push(xp);
    }
    const u = backend.makeOutput([16, C, Co], "float32");
    temps.push(u);
    // Planes skewed by 64 bytes: at a multiple of 4 KiB apart the 16 streams of each transform
    // would share L1 sets.
    const planeV = Tc * C + SKEW;
    const planeM = Tc * Co + SKEW;
    const v = backend.makeOutput([16 * planeV], "float32");
    temps.push(v);
    const m = backend.makeOutput([16 * planeM], "float32");
    temps.push(m);
    const out = backend.makeOutput([B, Ho, Wo, Co], "float32");
    filterTransform(heapF32(backend, filter), C, Co, heapF32(backend, u));
    // One set of view ids for all chunks: XNNPACK packs each U[k] once (its operator is cached
    // per id of the right operand) and the chunk buffers are reused.
    const id = (info: TensorInfo): number => backend.dataIdMap.get(info.dataId)!.id;
    const aIds: number[] = [];
    const bIds: number[] = [];
    const oIds: number[] = [];
    for (let k = 0; k < 16; k++) {
      const av = makeView(backend, v, k * planeV, [1, Tc, C]);
      const bv = makeView(backend, u, k * C * Co, [1, C, Co]);
      const ov = makeView(backend, m, k * planeM, [1, Tc, Co]);
      views.push(av, bv, ov);
      aIds.push(id(av));
      bIds.push(id(bv));
      oIds.push(id(ov));
    }
    const shapeBytes = (dims: number[]): Uint8Array => new Uint8Array(new Int32Array(dims).buffer);
    const bShape = shapeBytes([1, C, Co]);
    const xPtr = memoryOffset(backend, xp);
    const vPtr = memoryOffset(backend, v);
    const mPtr = memoryOffset(backend, m);
    const outPtr = memoryOffset(backend, out);
    const biasPtr = bias === null ? 0 : memoryOffset(backend, bias);
    for (let t0 = 0; t0 < T; t0 += Tc) {
      const tn = Math.min(Tc, T - t0);
      wasm.input(xPtr, vPtr, planeV * 4, Hp, Wp, C, Ho, Wo, TH, TW, t0, tn);
      const aShape = shapeBytes([1, tn, C]);
      for (let k = 0; k < 16; k++) matMul(aIds[k]!, aShape, 3, bIds[k]!, bShape, 3, 0, 0, oIds[k]!);
      wasm.output(mPtr, planeM * 4, outPtr, biasPtr, relu ? 1 : 0, Ho, Wo, Co, TH, TW, t0, tn);
    }
    return out;
  } finally {
    for (const view of views) releaseView(backend, view);
    for (const t of temps) disposeInfo(backend, t);
  }
}
