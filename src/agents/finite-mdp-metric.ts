/**
 * Learned vs exact behavioural metric on a small finite MDP: the bridge from the float64 metrics
 * of src/metrics to the agents' metric losses. Each agent's own loss function — DBC's
 * `dbcBisimulationLoss`, MICo's `micoLoss`, AMBS's `ambsMetricLoss` (imported, not re-written) —
 * is trained on the observations of a finite MDP with that agent's embedding distance, and the
 * learned distance of every state pair is compared with the exact metric the loss targets:
 *
 *   agent  learned distance                              exact metric (src/metrics)
 *   dbc    ‖φ_i − φ_j‖₁                                  π-bisimulation, weights (1, γ)        (5.1)
 *   mico   U(φ_i, φ_j) = ½(‖φ_i‖² + ‖φ_j‖²) + β θ       MICo fixed point d_M                  (5.3)
 *   ambs   (1 − c) f_r(φ_r,i, φ_r,j) + c f_d(φ_d,i, φ_d,j)  π-bisimulation, weights (1 − c, c) (4.1)
 *
 * The MDPs (`monotoneChain`; their metrics in src/metrics/chain.ts) are chosen so every agent's distance can represent its exact
 * metric: one action, a random nondecreasing successor map n(·) and sorted random rewards. Every
 * pair of paths then keeps its order, and all three metrics are the line metric
 * d(i, j) = |ℓ_i − ℓ_j| with ℓ_i = w_r r_i + w_d ℓ_{n(i)} (a value function with discount w_d):
 * W1 and the independent coupling of Dirac measures coincide (so d_M = d_bisim), and the
 * diagonal is 0. Why each distance can represent it:
 *   - DBC: a 1-D embedding φ_i = ℓ_i (L1 of 1-D points is the line metric);
 *   - MICo: 2-D points on a circle of radius ρ at angles ℓ_i/β, when the spread of ℓ is below βπ
 *     (`metricScale` rescales the rewards so it is): U = ρ² + |ℓ_i − ℓ_j| — exact as ρ → 0. The
 *     loss drives ρ down (the diagonal's target is γ‖φ̄_{n(i)}‖²); what ρ² is left is part of
 *     the measured error;
 *   - AMBS: f_r fits |r_i − r_j| on φ_r, and f_d fits the W2 of the predicted next φ_d, which
 *     with deterministic transitions and a perfect model is ‖φ_d(n(i)) − φ_d(n(j))‖₂. The sum
 *     (1 − c)|Δr| + c‖Δφ_d(next)‖ is d_c exactly when φ_d is an isometric embedding of d_c.
 *     AMBS's loss has no term that gives φ_d that geometry (its dynamics target contains no
 *     reward; in the agent the critic shapes φ_d), so `ambsDynamics` chooses: "isometric" holds
 *     φ_d at the line coordinates of the exact d_c (the geometry the thesis assumes the critic
 *     supplies; what is then tested is the loss's composition — targets, weights, meta-learners,
 *     φ_r — not a recursion), "trained" lets ℓ alone train φ_d from a random N(0, 1) start (a
 *     measurement: nothing ties it to d_c or to its scale, so the max error is large and the
 *     Pearson correlation is the scale-free number to read).
 *
 * Shared choices, with their reasons:
 *   - observations are one-hot (the encoder is a free embedding table, obs·W) or random
 *     features: a random rotation of the one-hot codes (orthogonal, so obs·W still reaches
 *     every embedding);
 *   - the batch is every state once; the transition model is the perfect one — the successor's
 *     embedding under stop-gradient, σ = 0 (what DBC's and AMBS's P̂ learn on deterministic
 *     transitions, as test/agents/metric-finite-mdp.test.ts did for DBC), so the diagnostic
 *     measures the metric losses and not P̂'s fit;
 *   - DBC: all pairs, paper form; MICo: all pairs (as the agent), the second argument the online
 *     embedding without gradient (`micoSecond` "online-detached"), the next-state term from a
 *     target embedding soft-updated with `tau` after every step (the agent's τ is 0.005; the
 *     default here is larger so a few thousand steps reach the fixed point); AMBS: all n² pairs
 *     instead of the agent's permutation pairs (b, perm(b)) — the permutation loss is an
 *     unbiased estimate of the all-pairs mean (each ordered pair, self-pairs included, is drawn
 *     with probability 1/n), so this is its expected gradient without the sampling noise — the
 *     thesis preset's loss settings (AMBS_SCHEMA defaults), no augmentation (s^(2) = s^(1)),
 *     c fixed (η is trained by the critic in the agent, not by ℓ), f_r and f_d the agent's
 *     `MetaLearner`s (hidden 50, squared output) on 1-D φ_r and φ_d;
 *   - one Adam per parameter group at `lr` (the agents use 1e-3; the rates here reach the
 *     fixed point in a few thousand steps and change nothing about where it is);
 *   - the rewards are rescaled so the exact metric's largest entry is `metricScale` (every
 *     metric here is linear in the rewards), which keeps MICo's angles inside [0, π];
 *   - a 1-D L1 fit (DBC) and the angles of MICo have spurious minima with a wrong order, so the
 *     embeddings start in state order (the basin of the exact solution; ℓ is nondecreasing in
 *     the state index): DBC a ramp over [0, metricScale] (the start at 0.01·i of
 *     test/agents/metric-finite-mdp.test.ts lands in a wrong-order minimum on some seeds at this
 *     scale), MICo radius 0.1 at
 *     angles 0.05·i. AMBS's φ_r (and a trained φ_d) start at random: f can fit any order.
 * Every random choice (rewards, successors, features, initial weights) flows from the seed.
 * Errors are over all n² ordered pairs, the diagonal included.
 */
