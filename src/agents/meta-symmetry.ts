/**
 * Does the order of the second half of AMBS's metric loss make the meta-learner symmetric?
 * Thesis §4.5.3 motivates (4.8)'s order — (s_i, s_j) in the first half, (s_j, s_i) in the
 * second — with "we aim to make f_r and f_d to be symmetric"; (4.10) prints (s_i, s_j) twice
 * (erratum 1 of research note §4.7). Research note T21: on a finite toy, train f with each
 * order and compare the asymmetry E|f(z_i, z_j) − f(z_j, z_i)|; a statistical check, not a theorem.
 *
 * The toy: n states with a tabular embedding z (fixed, N(0, I)), two noisy "views" of it per
 * step (z + N(0, s²) each, the augmentations), and symmetric targets |r_i − r_j| + W2(P̂_i, P̂_j)
 * from random rewards and Gaussians. Each unordered pair is trained in one orientation only,
 * drawn at random per seed — as in an agent's batches from a large buffer, where a pair is
 * practically never drawn twice, so symmetry can come only from the loss's order. The loss is
 * the agent's own `ambsMetricLoss` with one meta-learner (`MetaLearner`, output squared) and
 * `secondOrder` "ji" (4.8) or "ij" (4.10); everything else is the thesis preset. Both orders of
 * a seed share z, targets, pairs, initial weights and view noise (a paired comparison).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/rng.js";
import { Adam, gradStep } from "./adam.js";
import { ambsMetricLoss, MetaLearner, type AmbsMetricSettings } from "./ambs.js";

export interface MetaSymmetryOptions {
  states?: number;
  dim?: number;
  hidden?: number;
  steps?: number;
  lr?: number;
  viewNoise?: number;
}

export interface MetaSymmetryRun {
  seed: number;
  order: "ji" | "ij";
  /** mean over ordered pairs i ≠ j of |f(z_i, z_j) − f(z_j, z_i)|. */
  asymmetry: number;
  /** mean |f(z_i, z_j) − t_ij| over the trained orientations. */
  fitError: number;
  meanTarget: number;
}

/** Train f on the toy of seed `seed` with the given order; returns its asymmetry. */
export function metaSymmetryRun(order: "ji" | "ij", seed: number, opts: MetaSymmetryOptions = {}): MetaSymmetryRun {
  const n = opts.states ?? 10;
  const dim = opts.dim ?? 4;
  const steps = opts.steps ?? 300;
  const noise = opts.viewNoise ?? 0.05;
  const root = new Rng(seed);
  const toy = root.fork("toy");
  const z = Array.from({ length: n }, () => Array.from({ length: dim }, () => toy.normal()));
  const r = Array.from({ length: n }, () => toy.uniform());
  const mu = Array.from({ length: n }, () => [toy.normal(), toy.normal()]);
  const sigma = Array.from({ length: n }, () => [toy.uniformIn(0.2, 1), toy.uniformIn(0.2, 1)]);
  const first: number[] = [];
  const second: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const flip = toy.uniform() < 0.5;
      first.push(flip ? j : i);
      second.push(flip ? i : j);
    }
  const pairs = { first: Int32Array.from(first), second: Int32Array.from(second) };
  const settings: AmbsMetricSettings = { rewardDim: null, gamma: 0.99, secondViews: "thesis", secondOrder: order, lossWeights: "c", rewardDistance: "abs", w2Form: "vector", gammaOnDynTarget: false, scale: 2 };
  const f = new MetaLearner("f", dim, opts.hidden ?? 50, root.fork("init"), "orthogonal", true);
  const adam = new Adam(f.params.vars, { lr: opts.lr ?? 1e-3 });
  const views = root.fork("views");
  const zT = tf.tensor2d(z);
  const rT = tf.tensor2d(r, [n, 1]);
  const muT = tf.tensor2d(mu);
  const sigT = tf.tensor2d(sigma);
  try {
    for (let s = 0; s < steps; s++) {
      const view = () => tf.add(zT, tf.tensor2d(Array.from({ length: n * dim }, () => views.normal(0, noise)), [n, dim]));
      const h1 = view();
      const h2 = view();
      gradStep(() => ambsMetricLoss(h1, h2, rT, muT, sigT, null, pairs, f.forward, f.forward, settings), [adam]);
      tf.dispose([h1, h2]);
    }
    // evaluate on the clean embedding: every ordered pair, and the targets of the trained orientation
    return tf.tidy(() => {
      const I: number[] = [];
      const J: number[] = [];
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) (I.push(i), J.push(j));
      const fij = f.forward(tf.gather(zT, I), tf.gather(zT, J)).dataSync();
      const fji = f.forward(tf.gather(zT, J), tf.gather(zT, I)).dataSync();
      let asym = 0;
      for (let t = 0; t < I.length; t++) asym += Math.abs(fij[t]! - fji[t]!);
      const target = (i: number, j: number) => Math.abs(r[i]! - r[j]!) + Math.hypot(mu[i]![0]! - mu[j]![0]!, mu[i]![1]! - mu[j]![1]!, sigma[i]![0]! - sigma[j]![0]!, sigma[i]![1]! - sigma[j]![1]!);
      const ft = f.forward(tf.gather(zT, first), tf.gather(zT, second)).dataSync();
      let fit = 0;
      let mean = 0;
      first.forEach((i, p) => {
        const t = target(i, second[p]!);
        fit += Math.abs(ft[p]! - t);
        mean += t;
      });
      return { seed, order, asymmetry: asym / I.length, fitError: fit / first.length, meanTarget: mean / first.length };
    });
  } finally {
    tf.dispose([zT, rT, muT, sigT]);
    adam.dispose();
    f.dispose();
  }
}
