/**
 * How a learned representation compares with the exact behavioural metrics of its finite MDP
 * (research/seed000-ch5-7.md F.2 "Metrics"), on plain float64 arrays — the learned distances
 * and embeddings come from the sandbox (src/agents/sandbox.ts), the exact metrics from this
 * folder (mico.ts, rap.ts) and V^π from src/mdp:
 *
 *   correlation    Pearson and Spearman of the learned d̂(φ̄_i, φ̄_j) with a reference d(i, j) over
 *                  all n² ordered state pairs (diagonal included: self-distances are part of
 *                  what d_M, d̃_M and d̂ disagree on), φ̄_s the distractor-averaged embedding;
 *   invariance     two scale-free numbers for renderings of the same state:
 *                  - `renderingSpread` mean ‖φ(o_s^k) − φ(o_s^l)‖₂ over states and rendering
 *                    pairs, divided by the mean ‖φ̄_i − φ̄_j‖₂ over distinct states (how far the
 *                    encoder separates renderings of one state, relative to different states);
 *                  - `invarianceGap` mean_s [d̂(o¹_s, o²_s) − ½(d̂(o¹_s, o¹_s) + d̂(o²_s, o²_s))]
 *                    divided by the mean off-diagonal d̂ (F.2: the cross-rendering distance
 *                    "compared with the learned self-distance");
 *   linear probe   ridge regression of V^π(s) on [φ(o), 1], fitted on the first half of each
 *                  state's renderings and tested on the second half; RMSE / std(V).
 */
import { mean, pearson, spearman } from "../core/float64.js";
import { ReproError } from "../core/errors.js";
import { solveLinear } from "../mdp/linalg.js";

export interface CorrelationPair {
  pearson: number;
  spearman: number;
}

/** Pearson and Spearman of `learned` with `reference` over every entry (both n × n). */
export function metricCorrelation(learned: ArrayLike<number>, reference: ArrayLike<number>): CorrelationPair {
  if (learned.length !== reference.length) throw new ReproError(`metricCorrelation: ${learned.length} learned vs ${reference.length} reference entries`);
  return { pearson: pearson(learned, reference), spearman: spearman(learned, reference) };
}

/** |V_i − V_j| as an n × n matrix. */
export function valueGapMatrix(V: ArrayLike<number>): Float64Array {
  const n = V.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = Math.abs(V[i]! - V[j]!);
  return out;
}

function checkEmbeddings(emb: ArrayLike<number>, n: number, perState: number, latent: number): void {
  if (emb.length !== n * perState * latent) throw new ReproError(`embeddings: expected ${n}·${perState}·${latent} = ${n * perState * latent} values (state-major renderings), got ${emb.length}`);
  if (perState < 2) throw new ReproError(`embeddings: need at least 2 renderings per state, got ${perState}`);
}

/** φ̄_s, the mean embedding of each state's renderings ([n × latent]). */
export function stateMeanEmbeddings(emb: ArrayLike<number>, n: number, perState: number, latent: number): Float64Array {
  checkEmbeddings(emb, n, perState, latent);
  const out = new Float64Array(n * latent);
  for (let s = 0; s < n; s++) for (let k = 0; k < perState; k++) for (let z = 0; z < latent; z++) out[s * latent + z]! += emb[(s * perState + k) * latent + z]! / perState;
  return out;
}

function euclid(a: ArrayLike<number>, ia: number, b: ArrayLike<number>, ib: number, latent: number): number {
  let s = 0;
  for (let z = 0; z < latent; z++) s += (a[ia * latent + z]! - b[ib * latent + z]!) ** 2;
  return Math.sqrt(s);
}

/** Within-state rendering spread over between-state spread (see the file comment). */
export function renderingSpread(emb: ArrayLike<number>, n: number, perState: number, latent: number): number {
  const bar = stateMeanEmbeddings(emb, n, perState, latent);
  let within = 0;
  let cw = 0;
  for (let s = 0; s < n; s++) for (let k = 0; k < perState; k++) for (let l = k + 1; l < perState; l++) {
    within += euclid(emb, s * perState + k, emb, s * perState + l, latent);
    cw++;
  }
  let between = 0;
  let cb = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    between += euclid(bar, i, bar, j, latent);
    cb++;
  }
  return between > 0 ? within / cw / (between / cb) : Number.NaN;
}

/** Cross-rendering d̂ minus the mean self-distance, over the mean off-diagonal learned distance. */
export function invarianceGap(cross: ArrayLike<number>, selfFirst: ArrayLike<number>, selfSecond: ArrayLike<number>, learnedMatrix: ArrayLike<number>): number {
  const n = cross.length;
  if (selfFirst.length !== n || selfSecond.length !== n || learnedMatrix.length !== n * n) throw new ReproError(`invarianceGap: need n cross/self distances and an n × n matrix (n = ${n})`);
  let gap = 0;
  for (let s = 0; s < n; s++) gap += cross[s]! - 0.5 * (selfFirst[s]! + selfSecond[s]!);
  let off = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) off += learnedMatrix[i * n + j]!;
  off /= n * (n - 1);
  return off !== 0 ? gap / n / off : Number.NaN;
}

/** Held-out RMSE of a ridge probe V ≈ w·φ + b, divided by std(V) (see the file comment). */
export function linearProbeError(emb: ArrayLike<number>, n: number, perState: number, latent: number, V: ArrayLike<number>, ridge = 1e-3): number {
  checkEmbeddings(emb, n, perState, latent);
  if (V.length !== n) throw new ReproError(`linearProbeError: V has ${V.length} entries for ${n} states`);
  const half = Math.floor(perState / 2);
  const d = latent + 1;
  const A = new Float64Array(d * d);
  const b = new Float64Array(d);
  const row = new Float64Array(d);
  const feat = (s: number, k: number) => {
    for (let z = 0; z < latent; z++) row[z] = emb[(s * perState + k) * latent + z]!;
    row[latent] = 1;
  };
  for (let s = 0; s < n; s++) for (let k = 0; k < half; k++) {
    feat(s, k);
    for (let p = 0; p < d; p++) {
      b[p]! += row[p]! * V[s]!;
      for (let q = 0; q < d; q++) A[p * d + q]! += row[p]! * row[q]!;
    }
  }
  for (let p = 0; p < latent; p++) A[p * d + p]! += ridge * n * half;
  const w = solveLinear(A, b, d);
  let se = 0;
  let c = 0;
  for (let s = 0; s < n; s++) for (let k = half; k < perState; k++) {
    feat(s, k);
    let y = 0;
    for (let p = 0; p < d; p++) y += w[p]! * row[p]!;
    se += (y - V[s]!) ** 2;
    c++;
  }
  const mv = mean(V);
  let sv = 0;
  for (let s = 0; s < n; s++) sv += (V[s]! - mv) ** 2;
  const std = Math.sqrt(sv / n);
  return std > 0 ? Math.sqrt(se / c) / std : Number.NaN;
}
