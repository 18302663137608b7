/**
 * T5: the DQN loss (Eq. 2.8) in the tabular case.
 *   L(θ_i) = E_{s,a}[(r + γ max_a' Q(s',a'; θ_{i−1}) − Q(s,a; θ_i))²]
 * (a) Exact minimisation of (2.8) at each iteration with θ_{i−1} frozen, the expectation taken
 *     over all (s,a) (random positive weights) and s' ~ P under the true model, solved as a
 *     weighted least-squares problem on one-hot features (normal equations, LU). Its iterates
 *     must equal value-iteration iterates Q_i = T Q_{i−1} (Eq. 2.6 operator) to 1e-12 (relative
 *     to max(1, ‖Q‖∞)).
 * (b) Stochastic version [EXT-lit practical DQN]: replay buffer (FIFO), uniform minibatches,
 *     target table copied every C steps, uniformly random behaviour; final ‖Q − Q*‖∞ ≤ 0.1‖Q*‖∞.
 */

import type { Rng } from "../../../core/rng.js";
import { bellmanOptimalityBackup, valueIteration } from "../../../mdp/evaluate.js";
import { randomMdp } from "../../../mdp/generate.js";
import { solveLinear } from "../../../mdp/linalg.js";
import { sampleNextState, sampleReward } from "../../../mdp/sample.js";
import type { FiniteMdp } from "../../../mdp/types.js";
import type { Ch2Config } from "./config.js";
import type { MdpCase } from "./suite.js";
import { type CheckResult, makeCheck, makePart, WorstCase } from "./types.js";

/**
 * argmin_θ Σ_{s,a} w(s,a) Σ_s' P(s'|s,a) (R(s,a) + γ max_a' Qprev(s',a') − θ_{s,a})², by the
 * normal equations Φᵀ W Φ θ = Φᵀ W y over all (s,a,s') rows with one-hot features Φ.
 */
export function minimiseDqnLossExactly(mdp: FiniteMdp, Qprev: Float64Array, w: Float64Array): Float64Array {
  const { nStates: n, nActions: m, P, R, gamma } = mdp;
  const N = n * m;
  const vmax = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let b = -Infinity;
    for (let a = 0; a < m; a++) b = Math.max(b, Qprev[s * m + a]!);
    vmax[s] = b;
  }
  const normal = new Float64Array(N * N); // Φᵀ W Φ
  const rhs = new Float64Array(N); // Φᵀ W y
  for (let sa = 0; sa < N; sa++) {
    for (let s2 = 0; s2 < n; s2++) {
      const weight = w[sa]! * P[sa * n + s2]!;
      if (weight === 0) continue;
      const y = R[sa]! + gamma * vmax[s2]!;
      // row feature φ = e_sa:  φφᵀ adds to (sa,sa), φ·y adds to sa
      normal[sa * N + sa]! += weight;
      rhs[sa]! += weight * y;
    }
  }
  return solveLinear(normal, rhs, N);
}

/** Tabular DQN-style learning with a replay buffer and a target table; returns relative errors at checkpoints. */
export function runTabularDqn(
  rng: Rng,
  mdp: FiniteMdp,
  Qstar: Float64Array,
  opts: { steps: number; capacity: number; batch: number; targetEvery: number; lr0: number; lrDecaySteps: number; checkpoints: number[] },
): number[] {
  const { nStates: n, nActions: m, gamma } = mdp;
  const Q = new Float64Array(n * m);
  let target = Float64Array.from(Q);
  const bs = new Int32Array(opts.capacity);
  const ba = new Int32Array(opts.capacity);
  const br = new Float64Array(opts.capacity);
  const bs2 = new Int32Array(opts.capacity);
  let size = 0;
  let head = 0;
  let qsNorm = 0;
  for (const q of Qstar) qsNorm = Math.max(qsNorm, Math.abs(q));
  const errs: number[] = [];
  let ck = 0;
  let s = rng.int(n);
  const grad = new Float64Array(n * m);
  for (let t = 1; t <= opts.steps; t++) {
    const a = rng.int(m);
    const r = sampleReward(rng, mdp, s, a);
    const s2 = sampleNextState(rng, mdp, s, a);
    bs[head] = s;
    ba[head] = a;
    br[head] = r;
    bs2[head] = s2;
    head = (head + 1) % opts.capacity;
    size = Math.min(size + 1, opts.capacity);
    s = s2;
    // one SGD step on the minibatch mean of ½(y − Q(s,a))², y from the frozen target table
    grad.fill(0);
    for (let k = 0; k < opts.batch; k++) {
      const j = rng.int(size);
      let mx = target[bs2[j]! * m]!;
      for (let b = 1; b < m; b++) mx = Math.max(mx, target[bs2[j]! * m + b]!);
      const i = bs[j]! * m + ba[j]!;
      grad[i]! += (br[j]! + gamma * mx - Q[i]!) / opts.batch;
    }
    const lr = opts.lr0 * Math.pow(1 + t / opts.lrDecaySteps, -0.6);
    for (let i = 0; i < n * m; i++) Q[i]! += lr * grad[i]!;
    if (t % opts.targetEvery === 0) target = Float64Array.from(Q);
    while (ck < opts.checkpoints.length && opts.checkpoints[ck] === t) {
      let e = 0;
      for (let i = 0; i < n * m; i++) e = Math.max(e, Math.abs(Q[i]! - Qstar[i]!));
      errs.push(e / qsNorm);
      ck++;
    }
  }
  return errs;
}

