/**
 * Algorithm 4 (§6.3.4) and the pruning methods compared in Tables 6.1–6.4, on a `PrunableNet`.
 *
 * A method fixes, per conv layer t, where the runtime ratio a^r_t and the static ratio a^s_t
 * come from (an RL agent, a fixed uniform value, or 1 = no pruning), which static importance
 * ranks channels (learned h(·), filter norm, or FPGM-style distance), and R_r. The trade-off
 * pruner g turns (u_r, u_s, a^r, a^s, R_r) into a per-input mask; the masked output follows (6.1).
 *
 * Evaluation uses the greedy (mean) actions. The channels removed permanently at inference
 * (§6.3.5: the ⌊(1−R_r)(C−⌈a^s C⌉)⌋ smallest u_s) are pruned on every input (mask ∨ permanent),
 * so the stored-parameter count is what a deployment would keep.
 */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../core/rng.js";
import { batchTensors, epochBatches } from "../data/tensors.js";
import type { ImageDataset } from "../data/types.js";
import { PruningAgent } from "./agent.js";
import { keepCountOf, runtimePredictorParams, totalMacs, totalParams, countLayers } from "./counting.js";
import { crossEntropy, perSampleCrossEntropy, type Decide, type PrunableNet } from "./network.js";
import { permanentStaticMask, sparsityMask, tradeOffPrune } from "./pruner.js";
import { AccuracyNormaliser, budgetReward } from "./rewards.js";

export type Stats = { mean: number[]; std: number[] };

export type RatioSource = "agent" | "uniform" | "none";
export type StaticRanking = "learned" | "norm" | "distance";

export interface MethodSpec {
  name: string;
  /** Target keep ratio s ("sparsity" in the thesis: the preserved fraction). */
  sparsity: number;
  /** Trust rate R_r of the trade-off pruner. */
  rr: number;
  runtime: RatioSource | "rnp";
  static: RatioSource;
  staticRanking: StaticRanking;
  /** Scale kept outputs by u_r / u_s (6.1). */
  scaleUr: boolean;
  scaleUs: boolean;
  /** What the N_2 phase trains (CNN, f, h+v) and whether the N_1 phase updates each agent. */
  train: { cnn: boolean; f: boolean; h: boolean; runtimeAgent: boolean; staticAgent: boolean };
  /**
   * "tradeoff": the pruner g of §6.3.2. "sequential": static pruning first (m_s removed
   * permanently, ratio a^s), then runtime pruning of the rest by u_r down to ⌈a^r C⌉ kept
   * (how FPGM + FBS combine in Table 6.3).
   */
  combine: "tradeoff" | "sequential";
}

export interface TrainHyper {
  batch: number;
  cnnLr: number;
  agentLr: number;
  /** N_1, N_2 and the number of Algorithm 4 iterations. */
  n1: number;
  n2: number;
  iterations: number;
  alphaMin: number;
  alpha1: number;
  alpha2: number;
  lambda: number;
  hidden: number;
  initStd: number;
  ppoEpochs: number;
  ppoClip: number;
  /** RNP-style discrete keep levels. */
  rnpLevels: number[];
}

/** Everything a method run carries: net, agents, optimisers, normaliser. */
export interface MethodState {
  spec: MethodSpec;
  net: PrunableNet;
  runtimeAgent: PruningAgent | null;
  staticAgent: PruningAgent | null;
  normaliser: AccuracyNormaliser;
  cnnOpt: tf.Optimizer;
  rng: Rng;
  hyper: TrainHyper;
  /** Budgets as fractions of the unpruned net: MACs and parameters at uniform keep s. */
  budgetMacs: number;
  budgetParams: number;
}

export interface PassRecord {
  /** Per input: kept channels per layer. */
  kept: number[][];
  /** Per layer: permanently removed channel indices. */
  permanent: number[][];
  staticActions: number[];
  /** Mean runtime action per layer. */
  runtimeActions: number[];
}

function staticScores(net: PrunableNet, t: number, ranking: StaticRanking, learned: () => tf.Tensor1D): Float32Array {
  if (ranking === "learned") return learned().dataSync() as Float32Array;
  const f = net.features[t]!.dataSync();
  const col = ranking === "norm" ? 0 : 1;
  const c = net.spec.convs[t]!.cout;
  return Float32Array.from({ length: c }, (_, i) => f[i * 3 + col]!);
}

