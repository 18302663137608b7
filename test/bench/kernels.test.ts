/**
 * The kernel bench's "SAC 32×32 (small tier)" case measures the small tier's own networks: the
 * bench may not import experiments (layering), so it repeats ch4-ambs's SMALL_NET, and this test
 * keeps the two equal.
 */
import { describe, expect, it } from "vitest";
import { SMALL_TIER_NET, SMALL_TIER_SAC } from "../../src/bench/kernel-generations.js";
import { SMALL_NET } from "../../src/experiments/drl-thesis/ch4-ambs/config.js";

describe("kernel bench: the small tier's SAC update", () => {
  it("uses ch4-ambs's SMALL_NET at 32×32 × 3 frames", () => {
    expect(SMALL_TIER_NET).toEqual(SMALL_NET);
    expect(SMALL_TIER_SAC.raw).toEqual({ algorithm: "sac", ...SMALL_NET });
    expect([SMALL_TIER_SAC.size, SMALL_TIER_SAC.channels]).toEqual([32, 9]);
  });
});
