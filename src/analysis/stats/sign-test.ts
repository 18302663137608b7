/**
 * One-sided exact sign test for paired samples: H0 "each pair's difference is positive or
 * negative with probability ½", H1 "differences tend to be positive". Ties (difference 0) are
 * dropped, as usual. p = P(Binomial(m, ½) ≥ k) with k positive among m non-zero differences.
 */
import { ReproError } from "../../core/errors.js";

export interface SignTest {
  positive: number;
  nonZero: number;
  pValue: number;
}

/** P(Binomial(m, ½) ≥ k), exact. */
export function binomialUpperTail(k: number, m: number): number {
  if (!Number.isInteger(k) || !Number.isInteger(m) || m < 0) throw new ReproError(`binomial tail needs integers k and m ≥ 0, got k=${k}, m=${m}`);
  if (k <= 0) return 1;
  if (k > m) return 0;
  let p = 0;
  let c = 1; // C(m, 0)
  for (let i = 0; i <= m; i++) {
    if (i >= k) p += c;
    c = (c * (m - i)) / (i + 1);
  }
  return p / 2 ** m;
}

/** Sign test of `differences` against H1 "positive". */
export function signTestPositive(differences: ArrayLike<number>): SignTest {
  let positive = 0;
  let nonZero = 0;
  for (let t = 0; t < differences.length; t++) {
    const d = differences[t]!;
    if (Number.isNaN(d)) throw new ReproError(`sign test: difference ${t} is NaN`);
    if (d !== 0) nonZero++;
    if (d > 0) positive++;
  }
  return { positive, nonZero, pValue: binomialUpperTail(positive, nonZero) };
}