export function checkDqnLoss(rng: Rng, cases: MdpCase[], cfg: Ch2Config): CheckResult {
  const t0 = Date.now();
  const exactWorst = new WorstCase();
  for (const c of cases) {
    const N = c.mdp.nStates * c.mdp.nActions;
    const wr = rng.fork(`T5-weights-${c.label}`);
    const w = Float64Array.from({ length: N }, () => wr.uniformIn(0.1, 1));
    let Qdqn: Float64Array = new Float64Array(N);
    let Qvi: Float64Array = new Float64Array(N);
    for (let i = 0; i < cfg.dqnExactIters; i++) {
      Qdqn = minimiseDqnLossExactly(c.mdp, Qdqn, w);
      Qvi = bellmanOptimalityBackup(c.mdp, Qvi);
      let scale = 1;
      let e = 0;
      for (let j = 0; j < N; j++) {
        scale = Math.max(scale, Math.abs(Qvi[j]!));
        e = Math.max(e, Math.abs(Qdqn[j]! - Qvi[j]!));
      }
      exactWorst.update(e / scale, `${c.label}, iteration ${i + 1}`);
    }
  }
  const mdpRng = rng.fork("T5-sgd-mdps");
  const checkpoints = [1000, 3000, 10000, 30000, 100000, 300000].filter((x) => x <= cfg.dqnSgdSteps);
  if (checkpoints[checkpoints.length - 1] !== cfg.dqnSgdSteps) checkpoints.push(cfg.dqnSgdSteps);
  const sgdRuns: { mdp: string; relErrors: number[] }[] = [];
  const sgdWorst = new WorstCase();
  const sgdOpts = { steps: cfg.dqnSgdSteps, capacity: 10000, batch: 32, targetEvery: 500, lr0: 1, lrDecaySteps: 2000, checkpoints };
  for (let k = 0; k < cfg.dqnMdps; k++) {
    const mdp = randomMdp(mdpRng, { nStates: 5, nActions: 2, gamma: 0.9, dirichletAlpha: 0.5 });
    const Qstar = valueIteration(mdp, { tol: 1e-13 }).Q;
    const label = `dqn-mdp${String(k).padStart(2, "0")}`;
    const errs = runTabularDqn(rng.fork(`T5-sgd-${label}`), mdp, Qstar, sgdOpts);
    sgdRuns.push({ mdp: label, relErrors: errs });
    sgdWorst.update(errs[errs.length - 1]!, label);
  }
  return makeCheck(
    {
      id: "T5",
      source: "§2.3.1, Eq. (2.8)",
      title: "DQN loss (tabular)",
      claim:
        "Eq. (2.8) L(θ_i) = E_{s,a}[(r + γ max_a' Q(s',a';θ_{i−1}) − Q(s,a;θ_i))²], θ_i the parameter at the i-th iteration; replay buffer sampled uniformly.",
      what: `(a) ${cases.length} random MDPs, ${cfg.dqnExactIters} iterations of exact weighted least-squares minimisation of (2.8) (random positive (s,a) weights, true P) vs value iteration; (b) ${cfg.dqnMdps} random 5×2 MDPs (γ=0.9): tabular SGD with a FIFO replay buffer (capacity ${sgdOpts.capacity}), minibatch ${sgdOpts.batch}, target table copied every ${sgdOpts.targetEvery} steps, lr = (1+t/${sgdOpts.lrDecaySteps})^-0.6, ${cfg.dqnSgdSteps} steps, uniformly random behaviour.`,
      mdpsTried: cases.length + cfg.dqnMdps,
      parts: [
        makePart("max |θ_i − Q_i^VI| / max(1,‖Q_i‖∞) over iterations", exactWorst.value, "<=", 1e-12, { worst: exactWorst.where }),
        makePart("SGD + replay: final ‖Q − Q*‖∞/‖Q*‖∞ (worst MDP)", sgdWorst.value, "<=", 0.1, { worst: sgdWorst.where }),
      ],
      discrepancy:
        "The thesis gives (2.8) with the previous iterate θ_{i−1} as the target and a replay buffer, but no target-network period, exploration or Huber loss (standard DQN details) [EXT-lit].",
      details: { sgdSettings: sgdOpts },
      series: { sgd: { checkpoints, runs: sgdRuns } },
    },
    t0,
  );
}