/** Static ratios a^s_t for this pass (agent: one episode over the layer shapes). */
function staticActionsFor(st: MethodState, greedy: boolean): { actions: number[]; rollout: ReturnType<PruningAgent["begin"]> | null } {
  const s = st.spec;
  const T = st.net.spec.convs.length;
  if (s.static === "none") return { actions: new Array(T).fill(1), rollout: null };
  if (s.static === "uniform") return { actions: new Array(T).fill(s.combine === "sequential" ? (1 + s.sparsity) / 2 : s.sparsity), rollout: null };
  const agent = st.staticAgent!;
  const ep = agent.begin(1, greedy);
  const sizes = countLayers(st.net.spec);
  const maxC = Math.max(...st.net.spec.convs.map((c) => c.cout));
  const actions = st.net.spec.convs.map((c, t) => ep.act(t, Float32Array.of(c.cout / maxC, sizes[t]!.hOut / st.net.spec.input.height, sizes[t]!.wOut / st.net.spec.input.width))[0]!);
  return { actions, rollout: ep };
}

/**
 * A decision callback for one forward pass of `batch` inputs, and the record it fills.
 * `runtimeEp` is the runtime agent's episode batch (when the method has one).
 */
function makeDecide(st: MethodState, staticActions: number[], runtimeEp: ReturnType<PruningAgent["begin"]> | null, batch: number, withPermanent: boolean): { decide: Decide; record: PassRecord } {
  const s = st.spec;
  const record: PassRecord = { kept: Array.from({ length: batch }, () => []), permanent: [], staticActions, runtimeActions: [] };
  const decide: Decide = (ctx) => {
    const c = st.net.spec.convs[ctx.t]!.cout;
    const needUr = s.runtime !== "none" && s.runtime !== "rnp";
    const ur = needUr ? (ctx.ur().dataSync() as Float32Array) : null;
    const us = s.static !== "none" ? staticScores(st.net, ctx.t, s.staticRanking, ctx.us) : new Float32Array(c).fill(1);
    let ar: ArrayLike<number>;
    if (s.runtime === "agent" || s.runtime === "rnp") ar = runtimeEp!.act(ctx.t, ctx.pooledIn.dataSync() as Float32Array);
    else ar = new Float64Array(batch).fill(s.runtime === "uniform" ? s.sparsity : 1);
    record.runtimeActions.push(Array.from(ar).reduce((a, b) => a + b, 0) / batch);
    const as = staticActions[ctx.t]!;
    const sequential = s.combine === "sequential";
    const staticMask = sequential ? sparsityMask(us, as) : null;
    const perm = sequential ? staticMask! : withPermanent && s.static !== "none" ? permanentStaticMask(us, as, s.rr) : new Uint8Array(c);
    record.permanent.push([...perm].flatMap((v, i) => (v ? [i] : [])));
    const mask = new Float32Array(batch * c);
    // RNP-style: channels in a fixed order (the last ones are dropped first).
    const fixedOrder = Float32Array.from({ length: c }, (_, i) => c - i);
    for (let b = 0; b < batch; b++) {
      const urB = ur ? ur.subarray(b * c, b * c + c) : fixedOrder;
      let m: Uint8Array;
      if (sequential) {
        const ranked = Float64Array.from(urB, (v, i) => (staticMask![i] ? -Infinity : v));
        m = sparsityMask(ranked, ar[b]!);
      } else m = tradeOffPrune(urB, us, ar[b]!, as, s.rr).m;
      let kept = 0;
      for (let i = 0; i < c; i++) {
        const pruned = m[i]! === 1 || perm[i]! === 1;
        mask[b * c + i] = pruned ? 1 : 0;
        if (!pruned) kept++;
      }
      record.kept[b]!.push(kept);
    }
    return { mask: tf.tensor2d(mask, [batch, c]), useUr: s.scaleUr, useUs: s.scaleUs };
  };
  return { decide, record };
}

