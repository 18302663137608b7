/**
 * Exact multiply–accumulate (MAC) and parameter counts per layer of a plain conv net
 * (3×3 "same" convolutions with strides, global average pooling, one FC classifier), with
 * any number of channels kept per layer.
 *
 * Conventions (the ones that reproduce the thesis-adjacent numbers of research D.6:
 * full M-CifarNet = 190,515,072 MACs and 1,293,888 params):
 *   conv MACs  = k·k·C_in·C_out·H_out·W_out,  H_out = ⌈H_in / stride⌉ ("same" padding)
 *   conv params = k·k·C_in·C_out (+ C_out biases when `bias`)
 *   FC MACs = FC params = C_last·classes (+ classes biases when `bias`)
 * Pooling, ReLU and bias additions are not counted as MACs.
 * A pruned layer keeps `keep[t]` output channels; layer t+1 then reads only those, so its
 * C_in is `keep[t]` (the network input's channels are never pruned).
 */
import { ReproError } from "../core/errors.js";

export interface ConvSpec {
  cin: number;
  cout: number;
  kernel: number;
  stride: number;
}

export interface NetSpec {
  /** Input image: channels, height, width. */
  input: { channels: number; height: number; width: number };
  convs: ConvSpec[];
  classes: number;
}

export interface LayerCount {
  name: string;
  cin: number;
  cout: number;
  hOut: number;
  wOut: number;
  macs: number;
  params: number;
}

export interface CountOptions {
  /** Count biases as parameters (default false, the convention of research D.6). */
  bias?: boolean;
}

/** Spatial output size of every conv layer ("same" padding): ⌈H/stride⌉ per layer. */
export function outputSizes(spec: NetSpec): { h: number; w: number }[] {
  let h = spec.input.height;
  let w = spec.input.width;
  return spec.convs.map((c) => {
    h = Math.ceil(h / c.stride);
    w = Math.ceil(w / c.stride);
    return { h, w };
  });
}

function checkKeep(spec: NetSpec, keep: readonly number[] | undefined): number[] {
  const k = keep ?? spec.convs.map((c) => c.cout);
  if (k.length !== spec.convs.length) {
    throw new ReproError(`keep has ${k.length} entries but the net has ${spec.convs.length} conv layers; give one kept-channel count per layer`);
  }
  k.forEach((n, t) => {
    const c = spec.convs[t]!.cout;
    if (!(n >= 0 && n <= c)) throw new ReproError(`keep[${t}] = ${n} is outside [0, ${c}] (layer ${t} has ${c} output channels)`);
  });
  return [...k];
}

/**
 * Per-layer counts with `keep[t]` output channels kept at conv layer t (default: all).
 * Counts may be fractional when `keep` holds averages over inputs (runtime pruning).
 */
export function countLayers(spec: NetSpec, keep?: readonly number[], opts: CountOptions = {}): LayerCount[] {
  const k = checkKeep(spec, keep);
  const sizes = outputSizes(spec);
  const bias = opts.bias === true;
  const rows: LayerCount[] = spec.convs.map((c, t) => {
    const cin = t === 0 ? spec.input.channels : k[t - 1]!;
    const cout = k[t]!;
    const { h, w } = sizes[t]!;
    const kk = c.kernel * c.kernel;
    return { name: `conv${t + 1}`, cin, cout, hOut: h, wOut: w, macs: kk * cin * cout * h * w, params: kk * cin * cout + (bias ? cout : 0) };
  });
  const last = k[k.length - 1]!;
  rows.push({ name: "fc", cin: last, cout: spec.classes, hOut: 1, wOut: 1, macs: last * spec.classes, params: last * spec.classes + (bias ? spec.classes : 0) });
  return rows;
}

export function totalMacs(spec: NetSpec, keep?: readonly number[], opts: CountOptions = {}): number {
  return countLayers(spec, keep, opts).reduce((s, r) => s + r.macs, 0);
}

export function totalParams(spec: NetSpec, keep?: readonly number[], opts: CountOptions = {}): number {
  return countLayers(spec, keep, opts).reduce((s, r) => s + r.params, 0);
}

/**
 * MACs of a runtime-pruned forward pass averaged over inputs: `keepPerInput[i][t]` channels
 * kept at layer t for input i. Layer t's cost for input i is k²·keep_i[t−1]·keep_i[t]·H·W, so
 * the average is NOT the cost at the average keep (products of per-input counts).
 */
export function meanRuntimeMacs(spec: NetSpec, keepPerInput: readonly (readonly number[])[]): number {
  if (keepPerInput.length === 0) throw new ReproError("meanRuntimeMacs needs at least one input's kept counts");
  let s = 0;
  for (const k of keepPerInput) s += totalMacs(spec, k);
  return s / keepPerInput.length;
}

/**
 * Parameters of the runtime importance predictors f(·) (§6.3.1.1): one FC C_in → C_out with
 * bias per conv layer, reading the globally pooled full input (so it must be stored whole).
 */
export function runtimePredictorParams(spec: NetSpec): number {
  return spec.convs.reduce((s, c) => s + c.cin * c.cout + c.cout, 0);
}

/** Uniform keep count ⌈s·C⌉ at every layer (guarded against float error, see `keepCount`). */
export function uniformKeep(spec: NetSpec, sparsity: number): number[] {
  return spec.convs.map((c) => keepCountOf(sparsity, c.cout));
}

/** ⌈a·C⌉ with a 1e-9 guard so 0.7·10 = 7.000000000000001 keeps 7, not 8. */
export function keepCountOf(a: number, channels: number): number {
  if (!(a >= 0 && a <= 1)) throw new ReproError(`sparsity ratio ${a} is outside [0, 1]; it is the preserved fraction of channels`);
  return Math.min(channels, Math.max(0, Math.ceil(a * channels - 1e-9)));
}