import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { Adam, gradStep } from "./adam.js";
import { AMBS_SCHEMA, ambsMetricLoss, MetaLearner, type AmbsMetricSettings } from "./ambs.js";
import { dbcBisimulationLoss } from "./dbc.js";
import { micoDistance, rows, samplePairs } from "./metric-blocks.js";
import { micoLoss } from "./mico.js";
import { orthogonalMatrix, softUpdate } from "./nn.js";

export type FiniteMetricAgent = "dbc" | "mico" | "ambs";
export const FINITE_METRIC_AGENTS: readonly FiniteMetricAgent[] = ["dbc", "mico", "ambs"];

/** A chain as plain arrays (the shape of src/metrics/chain.ts `Chain`). */
export interface Chain {
  readonly next: Int32Array;
  readonly reward: Float64Array;
  readonly gamma: number;
}

/** The exact metric the caller computes for a chain (src/metrics/chain.ts `chainMetric`), n × n row-major. */
export type ExactMetric = (chain: Chain) => ArrayLike<number>;

/** A random monotone chain: n(·) nondecreasing, rewards sorted U[0, 1)·rewardScale. */
export function monotoneChain(rng: Rng, nStates: number, gamma: number, rewardScale = 1): Chain {
  if (!Number.isInteger(nStates) || nStates < 2) throw new ReproError(`monotoneChain: nStates must be an integer ≥ 2, got ${nStates}`);
  if (!(rewardScale > 0)) throw new ReproError(`monotoneChain: rewardScale must be > 0, got ${rewardScale}`);
  const next = Int32Array.from(Array.from({ length: nStates }, () => rng.int(nStates)).sort((x, y) => x - y));
  const reward = Float64Array.from(Array.from({ length: nStates }, () => rng.uniform() * rewardScale).sort((x, y) => x - y));
  return { next, reward, gamma };
}

export interface FiniteMetricOptions {
  readonly agent: FiniteMetricAgent;
  /**
   * The exact metric the agent's loss targets (src/metrics/chain.ts `chainMetric`: "bisimulation"
   * for DBC, "mico" for MICo, "c-weighted" with this c for AMBS). Passed in because the agents
   * layer does not import src/metrics (test/layering.test.ts); the caller names the metric.
   */
  readonly exact: ExactMetric;
  /** For AMBS with φ_d "isometric": coordinates x with |x_i − x_j| = exact(i, j) (src/metrics `lineCoordinates`). */
  readonly lineCoordinates?: (d: ArrayLike<number>, n: number) => ArrayLike<number>;
  /** Number of states (8–16 in the diagnostics); default 8. */
  readonly nStates?: number;
  /** The MDP's γ; default 0.9. */
  readonly gamma?: number;
  /** Seed of everything: the MDP, the features, the initial weights. */
  readonly seed: number;
  /** Observations: one-hot (default) or random orthogonal features. */
  readonly observations?: "one-hot" | "random-features";
  /** The rewards are rescaled so the exact metric's largest entry is this; default 0.25 (below βπ for MICo's β 0.1). */
  readonly metricScale?: number;
  /** Adam steps; default per agent (DBC 2000, MICo 2000, AMBS 3000). */
  readonly steps?: number;
  /** Adam learning rate; default per agent (DBC 0.002, MICo 0.003, AMBS 0.003). */
  readonly lr?: number;
  /** Loss values kept for the learning curve; default 20 (evenly spaced, the first and the last included). */
  readonly curvePoints?: number;
  /** MICo's β; default the agent's 0.1. */
  readonly micoBeta?: number;
  /** Soft-update rate of MICo's target embedding; default 0.1. */
  readonly tau?: number;
  /** AMBS's fixed c (the dynamics weight); default ½ (softmax(0, 0), the agent's start). */
  readonly c?: number;
  /** AMBS's φ_d: held at the exact d_c's line coordinates, or trained by ℓ alone (file comment). */
  readonly ambsDynamics?: "isometric" | "trained";
}