/** Fraction of full MACs per input. */
function macFractions(st: MethodState, kept: number[][]): number[] {
  const full = totalMacs(st.net.spec);
  return kept.map((k) => totalMacs(st.net.spec, k) / full);
}

/** Parameter fraction of static pruning at ratios a^s (the static agent's B_param). */
function staticParamFraction(st: MethodState, actions: number[]): number {
  const keep = st.net.spec.convs.map((c, t) => keepCountOf(actions[t]!, c.cout));
  return totalParams(st.net.spec, keep) / totalParams(st.net.spec);
}

export function newMethodState(net: PrunableNet, spec: MethodSpec, hyper: TrainHyper, rng: Rng): MethodState {
  const T = net.spec.convs.length;
  const uniform = net.spec.convs.map((c) => keepCountOf(spec.sparsity, c.cout));
  const base = { hidden: hyper.hidden, initStd: hyper.initStd, alphaMin: hyper.alphaMin, lr: hyper.agentLr, clip: hyper.ppoClip, epochs: hyper.ppoEpochs };
  const runtimeAgent =
    spec.runtime === "agent" || spec.runtime === "rnp"
      ? new PruningAgent(
          { ...base, inputSizes: net.spec.convs.map((c) => c.cin), sharedEncoder: false, initMean: spec.sparsity, ...(spec.runtime === "rnp" ? { levels: hyper.rnpLevels } : {}) },
          rng.fork("runtime-agent"),
        )
      : null;
  const staticAgent = spec.static === "agent" ? new PruningAgent({ ...base, inputSizes: new Array(T).fill(3), sharedEncoder: true, initMean: spec.sparsity }, rng.fork("static-agent")) : null;
  return {
    spec,
    net,
    runtimeAgent,
    staticAgent,
    normaliser: new AccuracyNormaliser(hyper.lambda),
    cnnOpt: tf.train.adam(hyper.cnnLr),
    rng,
    hyper,
    budgetMacs: totalMacs(net.spec, uniform) / totalMacs(net.spec),
    budgetParams: totalParams(net.spec, uniform) / totalParams(net.spec),
  };
}

export function disposeMethodState(st: MethodState): void {
  st.runtimeAgent?.dispose();
  st.staticAgent?.dispose();
  st.cnnOpt.dispose();
}

/** What one RL batch measured: the CNN loss, MACs, each agent's mean reward and mean ratios per layer. */
export interface RlStepInfo {
  loss: number;
  macFraction: number;
  /** Mean terminal reward of the runtime agent's episodes (NaN without one). */
  runtimeReward: number;
  /** The static agent's episode reward (NaN without one). */
  staticReward: number;
  /** Per layer: the mean runtime keep ratio over the batch, and the static ratio. */
  runtimeActions: number[];
  staticActions: number[];
}

/** Lines 12–15: one batch of RL — forward with sampled actions, terminal rewards, PPO. */
export function rlStep(st: MethodState, data: ImageDataset, stats: Stats, idx: number[]): RlStepInfo {
  const { x, y } = batchTensors(data, idx, stats);
  const B = idx.length;
  const sa = staticActionsFor(st, false);
  const rep = st.runtimeAgent ? st.runtimeAgent.begin(B, false) : null;
  const { decide, record } = makeDecide(st, sa.actions, rep, B, false);
  const losses = tf.tidy(() => perSampleCrossEntropy(st.net.forward(x, decide), y).dataSync() as Float32Array);
  tf.dispose([x, y]);
  const meanLoss = losses.reduce((a, b) => a + b, 0) / B;
  st.normaliser.update(meanLoss);
  const fr = macFractions(st, record.kept);
  let runtimeReward = Number.NaN;
  let staticReward = Number.NaN;
  if (rep) {
    const rewards = Array.from(losses, (l, b) => st.normaliser.normalise(l) + budgetReward(fr[b]!, st.budgetMacs, st.hyper.alpha1));
    runtimeReward = rewards.reduce((a, b) => a + b, 0) / B;
    if (st.spec.train.runtimeAgent) st.runtimeAgent!.update(rep.finish(), rewards);
    else rep.finish();
  }
  if (sa.rollout) {
    staticReward = st.normaliser.normalise(meanLoss) + budgetReward(staticParamFraction(st, sa.actions), st.budgetParams, st.hyper.alpha2);
    if (st.spec.train.staticAgent) st.staticAgent!.update(sa.rollout.finish(), [staticReward]);
    else sa.rollout.finish();
  }
  return { loss: meanLoss, macFraction: fr.reduce((a, b) => a + b, 0) / B, runtimeReward, staticReward, runtimeActions: record.runtimeActions, staticActions: sa.actions };
}

