/**
 * Rendered observations with distractors (src/mdp/observations.ts): the marker sits where the
 * layout says, distractors change between renderings, and sampled transitions follow the MDP.
 * Mutants seen to fail: marker column from ⌊s / cols⌋ instead of s mod cols (the position test),
 * the next observation rendered from s instead of s′ (the transition test).
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { createMdp, deterministicPolicy } from "../../src/mdp/create.js";
import { observationDim, renderDistracted, renderEveryState, sampleObservedTransitions } from "../../src/mdp/observations.js";

const clean = { blobs: 0, noiseStd: 0 };

/** The top-left pixel of the brightest 2×2 block (the marker when there are no distractors). */
function markerCell(img: Float32Array, size = 12, cell = 2): [number, number] {
  let best = -Infinity;
  let at: [number, number] = [-1, -1];
  for (let y = 0; y + cell <= size; y += cell) for (let x = 0; x + cell <= size; x += cell) {
    let s = 0;
    for (let dy = 0; dy < cell; dy++) for (let dx = 0; dx < cell; dx++) s += img[(y + dy) * size + x + dx]!;
    if (s > best) (best = s), (at = [y, x]);
  }
  return at;
}

describe("renderDistracted", () => {
  it("draws state s as a 2×2 marker at grid cell (s mod 6, ⌊s/6⌋) of a 12×12 image", () => {
    const img = new Float32Array(observationDim());
    renderDistracted(new Rng(0), 7, 24, clean, img);
    // s = 7: row 1, column 1 → pixels (2..3, 2..3)
    expect(markerCell(img)).toEqual([2, 2]);
    expect(img.reduce((a, b) => a + b, 0)).toBe(4);
    renderDistracted(new Rng(0), 5, 24, clean, img);
    expect(markerCell(img)).toEqual([0, 10]);
  });

  it("two renderings of one state differ only by the distractors", () => {
    const [a, b] = [new Float32Array(144), new Float32Array(144)];
    const rng = new Rng(1);
    renderDistracted(rng, 3, 24, {}, a);
    renderDistracted(rng, 3, 24, {}, b);
    expect(Array.from(a)).not.toEqual(Array.from(b));
    // same seed, same draws
    const c = new Float32Array(144);
    renderDistracted(new Rng(1), 3, 24, {}, c);
    expect(Array.from(c)).toEqual(Array.from(a));
  });

  it("rejects more states than grid cells, in one line", () => {
    expect(() => renderDistracted(new Rng(0), 0, 37, {}, new Float32Array(144))).toThrow(/do not fit a 6×6 grid/);
  });
});

describe("sampleObservedTransitions", () => {
  // 4 states on a deterministic cycle: action 0 → s+1, action 1 → s; R(s, a) = s + 10a
  const P: number[][][] = [0, 1, 2, 3].map((s) => [0, 1].map((a) => [0, 1, 2, 3].map((t) => (t === (a === 0 ? (s + 1) % 4 : s) ? 1 : 0))));
  const mdp = createMdp({ P, R: [0, 1, 2, 3].map((s) => [s, s + 10]), gamma: 0.9 });
  const pi = deterministicPolicy(mdp, [0, 0, 1, 1]);

  it("follows π, P and R, and renders s and s′ at their own cells", () => {
    const d = sampleObservedTransitions(new Rng(2), mdp, pi, 50, clean);
    for (let t = 0; t < 50; t++) {
      const s = d.states[t]!;
      expect(d.actions[t]).toBe(s < 2 ? 0 : 1);
      expect(d.nextStates[t]).toBe(s < 2 ? s + 1 : s);
      expect(d.rewards[t]).toBe(s < 2 ? s : s + 10);
      expect(markerCell(d.obs.subarray(t * 144, (t + 1) * 144))).toEqual([0, 2 * s]);
      expect(markerCell(d.nextObs.subarray(t * 144, (t + 1) * 144))).toEqual([0, 2 * d.nextStates[t]!]);
    }
    expect(new Set(d.states).size).toBe(4);
  });

  it("renderEveryState lays renderings out state-major", () => {
    const out = renderEveryState(new Rng(3), 4, 2, clean);
    for (let s = 0; s < 4; s++) for (let k = 0; k < 2; k++) expect(markerCell(out.subarray((s * 2 + k) * 144, (s * 2 + k + 1) * 144))).toEqual([0, 2 * s]);
  });
});