export interface FiniteMetricResult {
  readonly agent: FiniteMetricAgent;
  readonly nStates: number;
  readonly seed: number;
  /** n × n row-major: the learned distance and the exact metric. */
  readonly learned: Float64Array;
  readonly exact: Float64Array;
  /** max_ij |learned − exact| / max_ij exact. */
  readonly maxError: number;
  /** mean over pairs with exact > 0 of |learned − exact| / exact. */
  readonly meanRelativeError: number;
  /** Pearson correlation of learned and exact over the off-diagonal pairs. */
  readonly pearson: number;
  /** The loss at evenly spaced steps (step, value), from before the first update to after the last. */
  readonly curve: ReadonlyArray<{ step: number; loss: number }>;
}

const DEFAULT_STEPS: Record<FiniteMetricAgent, number> = { dbc: 2000, mico: 2000, ambs: 3000 };
const DEFAULT_LR: Record<FiniteMetricAgent, number> = { dbc: 0.002, mico: 0.003, ambs: 0.003 };

/** Train `agent`'s metric loss on a random monotone chain and compare its distance with the exact metric. */
export function finiteMdpMetric(opts: FiniteMetricOptions): FiniteMetricResult {
  const agent = opts.agent;
  if (!FINITE_METRIC_AGENTS.includes(agent)) throw new ReproError(`finiteMdpMetric: agent must be one of ${FINITE_METRIC_AGENTS.join(", ")}, got ${String(agent)}`);
  const n = opts.nStates ?? 8;
  const gamma = opts.gamma ?? 0.9;
  const c = opts.c ?? 0.5;
  if (!(c > 0 && c < 1)) throw new ReproError(`finiteMdpMetric: c must be in (0, 1), got ${c}`);
  const metricScale = opts.metricScale ?? 0.25;
  if (!(metricScale > 0)) throw new ReproError(`finiteMdpMetric: metricScale must be > 0, got ${metricScale}`);
  const steps = opts.steps ?? DEFAULT_STEPS[agent];
  const lr = opts.lr ?? DEFAULT_LR[agent];
  const rng = new Rng(opts.seed);
  // the exact metrics are linear in the rewards: draw, then redraw the same chain (a fork is a pure
  // function of the seed and its label) with the rewards scaled so that max d = metricScale
  const draft = monotoneChain(rng.fork("mdp"), n, gamma);
  const draftMax = Math.max(...Array.from(opts.exact(draft)));
  if (!(draftMax > 0)) throw new ReproError(`finiteMdpMetric: seed ${opts.seed} drew a chain whose metric is 0 everywhere; use another seed`);
  const chain = monotoneChain(rng.fork("mdp"), n, gamma, metricScale / draftMax);
  const exact = Float64Array.from(opts.exact(chain));
  if (exact.length !== n * n) throw new ReproError(`finiteMdpMetric: the exact metric has ${exact.length} entries, expected ${n}×${n}`);
  const ambsDynamics = opts.ambsDynamics ?? "isometric";
  if (agent === "ambs" && ambsDynamics === "isometric" && !opts.lineCoordinates) throw new ReproError("finiteMdpMetric: AMBS with an isometric φ_d needs lineCoordinates (src/metrics)");
  const line = agent === "ambs" && ambsDynamics === "isometric" ? Float64Array.from(opts.lineCoordinates!(exact, n)) : null;
  const obsHost = observationMatrix(opts.observations ?? "one-hot", n, rng.fork("features"));
  const obs = tf.tensor2d(Float32Array.from(obsHost), [n, n]);
  const init = rng.fork("init");
  const curvePoints = Math.max(2, opts.curvePoints ?? 20);
  const record = new Set(Array.from({ length: curvePoints }, (_, k) => Math.round((k * steps) / (curvePoints - 1))));
  const curve: { step: number; loss: number }[] = [];
  const problem = buildProblem(agent, chain, line, obs, obsHost, init, { gamma, c, beta: opts.micoBeta ?? 0.1, tau: opts.tau ?? 0.1, lr, metricScale });
  try {
    for (let t = 0; t <= steps; t++) {
      if (t === steps) {
        if (record.has(t)) curve.push({ step: t, loss: problem.lossValue() });
        break;
      }
      const loss = gradStep(() => problem.loss(), problem.optimizers);
      if (record.has(t)) curve.push({ step: t, loss });
      problem.afterStep();
    }
    const learned = problem.learned();
    return { agent, nStates: n, seed: opts.seed, learned, exact, ...errorSummary(learned, exact, n), curve };
  } finally {
    problem.dispose();
    obs.dispose();
  }
}