function cnnVars(st: MethodState): tf.Variable[] {
  const t = st.spec.train;
  return [...(t.cnn ? st.net.backboneVars() : []), ...(t.f ? st.net.runtimePredictorVars() : []), ...(t.h ? st.net.staticPredictorVars() : [])];
}

/**
 * Lines 16–18: one CNN batch with the agents fixed. "Fixed" is read as acting with the
 * policies' mean actions (as at inference), so the CNN is fine-tuned for the pruning it will be
 * evaluated with; sampling here would add per-batch channel-count noise the test never sees.
 */
export function cnnStep(st: MethodState, data: ImageDataset, stats: Stats, idx: number[]): number {
  const vars = cnnVars(st);
  if (vars.length === 0) return Number.NaN;
  const { x, y } = batchTensors(data, idx, stats);
  const B = idx.length;
  const sa = staticActionsFor(st, true);
  const rep = st.runtimeAgent ? st.runtimeAgent.begin(B, true) : null;
  const { decide } = makeDecide(st, sa.actions, rep, B, false);
  const loss = st.cnnOpt.minimize(() => crossEntropy(st.net.forward(x, decide), y), true, vars);
  rep?.finish();
  sa.rollout?.finish();
  const v = loss ? loss.dataSync()[0]! : Number.NaN;
  tf.dispose([x, y, loss as tf.Tensor]);
  return v;
}

/** One Algorithm 4 iteration as `runAlgorithm4` reports it: means over its N_1 RL and N_2 CNN batches. */
export interface IterationInfo {
  rlLoss: number;
  cnnLoss: number;
  macFraction: number;
  /** Mean reward of each agent over the iteration's RL batches (NaN without that agent or without RL batches). */
  runtimeReward: number;
  staticReward: number;
  /** Per layer: mean runtime / static keep ratio over the RL batches (empty without RL batches). */
  runtimeActions: number[];
  staticActions: number[];
}

