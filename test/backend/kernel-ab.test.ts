/**
 * The old-vs-new benchmark helper (src/bench/kernel-ab.ts): each step runs under its own kernel
 * generation, the order alternates per round, warm-up rounds are not timed, the generation in use
 * is restored, and the ratio is previous/current.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/select.js";
import { kernelGeneration, type KernelGeneration } from "../../src/backend/wasm-kernels/register.js";
import { winogradPolicy } from "../../src/backend/wasm-kernels/conv2d-winograd.js";
import { timeGenerationsInterleaved } from "../../src/bench/kernel-ab.js";

beforeAll(async () => {
  await initBackend({ prefer: "wasm", quiet: true });
});

function busy(ms: number): void {
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    /* spin */
  }
}

describe("timeGenerationsInterleaved", () => {
  it("runs each step under its generation, A B / B A alternately, and restores the generation", () => {
    const seen: Array<[KernelGeneration, KernelGeneration, boolean]> = [];
    const step = (gen: KernelGeneration) => () => {
      seen.push([gen, kernelGeneration(), winogradPolicy.enabled]);
      busy(gen === "previous" ? 6 : 2);
    };
    const before = kernelGeneration();
    const r = timeGenerationsInterleaved({ previous: step("previous"), current: step("current") }, 4, 1);
    expect(kernelGeneration()).toBe(before);
    expect(seen).toHaveLength(10);
    for (const [gen, active, wino] of seen) {
      expect(active).toBe(gen);
      expect(wino).toBe(gen === "current");
    }
    expect(seen.map(([g]) => g[0]).join("")).toBe("pccppccppc");
    expect(r.previous.msAll).toHaveLength(4);
    expect(r.current.msAll).toHaveLength(4);
    expect(r.ratioWall).toBeGreaterThan(1.5); // 6 ms vs 2 ms of spinning
  });
});