/** Errors of a learned n × n distance against the exact one (FiniteMetricResult's fields). */
export function errorSummary(learned: ArrayLike<number>, exact: ArrayLike<number>, n: number): { maxError: number; meanRelativeError: number; pearson: number } {
  if (learned.length !== n * n || exact.length !== n * n) throw new ReproError(`errorSummary: need two ${n}×${n} matrices, got ${learned.length} and ${exact.length} entries`);
  let maxAbs = 0;
  let maxExact = 0;
  let rel = 0;
  let nRel = 0;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const e = exact[i * n + j]!;
    const l = learned[i * n + j]!;
    maxAbs = Math.max(maxAbs, Math.abs(l - e));
    maxExact = Math.max(maxExact, e);
    if (e > 0) (rel += Math.abs(l - e) / e), nRel++;
    if (i !== j) xs.push(l), ys.push(e);
  }
  return { maxError: maxAbs / maxExact, meanRelativeError: nRel > 0 ? rel / nRel : NaN, pearson: pearson(xs, ys) };
}

function pearson(x: readonly number[], y: readonly number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < x.length; k++) (sxy += (x[k]! - mx) * (y[k]! - my)), (sxx += (x[k]! - mx) ** 2), (syy += (y[k]! - my) ** 2);
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/**
 * The n × n observation matrix, row s the observation of state s (row-major, float64): one-hot
 * codes, or a random rotation of them (an orthogonal matrix, so obs·W still reaches every
 * embedding, with W = obsᵀ φ).
 */
function observationMatrix(kind: "one-hot" | "random-features", n: number, rng: Rng): Float64Array {
  if (kind === "random-features") return orthogonalMatrix(rng, n, n);
  if (kind !== "one-hot") throw new ReproError(`finiteMdpMetric: observations must be "one-hot" or "random-features", got ${String(kind)}`);
  return Float64Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? 1 : 0));
}

/** The weights W [n, Z] with obs·W = phi ([n][Z]): obs is orthogonal, so W = obsᵀ phi. */
function weightsFor(obs: Float64Array, phi: number[][]): tf.Variable {
  const n = phi.length;
  const Z = phi[0]!.length;
  const w = new Float64Array(n * Z);
  for (let k = 0; k < n; k++) for (let t = 0; t < Z; t++) {
    let v = 0;
    for (let s = 0; s < n; s++) v += obs[s * n + k]! * phi[s]![t]!;
    w[k * Z + t] = v;
  }
  const init = tf.tensor2d(Float32Array.from(w), [n, Z]);
  const variable = tf.variable(init);
  init.dispose();
  return variable;
}

interface Problem {
  loss(): tf.Scalar;
  lossValue(): number;
  readonly optimizers: Adam[];
  afterStep(): void;
  learned(): Float64Array;
  dispose(): void;
}

interface ProblemSettings {
  gamma: number;
  c: number;
  beta: number;
  tau: number;
  lr: number;
  metricScale: number;
}

