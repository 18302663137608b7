import { describe, expect, it } from "vitest";
import { countLayers, keepCountOf, meanRuntimeMacs, runtimePredictorParams, totalMacs, totalParams, uniformKeep, type NetSpec } from "../../src/pruning/counting.js";

const tiny: NetSpec = {
  input: { channels: 3, height: 4, width: 4 },
  convs: [
    { cin: 3, cout: 2, kernel: 3, stride: 1 },
    { cin: 2, cout: 4, kernel: 3, stride: 2 },
  ],
  classes: 5,
};

/** M-CifarNet (research D.6, external): widths [64,64,128,128,128,192,192,192], strides [1,1,2,1,1,2,1,1]. */
const mcifar: NetSpec = {
  input: { channels: 3, height: 32, width: 32 },
  convs: [64, 64, 128, 128, 128, 192, 192, 192].map((cout, t, w) => ({ cin: t === 0 ? 3 : w[t - 1]!, cout, kernel: 3, stride: [1, 1, 2, 1, 1, 2, 1, 1][t]! })),
  classes: 10,
};

describe("MAC and parameter counting", () => {
  it("matches a hand count on a two-layer net", () => {
    // conv1: 3·3·3·2·4·4 = 864 MACs, 54 params; conv2 (stride 2 → 2×2): 9·2·4·2·2 = 288, 72; fc 4·5 = 20.
    const rows = countLayers(tiny);
    expect(rows.map((r) => r.macs)).toEqual([864, 288, 20]);
    expect(rows.map((r) => r.params)).toEqual([54, 72, 20]);
    expect(totalMacs(tiny)).toBe(1172);
    expect(totalParams(tiny, undefined, { bias: true })).toBe(54 + 2 + 72 + 4 + 20 + 5);
  });

  it("uses the kept outputs of layer t as the inputs of layer t+1", () => {
    // keep [1, 3]: conv1 9·3·1·16 = 432; conv2 9·1·3·4 = 108; fc 3·5 = 15.
    expect(countLayers(tiny, [1, 3]).map((r) => r.macs)).toEqual([432, 108, 15]);
    expect(totalParams(tiny, [1, 3])).toBe(27 + 27 + 15);
  });

  it("averages runtime MACs per input, not at the mean keep", () => {
    // inputs keep [1,4] and [2,2]: (432+144+20 + 864+144+10)/2 — vs keep [1.5,3] which gives 648+162+15.
    expect(meanRuntimeMacs(tiny, [[1, 4], [2, 2]])).toBe((432 + 9 * 1 * 4 * 4 + 20 + 864 + 9 * 2 * 2 * 4 + 10) / 2);
  });

  it("reproduces the full M-CifarNet counts and the 1/s² speed-ups of research D.6", () => {
    expect(totalMacs(mcifar)).toBe(190_515_072);
    expect(totalParams(mcifar)).toBe(1_293_888);
    // keep 32/64/96 at s = 0.5, hand-summed: 48,071,616 MACs.
    expect(totalMacs(mcifar, uniformKeep(mcifar, 0.5))).toBe(48_071_616);
    expect(190_515_072 / totalMacs(mcifar, uniformKeep(mcifar, 0.5))).toBeCloseTo(3.963, 3);
    // keep 45/90/135 at s = 0.7: 94,557,510 MACs → 2.015×.
    expect(totalMacs(mcifar, uniformKeep(mcifar, 0.7))).toBe(94_557_510);
    expect(totalMacs(mcifar) / totalMacs(mcifar, uniformKeep(mcifar, 0.45))).toBeCloseTo(4.816, 2);
  });

  it("gives the f(·) predictor overhead 144,640 params = 1.112× the backbone", () => {
    expect(runtimePredictorParams(mcifar)).toBe(144_640);
    expect((1_293_888 + 144_640) / 1_293_888).toBeCloseTo(1.1118, 4);
  });

  it("keeps ⌈aC⌉ channels without float overshoot", () => {
    expect(keepCountOf(0.7, 10)).toBe(7); // 0.7·10 = 7.000000000000001 in float
    expect(keepCountOf(0.5, 8)).toBe(4);
    expect(keepCountOf(0.45, 64)).toBe(29);
    expect(keepCountOf(0.01, 8)).toBe(1);
    expect(() => keepCountOf(1.2, 8)).toThrow(/outside/);
    expect(() => countLayers(tiny, [1])).toThrow(/one kept-channel count per layer/);
  });
});
