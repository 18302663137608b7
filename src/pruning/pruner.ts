/**
 * The trade-off pruner g of §6.3.2: [m, u] = g(u_r, u_s, a^r, a^s) for one layer.
 *
 *   m_r prunes the C − ⌈a^r C⌉ channels with the smallest u_r; m_s likewise with u_s;
 *   m_o = m_s ∧ m_r;  m̄_r = m_r − m_o;  m̄_s = m_s − m_o (the thesis's text says "by m_r but
 *   not by m_s" twice — the second is the evident typo for "by m_s but not by m_r");
 *   C'_r = ⌊R_r · 1ᵀm̄_r⌋,  C'_s = ⌊(1 − R_r) · 1ᵀm̄_s⌋;
 *   m̂_r = the C'_r channels of m̄_r with the smallest u_r; m̂_s = the C'_s of m̄_s with the smallest u_s
 *   (the thesis says "smallest important" without naming the vector; we read u_r resp. u_s);
 *   m = m_o + m̂_r + m̂_s;  u = u_r ⊗ u_s.
 * A mask entry 1 means "pruned". a is the PRESERVED fraction ("sparsity" in the thesis).
 * Ties: among equal importance values the channel with the lower index is pruned first.
 * Because of the floors the pruned count is not monotone in R_r and can fall short of the
 * requested C − ⌈aC⌉ (research D.2 worked example).
 */
import { ReproError } from "../core/errors.js";
import { keepCountOf } from "./counting.js";

export type Mask = Uint8Array;

/** Indices of the `n` smallest values among `candidates` (all indices if omitted); ties → lower index first. */
export function smallestIndices(values: ArrayLike<number>, n: number, candidates?: readonly number[]): number[] {
  const idx = candidates ? [...candidates] : Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => values[a]! - values[b]! || a - b);
  return idx.slice(0, Math.max(0, n));
}

function maskOf(c: number, indices: readonly number[]): Mask {
  const m = new Uint8Array(c);
  for (const i of indices) m[i] = 1;
  return m;
}

function indicesOf(m: Mask): number[] {
  const out: number[] = [];
  m.forEach((v, i) => {
    if (v === 1) out.push(i);
  });
  return out;
}

/** Mask pruning the C − ⌈aC⌉ channels with the smallest importance. */
export function sparsityMask(u: ArrayLike<number>, a: number): Mask {
  const c = u.length;
  return maskOf(c, smallestIndices(u, c - keepCountOf(a, c)));
}

export interface TradeOffResult {
  /** Final mask m (1 = pruned). */
  m: Mask;
  /** Unified importance u = u_r ⊗ u_s. */
  u: Float64Array;
  mr: Mask;
  ms: Mask;
  mo: Mask;
  mrBar: Mask;
  msBar: Mask;
  mrHat: Mask;
  msHat: Mask;
  /** C'_r and C'_s. */
  cr: number;
  cs: number;
}

/** g(u_r, u_s, a^r, a^s) with trust rate R_r ∈ [0, 1] (§6.3.2). */
export function tradeOffPrune(ur: ArrayLike<number>, us: ArrayLike<number>, ar: number, as: number, rr: number): TradeOffResult {
  const c = ur.length;
  if (us.length !== c) throw new ReproError(`u_r has ${c} channels but u_s has ${us.length}; both importance vectors must cover the same layer`);
  if (!(rr >= 0 && rr <= 1)) throw new ReproError(`R_r = ${rr} is outside [0, 1]`);
  const mr = sparsityMask(ur, ar);
  const ms = sparsityMask(us, as);
  const mo = mr.map((v, i) => v & ms[i]!) as Mask;
  const mrBar = mr.map((v, i) => v - mo[i]!) as Mask;
  const msBar = ms.map((v, i) => v - mo[i]!) as Mask;
  const cr = Math.floor(rr * indicesOf(mrBar).length + 1e-9);
  const cs = Math.floor((1 - rr) * indicesOf(msBar).length + 1e-9);
  const mrHat = maskOf(c, smallestIndices(ur, cr, indicesOf(mrBar)));
  const msHat = maskOf(c, smallestIndices(us, cs, indicesOf(msBar)));
  const m = mo.map((v, i) => v + mrHat[i]! + msHat[i]!) as Mask;
  const u = new Float64Array(c);
  for (let i = 0; i < c; i++) u[i] = ur[i]! * us[i]!;
  return { m, u, mr, ms, mo, mrBar, msBar, mrHat, msHat, cr, cs };
}

/**
 * Inference rule of §6.3.5: channels with the ((1 − a^s)(1 − R_r))-smallest static importance
 * are removed permanently. We read the count as ⌊(1 − R_r)·(C − ⌈a^s C⌉)⌋, the training-time
 * count of static-only prunes when the masks are disjoint (C = 8, a^s = R_r = .5 → 2).
 */
export function permanentStaticMask(us: ArrayLike<number>, as: number, rr: number): Mask {
  const c = us.length;
  const n = Math.floor((1 - rr) * (c - keepCountOf(as, c)) + 1e-9);
  return maskOf(c, smallestIndices(us, n));
}

/** Indices (ascending) of the channels a mask keeps. */
export function keptIndices(m: Mask): number[] {
  const out: number[] = [];
  m.forEach((v, i) => {
    if (v === 0) out.push(i);
  });
  return out;
}

/** Indices (ascending) of the channels a mask prunes. */
export function prunedIndices(m: Mask): number[] {
  return indicesOf(m);
}