function buildProblem(agent: FiniteMetricAgent, chain: Chain, line: Float64Array | null, obs: tf.Tensor2D, obsHost: Float64Array, init: Rng, s: ProblemSettings): Problem {
  const n = chain.next.length;
  const r = tf.tensor2d(Array.from(chain.reward), [n, 1]);
  const allPairs = samplePairs("all-pairs", n, init);
  const evalOnce = (f: () => tf.Scalar): number => tf.tidy(() => f().dataSync()[0]!);
  if (agent === "dbc") {
    const W = weightsFor(obsHost, Array.from({ length: n }, (_, i) => [(s.metricScale * i) / (n - 1) + init.normal(0, 0.01 * s.metricScale)]));
    const opt = new Adam([W], { lr: s.lr });
    const loss = (): tf.Scalar => {
      const h = tf.matMul(obs, W);
      // the perfect transition model: μ_i = φ(s′_i), stop-gradiented inside the loss; σ = 0
      return dbcBisimulationLoss(h, r, rows(h, chain.next), null, allPairs, s.gamma, "paper");
    };
    return {
      loss, lossValue: () => evalOnce(loss), optimizers: [opt], afterStep: () => {},
      learned: () => {
        const phi = Array.from(tf.tidy(() => tf.matMul(obs, W)).dataSync());
        return Float64Array.from({ length: n * n }, (_, k) => Math.abs(phi[Math.floor(k / n)]! - phi[k % n]!));
      },
      dispose: () => (opt.dispose(), tf.dispose([W, r])),
    };
  }
  if (agent === "mico") {
    // 2-D points at radius 0.1 and small increasing angles (file comment: start in state order)
    const phi0 = Array.from({ length: n }, (_, i) => {
      const a = 0.05 * i + init.normal(0, 0.005);
      return [0.1 * Math.cos(a), 0.1 * Math.sin(a)];
    });
    const W = weightsFor(obsHost, phi0);
    const Wbar = tf.variable(W.clone());
    const opt = new Adam([W], { lr: s.lr });
    const loss = (): tf.Scalar => {
      const z = tf.matMul(obs, W);
      const nextTarget = rows(tf.matMul(obs, Wbar), chain.next);
      return micoLoss(z, z, nextTarget, r, allPairs, s.gamma, s.beta);
    };
    return {
      loss, lossValue: () => evalOnce(loss), optimizers: [opt], afterStep: () => softUpdate([Wbar], [W], s.tau),
      learned: () => Float64Array.from(tf.tidy(() => {
        const z = tf.matMul(obs, W);
        return micoDistance(rows(z, allPairs.first), rows(z, allPairs.second), s.beta);
      }).dataSync()),
      dispose: () => (opt.dispose(), tf.dispose([W, Wbar, r])),
    };
  }
  // AMBS: φ = [φ_r : φ_d], φ_r 1-D trained, φ_d 1-D isometric (fixed) or trained
  const Wr = weightsFor(obsHost, Array.from({ length: n }, () => [init.normal(0, 1)]));
  const Wd = weightsFor(obsHost, Array.from({ length: n }, (_, i) => [line ? line[i]! : init.normal(0, 1)]));
  const weightInit = AMBS_SCHEMA.weightInit.default;
  const hidden = AMBS_SCHEMA.metaHidden.default;
  const square = AMBS_SCHEMA.fOutput.default === "square";
  const fr = new MetaLearner("f_r", 1, hidden, init, weightInit, square);
  const fd = new MetaLearner("f_d", 1, hidden, init, weightInit, square);
  const weights = tf.tensor1d([1 - s.c, s.c]);
  const settings: AmbsMetricSettings = {
    rewardDim: 1,
    gamma: s.gamma,
    secondViews: AMBS_SCHEMA.secondViews.default,
    secondOrder: AMBS_SCHEMA.secondOrder.default,
    lossWeights: AMBS_SCHEMA.lossWeights.default,
    rewardDistance: AMBS_SCHEMA.rewardDistance.default,
    w2Form: AMBS_SCHEMA.w2Form.default,
    gammaOnDynTarget: AMBS_SCHEMA.gammaOnDynTarget.default,
    scale: 2, // the thesis preset's (4.8) averaged over pairs (AmbsObjective.settings)
  };
  const encoderOpt = new Adam(line ? [Wr] : [Wr, Wd], { lr: s.lr });
  const metaOpt = new Adam([...fr.params.vars, ...fd.params.vars], { lr: s.lr });
  const embed = (): tf.Tensor => tf.concat([tf.matMul(obs, Wr), tf.matMul(obs, Wd)], 1);
  const loss = (): tf.Scalar => {
    const h = embed();
    const mu = rows(tf.slice(h, [0, 1], [-1, 1]), chain.next); // the perfect P̂: φ_d(s′), stop-gradiented in the loss; σ = 0
    return ambsMetricLoss(h, h, r, mu, null, weights, allPairs, fr.forward, fd.forward, settings);
  };
  return {
    loss,
    lossValue: () => evalOnce(loss),
    optimizers: [encoderOpt, metaOpt],
    afterStep: () => {},
    learned: () => Float64Array.from(tf.tidy(() => {
      const h = embed();
      const hr = tf.slice(h, [0, 0], [-1, 1]);
      const hd = tf.slice(h, [0, 1], [-1, 1]);
      const dr = fr.forward(rows(hr, allPairs.first), rows(hr, allPairs.second));
      const dd = fd.forward(rows(hd, allPairs.first), rows(hd, allPairs.second));
      return tf.add(tf.mul(1 - s.c, dr), tf.mul(s.c, dd));
    }).dataSync()),
    dispose: () => {
      encoderOpt.dispose();
      metaOpt.dispose();
      fr.dispose();
      fd.dispose();
      tf.dispose([Wr, Wd, r, weights]);
    },
  };
}