const meanOf = (xs: readonly number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const layerMeans = (rows: readonly number[][]) => (rows.length === 0 ? [] : rows[0]!.map((_, t) => meanOf(rows.map((r) => r[t]!))));

/** Algorithm 4 lines 11–19 for one method (the pretraining stages are `pretrainStages`). */
export function runAlgorithm4(st: MethodState, train: ImageDataset, stats: Stats, onIter?: (i: number, info: IterationInfo) => void): void {
  const h = st.hyper;
  let pool: number[][] = [];
  const next = () => {
    if (pool.length === 0) pool = epochBatches(train.count, h.batch, st.rng);
    return pool.pop()!;
  };
  const hasAgents = st.runtimeAgent !== null || st.staticAgent !== null;
  for (let i = 0; i < h.iterations; i++) {
    const steps: RlStepInfo[] = [];
    if (hasAgents) for (let k = 0; k < h.n1; k++) steps.push(rlStep(st, train, stats, next()));
    let cl = 0;
    for (let k = 0; k < h.n2; k++) cl += cnnStep(st, train, stats, next()) / h.n2;
    onIter?.(i, {
      rlLoss: steps.length === 0 ? 0 : meanOf(steps.map((s) => s.loss)),
      cnnLoss: cl,
      macFraction: steps.length === 0 ? 0 : meanOf(steps.map((s) => s.macFraction)),
      runtimeReward: meanOf(steps.map((s) => s.runtimeReward)),
      staticReward: meanOf(steps.map((s) => s.staticReward)),
      runtimeActions: layerMeans(steps.map((s) => s.runtimeActions)),
      staticActions: layerMeans(steps.map((s) => s.staticActions)),
    });
  }
}

export interface EvalResult {
  accuracy: number;
  meanLoss: number;
  /** Mean MACs per input / full MACs. */
  macFraction: number;
  speedup: number;
  /** Stored backbone (+ f(·) when runtime pruning is used) parameters / backbone parameters. */
  paramRatio: number;
  /** Parameters of the runtime agent (stored for inference), 0 if none. */
  runtimeAgentParams: number;
  /** Mean kept channels per layer. */
  meanKept: number[];
  /** Permanently kept channel indices per layer. */
  permanentKept: number[][];
  staticActions: number[];
  runtimeActions: number[];
}

/** Test-set evaluation with greedy actions and the inference-time permanent removal. */
export function evaluateMethod(st: MethodState, test: ImageDataset, stats: Stats, batch = 250): EvalResult {
  const spec = st.net.spec;
  const T = spec.convs.length;
  let correct = 0;
  let lossSum = 0;
  let macSum = 0;
  const keptSum = new Float64Array(T);
  let permanent: number[][] = [];
  let sa: number[] = [];
  const ra = new Float64Array(T);
  let batches = 0;
  const wasTraining = st.net.training;
  st.net.training = false;
  for (let i = 0; i < test.count; i += batch) {
    const idx = Array.from({ length: Math.min(batch, test.count - i) }, (_, k) => i + k);
    const { x, y } = batchTensors(test, idx, stats);
    const s = staticActionsFor(st, true);
    s.rollout?.finish();
    const rep = st.runtimeAgent ? st.runtimeAgent.begin(idx.length, true) : null;
    const { decide, record } = makeDecide(st, s.actions, rep, idx.length, true);
    const { pred, loss } = tf.tidy(() => {
      const logits = st.net.forward(x, decide);
      return { pred: tf.argMax(logits, 1).dataSync(), loss: perSampleCrossEntropy(logits, y).dataSync() };
    });
    rep?.finish();
    const labels = y.dataSync();
    tf.dispose([x, y]);
    pred.forEach((p, k) => {
      if (p === labels[k]) correct++;
      lossSum += loss[k]!;
    });
    for (const k of record.kept) {
      macSum += totalMacs(spec, k);
      k.forEach((n, t) => (keptSum[t]! += n));
    }
    permanent = record.permanent;
    sa = s.actions;
    record.runtimeActions.forEach((a, t) => (ra[t]! += a));
    batches++;
  }
  st.net.training = wasTraining;
  const n = test.count;
  const permanentKept = spec.convs.map((c, t) => Array.from({ length: c.cout }, (_, i) => i).filter((i) => !(permanent[t] ?? []).includes(i)));
  const storeKeep = permanentKept.map((k) => k.length);
  const backbone = totalParams(spec);
  const usesRuntime = st.spec.scaleUr || (st.spec.runtime !== "none" && st.spec.runtime !== "rnp" && st.spec.rr > 0);
  // f(·) restricted to the stored channels: C_in·C_out + C_out per layer.
  const fParams = usesRuntime ? spec.convs.reduce((s, c, t) => s + (t === 0 ? c.cin : storeKeep[t - 1]!) * storeKeep[t]! + storeKeep[t]!, 0) : 0;
  return {
    accuracy: correct / n,
    meanLoss: lossSum / n,
    macFraction: macSum / n / totalMacs(spec),
    speedup: totalMacs(spec) / (macSum / n),
    paramRatio: (totalParams(spec, storeKeep) + fParams) / backbone,
    runtimeAgentParams: st.runtimeAgent?.paramCount() ?? 0,
    meanKept: [...keptSum].map((k) => k / n),
    permanentKept,
    staticActions: sa,
    runtimeActions: [...ra].map((a) => a / batches),
  };
}

/** Plain backbone training (the "pretrained backbone CNN" of Algorithm 4's input). */
export function pretrainBackbone(
  net: PrunableNet,
  train: ImageDataset,
  stats: Stats,
  opts: { epochs: number; batch: number; lr: number; rng: Rng; cosine?: boolean; onEpoch?: (e: number, loss: number) => void },
): void {
  const opt = tf.train.adam(opts.lr);
  for (let e = 0; e < opts.epochs; e++) {
    // Cosine annealing from lr to 0 over the epochs (constant lr without `cosine`).
    if (opts.cosine) (opt as unknown as { learningRate: number }).learningRate = opts.lr * 0.5 * (1 + Math.cos((Math.PI * e) / opts.epochs));
    let sum = 0;
    const batches = epochBatches(train.count, opts.batch, opts.rng);
    for (const idx of batches) {
      const { x, y } = batchTensors(train, idx, stats);
      const l = opt.minimize(() => crossEntropy(net.forward(x), y), true, net.backboneVars());
      sum += l ? l.dataSync()[0]! : 0;
      tf.dispose([x, y, l as tf.Tensor]);
    }
    opts.onEpoch?.(e, sum / batches.length);
  }
  opt.dispose();
  recalibrateRunning(net, train, stats, opts.rng);
}

/** Test accuracy and mean loss of the plain (unpruned) net with its running BN statistics. */
export function plainAccuracy(net: PrunableNet, test: ImageDataset, stats: Stats, batch = 250): { accuracy: number; loss: number } {
  const was = net.training;
  net.training = false;
  let correct = 0;
  let lossSum = 0;
  for (let i = 0; i < test.count; i += batch) {
    const idx = Array.from({ length: Math.min(batch, test.count - i) }, (_, k) => i + k);
    const { x, y } = batchTensors(test, idx, stats);
    const { pred, loss } = tf.tidy(() => {
      const logits = net.forward(x);
      return { pred: tf.argMax(logits, 1).dataSync(), loss: perSampleCrossEntropy(logits, y).dataSync() };
    });
    const labels = y.dataSync();
    tf.dispose([x, y]);
    pred.forEach((p, k) => {
      if (p === labels[k]) correct++;
      lossSum += loss[k]!;
    });
  }
  net.training = was;
  return { accuracy: correct / test.count, loss: lossSum / test.count };
}

/** Running BN statistics = mean batch moments over 8 training batches of 250 (plain net). */
export function recalibrateRunning(net: PrunableNet, train: ImageDataset, stats: Stats, rng: Rng): void {
  const bs = epochBatches(train.count, Math.min(250, train.count), rng).slice(0, 8).map((idx) => batchTensors(train, idx, stats));
  net.recalibrate(bs.map((b) => b.x));
  bs.forEach((b) => tf.dispose([b.x, b.y]));
}

/**
 * Algorithm 4 lines 3–9: with a^r = a^s = 1 (no pruning), first train f(·) and the CNN with
 * u_s fixed to 1, then h(·), v, f(·) and the CNN together (u = u_r ⊗ u_s scales the outputs).
 * `steps` batches each. The static features n, d, H are computed first from the pretrained
 * filters and the loss gradient over `featureBatches` training batches.
 */
export function pretrainStages(net: PrunableNet, train: ImageDataset, stats: Stats, opts: { steps: number; batch: number; lr: number; rng: Rng; featureBatches: number }): { stage1Loss: number; stage2Loss: number } {
  const fb = epochBatches(train.count, opts.batch, opts.rng).slice(0, opts.featureBatches);
  const tensors = fb.map((idx) => batchTensors(train, idx, stats));
  net.setStaticFeatures(tensors);
  tensors.forEach((t) => tf.dispose([t.x, t.y]));
  const run = (vars: tf.Variable[], useUs: boolean) => {
    const opt = tf.train.adam(opts.lr);
    let pool: number[][] = [];
    let last = 0;
    for (let k = 0; k < opts.steps; k++) {
      if (pool.length === 0) pool = epochBatches(train.count, opts.batch, opts.rng);
      const { x, y } = batchTensors(train, pool.pop()!, stats);
      const l = opt.minimize(() => crossEntropy(net.forward(x, () => ({ mask: null, useUr: true, useUs })), y), true, vars);
      last = l ? l.dataSync()[0]! : 0;
      tf.dispose([x, y, l as tf.Tensor]);
    }
    opt.dispose();
    return last;
  };
  const stage1Loss = run([...net.backboneVars(), ...net.runtimePredictorVars()], false);
  const stage2Loss = run(net.allVars(), true);
  return { stage1Loss, stage2Loss };
}

/** Parameters of f(·) on the full net (for the FBS-style 1.11× overhead). */
export function predictorOverhead(net: PrunableNet): number {
  return runtimePredictorParams(net.spec) / totalParams(net.spec);
}
