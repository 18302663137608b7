import { describe, expect, it } from "vitest";
import {
  identity,
  invertMatrix,
  luFactor,
  luSolve,
  matMul,
  matVec,
  maxAbsDiff,
  solveLinear,
  transpose,
  vecMat,
} from "../../src/mdp/linalg.js";
import { Rng } from "../../src/core/rng.js";

describe("linalg", () => {
  it("solves a 3×3 system with a known integer solution", () => {
    // A x = b with x = [1, -2, 3]:  2x+y-z = -3, -3x-y+2z = 5, -2x+y+2z = 2
    const A = [2, 1, -1, -3, -1, 2, -2, 1, 2];
    const x = solveLinear(A, [-3, 5, 2], 3);
    expect(maxAbsDiff(x, [1, -2, 3])).toBeLessThan(1e-14);
  });

  it("needs pivoting: zero in the top-left corner", () => {
    // [[0,1],[1,0]] x = [5,7]  → x = [7,5]; naive elimination would divide by zero
    const x = solveLinear([0, 1, 1, 0], [5, 7], 2);
    expect(Array.from(x)).toEqual([7, 5]);
    const f = luFactor([0, 1, 1, 0], 2);
    expect(Array.from(f.perm)).toEqual([1, 0]);
  });

  it("pivoting keeps a badly scaled system accurate", () => {
    // [[1e-20, 1],[1, 1]] x = [1, 2] → x ≈ [1, 1]; without pivoting x0 comes out 0
    const x = solveLinear([1e-20, 1, 1, 1], [1, 2], 2);
    expect(Math.abs(x[0]! - 1)).toBeLessThan(1e-12);
    expect(Math.abs(x[1]! - 1)).toBeLessThan(1e-12);
  });

  it("rejects singular and malformed systems with one-line errors", () => {
    expect(() => solveLinear([1, 2, 2, 4], [1, 1], 2)).toThrow(/singular/);
    expect(() => solveLinear([1, 2, 3], [1, 1], 2)).toThrow(/3 entries, expected 2×2/);
    expect(() => luSolve(luFactor([1, 0, 0, 1], 2), [1, 2, 3])).toThrow(/length 3, expected 2/);
    expect(() => solveLinear([NaN, 0, 0, 1], [1, 1], 2)).toThrow(/NaN/);
  });

  it("inverse times matrix is the identity on random 8×8 matrices", () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 5; trial++) {
      const n = 8;
      const A = Float64Array.from({ length: n * n }, () => rng.normal());
      const inv = invertMatrix(A, n);
      expect(maxAbsDiff(matMul(A, inv, n, n, n), identity(n))).toBeLessThan(1e-10);
      // residual of a solve
      const b = Float64Array.from({ length: n }, () => rng.normal());
      const x = solveLinear(A, b, n);
      expect(maxAbsDiff(matVec(A, x, n, n), b)).toBeLessThan(1e-10);
    }
  });

  it("matVec, vecMat, transpose agree with hand values", () => {
    const A = [1, 2, 3, 4, 5, 6]; // 2×3
    expect(Array.from(matVec(A, [1, 0, -1], 2, 3))).toEqual([-2, -2]);
    expect(Array.from(vecMat([1, -1], A, 2, 3))).toEqual([-3, -3, -3]);
    expect(Array.from(transpose(A, 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(Array.from(matMul(A, [1, 0, 0, 1, 1, 1], 2, 3, 2))).toEqual([4, 5, 10, 11]);
  });
});
