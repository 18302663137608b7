import { describe, expect, it } from "vitest";
import { randomShift } from "../../src/agents/augment.js";
import { Rng } from "../../src/core/rng.js";

describe("random shift (pad, integer crop)", () => {
  // 1 image, 3×3, 1 channel: values 1..9 row-major
  const img = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);

  it("is the identity with pad 0", () => {
    expect(Array.from(randomShift(img, 1, 3, 3, 1, 0, new Rng(1)).images)).toEqual(Array.from(img));
  });

  it("reproduces the replicate-padded crop by hand for every drawn shift", () => {
    // padded 5×5 image (pad 1, replicate):
    const padded = [
      [1, 1, 2, 3, 3],
      [1, 1, 2, 3, 3],
      [4, 4, 5, 6, 6],
      [7, 7, 8, 9, 9],
      [7, 7, 8, 9, 9],
    ];
    const rng = new Rng(2);
    const seen = new Set<string>();
    for (let trial = 0; trial < 60; trial++) {
      const { images, shifts } = randomShift(img, 1, 3, 3, 1, 1, rng);
      const dx = shifts[0]!;
      const dy = shifts[1]!;
      expect(dx).toBeGreaterThanOrEqual(0);
      expect(dx).toBeLessThanOrEqual(2);
      const crop = [0, 1, 2].flatMap((y) => [0, 1, 2].map((x) => padded[y + dy]![x + dx]!));
      expect(Array.from(images)).toEqual(crop);
      seen.add(`${dx},${dy}`);
    }
    expect(seen.size).toBe(9); // all 9 offsets occur
  });

  it("shifts all channels of a pixel together and each image independently", () => {
    const two = new Uint8Array(2 * 2 * 2 * 3).map((_, i) => i);
    const { images, shifts } = randomShift(two, 2, 2, 2, 3, 1, new Rng(3));
    for (let b = 0; b < 2; b++) {
      for (let p = 0; p < 4; p++) {
        const o = b * 12 + p * 3;
        expect(images[o + 1]! - images[o]!).toBe(1);
        expect(images[o + 2]! - images[o]!).toBe(2);
        expect(Math.floor(images[o]! / 12)).toBe(b); // stays inside its own image
      }
    }
    expect(shifts.length).toBe(4);
  });
});
